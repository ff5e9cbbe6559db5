"""Retry amplification along synchronous paths, and the depth of synchronous chains in call trees.

Retry amplification is one dynamic programme over the synchronous request graph: its strongly
connected components are condensed (networkx `condensation`), components are visited in
topological order, and each node keeps the largest product of `(1 + retries)` over a path ending
there and the relation that gave it, so the worst path is read back through those pointers. It
runs in O(V + E) and never enumerates paths. `retries = unlimited` is an infinite factor.

Which relations: synchronous request relations (out-of-band ones are not calls) out of
components we run (no path continues through an actor or an external: their retries are not
ours). Relations inside a synchronous cycle (two members of one strongly connected component)
are left out: a cycle makes the product unbounded in principle and R006 reports it; leaving its
relations out keeps every reported path a real, simple path whose numbers add up.

Chain depth reads one flow's call tree: the most synchronous hops in a row out of components we
run (an asynchronous hop, or a hop out of an actor or external, starts a new request).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archdsl.model.schema import Model, Relation


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
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((r.source, r.target) for r in relations)
    condensed = nx.condensation(graph)
    member_of = condensed.graph["mapping"]
    outgoing: dict[str, list[Relation]] = {}
    in_cycles = set()
    for relation in relations:
        if member_of[relation.source] == member_of[relation.target]:
            in_cycles.add(relation.id)
        else:
            outgoing.setdefault(relation.source, []).append(relation)
    value = dict.fromkeys(graph, start)
    via: dict[str, Relation] = {}
    for group in nx.topological_sort(condensed):
        for node in condensed.nodes[group]["members"]:
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


def _times_retries(value: float, relation: Relation) -> float:
    return value * retry_factor(relation)


def retrying_calls(model: Model) -> list[Relation]:
    """Synchronous request relations out of components we run: what retry paths are made of."""
    return [
        r
        for r in model.relations
        if r.synchronous and not r.out_of_band and model.elements[r.source].runs_here
    ]


def retry_amplification(model: Model) -> WorstPaths:
    """Per component, the largest product of `(1 + retries)` on a synchronous path ending there."""
    return worst_paths(model.elements, retrying_calls(model), _times_retries, 1.0)


def amplification_crossings(model: Model, limit: float) -> list[Crossing]:
    """Relations at which a worst path first has both a retry product above `limit` and at
    least two relations that retry (one relation's own retries are not amplification: U002
    judges those); each such path is reported once, at that relation."""
    relations = retrying_calls(model)
    paths = worst_paths(model.elements, relations, _times_retries, 1.0)
    retrying: dict[str, int] = {}

    def retrying_on(node: str) -> int:
        """Relations that retry on the worst path ending at `node` (memoised along `via`)."""
        chain = []
        while node in paths.via and node not in retrying:
            chain.append(node)
            node = paths.via[node].source
        count = retrying.get(node, 0)
        for member in reversed(chain):
            count += paths.via[member].retries != 0
            retrying[member] = count
        return retrying.get(chain[0], count) if chain else count

    crossings = []
    for relation in relations:
        if relation.id in paths.in_cycles:
            continue
        before = paths.value[relation.source]
        after = _times_retries(before, relation)
        count = retrying_on(relation.source)
        if before > limit and count >= 2:
            continue  # the path already went over before this relation
        if after <= limit or math.isinf(after) or count + (relation.retries != 0) < 2:
            continue  # `retries = unlimited` on the path is U002's error, not repeated here
        hops = [*paths.relations(relation.source), relation]
        crossings.append(Crossing(relation, after, [hops[0].source, *(h.target for h in hops)]))
    return crossings


def longest_synchronous_run(dm, flow) -> list[Relation]:
    """The longest run of synchronous hops in a row, out of components we run, in a flow's call
    tree (its named and expanded relations), as relations, first hop first. Streams count: they
    hold a connection like any call. Relations inside a cycle of the tree count once."""
    from archdsl.analysis.load import topological_elements

    tree = dm.tree(flow)
    outside = dm.outside  # actors and externals: a hop out of one starts a new request
    out: dict[str, list[Relation]] = {}
    for relation in tree.relations:
        out.setdefault(relation.source, []).append(relation)
    depth: dict[str, int] = {}
    via: dict[str, Relation] = {}
    order = topological_elements(tree.start, out)
    for element in order:
        here = depth.get(element, 0)
        for relation in out.get(element, ()):
            counted = relation.synchronous and relation.source not in outside
            candidate = here + 1 if counted else 0
            if candidate > depth.get(relation.target, -1):
                depth[relation.target] = candidate
                if counted:
                    via[relation.target] = relation
                else:
                    via.pop(relation.target, None)
    if not depth:
        return []
    deepest = order[0]
    for element in order:  # the first element reached at the greatest depth
        if depth.get(element, 0) > depth.get(deepest, 0):
            deepest = element
    run: list[Relation] = []
    node = deepest
    while node in via and len(run) < depth[deepest]:
        run.append(via[node])
        node = via[node].source
    return run[::-1]
