"""Words of the language that the parser itself must know (the grammar takes them as plain names).

The model layer above gives them meaning; they are declared here, below it, because the syntax
layer reads them: the AST builder groups a data declaration's words into fields by the flags
(`email string pii unique` is one field; its flags end at a word that is no flag), and syntax
messages and recovery recognise the element kinds.
"""

from __future__ import annotations

FIELD_INDEX_FLAGS = frozenset({"key", "unique", "indexed"})
FIELD_CLASS_FLAGS = frozenset({"pii", "pci", "secret", "health"})
FIELD_PROTECTION_FLAGS = frozenset({"hashed", "encrypted"})
FIELD_FLAGS = FIELD_INDEX_FLAGS | FIELD_CLASS_FLAGS | FIELD_PROTECTION_FLAGS | {"nullable"}

# The element kinds as words (the grammar takes any name as a kind): `service b` inside a body is
# a nested declaration, `protocol https` a missing `=`. The model's `ElementKind` gives them their
# traits; tests/syntax/test_kind_words.py keeps the two lists equal.
ELEMENT_KIND_WORDS = frozenset(
    {
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
    }
)
