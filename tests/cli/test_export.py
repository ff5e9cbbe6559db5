"""`archdsl export`: the resolved model as JSON, valid against `archdsl export --schema`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

MODEL = Path(__file__).resolve().parents[2] / "models" / "shop.arch"


def test_export_validates_against_its_schema(cli):
    schema = json.loads(cli("export", "--schema", expect=0).out)
    document = json.loads(cli("export", str(MODEL), expect=0).out)
    jsonschema.validate(document, schema)
    assert document["elements"]["orders_db"]["kind"] == "database"


def test_export_of_a_broken_model_exits_1_with_diagnostics(cli, write):
    write("m.arch", "service api {\n  replicas 3\n}\n")
    outcome = cli("export", "m.arch", expect=1)
    assert outcome.out == "" and "m.arch:2:12: E001" in outcome.err


def test_export_without_file_is_a_usage_error(cli):
    assert "FILE" in cli("export", expect=2).err
