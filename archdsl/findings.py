"""The one value every stage reports: a diagnostic about the model or a rule finding."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from enum import StrEnum

from archdsl.spans import Span


class Severity(StrEnum):
    """How bad a finding is; ordered so that `rank` grows with severity."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a model, anchored on a span.

    `element` is the id the finding is about (a relation's source, a data name, a flow id);
    `target` is a relation's target; `related` lists other ids involved. `subject` identifies
    what the finding is about independently of positions, so fingerprints survive edits elsewhere.
    """

    code: str
    slug: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None
    element: str | None = None
    target: str | None = None
    related: tuple[str, ...] = ()
    subject: str = ""
    accepted: bool = False
    acceptance_reason: str | None = None
    note: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable id from the rule and the ids of what the finding is about, never positions."""
        subject = self.subject or "|".join(
            part for part in (self.element or "", self.target or "", ",".join(self.related))
        )
        digest = hashlib.sha256(f"{self.code}|{subject}".encode()).hexdigest()
        return digest[:16]

    def sort_key(self) -> tuple:
        return (
            *self.span.sort_key(),
            self.code,
            self.element or "",
            self.target or "",
            self.message,
        )

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def __str__(self) -> str:
        return f"{self.span}: {self.code} {self.severity} {self.slug}: {self.message}"


def sorted_findings(findings) -> list[Finding]:
    """Findings in the deterministic order every output uses: file, line, column, code."""
    return sorted(findings, key=Finding.sort_key)
