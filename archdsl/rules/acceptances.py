"""`accept` blocks: mark the findings they cover as accepted, bring them back once expired, and
report acceptances that name an unknown rule (E008) or match nothing (E009)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from archdsl.diagnostics import INVALID_ACCEPTANCE, UNUSED_ACCEPTANCE, did_you_mean, model_error
from archdsl.findings import Finding
from archdsl.model.schema import Acceptance, Model
from archdsl.rules.registry import REGISTRY


def covers(acceptance: Acceptance, finding: Finding) -> bool:
    """The acceptance names the finding's rule and its subject (for a relation: source or target)."""
    if not any(_names_rule(name, finding) for name in acceptance.rules):
        return False
    return finding.element in acceptance.targets or (
        finding.target is not None and finding.target in acceptance.targets
    )


def _names_rule(name: str, finding: Finding) -> bool:
    """`name` (a code in any case, a slug or an alias) is the finding's rule."""
    if name in (finding.code, finding.slug):
        return True
    rule = REGISTRY.get(name)
    return rule is not None and rule.code == finding.code


def apply_acceptances(model: Model, findings: list[Finding], today: datetime.date) -> list[Finding]:
    """Findings with acceptances applied, plus E008/E009 about the acceptances themselves."""
    result: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        if finding.code.startswith("E"):
            result.append(finding)
            continue
        match = next((i for i, a in enumerate(model.acceptances) if covers(a, finding)), None)
        if match is None:
            result.append(finding)
            continue
        used.add(match)
        acceptance = model.acceptances[match]
        if acceptance.until is not None and acceptance.until < today:
            note = f"the acceptance at {acceptance.span} expired on {acceptance.until.isoformat()}"
            result.append(replace(finding, note=note))
        else:
            result.append(replace(finding, accepted=True, acceptance_reason=acceptance.reason))
    for index, acceptance in enumerate(model.acceptances):
        result.extend(_unknown_rules(acceptance))
        if index not in used and all(r in REGISTRY for r in acceptance.rules):
            result.append(_unused(acceptance))
    return result


def _unknown_rules(acceptance: Acceptance) -> list[Finding]:
    problems = []
    for name in acceptance.rules:
        rule = REGISTRY.get(name)
        if rule is None or rule.code.startswith("E"):
            candidates = [r.slug for r in REGISTRY if not r.code.startswith("E")]
            problems.append(
                model_error(
                    INVALID_ACCEPTANCE,
                    f"accept names `{name}`, which is not a rule that can be accepted",
                    acceptance.name_spans.get(name, acceptance.span),
                    did_you_mean(name, candidates)
                    or "name a rule by code (R001) or slug (single-point-of-failure)",
                )
            )
    return problems


def _unused(acceptance: Acceptance) -> Finding:
    rules = ", ".join(acceptance.rules)
    targets = ", ".join(acceptance.targets)
    return model_error(
        UNUSED_ACCEPTANCE,
        f"the acceptance of {rules} on {targets} matches no finding",
        acceptance.span,
        "remove it: what it accepted has been fixed (or the names are wrong)",
        element=acceptance.targets[0] if acceptance.targets else None,
    )
