"""The vocabulary of the language: element kinds, trust levels and the enumerated words."""

from __future__ import annotations

ELEMENT_KINDS: tuple[str, ...] = (
    "actor",
    "frontend",
    "gateway",
    "load_balancer",
    "cdn",
    "service",
    "function",
    "worker",
    "database",
    "cache",
    "queue",
    "storage",
    "search",
    "vault",
    "external",
)
STATEFUL_KINDS = frozenset({"database", "cache", "queue", "storage", "search", "vault"})
NOT_RUN_BY_US = frozenset({"actor", "external"})
RUN_BY_US = frozenset(ELEMENT_KINDS) - NOT_RUN_BY_US
EXPOSURE_PASSING_KINDS = frozenset({"load_balancer", "cdn"})
OWNED_KINDS = frozenset({"service", "worker", "function"}) | STATEFUL_KINDS

TRUST_LEVELS: tuple[str, ...] = ("untrusted", "low", "medium", "high")
TRUST_RANK = {level: rank for rank, level in enumerate(TRUST_LEVELS)}

RESERVED_WORDS = frozenset(
    {"import", "system", "boundary", "data", "flow", "accept", "defaults", "true", "false"}
)

SYNC_ARROW = "->"
ASYNC_ARROW = "~>"

FIELD_INDEX_FLAGS = frozenset({"key", "unique", "indexed"})
FIELD_CLASS_FLAGS = frozenset({"pii", "pci", "secret", "health"})
FIELD_PROTECTION_FLAGS = frozenset({"hashed", "encrypted"})
FIELD_FLAGS = FIELD_INDEX_FLAGS | FIELD_CLASS_FLAGS | FIELD_PROTECTION_FLAGS | {"nullable"}
SENSITIVE_FLAGS = FIELD_CLASS_FLAGS
PERSONAL_FLAGS = frozenset({"pii", "health"})

TLS_BY_DEFAULT = frozenset(
    {"https", "grpcs", "wss", "amqps", "rediss", "ldaps", "smtps", "sftp", "ssh"}
)


def is_stateful(kind: str) -> bool:
    return kind in STATEFUL_KINDS


def runs_here(kind: str) -> bool:
    """Components we run: every kind but actor and external."""
    return kind in RUN_BY_US
