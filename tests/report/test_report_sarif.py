"""The SARIF reporter: schema-valid, complete rule table, locations, fingerprints, suppressions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archdsl.findings import Severity
from archdsl.report import format_run
from archdsl.report.sarif import artifact_location


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def sarif(run) -> dict:
    return json.loads(format_run(run, "sarif"))


def test_valid_against_the_official_schema(shop_run, sarif_validator):
    errors = sorted(sarif_validator.iter_errors(sarif(shop_run)), key=str)
    assert not errors, "\n".join(error.message for error in errors)


def test_the_validator_does_reject_broken_sarif(shop_run, sarif_validator):
    log = sarif(shop_run)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(sarif_validator.iter_errors(log))) >= 2


def test_every_catalog_rule_is_declared_with_its_descriptions(shop_run):
    rules = sarif(shop_run)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["R001", "R002", "R003", "R004", "R099", "E001"]
    r002 = rules[1]
    assert r002["name"] == "rule-r002"
    assert r002["shortDescription"] == {"text": "Summary of R002"}
    assert r002["fullDescription"] == {"text": "What R002 checks and why."}
    assert r002["defaultConfiguration"] == {"level": "warning"}
    assert r002["helpUri"] == "https://archdsl.example/docs/rules/R002.html"
    assert "https://archdsl.example/docs/rules/R002.html" in r002["help"]["text"]
    assert rules[2]["defaultConfiguration"] == {"level": "note"}
    assert rules[5]["name"] == "syntax-error"  # not in the catalog: still declared


def test_relative_help_uri_kept_out_of_helpUri(mk):
    run = mk.run([mk.finding()], rules=[mk.rule("R001", help_uri="docs/rules/R001.md")])
    descriptor = sarif(run)["runs"][0]["tool"]["driver"]["rules"][0]
    assert "helpUri" not in descriptor
    assert "docs/rules/R001.md" in descriptor["help"]["text"]


def test_results_point_at_their_rule_and_place(shop_run):
    log = sarif(shop_run)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(shop_run.findings)
    for result, finding in zip(results, shop_run.findings, strict=False):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["partialFingerprints"] == {"archdsl/v1": finding.fingerprint}
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": finding.span.file, "uriBaseId": "%SRCROOT%"}
        assert location["region"] == {
            "startLine": finding.span.line,
            "startColumn": finding.span.column,
            "endLine": finding.span.end_line,
            "endColumn": finding.span.end_column,
        }
    assert [r["level"] for r in results] == ["error", "error", "warning", "warning", "note"]
    assert results[1]["message"]["text"].endswith(
        "\nHint: set replicas = 2 with failover = automatic, or accept the risk with a reason"
    )
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"


def test_accepted_finding_is_suppressed_in_source_with_reason(shop_run):
    results = sarif(shop_run)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["R004"]
    assert suppressed[0]["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "internal tool, downtime is fine",
        }
    ]


def test_fingerprint_survives_edits_above_the_finding(mk):
    before = sarif(mk.run([mk.finding(element="db", line=3)]))["runs"][0]["results"][0]
    after = sarif(mk.run([mk.finding(element="db", line=30)]))["runs"][0]["results"][0]
    other = sarif(mk.run([mk.finding(element="cache", line=3)]))["runs"][0]["results"][0]
    assert before["partialFingerprints"] == after["partialFingerprints"]
    assert before["partialFingerprints"] != other["partialFingerprints"]


def test_paths_relative_to_the_working_directory(tmp_path):
    inside = artifact_location(str(tmp_path / "models" / "my shop.arch"), tmp_path)
    assert inside == {"uri": "models/my%20shop.arch", "uriBaseId": "%SRCROOT%"}
    dotted = artifact_location("./models/../models/a.arch", tmp_path)
    assert dotted == {"uri": "models/a.arch", "uriBaseId": "%SRCROOT%"}
    outside = artifact_location("../elsewhere/b.arch", tmp_path / "repo")
    assert outside == {"uri": (tmp_path / "elsewhere" / "b.arch").as_uri()}


def test_findings_without_a_place_have_no_location(mk, sarif_validator):
    run = mk.run([mk.finding("E006", file="<unknown>", line=0, column=0, end_column=0)])
    log = sarif(run)
    assert "locations" not in log["runs"][0]["results"][0]
    assert not list(sarif_validator.iter_errors(log))


def test_empty_run_still_declares_rules(mk, sarif_validator):
    log = sarif(mk.run([], files=["models/a.arch"], rules=[mk.rule("R001", Severity.WARNING)]))
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "R001"
    assert not list(sarif_validator.iter_errors(log))
