"""U-family: unbounded dependencies. Calls without timeouts, retries that storm or multiply,
timeouts that give up before the work below them does, queues and fan-outs without limits,
chains too deep, connection pools larger than the database, and latency budgets no step can
meet. Timing, retry and connection numbers come from archdsl.analysis."""

from __future__ import annotations

import math

from archdsl.analysis.connections import connection_totals
from archdsl.analysis.retries import amplification_crossings, longest_synchronous_run
from archdsl.analysis.timing import (
    describe_worst_case,
    first_timed_step,
    format_duration,
    timeout_inversions,
)
from archdsl.findings import Severity
from archdsl.model.kinds import ElementKind
from archdsl.rules.registry import rule


def _arrow(relation) -> str:
    return f"{relation.source} {relation.arrow} {relation.target}"


def _times(value: float) -> str:
    return "unbounded" if math.isinf(value) else f"{value:g}x"


@rule(
    "U001",
    "missing-timeout",
    "warning",
    severity_note="error towards an `external`",
    summary="a synchronous relation from a component we run without `timeout`",
    bad="""
    service api { replicas = 2 }
    external stripe "Stripe"
    api -> stripe { protocol = https  retries = 1  backoff = exponential  idempotency_key = true }
    """,
    good="""
    service api { replicas = 2 }
    external stripe "Stripe"
    api -> stripe { protocol = https  timeout = 3s  retries = 1  backoff = exponential  idempotency_key = true }
    """,
)
def missing_timeout(ctx):
    """
    Flags the synchronous request relations (`->`) out of a component we run that declare no
    `timeout`, one finding per calling component (on the caller, listing its calls). Each call
    is a warning, an error towards an `external`, and an info when the target bounds every
    request it serves with `request_timeout`; the finding takes the worst of its calls.

    Why it matters: without a timeout a caller waits as long as the connection stays open. One
    slow dependency then holds every thread or connection of its callers, and a brown-out of
    one component becomes an outage of everything above it. A provider we do not run is the
    likeliest to hang, and the least in our power to fix, hence the error. A server-side
    `request_timeout` bounds a slow request but not a dead or partitioned server, hence the info.

    How the dependency model decides: only request relations are calls; monitoring scrapes,
    replication and backup jobs (`purpose` other than `request`) are not. Decisions: a call that
    carries its caller's deadline (`timeout = inherit`), a long-lived `stream`, and
    `protocol = file` (a local or mounted filesystem, not a network call) need no timeout.
    Relations out of actors and externals are not ours to configure, and webhooks come from
    externals, so neither is flagged. One finding per caller: adding the timeouts is one change
    to that component's client configuration.
    """
    model = ctx.model
    untimed: dict[str, list[tuple[object, Severity]]] = {}
    for relation in model.relations:
        if not _needs_timeout(ctx, relation):
            continue
        target = model.elements[relation.target]
        if target.kind == ElementKind.EXTERNAL:
            level = Severity.ERROR
        elif target.request_timeout is not None:
            level = Severity.INFO
        else:
            level = Severity.WARNING
        untimed.setdefault(relation.source, []).append((relation, level))
    for caller, calls in untimed.items():
        yield _untimed_finding(ctx, model.elements[caller], calls)


def _needs_timeout(ctx, relation) -> bool:
    if not relation.synchronous or relation.out_of_band or relation.timeout is not None:
        return False
    if relation.stream or relation.protocol == "file":
        return False
    return ctx.model.elements[relation.source].runs_here


def _untimed_finding(ctx, caller, calls):
    worst = max((level for _, level in calls), key=lambda level: level.rank)
    parts = []
    for relation, level in calls:
        target = ctx.model.elements[relation.target]
        note = ""
        if target.kind == ElementKind.EXTERNAL:
            note = " (an external)"
        elif level is Severity.INFO:
            note = f" (bounded by its request_timeout {format_duration(target.request_timeout)})"
        parts.append(f"{_arrow(relation)}{note}")
    count = len(calls)
    noun = "call" if count == 1 else "calls"
    finding = ctx.at_element(
        caller,
        f"{caller.id} makes {count} synchronous {noun} without a timeout: " + _few(parts),
        f"set `timeout` on each call of {caller.id} to what it can afford to wait per attempt "
        "(`timeout = inherit` where the call carries its caller's deadline)",
        severity=worst,
        related=tuple(r.target for r, _ in calls),
        key=":timeouts",
    )
    return _as_group(ctx, finding, [(r, level) for r, level in calls])


def _few(parts: list[str], shown: int = 5) -> str:
    text = ", ".join(parts[:shown])
    return text if len(parts) <= shown else f"{text} and {len(parts) - shown} more"


def _as_group(ctx, finding, items):
    """One finding for the caller's calls (RULES.md, "One finding per root cause"): each call a
    member at its own severity; the group takes the worst."""
    return ctx.group(finding, [ctx.member(r, severity=level) for r, level in items])


@rule(
    "U002",
    "unbounded-retries",
    "error",
    severity_note="warning for retries without backoff",
    summary="retries that can storm: `retries = unlimited`, or retries without backoff",
    bad="""
    worker mailer { replicas = 2 }
    external sendgrid "SendGrid"
    mailer -> sendgrid { protocol = https  timeout = 5s  retries = unlimited  idempotent = true }
    """,
    good="""
    worker mailer { replicas = 2 }
    external sendgrid "SendGrid"
    mailer -> sendgrid { protocol = https  timeout = 5s  retries = 3  backoff = exponential_jitter  idempotent = true }
    """,
)
def unbounded_retries(ctx):
    """
    Flags `retries = unlimited` (an error) and `retries > 0` with `backoff` unset or `none`
    (a warning), on any relation.

    Why it matters: when a dependency slows down, every caller retries at once. Unlimited
    retries never stop adding load to a component that is already failing, and retries without
    backoff arrive in synchronized waves that keep it from recovering: a retry storm turns a
    short blip into a long outage.

    Decisions: a circuit breaker does not excuse missing backoff: it opens only after the
    failures it counts, by which time the immediate retries have already landed.
    """
    for relation in ctx.model.relations:
        if relation.retries == "unlimited":
            yield ctx.at_relation(
                relation,
                f"{_arrow(relation)} retries without limit (retries = unlimited)",
                "bound `retries` (2-3 is typical) with `backoff = exponential_jitter`; add a "
                "`circuit_breaker` and a `dlq` or `fallback` for what still fails",
                prop="retries",
            )
        elif relation.retries > 0 and relation.backoff == "none":
            yield ctx.at_relation(
                relation,
                f"{_arrow(relation)} retries {relation.retries}x with no backoff",
                "set `backoff = exponential_jitter` so retries spread out instead of arriving in waves",
                prop="backoff" if "backoff" in relation.property_spans else "retries",
                severity="warning",
            )


@rule(
    "U003",
    "timeout-inversion",
    "warning",
    summary="`a -> b` whose timeout is shorter than b's own worst case downstream",
    bad="""
    service web { replicas = 2 }
    service api { replicas = 2 }
    external stripe "Stripe"
    web -> api { timeout = 2s }
    api -> stripe { timeout = 3s  retries = 2  backoff = exponential  idempotency_key = true  circuit_breaker = true }
    """,
    good="""
    service web { replicas = 2 }
    service api { replicas = 2 }
    external stripe "Stripe"
    web -> api { timeout = 10s }
    api -> stripe { timeout = 3s  retries = 2  backoff = exponential  idempotency_key = true  circuit_breaker = true }
    """,
)
def timeout_inversion(ctx):
    """
    Flags, on a flow's call tree, a synchronous `a -> b` whose `timeout` (per attempt) is
    shorter than b's worst case on the calls b makes in that call tree: `(retries + 1) *
    timeout` of the slowest, capped by b's `request_timeout`. For a relation on no call tree,
    b's own needed calls count.

    Why it matters: a gives up and reports a failure while b is still working and retrying.
    The user sees an error for a request that may still succeed (a payment charged after
    "payment failed"), a's own retry starts a second copy of the work, and b's resources stay
    busy for answers nobody reads.

    How the dependency model decides: the calls of b that count are those of the flow's call
    tree, so a page of a web frontend is not charged with the slow report another page makes;
    a relation on several trees is reported once, with the slowest call below it. Monitoring
    scrapes and other out-of-band relations are not calls. Decisions: a call of b with
    `timeout = inherit` carries a's deadline and cannot outlast it; streams are skipped; fan-out
    (`calls`) is not multiplied in, since such calls may run in parallel; relations without a
    numeric `timeout` are skipped (U001).
    """
    for inversion in ctx.derived(timeout_inversions):
        relation, below = inversion.relation, inversion.downstream
        capped = ctx.model.elements[relation.target].request_timeout
        cap = (
            f", capped by its request_timeout {format_duration(capped)}"
            if capped is not None and capped == inversion.seconds
            else ""
        )
        call, slow_call = _arrow(relation), _arrow(below)
        waited = format_duration(inversion.seconds)
        yield ctx.at_relation(
            relation,
            f"{call} times out after {format_duration(inversion.timeout)}, but "
            f"{relation.target} may wait {waited} on {slow_call}"
            + (f" ({describe_worst_case(below)}{cap})" if below.retries != 0 or cap else ""),
            f"raise the timeout of {call} above {waited}, or cut "
            f"the timeout or retries of {slow_call} so it finishes first",
            prop="timeout",
            related=(below.source, below.target),
        )


@rule(
    "U004",
    "retry-amplification",
    "warning",
    options=("limits.retry-amplification",),
    summary="a synchronous path on which the product of `(1 + retries)` exceeds a limit (default 10)",
    bad="""
    service web { replicas = 2 }
    service api { replicas = 2 }
    database db { replicas = 2  failover = automatic  backup = daily }
    web -> api { timeout = 5s  retries = 3  backoff = exponential  idempotent = true }
    api -> db { timeout = 1s  retries = 3  backoff = exponential  idempotent = true  pool = 10 }
    """,
    good="""
    service web { replicas = 2 }
    service api { replicas = 2 }
    database db { replicas = 2  failover = automatic  backup = daily }
    web -> api { timeout = 5s  retries = 1  backoff = exponential  idempotent = true }
    api -> db { timeout = 1s  retries = 2  backoff = exponential  idempotent = true  pool = 10 }
    """,
)
def retry_amplification(ctx):
    """
    Flags a path of at least 2 synchronous request relations on which the product of
    `(1 + retries)` of its relations exceeds the limit `limits.retry-amplification` (default
    10). Each such path is reported once, on the relation at which the product first goes over
    the limit; the message names the worst path through it.

    Why it matters: when the component at the bottom fails, every layer retries the layer
    below: three layers of 3 retries send 64 requests for one. The failing component receives
    a multiple of its normal load at the moment it is weakest, and cannot come back.

    How the dependency model decides: paths run over synchronous request relations out of
    components we run; asynchronous hops (a job picked from a queue), out-of-band relations and
    relations out of actors and externals are not part of one. Decisions: amplification needs at
    least two relations on the path that retry: one relation's own retries (a job retried 25
    times) multiply nothing and are U002's to judge. Relations inside a synchronous cycle are
    left out (R006 reports the cycle). `retries = unlimited` is left to U002, which reports it
    as an error. The usual fix is to retry at one layer only.
    """
    limit = ctx.limit("retry-amplification")
    for crossing in ctx.analysis(amplification_crossings, limit):
        relation = crossing.relation
        if relation.retries == "unlimited":
            continue
        yield ctx.at_relation(
            relation,
            f"retries multiply to {_times(crossing.value)} along {' -> '.join(crossing.path)} "
            f"(limit {limit:g}x)",
            "retry at one layer only (usually the outermost), and set the others to `retries = 0`; "
            "a `circuit_breaker` stops the rest",
            prop="retries",
            related=tuple(crossing.path),
        )


@rule(
    "U005",
    "unbounded-queue",
    "warning",
    summary="a queue without `max_depth`",
    bad="""
    queue jobs { replicas = 3  failover = automatic  dlq = jobs_dlq }
    queue jobs_dlq { replicas = 3  failover = automatic  max_depth = 10000 }
    """,
    good="""
    queue jobs { replicas = 3  failover = automatic  dlq = jobs_dlq  max_depth = 100000 }
    queue jobs_dlq { replicas = 3  failover = automatic  max_depth = 10000 }
    """,
)
def unbounded_queue(ctx):
    """
    Flags a `queue` that declares no `max_depth`.

    Why it matters: a queue without a limit hides a consumer that has stopped or fallen behind
    until the broker runs out of disk or memory, and then everything that publishes to it fails
    at once. A bounded queue pushes back early, where producers can shed or slow down.
    """
    for element in ctx.model.elements.values():
        if element.kind == ElementKind.QUEUE and element.max_depth is None:
            yield ctx.at_element(
                element,
                f"queue {element.id} has no max_depth: it grows until the broker runs out of space",
                f"set `max_depth` on {element.id} to the backlog you can drain in an acceptable time",
            )


@rule(
    "U006",
    "unbounded-fan-out",
    "warning",
    summary="a relation with `calls = unbounded`",
    bad="""
    service feed { replicas = 2 }
    service profiles { replicas = 2 }
    feed -> profiles { timeout = 500ms  calls = unbounded }
    """,
    good="""
    service feed { replicas = 2 }
    service profiles { replicas = 2 }
    feed -> profiles { timeout = 500ms  calls = 50 }
    """,
)
def unbounded_fan_out(ctx):
    """
    Flags a relation with `calls = unbounded`: the source makes as many calls per request as
    its input dictates (one per item of a list, an N+1 query).

    Why it matters: the load on the target grows with the data, not the traffic; one large
    request can take the target down, and no capacity plan holds. Capacity rules cannot even
    estimate the load past such a relation.
    """
    for relation in ctx.model.relations:
        if relation.calls == "unbounded":
            yield ctx.at_relation(
                relation,
                f"{_arrow(relation)} makes an unbounded number of calls per request",
                "page or batch the calls and declare the bound (`calls = 50`), or use one bulk call",
                prop="calls",
            )


@rule(
    "U007",
    "deep-synchronous-chain",
    "info",
    options=("limits.chain-depth",),
    summary="a flow whose call tree has more synchronous hops in a row than a limit (default 5)",
    bad="""
    actor user
    user -> a { protocol = https }
    flow order { steps = user -> a }
    service a { replicas = 2  -> b { timeout = 5s } }
    service b { replicas = 2  -> c { timeout = 4s } }
    service c { replicas = 2  -> d { timeout = 3s } }
    service d { replicas = 2  -> e { timeout = 2s } }
    service e { replicas = 2  -> f { timeout = 1s } }
    service f { replicas = 2  -> g { timeout = 500ms } }
    service g { replicas = 2 }
    """,
    good="""
    actor user
    user -> a { protocol = https }
    flow order { steps = user -> a }
    service a { replicas = 2  -> b { timeout = 5s } }
    service b { replicas = 2  -> c { timeout = 4s } }
    service c { replicas = 2  -> d { timeout = 3s }  ~> jobs }
    service d { replicas = 2 }
    queue jobs { replicas = 3  failover = automatic  max_depth = 1000  dlq = dead  ~> e }
    queue dead { replicas = 3  failover = automatic  max_depth = 1000 }
    worker e { replicas = 2  -> f { timeout = 1s } }
    service f { replicas = 2  -> g { timeout = 500ms } }
    service g { replicas = 2 }
    """,
)
def deep_synchronous_chain(ctx):
    """
    Flags a flow whose call tree has more synchronous hops in a row, out of components we run,
    than `limits.chain-depth` (default 5). The message prints the deepest run.

    Why it matters: every hop multiplies the chance of failure and adds its latency and its
    timeout to the chain; the caller at the top holds a thread and a connection for the whole
    time. Deep synchronous chains are where latency budgets and availability targets are lost.

    How the dependency model decides: the chain is read from the flow's whole call tree, named
    and expanded calls alike; an asynchronous hop starts a new request, and hops out of actors
    and externals are not counted (nothing of ours waits on them). Decisions: a journey rule
    (RULES.md): without a flow nothing is reported, since only a journey says which calls
    follow one another.
    """
    limit = ctx.limit("chain-depth")
    for flow in ctx.model.flows.values():
        chain = longest_synchronous_run(ctx.dependencies, flow)
        if len(chain) <= limit:
            continue
        path = [chain[0].source, *(r.target for r in chain)]
        yield ctx.at_flow(
            flow,
            f"flow {flow.id} makes {len(chain)} synchronous hops in a row "
            f"({' -> '.join(path)}), more than {limit:g}",
            "make a hop asynchronous (`~>` through a queue), merge services, or cache near the top",
            prop="steps",
            related=tuple(path),
        )


@rule(
    "U008",
    "connection-pool-exhaustion",
    "error",
    severity_note="warning where a caller of a database sets no `pool`",
    summary="callers' `max copies * pool` add up to more than the target's `max_connections`",
    bad="""
    service api { autoscale = 2..12 }
    database db { replicas = 2  failover = automatic  backup = daily  max_connections = 100 }
    api -> db { protocol = postgres  timeout = 500ms  pool = 20 }
    """,
    good="""
    service api { autoscale = 2..12 }
    database db { replicas = 2  failover = automatic  backup = daily  max_connections = 300 }
    api -> db { protocol = postgres  timeout = 500ms  pool = 20 }
    """,
)
def connection_pool_exhaustion(ctx):
    """
    Flags a target whose callers may open more connections than one copy of it accepts
    (`max_connections` is per copy): over the synchronous request relations into it, each
    caller's max copies (`max(replicas, autoscale.max)`) times the relation's `pool`, writers
    summed in full (they all land on the primary), readers (`access = read`) divided by the
    target's copies (an error, on the target). Separately flags each synchronous request
    relation from a component we run into a `database` that sets no `pool` (a warning, on the
    relation): its share cannot be counted.

    Why it matters: when autoscaling reaches its maximum under load, the new copies cannot
    connect; the database refuses connections at exactly the moment traffic peaks, and every
    caller fails together, often along with the database's own housekeeping.

    How the dependency model decides: only request relations hold pools; a monitoring scrape,
    replication or a backup job (`purpose` other than `request`) is not a caller's pool.
    Decisions: callers without `pool` are left out of the sum (the message says so), so the
    error fires only when the known pools alone exceed the limit. Readers are assumed spread
    evenly over the copies, as a read pool behind a load-balancing driver is.
    """
    for ident, total in ctx.analysis(connection_totals).items():
        target = ctx.model.elements[ident]
        if target.max_connections is not None and total.total > target.max_connections:
            unknown = sorted({r.source for r in total.without_pool})
            yield ctx.at_element(
                target,
                f"{ident}: up to {total.total:g} connections per copy ({total.describe_shares()}) "
                f"> max_connections {target.max_connections}"
                + (f"; not counted: {', '.join(unknown)} (no pool)" if unknown else ""),
                f"shrink the pools, cap the callers' autoscale max, put a connection pooler "
                f"(e.g. pgbouncer) in front of {ident}, or raise its max_connections",
                prop="max_connections",
                related=tuple(s.relation.source for s in total.shares),
            )
        if target.kind == ElementKind.DATABASE:
            for relation in total.without_pool:
                if relation.stream or relation.protocol == "file":
                    continue
                yield ctx.at_relation(
                    relation,
                    f"{_arrow(relation)} sets no pool: the model does not say how many "
                    f"connections {relation.source} opens to {ident}",
                    f"set `pool` on {_arrow(relation)} (connections per copy of "
                    f"{relation.source}; a client that multiplexes one connection is `pool = 1`)",
                    severity="warning",
                )


@rule(
    "U009",
    "latency-budget-exceeded",
    "info",
    summary="a flow whose `latency` is below the worst case of its first timed synchronous step",
    bad="""
    actor customer "Customer"
    service web { replicas = 2 }
    service api { replicas = 2 }
    customer -> web { protocol = https }
    web -> api { timeout = 2s  retries = 2  backoff = exponential  idempotent = true }
    flow search { steps = customer -> web -> api  latency = 1s }
    """,
    good="""
    actor customer "Customer"
    service web { replicas = 2 }
    service api { replicas = 2 }
    customer -> web { protocol = https }
    web -> api { timeout = 300ms  retries = 2  backoff = exponential  idempotent = true }
    flow search { steps = customer -> web -> api  latency = 1s }
    """,
)
def latency_budget_exceeded(ctx):
    """
    Flags a flow whose `latency` budget is below the worst case, `(retries + 1) * timeout`, of
    the first synchronous step of the flow that declares a `timeout`.

    Why it matters: the first timed step already allows itself more time than the whole
    journey may take. Under failure, the flow overruns its budget by design: clients and load
    balancers upstream time out first, and the timeouts below never get the chance to work.

    Decisions: only the first timed step is compared, as the catalog defines it; steps out of
    actors normally have no timeout, so the first timed step is usually the first hop we run.
    """
    for flow in ctx.model.flows.values():
        if flow.latency is None:
            continue
        step = first_timed_step(ctx.model, flow)
        if step is None or step.worst_case_time <= flow.latency:
            continue
        yield ctx.at_flow(
            flow,
            f"flow {flow.id} has a latency budget of {format_duration(flow.latency)}, but its first "
            f"timed step {_arrow(step)} may take {describe_worst_case(step)}",
            f"cut the timeout or retries of {_arrow(step)} below {format_duration(flow.latency)}, "
            "or raise the flow's `latency` if the budget is wrong",
            prop="latency",
            related=(step.source, step.target),
        )
