"""S-family: security. Sensitive data at rest and in transit, authentication where trust is
crossed or the internet comes in, datastores reachable from outside, secrets in plaintext, personal
data sent to third parties, and public endpoints without a rate limit.

The shared facts come from `archdsl.analysis.exposure`: public entry points with their reasons,
trust crossings, and the inventory of classified data per store and per relation.
"""

from __future__ import annotations

from archdsl.analysis.exposure import (
    Exposure,
    SensitiveData,
    data_inventory,
    exposures,
    trust_crossings,
)
from archdsl.graph.views import authenticated
from archdsl.model.kinds import EXPOSURE_PASSING_KINDS, FIELD_CLASS_FLAGS, PERSONAL_FLAGS
from archdsl.model.schema import Element, Model
from archdsl.rules.context import listing
from archdsl.rules.registry import rule

_SECRET = frozenset({"secret"})


def _listing(items: tuple[SensitiveData, ...], classes, unprotected_only: bool = False) -> str:
    """`Customer: email (pii), name (pii); Order: card_last4 (pci)`."""
    return "; ".join(
        f"{data.name}: " + ", ".join(f.describe() for f in fields)
        for data in items
        if (fields := data.with_classes(classes, unprotected_only))
    )


def _encrypted_at_rest(element: Element) -> bool:
    return element.encrypted or element.kind == "vault"


def _guards_its_own_requests(element: Element) -> bool:
    """Whether S004/S008 ask this entry point for auth and a rate limit (see their decisions)."""
    return not (
        element.kind in EXPOSURE_PASSING_KINDS or element.kind == "frontend" or element.stateful
    )


def _unencrypted_stores(ctx, classes):
    """(store, listing of its plaintext fields of `classes`) for each store not encrypted at rest."""
    inventory = ctx.analysis(data_inventory)
    for element in ctx.model.elements.values():
        listing = _listing(inventory.in_store(element.id), classes, unprotected_only=True)
        if listing and not _encrypted_at_rest(element):
            yield element, listing


def _guarded_entries(ctx):
    """(element, "x is a public entry point (reasons)") for each entry point S004/S008 ask."""
    for exposure in ctx.analysis(exposures).values():
        element = ctx.model.elements[exposure.element]
        if _guards_its_own_requests(element):
            yield element, f"{element.id} is a public entry point ({exposure.describe(ctx.model)})"


@rule(
    "S001",
    "unencrypted-sensitive-data-at-rest",
    "error",
    summary="a store holding pii, pci, secret or health data with `encrypted = false`",
    bad="""
    database users_db { replicas = 2  failover = automatic  backup = daily }
    data User in users_db {
      email  string  pii
    }
    """,
    good="""
    database users_db { replicas = 2  failover = automatic  backup = daily  encrypted = true }
    data User in users_db {
      email  string  pii
    }
    """,
)
def unencrypted_sensitive_data_at_rest(ctx):
    """Flags a stateful element that holds (`data ... in store`) data with `pii`, `pci`, `secret`
    or `health` fields while it is not encrypted at rest (`encrypted = false`, the default). The
    message lists each data and its classified fields.

    Why it matters: disks, snapshots and backups leave the database: a stolen snapshot, a
    decommissioned drive or a backup bucket opened by mistake exposes every customer record in
    clear text, and most regulations (GDPR, PCI DSS, HIPAA) require encryption at rest.

    Decisions: a store "holds" the data its `data ... in` declarations name; a relation that
    `carries` data into a queue or cache is transit (S002), not storage. A field flagged `hashed`
    or `encrypted` is protected at the field level and does not count. A `vault` counts as
    encrypted at rest: encrypting its storage is what a secrets manager is.
    """
    for element, held in _unencrypted_stores(ctx, FIELD_CLASS_FLAGS):
        yield ctx.at_element(
            element,
            f"{element.id} holds sensitive data unencrypted (encrypted = false): {held}",
            f"set `encrypted = true` on {element.id}, or encrypt those fields in the application "
            "(flag them `encrypted`)",
            prop="encrypted",
        )


@rule(
    "S002",
    "unencrypted-sensitive-data-in-transit",
    "error",
    summary="a relation that `carries` sensitive data without `tls`",
    bad="""
    service api
    database users_db { encrypted = true }
    data User in users_db {
      email  string  pii
    }
    api -> users_db { protocol = postgres  timeout = 1s  auth = iam  carries = [User] }
    """,
    good="""
    service api
    database users_db { encrypted = true }
    data User in users_db {
      email  string  pii
    }
    api -> users_db { protocol = postgres  tls = true  timeout = 1s  auth = iam  carries = [User] }
    """,
)
def unencrypted_sensitive_data_in_transit(ctx):
    """Flags a relation whose `carries` list names data with `pii`, `pci`, `secret` or `health`
    fields while the connection is not encrypted: `tls = false`, written or defaulted from the
    protocol (only `https`, `grpcs`, `wss`, `amqps`, `rediss`, `ldaps`, `smtps`, `sftp` and `ssh`
    default to TLS).

    Why it matters: anyone on the path (a compromised host in the same network, a misconfigured
    mirror port, a cloud provider's shared segment) reads the records as they pass; internal
    networks are breached far more often than they are designed for.

    Decisions: every classified field counts, also those flagged `hashed` or `encrypted`: those
    flags describe how the value is stored, and a hash sent in clear can be replayed or cracked.
    """
    inventory = ctx.analysis(data_inventory)
    for relation in ctx.model.relations:
        carried = inventory.carried_by(relation.id)
        if relation.tls or not carried:
            continue
        if "tls" in relation.property_spans:
            reason = "tls = false"
        else:
            reason = (
                f"protocol = {relation.protocol}" if relation.protocol else "no protocol, no tls"
            )
        yield ctx.at_relation(
            relation,
            f"{relation.source} -> {relation.target} carries sensitive data without tls "
            f"({reason}): {_listing(carried, FIELD_CLASS_FLAGS)}",
            "set `tls = true` on the relation, or use a protocol that encrypts (https, grpcs)",
            prop="tls",
            related=tuple(d.name for d in carried),
        )


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
    """
    model = ctx.model
    for crossing in ctx.analysis(trust_crossings):
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
    not only the callers the model draws.
    """
    for element, entry in _guarded_entries(ctx):
        if element.auth is None:
            yield ctx.at_element(
                element,
                f"{entry} and declares no auth",
                f"declare how callers authenticate (`auth = oauth2`, `jwt`, `session`, ...) on "
                f"{element.id}, or `auth = none` if it is anonymous on purpose",
            )


@rule(
    "S005",
    "datastore-reachable-from-untrusted",
    "error",
    summary="a stateful component that is itself a public entry point",
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
    or by anything in an untrusted boundary, or behind a public load balancer.

    Why it matters: a datastore on the internet is scanned within minutes; one weak password or
    unpatched version away from the whole dataset being copied or ransomed. A service in front
    limits what a caller can ask for to what the API allows.

    Decisions: a `storage` reached only through a `cdn` is the usual origin of static assets (the
    CDN serves cached reads of public files) and is not flagged; any other datastore behind a CDN,
    and every datastore behind a load balancer, is.
    """
    model = ctx.model
    for exposure in ctx.analysis(exposures).values():
        element = model.elements[exposure.element]
        if not element.stateful or _cdn_origin(model, element, exposure):
            continue
        yield ctx.at_element(
            element,
            f"{element.kind} {element.id} is reachable from untrusted callers: {exposure.describe(model)}",
            f"keep {element.id} internal: put a service that authenticates callers in front of it and "
            "remove `exposed = public` or the direct relations",
            prop="exposed",
            related=exposure.untrusted_callers + exposure.passers,
        )


def _cdn_origin(model: Model, element: Element, exposure: Exposure) -> bool:
    return (
        element.kind == "storage"
        and not exposure.direct
        and all(model.elements[p].kind == "cdn" for p in exposure.passers)
    )


@rule(
    "S006",
    "plaintext-secret",
    "error",
    summary="a `secret` field neither hashed nor encrypted, or stored outside a vault or encrypted store",
    bad="""
    database users_db { encrypted = true }
    data User in users_db {
      password  string  secret
    }
    """,
    good="""
    database users_db { encrypted = true }
    data User in users_db {
      password  string  secret hashed
    }
    """,
)
def plaintext_secret(ctx):
    """Flags, on the data, every `secret` field that is neither `hashed` nor `encrypted` (one
    finding per data, listing the fields); and separately, on the store, a store that holds such
    data while it is neither a `vault` nor `encrypted = true` (one finding per store).

    Why it matters: a plaintext password or API key is usable the moment it leaks: through a
    log line, an analytics export, a support screenshot or a SQL injection. Hashed passwords and
    encrypted keys turn one leak into a non-event.

    Decisions: on the store, only secret fields that are plaintext (neither `hashed` nor
    `encrypted`) count: a password hash or an application-encrypted token in an ordinary database
    is the recommended design, not a plaintext secret.
    """
    inventory = ctx.analysis(data_inventory)
    for data in inventory.data.values():
        fields = data.with_classes(_SECRET, unprotected_only=True)
        if fields:
            names = ", ".join(f.name for f in fields)
            declared = ctx.model.data[data.name]
            span = next(f.span for f in declared.fields if f.name == fields[0].name)
            yield ctx.at_data(
                declared,
                f"{data.name} keeps secret fields in plaintext (neither hashed nor encrypted): {names}",
                "flag passwords `hashed` (a slow hash: argon2, bcrypt) and keys or tokens `encrypted`",
                span=span,
            )
    for element, held in _unencrypted_stores(ctx, _SECRET):
        yield ctx.at_element(
            element,
            f"{element.id} holds plaintext secrets and is neither a vault nor encrypted: {held}",
            f"move the secrets to a `vault`, or set `encrypted = true` on {element.id} and protect the fields",
            prop="encrypted",
        )


@rule(
    "S007",
    "personal-data-to-third-party",
    "warning",
    summary="a relation carrying pii or health data to an `external` without `dpa = true`",
    bad="""
    worker crm_sync
    external crm { sla = 99.9% }
    data Contact {
      email  string  pii
    }
    crm_sync -> crm { protocol = https  auth = oauth2  timeout = 5s  carries = [Contact] }
    """,
    good="""
    worker crm_sync
    external crm { sla = 99.9%  dpa = true }
    data Contact {
      email  string  pii
    }
    crm_sync -> crm { protocol = https  auth = oauth2  timeout = 5s  carries = [Contact] }
    """,
)
def personal_data_to_third_party(ctx):
    """Flags a relation to an `external` whose `carries` list names data with `pii` or `health`
    fields while the external does not declare `dpa = true` (a data processing agreement covers
    the personal data we send it). Any arrow counts: a message is as much a transfer as a call.

    Why it matters: sending personal data to a processor without an agreement is a GDPR breach
    in itself (Art. 28), whatever the processor does with it, and it is the first thing an
    auditor or a data-subject request uncovers.

    Decisions: hashed or encrypted personal fields count too: pseudonymised data is still
    personal data, and a third party usually receives the clear value.
    """
    inventory = ctx.analysis(data_inventory)
    for relation in ctx.model.relations:
        target = ctx.model.elements[relation.target]
        if target.kind != "external" or target.dpa:
            continue
        carried = tuple(
            d for d in inventory.carried_by(relation.id) if d.with_classes(PERSONAL_FLAGS)
        )
        if carried:
            yield ctx.at_relation(
                relation,
                f"{relation.source} -> {relation.target} sends personal data to external "
                f"{target.id}, which has no dpa: {_listing(carried, PERSONAL_FLAGS)}",
                f"sign a data processing agreement with {target.id} and set `dpa = true` on it, or stop "
                "sending the personal fields",
                prop="carries",
                related=tuple(d.name for d in carried),
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
    summary="a relation from a component we run to a stateful component without `auth`",
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
    cannot occur here, since only an external sends one. As for S003, a target that declares an
    `auth` other than `none` authenticates every caller, so the relation passes. A relation out
    of a datastore (`queue ~> worker`) is not checked: its target is not stateful.

    One finding per datastore (RULES.md, "One finding per root cause"): the fix is usually one
    decision on the store (require credentials), so the finding is anchored on the datastore and
    lists the relations without auth as its members. `accept S009 on orders_db` accepts the
    group; naming a caller accepts its relations only.
    """
    model = ctx.model
    open_calls: dict[str, list] = {}
    for relation in model.relations:
        source, target = model.elements[relation.source], model.elements[relation.target]
        if source.runs_here and target.stateful and not authenticated(model, relation):
            open_calls.setdefault(target.id, []).append(relation)
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
