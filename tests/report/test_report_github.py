"""The GitHub workflow-command reporter, parsed back the way the Actions runner reads it."""

from __future__ import annotations

from archdsl.findings import Severity
from archdsl.report import format_run
from archdsl.report.github import escape_data, escape_property


def commands(run, parse) -> list[tuple[str, dict[str, str], str]]:
    return [parse(line) for line in format_run(run, "github").splitlines() if line.startswith("::")]


def test_exact_command_line(mk):
    run = mk.run(
        [
            mk.finding(
                line=24,
                column=3,
                end_column=12,
                slug="single-point-of-failure",
                message="orders_db has 1 replica",
            )
        ]
    )
    first = format_run(run, "github").splitlines()[0]
    assert first == (
        "::error file=models/shop.arch,line=24,col=3,endLine=24,endColumn=12,"
        "title=R001 single-point-of-failure::orders_db has 1 replica"
    )


def test_levels_hints_and_accepted(shop_run, parse_github):
    parsed = commands(shop_run, parse_github)
    assert [c[0] for c in parsed] == ["error", "error", "warning", "notice"]
    assert all("R004" not in c[1]["title"] for c in parsed)
    _, properties, message = parsed[1]
    assert properties == {
        "file": "models/shop.arch",
        "line": "2",
        "col": "13",
        "endLine": "2",
        "endColumn": "22",
        "title": "R001 rule-r001",
    }
    assert message.splitlines()[1] == (
        "hint: set replicas = 2 with failover = automatic, or accept the risk with a reason"
    )
    assert format_run(shop_run, "github").splitlines()[-1] == (
        "2 errors, 1 warning, 1 info in 2 files (1 accepted)"
    )


def test_escaping_round_trips(unescape_github):
    nasty = "50% of a:b,c\r\nd %0A %25"
    assert escape_data(nasty) == "50%25 of a:b,c%0D%0Ad %250A %2525"
    assert unescape_github(escape_data(nasty)) == nasty
    assert unescape_github(escape_property(nasty)) == nasty
    assert ":" not in escape_property(nasty) and "," not in escape_property(nasty)


def test_a_message_cannot_inject_a_second_command(mk, parse_github):
    evil = "x\n::error file=a.arch,line=1::forged\n::stop-commands::token"
    run = mk.run([mk.finding(message=evil, severity=Severity.WARNING)])
    lines = format_run(run, "github").splitlines()
    assert len(lines) == 2
    assert parse_github(lines[0])[2] == evil


def test_finding_without_a_place_has_only_a_title(mk, parse_github):
    run = mk.run([mk.finding("E006", file="<unknown>", line=0, column=0, end_column=0)])
    assert commands(run, parse_github)[0][1] == {"title": "E006 rule-e006"}
