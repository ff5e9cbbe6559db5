"""Source positions carried by every model node and every diagnostic."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A region of one source file: 1-based lines and columns; `end_column` is exclusive (the
    column just after the last character), as in Lark and SARIF."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int]:
        return (self.file, self.line, self.column)

    def through(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other` (same file)."""
        return Span(self.file, self.line, self.column, other.end_line, other.end_column)


NO_SPAN = Span("<unknown>", 0, 0, 0, 0)
