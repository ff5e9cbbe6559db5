"""R-family: resilience. Single points of failure, shared failure domains, blast radius, data
that cannot be restored, flows that cannot meet their availability target, synchronous cycles,
data kept only where a restart loses it.

Every rule here reads the workspace's dependency model (archdsl.analysis.dependency_model): needed
calls, failure units, the flows' call trees and what each flow depends on.
"""

from __future__ import annotations

from collections import deque

from archdsl.analysis.availability import (
    FlowAvailability,
    assumptions,
    distinct_percents,
    flow_availability,
    percent,
)
from archdsl.analysis.dependency_model import CallTree, DependencyModel, FailureUnit
from archdsl.analysis.redundancy import redundancy_of
from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Element, Model, Relation
from archdsl.rules.registry import rule

_LISTED = 5  # names listed in a message before "and N more"


def _listing(items: list[str], total: int | None = None) -> str:
    """ "a, b, c" or "a, b, c, d, e and 3 more"."""
    total = len(items) if total is None else total
    shown = ", ".join(items[:_LISTED])
    return shown if total <= _LISTED else f"{shown} and {total - _LISTED} more"


def _group(ctx, anchor, items, names=()):
    """One finding standing for `items` (RULES.md, "One finding per root cause"), each member
    at the anchor's severity; `names` (a unit's `runs_on` word) accept the whole group."""
    members = [ctx.member(item, severity=anchor.severity) for item in items]
    return ctx.group(anchor, members, names=names)


def _judged(element: Element) -> bool:
    """Redundancy and zone rules judge components we run, not client code, not managed ones."""
    return element.runs_here and not element.kind.is_client_code and not element.managed


def _unit_members(model: Model, unit: FailureUnit) -> list[Element]:
    return [model.elements[m] for m in unit.members if _judged(model.elements[m])]


def _unit_flows(dm: DependencyModel, unit: FailureUnit) -> list[str]:
    """The flows the unit's failure breaks, in declaration order."""
    broken = {flow for member in unit.members for flow in dm.flows_depending_on(member)}
    if not broken:  # most units: skips a scan of every flow per unit (0.15 s at 10,000)
        return []
    return [ident for ident in dm.model.flows if ident in broken]


def _unit_callers(dm: DependencyModel, unit: FailureUnit) -> list[str]:
    """Components we run outside the unit that call a member through a needed call."""
    inside = set(unit.members)
    found = [r.source for m in unit.members for r in dm.needed_callers(m) if r.source not in inside]
    return list(dict.fromkeys(found))


def _hidden_note(dm: DependencyModel, unit: FailureUnit, flows: list[str]) -> str:
    """ " (b through calls it does not name)" when a verdict rests on expansion."""
    hidden = [
        f
        for f in flows
        if not any(m in dm.tree(f).named_elements for m in unit.members)
        and not dm.tree(f).through_unit.issuperset(unit.members)
    ]
    if not hidden:
        return ""
    verb = "does" if len(hidden) == 1 else "do"
    return f" ({_listing(hidden)} through calls {'it' if len(hidden) == 1 else 'they'} {verb} not name)"


def _who_depends(dm: DependencyModel, unit: FailureUnit, flows: list[str], callers) -> str:
    """ "flows checkout, refund depend on it", or the direct callers when no flow does."""
    if flows:
        noun = "flow" if len(flows) == 1 else "flows"
        verb = "depends" if len(flows) == 1 else "depend"
        return f"{noun} {_listing(flows)} {verb} on it" + _hidden_note(dm, unit, flows)
    verb = "depends" if len(callers) == 1 else "depend"
    return f"{_listing(callers)} {verb} on it"


def _unit_name(unit: FailureUnit) -> str:
    """ "orders_db", or "vm1 (runs_on: nginx, app, db)" for a shared unit."""
    if not unit.shared:
        return unit.name
    return f"{unit.name} (runs_on of {_listing(list(unit.members))})"


def _describe_unit(model: Model, unit: FailureUnit, members: list[Element]) -> str:
    """Why the unit is not redundant, in the model's words."""
    if len(members) == 1 and not unit.shared:
        return redundancy_of(members[0]).describe()
    copies = f"{unit.copies} {'copy' if unit.copies == 1 else 'copies'}"
    manual = [
        f"{m.id} has failover = {m.failover}{redundancy_of(m).failover_origin()}"
        for m in members
        if m.stateful and m.failover != "automatic"
    ]
    return copies + (f" and {'; '.join(manual)}" if manual and unit.copies >= 2 else "")


def _redundancy_hint(model: Model, unit: FailureUnit, members: list[Element]) -> str:
    if unit.shared:
        return (
            f"run the members of {unit.name} on 2 or more hosts (`replicas = 2`, with "
            "`failover = automatic` for the stateful ones), or move the stateful ones off it"
        )
    facts = redundancy_of(members[0])
    if not facts.stateful:
        return "run 2 or more copies (`replicas = 2`, or `autoscale = 2..N`), or give its callers a `fallback`"
    if facts.copies < 2 and facts.failover != "automatic":
        return "run a standby that takes over by itself (`replicas = 2` and `failover = automatic`)"
    if facts.copies < 2:
        return "automatic failover needs a second copy: set `replicas = 2`"
    return "set `failover = automatic` so a replica takes over without waiting for a person"


@rule(
    "R001",
    "single-point-of-failure",
    "warning",
    summary="a non-redundant component we run (or failure unit) that a flow depends on or another component calls through a needed call",
    severity_note="error when a flow with an `slo` depends on it, else warning",
    bad="""
    actor customer
    service api { replicas = 2  zones = 2 }
    database orders_db { backup = daily }
    customer -> api { protocol = https }
    api -> orders_db { timeout = 500ms }
    flow checkout { steps = customer -> api -> orders_db  slo = 99.9% }
    """,
    good="""
    actor customer
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2  backup = daily }
    customer -> api { protocol = https }
    api -> orders_db { timeout = 500ms }
    flow checkout { steps = customer -> api -> orders_db  slo = 99.9% }
    """,
)
def single_point_of_failure(ctx):
    """Flags a failure unit of components we run that is not redundant while something needs
    it: a flow depends on it, or another component we run calls it through a needed call. A
    stateless component needs 2+ copies (`max(replicas, autoscale.min)`), a stateful one also
    `failover = automatic`; a unit (elements with one `runs_on`) has the fewest copies of its
    members. One finding per unit, on its first member, listing the members; the message names
    the flows that depend on it (or, when no flow does, the callers). It is an error when a flow
    with an `slo` depends on it, a warning otherwise.

    Why it matters: one crashed process, one host reboot or one deploy takes down everything
    that depends on it; for a database without automatic failover someone has to be paged and
    promote a replica by hand while every request fails.

    How the dependency model decides: a flow depends on a component when its call tree reaches
    it from the start through needed calls (synchronous, or publishing into a queue, without a
    `fallback`): what a flow never calls, what sits behind a `fallback` or after an asynchronous
    hop, and one of several routes a balancer can take do not make it depend. Outside systems are
    never traversed, so a webhook from a provider into our receiver does not make the flows that
    call the provider depend on the receiver. A component on no flow counts when another
    component we run calls it through a needed call (one level). When a flow depends on it only
    through calls it does not name (expansion), the message says so.

    Decisions: client code (`frontend`, it runs on its users' devices), `managed` components
    (redundant by their provider), actors and externals are never flagged. `failover` written or
    not: the message says where a default came from (a `tech` with built-in failover is
    `automatic` at 3+ replicas). Components nothing needs are left to D003 (orphan-element).
    """
    dm = ctx.dependencies
    model = ctx.model
    slo_flows = {ident for ident, flow in model.flows.items() if flow.slo is not None}
    for unit in dm.units.values():
        if unit.redundant:  # the cheap test first: R001 + R002 0.05 s -> 0.02 s at 10,000
            continue
        members = _unit_members(model, unit)
        if not members:
            continue
        flows = _unit_flows(dm, unit)
        callers = _unit_callers(dm, unit)
        if not flows and not callers:
            continue
        anchor = min(members, key=lambda m: m.span.sort_key())
        finding = ctx.at_element(
            anchor,
            f"{_unit_name(unit)} has {_describe_unit(model, unit, members)}; "
            f"{_who_depends(dm, unit, flows, callers)}",
            _redundancy_hint(model, unit, members),
            related=tuple(flows or callers),
            severity="error" if slo_flows.intersection(flows) else None,
        )
        yield _group(ctx, finding, members, (unit.name,)) if unit.shared else finding


@rule(
    "R002",
    "single-failure-domain",
    "warning",
    summary="redundant components (or failure units) whose copies all sit in one zone while something needs them; one finding per boundary",
    bad="""
    service web { replicas = 2  zones = 2 }
    service api { replicas = 3 }
    web -> api { timeout = 2s }
    """,
    good="""
    service web { replicas = 2  zones = 2 }
    service api { replicas = 3  zones = 3 }
    web -> api { timeout = 2s }
    """,
)
def single_failure_domain(ctx):
    """Flags a redundant failure unit of components we run (2+ copies; stateful members also
    with `failover = automatic`) whose copies all sit in one zone (the fewest `zones` of its
    members is 1) while a flow depends on it or another component we run calls it through a
    needed call. Units whose first member sits in the same innermost boundary are one finding,
    anchored on that boundary and listing them (one decision: that boundary runs in one zone);
    a boundary with a single such unit, and units outside every boundary, are reported on the
    unit's first member (at `zones` when written).

    Why it matters: copies in one availability zone share its power, network and control plane;
    a zone outage, which cloud providers have several times a year, takes every copy down at
    once, and the redundancy paid for does not help.

    How the dependency model decides: "needed" as for R001 (a flow depends on it, or a needed
    call from a component we run reaches it). Decisions: non-redundant units are R001's business
    and are not reported twice; client code and `managed` components are skipped (their zones
    are not ours). Units outside every boundary are grouped together when there are several,
    anchored on the first: the reading with fewer repeats.
    """
    dm = ctx.dependencies
    model = ctx.model
    by_boundary: dict[str | None, list[tuple[FailureUnit, Element, list[Element]]]] = {}
    for unit in dm.units.values():
        if not unit.redundant or unit.zones != 1:  # the cheap test first, as in R001
            continue
        members = _unit_members(model, unit)
        if not members:
            continue
        if not _unit_flows(dm, unit) and not _unit_callers(dm, unit):
            continue
        anchor = min(members, key=lambda m: m.span.sort_key())
        by_boundary.setdefault(anchor.boundary, []).append((unit, anchor, members))
    for boundary, units in by_boundary.items():
        if len(units) == 1:
            unit, anchor, members = units[0]
            copies = f"{unit.copies} {'copy' if unit.copies == 1 else 'copies'}"
            if not unit.shared:
                copies = redundancy_of(anchor).describe_copies()
            finding = ctx.at_element(
                anchor,
                f"{_unit_name(unit)} has {copies}, all in one zone (zones = 1); "
                f"{_who_depends(dm, unit, _unit_flows(dm, unit), _unit_callers(dm, unit))}",
                f"spread the copies over 2 or more zones (`zones = {min(unit.copies, 3)}`)",
                related=unit.members,
                prop="zones",
            )
            yield _group(ctx, finding, members, (unit.name,)) if unit.shared else finding
            continue
        yield _zone_group(ctx, boundary, units)


def _zone_group(ctx, boundary: str | None, units) -> object:
    names = [unit.name for unit, _, _ in units]
    anchors = [anchor for _, anchor, _ in units]
    where = f"in boundary {boundary}" if boundary else "outside every boundary"
    message = (
        f"{len(units)} redundant components {where} run all their copies in one zone "
        f"(zones = 1): {_listing(names)}"
    )
    hint = "spread the copies over 2 or more zones (`zones = 2` or more on each, or in `defaults`)"
    if boundary is not None and boundary in ctx.model.boundaries:
        finding = ctx.at_boundary(ctx.model.boundaries[boundary], message, hint, related=names)
    else:
        finding = ctx.at_element(anchors[0], message, hint, related=names, prop="zones")
    return _group(ctx, finding, [m for _, _, members in units for m in members])


def _breaks(count: int, total: int) -> bool:
    return count >= 2 and 2 * count >= total


@rule(
    "R003",
    "high-blast-radius",
    "info",
    summary="a component or failure unit whose failure breaks at least half of the flows, one of them through a dependency it does not name",
    bad="""
    actor shopper
    service web { replicas = 2  zones = 2 }
    service catalog { replicas = 2  zones = 2 }
    service reviews { replicas = 2  zones = 2 }
    shopper -> web { protocol = https }
    web -> catalog { timeout = 1s }
    web -> reviews { timeout = 1s }
    catalog -> reviews "shows ratings" { timeout = 300ms }
    flow browse { steps = shopper -> web -> catalog }
    flow write_review { steps = shopper -> web -> reviews }
    """,
    good="""
    actor shopper
    service web { replicas = 2  zones = 2 }
    service catalog { replicas = 2  zones = 2 }
    service reviews { replicas = 2  zones = 2 }
    shopper -> web { protocol = https }
    web -> catalog { timeout = 1s }
    web -> reviews { timeout = 1s }
    catalog -> reviews "shows ratings" { timeout = 300ms  fallback = "page without ratings" }
    flow browse { steps = shopper -> web -> catalog }
    flow write_review { steps = shopper -> web -> reviews }
    """,
)
def high_blast_radius(ctx):
    """Flags a component, or a failure unit, whose failure breaks at least half of the flows
    (and at least 2), where for at least one of those flows it is a hidden dependency: the flow
    does not name it as a step, but reaches it through calls it did not name (expansion) or
    shares its failure unit with a step. The message lists the flows and the path to the hidden
    dependency.

    Why it matters: redundancy protects against a crashed copy, not against a bad deploy, an
    expired certificate or a poisoned configuration, which take every copy down together. A
    component that most journeys need without saying so is the one nobody thinks of in a
    rollout or an incident.

    How the dependency model decides: a flow breaks when the component (or its unit) is reached
    from the flow's start through needed calls of its call tree; flows that never reach it, or
    reach it only behind a `fallback`, an asynchronous hop or one of several balanced routes,
    are not counted. Decisions: the front door that every flow names (a load balancer, a
    gateway) is obvious and not reported; neither is anything every breaking flow names. Actors
    are never reported.
    """
    dm = ctx.dependencies
    model = ctx.model
    total = len(model.flows)
    for unit in dm.units.values():
        flows = _unit_flows(dm, unit)  # first: for most units, no flow breaks (a cheap test)
        if not _breaks(len(flows), total):
            continue
        elements = [model.elements[m] for m in unit.members]
        if all(e.kind == ElementKind.ACTOR for e in elements):
            continue
        hidden = _first_hidden(dm, unit, flows)
        if hidden is None:
            continue
        flow, member, path = hidden
        anchor = min(elements, key=lambda e: e.span.sort_key())
        yield ctx.at_element(
            anchor,
            f"if {_unit_name(unit)} fails, {len(flows)} of {total} flows break "
            f"({_listing(flows)}); {flow} does not name {member}: {path}",
            "shrink what fails with it: give its callers a `fallback`, put a queue in front of it, "
            "or split it so one failure cannot stop most flows; name the calls each flow makes",
            related=tuple(flows),
        )


def _first_hidden(dm: DependencyModel, unit: FailureUnit, flows: list[str]):
    """(flow, member, path) of the first flow that depends on a member without naming it."""
    for flow in flows:
        tree = dm.tree(flow)
        for member in unit.members:
            if tree.hidden(member):
                return flow, member, _path_text(dm, tree, member)
    return None


def _path_text(dm: DependencyModel, tree: CallTree, member: str) -> str:
    """ "reached by web -> api -> cache" or "runs_on vm1 with db, which checkout needs"."""
    if member in tree.through_unit:
        needed = [m for m in dm.members(member) if m in tree.via or m == tree.start]
        return f"it runs on {dm.unit_of[member]} with {_listing(needed)}, which {tree.flow} needs"
    path = tree.path_to(member)
    if not path:
        return f"{tree.flow} starts at it"
    hops = [path[0].source, *(r.target for r in path)]
    return "reached through " + " -> ".join(hops)


def _stored_data(model: Model) -> dict[str, list[str]]:
    """The names of the data each store holds, in declaration order."""
    held: dict[str, list[str]] = {}
    for name, data in model.data.items():
        for store in dict.fromkeys(data.stores):
            held.setdefault(store, []).append(name)
    return held


def _backed_up_by_relation(dm: DependencyModel, store: str) -> bool:
    return any(
        data["relation"].purpose == "backup" for _, _, data in dm.graph.out_edges(store, data=True)
    )


@rule(
    "R004",
    "stateful-without-backup",
    "warning",
    summary="a database or storage holding data with `backup = none` and no backup relation, or a queue of durable messages with 1 copy",
    bad="""
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2 }
    data Order in orders_db { id uuid key }
    api -> orders_db { timeout = 500ms }
    """,
    good="""
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2  backup = hourly }
    data Order in orders_db { id uuid key }
    api -> orders_db { timeout = 500ms }
    """,
)
def stateful_without_backup(ctx):
    """Flags a `database` or `storage` that holds `data` with `backup = none` (the default) and
    no `purpose = backup` relation out of it (a backup job, a dump to storage), pointing at
    `backup` when it is written; and a `queue` that holds durable messages (a relation into it
    with `durable = true`) but runs a single copy, pointing at `replicas` when written.

    Why it matters: replicas copy a `DELETE` without a `WHERE`, a bad migration or ransomware as
    faithfully as good writes; only a backup brings the data back. A durable message on a
    one-copy broker is acknowledged to the sender and then lost with the broker's disk.

    How the dependency model decides: a `purpose = backup` relation is out of band (no
    dependency, no load), and it counts as the store's backup. Decisions: a database or storage
    that holds no declared `data` is not flagged (the catalog asks for data; declare what it
    holds to have it checked). `cache`, `search` and `vault` are not flagged (caches and indexes
    are rebuilt from their source). A durable queue needs 2 copies; its `failover` is R001's.
    """
    model = ctx.model
    dm = ctx.dependencies
    durable_senders: dict[str, list[str]] = {}
    for relation in model.relations:
        if relation.durable and relation.source not in durable_senders.get(relation.target, ()):
            durable_senders.setdefault(relation.target, []).append(relation.source)
    stored = _stored_data(model)
    for ident, element in model.elements.items():
        if element.kind in (ElementKind.DATABASE, ElementKind.STORAGE):
            held = stored.get(ident, [])
            if element.backup != "none" or not held or _backed_up_by_relation(dm, ident):
                continue
            yield ctx.at_element(
                element,
                f"{ident} is a {element.kind} with backup = none; it holds {_listing(held)}",
                "set `backup = daily`, `hourly` or `continuous` (and test a restore), or model "
                "the backup job as a `purpose = backup` relation out of it",
                prop="backup",
            )
        elif element.kind == ElementKind.QUEUE and element.copies < 2:
            durable = durable_senders.get(ident)
            if durable:
                yield ctx.at_element(
                    element,
                    f"{ident} holds durable messages (from {_listing(durable)}) "
                    f"but has {element.copies} {'copy' if element.copies == 1 else 'copies'}",
                    "replicate the broker (`replicas = 3`, spread over zones) so an acknowledged "
                    "message survives losing one node",
                    prop="replicas",
                    related=durable,
                )


def _estimate_note(dm: DependencyModel, estimate: FlowAvailability, config) -> str:
    tree = dm.tree(estimate.flow)
    notes = []
    assumed = assumptions(estimate.factors, config)
    if assumed:
        notes.append(f"assumed {assumed}")
    hidden = [e for e in tree.depends_on if tree.hidden(e) and e not in tree.through_unit]
    if hidden:
        notes.append(f"counts {_listing(hidden)}, reached through calls the flow does not name")
    return "".join(f"; {note}" for note in notes)


def _raise_weakest(model: Model, factors, lowest: float) -> str:
    """R005's hint: how to raise the weakest factor. Copies and zones raise a component we run;
    a managed component or an external is its provider's `sla` whatever its copies, so for one
    the hint names the provider's side. Among factors tied at the lowest value, the first one
    we run is named (adding its copies helps; the others' hints follow once it is raised)."""
    tied = [f for f in factors if f.value <= lowest + 1e-12]
    factor = next((f for f in tied if not _provided(model.elements.get(f.component))), tied[0])
    named = f"{factor.component} at {percent(factor.value)}"
    element = model.elements.get(factor.component)
    if element is None or not _provided(element):  # a component we run, a unit, alternatives
        return (
            f"raise the weakest factor, {named} (more copies over more zones, or its real "
            "`sla`), add a `fallback`, or relax the `slo`"
        )
    if element.kind == ElementKind.EXTERNAL:
        what = "an external: its availability is its provider's `sla`"
    else:
        what = f"a managed {element.kind}: its availability is its provider's `sla` whatever its copies"
    tier = (
        "declare the provider's real `sla` or choose a higher tier"
        if factor.sla_assumed
        else "choose a provider tier with a higher `sla`"
    )
    return (
        f"the weakest factor, {named}, is {what}; {tier}, add a `fallback` to the calls to "
        f"{factor.component}, or relax the `slo`"
    )


def _provided(element: Element | None) -> bool:
    """An external or a managed component: what it promises is its provider's."""
    return element is not None and (element.kind == ElementKind.EXTERNAL or element.managed)


@rule(
    "R005",
    "availability-below-slo",
    "error",
    summary="a flow whose estimated availability is below its `slo`",
    options=(
        "defaults.sla.<kind> (availability of one copy)",
        "defaults.zone (availability of one zone)",
    ),
    bad="""
    actor customer
    service api
    database orders_db { backup = daily }
    customer -> api { protocol = https }
    api -> orders_db { timeout = 500ms }
    flow checkout { steps = customer -> api -> orders_db  slo = 99.9% }
    """,
    good="""
    actor customer
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2  backup = daily }
    customer -> api { protocol = https }
    api -> orders_db { timeout = 500ms }
    flow checkout { steps = customer -> api -> orders_db  slo = 99.9% }
    """,
)
def availability_below_slo(ctx):
    """Flags a flow whose estimated availability is below its `slo`: the product, over what its
    call tree needs, of each one's availability. One component is `1 - (1 - a) ** copies`, with
    `a` its `sla` or the configured default of its kind (99.5% per copy; 99.9% for an
    `external`), capped by one zone (99.95%) when `zones = 1`; a failure unit counts once, with
    the lowest one-copy availability of its members on the flow and the unit's copies and zones;
    several named routes out of one router are one parallel factor `1 - prod(1 - a_i)`; client
    code counts as 1; `managed` components and externals count at their `sla`. The message
    prints the estimate and the slo, the weakest factors, the defaults it relied on, and what it
    counts that the flow does not name.

    Why it matters: availabilities multiply. Four single-copy services at 99.5% give 98%, about
    14 hours of failed checkouts a month against a promise of 43 minutes.

    How the dependency model decides: the factors are the flow's `depends_on`: what it reaches
    from its start through needed calls of its call tree. What is behind a `fallback` or after an
    asynchronous hop is left out (it degrades or delays the flow, it does not break it); elements
    that run on one host (`runs_on`) fail together, so they are not multiplied as if
    independent. Decisions: a component with 0 copies counts as one copy; copies count even for a
    stateful component without automatic failover (R001 reports that), so the estimate is an
    upper bound, never a false alarm. A `managed` component without `sla` uses the default of
    its kind, and the message says so. The hint names the weakest factor and what raises it:
    for a component we run, more copies over more zones (or its real `sla`); for a `managed`
    component or an `external`, whose availability is its provider's `sla` whatever its copies,
    the provider's real `sla` or a higher tier; for any, a `fallback` or a relaxed `slo`. Among
    factors tied at the lowest value it names one we run, whose copies the model can raise.
    """
    dm = ctx.dependencies
    for flow in ctx.model.flows.values():
        if flow.slo is None:
            continue
        estimate = ctx.derived(flow_availability, flow, ctx.config)
        if estimate.value >= flow.slo - 1e-12 or not estimate.factors:
            continue
        shown, slo = distinct_percents(estimate.value, flow.slo)
        weakest = estimate.weakest()
        factors = (
            estimate.product()
            if len(estimate.factors) <= _LISTED
            else f"weakest of {len(estimate.factors)} factors: "
            + ", ".join(str(factor) for factor in weakest)
        )
        yield ctx.at_flow(
            flow,
            f"availability {shown} ({factors}) < slo {slo}"
            + _estimate_note(dm, estimate, ctx.config),
            _raise_weakest(ctx.model, estimate.factors, weakest[0].value),
            related=[factor.component for factor in estimate.factors],
            prop="slo",
        )


@rule(
    "R006",
    "synchronous-cycle",
    "error",
    severity_note="warning when one of its relations is `callback = true`",
    summary="a cycle of needed synchronous request relations among components we run",
    bad="""
    service orders { replicas = 2  zones = 2 }
    service billing { replicas = 2  zones = 2 }
    orders -> billing "charges" { timeout = 1s }
    billing -> orders "looks up the order" { timeout = 1s }
    """,
    good="""
    service orders { replicas = 2  zones = 2 }
    service billing { replicas = 2  zones = 2 }
    orders -> billing "charges, sending the order" { timeout = 1s }
    billing ~> orders "payment settled"
    """,
)
def synchronous_cycle(ctx):
    """Flags a cycle of needed synchronous request relations (`->` without a `fallback`) among
    components we run: one finding per strongly connected group, on its relation that comes
    first in the files, the message listing the shortest cycle through it and every member. A
    warning when one of the cycle's relations is `callback = true` (an intended call back).

    Why it matters: each call in the loop holds a thread or connection while it waits for the
    next; under load the loop deadlocks or exhausts every pool on it, timeouts fire all around
    the ring, and retries multiply. Neither side can be deployed or restarted alone.

    How the dependency model decides: actors and externals are never traversed (we fetch keys
    from a provider, it delivers webhooks to us: not a loop we can deadlock), routers are not
    passed (calls routed through one shared gateway are not a loop), out-of-band relations
    (monitoring, replication, backup) are not calls. Groups come from networkx's strongly
    connected components; the cycle printed is a breadth-first shortest one, O(V + E).
    """
    dm = ctx.dependencies
    groups = dm.synchronous_cycles()
    # Listed only when there is a cycle to describe: 0.06 s at 10,000 components without one.
    relations = list(dm.cycle_relations()) if groups else []
    for group in groups:
        members = set(group)
        inside = sorted(
            (r for r in relations if r.source in members and r.target in members),
            key=lambda r: r.order,
        )
        anchor = inside[0]
        cycle = _cycle_through(anchor, inside)
        message = f"synchronous cycle {' -> '.join(cycle)}"
        if len(members) > len(cycle) - 1:
            message += f"; {len(members)} components call each other in a loop ({_listing(group)})"
        callback = [r for r in inside if r.callback]
        if callback:
            message += f"; {_arrow(callback[0])} is a declared callback"
        yield ctx.at_relation(
            anchor,
            message,
            "break the loop: make one call asynchronous (`~>`, through a queue), pass the data "
            "along with the first call, or move what both need into a component both call",
            related=cycle[:-1],
            severity="warning" if callback else None,
        )


def _arrow(relation: Relation) -> str:
    return f"{relation.source} {relation.arrow} {relation.target}"


def _cycle_through(anchor: Relation, inside: list[Relation]) -> list[str]:
    """The shortest cycle that starts with `anchor`, as element ids, first id repeated at the end."""
    following: dict[str, list[str]] = {}
    for relation in inside:
        following.setdefault(relation.source, []).append(relation.target)
    previous: dict[str, str | None] = {anchor.target: None}
    queue = deque([anchor.target])
    while queue and anchor.source not in previous:
        current = queue.popleft()
        for target in following.get(current, ()):
            if target not in previous:
                previous[target] = current
                queue.append(target)
    path = [anchor.source]
    while path[-1] != anchor.target:
        step = previous[path[-1]]
        assert step is not None  # only the anchor's target has no predecessor
        path.append(step)
    return [anchor.source, *reversed(path)]


_DURABILITY = {"ephemeral": 0, "snapshot": 1, "durable": 2}


@rule(
    "R007",
    "ephemeral-system-of-record",
    "error",
    severity_note="warning when every store is a `cache`, or when the most durable store is `snapshot`",
    summary="data whose every store loses it on a restart (`persistence = ephemeral`)",
    bad="""
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2  backup = daily  persistence = ephemeral }
    data Order in orders_db { id uuid key }
    api -> orders_db { timeout = 500ms }
    """,
    good="""
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2  backup = daily }
    data Order in orders_db { id uuid key }
    api -> orders_db { timeout = 500ms }
    """,
)
def ephemeral_system_of_record(ctx):
    """Flags `data` whose every store has `persistence = ephemeral` (a container layer, an
    `emptyDir`, tmpfs, Redis without persistence): a restart loses it. An error, or a warning
    when every store is a `cache` (a cache may well be meant to hold only what can be rebuilt:
    the warning asks). A warning when the most durable of its stores is `snapshot`: the last
    interval between dumps is lost.

    Why it matters: a restart is routine (a deploy, a node drain, an out-of-memory kill). Data
    that lives only in memory or in a container's own layer is gone after it, and with it
    sessions, carts or, for a mis-configured database, orders.

    Decisions: data without stores is data in transit and is not checked. `persistence` is
    resolved by the language: `ephemeral` for a cache unless set, `durable` for other stateful
    kinds, so a plain `database` never triggers this rule.
    """
    model = ctx.model
    for data in model.data.values():
        stores = [model.elements[s] for s in data.stores if s in model.elements]
        if not stores:
            continue
        best = max(_DURABILITY.get(s.persistence or "durable", 2) for s in stores)
        if best == 2:
            continue
        names = _listing([s.id for s in stores])
        if best == 1:
            yield ctx.at_data(
                data,
                f"{data.name} is kept only in snapshots ({names}): the writes since the last "
                "dump are lost on a restart",
                "keep it in a store with `persistence = durable` (an append-only log, a "
                "database), or accept losing the last interval",
                severity="warning",
            )
            continue
        only_caches = all(s.kind == ElementKind.CACHE for s in stores)
        yield ctx.at_data(
            data,
            f"{data.name} is kept only where a restart loses it ({names}: persistence = ephemeral)",
            "store it durably (`persistence = durable`, or a database it is rebuilt from); if "
            "the cache only holds what can be rebuilt, say where from with a store of record",
            severity="warning" if only_caches else None,
        )
