"""The vocabulary of the language: element kinds and their traits, trust levels, enumerated words.

`ElementKind` is a `StrEnum`, so `element.kind == "database"` still holds, but code asks the
traits table (`element.kind.is_stateful`, `KIND_TRAITS[kind].dot_shape`) instead of comparing
strings: a typo in a kind name is then an AttributeError, not a silently missed element.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Field flags are declared with the syntax, whose builder groups fields by them (re-exported).
from archdsl.syntax.words import FIELD_CLASS_FLAGS as FIELD_CLASS_FLAGS
from archdsl.syntax.words import FIELD_FLAGS as FIELD_FLAGS
from archdsl.syntax.words import FIELD_INDEX_FLAGS as FIELD_INDEX_FLAGS
from archdsl.syntax.words import FIELD_PROTECTION_FLAGS as FIELD_PROTECTION_FLAGS


class ElementKind(StrEnum):
    """The kinds of element (LANGUAGE.md, "Elements"); every member has a row in `KIND_TRAITS`."""

    ACTOR = "actor"
    FRONTEND = "frontend"
    GATEWAY = "gateway"
    LOAD_BALANCER = "load_balancer"
    CDN = "cdn"
    SERVICE = "service"
    FUNCTION = "function"
    WORKER = "worker"
    DATABASE = "database"
    CACHE = "cache"
    QUEUE = "queue"
    STORAGE = "storage"
    SEARCH = "search"
    VAULT = "vault"
    EXTERNAL = "external"

    @property
    def traits(self) -> KindTraits:
        return KIND_TRAITS[self]

    @property
    def is_stateful(self) -> bool:
        """State lives here (database, cache, queue, storage, search, vault)."""
        return KIND_TRAITS[self].stateful

    @property
    def is_client_code(self) -> bool:
        """Web or mobile client code (frontend)."""
        return KIND_TRAITS[self].client_code

    @property
    def is_router(self) -> bool:
        """Traffic distribution that passes requests on (load_balancer, gateway, cdn)."""
        return KIND_TRAITS[self].router

    @property
    def is_outside(self) -> bool:
        """Not run by us: an actor or an external."""
        return KIND_TRAITS[self].outside

    @property
    def is_ours(self) -> bool:
        """Run by us: every kind but actor and external."""
        return not KIND_TRAITS[self].outside


@dataclass(frozen=True, slots=True)
class KindTraits:
    """What the rules and the renderers need to know about one kind, in one row."""

    meaning: str
    stateful: bool = False
    client_code: bool = False
    router: bool = False
    outside: bool = False
    # Passes exposure to the internet on to what it forwards to (a load balancer or CDN in front
    # of a service exposes the service; a gateway authenticates, so it does not).
    passes_exposure: bool = False
    dot_shape: str = "box"
    dot_style: str = ""
    mermaid_shape: tuple[str, str] = ("[", "]")


_STORE = ("[(", ")]")
KIND_TRAITS: dict[ElementKind, KindTraits] = {
    ElementKind.ACTOR: KindTraits(
        "a person or outside client that starts flows",
        outside=True,
        dot_shape="ellipse",
        dot_style="dashed",
        mermaid_shape=("((", "))"),
    ),
    ElementKind.FRONTEND: KindTraits(
        "web or mobile client code",
        client_code=True,
        dot_style="rounded",
        mermaid_shape=("(", ")"),
    ),
    ElementKind.GATEWAY: KindTraits(
        "traffic entry: routes and authenticates requests",
        router=True,
        dot_shape="hexagon",
        mermaid_shape=("{{", "}}"),
    ),
    ElementKind.LOAD_BALANCER: KindTraits(
        "traffic distribution over copies",
        router=True,
        passes_exposure=True,
        dot_shape="hexagon",
        mermaid_shape=("{{", "}}"),
    ),
    ElementKind.CDN: KindTraits(
        "traffic entry that caches content at the edge",
        router=True,
        passes_exposure=True,
        dot_shape="hexagon",
        mermaid_shape=("{{", "}}"),
    ),
    ElementKind.SERVICE: KindTraits(
        "request-serving code we run", dot_style="rounded", mermaid_shape=("(", ")")
    ),
    ElementKind.FUNCTION: KindTraits(
        "serverless code we run", dot_shape="component", mermaid_shape=("([", "])")
    ),
    ElementKind.WORKER: KindTraits(
        "background code we run", dot_shape="box3d", mermaid_shape=("[[", "]]")
    ),
    ElementKind.DATABASE: KindTraits(
        "where state lives: a database", stateful=True, dot_shape="cylinder", mermaid_shape=_STORE
    ),
    ElementKind.CACHE: KindTraits(
        "where state lives: a cache",
        stateful=True,
        dot_shape="cylinder",
        dot_style="dashed",
        mermaid_shape=_STORE,
    ),
    ElementKind.QUEUE: KindTraits(
        "where state lives: a queue or topic",
        stateful=True,
        dot_shape="cds",
        mermaid_shape=(">", "]"),
    ),
    ElementKind.STORAGE: KindTraits(
        "where state lives: object or file storage",
        stateful=True,
        dot_shape="folder",
        mermaid_shape=_STORE,
    ),
    ElementKind.SEARCH: KindTraits(
        "where state lives: a search index",
        stateful=True,
        dot_shape="cylinder",
        mermaid_shape=_STORE,
    ),
    ElementKind.VAULT: KindTraits(
        "where state lives: secrets",
        stateful=True,
        dot_shape="doubleoctagon",
        mermaid_shape=_STORE,
    ),
    ElementKind.EXTERNAL: KindTraits(
        "a system run by someone else (Stripe, a CRM, an email API)",
        outside=True,
        dot_style="dashed",
    ),
}

ELEMENT_KINDS: tuple[str, ...] = tuple(kind.value for kind in ElementKind)
STATEFUL_KINDS = frozenset(k for k in ElementKind if k.is_stateful)
NOT_RUN_BY_US = frozenset(k for k in ElementKind if k.is_outside)
RUN_BY_US = frozenset(ElementKind) - NOT_RUN_BY_US
EXPOSURE_PASSING_KINDS = frozenset(k for k in ElementKind if KIND_TRAITS[k].passes_exposure)
OWNED_KINDS = frozenset({ElementKind.SERVICE, ElementKind.WORKER, ElementKind.FUNCTION}) | (
    STATEFUL_KINDS
)

TRUST_LEVELS: tuple[str, ...] = ("untrusted", "low", "medium", "high")
TRUST_RANK = {level: rank for rank, level in enumerate(TRUST_LEVELS)}

RESERVED_WORDS = frozenset(
    {"import", "system", "boundary", "data", "flow", "accept", "defaults", "true", "false"}
)

SYNC_ARROW = "->"
ASYNC_ARROW = "~>"

SENSITIVE_FLAGS = FIELD_CLASS_FLAGS
PERSONAL_FLAGS = frozenset({"pii", "health"})

TLS_BY_DEFAULT = frozenset(
    {"https", "grpcs", "wss", "amqps", "rediss", "ldaps", "smtps", "sftp", "ssh"}
)

# `failover` defaults to `automatic` at 3+ copies for these `tech` words (LANGUAGE.md).
BUILT_IN_FAILOVER_TECH = frozenset(
    {
        "kafka",
        "redpanda",
        "cassandra",
        "scylladb",
        "etcd",
        "consul",
        "zookeeper",
        "cockroachdb",
        "yugabytedb",
        "tidb",
        "mongodb",
        "elasticsearch",
        "opensearch",
        "nats",
        "redis-sentinel",
        "redis-cluster",
        "patroni",
        "galera",
    }
)


def has_built_in_failover(tech: str | None) -> bool:
    """Whether `tech` names a technology whose failover is built in (case, `_` and spaces aside)."""
    if not tech:
        return False
    return "-".join(tech.strip().lower().replace("_", " ").split()) in BUILT_IN_FAILOVER_TECH


def is_stateful(kind: str) -> bool:
    return kind in STATEFUL_KINDS


def runs_here(kind: str) -> bool:
    """Components we run: every kind but actor and external."""
    return kind in RUN_BY_US
