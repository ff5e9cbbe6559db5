"""What parsing and resolving share between nodes to keep large models small (one object per
repeated text, number, conversion and field set) never shows: each node still reads as written,
each problem is reported at its own place, and what one node holds cannot change another."""

from __future__ import annotations

import pytest

from archdsl.diagnostics import INVALID_VALUE
from archdsl.syntax.parser import parse_text
from archdsl.workspace import open_text

TEXT = """\
service a { replicas = 2  x_team = "core" }
service b { replicas = 2 }
service c
a -> b { timeout = 5parsecs  retries = 2 }
a -> c { timeout = 5parsecs }
b -> c { timeout = 250ms  retries = 2 }
c -> b "back" { timeout = 250ms }
"""


def test_the_same_invalid_value_is_reported_at_each_place_it_is_written():
    workspace = open_text(TEXT, "m.arch")
    problems = [d for d in workspace.diagnostics if d.code == INVALID_VALUE]
    assert [(p.span.line, p.span.column, p.message) for p in problems] == [
        (4, 20, "unknown unit `parsecs` in `5parsecs`"),
        (5, 20, "unknown unit `parsecs` in `5parsecs`"),
    ]


def test_repeated_values_convert_alike_and_keep_their_own_spans():
    model = open_text(TEXT, "m.arch").model
    first, second = model.relation("b->c"), model.relation("c->b[back]")
    assert first.timeout == second.timeout == 0.25
    assert first.property_spans["timeout"].line == 6
    assert second.property_spans["timeout"].line == 7


def test_fields_sets_say_what_each_node_was_given():
    model = open_text(TEXT, "m.arch").model
    a, b, c = (model.elements[name] for name in "abc")
    assert "replicas" in a.model_fields_set and "replicas" in b.model_fields_set
    assert "replicas" not in c.model_fields_set
    assert a.model_fields_set == b.model_fields_set
    assert a.custom == {"x_team": "core"} and b.custom == {} and c.custom == {}
    with pytest.raises(TypeError):
        b.custom["x_team"] = "other"  # the empty dicts are shared, and immutable
    assert c.custom == {}


def test_names_and_numbers_written_twice_parse_equal():
    statements = parse_text(TEXT, "m.arch").file.statements
    a, b = statements[0], statements[1]
    assert a.props[0].key.text == b.props[0].key.text == "replicas"
    assert a.props[0].value.data == b.props[0].value.data == (2, "", True)
    assert a.props[0].key.span.line == 1 and b.props[0].key.span.line == 2
