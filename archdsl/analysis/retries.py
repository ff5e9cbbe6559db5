"""Worst synchronous paths ending at each component: retry amplification and chain depth.

Both are computed by one dynamic programme over the synchronous graph (webhooks left out): the
graph's strongly connected components are condensed, components are visited in topological
order, and each node keeps the best value over its incoming relations and the relation that gave
it, so the worst path is read back through those pointers. It runs in O(V + E) and never
enumerates paths.

- Retry amplification: the product of `(1 + retries)` along the path. One failure at the bottom
  of the path is attempted that many times. `retries = unlimited` is an infinite factor.
- Chain depth: the number of synchronous hops out of components we run. Hops out of actors and
  externals are not counted: nothing of ours waits on them.

Decision: relations inside a synchronous cycle (between two members of one strongly connected
component) are left out. A cycle makes both values unbounded in principle, and R006
(synchronous-cycle) reports it as an error; leaving its relations out keeps every reported path
a real, simple path whose numbers add up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archdsl.analysis.dependencies import strongly_connected
from archdsl.graph.views import flow_relations, synchronous_relations
from archdsl.model.schema import Flow, Model, Relation


@dataclass(frozen=True)
class WorstPaths:
    """Per node, the worst value of a path ending there and the last relation of that path."""

    value: dict[str, float]
    via: dict[str, Relation]
    in_cycles: frozenset[str] = frozenset()  # ids of relations left out: inside a cycle

    def relations(self, node: str) -> list[Relation]:
        """The relations of the worst path ending at `node`, first hop first."""
        hops: list[Relation] = []
        while node in self.via:
            hops.append(self.via[node])
            node = hops[-1].source
        return hops[::-1]

    def path(self, node: str) -> list[str]:
        """The element ids of the worst path ending at `node` (just `[node]` when none)."""
        hops = self.relations(node)
        return [hops[0].source, *(r.target for r in hops)] if hops else [node]


def retry_factor(relation: Relation) -> float:
    """`1 + retries`: how many times one request may hit the target (infinite when unlimited)."""
    return math.inf if relation.retries == "unlimited" else 1.0 + relation.retries


def worst_paths(
    nodes: Iterable[str],
    relations: list[Relation],
    extend: Callable[[float, Relation], float],
    start: float,
) -> WorstPaths:
    """The best `extend`-ed value of any path ending at each node, by DP over the condensation.

    `extend(value, relation)` must not decrease the value; every node starts at `start`.
    Relations inside one strongly connected component are ignored (see the module docstring).
    """
    nodes = list(nodes)
    adjacency: dict[str, list[str]] = {}
    for relation in relations:
        adjacency.setdefault(relation.source, []).append(relation.target)
    groups = strongly_connected(nodes, adjacency)  # reversed: a topological order of the groups
    member_of = {member: index for index, group in enumerate(groups) for member in group}
    outgoing: dict[str, list[Relation]] = {}
    in_cycles = set()
    for relation in relations:
        if member_of[relation.source] == member_of[relation.target]:
            in_cycles.add(relation.id)
        else:
            outgoing.setdefault(relation.source, []).append(relation)
    value = {node: start for node in nodes}
    via: dict[str, Relation] = {}
    for node in sorted(nodes, key=lambda n: -member_of[n]):
        for relation in outgoing.get(node, ()):
            candidate = extend(value[node], relation)
            if candidate > value[relation.target]:
                value[relation.target] = candidate
                via[relation.target] = relation
    return WorstPaths(value, via, frozenset(in_cycles))


@dataclass(frozen=True)
class Crossing:
    """A relation at which the worst path through it first exceeds a limit."""

    relation: Relation
    value: float
    path: list[str]


def crossing_relations(
    paths: WorstPaths,
    relations: Iterable[Relation],
    extend: Callable[[float, Relation], float],
    limit: float,
) -> list[Crossing]:
    """Relations `u -> v` where the worst path to u is within `limit` and extending it through
    the relation exceeds it: the hop at which a path first goes over, so each is reported once."""
    crossings = []
    for relation in relations:
        if relation.id in paths.in_cycles:
            continue
        before = paths.value[relation.source]
        after = extend(before, relation)
        if before <= limit < after:
            crossings.append(
                Crossing(relation, after, [*paths.path(relation.source), relation.target])
            )
    return crossings


def _times_retries(value: float, relation: Relation) -> float:
    return value * retry_factor(relation)


def _plus_hop(value: float, _relation: Relation) -> float:
    return value + 1


def _counted_hops(model: Model) -> list[Relation]:
    return [r for r in synchronous_relations(model) if model.elements[r.source].runs_here]


def retry_amplification(model: Model) -> WorstPaths:
    """Per component, the largest product of `(1 + retries)` on a synchronous path ending there."""
    return worst_paths(model.elements, list(synchronous_relations(model)), _times_retries, 1.0)


def chain_depths(model: Model) -> WorstPaths:
    """Per component, the most synchronous hops out of components we run on a path ending there."""
    return worst_paths(model.elements, _counted_hops(model), _plus_hop, 0.0)


def amplification_crossings(model: Model, limit: float) -> list[Crossing]:
    """Relations at which the retry product first exceeds `limit`, with the product and path."""
    return crossing_relations(
        retry_amplification(model), synchronous_relations(model), _times_retries, limit
    )


def depth_crossings(model: Model, limit: float) -> list[Crossing]:
    """Relations at which a synchronous chain first has more hops than `limit`, with hops and path."""
    return crossing_relations(chain_depths(model), _counted_hops(model), _plus_hop, limit)


def longest_flow_chain(model: Model, flow: Flow) -> list[Relation]:
    """The longest run of consecutive synchronous steps out of components we run in a flow."""
    best: list[Relation] = []
    run: list[Relation] = []
    for relation in flow_relations(model, flow):
        if (
            relation.synchronous
            and not relation.webhook
            and model.elements[relation.source].runs_here
        ):
            run.append(relation)
            if len(run) > len(best):
                best = list(run)
        else:  # an asynchronous hop, or a hop out of an actor or external, starts a new request
            run = []
    return best
