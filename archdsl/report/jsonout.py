"""The machine format of CLI.md: `{"version": 1, "findings": [...], "summary": {...}}`.

Accepted findings are included with `"accepted": true` and their reason, so tools can audit
accepted risks. Output is UTF-8 JSON (RFC 8259); non-ASCII text is kept as is.
"""

from __future__ import annotations

import json
from typing import Any

from archdsl.findings import Finding, Member
from archdsl.report.base import Reporter
from archdsl.report.run import RunResult, Summary

JSON_VERSION = 1


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as the JSON object CLI.md specifies (plus `note` and `acceptance_reason`)."""
    span = finding.span
    return {
        "code": finding.code,
        "slug": finding.slug,
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
        "note": finding.note,
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "element": finding.element,
        "target": finding.target,
        "related": list(finding.related),
        "members": [member_to_dict(finding.code, member) for member in finding.members],
        "accepted": finding.accepted,
        "acceptance_reason": finding.acceptance_reason,
        "fingerprint": finding.fingerprint,
    }


def member_to_dict(code: str, member: Member) -> dict[str, Any]:
    """One member of a grouped finding: its subject, location, severity and acceptance."""
    span = member.span
    return {
        "subject": member.label,
        "detail": member.detail or None,
        "severity": member.severity.value,
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "element": member.element,
        "target": member.target,
        "accepted": member.accepted,
        "acceptance_reason": member.acceptance_reason,
        "fingerprint": member.fingerprint(code),
    }


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """The summary counts; `fixed` and `baselined` describe the baseline outcome, `by_rule`
    counts the findings not accepted per rule, `left_out` says what model errors kept from the
    rules ("2 relations")."""
    return {
        "errors": summary.errors,
        "warnings": summary.warnings,
        "infos": summary.infos,
        "accepted": summary.accepted,
        "files": summary.files,
        "fixed": summary.fixed,
        "baselined": summary.baselined,
        "by_rule": dict(summary.by_rule),
        "left_out": list(summary.left_out),
    }


class JsonReporter(Reporter):
    """The whole run as one JSON document."""

    name = "json"

    def report(self, run: RunResult) -> None:
        """Write the run as an indented JSON document followed by a newline."""
        document = {
            "version": JSON_VERSION,
            "findings": [finding_to_dict(finding) for finding in run.findings],
            "summary": summary_to_dict(run.summary),
        }
        self.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
