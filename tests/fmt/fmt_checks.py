"""The three promises every formatted text is held to, as in black's test suite.

`assert_equivalent`: the output resolves to an equal model (equality of models ignores spans).
`assert_stable`: formatting the output again changes nothing.
`assert_comments_kept`: the multiset of comment texts is unchanged.
"""

from __future__ import annotations

import re
from collections import Counter

from archdsl.fmt import format_text
from archdsl.workspace import open_text

# Strings first so that a `#` inside a string is not taken for a comment (an independent scanner,
# not the formatter's own comment collection).
_LEXEMES = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*')


def comment_texts(text: str) -> Counter:
    """Every comment of `text`, without trailing whitespace, counted."""
    return Counter(m.group().rstrip() for m in _LEXEMES.finditer(text) if m.group().startswith("#"))


def formatted(text: str, name: str = "case.arch") -> str:
    """The formatted text, failing the test when formatting refuses."""
    result = format_text(text, name)
    assert result.text is not None, [str(error) for error in result.errors]
    return result.text


def assert_equivalent(source: str, output: str, name: str = "case.arch") -> None:
    before, after = open_text(source, name), open_text(output, name)
    assert after.model == before.model
    assert [d.code for d in after.diagnostics] == [d.code for d in before.diagnostics]


def assert_stable(output: str, name: str = "case.arch") -> None:
    assert formatted(output, name) == output


def assert_comments_kept(source: str, output: str) -> None:
    assert comment_texts(output) == comment_texts(source)


def assert_all(source: str, name: str = "case.arch") -> str:
    """Format `source` and check all three promises; returns the output."""
    output = formatted(source, name)
    assert_equivalent(source, output, name)
    assert_stable(output, name)
    assert_comments_kept(source, output)
    return output
