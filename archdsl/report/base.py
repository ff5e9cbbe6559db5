"""The reporter interface and the few formatting helpers several reporters share.

A reporter turns one `RunResult` into text on a stream. It formats and never computes: counts,
the rule catalog, the subjects and the baseline outcome all arrive in the `RunResult`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import ClassVar, TextIO

from archdsl.findings import Finding, Member
from archdsl.report.run import RunResult, Summary


class Reporter(abc.ABC):
    """Writes one run's findings to `stream` in one output format."""

    name: ClassVar[str] = ""

    def __init__(
        self,
        stream: TextIO,
        *,
        color: bool = False,
        show_source: bool = False,
        show_info: bool = True,
    ) -> None:
        self.stream = stream
        self.color = color
        self.show_source = show_source
        self.show_info = show_info  # only the text output hides infos (CLI.md)

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


def summary_line(summary: Summary, *, show_info: bool = True) -> str:
    """The one-line summary every human-facing output ends with.

    `3 errors, 5 warnings, 1 info in 2 files (1 accepted)`. "info" is a mass noun and does not
    take a plural. The parenthesis lists, when nonzero, accepted findings, findings hidden by the
    baseline, baseline entries that no longer match anything (fixed), what model errors kept
    from the rules, and, when infos are not shown, how many there are:
    `3 errors, 5 warnings in 2 files (1 accepted; 4 info not shown: --show-info)`.
    """
    parts = [_plural(summary.errors, "error"), _plural(summary.warnings, "warning")]
    if show_info:
        parts.append(_plural(summary.infos, "info", "info"))
    line = f"{', '.join(parts)} in {_plural(summary.files, 'file')}"
    extras = []
    if summary.accepted:
        extras.append(f"{summary.accepted} accepted")
    if summary.baselined:
        extras.append(f"{summary.baselined} in baseline")
    if summary.fixed:
        extras.append(f"{summary.fixed} fixed since baseline")
    clauses = [", ".join(extras)] if extras else []
    if summary.left_out:
        clauses.append(f"rules skipped {_and_list(summary.left_out)} with errors")
    if not show_info and summary.infos:
        clauses.append(f"{summary.infos} info not shown: --show-info")
    if clauses:
        line += " (" + "; ".join(clauses) + ")"
    return line


def by_rule_line(summary: Summary) -> str | None:
    """`by rule: R001 2, U001 3, S009 1`, or None when nothing is reported."""
    if not summary.by_rule:
        return None
    return "by rule: " + ", ".join(f"{code} {count}" for code, count in summary.by_rule)


def _and_list(names: Iterable[str]) -> str:
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def is_real_location(finding: Finding | Member) -> bool:
    """Whether the finding points into a real file (not `<unknown>`, `<stdin>` or line 0)."""
    span = finding.span
    return not (span.file.startswith("<") and span.file.endswith(">")) and span.line >= 1


def has_end(finding: Finding | Member) -> bool:
    """Whether the span's end is usable: on or after its start."""
    span = finding.span
    if span.end_line < span.line:
        return False
    return span.end_line > span.line or span.end_column > span.column
