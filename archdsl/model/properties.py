"""Every property of the language, declared once: value kind, default, element kinds, valid
values, numeric range and a one-line doc.

From these tables come the resolver's checks (archdsl/model/values.py converts and bounds each
value), the did-you-mean lists, the JSON Schema of `archdsl export` (archdsl/model/export.py) and
the property tables of docs/language.md (archdsl/model/docs.py; a test keeps them current).
Adding a property means a row here and a field in archdsl/model/schema.py (a test checks that
the two agree), then `python -m archdsl.model.docs`.

Ranges are in normalised units (seconds, requests per second, fractions): no value outside them,
and no infinity or NaN, can reach the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archdsl.model.kinds import NOT_RUN_BY_US, STATEFUL_KINDS, TRUST_LEVELS, ElementKind

AUTH_METHODS = (
    "none",
    "api_key",
    "oauth2",
    "jwt",
    "mtls",
    "basic",
    "iam",
    "session",
    "hmac",
    "presigned",
    "password",
)
KNOWN_PROTOCOLS = (
    "https",
    "http",
    "grpc",
    "grpcs",
    "tcp",
    "postgres",
    "mysql",
    "mongodb",
    "redis",
    "amqp",
    "kafka",
    "smtp",
    "websocket",
    "sftp",
    "file",
)

# Upper bounds, in normalised units. Generous: they exist so that a slip of the keyboard
# (`replicas = 99999999999999999999999`) is a clear error instead of an absurd number downstream.
YEAR = 365 * 86400.0
MAX_COPIES = 100_000
MAX_RATE = 1e9


@dataclass(frozen=True, slots=True)
class PropSpec:
    """One property of one construct.

    `kind` is the value kind (see `archdsl.model.values.VALUE_KINDS`); `default` is the model's
    value when nothing is written, and `default_doc` says it in words where it depends on
    something else. `kinds` are the element kinds it applies to (None: all). `special` is the one
    word a number also takes (`unlimited`, `unbounded`, `inherit`). `known` lists the usual words
    of an open `word` property (protocols), for the docs and did-you-mean only.
    """

    name: str
    kind: str
    doc: str
    default: Any = None
    default_doc: str | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    kinds: frozenset[ElementKind] | None = None
    special: str | None = None
    known: tuple[str, ...] = ()


def _table(*specs: PropSpec) -> dict[str, PropSpec]:
    table: dict[str, PropSpec] = {}
    for spec in specs:
        assert spec.name not in table, f"property {spec.name} declared twice"
        table[spec.name] = spec
    return table


def _docs(owner_doc: str, owner_default: str | None = None) -> tuple[PropSpec, ...]:
    return (
        PropSpec("owner", "text", owner_doc, default_doc=owner_default),
        PropSpec("description", "text", "what it is, in words"),
        PropSpec("url", "text", "where to read more"),
        PropSpec("tags", "list", "free labels", default=()),
    )


_ALL = frozenset(ElementKind)
_QUEUE = frozenset({ElementKind.QUEUE})
_OURS = _ALL - NOT_RUN_BY_US
# A provider runs it: not for people, client code, or systems already run by someone else.
_MANAGEABLE = _ALL - {ElementKind.ACTOR, ElementKind.FRONTEND, ElementKind.EXTERNAL}
_SERVING = _ALL - {ElementKind.ACTOR}

ELEMENT_PROPERTIES = _table(
    PropSpec("replicas", "int", "running copies", 1, minimum=0, maximum=MAX_COPIES),
    PropSpec(
        "autoscale",
        "range",
        "min..max copies; min counts for redundancy, max for capacity",
        minimum=0,
        maximum=MAX_COPIES,
    ),
    PropSpec(
        "zones",
        "int",
        "failure domains (availability zones) the copies are spread over",
        1,
        minimum=1,
        maximum=1000,
    ),
    PropSpec(
        "failover",
        "enum",
        "how a stateful component survives losing its primary",
        "none",
        "`none`; `automatic` at 3+ copies for a `tech` whose failover is built in",
        ("none", "manual", "automatic"),
        kinds=STATEFUL_KINDS,
    ),
    PropSpec(
        "capacity",
        "rate",
        "load one copy can serve",
        default_doc="unknown",
        minimum=0,
        maximum=MAX_RATE,
    ),
    PropSpec(
        "max_connections",
        "int",
        "connections a datastore accepts",
        default_doc="unknown",
        minimum=1,
        maximum=1e8,
        kinds=STATEFUL_KINDS,
    ),
    PropSpec(
        "max_depth",
        "int",
        "queue length limit",
        default_doc="unbounded",
        minimum=1,
        maximum=1e15,
        kinds=_QUEUE,
    ),
    PropSpec("dlq", "ref", "another `queue`, where failed messages go", kinds=_QUEUE),
    PropSpec(
        "backup",
        "enum",
        "how often stateful data is backed up",
        "none",
        choices=("none", "daily", "hourly", "continuous"),
        kinds=STATEFUL_KINDS,
    ),
    PropSpec("encrypted", "bool", "encryption at rest", False),
    PropSpec(
        "exposed", "enum", "reachable from the internet", "internal", choices=("public", "internal")
    ),
    PropSpec(
        "auth",
        "enum",
        "how callers authenticate (`hmac`: signed requests; `presigned`: signed, expiring "
        "URLs; `password`: a shared password); `none` is a decision, leaving it out is unstated",
        choices=AUTH_METHODS,
    ),
    PropSpec(
        "rate_limit",
        "rate",
        "server-side limit (on an external: the provider's limit on us)",
        minimum=0,
        maximum=MAX_RATE,
    ),
    PropSpec(
        "sla",
        "percent",
        "availability promised (externals) or assumed for one copy",
        default_doc="per kind, configurable",
        minimum=0,
        maximum=1,
    ),
    PropSpec("dpa", "bool", "a data processing agreement covers sending personal data here", False),
    PropSpec("tech", "text", "the technology (`postgres`, `kafka`); sets the failover default"),
    PropSpec(
        "runs_on",
        "word",
        "a shared failure unit (host, VM, pod, process): elements with the same `runs_on` fail "
        "together; the word need not be declared",
        kinds=_OURS,
    ),
    PropSpec(
        "managed",
        "bool",
        "a provider runs it: its redundancy, zones and failover are the provider's, its "
        "availability is its `sla`",
        False,
        kinds=_MANAGEABLE,
    ),
    PropSpec(
        "persistence",
        "enum",
        "whether data survives a restart (`snapshot`: the last interval is lost)",
        default_doc="`ephemeral` for a `cache`, else `durable`",
        choices=("ephemeral", "snapshot", "durable"),
        kinds=STATEFUL_KINDS,
    ),
    PropSpec(
        "request_timeout",
        "duration",
        "a server-side bound on every request it serves (`statement_timeout`, a worker timeout)",
        minimum=0,
        maximum=YEAR,
        kinds=_SERVING,
    ),
    *_docs("the team responsible; see [owner inheritance](#owners)", "inherited"),
)

RELATION_PROPERTIES = _table(
    PropSpec(
        "protocol",
        "word",
        "the protocol spoken (`file`: a local or mounted filesystem, not a network call)",
        default_doc="unknown",
        known=KNOWN_PROTOCOLS,
    ),
    PropSpec(
        "tls",
        "bool",
        "encryption in transit",
        False,
        "`true` for `https`, `grpcs`, `wss`, `amqps`, `rediss`, `ldaps`, `smtps`, `sftp`, "
        "`ssh`; else `false`",
    ),
    PropSpec("auth", "enum", "how this caller authenticates", choices=AUTH_METHODS),
    PropSpec(
        "timeout",
        "duration",
        "per attempt; `inherit`: the call carries its caller's deadline",
        minimum=0,
        maximum=YEAR,
        special="inherit",
    ),
    PropSpec(
        "retries",
        "int",
        "attempts after the first",
        0,
        minimum=0,
        maximum=1000,
        special="unlimited",
    ),
    PropSpec(
        "backoff",
        "enum",
        "the wait between retries",
        "none",
        choices=("none", "fixed", "exponential", "exponential_jitter"),
    ),
    PropSpec("circuit_breaker", "bool", "the caller stops calling a failing target", False),
    PropSpec(
        "fallback",
        "ref_or_text",
        "what the caller does when the target fails (an element or words)",
    ),
    PropSpec("idempotent", "bool", "repeating the call is safe", False),
    PropSpec("idempotency_key", "bool", "the call carries a key that makes repeats safe", False),
    PropSpec(
        "calls",
        "int",
        "calls per request of the source (fan-out)",
        1,
        minimum=1,
        maximum=1e6,
        special="unbounded",
    ),
    PropSpec("pool", "int", "connection pool size per copy of the source", minimum=1, maximum=1e6),
    PropSpec(
        "access",
        "enum",
        "what the source does to a stateful target",
        "readwrite",
        choices=("read", "write", "readwrite"),
    ),
    PropSpec("carries", "names", "the `data` that crosses", default=()),
    PropSpec(
        "webhook", "bool", "an inbound callback; only on a relation from an `external`", False
    ),
    PropSpec(
        "signature",
        "enum",
        "how a webhook or an inbound call from an external is verified",
        choices=("none", "hmac", "mtls", "jwt", "http_signature"),
    ),
    PropSpec("durable", "bool", "the message is persisted before it is acknowledged", False),
    PropSpec("description", "text", "what the call is for, in words"),
    PropSpec(
        "purpose",
        "enum",
        "why it exists; anything but `request` is out of band: drawn and checked for security, "
        "but no dependency, no flow load, no call that needs a timeout, retries or a pool",
        "request",
        choices=("request", "monitoring", "replication", "backup"),
    ),
    PropSpec(
        "effect",
        "enum",
        "what repeating the call does: `read` nothing, `notify` a duplicate message, `write` "
        "changed state",
        "write",
        "`write` (`read` where `access = read`)",
        choices=("read", "notify", "write"),
    ),
    PropSpec(
        "stream",
        "bool",
        "a long-lived connection (websocket, SSH, a gRPC stream): per-request timeouts and "
        "retries do not apply",
        False,
    ),
    PropSpec(
        "callback",
        "bool",
        "an intended synchronous call back into a caller (`->` only)",
        False,
    ),
)

BOUNDARY_PROPERTIES = _table(
    PropSpec(
        "trust",
        "enum",
        "how far its contents are trusted; none: a plain grouping",
        choices=TRUST_LEVELS,
    ),
    *_docs("the team responsible for what it holds", "the enclosing boundary's"),
)
SYSTEM_PROPERTIES = _table(*_docs("the team responsible, inherited by every element without one"))
DATA_PROPERTIES = _table(*_docs("the team responsible for the data"))
FLOW_PROPERTIES = _table(
    PropSpec("slo", "percent", "the target availability", minimum=0, maximum=1),
    PropSpec("latency", "duration", "the end-to-end budget", minimum=0, maximum=YEAR),
    PropSpec(
        "peak",
        "rate",
        "requests per second the first step sends",
        minimum=0,
        maximum=MAX_RATE,
    ),
    *_docs("the team responsible for the journey"),
)
ACCEPT_PROPERTIES = _table(
    PropSpec("reason", "text", "why the risk is accepted (required)"),
    PropSpec("owner", "text", "who accepted it"),
    PropSpec("until", "date", "when the acceptance expires"),
)

# construct name (as docs and messages say it) -> its table
TABLES: dict[str, dict[str, PropSpec]] = {
    "elements": ELEMENT_PROPERTIES,
    "relations": RELATION_PROPERTIES,
    "boundaries": BOUNDARY_PROPERTIES,
    "system": SYSTEM_PROPERTIES,
    "data": DATA_PROPERTIES,
    "flows": FLOW_PROPERTIES,
    "accept": ACCEPT_PROPERTIES,
}
