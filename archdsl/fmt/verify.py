"""The formatter's safety net: formatted text must mean what the original meant and keep every
comment, or it is not written. Checked on every run, not only in the tests, because a formatter
that loses a word of what a user wrote is worse than none."""

from __future__ import annotations

import dataclasses
from collections import Counter

from archdsl.syntax.errors import string_end
from archdsl.syntax.parser import parse_text


class FormatterError(Exception):
    """The formatted text would change the file's meaning or lose a comment; nothing is written."""


def meaning(node):
    """An AST node as nested tuples without positions: equal for texts that say the same thing."""
    if isinstance(node, list):
        return tuple(meaning(item) for item in node)
    if isinstance(node, tuple):
        return tuple(meaning(item) for item in node)
    if dataclasses.is_dataclass(node):
        return (type(node).__name__,) + tuple(
            meaning(getattr(node, f.name))
            for f in dataclasses.fields(node)
            if f.name not in ("span", "steps_span")
        )
    return node


def comments(text: str) -> Counter:
    """Every `#` comment of a text (trailing spaces aside), found by a scan that skips strings and
    shares no code with the formatter's own comment attachment."""
    found: Counter = Counter()
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == "#":
            end = text.find("\n", index)
            end = size if end < 0 else end
            found[text[index:end].rstrip()] += 1
            index = end
        elif char == '"':
            quote = '"""' if text.startswith('"""', index) else '"'
            index = string_end(text, index + len(quote), quote)
        else:
            index += 1
    return found


def check_formatted(original: str, formatted: str, path: str) -> None:
    """Raise FormatterError unless `formatted` parses to the same AST and keeps every comment."""
    before, after = parse_text(original, path), parse_text(formatted, path)
    if after.errors:
        raise FormatterError(
            f"{path}: the formatted text would not parse ({after.errors[0].message})"
        )
    if meaning(before.file.statements) != meaning(after.file.statements):
        raise FormatterError(f"{path}: formatting would change what the file means")
    if comments(original) != comments(formatted):
        raise FormatterError(f"{path}: formatting would lose or change a comment")
