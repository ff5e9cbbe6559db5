"""The one value every stage reports: a diagnostic about the model or a rule finding."""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=1 << 15)
def _digest(code: str, subject: str) -> str:
    """Cached: a run asks for each finding's fingerprint more than once (merging findings of
    several roots, then every output; 19,000 findings at 10,000 components)."""
    return hashlib.sha256(f"{code}|{subject}".encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Member:
    """One of the places a grouped finding stands for (RULES.md, "One finding per root cause").

    `subject` is what it is about, positions excluded (`relation:api->db`, `element:api`), so a
    baseline can tell a member that is new from one it recorded. `element` and `target` are the
    ids an acceptance names to accept this member only (a relation's source and target).
    `severity` is the member's own; the group takes the worst of its unaccepted members.
    """

    subject: str
    span: Span
    label: str
    severity: Severity
    element: str | None = None
    target: str | None = None
    detail: str = ""
    accepted: bool = False
    acceptance_reason: str | None = None

    def fingerprint(self, code: str) -> str:
        """Stable id of this member under rule `code` (rule + subject, never a line)."""
        return _digest(code, self.subject)

    def __str__(self) -> str:
        return f"{self.span}: {self.label}" + (f" ({self.detail})" if self.detail else "")


def worst(severities) -> Severity | None:
    """The highest of `severities`, or None when there are none."""
    return max(severities, key=lambda severity: severity.rank, default=None)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a model, anchored on a span.

    `element` is the id the finding is about (a relation's source, a data name, a flow id);
    `target` is a relation's target; `related` lists other ids involved. `subject` identifies
    what the finding is about independently of positions, so fingerprints survive edits elsewhere.

    A grouped finding (one per root cause) lists its `members`, sorted by position; its
    `group_names` are further names an acceptance may give to accept the whole group (a failure
    unit's `runs_on` word), besides `element` and `target`. It counts once everywhere.
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
    members: tuple[Member, ...] = ()
    group_names: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        """Stable id from the rule and the ids of what the finding is about, never positions."""
        subject = self.subject or "|".join(
            part for part in (self.element or "", self.target or "", ",".join(self.related))
        )
        return _digest(self.code, subject)

    @property
    def is_group(self) -> bool:
        return bool(self.members)

    def member_fingerprints(self) -> tuple[str, ...]:
        """The fingerprints of the members (empty for a finding that is not a group)."""
        return tuple(member.fingerprint(self.code) for member in self.members)

    def sort_key(self) -> tuple:
        return (
            *self.span.sort_key(),
            self.code,
            self.element or "",
            self.target or "",
            self.message,
        )

    def with_severity(self, severity: Severity) -> Finding:
        """The finding (and each member of a group) at `severity`, e.g. from configuration."""
        members = tuple(replace(member, severity=severity) for member in self.members)
        return replace(self, severity=severity, members=members)

    def __str__(self) -> str:
        return f"{self.span}: {self.code} {self.severity} {self.slug}: {self.message}"


def sorted_findings(findings) -> list[Finding]:
    """Findings in the deterministic order every output uses: file, line, column, code."""
    return sorted(findings, key=Finding.sort_key)
