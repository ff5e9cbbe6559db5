"""The rule catalog as outputs describe it (SARIF `tool.driver.rules`, the text summary)."""

from __future__ import annotations

from archdsl.report.run import RuleInfo
from archdsl.rules.catalog import all_rules
from archdsl.rules.docs import help_uri
from archdsl.rules.registry import FAMILIES


def rule_infos() -> list[RuleInfo]:
    """Every registered rule, built-in and plugin, in catalog order."""
    return [
        RuleInfo(
            code=r.code,
            slug=r.slug,
            severity=r.severity,
            family=FAMILIES[r.family],
            summary=r.summary,
            description=r.doc,
            help_uri=help_uri(r),
        )
        for r in all_rules()
    ]
