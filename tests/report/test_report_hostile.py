"""Hostile names and labels through every reporter; every output must parse back intact."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from urllib.parse import unquote

import pytest

from archdsl.findings import Severity
from archdsl.report import REPORTERS, format_run
from archdsl.report.junit import xml_safe
from archdsl.report.run import Subject
from archdsl.report.text import printable

NASTY = "q\"u'o <b>&amp; ]]> 100% a:b,c\nnew\rline \t tab ünïcødé 日本 ✓ \U0001f680 \x1b[31m"
FILE = 'models/we"ird <dir>/100% a:b,c ü.arch'
ELEMENT = 'db<"1">&:,%'


@pytest.fixture
def hostile_run(mk):
    findings = [
        mk.finding(
            "R001",
            file=FILE,
            element=ELEMENT,
            target=NASTY,
            related=(NASTY,),
            message=NASTY,
            hint=NASTY,
            note=NASTY,
            slug="rule-r001",
        ),
        mk.finding(
            "R002",
            Severity.INFO,
            file=FILE,
            line=3,
            element=ELEMENT,
            message=NASTY,
            accepted=True,
            acceptance_reason=NASTY,
        ),
        mk.finding("E001", Severity.ERROR, file=FILE, line=9, message=NASTY),
    ]
    rules = [
        replace(mk.rule("R001"), summary=NASTY, description=NASTY),
        mk.rule("R002", Severity.INFO),
    ]
    return mk.run(
        findings,
        rules=rules,
        subjects=[Subject(ELEMENT, "component", FILE, 2)],
        sources={FILE: "a\n" + NASTY + "\n"},
    )


def test_text_keeps_one_line_per_finding(hostile_run):
    out = format_run(hostile_run, "text", show_source=True)
    lines = out.splitlines()
    heads = [line for line in lines if line.startswith(FILE + ":")]
    assert len(heads) == 2  # the accepted one is not listed
    assert heads[0] == f"{FILE}:2:3: R001 error rule-r001: {printable(NASTY)}"
    assert "\x1b" not in out and "\r" not in out
    assert lines[-2] == "2 errors, 0 warnings, 0 info in 1 file (1 accepted)"
    assert lines[-1] == "by rule: E001 1, R001 1"


def test_json_round_trips(hostile_run):
    findings = json.loads(format_run(hostile_run, "json"))["findings"]
    assert findings[0]["file"] == FILE and findings[0]["element"] == ELEMENT
    assert {findings[0][k] for k in ("message", "hint", "note", "target")} == {NASTY}
    assert findings[0]["related"] == [NASTY]
    assert findings[1]["acceptance_reason"] == NASTY


def test_sarif_round_trips_and_validates(hostile_run, sarif_validator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = json.loads(format_run(hostile_run, "sarif"))
    assert not list(sarif_validator.iter_errors(log))
    run = log["runs"][0]
    result = run["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == FILE
    assert not set(' "<>') & set(uri) and "%25" in uri
    assert result["message"]["text"] == f"{NASTY}\nHint: {NASTY}"
    assert result["properties"]["element"] == ELEMENT
    assert run["results"][1]["suppressions"][0]["justification"] == NASTY
    assert run["tool"]["driver"]["rules"][0]["fullDescription"]["text"] == NASTY


def test_junit_parses_back(hostile_run):
    root = ET.fromstring(format_run(hostile_run, "junit").encode("utf-8"))
    suite = root.find("testsuite")
    assert suite.get("name") == xml_safe(FILE)
    case = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(case) == {ELEMENT, FILE}
    failure = case[ELEMENT].find("failure")
    assert failure.get("message") == xml_safe(f"R001 rule-r001: {NASTY}")  # attributes keep \r\n
    assert xml_safe(NASTY).replace("\r", "\n") in failure.text  # text nodes normalise \r
    assert "\\x1b[31m" in failure.text
    assert xml_safe(NASTY).replace("\r", "\n") in case[ELEMENT].find("system-out").text
    assert case[FILE].find("failure").get("message") == xml_safe(f"E001 rule-e001: {NASTY}")


def test_github_parses_back(hostile_run, parse_github):
    parse_command = parse_github
    lines = format_run(hostile_run, "github").splitlines()
    assert len(lines) == 3  # two commands (accepted one skipped) and the summary
    command, properties, message = parse_command(lines[0])
    assert properties["file"] == FILE
    assert properties["title"] == "R001 rule-r001"
    assert message == f"{NASTY}\nhint: {NASTY}"
    assert parse_command(lines[1])[2] == NASTY


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_survives_lone_and_empty_values(name, mk, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = mk.run(
        [
            mk.finding(
                message="",
                hint="",
                note="",
                element="",
                target="",
                related=("",),
                accepted=True,
                acceptance_reason="",
            )
        ]
    )
    assert format_run(run, name, color=True, show_source=True).endswith("\n")
