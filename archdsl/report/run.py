"""What one `archdsl validate` run produced: the single input every reporter formats.

Everything a reporter prints is computed before it is called (counts, catalog, subjects), so
reporters only format. See archdsl/report/__init__.py for the reporter interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archdsl.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule as outputs describe it (SARIF `tool.driver.rules`, `archdsl rules`)."""

    code: str
    slug: str
    severity: Severity
    family: str
    summary: str
    description: str
    help_uri: str


@dataclass(frozen=True, slots=True)
class Subject:
    """Something a file declares and the rules checked: an element, data or flow (JUnit cases)."""

    id: str
    kind: str
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Summary:
    errors: int
    warnings: int
    infos: int
    accepted: int
    files: int
    fixed: int = 0  # baseline entries that no longer match any finding
    baselined: int = 0  # findings hidden because the baseline already had them

    @classmethod
    def of(cls, findings: list[Finding], files: int, fixed: int = 0, baselined: int = 0) -> Summary:
        counts = {severity: 0 for severity in Severity}
        accepted = 0
        for finding in findings:
            if finding.accepted:
                accepted += 1
            else:
                counts[finding.severity] += 1
        return cls(
            counts[Severity.ERROR],
            counts[Severity.WARNING],
            counts[Severity.INFO],
            accepted,
            files,
            fixed,
            baselined,
        )


@dataclass(frozen=True, slots=True)
class RunResult:
    """Sorted findings (accepted ones included, flagged), the files checked and the catalog."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    summary: Summary
    rules: tuple[RuleInfo, ...] = ()
    subjects: tuple[Subject, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # file -> text, for source excerpts
    tool_version: str = "0"
