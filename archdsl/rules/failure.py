"""F-family: failure handling. What happens when a call fails: protection around providers we
do not run, retries that are safe to repeat, webhooks that are verified and not lost, queues
with somewhere for poison messages to go, and flows with targets that survive a provider's
outage. Flow dependencies come from the dependency model (archdsl.analysis.dependency_model)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archdsl.analysis.availability import percent
from archdsl.graph.views import synchronous_relations
from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Model, Relation
from archdsl.rules.registry import rule

if TYPE_CHECKING:
    from archdsl.analysis.dependency_model import DependencyModel

# Stores where a webhook handler can persist an event before answering (besides a queue).
_PERSISTING_KINDS = frozenset({ElementKind.DATABASE, ElementKind.STORAGE})


def _arrow(relation: Relation) -> str:
    return f"{relation.source} {relation.arrow} {relation.target}"


def _times(relation: Relation) -> str:
    return "without limit" if relation.retries == "unlimited" else f"{relation.retries}x"


def _retries(relation: Relation) -> int | float:
    return float("inf") if relation.retries == "unlimited" else relation.retries


@rule(
    "F001",
    "external-call-without-protection",
    "warning",
    summary="a synchronous call to an `external` with neither retries nor `circuit_breaker` nor `fallback`",
    bad="""
    service api { replicas = 2 }
    external geo "Geocoding API"
    api -> geo { protocol = https  timeout = 2s }
    """,
    good="""
    service api { replicas = 2 }
    external geo "Geocoding API"
    api -> geo { protocol = https  timeout = 2s  circuit_breaker = true  fallback = "skip the map" }
    """,
)
def external_call_without_protection(ctx):
    """
    Flags a synchronous call from a component we run to an `external` that has no `retries`,
    no `circuit_breaker` and no `fallback`: nothing at all handles the provider failing.

    Why it matters: providers have blips, deploys and outages we cannot see or fix. Without a
    retry, a single dropped connection fails the user's request; without a breaker or a
    fallback, an outage of the provider becomes ours, with every caller's threads waiting on it.

    Decisions: any one of the three counts as protection, as the catalog says; whether the
    protection is enough is for U001, U002 and F006.
    """
    externals = {e.id for e in ctx.model.elements.values() if e.kind == ElementKind.EXTERNAL}
    for relation in synchronous_relations(ctx.model):
        if relation.target not in externals:
            continue
        if not ctx.model.elements[relation.source].runs_here:
            continue
        if relation.retries == 0 and not relation.circuit_breaker and relation.fallback is None:
            yield ctx.at_relation(
                relation,
                f"{_arrow(relation)} calls an external with no retries, circuit_breaker or fallback",
                f"add `circuit_breaker = true` and a `fallback` on {_arrow(relation)}, or a bounded retry "
                "with backoff for idempotent calls",
            )


_F002_SEVERITY = {"write": "error", "notify": "info"}  # effect = read: safe to repeat, no finding


@rule(
    "F002",
    "retry-without-idempotency",
    "error",
    summary="`retries > 0` on a call that is neither `idempotent` nor uses an `idempotency_key`: "
    "error for `effect = write`, info for `notify`, none for `read`",
    bad="""
    service api { replicas = 2 }
    external stripe "Stripe"
    api -> stripe "charges cards" {
      timeout = 3s  retries = 2  backoff = exponential  circuit_breaker = true
    }
    """,
    good="""
    service api { replicas = 2 }
    external stripe "Stripe"
    api -> stripe "charges cards" {
      timeout = 3s  retries = 2  backoff = exponential  circuit_breaker = true
      idempotency_key = true
    }
    """,
)
def retry_without_idempotency(ctx):
    """
    Flags a relation with `retries > 0` (or `unlimited`) that is neither `idempotent = true` nor
    sends an `idempotency_key`, by what a second attempt does (`effect`): an error for
    `effect = write` (the default), an info for `effect = notify` (a duplicate e-mail or push), and
    nothing for `effect = read` (`access = read` resolves to it).

    Why it matters: a timeout does not tell the caller whether the call took effect. Retrying a
    call that is not safe to repeat performs it twice: a retried payment charges twice, a
    retried "create shipment" ships two parcels. A duplicate notification annoys but harms
    nobody, and reading twice changes nothing.

    Decisions: webhook relations are left to F004, which checks their idempotency. Out-of-band
    relations (a metrics scrape, replication, a backup job) are not calls of a journey and are
    not asked. The message names the effect, so a relation that only notifies or reads can be
    marked so (`effect = notify`, `effect = read`) rather than accepted.
    """
    for relation in ctx.model.relations:
        if _retries(relation) <= 0 or relation.webhook or relation.out_of_band:
            continue
        if relation.idempotent or relation.idempotency_key:
            continue
        severity = _F002_SEVERITY.get(relation.effect)
        if severity is None:
            continue
        what = "perform it twice" if relation.effect == "write" else "send it twice"
        yield ctx.at_relation(
            relation,
            f"{_arrow(relation)} retries {_times(relation)} but is not idempotent "
            f"(effect = {relation.effect}): a retry may {what}",
            f"send an idempotency key (`idempotency_key = true`), make {relation.target}'s operation "
            "idempotent and say so (`idempotent = true`), or set `retries = 0`; a call that only "
            "reads is `effect = read`",
            prop="retries",
            severity=severity,
        )


@rule(
    "F003",
    "unverified-webhook",
    "error",
    summary="a `webhook` relation without `signature`",
    bad="""
    external stripe "Stripe"
    function hooks { replicas = 2  auth = hmac }
    queue events { replicas = 3  failover = automatic  max_depth = 10000 }
    stripe -> hooks { webhook = true  idempotent = true }
    hooks ~> events
    """,
    good="""
    external stripe "Stripe"
    function hooks { replicas = 2  auth = hmac }
    queue events { replicas = 3  failover = automatic  max_depth = 10000 }
    stripe -> hooks { webhook = true  signature = hmac  idempotent = true }
    hooks ~> events
    """,
)
def unverified_webhook(ctx):
    """
    Flags a webhook relation (`webhook = true`) whose `signature` is unset or `none`.

    Why it matters: a webhook endpoint is public by nature; anyone who finds its address can
    post a forged "payment succeeded" event. Verifying the provider's signature is the only
    thing that tells a real callback from a forged one.
    """
    for relation in ctx.model.relations:
        if relation.webhook and relation.signature in (None, "none"):
            yield ctx.at_relation(
                relation,
                f"webhook {_arrow(relation)} is not verified (no signature)",
                f"verify the provider's signature: `signature = hmac` (or `mtls`, `jwt`) on {_arrow(relation)}",
                prop="signature" if "signature" in relation.property_spans else None,
            )


def outgoing(model: Model) -> dict[str, list[Relation]]:
    """Request relations by source, so per-webhook checks do not walk every relation each time."""
    by_source: dict[str, list[Relation]] = {}
    for relation in model.relations:
        if not relation.out_of_band:
            by_source.setdefault(relation.source, []).append(relation)
    return by_source


def handlers(model: Model, webhook: Relation, by_source: dict[str, list[Relation]]) -> list[str]:
    """The components that serve a webhook: its target, or, for a router (load balancer,
    gateway, CDN), the components its routes lead to, followed through further routers."""
    found: list[str] = []
    pending, seen = [webhook.target], {webhook.target}
    while pending:
        current = pending.pop(0)
        if not model.elements[current].kind.is_router:
            found.append(current)
            continue
        for relation in by_source.get(current, ()):
            if relation.target not in seen:
                seen.add(relation.target)
                pending.append(relation.target)
    return found


def _persists(model: Model, relation: Relation) -> bool:
    """A hand-off to a queue, or a write to a database or storage, that is not ephemeral."""
    target = model.elements[relation.target]
    if target.persistence == "ephemeral" or relation.effect == "read":
        return False
    if target.kind == ElementKind.QUEUE:
        return relation.access != "read"
    return relation.synchronous and target.kind in _PERSISTING_KINDS and relation.access != "read"


def persists_before_ack(
    model: Model, webhook: Relation, by_source: dict[str, list[Relation]]
) -> bool:
    """The webhook is `durable`, or a component serving it hands it to a queue (either arrow) or
    writes it to a database or storage (`access` other than `read`), not `persistence =
    ephemeral`."""
    if webhook.durable:
        return True
    return any(
        _persists(model, relation)
        for handler in handlers(model, webhook, by_source)
        for relation in by_source.get(handler, ())
    )


@rule(
    "F004",
    "webhook-not-durable",
    "warning",
    summary="a webhook not persisted or handed to a queue before acknowledging, or not `idempotent`",
    bad="""
    external stripe "Stripe"
    function hooks { replicas = 2  auth = hmac }
    stripe -> hooks { webhook = true  signature = hmac }
    """,
    good="""
    external stripe "Stripe"
    function hooks { replicas = 2  auth = hmac }
    queue events { replicas = 3  failover = automatic  max_depth = 10000 }
    stripe -> hooks { webhook = true  signature = hmac  idempotent = true }
    hooks ~> events
    """,
)
def webhook_not_durable(ctx):
    """
    Flags a webhook relation (`webhook = true`) when either holds:
    - the event is not persisted before it is acknowledged: the relation is not `durable = true`,
      and its handler (the relation's target, followed through routers to the component that
      serves it) neither hands it to a `queue` (`~>`, or `->` for a synchronous enqueue) nor
      writes it to a `database` or `storage`; or
    - the webhook is not idempotent: neither `idempotent = true` nor `idempotency_key = true`.

    One finding per webhook names every reason.

    Why it matters: providers deliver webhooks at least once and give up after a few tries. A
    handler that does the work before answering loses the event when it crashes at 3 AM, and
    one that is not idempotent acts twice on every redelivery: a missed or doubled payment.

    Decisions: the model does not say in which order a handler acts, so a handler with such a
    hand-off is taken to do it before it acknowledges. A synchronous write to a database or
    storage (not `access = read`) counts as persisting: the inbox-table pattern is as durable
    as a queue. A store or queue with `persistence = ephemeral` (a cache, an in-memory broker)
    does not: a restart loses the event. A webhook into a router (a load balancer, a gateway, a
    CDN) is served by what the router's routes lead to; when they lead to several components,
    one that persists is enough (the fewer false alarms: the model does not say which route the
    provider's calls take). Out-of-band relations (a backup job) persist nothing for the handler.
    """
    by_source = ctx.analysis(outgoing)
    for relation in ctx.model.relations:
        if not relation.webhook:
            continue
        reasons = []
        if not persists_before_ack(ctx.model, relation, by_source):
            served_by = handlers(ctx.model, relation, by_source)
            who = relation.target
            if served_by != [relation.target]:
                who = f"{', '.join(served_by) or 'nothing'} (behind {relation.target})"
            reasons.append(
                f"{who} neither persists the event nor hands it to a queue before acknowledging"
            )
        if not (relation.idempotent or relation.idempotency_key):
            reasons.append("it is not idempotent, so a redelivery is processed twice")
        if reasons:
            yield ctx.at_relation(
                relation,
                f"webhook {_arrow(relation)}: " + "; ".join(reasons),
                f"have {relation.target} enqueue the event (`{relation.target} ~> <queue>`) or set "
                "`durable = true` once it is stored, and deduplicate by event id (`idempotent = true`)",
            )


def consumers(model: Model) -> dict[str, list[str]]:
    """Queue id -> the components that consume it: targets of relations out of the queue, and
    sources of synchronous relations into it that read (`access = read`, or a `worker` not
    declared `access = write`)."""
    queues = {
        ident for ident, element in model.elements.items() if element.kind == ElementKind.QUEUE
    }
    found: dict[str, list[str]] = {}
    for relation in model.relations:  # set membership, not two element lookups: 0.035 s -> 0.016 s
        if relation.source in queues:
            found.setdefault(relation.source, []).append(relation.target)
        elif (
            relation.target in queues
            and relation.synchronous
            and _reads(model.elements[relation.source].kind, relation)
        ):
            found.setdefault(relation.target, []).append(relation.source)
    return found


def _reads(source_kind: str, relation: Relation) -> bool:
    return relation.access == "read" or (
        source_kind == ElementKind.WORKER and relation.access != "write"
    )


@rule(
    "F005",
    "missing-dead-letter-queue",
    "warning",
    summary="a queue that is consumed without a `dlq`",
    bad="""
    queue jobs { replicas = 3  failover = automatic  max_depth = 10000 }
    worker mailer { replicas = 2 }
    jobs ~> mailer
    """,
    good="""
    queue jobs { replicas = 3  failover = automatic  max_depth = 10000  dlq = jobs_dlq }
    queue jobs_dlq { replicas = 3  failover = automatic  max_depth = 10000 }
    worker mailer { replicas = 2 }
    jobs ~> mailer
    """,
)
def missing_dead_letter_queue(ctx):
    """
    Flags a `queue` without `dlq` that is consumed: a relation leads out of it (`queue ~> worker`),
    or a component reads it synchronously (`worker -> queue`, or any `-> queue` with
    `access = read`).

    Why it matters: a message its consumer cannot process (a poison message) is redelivered
    forever; it blocks the messages behind it or burns the consumer's capacity, and when it is
    finally dropped nobody can find out what was lost.

    Decisions: a queue that is itself another queue's `dlq` is not flagged: a dead-letter queue
    of the dead-letter queue only moves the problem. A `worker -> queue` with `access = write`
    publishes and does not consume.
    """
    dead_letter_queues = {e.dlq for e in ctx.model.elements.values() if e.dlq}
    for ident, readers in ctx.analysis(consumers).items():
        queue = ctx.model.elements[ident]
        if queue.dlq is not None or ident in dead_letter_queues:
            continue
        readers = list(dict.fromkeys(readers))
        yield ctx.at_element(
            queue,
            f"queue {ident} is consumed by {', '.join(readers)} but has no dlq: poison messages "
            "are retried forever or lost",
            f"declare a dead-letter queue and set `dlq = <queue>` on {ident}",
            related=tuple(readers),
        )


def external_dependencies(dependencies: DependencyModel) -> list[tuple[str, list[Relation]]]:
    """(flow, relations) for every flow that breaks when an external fails: for each external the
    flow depends on (archdsl.analysis.dependency_model), the needed relation into it that the
    flow reaches it through, in flow and file order."""
    model = dependencies.model
    found = []
    for tree in dependencies.trees():
        into = [
            tree.via[element]
            for element in tree.depends_on
            if element != tree.start
            and model.elements[element].kind == ElementKind.EXTERNAL
            and element in tree.via
        ]
        if into:
            found.append((tree.flow, into))
    return found


@rule(
    "F006",
    "critical-path-without-fallback",
    "warning",
    summary="a flow with an `slo` that depends on an `external` (through a needed call) with no "
    "`fallback`; one finding per flow",
    bad="""
    actor customer
    service api { replicas = 2 }
    external geo "Geocoding API"
    customer -> api { protocol = https }
    api -> geo { timeout = 2s  circuit_breaker = true }
    flow order { steps = customer -> api  slo = 99.9% }
    """,
    good="""
    actor customer
    service api { replicas = 2 }
    external geo "Geocoding API"
    customer -> api { protocol = https }
    api -> geo { timeout = 2s  circuit_breaker = true  fallback = "use the postcode centroid" }
    flow order { steps = customer -> api  slo = 99.9% }
    """,
)
def critical_path_without_fallback(ctx):
    """
    Flags a flow with an `slo` that depends on one or more `external`s: the flow breaks when one
    of them fails, because the flow reaches it through needed calls (synchronous, or publishing
    into a queue) without a `fallback`. One finding per flow, listing the externals; its members
    are the relations into them, where a `fallback` would go.

    Why it matters: the flow can be no more available than a provider we do not run and cannot
    fix, and its SLO is spent on the provider's incidents. A fallback (a cached answer, a
    degraded mode, a queue to retry later) keeps the journey working while the provider is down.

    How the dependency model decides: "depends on" is the shared model's (RULES.md, "How failure
    and load travel"): the flow's call tree is the relations its steps name, plus all the calls of
    an element whose calls the flow names none of; the flow depends on what it reaches from its
    start through needed calls of that tree. So a provider that another page of the same gateway
    calls, but this flow does not, is not this flow's dependency; an external the flow starts at
    (a webhook from Stripe) is not one either, nor is what follows an asynchronous hop after the
    first. When the call into the external was reached by expansion (the flow did not name it),
    the message says so: naming the calls the element makes on this journey settles it.

    Decisions: one finding per flow, not per flow and external: the SLO is the flow's, and the
    fix is decided per journey. `accept F006 on <flow>` accepts it; naming the caller or the
    external of one relation accepts that member.
    """
    model = ctx.model
    for flow_id, relations in external_dependencies(ctx.dependencies):
        flow = model.flows[flow_id]
        if flow.slo is None:
            continue
        tree = ctx.dependencies.tree(flow_id)
        externals = [r.target for r in relations]
        expanded = [_arrow(r) for r in relations if not tree.is_named(r)]
        message = (
            f"flow {flow_id} (slo {percent(flow.slo)}) fails when external "
            f"{' or '.join(externals)} fails: {', '.join(_arrow(r) for r in relations)} "
            f"{'has' if len(relations) == 1 else 'have'} no fallback"
        )
        if expanded:
            message += f" (reached by expansion: the flow does not name {', '.join(expanded)})"
        yield ctx.group(
            ctx.at_flow(
                flow,
                message,
                f"add a `fallback` on {', '.join(_arrow(r) for r in relations)} (a cached answer, "
                "a degraded mode, or a queue to retry later)",
                related=tuple(dict.fromkeys((*externals, *(r.source for r in relations)))),
            ),
            (
                ctx.member(r, detail=f"external {r.target}, no fallback", prop="fallback")
                for r in relations
            ),
        )
