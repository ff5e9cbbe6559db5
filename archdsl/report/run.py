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
    """Counts of one run. A grouped finding counts once, whatever its members.

    `by_rule` is (code, count) of the unaccepted findings, most severe rule first, then most
    frequent; `left_out` says what model errors kept from the rules ("2 relations").
    """

    errors: int
    warnings: int
    infos: int
    accepted: int
    files: int
    fixed: int = 0  # baseline entries that no longer match any finding
    baselined: int = 0  # findings hidden because the baseline already had them
    by_rule: tuple[tuple[str, int], ...] = ()
    left_out: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        findings: list[Finding],
        files: int,
        fixed: int = 0,
        baselined: int = 0,
        left_out: tuple[str, ...] = (),
    ) -> Summary:
        counts = {severity: 0 for severity in Severity}
        accepted = 0
        per_rule: dict[str, int] = {}
        rank: dict[str, int] = {}
        for finding in findings:
            if finding.accepted:
                accepted += 1
                continue
            counts[finding.severity] += 1
            per_rule[finding.code] = per_rule.get(finding.code, 0) + 1
            rank[finding.code] = max(rank.get(finding.code, 0), finding.severity.rank)
        by_rule = sorted(per_rule.items(), key=lambda item: (-rank[item[0]], -item[1], item[0]))
        return cls(
            counts[Severity.ERROR],
            counts[Severity.WARNING],
            counts[Severity.INFO],
            accepted,
            files,
            fixed,
            baselined,
            tuple(by_rule),
            tuple(left_out),
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
