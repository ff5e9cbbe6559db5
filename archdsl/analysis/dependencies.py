"""Who depends on whom, transitively, and which flows depend on each component.

"Depends on" follows the rule catalog (archdsl.graph.views.passes_failure): a synchronous
relation, or publishing into a queue, whose failure reaches the caller because no `fallback`
absorbs it. A flow depends on the targets of its dependency steps (synchronous, or into a queue;
a step with a `fallback` does not count) and on everything those depend on.

Single-component questions (`dependencies_of`, `dependents_of`, `flow_dependencies`) are a
breadth-first search, O(V + E). Questions about every component at once go through
`dependency_index`, which condenses the graph into its strongly connected components and
propagates bit sets (Python integers, one bit per component or flow) in topological order:
O(V + E) set unions of V/64 (resp. F/64) machine words each, exact, with cycles handled.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from archdsl.graph.views import passes_failure
from archdsl.model.schema import Flow, Model


def callees(model: Model) -> dict[str, list[str]]:
    """caller -> the distinct components it depends on directly, in file order."""
    result: dict[str, list[str]] = {ident: [] for ident in model.elements}
    for relation in model.relations:
        if passes_failure(model, relation) and relation.target not in result[relation.source]:
            result[relation.source].append(relation.target)
    return result


def callers(model: Model) -> dict[str, list[str]]:
    """callee -> the distinct components that depend on it directly, in file order."""
    result: dict[str, list[str]] = {ident: [] for ident in model.elements}
    for relation in model.relations:
        if passes_failure(model, relation) and relation.source not in result[relation.target]:
            result[relation.target].append(relation.source)
    return result


def _reach(adjacency: dict[str, list[str]], starts: Iterable[str]) -> set[str]:
    """Everything reachable from `starts` in one or more steps (a start is included only when
    a cycle leads back to it)."""
    seen: set[str] = set()
    queue = deque(starts)
    while queue:
        for neighbour in adjacency.get(queue.popleft(), ()):
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return seen


def dependencies_of(model: Model, component: str) -> set[str]:
    """What `component` depends on, transitively (itself only when it sits on a cycle)."""
    return _reach(callees(model), [component])


def dependents_of(model: Model, component: str) -> set[str]:
    """What depends on `component`, transitively (itself only when it sits on a cycle)."""
    return _reach(callers(model), [component])


def flow_roots(model: Model, flow: Flow) -> tuple[str, ...]:
    """The distinct targets of the flow's steps that it depends on directly: synchronous steps
    and steps into a queue, without a `fallback`, in step order."""
    roots: list[str] = []
    for relation_id in flow.relations:
        relation = model.relation(relation_id)
        if passes_failure(model, relation) and relation.target not in roots:
            roots.append(relation.target)
    return tuple(roots)


def flow_dependencies(model: Model, flow: Flow) -> set[str]:
    """Every component the flow depends on: its roots and what they depend on."""
    roots = flow_roots(model, flow)
    return set(roots) | _reach(callees(model), roots)


def names(order: tuple[str, ...], mask: int, limit: int | None = None) -> list[str]:
    """The ids whose bits are set in `mask` (bit i is order[i]), in order, at most `limit`."""
    found: list[str] = []
    while mask and (limit is None or len(found) < limit):
        low = mask & -mask
        found.append(order[low.bit_length() - 1])
        mask ^= low
    return found


@dataclass(frozen=True)
class DependencyIndex:
    """Closure of the failure-passing dependencies for every component at once, as bit sets.

    Bit i of a component mask is `components[i]` (declaration order); bit j of a flow mask is
    `flows[j]`. `dependents[c]` holds every component that fails when c fails, c excluded;
    `flows_of[c]` every flow that depends on c.
    """

    components: tuple[str, ...]
    flows: tuple[str, ...]
    dependents: dict[str, int]
    flows_of: dict[str, int]

    def mask_of(self, ids: Iterable[str], order: tuple[str, ...]) -> int:
        """The mask of `ids` over `order` (components or flows)."""
        position = {ident: i for i, ident in enumerate(order)}
        mask = 0
        for ident in ids:
            mask |= 1 << position[ident]
        return mask


def dependency_index(model: Model) -> DependencyIndex:
    """Transitive dependents and dependent flows of every component (see the module docstring)."""
    components = tuple(model.elements)
    flows = tuple(model.flows)
    bit = {ident: 1 << i for i, ident in enumerate(components)}
    graph = nx.DiGraph()
    graph.add_nodes_from(components)
    graph.add_edges_from((caller, callee) for caller, targets in callees(model).items() for callee in targets)
    condensed = nx.condensation(graph)
    members, own_flows = _scc_masks(model, condensed, bit)
    above: dict[int, int] = {scc: 0 for scc in condensed}  # strict ancestors' members
    flows_above: dict[int, int] = dict(own_flows)
    for scc in nx.topological_sort(condensed):
        for below in condensed.successors(scc):
            above[below] |= above[scc] | members[scc]
            flows_above[below] |= flows_above[scc]
    mapping = condensed.graph["mapping"]
    dependents = {c: (above[mapping[c]] | members[mapping[c]]) & ~bit[c] for c in components}
    flows_of = {c: flows_above[mapping[c]] for c in components}
    return DependencyIndex(components, flows, dependents, flows_of)


def _scc_masks(model: Model, condensed: nx.DiGraph, bit: dict[str, int]) -> tuple[dict[int, int], dict[int, int]]:
    """Per strongly connected component: the mask of its members, and of the flows rooted in it."""
    members = {scc: 0 for scc in condensed}
    for scc, data in condensed.nodes(data=True):
        for ident in data["members"]:
            members[scc] |= bit[ident]
    own_flows = {scc: 0 for scc in condensed}
    mapping = condensed.graph["mapping"]
    for j, flow in enumerate(model.flows.values()):
        for root in flow_roots(model, flow):
            own_flows[mapping[root]] |= 1 << j
    return members, own_flows

