"""`archdsl rules` (the catalog as a table) and `archdsl explain CODE|SLUG` (one rule's page)."""

from __future__ import annotations

from typing import TextIO

from archdsl.cli.errors import UsageError
from archdsl.diagnostics import did_you_mean


def rules_table(stream: TextIO) -> int:
    from archdsl.rules.catalog import all_rules

    rules = all_rules()
    slug_width = max(len(r.slug) for r in rules)
    stream.write(f"{'CODE':<5} {'SLUG':<{slug_width}} {'DEFAULT':<8} FLAGS\n")
    for rule in rules:
        stream.write(
            f"{rule.code:<5} {rule.slug:<{slug_width}} {rule.severity.value:<8} {rule.summary}\n"
        )
    stream.write(f"{len(rules)} rules; `archdsl explain CODE` shows one.\n")
    return 0


def explain(name: str, stream: TextIO) -> int:
    from archdsl.rules.catalog import all_rules, load_rules
    from archdsl.rules.docs import rule_page
    from archdsl.rules.registry import REGISTRY

    load_rules()
    rule = REGISTRY.get(name)
    if rule is None:
        names = [r.code for r in all_rules()] + [r.slug for r in all_rules()]
        hint = did_you_mean(name, names)
        raise UsageError(
            f"no rule `{name}`" + (f"; {hint}" if hint else "; `archdsl rules` lists them")
        )
    stream.write(rule_page(rule))
    return 0
