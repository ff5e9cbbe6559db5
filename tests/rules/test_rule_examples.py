"""Docs are tests: every rule's failing example triggers it and its fixed example does not."""

from __future__ import annotations

import datetime

import pytest

import archdsl
from archdsl.rules.catalog import all_rules
from archdsl.rules.engine import run_rules
from archdsl.workspace import open_text

RULES = all_rules()
TODAY = datetime.date(2026, 11, 25)


def codes_for(text: str) -> list[str]:
    workspace = open_text(text, "example.arch")
    return [f.code for f in run_rules(workspace, today=TODAY) if not f.accepted]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_failing_example_triggers_the_rule(rule):
    assert rule.code in codes_for(rule.bad), rule.bad


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_fixed_example_does_not_trigger_the_rule(rule):
    assert rule.code not in codes_for(rule.good), rule.good


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert rule.summary and len(rule.doc) > 80
    assert "Why it matters" in rule.doc, f"{rule.code} doc must say why it matters in production"


def test_catalog_is_complete():
    expected = (
        {f"E{n:03}" for n in range(1, 11)}
        | {f"R{n:03}" for n in range(1, 8)}
        | {f"U{n:03}" for n in range(1, 10)}
        | {f"F{n:03}" for n in range(1, 7)}
        | {f"S{n:03}" for n in range(1, 11)}
        | {f"P{n:03}" for n in range(1, 6)}
        | {f"D{n:03}" for n in range(1, 6)}
    )
    assert {r.code for r in RULES} == expected


def test_public_check_api_runs_rules():
    workspace = archdsl.loads('service api { owner = "t" }\n')
    assert all(f.code != "E001" for f in archdsl.check(workspace))
