"""Every E-code the parser and resolver report, with its exact line and column."""

from __future__ import annotations

from pathlib import Path

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
    # `replicas 2` is corrected to `replicas = 2`: nothing went unread, so `zz` is truly undeclared
    assert codes == ["E001", "E010", "E004", "E002"]


def test_undefined_references_are_held_back_while_text_went_unread():
    text = "service a {\n  replicas = \n}\nservice a2\na2 -> zz\n"
    codes = [d.code for d in open_text(text, "m.arch").diagnostics]
    assert codes == ["E001"], "`zz` may be declared in the text that could not be read"


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


# The mistakes a new user makes in the first hour: each is named, shows the corrected text, and
# parsing reads on as if the correction had been made (the model keeps the value).
ARROW_HINT = "(`->` is a synchronous call, `~>` an asynchronous one)"
FIRST_HOUR = [
    (
        "commas between properties",
        "service a { replicas = 2, zones = 2 }\n",
        1,
        25,
        "properties are separated by spaces or newlines, not commas",
        "write `replicas = 2  zones = 2`",
    ),
    (
        "comma at the end of a line",
        "service a {\n  replicas = 2,\n  zones = 2\n}\n",
        2,
        15,
        "properties are separated by spaces or newlines, not commas",
        "write `replicas = 2`, without `,`",
    ),
    (
        "range with a dash",
        "service a { autoscale = 2-10 }\n",
        1,
        25,
        "`2-10` is not a range: a range is written with two dots",
        "write `2..10`",
    ),
    (
        "range with a spaced dash",
        "service a { autoscale = 2 - 10 }\n",
        1,
        25,
        "`2 - 10` is not a range: a range is written with two dots",
        "write `2..10`",
    ),
    (
        "list without brackets",
        "service a { tags = a, b }\n",
        1,
        20,
        "the list `a, b` needs square brackets",
        "write `tags = [a, b]`",
    ),
    (
        "space before a unit",
        "service a { capacity = 10000 rps }\n",
        1,
        24,
        "a space between the number `10000` and its unit `rps`",
        "write `10000rps`",
    ),
    (
        "space before a percent sign",
        "external s { sla = 99.9 % }\n",
        1,
        20,
        "a space between the number `99.9` and its unit `%`",
        "write `99.9%`",
    ),
    (
        "colon for equals",
        "service a {\n  replicas: 3\n}\n",
        2,
        11,
        "`replicas:` uses `:`; a property is set with `=`",
        "write `replicas = 3`",
    ),
    (
        "colon in a data field",
        "database db\ndata D in db {\n  id: uuid key\n}\n",
        3,
        5,
        "a data field is written `name type flags`, without `:` after the name `id`",
        "write `id uuid key`",
    ),
    (
        "slash comment",
        "service a  // the API\n",
        1,
        12,
        "`//` does not start a comment: comments start with `#`",
        "write `# the API`",
    ),
    (
        "label without quotes",
        "service a Orders API\n",
        1,
        11,
        "the label `Orders API` needs double quotes",
        'write `service a "Orders API"`',
    ),
    (
        "one-word label without quotes",
        "service web Storefront\nservice b\nweb -> b\n",
        1,
        13,
        "the label `Storefront` needs double quotes",
        'write `service web "Storefront"`',
    ),
    (
        "relation label without quotes",
        "service a\nservice b\na -> b reads orders { timeout = 1s }\n",
        3,
        8,
        "the label `reads orders` needs double quotes",
        'write `a -> b "reads orders"`',
    ),
    (
        "long arrow",
        "service a\nservice b\na --> b\n",
        3,
        3,
        "`-->` is not an arrow",
        f"write `a -> b` {ARROW_HINT}",
    ),
    (
        "fat arrow",
        "service a\nservice b\na => b\n",
        3,
        3,
        "`=>` is not an arrow",
        f"write `a -> b` {ARROW_HINT}",
    ),
    (
        "date without leading zeros",
        'service a\naccept R001 on a { reason = "r"  until = 2027-6-30 }\n',
        2,
        42,
        "`2027-6-30` is not a date: dates are written YYYY-MM-DD",
        "write `2027-06-30`",
    ),
    (
        "missing equals with a value",
        "service a {\n  replicas 3\n}\n",
        2,
        12,
        "missing `=` between property `replicas` and its value number `3`",
        "write `replicas = 3`",
    ),
    (
        "missing closing brace before the next statement",
        "service a {\n  replicas = 2\nservice b\nb -> a\n",
        3,
        1,
        "missing `}`: the `{` opened at line 1, column 11 is not closed before this statement",
        "add `}` where that body ends",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "message", "hint"),
    [case[1:] for case in FIRST_HOUR],
    ids=[case[0] for case in FIRST_HOUR],
)
def test_first_hour_mistake_is_named_with_its_correction(text, line, column, message, hint):
    diagnostics = open_text(text, "m.arch").diagnostics
    got = [(d.code, d.span.line, d.span.column, d.message, d.hint) for d in diagnostics]
    assert got == [("E001", line, column, message, hint)]


def test_three_slips_in_one_block_are_three_diagnostics_and_the_values_are_kept():
    text = "service a {\n  replicas: 3\n  zones = 2,\n  capacity = 100 rps\n}\nservice b\na -> b\n"
    workspace = open_text(text, "m.arch")
    got = [(d.code, d.span.line, d.span.column) for d in workspace.diagnostics]
    assert got == [("E001", 2, 11), ("E001", 3, 12), ("E001", 4, 14)]
    element = workspace.model.elements["a"]
    assert (element.replicas, element.zones, element.capacity) == (3, 2, 100.0)
    assert [(r.source, r.target) for r in workspace.model.relations] == [("a", "b")]


def test_corrected_mistakes_keep_what_the_user_meant():
    text = (
        "service a {\n  autoscale = 2-10  tags = x, y\n}\n"
        "service b Orders API { replicas = 2 }\na --> b\n"
    )
    model = open_text(text, "m.arch").model
    a, b = model.elements["a"], model.elements["b"]
    assert (a.autoscale.min, a.autoscale.max, a.tags) == (2, 10, ("x", "y"))
    assert (b.label, b.replicas) == ("Orders API", 2)
    assert [(r.source, r.arrow, r.target) for r in model.relations] == [("a", "->", "b")]


@pytest.mark.parametrize(
    "text",
    [
        "service a service b\n",
        "database db\ndata D in db {\n  search string indexed\n  service json pii\n}\n",
        'service a "Orders API"\n',
    ],
    ids=["two declarations on a line", "fields named like kinds", "quoted label"],
)
def test_valid_lines_are_not_taken_for_unquoted_labels(text):
    assert open_text(text, "m.arch").diagnostics == []


def test_an_unknown_item_in_a_body_is_skipped_up_to_the_next_property():
    text = "service a {\n  service b\n  zones = 2\n  replicas = 2 3  capacity = 5rps\n}\n"
    workspace = open_text(text, "m.arch")
    got = [(d.span.line, d.span.column) for d in workspace.diagnostics]
    assert got == [(2, 3), (4, 16)]
    element = workspace.model.elements["a"]
    assert (element.zones, element.capacity) == (2, 5.0)


def test_missing_brace_in_a_boundary_closes_only_the_inner_body():
    text = "boundary x {\n  service a {\n    replicas = 2\n  service b\n}\nb -> a\n"
    workspace = open_text(text, "m.arch")
    assert [(d.span.line, d.span.column) for d in workspace.diagnostics] == [(4, 3)]
    assert sorted(workspace.model.elements) == ["a", "b"]


def test_slips_in_a_body_that_is_not_indented_are_read_past_in_the_body():
    text = "service x\nservice a {\nreplicas: 3\nzones = 2,\n-> x {timeout = 2 s}\n}\n"
    workspace = open_text(text, "m.arch")
    got = [(d.code, d.span.line, d.span.column) for d in workspace.diagnostics]
    assert got == [("E001", 3, 9), ("E001", 4, 10), ("E001", 5, 17)]
    assert workspace.model.elements["a"].replicas == 3
    assert workspace.model.relations[0].timeout == 2.0


def test_a_property_without_equals_in_a_body_that_is_not_indented_is_not_a_missing_brace():
    diagnostics = open_text("service a {\ntech postgres\n}\n", "m.arch").diagnostics
    assert [(d.span.line, d.span.column, d.hint) for d in diagnostics] == [
        (2, 6, "write `tech = postgres`")
    ]


def test_data_after_a_body_without_its_brace_is_read_in_the_boundary():
    text = "boundary b {\n  database db {\n    replicas = 2\n  data D in db {\n    id: uuid key\n  }\n}\n"
    workspace = open_text(text, "m.arch")
    got = [(d.span.line, d.span.column, d.message[:20]) for d in workspace.diagnostics]
    assert got == [(4, 3, "missing `}`: the `{`"), (5, 7, "a data field is writ")]
    assert [f.name for f in workspace.model.data["D"].fields] == ["id"]


def test_the_table_of_first_hour_mistakes_in_the_docs_quotes_real_messages():
    docs = Path(__file__).resolve().parents[2] / "docs" / "language.md"
    text = docs.read_text(encoding="utf-8")
    table = text[text.index("| written | message | hint |") :].split("\n\n")[0]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    pinned = {(case[4], case[5]) for case in FIRST_HOUR}
    for row in rows:
        message, hint = row[1], row[2].removesuffix(" |")
        assert (message, hint) in pinned, row
    assert len(rows) >= 10
