"""Each word of the language is declared once, and everything derived from the declarations
(checks, schema fields, export JSON Schema, docs tables) agrees with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdsl.model import schema
from archdsl.model.docs import generated_tables, markers, render
from archdsl.model.export import model_json_schema
from archdsl.model.kinds import KIND_TRAITS, ElementKind
from archdsl.model.properties import TABLES
from archdsl.workspace import open_text

LANGUAGE_PAGE = Path(__file__).resolve().parents[2] / "docs" / "language.md"
SCHEMA_CLASSES = {
    "elements": schema.Element,
    "relations": schema.Relation,
    "boundaries": schema.Boundary,
    "system": schema.System,
    "data": schema.Data,
    "flows": schema.Flow,
    "accept": schema.Acceptance,
}
# Fields of the model that are structure or resolved facts, not properties a user writes.
STRUCTURAL = {
    "span",
    "id",
    "name",
    "kind",
    "label",
    "boundary",
    "parent",
    "trust",
    "effective_trust",
    "failover_source",
    "source",
    "target",
    "arrow",
    "order",
    "fallback_element",
    "stores",
    "fields",
    "queries",
    "chains",
    "steps",
    "arrows",
    "relations",
    "rules",
    "targets",
    "custom",
    "property_spans",
    "name_spans",
}
ALL_SPECS = [(construct, spec) for construct, table in TABLES.items() for spec in table.values()]
IDS = [f"{construct}.{spec.name}" for construct, spec in ALL_SPECS]


@pytest.mark.parametrize(("construct", "spec"), ALL_SPECS, ids=IDS)
def test_every_property_is_documented(construct, spec):
    assert spec.doc.strip() and "\n" not in spec.doc, f"{construct}.{spec.name} needs a doc line"


@pytest.mark.parametrize(("construct", "spec"), ALL_SPECS, ids=IDS)
def test_every_numeric_property_has_a_range(construct, spec):
    if spec.kind in ("int", "number", "duration", "rate", "percent", "size", "range"):
        assert spec.minimum is not None and spec.maximum is not None, spec.name


@pytest.mark.parametrize(("construct", "spec"), ALL_SPECS, ids=IDS)
def test_every_property_is_a_model_field_with_the_declared_default(construct, spec):
    fields = SCHEMA_CLASSES[construct].model_fields
    assert spec.name in fields, f"{construct}.{spec.name} has no field in schema.py"
    default = fields[spec.name].get_default(call_default_factory=True)
    assert default == spec.default, f"{construct}.{spec.name}: {default!r} != {spec.default!r}"


@pytest.mark.parametrize("construct", sorted(SCHEMA_CLASSES))
def test_every_model_field_is_declared_or_structural(construct):
    undeclared = set(SCHEMA_CLASSES[construct].model_fields) - set(TABLES[construct]) - STRUCTURAL
    assert not undeclared, f"declare {sorted(undeclared)} in archdsl/model/properties.py"


def test_every_kind_has_a_row_of_traits():
    assert set(KIND_TRAITS) == set(ElementKind)
    for kind, row in KIND_TRAITS.items():
        assert row.meaning and row.dot_shape and all(row.mermaid_shape), kind
        assert not (row.stateful and row.outside), kind


def test_docs_tables_are_current():
    text = LANGUAGE_PAGE.read_text(encoding="utf-8")
    assert sorted(markers(text)) == sorted(generated_tables()), "a generated table is missing"
    assert render(text) == text, "regenerate with `python -m archdsl.model.docs`"


def test_docs_tables_name_every_property_and_kind():
    tables = generated_tables()
    for spec in TABLES["elements"].values():
        assert f"| `{spec.name}` |" in tables["element-properties"]
    for kind in ElementKind:
        assert f"| `{kind}` |" in tables["element-kinds"]


def test_export_schema_describes_every_property():
    defs = model_json_schema()["$defs"]
    names = {"elements": "Element", "relations": "Relation", "flows": "Flow"}
    for construct, definition in names.items():
        for spec in TABLES[construct].values():
            assert defs[definition]["properties"][spec.name]["description"] == spec.doc
    replicas = defs["Element"]["properties"]["replicas"]
    assert (replicas["minimum"], replicas["maximum"]) == (0, 100_000)
    auth = defs["Element"]["properties"]["auth"]["anyOf"][0]
    assert "presigned" in auth["enum"]


HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("service a { replicas = 99999999999999999999999 }", "at most 100000"),
        (f"service a {{ replicas = {HUGE} }}", "at most 100000"),
        (f"service a {{ autoscale = 2..{HUGE} }}", "at most 100000"),
        ("service a { capacity = 99999999999999999999999rps }", "at most 1000000000rps"),
        (f"service a {{ capacity = {HUGE}.5rps }}", "out of range"),
        (f"service a {{ request_timeout = {HUGE}s }}", "at most 365d"),
        ("service a { request_timeout = 400d }", "at most 365d"),
        (f"service a {{ sla = {HUGE}% }}", "above 100%"),
        ("queue q { max_depth = 10000000000000000 }", "at most 1000000000000000"),
        ("service a { zones = 1001 }", "at most 1000"),
    ],
)
def test_numbers_out_of_range_are_invalid_values(text, fragment):
    found = open_text(text + "\n", "m.arch").diagnostics
    assert [d.code for d in found] == ["E004"], found
    assert fragment in found[0].message and found[0].hint
    assert len(found[0].message) < 200  # a 5000-digit value is shortened in the message


def test_huge_relation_and_flow_numbers_are_invalid_values():
    text = (
        "service a\nservice b\n"
        f"a -> b {{ timeout = {HUGE}ms  retries = 1001  calls = {HUGE}  pool = {HUGE} }}\n"
        f"flow f {{ steps = a -> b  peak = {HUGE}rps  latency = {HUGE}h }}\n"
    )
    found = open_text(text, "m.arch").diagnostics
    assert [d.code for d in found] == ["E004"] * 6


def test_huge_custom_numbers_stay_as_written():
    model = open_text(f"service a {{ x_big = {HUGE}  x_dec = {HUGE}.5 }}\n", "m.arch").model
    custom = model.elements["a"].custom
    assert custom["x_dec"] == f"{HUGE}.5"  # not infinity
    assert custom["x_big"] == f"{HUGE}"
