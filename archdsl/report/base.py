"""The reporter interface and the few formatting helpers several reporters share.

A reporter turns one `RunResult` into text on a stream. It formats and never computes: counts,
the rule catalog, the subjects and the baseline outcome all arrive in the `RunResult`.
"""

from __future__ import annotations

import abc
from typing import ClassVar, TextIO

from archdsl.findings import Finding
from archdsl.report.run import RunResult, Summary


class Reporter(abc.ABC):
    """Writes one run's findings to `stream` in one output format."""

    name: ClassVar[str] = ""

    def __init__(self, stream: TextIO, *, color: bool = False, show_source: bool = False) -> None:
        self.stream = stream
        self.color = color
        self.show_source = show_source

    @abc.abstractmethod
    def report(self, run: RunResult) -> None:
        """Write the whole output for `run` to the stream."""

    def write(self, text: str) -> None:
        """Write `text` to the stream (one place to hook, e.g. for counting in tests)."""
        self.stream.write(text)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {plural if plural is not None else word + 's'}"


def summary_line(summary: Summary) -> str:
    """The one-line summary every human-facing output ends with.

    `3 errors, 5 warnings, 1 info in 2 files (1 accepted)`. "info" is a mass noun and does not
    take a plural. The parenthesis lists, when nonzero, accepted findings, findings hidden by the
    baseline and baseline entries that no longer match anything (fixed).
    """
    counts = ", ".join(
        (
            _plural(summary.errors, "error"),
            _plural(summary.warnings, "warning"),
            _plural(summary.infos, "info", "info"),
        )
    )
    line = f"{counts} in {_plural(summary.files, 'file')}"
    extras = []
    if summary.accepted:
        extras.append(f"{summary.accepted} accepted")
    if summary.baselined:
        extras.append(f"{summary.baselined} in baseline")
    if summary.fixed:
        extras.append(f"{summary.fixed} fixed since baseline")
    if extras:
        line += " (" + ", ".join(extras) + ")"
    return line


def is_real_location(finding: Finding) -> bool:
    """Whether the finding points into a real file (not `<unknown>`, `<stdin>` or line 0)."""
    span = finding.span
    return not (span.file.startswith("<") and span.file.endswith(">")) and span.line >= 1


def has_end(finding: Finding) -> bool:
    """Whether the span's end is usable: on or after its start."""
    span = finding.span
    if span.end_line < span.line:
        return False
    return span.end_line > span.line or span.end_column > span.column
