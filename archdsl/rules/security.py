"""S-family, access: authentication where trust is crossed or the internet comes in, datastores
reachable from outside or without credentials, and public endpoints without a rate limit. The
data rules (S001, S002, S006, S007, S010) are in `archdsl.rules.security_data`.

The shared facts come from `archdsl.analysis.exposure`: public entry points with their reasons
and trust crossings.
"""

from __future__ import annotations

from archdsl.analysis.exposure import Exposure, exposures, trust_crossings
from archdsl.graph.views import authenticated, components_we_run
from archdsl.model.kinds import EXPOSURE_PASSING_KINDS, ElementKind
from archdsl.model.schema import Element, Model, Relation
from archdsl.rules.context import listing
from archdsl.rules.registry import rule


def _guards_its_own_requests(element: Element) -> bool:
    """Whether S004/S008 ask this entry point for auth and a rate limit (see their decisions)."""
    return not (
        element.kind in EXPOSURE_PASSING_KINDS
        or element.kind == ElementKind.FRONTEND
        or element.stateful
    )


def _guarded_entries(ctx):
    """(element, "x is a public entry point (reasons)") for each entry point S004/S008 ask."""
    for exposure in ctx.analysis(exposures).values():
        element = ctx.model.elements[exposure.element]
        if _guards_its_own_requests(element):
            yield element, f"{element.id} is a public entry point ({exposure.describe(ctx.model)})"


@rule(
    "S003",
    "unauthenticated-boundary-crossing",
    "error",
    summary="a relation entering a boundary of higher trust, not to a public entry point, without `auth`",
    bad="""
    boundary dmz { trust = low  service web { exposed = public  auth = oauth2  rate_limit = 50rps } }
    boundary private { trust = high  service billing }
    web -> billing { protocol = https  timeout = 2s }
    """,
    good="""
    boundary dmz { trust = low  service web { exposed = public  auth = oauth2  rate_limit = 50rps } }
    boundary private { trust = high  service billing }
    web -> billing { protocol = https  auth = mtls  timeout = 2s }
    """,
)
def unauthenticated_boundary_crossing(ctx):
    """Flags a relation from an element of lower trust into one of higher trust (boundary
    `trust`: untrusted < low < medium < high) whose target is not a public entry point, when the
    call is not authenticated (no `auth`, or `auth = none`). Public entry points are S004's.

    Why it matters: a trust boundary is only a boundary if crossing it takes credentials. Without
    them, whoever compromises the less trusted side (one vulnerable page in the DMZ) talks to the
    private network as if it were inside it.

    Decisions: the call counts as authenticated when the relation declares `auth`, when the
    target declares an `auth` other than `none` (it then requires credentials from every
    caller), or when it is a webhook verified by a `signature`. Elements outside every boundary
    with a trust (other than actors and externals) have no trust level and cross nothing.
    Out-of-band relations count (RULES.md, "Out of band"): an unauthenticated metrics scrape from
    the DMZ into the private network is still a way in.
    """
    model = ctx.model
    entries = ctx.analysis(exposures).keys()  # shared with S004, S005, S008: computed once
    for crossing in trust_crossings(model, entries):
        if crossing.into_entry_point or crossing.authenticated:
            continue
        relation = model.relation(crossing.relation)
        yield ctx.at_relation(
            relation,
            f"{relation.source} -> {relation.target} enters trust {crossing.target_trust} from "
            f"{crossing.source_trust} without auth; {relation.target} is not a public entry point and "
            "declares no auth",
            f"set `auth` on the relation (mtls, jwt, iam, ...), or `auth` on {relation.target} so it "
            "authenticates every caller",
            prop="auth",
        )


@rule(
    "S004",
    "public-endpoint-without-auth",
    "error",
    summary="a public entry point (not a load balancer or CDN) that declares no `auth` at all",
    bad="""
    service api { exposed = public  rate_limit = 100rps }
    """,
    good="""
    service api { exposed = public  auth = oauth2  rate_limit = 100rps }
    """,
)
def public_endpoint_without_auth(ctx):
    """Flags a public entry point (`exposed = public`, called directly by an untrusted element,
    or behind a load balancer or CDN that is one) that declares no `auth`. An explicit
    `auth = none` passes: an anonymous endpoint is then a visible, reviewable decision.

    Why it matters: an endpoint on the internet whose authentication nobody wrote down is either
    open by accident or protected in a way reviewers cannot see; both end with someone scraping
    or changing data they should not reach.

    Decisions: load balancers and CDNs forward and are not asked; neither is a `frontend` (client
    code on the user's device authenticates nobody: the API it calls must), nor a stateful
    element, which S005 reports because the fix is to stop exposing it, not to add a password.
    The element's own `auth` is what counts: an endpoint serves every caller on the internet,
    not only the callers the model draws. One exception, as RULES.md says: an entry point that is
    one only because outside systems call it, each through a relation with a `signature` other
    than `none` (a webhook receiver verifying Stripe's signature), is authenticated by those
    signatures.
    """
    signed = _signed_only(ctx.model, ctx.analysis(exposures))
    for element, entry in _guarded_entries(ctx):
        if element.auth is None and element.id not in signed:
            yield ctx.at_element(
                element,
                f"{entry} and declares no auth",
                f"declare how callers authenticate (`auth = oauth2`, `jwt`, `session`, ...) on "
                f"{element.id}, or `auth = none` if it is anonymous on purpose",
            )


def _signed_only(model: Model, found_exposures: dict[str, Exposure]) -> frozenset[str]:
    """Entry points reached from outside only through relations that carry a `signature` (not
    `exposed = public`, not behind a router): a verified webhook authenticates its caller."""
    candidates = {
        ident
        for ident, exposure in found_exposures.items()
        if exposure.untrusted_callers and not exposure.public and not exposure.passers
    }
    # One pass over the relations, not one per candidate: 0.09 s -> 0.01 s at 10,000.
    inbound: dict[str, list[Relation]] = {}
    for relation in model.relations:
        if relation.target in candidates:
            inbound.setdefault(relation.target, []).append(relation)
    found = set()
    for ident in candidates:
        callers = found_exposures[ident].untrusted_callers
        if all(r.signature not in (None, "none") for r in inbound[ident] if r.source in callers):
            found.add(ident)
    return frozenset(found)


@rule(
    "S005",
    "datastore-reachable-from-untrusted",
    "error",
    summary="a stateful component that is itself a public entry point (pre-signed URLs and "
    "static origins pass)",
    bad="""
    actor analyst
    database reports_db { encrypted = true }
    analyst -> reports_db { protocol = postgres  tls = true }
    """,
    good="""
    actor analyst
    service reports { auth = oauth2  rate_limit = 20rps }
    database reports_db { encrypted = true }
    analyst -> reports { protocol = https }
    reports -> reports_db { protocol = postgres  tls = true  auth = iam  timeout = 2s }
    """,
)
def datastore_reachable_from_untrusted(ctx):
    """Flags a database, cache, queue, storage, search or vault that is a public entry point:
    `exposed = public`, called directly by an actor or external outside every trusted boundary
    or by anything in an untrusted boundary, or behind a public load balancer or CDN.

    Why it matters: a datastore on the internet is scanned within minutes; one weak password or
    unpatched version away from the whole dataset being copied or ransomed. A service in front
    limits what a caller can ask for to what the API allows.

    Decisions: a `storage` passes when everything that reaches it from outside is either signed
    by us or read-only through a router, the two designs object stores are built for:
    - pre-signed URLs: each relation from outside (or the storage itself) has
      `auth = presigned`: a service we run signs each URL for one object and a short time, and
      an `exposed = public` storage passes when it requires `auth = presigned` itself;
    - a static origin: relations from a `cdn` (a CDN only fetches from its origin), or from a
      `load_balancer` with `access = read` (nginx serving static files), into the storage.
    Any other datastore behind a router, and a storage that is also written from outside without
    a pre-signed URL, is flagged.
    """
    model = ctx.model
    for exposure in ctx.analysis(exposures).values():
        element = model.elements[exposure.element]
        if not element.stateful or _signed_or_static(model, element, exposure):
            continue
        yield ctx.at_element(
            element,
            f"{element.kind} {element.id} is reachable from untrusted callers: "
            f"{exposure.describe(model)}",
            f"keep {element.id} internal: put a service that authenticates callers in front of it "
            "and remove `exposed = public` or the direct relations (object storage: hand out "
            "pre-signed URLs, `auth = presigned`)",
            prop="exposed",
            related=exposure.untrusted_callers + exposure.passers,
        )


def _signed_or_static(model: Model, element: Element, exposure: Exposure) -> bool:
    """A storage reached from outside only with pre-signed URLs or as a read-only origin."""
    if element.kind != ElementKind.STORAGE:
        return False
    if element.exposed == "public" and element.auth != "presigned":
        return False
    inbound = [
        r
        for r in model.relations
        if r.target == element.id
        and (r.source in exposure.untrusted_callers or r.source in exposure.passers)
    ]
    return all(_signed_or_read_through_router(model, element, r) for r in inbound)


def _signed_or_read_through_router(model: Model, element: Element, relation: Relation) -> bool:
    if (relation.auth or element.auth) == "presigned":
        return True
    kind = model.elements[relation.source].kind
    return kind == ElementKind.CDN or (
        kind == ElementKind.LOAD_BALANCER and relation.effect == "read"
    )


@rule(
    "S008",
    "public-endpoint-without-rate-limit",
    "warning",
    summary="a public entry point (not a load balancer or CDN) without `rate_limit`",
    bad="""
    service api { exposed = public  auth = jwt }
    """,
    good="""
    service api { exposed = public  auth = jwt  rate_limit = 100rps }
    """,
)
def public_endpoint_without_rate_limit(ctx):
    """Flags a public entry point (`exposed = public`, called directly by an untrusted element,
    or behind a load balancer or CDN that is one) without a `rate_limit`.

    Why it matters: without a limit, one scraper, a credential-stuffing run or a client stuck in
    a retry loop consumes the capacity every other customer needs; the limit turns an outage into
    429s for the one caller at fault.

    Decisions: as for S004, load balancers, CDNs, frontends (client code on the user's device)
    and stateful elements (S005) are not asked; the limit belongs on the component that serves
    the requests.
    """
    for element, entry in _guarded_entries(ctx):
        if element.rate_limit is None:
            yield ctx.at_element(
                element,
                f"{entry} without rate_limit",
                f"set `rate_limit` on {element.id} (e.g. `rate_limit = 100rps`) so one caller cannot "
                "take its whole capacity",
            )


@rule(
    "S009",
    "unauthenticated-datastore-access",
    "warning",
    summary="a request relation from a component we run to a stateful component without `auth`; "
    "one finding per datastore",
    bad="""
    service web
    cache sessions
    web -> sessions { protocol = redis  timeout = 100ms }
    """,
    good="""
    service web
    cache sessions
    web -> sessions { protocol = redis  auth = basic  timeout = 100ms }
    """,
)
def unauthenticated_datastore_access(ctx):
    """Flags a relation from a component we run to a database, cache, queue, storage, search or
    vault that is not authenticated (no `auth`, or `auth = none`).

    Why it matters: a datastore that accepts anyone who can open a connection turns any
    compromised neighbour (one vulnerable container in the same network) into full read and
    write access to the data, with nothing in the logs saying who it was.

    Decisions: asynchronous relations count (publishing into a queue is writing to it); webhooks
    cannot occur here, since only an external sends one. Out-of-band relations do not count: a
    monitoring scrape reads an exporter's metrics, not the data (S003 still asks for auth when
    one crosses into higher trust), and replication or a backup job is the store's own traffic.
    `protocol = file` (a shared volume) has no connection to authenticate. As for S003, a target that declares an
    `auth` other than `none` authenticates every caller, so the relation passes. A relation out
    of a datastore (`queue ~> worker`) is not checked: its target is not stateful.

    One finding per datastore (RULES.md, "One finding per root cause"): the fix is usually one
    decision on the store (require credentials), so the finding is anchored on the datastore and
    lists the relations without auth as its members. `accept S009 on orders_db` accepts the
    group; naming a caller accepts its relations only.
    """
    model = ctx.model
    ours = ctx.analysis(components_we_run)
    stores = {ident for ident, element in model.elements.items() if element.stateful}
    open_calls: dict[str, list] = {}
    for relation in model.relations:
        if relation.target not in stores or relation.source not in ours:
            continue
        if relation.out_of_band or relation.protocol == "file":
            continue
        if not authenticated(model, relation):
            open_calls.setdefault(relation.target, []).append(relation)
    for store_id, relations in open_calls.items():
        store = model.elements[store_id]
        callers = list(dict.fromkeys(r.source for r in relations))
        count = len(relations)
        calls = "1 relation" if count == 1 else f"{count} relations"
        yield ctx.group(
            ctx.at_element(
                store,
                f"{store.kind} {store.id} is reached without auth by {calls} from "
                f"{listing(callers)}",
                f"set `auth` on {store.id} so it requires credentials from every caller, or "
                "`auth` on each relation (iam, mtls, basic, ...)",
                related=callers,
                prop="auth",
            ),
            (ctx.member(r, detail="no auth", prop="auth") for r in relations),
        )
