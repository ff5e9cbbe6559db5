"""Data-driven rule cases: tests/rules/cases/<CODE>.toml, each case a model and the exact findings.

    [[case]]
    name = "single copy database behind an api"
    model = '''
    service api { replicas = 2 }
    ...
    '''
    expect = [ { code = "R001", line = 2, column = 1, severity = "warning" } ]
    # optional: only = ["R001"] (rules to compare; default: the file's code), config = { ... }

`expect` lists every finding of the compared codes, in order; `severity`, `message_contains`,
`hint_contains`, `members` (the subjects of a grouped finding's members, in order) and `accepted` are optional keys
of an expectation.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import pytest

from archdsl.rules.config import parse_config
from archdsl.rules.engine import run_rules
from archdsl.workspace import open_text

CASES_DIR = Path(__file__).parent / "cases"
TODAY = datetime.date(2026, 11, 25)


def _cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in document.get("case", []):
            yield pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_case(code, case):
    workspace = open_text(case["model"], "case.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    config = parse_config(case.get("config", {}), Path("case.toml"))
    only = set(case.get("only", [code]))
    findings = [f for f in run_rules(workspace, config=config, today=TODAY) if f.code in only]
    got = [(f.code, f.span.line, f.span.column) for f in findings]
    want = [(e["code"], e["line"], e["column"]) for e in case["expect"]]
    assert got == want, "\n".join(str(f) for f in findings)
    for finding, expectation in zip(findings, case["expect"], strict=False):
        if "severity" in expectation:
            assert finding.severity.value == expectation["severity"], str(finding)
        if "message_contains" in expectation:
            assert expectation["message_contains"] in finding.message, finding.message
        if "hint_contains" in expectation:
            assert expectation["hint_contains"] in (finding.hint or ""), finding.hint
        if "accepted" in expectation:
            assert finding.accepted is expectation["accepted"], str(finding)
        if "members" in expectation:
            assert [m.label for m in finding.members] == expectation["members"], str(finding)
        assert finding.hint, f"{finding.code} finding without a hint"
