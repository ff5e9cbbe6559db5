"""Estimated availability of components and flows.

One component: `1 - (1 - a) ** copies`, where `a` is its `sla` or, when unset, the configured
availability of one copy of its kind; a component we run whose copies all sit in one zone
(`zones = 1`) is capped by the configured availability of one zone. An `external` is what its
provider promises: its `sla` (or the default for externals), whatever its copies and zones.
A component with 0 copies (scale to zero) counts as 1: it is started on demand.

One flow: the product over the distinct targets of its synchronous steps and the queues it
publishes to, actors excluded. A step with a `fallback` is left out: the flow survives the
target's failure, so that target does not lower the flow's availability.

`config` is anything with `copy_sla(kind)` and `zone_availability` (archdsl.rules.config.Config).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archdsl.graph.views import passes_failure
from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Element, Flow, Model


def percent(fraction: float, decimals: int = 2) -> str:
    """ "99.71%", "99.9%", "100%": `decimals` places at most, trailing zeros dropped, more
    places (up to 4) when rounding would print 100% for a value below 1."""
    for places in range(decimals, max(decimals, 4) + 1):
        text = _trim(f"{fraction * 100:.{places}f}")
        if fraction >= 1 or text != "100":
            return text + "%"
    truncated = math.floor(fraction * 100 * 10_000) / 10_000
    return _trim(f"{truncated:.4f}") + "%"


def _trim(number: str) -> str:
    """Drop trailing zeros of the decimals only: "99.90" -> "99.9", "120" stays "120"."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def distinct_percents(value: float, other: float) -> tuple[str, str]:
    """Both as percents, with enough places (2 to 4) that two different values print differently."""
    for places in (2, 3, 4):
        pair = (percent(value, places), percent(other, places))
        if pair[0] != pair[1]:
            return pair
    return pair


@dataclass(frozen=True)
class ComponentAvailability:
    """The availability of one component and where the number came from."""

    component: str
    kind: str
    value: float
    per_copy: float
    copies: int
    sla_assumed: bool  # `sla` unset: the configured default for the kind was used
    zone_capped: bool  # zones = 1 and the zone's availability lowered the value

    def __str__(self) -> str:
        return f"{self.component} {percent(self.value)}"


@dataclass(frozen=True)
class FlowAvailability:
    """A flow's estimated availability: the product of its factors."""

    flow: str
    value: float
    factors: tuple[ComponentAvailability, ...]

    def product(self) -> str:
        """ "api 99.75% x orders_db 99.96%"."""
        return " x ".join(str(factor) for factor in self.factors)


def component_availability(element: Element, config) -> ComponentAvailability:
    """Availability of one component (see the module docstring)."""
    per_copy = element.sla if element.sla is not None else config.copy_sla(element.kind)
    assumed = element.sla is None
    if not element.runs_here:
        return ComponentAvailability(
            element.id, element.kind, per_copy, per_copy, 1, assumed, False
        )
    copies = max(element.copies, 1)
    value = 1 - (1 - per_copy) ** copies
    capped = element.zones == 1 and config.zone_availability < value
    if capped:
        value = config.zone_availability
    return ComponentAvailability(element.id, element.kind, value, per_copy, copies, assumed, capped)


def flow_factors(model: Model, flow: Flow) -> tuple[str, ...]:
    """The components a flow's availability multiplies: distinct targets of its synchronous
    steps and of its steps into a queue, without a `fallback`, actors excluded, in step order."""
    factors: list[str] = []
    for relation_id in flow.relations:
        relation = model.relation(relation_id)
        target = model.elements[relation.target]
        if (
            target.kind != ElementKind.ACTOR
            and passes_failure(model, relation)
            and target.id not in factors
        ):
            factors.append(target.id)
    return tuple(factors)


def flow_availability(model: Model, flow: Flow, config) -> FlowAvailability:
    """The estimated availability of one flow with the factors that make it up."""
    factors = tuple(
        component_availability(model.elements[ident], config) for ident in flow_factors(model, flow)
    )
    return FlowAvailability(flow.id, math.prod(f.value for f in factors), factors)


def assumptions(factors, config) -> str:
    """The configured defaults the factors relied on, e.g. "99.5% per copy of service, database
    without `sla`; 99.95% for one zone" ("" when none was used)."""
    by_value: dict[float, list[str]] = {}
    external: float | None = None
    for factor in factors:
        if not factor.sla_assumed:
            continue
        if factor.kind == ElementKind.EXTERNAL:
            external = factor.per_copy
        elif factor.kind not in by_value.get(factor.per_copy, []):
            by_value.setdefault(factor.per_copy, []).append(factor.kind)
    parts = [
        f"{percent(value)} per copy of {', '.join(kinds)} without `sla`"
        for value, kinds in by_value.items()
    ]
    if external is not None:
        parts.append(f"{percent(external)} for an external without `sla`")
    if any(factor.zone_capped for factor in factors):
        parts.append(f"{percent(config.zone_availability)} for one zone")
    return "; ".join(parts)
