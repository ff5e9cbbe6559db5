"""Connection totals per copy of a target: how many connections its callers may open at most.

Each relation with a `pool` may open `max copies of its source * pool` connections (every copy
of the caller keeps its own pool, and autoscaling may reach its maximum). `max_connections` is
per copy of the target: writers (`access` other than `read`) all land on the primary, readers
(`access = read`) spread over the target's copies. A target's total is therefore the writers'
sum plus the readers' sum divided by the target's copies; the relations from components we run
into it that set no pool are listed apart, because their share is unknown.

Decisions:
- Only synchronous request relations count: a connection pool is held by a caller that waits
  for answers; asynchronous hops go through a broker's client, whose connections the model does
  not describe; out-of-band relations (a metrics scrape, replication, a backup job) are not a
  caller's pool.
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
    spread: int = 1  # copies of the target the connections spread over (readers), else 1

    @property
    def connections(self) -> int:
        return self.copies * self.pool

    @property
    def per_target_copy(self) -> float:
        """Connections that land on one copy of the target."""
        return self.connections / self.spread


@dataclass(frozen=True)
class ConnectionTotal:
    """All connections callers may open to one target, and the callers that set no pool."""

    target: str
    shares: list[PoolShare] = field(default_factory=list)
    without_pool: list[Relation] = field(default_factory=list)

    @property
    def total(self) -> float:
        """Connections on one copy of the target (the primary, for writers)."""
        return sum(share.per_target_copy for share in self.shares)

    def describe_shares(self) -> str:
        """Each share as `api 12 x pool 20 = 240`, or `reports 3 x pool 10 / 3 copies = 10`
        for readers, comma separated."""
        return ", ".join(_share_text(s) for s in self.shares)


def _share_text(share: PoolShare) -> str:
    text = f"{share.relation.source} {share.copies} x pool {share.pool}"
    if share.spread > 1:
        return text + f" / {share.spread} copies = {share.per_target_copy:g}"
    return text + f" = {share.connections}"


def connection_totals(model: Model) -> dict[str, ConnectionTotal]:
    """Target id -> its connection total, for every target of a synchronous request relation."""
    totals: dict[str, ConnectionTotal] = {}
    for relation in synchronous_relations(model):
        if relation.out_of_band:
            continue
        total = totals.get(relation.target)
        if total is None:  # not setdefault: a ConnectionTotal per relation cost 0.03 s at 10,000
            total = totals[relation.target] = ConnectionTotal(relation.target)
        source = model.elements[relation.source]
        if relation.pool is not None:
            spread = (
                max(model.elements[relation.target].copies, 1) if relation.access == "read" else 1
            )
            total.shares.append(PoolShare(relation, source.max_copies, relation.pool, spread))
        elif source.runs_here:
            total.without_pool.append(relation)
    return totals
