"""The CI recipes in docs/ci.md work: each `archdsl` command they contain runs on models/."""

from __future__ import annotations

import importlib.util
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_recipes():
    spec = importlib.util.spec_from_file_location(
        "ci_recipes", REPO / "tests" / "report" / "ci_recipes.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


archdsl_argv = _load_recipes().archdsl_argv
SCHEMA = REPO / "tests" / "report" / "data" / "sarif-2.1.0.json"  # the official SARIF 2.1.0 schema


@pytest.fixture
def workspace_copy(tmp_path, monkeypatch):
    shutil.copytree(REPO / "models", tmp_path / "models")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check_output(args: list[str], folder: Path) -> None:
    if "--output" not in args:
        return
    output = folder / args[args.index("--output") + 1]
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    if fmt == "sarif":
        jsonschema.validate(json.loads(output.read_text()), json.loads(SCHEMA.read_text()))
    elif fmt == "junit":
        assert ET.parse(output).getroot().tag in ("testsuites", "testsuite")


def test_every_recipe_command_runs_on_models(cli, workspace_copy):
    commands = archdsl_argv(languages=("yaml", "sh"))
    assert len(commands) >= 4, "the recipes lost their commands"
    for args in commands:
        outcome = cli(*args)
        assert outcome.code in (0, 1), f"archdsl {' '.join(args)} -> {outcome.code}: {outcome.err}"
        if "--fail-on" in args and args[args.index("--fail-on") + 1] == "never":
            assert outcome.code == 0
        _check_output(args, workspace_copy)


@pytest.mark.parametrize("model", sorted(p.name for p in (REPO / "models").glob("*.arch")))
def test_sarif_of_every_model_validates_against_the_schema(cli, workspace_copy, model):
    cli("validate", f"models/{model}", "--format", "sarif", "--output", "out.sarif")
    document = json.loads((workspace_copy / "out.sarif").read_text())
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert document["runs"][0]["tool"]["driver"]["rules"], "every rule is described"
