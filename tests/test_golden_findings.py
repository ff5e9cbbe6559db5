"""The example models produce the findings their designs deserve, pinned as golden JSON, and the
well-designed model produces no error and no warning at all.

Regenerate after an intended change with
`ARCHDSL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_findings.py` and review the diff.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from archdsl.findings import Severity
from archdsl.rules.engine import run_rules
from archdsl.workspace import open_workspace
from archdsl.workspace_roots import find_roots

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
ROOTS = [p.relative_to(REPO) for p in find_roots([REPO / "models"])]
TODAY = datetime.date(2026, 11, 25)  # acceptances in the models expire relative to this day


def findings_of(model_path: Path):
    return run_rules(open_workspace(model_path), today=TODAY)


def as_data(finding) -> dict:
    data = {
        "code": finding.code,
        "severity": finding.severity.value,
        "file": finding.span.file,
        "line": finding.span.line,
        "column": finding.span.column,
        "element": finding.element,
        "target": finding.target,
        "message": finding.message,
        "hint": finding.hint,
        "accepted": finding.accepted,
        "note": finding.note,
    }
    if finding.members:  # a grouped finding: its members, where they are and whether accepted
        data["members"] = [
            f"{m.span.line}:{m.span.column} {m.label}" + (" (accepted)" if m.accepted else "")
            for m in finding.members
        ]
    return data


@pytest.mark.parametrize("model_path", ROOTS, ids=str)
def test_findings_match_golden(model_path, monkeypatch):
    monkeypatch.chdir(REPO)
    data = [as_data(f) for f in findings_of(model_path)]
    golden = GOLDEN / (model_path.stem + ".findings.json")
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.is_file(), f"no golden file for {model_path}; run with ARCHDSL_UPDATE_GOLDEN=1"
    assert json.loads(golden.read_text(encoding="utf-8")) == data


def test_well_designed_model_has_no_error_and_no_warning(monkeypatch):
    monkeypatch.chdir(REPO)
    loud = [
        f
        for f in findings_of(Path("models/well_designed.arch"))
        if f.severity is not Severity.INFO and not f.accepted
    ]
    assert not loud, "\n".join(str(f) for f in loud)


def test_flawed_models_are_flagged(monkeypatch):
    monkeypatch.chdir(REPO)
    for name in ("shop", "pipeline", "saas"):
        codes = {
            f.code for f in findings_of(Path(f"models/{name}.arch")) if f.severity is Severity.ERROR
        }
        assert codes, f"models/{name}.arch is meant to show real design flaws"
