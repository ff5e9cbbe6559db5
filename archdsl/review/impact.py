"""Impact of a failure: what one component, or one failure unit (by its `runs_on` word), takes
with it, read from the workspace's dependency model (archdsl.analysis.dependency_model).

- What fails is the unit: the element and every element that runs on the same `runs_on`.
- A flow *breaks* when it depends on a member (its call tree reaches it from the start through
  needed calls, and not only through one of several alternative routes); the path that breaks
  it is printed. Its availability while the unit is down is 0.
- A flow that reaches a member only behind a `fallback` *falls back*: its estimate is multiplied
  by the fallback's availability (when the fallback names an element not already a factor).
- A flow that reaches a member only after an asynchronous hop (what consumes a queue, a `~>`)
  is *delayed*; one that reaches it only as one of several routes *reroutes*. Neither changes
  its estimate.
- Callers one level up: a component we run (outside the unit) whose needed call into a member
  fails is *degraded*: that capability fails, the caller is not down, and nothing above it is
  claimed to fail. A call with a `fallback` into a member is *shielded by its fallback*; a
  message that a queue holds for a member is *shielded by the queue*.
"""

from __future__ import annotations

from dataclasses import dataclass

from archdsl.analysis.availability import component_availability, flow_availability
from archdsl.analysis.dependency_model import CallTree, DependencyModel, FailureUnit
from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Relation

BREAKS, FALLS_BACK, DELAYED, REROUTES, UNAFFECTED = (
    "breaks",
    "falls back",
    "delayed",
    "reroutes",
    "unaffected",
)


@dataclass(frozen=True)
class Shield:
    """A relation into a failed member whose caller does not fail: `by` is "fallback" (its
    `fallback` text in `detail`) or "queue" (the queue that holds the messages)."""

    relation: Relation
    by: str
    detail: str


@dataclass(frozen=True)
class FlowImpact:
    """One flow's estimated availability before and while the unit is down; `path` is the
    needed path from the flow's start to the member that breaks it."""

    flow: str
    status: str
    before: float
    after: float
    path: tuple[Relation, ...] = ()
    fallbacks: tuple[str, ...] = ()
    start: str = ""  # where the flow starts (a broken flow with no path starts at the failure)


@dataclass(frozen=True)
class Impact:
    """Everything a unit's failure takes with it, flows in declaration order."""

    name: str
    unit: FailureUnit
    flows: tuple[FlowImpact, ...]
    degraded: tuple[Relation, ...]  # needed calls into the unit, one level up
    shielded: tuple[Shield, ...]

    @property
    def down(self) -> frozenset[str]:
        return frozenset(self.unit.members)

    @property
    def broken_flows(self) -> tuple[FlowImpact, ...]:
        return tuple(f for f in self.flows if f.status == BREAKS)


def _breaking_path(tree: CallTree, down: frozenset[str]) -> tuple[Relation, ...]:
    for element in tree.depends_on:
        if element in down:
            if element in tree.through_unit:  # broken through a unit-mate the flow needs
                mates = [m for m in down if m in tree.via or m == tree.start]
                return tuple(tree.path_to(mates[0])) if mates else ()
            return tuple(tree.path_to(element))
    return ()


def _flow_impact(dm: DependencyModel, flow_id: str, down: frozenset[str], config) -> FlowImpact:
    flow = dm.model.flows[flow_id]
    tree = dm.tree(flow)
    before = dm.derived(flow_availability, flow, config).value
    if any(element in down for element in tree.depends_on):
        return FlowImpact(
            flow_id, BREAKS, before, 0.0, _breaking_path(tree, down), start=tree.start
        )
    into = [r for r in tree.relations if r.target in down]
    if not into:
        return FlowImpact(flow_id, UNAFFECTED, before, before)
    taking_over = _fallbacks_taking_over(tree, down)
    fallbacks = tuple(dict.fromkeys(r.fallback_element or r.fallback or "" for r in taking_over))
    if any(name in down for name in fallbacks):  # the fallback fails with it
        path = (*tree.path_to(taking_over[0].source), taking_over[0])
        return FlowImpact(flow_id, BREAKS, before, 0.0, path, fallbacks, tree.start)
    if fallbacks:
        after = before
        factors = set(tree.depends_on)
        for name in fallbacks:
            element = dm.model.elements.get(name)
            if element is not None and element.kind != ElementKind.ACTOR and name not in factors:
                after *= component_availability(element, config).value
        return FlowImpact(flow_id, FALLS_BACK, before, after, (), fallbacks)
    routes = {r.id for group in tree.alternatives for r in group}
    status = REROUTES if any(r.id in routes for r in into) else DELAYED
    return FlowImpact(flow_id, status, before, before)


def _fallbacks_taking_over(tree: CallTree, down: frozenset[str]) -> list[Relation]:
    """The tree's relations with a `fallback`, reached through needed calls, behind which the
    tree reaches a failed member: their fallbacks take over."""
    out: dict[str, list[Relation]] = {}
    for relation in tree.relations:
        out.setdefault(relation.source, []).append(relation)
    found = []
    for relation in tree.relations:
        reached = relation.source == tree.start or relation.source in tree.via
        if relation.fallback is None or not reached:
            continue
        seen, stack = {relation.target}, [relation.target]
        while stack:
            current = stack.pop()
            if current in down:
                found.append(relation)
                break
            for below in out.get(current, ()):
                if below.target not in seen:
                    seen.add(below.target)
                    stack.append(below.target)
    return found


def _callers(dm: DependencyModel, down: frozenset[str]) -> tuple[list[Relation], list[Shield]]:
    degraded: list[Relation] = []
    shielded: list[Shield] = []
    for member in sorted(down, key=list(dm.model.elements).index):
        for relation in dm.requests_into(member):
            source = dm.model.elements[relation.source]
            if relation.source in down or not source.runs_here:
                continue
            if dm.is_needed(relation):
                degraded.append(relation)
            elif relation.fallback is not None:
                shielded.append(Shield(relation, "fallback", relation.fallback))
            elif source.kind == ElementKind.QUEUE:
                shielded.append(Shield(relation, "queue", relation.source))
    order = {r.id: i for i, r in enumerate(dm.model.relations)}
    degraded.sort(key=lambda r: order[r.id])
    shielded.sort(key=lambda s: order[s.relation.id])
    return degraded, shielded


def impact(dm: DependencyModel, name: str, config) -> Impact:
    """What fails when `name` (a component id, or a `runs_on` word naming a failure unit)
    fails (KeyError when it names neither). `config` gives the default availabilities
    (archdsl.rules.config.Config)."""
    unit = dm.resolve_unit(name)
    if unit is None:
        raise KeyError(name)
    down = frozenset(unit.members)
    flows = tuple(_flow_impact(dm, ident, down, config) for ident in dm.model.flows)
    degraded, shielded = _callers(dm, down)
    return Impact(name, unit, flows, tuple(degraded), tuple(shielded))
