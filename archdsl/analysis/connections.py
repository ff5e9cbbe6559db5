"""Connection totals per target: how many connections its callers may open at most.

Each relation with a `pool` may open `max copies of its source * pool` connections (every copy
of the caller keeps its own pool, and autoscaling may reach its maximum). A target's total is the
sum over all relations into it that set a `pool`; the relations from components we run into it
that set none are listed apart, because their share is unknown.

Decisions:
- Only synchronous relations count: a connection pool is held by a caller that waits for
  answers; asynchronous hops go through a broker's client, whose connections the model does not
  describe.
- Callers that are actors or externals are never listed as missing a pool: they are not ours to
  configure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archdsl.graph.views import synchronous_relations
from archdsl.model.schema import Model, Relation


@dataclass(frozen=True)
class PoolShare:
    """One caller relation's share: `copies * pool` connections."""

    relation: Relation
    copies: int
    pool: int

    @property
    def connections(self) -> int:
        return self.copies * self.pool


@dataclass(frozen=True)
class ConnectionTotal:
    """All connections callers may open to one target, and the callers that set no pool."""

    target: str
    shares: list[PoolShare] = field(default_factory=list)
    without_pool: list[Relation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(share.connections for share in self.shares)

    def describe_shares(self) -> str:
        """Each share as `api 12 x pool 20 = 240`, comma separated."""
        return ", ".join(
            f"{s.relation.source} {s.copies} x pool {s.pool} = {s.connections}" for s in self.shares
        )


def connection_totals(model: Model) -> dict[str, ConnectionTotal]:
    """Target id -> its connection total, for every target of a synchronous relation."""
    totals: dict[str, ConnectionTotal] = {}
    for relation in synchronous_relations(model):
        total = totals.setdefault(relation.target, ConnectionTotal(relation.target))
        source = model.elements[relation.source]
        if relation.pool is not None:
            total.shares.append(PoolShare(relation, source.max_copies, relation.pool))
        elif source.runs_here:
            total.without_pool.append(relation)
    return totals
