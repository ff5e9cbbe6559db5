"""S-family, data: sensitive data at rest and in transit, secrets in plaintext, and personal data
or secrets sent to third parties.

The shared facts come from `archdsl.analysis.exposure`: the inventory of classified data per
store and per relation. Out-of-band relations (a metrics scrape, replication, a backup job) are
read like any other here: data they carry crosses the network and leaves for third parties all
the same (RULES.md, "Out of band").
"""

from __future__ import annotations

from archdsl.analysis.exposure import SensitiveData, data_inventory
from archdsl.model.kinds import FIELD_CLASS_FLAGS, PERSONAL_FLAGS, ElementKind
from archdsl.model.schema import Element, Relation
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
    return element.encrypted or element.kind == ElementKind.VAULT


def _unencrypted_stores(ctx, classes):
    """(store, listing of its plaintext fields of `classes`) for each store not encrypted at rest."""
    inventory = ctx.analysis(data_inventory)
    for element in ctx.model.elements.values():
        if element.id not in inventory.stores or _encrypted_at_rest(element):
            continue
        held = _listing(inventory.in_store(element.id), classes, unprotected_only=True)
        if held:
            yield element, held


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
    default to TLS). One finding per pair of boundaries (where the relations leave, where they
    enter), anchored on the pair's first relation in file order, with every such relation and
    the data it carries as members.

    Why it matters: anyone on the path (a compromised host in the same network, a misconfigured
    mirror port, a cloud provider's shared segment) reads the records as they pass; internal
    networks are breached far more often than they are designed for.

    Decisions: every classified field counts, also those flagged `hashed` or `encrypted`: those
    flags describe how the value is stored, and a hash sent in clear can be replayed or cracked.
    Traffic between members of one failure unit (the same `runs_on`: processes on one host)
    crosses no network and is skipped, as is `protocol = file` (a shared volume). Out-of-band
    relations count: replication or a backup job moves the records across the network all the
    same. "No TLS in the cluster" is one decision, so the relations of one boundary pair are one
    finding (`accept S002 on` the first relation's source or target accepts the group; naming
    another relation's end accepts that relation only). Elements outside every boundary form
    one side of their own.
    """
    inventory = ctx.analysis(data_inventory)
    model = ctx.model
    pairs: dict[tuple[str, str], list[tuple[Relation, tuple[SensitiveData, ...]]]] = {}
    carrying = [r for r in model.relations if r.id in inventory.relations]  # the few to sort
    for relation in sorted(carrying, key=lambda r: r.order):
        carried = inventory.carried_by(relation.id)
        if relation.tls or not carried or relation.protocol == "file":
            continue
        source, target = model.elements[relation.source], model.elements[relation.target]
        if source.runs_on is not None and source.runs_on == target.runs_on:
            continue
        key = (source.boundary or "", target.boundary or "")
        pairs.setdefault(key, []).append((relation, carried))
    for (source_boundary, target_boundary), found in pairs.items():
        anchor, carried = found[0]
        members = [
            ctx.member(
                r, detail=f"{_clear_reason(r)}: {_listing(data, FIELD_CLASS_FLAGS)}", prop="tls"
            )
            for r, data in found
        ]
        if len(found) == 1:
            message = (
                f"{anchor.source} -> {anchor.target} carries sensitive data without tls "
                f"({_clear_reason(anchor)}): {_listing(carried, FIELD_CLASS_FLAGS)}"
            )
        else:
            message = (
                f"{len(found)} relations {_between(source_boundary, target_boundary)} carry "
                "sensitive data without tls: " + listing(m.label for m in members)
            )
        data_names = tuple(dict.fromkeys(d.name for _, data in found for d in data))
        yield ctx.group(
            ctx.at_relation(
                anchor,
                message,
                "set `tls = true` on the relations, or use a protocol that encrypts (https, "
                "grpcs); in a cluster, a service mesh with mutual TLS does it for all of them",
                prop="tls",
                related=data_names,
            ),
            members,
            subject=f"boundaries:{source_boundary}|{target_boundary}",
        )


def _clear_reason(relation: Relation) -> str:
    if "tls" in relation.property_spans:
        return "tls = false"
    return f"protocol = {relation.protocol}" if relation.protocol else "no protocol, no tls"


def _between(source_boundary: str, target_boundary: str) -> str:
    if source_boundary == target_boundary:
        return f"within boundary {source_boundary}" if source_boundary else "outside boundaries"
    source = f"boundary {source_boundary}" if source_boundary else "outside boundaries"
    target = f"boundary {target_boundary}" if target_boundary else "outside boundaries"
    return f"from {source} to {target}"


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
    """Flags, on the data, every `secret` field of stored data (`data ... in`) that is neither
    `hashed` nor `encrypted`, unless every store of that data is a `vault` (one finding per data,
    listing the fields); and separately, on the store, a store that holds such data while it is
    neither a `vault` nor `encrypted = true` (one finding per store).

    Why it matters: a plaintext password or API key is usable the moment it leaks: through a
    log line, an analytics export, a support screenshot or a SQL injection. Hashed passwords and
    encrypted keys turn one leak into a non-event.

    Decisions: data without `in` is data in transit (a login form, a request body): the password
    a user types must travel in clear inside TLS to be checked, so the question for it is S002's
    (is the connection encrypted) and S010's (does it leave for a third party), not this one. A
    key kept in a vault is what a vault is for, and a secret manager hands it out in clear to
    the callers it authenticates. On the store, only secret fields that are plaintext (neither
    `hashed` nor `encrypted`) count: a password hash or an application-encrypted token in an
    ordinary database is the recommended design, not a plaintext secret (RULES.md is open on
    this; the reading with fewer false alarms is taken).
    """
    inventory = ctx.analysis(data_inventory)
    model = ctx.model
    for data in inventory.data.values():
        declared = model.data[data.name]
        if not declared.stores or all(
            model.elements[s].kind == ElementKind.VAULT for s in declared.stores
        ):
            continue
        fields = data.with_classes(_SECRET, unprotected_only=True)
        if fields:
            names = ", ".join(f.name for f in fields)
            span = next(f.span for f in declared.fields if f.name == fields[0].name)
            yield ctx.at_data(
                declared,
                f"{data.name} keeps secret fields in plaintext (neither hashed nor encrypted) "
                f"in {', '.join(declared.stores)}: {names}",
                "flag passwords `hashed` (a slow hash: argon2, bcrypt) and keys or tokens "
                "`encrypted`, or keep them in a `vault`",
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
        if relation.id not in inventory.relations:
            continue  # carries no classified data (most relations: the cheap test first)
        target = ctx.model.elements[relation.target]
        if target.kind != ElementKind.EXTERNAL or target.dpa:
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
    "S010",
    "secret-to-third-party",
    "warning",
    summary="a relation carrying data with `secret` fields to an `external`",
    bad="""
    service api { replicas = 2 }
    external tracing "Tracing SaaS" { dpa = true }
    data LoginRequest {
      email     string  pii
      password  string  secret
    }
    api ~> tracing "spans" { protocol = https  carries = [LoginRequest] }
    """,
    good="""
    service api { replicas = 2 }
    external tracing "Tracing SaaS" { dpa = true }
    data LoginSpan {
      email  string  pii
    }
    api ~> tracing "spans" { protocol = https  carries = [LoginSpan] }
    """,
)
def secret_to_third_party(ctx):
    """Flags a relation to an `external` whose `carries` list names data with `secret` fields
    (hashed or encrypted ones included). Any arrow counts, out-of-band relations too (a log or
    metrics shipper is how passwords usually leave).

    Why it matters: a password in trace spans or a token in an analytics event is a credential
    kept by a company we do not run, readable by its staff, its other customers' mistakes and its
    breaches, and kept as long as its retention says; rotating every leaked secret is the only fix.

    Decisions: a provider that must receive the secret to do its job (an identity provider
    checking a password, a payment provider receiving a card token) is a true, intended transfer:
    accept the finding with the reason (`accept S010 on idp { reason = "..." }`), which documents
    who holds our users' secrets. A hashed secret still counts: a leaked hash can be cracked
    offline. A `dpa` does not settle it: an agreement limits what the processor may do, not what
    a leak exposes.
    """
    inventory = ctx.analysis(data_inventory)
    model = ctx.model
    for relation in model.relations:
        if relation.id not in inventory.relations:
            continue  # carries no classified data (most relations: the cheap test first)
        target = model.elements[relation.target]
        if target.kind != ElementKind.EXTERNAL:
            continue
        carried = tuple(d for d in inventory.carried_by(relation.id) if d.with_classes(_SECRET))
        if carried:
            yield ctx.at_relation(
                relation,
                f"{relation.source} -> {relation.target} sends secrets to external {target.id}: "
                f"{_listing(carried, _SECRET)}",
                f"stop sending the secret fields to {target.id} (scrub them from the spans, logs or "
                "events), or accept the risk with a reason if it must receive them (an identity "
                "provider)",
                prop="carries",
                related=tuple(d.name for d in carried),
            )
