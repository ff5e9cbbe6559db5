"""Words of the language that the parser itself must know (the grammar takes them as plain names).

The model layer above gives them meaning and re-exports them (`archdsl.model.kinds`); they are
declared here, at the bottom, because the AST builder groups a data declaration's words into
fields by them: `email string pii unique` is one field, its flags end at a word that is no flag.
"""

from __future__ import annotations

FIELD_INDEX_FLAGS = frozenset({"key", "unique", "indexed"})
FIELD_CLASS_FLAGS = frozenset({"pii", "pci", "secret", "health"})
FIELD_PROTECTION_FLAGS = frozenset({"hashed", "encrypted"})
FIELD_FLAGS = FIELD_INDEX_FLAGS | FIELD_CLASS_FLAGS | FIELD_PROTECTION_FLAGS | {"nullable"}
