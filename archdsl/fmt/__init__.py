"""`archdsl fmt`: rewrite `.arch` text in the canonical layout, keeping every comment.

`format_text(text, path)` returns the canonical text, or the syntax diagnostics when the text does
not parse (a file with syntax errors is never rewritten). The layout is described under "Canonical
layout" in docs/language.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archdsl.findings import Finding
from archdsl.fmt.nodes import statements
from archdsl.fmt.printer import Printer
from archdsl.fmt.tokens import parse_concrete
from archdsl.fmt.verify import FormatterError, check_formatted
from archdsl.syntax.parser import parse_text


@dataclass
class Formatted:
    """The canonical text of one file (None when it has syntax errors) and those errors."""

    text: str | None
    errors: list[Finding] = field(default_factory=list)


def normalise(text: str) -> str:
    """The text the parser reads: no byte-order mark, `\\n` line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def format_text(text: str, path: str = "<text>") -> Formatted:
    """Format one file's text; syntax errors come back as findings instead of text. Raises
    FormatterError rather than return text that would change the meaning or drop a comment."""
    errors = parse_text(text, path).errors
    if errors:
        return Formatted(None, errors)
    concrete = parse_concrete(normalise(text))
    formatted = Printer(concrete).file(statements(concrete.tree))
    check_formatted(normalise(text), formatted, path)
    return Formatted(formatted)


__all__ = ["Formatted", "FormatterError", "format_text", "normalise"]
