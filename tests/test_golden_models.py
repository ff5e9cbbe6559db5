"""Golden files: the resolved model of every example in models/ (JSON), pinned.

Regenerate after an intended change with `ARCHDSL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_models.py`
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import archdsl
from archdsl.model.export import model_to_data
from archdsl.workspace_roots import find_roots

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
ROOTS = [p.relative_to(REPO) for p in find_roots([REPO / "models"])]


@pytest.mark.parametrize("model_path", ROOTS, ids=str)
def test_resolved_model_matches_golden(model_path, monkeypatch):
    monkeypatch.chdir(REPO)
    workspace = archdsl.load(model_path)
    data = model_to_data(workspace.model)
    golden = GOLDEN / (model_path.stem + ".model.json")
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file for {model_path}; run with ARCHDSL_UPDATE_GOLDEN=1"
    assert json.loads(golden.read_text(encoding="utf-8")) == data


def test_every_example_model_is_a_root_and_parses():
    names = {p.name for p in ROOTS}
    assert {"shop.arch", "pipeline.arch", "saas.arch"} <= names
