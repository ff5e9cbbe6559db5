"""The text reporter: finding lines, hints, excerpts, colour and the summary line."""

from __future__ import annotations

import io

import pytest

from archdsl.findings import Severity
from archdsl.report import TextReporter, format_run, summary_line
from archdsl.report.run import Summary


def test_lines_hints_and_summary_exactly(shop_run):
    assert format_run(shop_run, "text") == (
        "models/broken.arch:1:8: E001 error syntax-error: unexpected `{`\n"
        "  hint: expected a name\n"
        "models/shop.arch:2:13: R001 error rule-r001: orders_db has 1 replica and failover = none;"
        " flows checkout depend on it\n"
        "  hint: set replicas = 2 with failover = automatic, or accept the risk with a reason\n"
        "models/shop.arch:4:2: R002 warning rule-r002: sync call without timeout\n"
        "models/shop.arch:5:8: R003 info rule-r003: flow availability is 99.9%\n"
        "  note: computed from 2 steps\n"
        "2 errors, 1 warning, 1 info in 2 files (1 accepted)\n"
        "by rule: E001 1, R001 1, R002 1, R003 1\n"
    )


def test_infos_hidden_unless_shown_and_counted_either_way(shop_run):
    out = format_run(shop_run, "text", show_info=False)
    assert "R003" not in out.split("by rule:")[0]
    assert "2 errors, 1 warning in 2 files (1 accepted; 1 info not shown: --show-info)\n" in out


def test_accepted_findings_are_counted_not_listed(shop_run):
    out = format_run(shop_run, "text")
    assert "R004" not in out
    assert "(1 accepted)\n" in out


@pytest.mark.parametrize(
    "summary, expected",
    [
        (Summary(0, 0, 0, 0, 1), "0 errors, 0 warnings, 0 info in 1 file"),
        (Summary(1, 1, 1, 0, 1), "1 error, 1 warning, 1 info in 1 file"),
        (Summary(3, 5, 1, 1, 2), "3 errors, 5 warnings, 1 info in 2 files (1 accepted)"),
        (Summary(2, 0, 4, 0, 0), "2 errors, 0 warnings, 4 info in 0 files"),
        (
            Summary(0, 1, 0, 0, 3, fixed=2, baselined=7),
            "0 errors, 1 warning, 0 info in 3 files (7 in baseline, 2 fixed since baseline)",
        ),
        (
            Summary(0, 0, 0, 2, 1, fixed=1),
            "0 errors, 0 warnings, 0 info in 1 file (2 accepted, 1 fixed since baseline)",
        ),
        (
            Summary(1, 0, 0, 0, 1, left_out=("1 element", "2 relations")),
            "1 error, 0 warnings, 0 info in 1 file "
            "(rules skipped 1 element and 2 relations with errors)",
        ),
    ],
)
def test_summary_line(summary, expected):
    assert summary_line(summary) == expected


def test_no_colour_unless_asked(shop_run):
    plain = format_run(shop_run, "text", show_source=True)
    coloured = format_run(shop_run, "text", color=True, show_source=True)
    assert "\x1b" not in plain
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert "\x1b[1;33mwarning\x1b[0m" in coloured
    stripped = coloured
    for code in ("\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m"):
        stripped = stripped.replace(code, "")
    assert stripped == plain


def _excerpt(mk, source, **where):
    run = mk.run([mk.finding(**where)], sources={"models/shop.arch": source})
    lines = format_run(run, "text", show_source=True).splitlines()
    return lines[1], lines[2]


def test_excerpt_caret_under_the_span(mk):
    shown, caret = _excerpt(mk, "a\n  component orders_db { }\n", line=2, column=13, end_column=22)
    assert shown == " 2 |   component orders_db { }"
    assert caret == "   |             ^^^^^^^^^"
    assert shown.index("orders_db") == caret.index("^")


def test_excerpt_keeps_tabs_and_wide_characters_aligned(mk):
    shown, caret = _excerpt(mk, "\t名前 -> db\n", line=1, column=5, end_column=7)
    assert shown == " 1 | \t名前 -> db"
    assert caret == "   | \t     ^^"


def test_excerpt_of_span_past_line_end_and_multiline(mk):
    _, caret = _excerpt(mk, "abc\n", line=1, column=4, end_column=5)
    assert caret == "   |    ^"
    _, caret = _excerpt(mk, "abcdef\nxyz\n", line=1, column=3, end_line=2, end_column=2)
    assert caret == "   |   ^^^^"


def test_excerpt_skipped_without_source_or_position(mk):
    run = mk.run([mk.finding(file="<unknown>", line=0, column=0), mk.finding(line=1)])
    out = format_run(run, "text", show_source=True)
    assert " | " not in out


def test_control_characters_cannot_break_lines_or_reach_the_terminal(mk):
    nasty = "a\nmodels/x.arch:1:1: E001 error fake: b\r\x1b[2J\u202ec"
    out = format_run(mk.run([mk.finding(message=nasty, hint="h\nh")]), "text")
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].endswith("a\\nmodels/x.arch:1:1: E001 error fake: b\\r\\x1b[2J\\u202ec")
    assert lines[1] == "  hint: h\\nh"
    assert "\x1b" not in out and "\u202e" not in out


def test_reporter_writes_to_given_stream(mk):
    stream = io.StringIO()
    TextReporter(stream).report(mk.run([mk.finding(severity=Severity.INFO)]))
    assert stream.getvalue().endswith("0 errors, 0 warnings, 1 info in 1 file\nby rule: R001 1\n")
