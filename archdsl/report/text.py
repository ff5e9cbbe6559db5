"""The human format: `file:line:col: CODE severity slug: message`, hints, excerpts, a summary.

Accepted findings are not listed (the model already says why they are fine); they are counted in
the summary's parenthesis. Infos are listed only with `--show-info` and always counted. A grouped
finding prints its members under it, one line each (`  - file:line:col: subject: detail`), an
accepted member marked as such. After the summary, a `by rule:` line counts findings per rule. Control characters and bidirectional overrides in messages are shown
escaped so a hostile name cannot split a finding over two lines or rewrite the terminal.
"""

from __future__ import annotations

import unicodedata

from archdsl.findings import Finding, Member, Severity
from archdsl.report.base import (
    Reporter,
    by_rule_line,
    has_end,
    is_real_location,
    summary_line,
)
from archdsl.report.run import RunResult

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_CARET_COLOR = "\x1b[1;31m"

# Bidi embedding, override and isolate controls (the "Trojan Source" characters).
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def printable(text: str) -> str:
    """`text` with line breaks, other control characters and bidi controls escaped visibly."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append(ch)
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _excerpt_char(ch: str) -> str:
    """One display character for a source character, so the caret line stays aligned."""
    if ch == "\t":
        return ch
    if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs"):
        return "\ufffd"
    return ch


def _pad_for(ch: str) -> str:
    """The blank that occupies the same width as `ch` on a terminal."""
    if ch == "\t":
        return "\t"
    if unicodedata.combining(ch):
        return ""
    return "  " if unicodedata.east_asian_width(ch) in ("W", "F") else " "


def source_lines(source: str) -> list[str]:
    """The lines of a source as the parser counts them: only line feeds (and CR LF, CR) end a
    line. `str.splitlines` also breaks at U+2028, U+0085, form feeds and other separators, which
    put the excerpt on the wrong line."""
    return source.replace("\r\n", "\n").replace("\r", "\n").split("\n")


class TextReporter(Reporter):
    """flake8-style lines for people, with optional colour and source excerpts."""

    name = "text"

    def _paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def report(self, run: RunResult) -> None:
        """Write every unaccepted finding shown, its hint, note and members, then the summary."""
        for finding in run.findings:
            if finding.accepted or (finding.severity is Severity.INFO and not self.show_info):
                continue
            self.write(self._headline(finding) + "\n")
            if self.show_source:
                self._excerpt(finding, run.sources.get(finding.span.file))
            if finding.hint:
                self.write(f"  {self._paint(_DIM, 'hint:')} {printable(finding.hint)}\n")
            if finding.note:
                self.write(f"  {self._paint(_DIM, 'note:')} {printable(finding.note)}\n")
            for member in finding.members:
                self.write(self._member_line(member) + "\n")
        self.write(self._paint(_BOLD, summary_line(run.summary, show_info=self.show_info)) + "\n")
        by_rule = by_rule_line(run.summary)
        if by_rule:
            self.write(by_rule + "\n")

    def _member_line(self, member: Member) -> str:
        span = member.span
        where = f"{printable(span.file)}:{span.line}:{span.column}:"
        text = f"  - {where} {printable(member.label)}"
        if member.detail:
            text += f": {printable(member.detail)}"
        if member.accepted:
            text += f" (accepted: {printable(member.acceptance_reason or '')})"
        return text

    def _headline(self, finding: Finding) -> str:
        location = self._paint(
            _BOLD, f"{printable(finding.span.file)}:{finding.span.line}:{finding.span.column}:"
        )
        severity = self._paint(_SEVERITY_COLOR[finding.severity], finding.severity.value)
        code = self._paint(_BOLD, finding.code)
        return f"{location} {code} {severity} {finding.slug}: {printable(finding.message)}"

    def _excerpt(self, finding: Finding, source: str | None) -> None:
        """The span's first line with a gutter and a caret line under the span."""
        if source is None or not is_real_location(finding):
            return
        lines = source_lines(source)
        span = finding.span
        if span.line > len(lines):
            return
        line = lines[span.line - 1]
        start = max(span.column - 1, 0)
        if has_end(finding) and span.end_line == span.line:
            end = max(span.end_column - 1, start + 1)
        elif has_end(finding):
            end = max(len(line), start + 1)  # a multi-line span: underline to the end of the line
        else:
            end = start + 1
        shown = "".join(_excerpt_char(ch) for ch in line)
        padding = "".join(_pad_for(ch) for ch in line[:start])
        beyond = max(0, end - max(len(line), start))  # a span reaching past the line's end
        width = max(1, sum(len(_pad_for(ch)) for ch in line[start:end]) + beyond)
        if start > len(line):
            padding += " " * (start - len(line))
        number = str(span.line)
        gutter = " " * len(number)
        caret = self._paint(_CARET_COLOR, "^" * width)
        self.write(f" {number} | {shown}\n {gutter} | {padding}{caret}\n")
