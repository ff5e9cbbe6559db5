"""Outputs of a grouped finding: summary counts, baseline members, JSON, SARIF, text."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from archdsl.findings import Finding, Member, Severity
from archdsl.report import format_run
from archdsl.report.baseline import Baseline, apply_baseline, baseline_text, parse_baseline
from archdsl.report.run import RunResult, Summary
from archdsl.report.sarif import SarifReporter
from archdsl.report.text import TextReporter
from archdsl.spans import Span


def _span(line: int) -> Span:
    return Span("m.arch", line, 1, line, 10)


def _group(*severities: Severity) -> Finding:
    members = tuple(
        Member(f"relation:a{i}->db", _span(10 + i), f"a{i} -> db", level, f"a{i}", "db")
        for i, level in enumerate(severities)
    )
    return Finding(
        code="S009",
        slug="unauthenticated-datastore-access",
        severity=max(severities, key=lambda s: s.rank),
        message=f"db is reached without auth by {len(members)} relations",
        span=_span(3),
        element="db",
        subject="element:db",
        members=members,
    )


def test_group_counts_once_in_the_summary_and_by_rule():
    summary = Summary.of([_group(Severity.WARNING, Severity.ERROR, Severity.INFO)], files=1)
    assert (summary.errors, summary.warnings, summary.infos) == (1, 0, 0)
    assert summary.by_rule == (("S009", 1),)


def test_baseline_records_members_and_reports_a_new_one():
    old = _group(Severity.WARNING, Severity.WARNING)
    baseline = parse_baseline(baseline_text(Baseline.of([old])))
    assert baseline.entries[0].members == tuple(sorted(old.member_fingerprints()))
    kept, fixed, baselined = apply_baseline([old], baseline)
    assert (kept, fixed, baselined) == ([], 0, 1)
    grown = _group(Severity.WARNING, Severity.WARNING, Severity.WARNING)
    kept, fixed, baselined = apply_baseline([grown], baseline)
    assert baselined == 0 and len(kept) == 1
    assert kept[0].note == "new since the baseline: a2 -> db"


def test_baseline_entry_without_members_covers_the_group():
    group = _group(Severity.WARNING)
    old_style = parse_baseline(
        json.dumps({"version": 1, "entries": [{"fingerprint": group.fingerprint}]})
    )
    assert apply_baseline([group], old_style) == ([], 0, 1)


def _run(*findings: Finding) -> RunResult:
    return RunResult(
        findings=findings, files=("m.arch",), summary=Summary.of(list(findings), files=1)
    )


def test_json_lists_members_with_subject_and_location():
    group = _group(Severity.WARNING, Severity.ERROR)
    (document,) = json.loads(format_run(_run(group), "json"))["findings"]
    assert [m["subject"] for m in document["members"]] == ["a0 -> db", "a1 -> db"]
    first = document["members"][0]
    assert (first["file"], first["line"], first["column"]) == ("m.arch", 10, 1)
    assert first["severity"] == "warning" and first["fingerprint"] != document["fingerprint"]


def test_sarif_members_are_related_locations(sarif_validator):
    log = SarifReporter(io.StringIO()).build(_run(_group(Severity.WARNING)), Path.cwd())
    (result,) = log["runs"][0]["results"]
    (related,) = result["relatedLocations"]
    assert related["id"] == 1 and related["message"]["text"] == "a0 -> db"
    assert related["physicalLocation"]["region"]["startLine"] == 10
    sarif_validator.validate(log)


def test_text_prints_members_under_their_finding():
    group = _group(Severity.WARNING, Severity.WARNING)
    accepted = replace(group.members[1], accepted=True, acceptance_reason="vetted")
    group = replace(group, members=(group.members[0], accepted))
    stream = io.StringIO()
    TextReporter(stream).report(_run(group))
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("m.arch:3:1: S009 warning")
    assert lines[1:3] == [
        "  - m.arch:10:1: a0 -> db",
        "  - m.arch:11:1: a1 -> db (accepted: vetted)",
    ]


def test_junit_and_github_list_the_members_under_the_message():
    group = _group(Severity.WARNING, Severity.WARNING)
    junit = format_run(_run(group), "junit")
    assert "  - m.arch:10:1: a0 -&gt; db" in junit or "  - m.arch:10:1: a0 -> db" in junit
    github = format_run(_run(group), "github")
    (line,) = [x for x in github.splitlines() if x.startswith("::warning")]
    assert "%0A- m.arch:10:1: a0 -> db%0A- m.arch:11:1: a1 -> db" in line
