"""R-family: resilience. Single points of failure, shared failure domains, blast radius, data
that cannot be restored, flows that cannot meet their availability target, synchronous cycles.

"Depends on" is the catalog's: a synchronous relation or publishing into a queue, followed
transitively, stopped by a `fallback` (archdsl.analysis.dependencies).
"""

from __future__ import annotations

from collections import deque

from archdsl.analysis.availability import assumptions, distinct_percents, flow_availability, percent
from archdsl.analysis.blast import BlastIndex, BlastRadius
from archdsl.analysis.dependencies import (
    DependencyIndex,
    callers,
    dependency_index,
    names,
    strongly_connected,
)
from archdsl.analysis.redundancy import Redundancy, redundancy
from archdsl.graph.views import synchronous_relations
from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Model, Relation
from archdsl.rules.registry import rule

_LISTED = 5  # names listed in a message before "and N more"


def _listing(items: list[str], total: int | None = None) -> str:
    """ "a, b, c" or "a, b, c, d, e and 3 more"."""
    total = len(items) if total is None else total
    shown = ", ".join(items[:_LISTED])
    return shown if total <= _LISTED else f"{shown} and {total - _LISTED} more"


def _who_depends(ident: str, index: DependencyIndex, direct: list[str]) -> str:
    """ "flows checkout, refund depend on it", or the direct dependents when no flow does."""
    flows = index.flows_of[ident]
    if flows:
        count = flows.bit_count()
        listed = _listing(names(index.flows, flows, _LISTED), count)
        return f"flow {listed} depends on it" if count == 1 else f"flows {listed} depend on it"
    verb = "depends" if len(direct) == 1 else "depend"
    return f"{_listing(direct)} {verb} on it"


def _slo_flows(model: Model, index: DependencyIndex) -> int:
    return index.mask_of(
        (ident for ident, flow in model.flows.items() if flow.slo is not None), index.flows
    )


def _redundancy_hint(facts: Redundancy) -> str:
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
    summary="a non-redundant component we run that others depend on",
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
    """Flags a component we run that is not redundant while something depends on it: a stateless
    component with fewer than 2 copies (`max(replicas, autoscale.min)`), or a stateful one
    without 2+ copies and `failover = automatic`. The message names the flows that depend on it
    (or, when no flow does, its direct dependents). It is an error when a flow with an `slo`
    depends on it, a warning otherwise.

    Why it matters: one crashed process, one host reboot or one deploy takes down everything
    that depends on it; for a database without automatic failover someone has to be paged and
    promote a replica by hand while every request fails.

    Decisions: a caller whose relation declares a `fallback` does not depend on the component
    (the catalog's definition), so a single cache that every caller can do without is not
    flagged. Components nothing depends on are left to D003 (orphan-element). A component with
    `replicas = 0` and no autoscale minimum counts as 0 copies and is flagged.
    """
    index = ctx.analysis(dependency_index)
    direct = ctx.analysis(callers)
    slo_flows = _slo_flows(ctx.model, index)
    for ident, facts in ctx.analysis(redundancy).items():
        if facts.redundant or not direct[ident]:
            continue
        severity = "error" if index.flows_of[ident] & slo_flows else None
        yield ctx.at_element(
            ctx.model.elements[ident],
            f"{ident} has {facts.describe()}; {_who_depends(ident, index, direct[ident])}",
            _redundancy_hint(facts),
            related=direct[ident],
            severity=severity,
        )


@rule(
    "R002",
    "single-failure-domain",
    "warning",
    summary="a redundant component whose copies all sit in one zone while something depends on it",
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
    """Flags a redundant component we run (2+ copies; stateful ones also with
    `failover = automatic`) whose copies all sit in one zone (`zones = 1`, the default) while
    something depends on it. The finding points at `zones` when it is written.

    Why it matters: copies in one availability zone share its power, network and control plane;
    a zone outage, which cloud providers have several times a year, takes every copy down at
    once, and the redundancy paid for does not help.

    Decisions: non-redundant components are R001's business and are not reported twice; like
    R001, a dependency with a `fallback` does not count.
    """
    index = ctx.analysis(dependency_index)
    direct = ctx.analysis(callers)
    for ident, facts in ctx.analysis(redundancy).items():
        if not facts.single_zone or not direct[ident]:
            continue
        yield ctx.at_element(
            ctx.model.elements[ident],
            f"{ident} has {facts.describe_copies()}, all in one zone (zones = 1); "
            f"{_who_depends(ident, index, direct[ident])}",
            f"spread the copies over 2 or more zones (`zones = {min(facts.copies, 3)}`)",
            related=direct[ident],
            prop="zones",
        )


def _breaks(count: int, total: int) -> bool:
    return count >= 2 and 2 * count >= total


@rule(
    "R003",
    "high-blast-radius",
    "info",
    summary="a component whose failure alone breaks at least half of the flows or of the components",
    bad="""
    actor shopper
    service catalog { replicas = 2  zones = 2 }
    service reviews { replicas = 2  zones = 2 }
    shopper -> catalog { protocol = https }
    shopper -> reviews { protocol = https }
    catalog -> reviews "shows ratings" { timeout = 300ms }
    flow browse { steps = shopper -> catalog -> reviews }
    flow write_review { steps = shopper -> reviews }
    """,
    good="""
    actor shopper
    service catalog { replicas = 2  zones = 2 }
    service reviews { replicas = 2  zones = 2 }
    shopper -> catalog { protocol = https }
    shopper -> reviews { protocol = https }
    catalog -> reviews "shows ratings" { timeout = 300ms  fallback = "page without ratings" }
    flow browse { steps = shopper -> catalog }
    flow write_review { steps = shopper -> reviews }
    """,
)
def high_blast_radius(ctx):
    """Flags a component (any kind but `actor`) whose failure alone breaks at least half of the
    flows (and at least 2), or makes at least half of the other components we run fail (and at
    least 2). The message counts and lists what breaks.

    Why it matters: redundancy protects against a crashed copy, not against a bad deploy, an
    expired certificate or a poisoned configuration, which take every copy down together. When
    one such failure stops most of the product, that component deserves the most careful
    rollouts, the best fallbacks and the first place in the incident runbook.

    Decisions: what fails is what depends on the component transitively, a `fallback` stopping
    the failure; the component itself is not counted, neither in what breaks nor in the total.
    Redundant components are reported too, since their copies share code and configuration.
    Externals are included: a provider that half of the flows cannot do without is exactly such
    a risk. The "at least 2" floor applies to components as well as flows, so a two-component
    model does not flag its database. The closure is computed for every component at once with
    bit sets propagated over the condensed dependency graph: exact, O(V + E) unions of V/64
    machine words each (about 0.15 s for 10,000 components); counting what each component
    reaches has no known exact near-linear algorithm, and estimating it would make the
    "at least half" threshold flicker.
    """
    blast = BlastIndex(ctx.model, ctx.analysis(dependency_index))
    for ident, element in ctx.model.elements.items():
        if element.kind == ElementKind.ACTOR:
            continue
        radius = blast.radius(ident, _LISTED)
        if not (
            _breaks(radius.flow_count, radius.flow_total)
            or _breaks(radius.component_count, radius.component_total)
        ):
            continue
        yield ctx.at_element(
            element,
            f"if {ident} fails, {_what_breaks(radius)}",
            "shrink what fails with it: give its callers a `fallback`, put a queue in front of it, "
            "or split it so one failure cannot stop most flows",
            related=radius.components,
        )


def _what_breaks(radius: BlastRadius) -> str:
    """ "2 of 3 flows break (checkout, browse) and 4 of 9 other components fail (edge, web, ...)"."""
    parts = []
    if radius.flow_count:
        parts.append(
            f"{radius.flow_count} of {radius.flow_total} flows break "
            f"({_listing(list(radius.flows), radius.flow_count)})"
        )
    if radius.component_count:
        parts.append(
            f"{radius.component_count} of {radius.component_total} other components fail "
            f"({_listing(list(radius.components), radius.component_count)})"
        )
    return " and ".join(parts)


def _stored_data(model: Model, store: str) -> list[str]:
    return [name for name, data in model.data.items() if store in data.stores]


@rule(
    "R004",
    "stateful-without-backup",
    "warning",
    summary="a database or storage with `backup = none`, or a queue of durable messages with 1 copy",
    bad="""
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2 }
    api -> orders_db { timeout = 500ms }
    """,
    good="""
    service api { replicas = 2  zones = 2 }
    database orders_db { replicas = 2  failover = automatic  zones = 2  backup = hourly }
    api -> orders_db { timeout = 500ms }
    """,
)
def stateful_without_backup(ctx):
    """Flags a `database` or `storage` whose `backup` is `none` (the default), pointing at
    `backup` when it is written; and a `queue` that holds durable messages (a relation into it
    with `durable = true`) but runs a single copy, pointing at `replicas` when written.

    Why it matters: replicas copy a `DELETE` without a `WHERE`, a bad migration or ransomware as
    faithfully as good writes; only a backup brings the data back. A durable message on a
    one-copy broker is acknowledged to the sender and then lost with the broker's disk.

    Decisions: `cache`, `search` and `vault` are not flagged (the catalog names databases and
    storage; caches and indexes are rebuilt from their source). A durable queue needs 2 copies
    (`max(replicas, autoscale.min)`); its `failover` is R001's concern.
    """
    model = ctx.model
    durable_senders: dict[str, list[str]] = {}
    for relation in model.relations:
        if relation.durable and relation.source not in durable_senders.get(relation.target, ()):
            durable_senders.setdefault(relation.target, []).append(relation.source)
    for ident, element in model.elements.items():
        if element.kind in (ElementKind.DATABASE, ElementKind.STORAGE) and element.backup == "none":
            held = _stored_data(model, ident)
            holding = f"; it holds {_listing(held)}" if held else ""
            yield ctx.at_element(
                element,
                f"{ident} is a {element.kind} with backup = none{holding}",
                "set `backup = daily`, `hourly` or `continuous` (and test a restore)",
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
    """Flags a flow whose estimated availability is below its `slo`. The estimate multiplies the
    availability of the distinct targets of its synchronous steps and of the queues it publishes
    to (actors excluded); one component is `1 - (1 - a) ** copies`, with `a` its `sla` or the
    configured default of its kind (99.5% per copy; 99.9% for an `external`), capped by the
    availability of one zone (99.95%) when `zones = 1`. The message prints the estimate, each
    factor, the slo, and the defaults it relied on.

    Why it matters: availabilities multiply. Four single-copy services at 99.5% give 98%, about
    14 hours of failed checkouts a month against a promise of 43 minutes; no amount of
    monitoring makes that design meet its objective.

    Decisions: a step with a `fallback` is left out of the product, since the flow survives its
    target's failure. An `external` counts at its `sla` whatever its copies and zones (they are
    the provider's). A component with 0 copies (scale to zero) counts as one copy. Copies count
    as the catalog's formula says even for a stateful component without automatic failover
    (R001 reports that), so the estimate is an upper bound, never a false alarm. Steps after an
    asynchronous hop into a non-queue are still multiplied when synchronous, as the catalog says;
    the asynchronous hop itself is not.
    """
    for flow in ctx.model.flows.values():
        if flow.slo is None:
            continue
        estimate = flow_availability(ctx.model, flow, ctx.config)
        if estimate.value >= flow.slo - 1e-12:
            continue
        shown, slo = distinct_percents(estimate.value, flow.slo)
        assumed = assumptions(estimate.factors, ctx.config)
        weakest = min(estimate.factors, key=lambda factor: factor.value)
        yield ctx.at_flow(
            flow,
            f"availability {shown} ({estimate.product()}) < slo {slo}"
            + (f"; assumed {assumed}" if assumed else ""),
            f"raise the weakest factor, {weakest.component} at {percent(weakest.value)} (more copies "
            "over more zones, or its real `sla`), add a `fallback`, or relax the `slo`",
            related=[factor.component for factor in estimate.factors],
            prop="slo",
        )


@rule(
    "R006",
    "synchronous-cycle",
    "error",
    summary="a cycle of synchronous relations (webhooks excluded)",
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
    """Flags a cycle of synchronous relations (`->`; webhooks left out, they are callbacks and
    not nested calls). The finding sits on the cycle's relation that comes first in the files
    and the message lists the whole cycle, back to where it started.

    Why it matters: each call in the loop holds a thread or connection while it waits for the
    next; under load the loop deadlocks or exhausts every pool on it, timeouts fire all around
    the ring, and retries multiply. Neither side can be deployed or restarted alone.

    Decisions: one finding per strongly connected component of the synchronous graph, not per
    elementary cycle: a tangle of n components can hold exponentially many cycles, and all of
    them are fixed by the same redesign. The cycle printed is the shortest one through the
    anchoring relation; when the tangle has more members, the message names them all. This is
    Tarjan's algorithm plus one breadth-first search per tangle: O(V + E), plus sorting the
    relations by file order, O(E log E).
    """
    model = ctx.model
    outgoing: dict[str, list[Relation]] = {}
    for relation in synchronous_relations(model):
        outgoing.setdefault(relation.source, []).append(relation)
    adjacency = {source: [r.target for r in relations] for source, relations in outgoing.items()}
    position = {ident: i for i, ident in enumerate(model.elements)}
    for group in strongly_connected(model.elements, adjacency):
        members = set(group)
        inside = [r for member in group for r in outgoing.get(member, ()) if r.target in members]
        if not inside:
            continue
        anchor = min(inside, key=lambda relation: relation.order)
        cycle = _cycle_through(anchor, inside)
        message = f"synchronous cycle {' -> '.join(cycle)}"
        if len(members) > len(cycle) - 1:
            ordered = sorted(members, key=position.__getitem__)
            message += (
                f"; {len(members)} components call each other in a loop ({_listing(ordered)})"
            )
        yield ctx.at_relation(
            anchor,
            message,
            "break the loop: make one call asynchronous (`~>`, through a queue), pass the data "
            "along with the first call, or move what both need into a component both call",
            related=cycle[:-1],
        )


def _cycle_through(anchor: Relation, inside: list[Relation]) -> list[str]:
    """The shortest cycle that starts with `anchor`, as element ids, first id repeated at the end."""
    following: dict[str, list[str]] = {}
    for relation in sorted(inside, key=lambda r: r.order):
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
