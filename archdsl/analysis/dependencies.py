"""Who depends on whom, transitively, and which flows depend on each component.

"Depends on" follows the rule catalog (archdsl.graph.views.passes_failure): a synchronous
relation, or publishing into a queue, whose failure reaches the caller because no `fallback`
absorbs it. A flow depends on the targets of its dependency steps (synchronous, or into a queue;
a step with a `fallback` does not count) and on everything those depend on.

Single-component questions (`dependencies_of`, `dependents_of`, `flow_dependencies`) are a
breadth-first search, O(V + E). Questions about every component at once go through
`dependency_index`, which condenses the graph into its strongly connected components (Tarjan)
and propagates bit sets (Python integers, one bit per component or flow) in topological order:
O(V + E) set unions of V/64 (resp. F/64) machine words each, exact, with cycles handled.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

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
    components, flows = tuple(model.elements), tuple(model.flows)
    down = callees(model)
    groups = strongly_connected(components, down)  # callees' groups come first
    group_of = {member: g for g, group in enumerate(groups) for member in group}
    bit = {ident: 1 << i for i, ident in enumerate(components)}
    members = [sum(bit[member] for member in group) for group in groups]
    above = [0] * len(groups)  # members of every group that depends on this one
    flows_above = [0] * len(groups)
    for j, flow in enumerate(model.flows.values()):
        for root in flow_roots(model, flow):
            flows_above[group_of[root]] |= 1 << j
    for g in reversed(range(len(groups))):  # every group after all the groups that depend on it
        carry, flows_carry = above[g] | members[g], flows_above[g]
        for member in groups[g]:
            for callee in down[member]:
                h = group_of[callee]
                if h != g:
                    above[h] |= carry
                    flows_above[h] |= flows_carry
    dependents = {c: (above[group_of[c]] | members[group_of[c]]) & ~bit[c] for c in components}
    flows_of = {c: flows_above[group_of[c]] for c in components}
    return DependencyIndex(components, flows, dependents, flows_of)


def strongly_connected(nodes: Iterable[str], adjacency: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iterative, O(V + E). A group comes after every
    group it reaches: reversed, the list is a topological order of the condensed graph."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in nodes:
        if root in index:
            continue
        visit(root)
        work = [(root, iter(adjacency.get(root, ())))]
        while work:
            node, neighbours = work[-1]
            for neighbour in neighbours:
                if neighbour not in index:
                    visit(neighbour)
                    work.append((neighbour, iter(adjacency.get(neighbour, ()))))
                    break
                if neighbour in on_stack:
                    low[node] = min(low[node], index[neighbour])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    groups.append(_pop_group(stack, on_stack, node))
    return groups


def _pop_group(stack: list[str], on_stack: set[str], head: str) -> list[str]:
    group: list[str] = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.append(member)
        if member == head:
            return group
