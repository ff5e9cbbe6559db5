"""Impact of one component failing: what goes down with it and what each flow is left with.

Built on the shared analyses: the components and flows that fail are `blast_radius`'s; the
availability before is `flow_availability`'s. Decisions:
- A relation *fails* when its target is down (the component or one that fails with it). One with
  a `fallback` is absorbed by it; an asynchronous one into a component that is not a queue
  waits in the broker until the target is back.
- A flow in the blast radius *breaks*: 0% while the component is down.
- A flow that is not broken but has a step into something down whose `fallback` takes over
  *falls back*: it now also depends on the fallback, so its estimate is multiplied by the
  fallback's availability (once, and only if it was not a factor already). If the fallback is
  down too, the flow breaks.
- A flow that only sends asynchronously to something down is *delayed*: its work waits in a
  queue, its availability is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from archdsl.analysis.availability import component_availability, flow_availability
from archdsl.analysis.blast import BlastRadius, blast_radius
from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Model, Relation

BREAKS, FALLS_BACK, DELAYED, UNAFFECTED = "breaks", "falls back", "delayed", "unaffected"


@dataclass(frozen=True)
class RelationImpact:
    """A relation whose target is down; `outcome` is "fails", "absorbed" or "queued"."""

    relation: Relation
    outcome: str


@dataclass(frozen=True)
class FlowImpact:
    """One flow's estimated availability before and while the component is down."""

    flow: str
    status: str
    before: float
    after: float
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Impact:
    """Everything `component`'s failure takes with it, flows in declaration order."""

    component: str
    radius: BlastRadius
    relations: tuple[RelationImpact, ...]
    flows: tuple[FlowImpact, ...]

    @property
    def down(self) -> frozenset[str]:
        """The component and every component that fails with it."""
        return frozenset((self.component, *self.radius.components))

    @property
    def broken_flows(self) -> tuple[FlowImpact, ...]:
        return tuple(f for f in self.flows if f.status == BREAKS)


def _relation_outcome(model: Model, relation: Relation) -> str:
    if relation.fallback is not None:
        return "absorbed"
    if not relation.synchronous and model.elements[relation.target].kind != ElementKind.QUEUE:
        return "queued"
    return "fails"


def _flow_impact(
    model: Model, flow_id: str, down: frozenset[str], broken: set[str], config
) -> FlowImpact:
    flow = model.flows[flow_id]
    estimate = flow_availability(model, flow, config)
    if flow_id in broken:
        return FlowImpact(flow_id, BREAKS, estimate.value, 0.0)
    steps = [model.relation(r) for r in flow.relations]
    hit = [r for r in steps if r.target in down]
    fallbacks = (
        tuple(dict.fromkeys(r.fallback_element or r.fallback for r in hit if r.fallback))
        if hit
        else ()
    )
    if fallbacks:
        if any(f in down for f in fallbacks):
            return FlowImpact(flow_id, BREAKS, estimate.value, 0.0, fallbacks)
        after = estimate.value
        factors = {factor.component for factor in estimate.factors}
        for name in fallbacks:
            element = model.elements.get(name)
            if element is not None and element.kind != ElementKind.ACTOR and name not in factors:
                after *= component_availability(element, config).value
        return FlowImpact(flow_id, FALLS_BACK, estimate.value, after, fallbacks)
    status = DELAYED if hit else UNAFFECTED
    return FlowImpact(flow_id, status, estimate.value, estimate.value)


def impact(model: Model, component: str, config) -> Impact:
    """What fails when `component` fails (KeyError for an unknown component). `config` gives the
    default availabilities (archdsl.rules.config.Config)."""
    if component not in model.elements:
        raise KeyError(component)
    radius = blast_radius(model, component)
    down = frozenset((component, *radius.components))
    relations = tuple(
        RelationImpact(r, _relation_outcome(model, r)) for r in model.relations if r.target in down
    )
    broken = set(radius.flows)
    flows = tuple(_flow_impact(model, ident, down, broken, config) for ident in model.flows)
    return Impact(component, radius, relations, flows)
