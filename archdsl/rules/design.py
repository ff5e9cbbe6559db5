"""D-family: design and change. Who owns what, what is connected to nothing, what is coupled to
too much, and which pairs of components call each other synchronously."""

from __future__ import annotations

from archdsl.analysis.coupling import coupling
from archdsl.model.kinds import OWNED_KINDS, ElementKind
from archdsl.model.schema import Model, Relation
from archdsl.rules.context import listing
from archdsl.rules.registry import rule

_SHARED_KINDS = frozenset({ElementKind.DATABASE, ElementKind.STORAGE, ElementKind.SEARCH})


def _writers(model: Model) -> dict[str, list[str]]:
    """Distinct writers of each database, storage or search, in file order of their relations."""
    stores = {ident for ident, element in model.elements.items() if element.kind in _SHARED_KINDS}
    writers: dict[str, dict[str, None]] = {}
    for relation in model.relations:
        if (
            relation.target in stores
            and relation.access != "read"
            and relation.source != relation.target
        ):
            writers.setdefault(relation.target, {})[relation.source] = None
    return {store: list(found) for store, found in writers.items()}


def _owner_conflict(owners: set[str | None]) -> str | None:
    """Why writers with these owners share a store badly, or None when one known owner has all."""
    known = owners - {None}
    if not known:
        return "whose owners are unknown"
    if len(known) > 1:
        return "of different owners"
    if None in owners:
        return f"not all owned by {next(iter(known))}"
    return None


@rule(
    "D001",
    "shared-datastore",
    "warning",
    summary="a `database`, `storage` or `search` written by components with different owners",
    bad="""
    service orders { owner = "orders-team" }
    service support { owner = "support-team" }
    database orders_db { owner = "orders-team" }
    orders -> orders_db { timeout = 500ms }
    support -> orders_db { timeout = 2s }
    """,
    good="""
    service orders { owner = "orders-team" }
    service support { owner = "support-team" }
    database orders_db { owner = "orders-team" }
    orders -> orders_db { timeout = 500ms }
    support -> orders { timeout = 2s }
    """,
)
def shared_datastore(ctx):
    """
    Flags a `database`, `storage` or `search` that components of different owners write to
    (a relation into it whose `access` is not `read`), or that two or more components write to
    when their owners are unknown.

    Why it matters: a schema written by two teams has no owner. Neither can change it without
    coordinating with the other, invariants are enforced in two code bases, and a migration by
    one breaks the other in production.

    Decisions: `owner` is the effective one (inherited from the boundary or the system). The
    finding is raised unless every writer has the same known owner: a writer without an owner
    could belong to anyone, so it counts as a different one. Readers (`access = read`) never
    count, and several relations from one writer count once.
    """
    for store_id, writer_ids in _writers(ctx.model).items():
        if len(writer_ids) < 2:
            continue
        writers = [ctx.model.elements[w] for w in writer_ids]
        reason = _owner_conflict({w.owner for w in writers})
        if reason is None:
            continue
        listed = ", ".join(f"{w.id} ({w.owner or 'no owner'})" for w in writers)
        store = ctx.model.elements[store_id]
        yield ctx.at_element(
            store,
            f"{store.kind} {store.id} is written by {len(writers)} components {reason}: {listed}",
            f"let one owning component write {store.id} and have the others call it or consume its "
            "events; mark relations that only read with `access = read`",
            related=tuple(writer_ids),
        )


@rule(
    "D002",
    "missing-owner",
    "info",
    summary="services, workers, functions or stores without `owner`; one finding listing them all",
    bad="""
    service api { replicas = 2 }
    database api_db { replicas = 2  failover = automatic  backup = daily  owner = "orders-team" }
    api -> api_db { timeout = 500ms }
    """,
    good="""
    service api { replicas = 2  owner = "orders-team" }
    database api_db { replicas = 2  failover = automatic  backup = daily  owner = "orders-team" }
    api -> api_db { timeout = 500ms }
    """,
)
def missing_owner(ctx):
    """
    Flags a service, worker, function or stateful component (database, cache, queue, storage,
    search, vault) that has no `owner`: neither its own, nor one inherited from an enclosing
    boundary or the `system`.

    Why it matters: when it pages at 3 AM nobody knows whom to call, and design findings about
    it (a shared datastore, an accepted risk) have nobody to act on them.

    Decisions: actors, externals, gateways, load balancers, CDNs and frontends are not flagged;
    the catalog names only the kinds above, and edge infrastructure is usually owned by the
    platform as a whole. Ownership is one decision for the workspace (usually a `system` owner
    or one per boundary), so this is one finding, anchored on the first element without an
    owner in file order, listing all of them as members; `accept D002 on <first>` accepts the
    whole group, naming another element accepts that one only.
    """
    missing = [
        element
        for element in ctx.model.elements.values()
        if element.kind in OWNED_KINDS and element.owner is None
    ]
    if not missing:
        return
    missing.sort(key=lambda e: e.span.sort_key())
    first = missing[0]
    count = len(missing)
    what = (
        f"{first.kind} {first.id} has no owner"
        if count == 1
        else f"{count} components have no owner: {listing(e.id for e in missing)}"
    )
    yield ctx.group(
        ctx.at_element(
            first,
            f"{what} (none of their own, their boundary's or the system's)"
            if count > 1
            else f"{what} (none of its own, its boundary's or the system's)",
            'set `owner = "<team>"` on the `system` (or on each boundary, or element)',
            related=tuple(e.id for e in missing),
        ),
        (ctx.member(e, detail=f"{e.kind}, no owner") for e in missing),
        subject="workspace",
    )


def _touched(model: Model) -> set[str]:
    """Every element some relation, flow step, `dlq`, element `fallback` or `data ... in` names."""
    touched: set[str] = set()
    for relation in model.relations:
        touched.update((relation.source, relation.target))
        if relation.fallback_element:
            touched.add(relation.fallback_element)
    for flow in model.flows.values():
        touched.update(flow.steps)
    for element in model.elements.values():
        if element.dlq:
            touched.add(element.dlq)
    for data in model.data.values():
        touched.update(data.stores)
    return touched


@rule(
    "D003",
    "orphan-element",
    "warning",
    summary="an element that no relation, flow or reference touches",
    bad="""
    service api { replicas = 2 }
    database orders_db { replicas = 2  failover = automatic  backup = daily }
    cache legacy_cache
    api -> orders_db { timeout = 500ms }
    """,
    good="""
    service api { replicas = 2 }
    database orders_db { replicas = 2  failover = automatic  backup = daily }
    api -> orders_db { timeout = 500ms }
    """,
)
def orphan_element(ctx):
    """
    Flags an element that nothing touches: it is the source or target of no relation, a step of
    no flow, nobody's `dlq`, no relation's `fallback`, and stores no `data`.

    Why it matters: an unconnected box is either dead (a decommissioned service still paid for,
    patched and counted in reviews) or a relation is missing from the model, and every rule
    about what depends on it is then reasoning about the wrong system.

    Decisions: a reference counts for the element referred to, not the one that refers: a queue
    whose only link is its own `dlq` is still an orphan, since nothing publishes to it or reads
    it. An `accept` naming an element does not count.
    """
    touched = _touched(ctx.model)
    for element in ctx.model.elements.values():
        if element.id in touched:
            continue
        yield ctx.at_element(
            element,
            f"{element.kind} {element.id} is connected to nothing: no relation, flow, dlq, fallback or "
            "data refers to it",
            f"add the relations that use {element.id}, or remove it from the model if it is gone",
        )


def _names(ids: tuple[str, ...], shown: int = 12) -> str:
    text = ", ".join(ids[:shown])
    return text + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


@rule(
    "D004",
    "high-coupling",
    "warning",
    summary="fan-in or fan-out above a limit (default 8)",
    options=("limits.coupling",),
    bad="""
    service bff
    service users
    service orders
    service carts
    service prices
    service stock
    service reviews
    service search
    service offers
    queue events
    bff -> users { timeout = 1s }
    bff -> orders { timeout = 1s }
    bff -> carts { timeout = 1s }
    bff -> prices { timeout = 1s }
    bff -> stock { timeout = 1s }
    bff -> reviews { timeout = 1s }
    bff -> search { timeout = 1s }
    bff -> offers { timeout = 1s }
    bff ~> events
    """,
    good="""
    service bff
    service users
    service orders
    service carts
    service prices
    service stock
    service reviews
    service search
    service catalog
    bff -> users { timeout = 1s }
    bff -> orders { timeout = 1s }
    bff -> carts { timeout = 1s }
    bff -> catalog { timeout = 1s }
    catalog -> prices { timeout = 1s }
    catalog -> stock { timeout = 1s }
    catalog -> reviews { timeout = 1s }
    catalog -> search { timeout = 1s }
    """,
)
def high_coupling(ctx):
    """
    Flags a component we run whose fan-out (distinct components it has relations to) or fan-in
    (distinct components with relations to it) is above the coupling limit (default 8,
    `limits.coupling`). Both arrows count; several relations between one pair count once.

    Why it matters: a component that calls many others fails when any of them does and must be
    retested whenever any of them changes; one that many others call cannot change its interface
    without a coordinated release of all of them.

    Decisions: actors and externals are skipped, since their coupling is not ours to redesign
    (a provider many components call is reported through F001, F006 and S007 instead). Routers
    (load balancers, gateways, CDNs) are skipped too: routing to many backends is their job, and
    coupling does not pass through them (RULES.md, "Routers"). Only request relations count: a
    monitoring system scraping every component is not coupled to them. Fan-in and fan-out are
    separate findings when both are over the limit.
    """
    limit = ctx.limit("coupling")
    shown = f"{limit:g}"
    for ident, counts in ctx.analysis(coupling).items():
        if len(counts.fan_out) <= limit and len(counts.fan_in) <= limit:
            continue  # most elements: no need to look further
        element = ctx.model.elements[ident]
        if not element.runs_here or element.kind.is_router:
            continue
        if len(counts.fan_out) > limit:
            yield ctx.at_element(
                element,
                f"{element.id} has relations to {len(counts.fan_out)} distinct components (limit {shown}): "
                f"{_names(counts.fan_out)}",
                f"split {element.id} by responsibility, or put the related calls behind one component "
                "(a facade or an aggregate service) or an event",
                related=counts.fan_out,
                key=":fan-out",
            )
        if len(counts.fan_in) > limit:
            yield ctx.at_element(
                element,
                f"{element.id} is used by {len(counts.fan_in)} distinct components (limit {shown}): "
                f"{_names(counts.fan_in)}",
                f"give the callers of {element.id} narrower interfaces (split it by consumer) or "
                "publish events they subscribe to instead of calling it",
                related=counts.fan_in,
                key=":fan-in",
            )


def _pair_ends(model: Model) -> set[str]:
    """The ids of the components a D005 pair may join: components we run, routers left out."""
    return {
        ident
        for ident, element in model.elements.items()
        if element.runs_here and not element.kind.is_router
    }


def _counts_for_pair(relation: Relation, pair_ends: set[str]) -> bool:
    """A synchronous request call between two different components of `pair_ends`, that is not
    a callback or a webhook."""
    if not relation.synchronous or relation.webhook or relation.callback or relation.out_of_band:
        return False
    if relation.source == relation.target:
        return False
    return relation.source in pair_ends and relation.target in pair_ends


def _mutual_pairs(model: Model) -> list[tuple[Relation, Relation]]:
    """For each pair calling each other synchronously (webhooks excluded): the first relation in
    file order and the first one of the opposite direction."""
    # Each relation judged once against a set of ids, not twice with element lookups: 0.26 s ->
    # 0.09 s at 10,000 components.
    pair_ends = _pair_ends(model)
    first: dict[tuple[str, str], Relation] = {}
    # (source, target) of calls without `fallback`: a pair needed both ways is a cycle of
    # needed calls, R006's finding.
    needed: set[tuple[str, str]] = set()
    for relation in sorted(model.relations, key=lambda r: r.order):
        if _counts_for_pair(relation, pair_ends):
            first.setdefault((relation.source, relation.target), relation)
            if relation.fallback is None:
                needed.add((relation.source, relation.target))
    pairs = []
    for (source, target), relation in first.items():
        back = first.get((target, source))
        if back is None or relation.order > back.order:
            continue
        if (source, target) in needed and (target, source) in needed:
            continue  # a synchronous cycle: R006 reports it, once, as an error
        pairs.append((relation, back))
    return sorted(pairs, key=lambda pair: pair[0].order)


@rule(
    "D005",
    "bidirectional-dependency",
    "warning",
    summary="`a -> b` and `b -> a` both synchronous request relations between components we run "
    "(callbacks and webhooks excluded)",
    bad="""
    service orders { replicas = 2 }
    service billing { replicas = 2 }
    orders -> billing "creates invoice" { timeout = 1s }
    billing -> orders "reads order" { timeout = 1s  fallback = "use the cached order" }
    """,
    good="""
    service orders { replicas = 2 }
    service billing { replicas = 2 }
    queue invoice_events { replicas = 3  failover = automatic  max_depth = 10000 }
    orders -> billing "creates invoice" { timeout = 1s }
    billing ~> invoice_events "invoice created"
    """,
)
def bidirectional_dependency(ctx):
    """
    Flags two components that call each other synchronously (`a -> b` and `b -> a`), once per
    pair, anchored on whichever of the two relations comes first in the files. Webhooks are
    callbacks, not nested calls, and do not count.

    Why it matters: the two can no longer be deployed, scaled or reasoned about separately; a
    request that goes one way and calls back the other way holds threads on both sides and
    deadlocks under load, and an outage of either takes both down.

    Decisions: asynchronous relations (`~>`) do not count for either direction, nor do relations
    marked `callback = true` (the caller asked to be called back), out-of-band relations (a
    scrape is no call), relations to or from actors and externals (we fetch a provider's keys,
    it delivers webhooks to us: no shared deployment), or pairs with a router (a service calling
    back through the gateway that routes to it is no loop: RULES.md, "Routers"). A pair whose
    calls both ways have no `fallback` is a cycle of needed calls, which R006 reports as an error;
    it is not reported twice (one finding per root cause). When several
    relations run between the pair, the message names the first of each direction. A relation
    from a component to itself is no pair (a longer cycle is R006's finding).
    """
    for relation, back in _mutual_pairs(ctx.model):
        yield ctx.at_relation(
            relation,
            f"{relation.source} and {relation.target} call each other synchronously: "
            f"{_describe(relation)} and {_describe(back)}",
            f"make one direction asynchronous (an event through a queue), pass the data "
            f"{back.source} needs along with the call, or merge the two",
            related=(relation.source, relation.target),
        )


def _describe(relation: Relation) -> str:
    label = f' "{relation.label}"' if relation.label else ""
    return f"{relation.source} -> {relation.target}{label}"
