"""Estimated availability of components, failure units and flows (RULES.md R005).

One component: `1 - (1 - a) ** copies`, where `a` is its `sla` or, when unset, the configured
availability of one copy of its kind; a component we run whose copies all sit in one zone
(`zones = 1`) is capped by the configured availability of one zone. An `external` or a `managed`
component is what its provider promises: its `sla` (or the default of its kind), whatever its
copies and zones. Client code (a `frontend`) runs on its users' devices and counts as 1. A
component with 0 copies (scale to zero) counts as 1 copy: it is started on demand.

One failure unit (elements with one `runs_on`) counts once: `1 - (1 - a) ** copies` with `a` the
lowest one-copy availability among its members on the flow and `copies`/`zones` the unit's.

One flow: the product over what its call tree needs (the dependency model's `depends_on`), actors
and client code left out, each failure unit once; several named routes out of one router are one
parallel factor `1 - prod(1 - a_i)`, `a_i` the product over what only route i needs.

`config` is anything with `copy_sla(kind)` and `zone_availability` (archdsl.rules.config.Config).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Element, Flow


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
    """One factor of a flow's availability and where its number came from: a component, a
    failure unit (`members` lists its elements), or alternative routes (`kind` "alternatives")."""

    component: str
    kind: str
    value: float
    per_copy: float
    copies: int
    sla_assumed: bool  # `sla` unset: the configured default for the kind was used
    zone_capped: bool  # zones = 1 and the zone's availability lowered the value
    members: tuple[str, ...] = ()
    assumed_kinds: tuple[tuple[str, float], ...] = ()  # (kind, default) of members without sla

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

    def weakest(self, count: int = 3) -> tuple[ComponentAvailability, ...]:
        """The `count` lowest factors, lowest first."""
        return tuple(sorted(self.factors, key=lambda f: f.value)[:count])


def _one_copy(element: Element, config) -> tuple[float, bool]:
    if element.sla is not None:
        return element.sla, False
    return config.copy_sla(element.kind), True


def component_availability(element: Element, config) -> ComponentAvailability:
    """Availability of one component alone (see the module docstring)."""
    per_copy, assumed = _one_copy(element, config)
    assumed_kinds = ((str(element.kind), per_copy),) if assumed else ()
    if not element.runs_here or element.managed:
        return ComponentAvailability(
            element.id, element.kind, per_copy, per_copy, 1, assumed, False, (), assumed_kinds
        )
    copies = max(element.copies, 1)
    value = 1 - (1 - per_copy) ** copies
    capped = element.zones == 1 and config.zone_availability < value
    if capped:
        value = config.zone_availability
    return ComponentAvailability(
        element.id, element.kind, value, per_copy, copies, assumed, capped, (), assumed_kinds
    )


def unit_availability(unit, elements: list[Element], config) -> ComponentAvailability:
    """A failure unit counted once: the lowest one-copy availability of `elements` (its members
    on the flow), the unit's fewest copies, capped by one zone when the unit has one."""
    if len(unit.members) == 1:
        return component_availability(elements[0], config)
    ones = [_one_copy(element, config) for element in elements]
    per_copy = min(value for value, _ in ones)
    assumed_kinds = tuple(
        (str(element.kind), value)
        for element, (value, assumed) in zip(elements, ones, strict=True)
        if assumed
    )
    copies = max(unit.copies, 1)
    value = 1 - (1 - per_copy) ** copies
    capped = unit.zones == 1 and config.zone_availability < value
    if capped:
        value = config.zone_availability
    return ComponentAvailability(
        unit.name,
        "unit",
        value,
        per_copy,
        copies,
        bool(assumed_kinds),
        capped,
        unit.members,
        assumed_kinds,
    )


def _counts(element: Element | None) -> bool:
    """Actors and client code do not lower a flow's availability."""
    return (
        element is not None
        and not element.kind.is_client_code
        and element.kind != ElementKind.ACTOR
    )


def flow_availability(dm, flow: Flow, config) -> FlowAvailability:
    """The estimated availability of one flow with the factors that make it up (`dm`: the
    dependency model; share it through `dm.derived(flow_availability, flow, config)`)."""
    tree = dm.tree(flow)
    factors = _unit_factors(dm, tree.depends_on, tree.through_unit, config)
    for group, branches in zip(tree.alternatives, tree.branches, strict=True):
        factors.append(_alternatives(dm, group, branches, config))
    return FlowAvailability(flow.id, math.prod(f.value for f in factors), tuple(factors))


def _unit_factors(dm, elements, through_unit, config) -> list[ComponentAvailability]:
    model = dm.model
    alone = dm.derived(_factors_alone, config)
    by_unit: dict[str, list[Element]] = {}
    for ident in elements:
        element = model.elements[ident]
        if _counts(element) and ident not in through_unit:
            by_unit.setdefault(dm.unit_of[ident], []).append(element)
    factors = []
    for name, members in by_unit.items():
        unit = dm.units[name]
        if len(unit.members) == 1:  # the same factor on every flow: computed once
            ident = unit.members[0]
            if ident not in alone:
                alone[ident] = unit_availability(unit, members, config)
            factors.append(alone[ident])
        else:
            factors.append(unit_availability(unit, members, config))
    return factors


def _factors_alone(dm, config) -> dict[str, ComponentAvailability]:
    """The factors of elements that form a unit alone, filled as flows need them (shared through
    `dm.derived`: on the 2,000-component mesh, 40 flows needing ~1,600 elements each)."""
    return {}


def _alternatives(dm, group, branches, config) -> ComponentAvailability:
    values = []
    for branch in branches:
        parts = _unit_factors(dm, branch, frozenset(), config)
        values.append(math.prod(p.value for p in parts) if parts else 1.0)
    value = 1 - math.prod(1 - v for v in values)
    name = f"{group[0].source}: " + " | ".join(r.target for r in group)
    return ComponentAvailability(name, "alternatives", value, value, len(group), False, False)


def assumptions(factors, config) -> str:
    """The configured defaults the factors relied on, e.g. "99.5% per copy of service, database
    without `sla`; 99.95% for one zone" ("" when none was used)."""
    by_value: dict[float, list[str]] = {}
    external: float | None = None
    for factor in factors:
        for kind, value in factor.assumed_kinds:
            if kind == ElementKind.EXTERNAL:
                external = value
            elif kind not in by_value.get(value, []):
                by_value.setdefault(value, []).append(kind)
    parts = [
        f"{percent(value)} per copy of {', '.join(kinds)} without `sla`"
        for value, kinds in by_value.items()
    ]
    if external is not None:
        parts.append(f"{percent(external)} for an external without `sla`")
    if any(factor.zone_capped for factor in factors):
        parts.append(f"{percent(config.zone_availability)} for one zone")
    return "; ".join(parts)
