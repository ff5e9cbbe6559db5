"""Positions and a light lexer over raw `.arch` text, for error messages and recovery.

The parser proper is Lark; this module only looks at the text around a syntax error (a line, the
bodies that are open) so that messages can quote what the user wrote and recovery can repair it.
Edits never change the number of lines, and only ever lengthen a line at its end, so positions
of every other token stay exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_LEXEME = re.compile(
    r"""
      (?P<string>"(?:[^"\\\n]|\\.)*"?)
    | (?P<comment>\#[^\n]*)
    | (?P<arrow>[-~]>)
    | (?P<range>\d+[ \t]*\.\.[ \t]*\d+)
    | (?P<number>-?\d+(?:\.\d+)?(?:[A-Za-z%]+|/[A-Za-z]+)?)
    | (?P<name>[^\W\d]\w*(?:-\w+)*)
    | (?P<other>\S)
    """,
    re.X,
)


@dataclass(frozen=True)
class Lexeme:
    """One piece of a line: its kind (string, comment, arrow, range, number, name, other),
    its text and its start and end offsets in the whole text."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `text` (which holds as many newlines as what it replaces)."""

    start: int
    end: int
    text: str


class Source:
    """A text with offset <-> (line, column) conversion and per-line lexing."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect_right(self.line_starts, offset)

    def column_of(self, offset: int) -> int:
        """1-based column of an offset."""
        return offset - self.line_starts[self.line_of(offset) - 1] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end (before the newline) offsets of the line holding `offset`."""
        start = self.line_starts[self.line_of(offset) - 1]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def lexemes(self, offset: int) -> list[Lexeme]:
        """The pieces of the line holding `offset`."""
        start, end = self.line_bounds(offset)
        return [
            Lexeme(m.lastgroup or "other", m.group(), m.start(), m.end())
            for m in _LEXEME.finditer(self.text, start, end)
        ]

    def indentation(self, offset: int) -> int:
        """The number of blank characters that start the line holding `offset`."""
        start, end = self.line_bounds(offset)
        line = self.text[start:end]
        return len(line) - len(line.lstrip())

    def first_on_line(self, offset: int) -> bool:
        """Whether only blanks come before `offset` on its line."""
        start, _ = self.line_bounds(offset)
        return not self.text[start:offset].strip()

    def open_braces(self, offset: int) -> list[int]:
        """Offsets of the `{` still open at `offset`, outermost first (strings and comments
        skipped)."""
        stack: list[int] = []
        for m in _BRACE_SCAN.finditer(self.text, 0, offset):
            if m.group() == "{":
                stack.append(m.start())
            elif m.group() == "}" and stack:
                stack.pop()
        return stack

    def innermost_braces(self, offsets: list[int]) -> list[int | None]:
        """For each of the ascending `offsets`, the innermost `{` open there (one scan)."""
        found: list[int | None] = []
        stack: list[int] = []
        scan = _BRACE_SCAN.finditer(self.text)
        pending = next(scan, None)
        for offset in offsets:
            while pending is not None and pending.start() < offset:
                if pending.group() == "{":
                    stack.append(pending.start())
                elif pending.group() == "}" and stack:
                    stack.pop()
                pending = next(scan, None)
            found.append(stack[-1] if stack else None)
        return found

    def header_of(self, brace: int) -> str:
        """The text before the `{` at `brace` on its line: the header of that body."""
        start, _ = self.line_bounds(brace)
        return self.text[start:brace].strip()

    def matching_brace(self, brace: int) -> int | None:
        """The offset of the `}` that closes the `{` at `brace`, if any."""
        depth = 0
        for m in _BRACE_SCAN.finditer(self.text, brace):
            if m.group() == "{":
                depth += 1
            elif m.group() == "}":
                depth -= 1
                if depth == 0:
                    return m.start()
        return None


_BRACE_SCAN = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]')


def apply(text: str, edits: list[Edit]) -> str:
    """The text with non-overlapping edits applied (the last edit first, so offsets hold)."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def blank(text: str, start: int, end: int) -> Edit:
    """An edit that turns text[start:end] into spaces, keeping its newlines."""
    return Edit(start, end, re.sub(r"[^\n]", " ", text[start:end]))


def body_kind(header: str) -> str:
    """What a body holds, from its header: data, flow, boundary, element or properties."""
    words = header.split()
    if not words:
        return "properties"
    if words[0] in ("data", "flow", "boundary"):
        return words[0]
    if words[0] in ("system", "defaults", "accept") or "->" in header or "~>" in header:
        return "properties"
    return "element"
