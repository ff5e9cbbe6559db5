"""`accept` blocks: mark the findings they cover as accepted, bring them back once expired, and
report acceptances that name an unknown rule (E008) or match nothing (E009).

Grouped findings (RULES.md, "One finding per root cause"): an acceptance naming the group's
subject (its `element`, `target` or one of its `group_names`, such as a unit word) accepts the
whole group; one naming a member (a relation's source or target, an element) accepts that member
only. A group whose members are all accepted is accepted; otherwise it takes the severity of its
worst member that is not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from archdsl.diagnostics import INVALID_ACCEPTANCE, UNUSED_ACCEPTANCE, did_you_mean, model_error
from archdsl.findings import Finding, Member, worst
from archdsl.model.schema import Acceptance, Model
from archdsl.rules.registry import REGISTRY

_LISTED = 8  # subjects named in an unused-acceptance message before "and N more"


def _names_rule(acceptance: Acceptance, code: str, slug: str) -> bool:
    """The acceptance names the rule by code (in any case), slug or alias."""
    if code in acceptance.rules or slug in acceptance.rules:
        return True
    return any(
        (rule := REGISTRY.get(name)) is not None and rule.code == code for name in acceptance.rules
    )


def covers(acceptance: Acceptance, finding: Finding) -> bool:
    """The acceptance names the finding's rule and its subject (for a relation: source or target;
    for a group: its anchor's subject or one of its group names)."""
    if not _names_rule(acceptance, finding.code, finding.slug):
        return False
    names = (finding.element, finding.target, *finding.group_names)
    return any(name is not None and name in acceptance.targets for name in names)


def covers_member(acceptance: Acceptance, finding: Finding, member: Member) -> bool:
    """The acceptance names the group's rule and this member's subject."""
    if not _names_rule(acceptance, finding.code, finding.slug):
        return False
    return any(
        name is not None and name in acceptance.targets for name in (member.element, member.target)
    )


@dataclass
class _Matcher:
    acceptances: tuple[Acceptance, ...]
    today: datetime.date
    used: set[int] = field(default_factory=set)

    def find(self, test) -> Acceptance | None:
        """The first acceptance `test` holds for, remembered as used."""
        for index, acceptance in enumerate(self.acceptances):
            if test(acceptance):
                self.used.add(index)
                return acceptance
        return None

    def expired(self, acceptance: Acceptance) -> bool:
        return acceptance.until is not None and acceptance.until < self.today


def _expiry_note(acceptance: Acceptance) -> str:
    assert acceptance.until is not None
    return f"the acceptance at {acceptance.span} expired on {acceptance.until.isoformat()}"


def _apply_to_finding(finding: Finding, matcher: _Matcher) -> Finding:
    acceptance = matcher.find(lambda a: covers(a, finding))
    if acceptance is not None and not matcher.expired(acceptance):
        return replace(finding, accepted=True, acceptance_reason=acceptance.reason)
    note = _expiry_note(acceptance) if acceptance is not None else None
    if finding.members:
        return _apply_to_members(finding, matcher, note)
    return replace(finding, note=note) if note else finding


def _apply_to_members(finding: Finding, matcher: _Matcher, note: str | None) -> Finding:
    members = []
    notes = [note] if note else []
    for member in finding.members:
        acceptance = matcher.find(lambda a, m=member: covers_member(a, finding, m))
        if acceptance is None:
            members.append(member)
        elif matcher.expired(acceptance):
            members.append(member)
            notes.append(f"{member.label}: {_expiry_note(acceptance)}")
        else:
            members.append(replace(member, accepted=True, acceptance_reason=acceptance.reason))
    open_members = [m for m in members if not m.accepted]
    joined = "; ".join(dict.fromkeys(notes)) or None
    if not open_members:
        reasons = "; ".join(dict.fromkeys(m.acceptance_reason or "" for m in members))
        return replace(
            finding, members=tuple(members), accepted=True, acceptance_reason=reasons, note=joined
        )
    severity = worst(m.severity for m in open_members) or finding.severity
    return replace(finding, members=tuple(members), severity=severity, note=joined)


def apply_acceptances(model: Model, findings: list[Finding], today: datetime.date) -> list[Finding]:
    """Findings with acceptances applied, plus E008/E009 about the acceptances themselves."""
    matcher = _Matcher(model.acceptances, today)
    result = [f if f.code.startswith("E") else _apply_to_finding(f, matcher) for f in findings]
    for index, acceptance in enumerate(model.acceptances):
        result.extend(_unknown_rules(acceptance))
        if index not in matcher.used and all(r in REGISTRY for r in acceptance.rules):
            result.append(_unused(acceptance, findings))
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


def _subject_names(finding: Finding) -> tuple[str, list[str]]:
    """What kind of subject a finding has and the names an acceptance could give for it."""
    kind = finding.subject.split(":", 1)[0] if ":" in finding.subject else "element"
    if kind == "flow":
        return "flows", [finding.element or ""]
    if kind == "data":
        return "data", [finding.element or ""]
    names = [finding.element, finding.target, *finding.group_names]
    for member in finding.members:
        names += [member.element, member.target]
    return "elements", [name for name in names if name]


def findings_are_about(code: str, findings: list[Finding]) -> str:
    """`F006 findings are about flows track_order, place_order`, or that there are none."""
    by_kind: dict[str, dict[str, None]] = {}
    for finding in findings:
        if finding.code != code:
            continue
        kind, names = _subject_names(finding)
        by_kind.setdefault(kind, {}).update(dict.fromkeys(names))
    if not by_kind:
        return f"there are no {code} findings"
    parts = []
    for kind in ("elements", "data", "flows"):
        names = list(by_kind.get(kind, ()))
        if not names:
            continue
        shown = ", ".join(names[:_LISTED])
        if len(names) > _LISTED:
            shown += f" and {len(names) - _LISTED} more"
        parts.append(f"{kind} {shown}")
    return f"{code} findings are about " + "; ".join(parts)


def _unused(acceptance: Acceptance, findings: list[Finding]) -> Finding:
    rules = ", ".join(acceptance.rules)
    targets = ", ".join(acceptance.targets)
    codes = dict.fromkeys(
        rule.code for rule in map(REGISTRY.get, acceptance.rules) if rule is not None
    )
    about = "; ".join(findings_are_about(code, findings) for code in codes)
    return model_error(
        UNUSED_ACCEPTANCE,
        f"the acceptance of {rules} on {targets} matches no finding; {about}",
        acceptance.span,
        "name what the findings are about, or remove the acceptance if what it accepted has "
        "been fixed",
        element=acceptance.targets[0] if acceptance.targets else None,
    )
