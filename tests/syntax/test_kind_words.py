"""The syntax layer's copy of the element kinds (for its messages) matches the model's kinds."""

from __future__ import annotations

from archdsl.model.kinds import ELEMENT_KINDS
from archdsl.syntax.words import ELEMENT_KIND_WORDS


def test_syntax_messages_know_every_element_kind():
    assert frozenset(ELEMENT_KINDS) == ELEMENT_KIND_WORDS
