"""Run the selected rules over a workspace and apply configuration and acceptances.

Model errors do not switch the rules off (RULES.md, E section): the resolver leaves out a faulty
property (its default applies) and a declaration that cannot stand with what hangs on it, and a
flow with a step that is not a relation is left out here (its call tree is unknown), so the rules
check the rest. `Workspace.left_out` says what was left out, for the summary.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from archdsl.findings import Finding, sorted_findings
from archdsl.gc_pause import gc_paused
from archdsl.model.left_out import broken_flows
from archdsl.rules import catalog
from archdsl.rules.acceptances import apply_acceptances
from archdsl.rules.config import Config
from archdsl.rules.context import RuleContext
from archdsl.rules.registry import REGISTRY, Rule, matches

if TYPE_CHECKING:
    from archdsl.workspace import Workspace


def _as_names(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(value)


def is_selected(rule: Rule, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """`select` empty means all rules; `ignore` wins over `select`."""
    select, ignore = tuple(select), tuple(ignore)
    if select and not any(matches(name, rule.code, rule.slug) for name in select):
        return False
    return not any(matches(name, rule.code, rule.slug) for name in ignore)


def severity_override(rule: Rule, config: Config):
    for name, level in config.severity.items():
        if name in (rule.code, rule.slug):
            return level
    return None


def checkable(workspace):
    """The workspace the rules see: without flows whose steps are not relations."""
    broken = broken_flows(workspace.diagnostics) & set(workspace.model.flows)
    if not broken:
        return workspace
    flows = {key: flow for key, flow in workspace.model.flows.items() if key not in broken}
    return dataclasses.replace(workspace, model=workspace.model.model_copy(update={"flows": flows}))


def run_rules(
    workspace: Workspace,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    config: Config | None = None,
    today: datetime.date | None = None,
) -> list[Finding]:
    """Diagnostics of the model plus, when it has no errors, every selected rule's findings."""
    catalog.load_rules()
    config = config or Config()
    select = _as_names(select) or config.select
    ignore = _as_names(ignore) or config.ignore
    findings = list(workspace.diagnostics)
    context = RuleContext(checkable(workspace), config)
    with gc_paused():  # analyses and findings allocate much and free little, like parsing
        for rule in REGISTRY:
            if rule.check is None or not is_selected(rule, select, ignore):
                continue
            context.rule = rule
            override = severity_override(rule, config)
            for finding in rule.check(context):
                findings.append(finding.with_severity(override) if override else finding)
    findings = apply_acceptances(workspace.model, findings, today or datetime.date.today())
    unused_rule = REGISTRY["E009"]
    return sorted_findings(
        f for f in findings if f.code != "E009" or is_selected(unused_rule, select, ignore)
    )
