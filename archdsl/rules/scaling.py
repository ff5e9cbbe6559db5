"""P-family: scaling. Load starts at each flow's `peak` and travels along the flow's call tree
(multiplied by `calls`, split over alternative routes, stopped at queues and externals), summed
per component (archdsl.analysis.load, over the dependency model's call trees); these rules
compare it with what each component and provider can take, and check that stated access
patterns have an index."""

from __future__ import annotations

import math

from archdsl.analysis.load import ComponentLoad, component_loads, format_rps
from archdsl.model.kinds import FIELD_INDEX_FLAGS, ElementKind
from archdsl.model.schema import Data, Element
from archdsl.rules.registry import rule


def _sized_by_us(element: Element) -> bool:
    """Capacity rules skip client code (it runs on its users' devices), a CDN and `managed`
    components without a declared capacity (scaled by their provider), actors and externals."""
    if not element.runs_here or element.kind.is_client_code or element.kind == ElementKind.CDN:
        return False
    return not (element.managed and element.capacity is None)


def _copies(element: Element) -> str:
    count = element.max_copies
    text = f"{count} cop{'y' if count == 1 else 'ies'}"
    if element.autoscale is not None and element.autoscale.max >= element.replicas:
        text += " (autoscale max)"
    return text


def _capacity(element: Element) -> str:
    """'150 rps x 2 copies = 300 rps', or '100 rps x 1 copy'."""
    capacity = element.capacity or 0.0
    if element.max_copies == 1:
        return f"{format_rps(capacity)} x 1 copy"
    return (
        f"{format_rps(capacity)} x {_copies(element)} = {format_rps(capacity * element.max_copies)}"
    )


def _loads(ctx) -> dict[str, ComponentLoad]:
    return ctx.derived(component_loads)


def _scale_hint(element: Element, load: float) -> str:
    capacity = element.capacity or 0.0
    if capacity <= 0:
        return f"declare the real per-copy capacity of {element.id}, or take load off it upstream"
    needed = math.ceil(load / capacity - 1e-9)
    per_copy = load / max(element.max_copies, 1)
    return (
        f"scale {element.id} out to at least {needed} copies (`replicas` or the `autoscale` max), "
        f"raise its capacity per copy to {format_rps(per_copy)}, or cut the load upstream "
        "(caching, fewer `calls`, a queue)"
    )


@rule(
    "P001",
    "capacity-exceeded",
    "error",
    summary="propagated peak load above `capacity * max copies`",
    bad="""
    actor customer "Customer"
    service web { replicas = 2  capacity = 500rps }
    service search { replicas = 2  capacity = 150rps }
    customer -> web { protocol = https }
    web -> search { timeout = 300ms  calls = 2 }
    flow browse { steps = customer -> web -> search  peak = 200rps }
    """,
    good="""
    actor customer "Customer"
    service web { replicas = 2  capacity = 500rps }
    service search { autoscale = 2..4  capacity = 150rps }
    customer -> web { protocol = https }
    web -> search { timeout = 300ms  calls = 2 }
    flow browse { steps = customer -> web -> search  peak = 200rps }
    """,
)
def capacity_exceeded(ctx):
    """
    Flags a component whose peak load, propagated from the `peak` of every flow through it,
    exceeds what all its copies together can serve: `capacity` (per copy) times its max copies
    (`max(replicas, autoscale.max)`). The message shows the load with each flow's share, the
    capacity and the copies.

    Why it matters: at peak the component queues requests until its callers time out; retries
    add more load, and the overload spreads to everything that calls it. Autoscaling cannot help
    past its max.

    How the dependency model decides: load travels along each flow's call tree, so a component
    takes load only from the flows whose tree reaches it (named, or through calls an element on
    the flow makes and the flow did not name); several named routes out of one router share it
    evenly. Load stops at a queue: its consumers work it off at their own pace, which is the
    point of queue-based load levelling (the queue itself counts what is published into it).
    Monitoring scrapes and other out-of-band relations carry none.

    Decisions: a flow with `calls = unbounded` upstream adds unknown load, so the check uses the
    known load only (a lower bound) and fires only when that alone is too much; the unbounded
    fan-out is U006's finding. Client code and CDNs are skipped.
    """
    for ident, load in _loads(ctx).items():
        element = ctx.model.elements[ident]
        if element.capacity is None or not _sized_by_us(element):
            continue
        limit = element.capacity * element.max_copies
        if load.rps <= limit:
            continue
        yield ctx.at_element(
            element,
            f"{element.id}: load {load.describe()} > capacity {_capacity(element)}",
            _scale_hint(element, load.rps),
            prop="capacity",
            related=load.flows,
        )


@rule(
    "P002",
    "rate-limit-exceeded",
    "error",
    summary="propagated load on an `external` above its `rate_limit`, with no queue in between",
    bad="""
    actor customer "Customer"
    service api { replicas = 2  capacity = 300rps }
    external sms "SMS provider" { rate_limit = 20rps }
    customer -> api { protocol = https }
    api -> sms { timeout = 2s }
    flow signup { steps = customer -> api -> sms  peak = 50rps }
    """,
    good="""
    actor customer "Customer"
    service api { replicas = 2  capacity = 300rps }
    queue sms_jobs { replicas = 3  failover = automatic  max_depth = 100000 }
    worker notifier { replicas = 2  capacity = 10rps }
    external sms "SMS provider" { rate_limit = 20rps }
    customer -> api { protocol = https }
    api ~> sms_jobs
    sms_jobs ~> notifier
    notifier -> sms { timeout = 2s }
    flow signup { steps = customer -> api ~> sms_jobs ~> notifier -> sms  peak = 50rps }
    """,
)
def rate_limit_exceeded(ctx):
    """
    Flags an `external` whose propagated peak load exceeds the `rate_limit` its provider puts on
    us, counting only the flows that reach it with no queue in between.

    Why it matters: past the limit the provider answers 429 or drops requests; every call above
    it fails at exactly the moment traffic is highest, and retries only make it worse.

    How the dependency model decides: load travels along the flows' call trees and stops at a
    queue, so what reaches the external through a queue is not counted: the queue absorbs the
    burst and its consumers can drain it at the provider's pace. Load of unknown size
    (`calls = unbounded` upstream) is left to U006.
    """
    for ident, load in _loads(ctx).items():
        element = ctx.model.elements[ident]
        if element.kind != ElementKind.EXTERNAL or element.rate_limit is None:
            continue
        if load.rps <= element.rate_limit:
            continue
        message = (
            f"{element.id}: load {load.describe()} > rate_limit "
            f"{format_rps(element.rate_limit)}, with no queue in between"
        )
        yield ctx.at_element(
            element,
            message,
            f"put a queue in front of {element.id} and drain it at most at {format_rps(element.rate_limit)}, "
            "cache or batch the calls, or negotiate a higher limit with the provider",
            prop="rate_limit",
            related=load.flows,
        )


def _indexed_fields(data: Data) -> list[str]:
    """Fields that carry an index (`key`, `unique` or `indexed`), in declaration order."""
    return [f.name for f in data.fields if not FIELD_INDEX_FLAGS.isdisjoint(f.flags)]


def _only_in_search(ctx, data: Data) -> bool:
    return bool(data.stores) and all(
        ctx.model.elements[s].kind == ElementKind.SEARCH for s in data.stores
    )


@rule(
    "P003",
    "missing-index",
    "warning",
    summary="a `query by` whose fields are not the leading fields of a `key`, `unique` or `indexed` field",
    bad="""
    database orders_db { replicas = 2  failover = automatic  backup = daily }
    data Order in orders_db {
      id     uuid    key
      email  string  pii
      query by email
    }
    """,
    good="""
    database orders_db { replicas = 2  failover = automatic  backup = daily }
    data Order in orders_db {
      id     uuid    key
      email  string  pii indexed
      query by email
    }
    """,
)
def missing_index(ctx):
    """
    Flags a `query by a, b` on a data entity when no `key`, `unique` or `indexed` field leads
    with `a`, the query's first field. The finding points at the `query by` line.

    Why it matters: without an index the database reads every row to answer the query. It is
    fast in development and on day one, then grows with the table until it times out at peak
    and takes the database's CPU with it.

    Decisions: the language declares indexes per field, so each `key`, `unique` or `indexed`
    field is read as an index whose leading field is that field, and a query is covered when
    its first field has one (an index on `a` serves `query by a, b`). Several `key` fields
    could be one composite key; we cannot tell, and assume the reading that flags nothing.
    Data stored only in `search` elements is skipped: search engines index every field.
    """
    for data in ctx.model.data.values():
        if _only_in_search(ctx, data):
            continue
        indexed = _indexed_fields(data)
        for query in data.queries:
            if not query.fields or query.fields[0] in indexed:
                continue
            first = query.fields[0]
            listed = ", ".join(indexed) if indexed else "none"
            yield ctx.at_data(
                data,
                f"`query by {', '.join(query.fields)}` on {data.name}: no key, unique or indexed field "
                f"leads with `{first}` (indexed fields: {listed})",
                f"mark field `{first}` of {data.name} `indexed` (or `unique` if it is), or query by an "
                "indexed field",
                span=query.span,
                key=f":query:{','.join(query.fields)}",
            )


@rule(
    "P004",
    "unknown-capacity",
    "info",
    summary="a component on a flow with `peak` that declares no `capacity`",
    bad="""
    actor customer "Customer"
    service api { replicas = 2 }
    customer -> api { protocol = https }
    flow checkout { steps = customer -> api  peak = 60rps }
    """,
    good="""
    actor customer "Customer"
    service api { replicas = 2  capacity = 150rps }
    customer -> api { protocol = https }
    flow checkout { steps = customer -> api  peak = 60rps }
    """,
)
def unknown_capacity(ctx):
    """
    Flags a component we run that receives load from a flow with a `peak` (it is on the flow's
    call tree, load reaches it) but declares no `capacity`, so its load cannot be checked.

    Why it matters: the component may be the bottleneck of the flow and nobody knows; the first
    time anyone finds out is the launch or the sale that overloads it.

    Decisions: the first step of a flow receives no load and is not flagged. Client code (code
    running on users' devices), a `cdn` and `managed` components (scaled by their provider) are
    skipped, since there is no capacity of ours to size. Actors and externals are not ours to
    size either (an external's limit is its `rate_limit`, see P002). Queues and what follows
    them receive no flow load, as the catalog says.
    """
    for ident, load in _loads(ctx).items():
        element = ctx.model.elements[ident]
        if not _sized_by_us(element) or element.capacity is not None:
            continue
        yield ctx.at_element(
            element,
            f"{element.kind} {element.id} carries peak load {load.describe()} but declares no capacity",
            f"declare `capacity = <rps one copy serves>` on {element.id} (from a load test) so its "
            "load can be checked",
            related=load.flows,
        )


def _why_not_redundant(element: Element) -> str:
    if element.copies < 2:
        return f"{element.copies} cop{'y' if element.copies == 1 else 'ies'}"
    return f"{element.copies} copies without `failover = automatic`"


@rule(
    "P005",
    "hot-single-copy",
    "warning",
    summary="a non-redundant component that carries more than half of its capacity at peak",
    bad="""
    actor customer "Customer"
    service api { replicas = 1  capacity = 100rps }
    customer -> api { protocol = https }
    flow checkout { steps = customer -> api  peak = 70rps }
    """,
    good="""
    actor customer "Customer"
    service api { replicas = 2  capacity = 100rps }
    customer -> api { protocol = https }
    flow checkout { steps = customer -> api  peak = 70rps }
    """,
)
def hot_single_copy(ctx):
    """
    Flags a component we run that is not redundant (one copy, or a stateful one without
    `failover = automatic`) and whose peak load is more than half of its capacity
    (`capacity * max copies`), but not above it (that is P001).

    Why it matters: a single copy running hot has no headroom and no partner: a slow dependency,
    a garbage-collection pause or a deploy tips it over, and there is no second copy to take the
    traffic while it restarts.

    Decisions: load is counted as for P001, along the call trees (unbounded fan-out is U006's).
    Actors, externals, client code and `managed` components are not ours to make redundant and
    are skipped.
    """
    for ident, load in _loads(ctx).items():
        element = ctx.model.elements[ident]
        if not _sized_by_us(element) or element.managed or element.redundant:
            continue
        if not element.capacity:
            continue
        limit = element.capacity * element.max_copies
        if not limit / 2 < load.rps <= limit:
            continue
        yield ctx.at_element(
            element,
            f"{element.id} is not redundant ({_why_not_redundant(element)}) and carries "
            f"{load.describe()} at peak, {load.rps / limit:.0%} of its capacity "
            f"{_capacity(element)}",
            f"add a second copy of {element.id} (`replicas = 2`"
            + (", `failover = automatic`" if element.stateful else "")
            + ") or raise its capacity so peak stays under half of it",
            prop="capacity",
            related=load.flows,
        )
