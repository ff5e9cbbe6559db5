"""Every E-code the parser and resolver report, with its exact line and column."""

from __future__ import annotations

import pytest

from archdsl.workspace import open_text

CASES = [
    # (name, model text, expected [(code, line, column)], message fragment of the first)
    ("missing equals", "service api {\n  replicas 3\n}\n", [("E001", 2, 12)], "missing `=`"),
    ("dash for arrow", "service a\nservice b\na - b\n", [("E001", 3, 3)], "not an arrow"),
    ("double dash arrow", "service a\nservice b\na --> b\n", [("E001", 3, 3)], "not an arrow"),
    (
        "missing closing brace",
        "boundary b {\n  service a {\n    replicas = 2\n  }\n",
        [("E001", 1, 12)],
        "missing `}`",
    ),
    (
        "declaration inside element",
        "service a {\n  service b\n}\n",
        [("E001", 2, 3)],
        "inside another element",
    ),
    ("single quotes", "service a 'x'\n", [("E001", 1, 11)], "double quotes"),
    ("stray closing brace", "service a\n}\n", [("E001", 2, 1)], "no body is open"),
    ("reserved word as name", "service data\n", [("E001", 1, 9)], "reserved word"),
    (
        "field without type",
        "database db\ndata D in db {\n  id\n}\n",
        [("E001", 3, 3)],
        "has no type",
    ),
    (
        "undefined target",
        "service api\nservice web\nweb -> apj\n",
        [("E002", 3, 8)],
        "not declared",
    ),
    (
        "undefined carries",
        "service a\ndatabase db\na -> db { carries = [Ordr] }\n",
        [("E002", 3, 22)],
        "Ordr",
    ),
    (
        "query on unknown field",
        "database db\ndata D in db {\n  id uuid key\n  query by idd\n}\n",
        [("E002", 4, 12)],
        "no field",
    ),
    ("duplicate element", "service api\ndatabase api\n", [("E003", 2, 10)], "already declared"),
    ("duplicate property", "service a { zones = 2  zones = 3 }\n", [("E003", 1, 24)], "set twice"),
    ("duplicate system", "system a\nsystem b\n", [("E003", 2, 8)], "second `system`"),
    (
        "wrong unit kind",
        "service a\nservice b\na -> b { timeout = 3rps }\n",
        [("E004", 3, 20)],
        "duration",
    ),
    ("negative replicas", "service a { replicas = -1 }\n", [("E004", 1, 24)], "at least 0"),
    ("range min above max", "service a { autoscale = 5..2 }\n", [("E004", 1, 25)], "min > max"),
    ("unknown enum word", "database db { backup = dayly }\n", [("E004", 1, 24)], "expects one of"),
    (
        "property on wrong kind",
        "service a { max_depth = 10 }\n",
        [("E004", 1, 13)],
        "does not apply",
    ),
    (
        "webhook from a service",
        "service a\nservice b\na -> b { webhook = true }\n",
        [("E004", 3, 10)],
        "webhook",
    ),
    (
        "data in stateless store",
        "service a\ndata D in a { id uuid }\n",
        [("E004", 2, 11)],
        "holds no state",
    ),
    (
        "unknown flag",
        "database db\ndata D in db {\n  id uuid kee\n}\n",
        [("E004", 3, 11)],
        "unknown flag",
    ),
    ("no unit", "service a\nservice b\na -> b { timeout = 2 }\n", [("E004", 3, 20)], "no unit"),
    (
        "unknown unit",
        "service a\nservice b\na -> b { timeout = 2sec }\n",
        [("E004", 3, 20)],
        "unknown unit",
    ),
    ("percent above 100", "external x { sla = 101% }\n", [("E004", 1, 20)], "above 100%"),
    (
        "bad date",
        'service a\naccept R001 on a { reason = "r"  until = 2027-02-30 }\n',
        [("E004", 2, 42)],
        "calendar date",
    ),
    ("unknown property", "service a { replica = 3 }\n", [("E005", 1, 13)], "unknown property"),
    (
        "relation property on element",
        "service a { timeout = 2s }\n",
        [("E005", 1, 13)],
        "unknown property",
    ),
    ("import missing", 'import "nope.arch"\nservice a\n', [("E006", 1, 1)], "no such file"),
    (
        "flow step not declared",
        "service a\nservice b\nflow f { steps = a -> b }\n",
        [("E007", 3, 18)],
        "not a declared relation",
    ),
    (
        "flow step wrong arrow",
        "service a\nqueue q\na ~> q\nflow f { steps = a -> q }\n",
        [("E007", 4, 18)],
        "not a declared relation",
    ),
    (
        "accept without reason",
        'service a\naccept R001 on a { owner = "x" }\n',
        [("E008", 2, 1)],
        "without `reason`",
    ),
    (
        "accept unknown element",
        'service a\naccept R001 on b { reason = "r" }\n',
        [("E008", 2, 16)],
        "`b`",
    ),
    ("unknown kind", "servce api\n", [("E010", 1, 1)], "unknown element kind"),
    (
        "unknown kind in defaults",
        "defaults servce { zones = 2 }\n",
        [("E010", 1, 10)],
        "not an element kind",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_diagnostic(text, expected, fragment):
    workspace = open_text(text, "case.arch")
    got = [(d.code, d.span.line, d.span.column) for d in workspace.diagnostics]
    assert got == expected, "\n".join(str(d) for d in workspace.diagnostics)
    first = workspace.diagnostics[0]
    assert fragment in first.message
    assert first.hint, "every model diagnostic carries a hint"


def test_errors_are_collected_not_stopped_at_first():
    text = "service a {\n  replicas 2\n}\nservce b\nservice c { zones = x }\nservice a2\na2 -> zz\n"
    codes = [d.code for d in open_text(text, "m.arch").diagnostics]
    assert codes == ["E001", "E010", "E004"], "E002 is held back while the file has a syntax error"


def test_semantic_errors_all_reported_in_one_run():
    text = "service a { replica = 2 }\nservce b\na -> c\ndatabase db { backup = weekly }\n"
    codes = sorted(d.code for d in open_text(text, "m.arch").diagnostics)
    assert codes == ["E002", "E004", "E005", "E010"]


def test_undefined_reference_suggests_nearest_names():
    workspace = open_text("service orders_api\nservice web\nweb -> order_api\n", "m.arch")
    assert "`orders_api`" in workspace.diagnostics[0].hint


def test_duplicate_points_at_both_places():
    finding = open_text("service api\n\ndatabase api\n", "m.arch").diagnostics[0]
    assert "m.arch:1:9" in finding.message and finding.span.line == 3


def test_syntax_error_lists_expected_in_words():
    finding = open_text("service a {\n  -> \n}\n", "m.arch").diagnostics[0]
    assert "expected a name" in finding.message and "NAME" not in finding.message


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("queue q { dlq = missing }\n", "E002", 17),
        ("queue q { dlq = q }\n", "E004", 17),
        ("service s\nqueue q { dlq = s }\n", "E004", 17),
    ],
)
def test_dlq_must_name_another_queue(text, code, column):
    diagnostics = open_text(text, "m.arch").diagnostics
    assert [(d.code, d.span.column) for d in diagnostics] == [(code, column)]


def test_relation_header_span_includes_its_label():
    model = open_text('service a\nservice b\na -> b "calls b" { timeout = 1s }\n', "m.arch").model
    span = model.relations[0].span
    assert (span.line, span.column, span.end_column) == (3, 1, 17)


def test_problems_before_a_syntax_error_are_reported_once():
    text = "database db\ndata D in db {\n  = 3\n}\nservice a {\n  replicas 2\n}\n"
    got = [(d.code, d.span.line) for d in open_text(text, "m.arch").diagnostics]
    assert got == [("E001", 3), ("E001", 6)]
