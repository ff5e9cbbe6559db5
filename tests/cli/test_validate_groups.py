"""`archdsl validate` end to end for v2 text output: infos behind --show-info, the by-rule line,
grouped members under their finding, what model errors left out, baselines of groups."""

from __future__ import annotations

import json

SIX_CALLERS = """system s { owner = "team" }
service api { replicas = 2 }
service admin { replicas = 2 }
database orders_db { replicas = 2  failover = automatic  backup = daily  encrypted = true }
api -> orders_db { timeout = 1s  pool = 5 }
admin -> orders_db { timeout = 1s  pool = 5 }
"""
NO_OWNER = "service api { replicas = 2 }\n"


def test_grouped_members_are_printed_under_their_finding_and_count_once(cli, write):
    write("m.arch", SIX_CALLERS)
    lines = cli("validate", "m.arch", "--no-color", "--fail-on", "warning", expect=1).out
    lines = lines.splitlines()
    at = next(i for i, line in enumerate(lines) if " S009 " in line)
    assert lines[at].startswith("m.arch:4:1: S009 warning unauthenticated-datastore-access: ")
    members = [line for line in lines[at + 1 :] if line.startswith("  - ")][:2]
    assert members == [
        "  - m.arch:5:1: api -> orders_db: no auth",
        "  - m.arch:6:1: admin -> orders_db: no auth",
    ]
    assert "by rule: " in lines[-1] and "S009 1" in lines[-1]


def test_infos_are_listed_only_with_show_info_and_counted_either_way(cli, write):
    write("m.arch", NO_OWNER)
    hidden = cli("validate", "m.arch", "--no-color", expect=0).out
    assert "D002 info" not in hidden
    assert "info not shown: --show-info)" in hidden
    shown = cli("validate", "m.arch", "--no-color", "--show-info", expect=0).out
    assert "m.arch:1:1: D002 info missing-owner" in shown and "not shown" not in shown
    sarif = json.loads(cli("validate", "m.arch", "--format", "sarif", expect=0).out)
    assert any(r["ruleId"] == "D002" for r in sarif["runs"][0]["results"])


def test_a_workspace_with_an_unknown_property_still_gets_its_other_findings(cli, write):
    write(
        "m.arch",
        SIX_CALLERS.replace(
            "service api { replicas = 2 }", "service api { replicas = 2  colour = red }"
        ),
    )
    document = json.loads(cli("validate", "m.arch", "--format", "json", expect=1).out)
    codes = {f["code"] for f in document["findings"]}
    assert {"E005", "S009"} <= codes
    assert document["summary"]["left_out"] == ["1 property"]
    text = cli("validate", "m.arch", "--no-color", expect=1).out
    assert "rules skipped 1 property with errors" in text


def test_a_new_member_since_the_baseline_is_reported(cli, write):
    write("m.arch", SIX_CALLERS)
    cli("validate", "m.arch", "--write-baseline", "base.json", "--fail-on", "warning", expect=1)
    cli("validate", "m.arch", "--baseline", "base.json", "--fail-on", "warning", expect=0)
    grown = (
        SIX_CALLERS
        + "service batch { replicas = 2 }\nbatch -> orders_db { timeout = 1s  pool = 1 }\n"
    )
    write("m.arch", grown)
    out = cli(
        "validate",
        "m.arch",
        "--baseline",
        "base.json",
        "--fail-on",
        "warning",
        "--no-color",
        expect=1,
    ).out
    assert "note: new since the baseline: batch -> orders_db" in out
