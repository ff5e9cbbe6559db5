"""The JSON reporter and the reporter registry."""

from __future__ import annotations

import inspect
import io
import json

import pytest

from archdsl.report import REPORTERS, Reporter, format_run

FINDING_KEYS = [
    "code",
    "slug",
    "severity",
    "message",
    "hint",
    "note",
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "element",
    "target",
    "related",
    "members",
    "accepted",
    "acceptance_reason",
    "fingerprint",
]


def test_shape_matches_cli_md(shop_run):
    document = json.loads(format_run(shop_run, "json"))
    assert list(document) == ["version", "findings", "summary"]
    assert document["version"] == 1
    assert all(list(f) == FINDING_KEYS for f in document["findings"])
    assert document["summary"] == {
        "errors": 2,
        "warnings": 1,
        "infos": 1,
        "accepted": 1,
        "files": 2,
        "fixed": 0,
        "baselined": 0,
        "by_rule": {"E001": 1, "R001": 1, "R002": 1, "R003": 1},
        "left_out": [],
    }


def test_values_follow_the_findings(shop_run):
    findings = json.loads(format_run(shop_run, "json"))["findings"]
    assert [f["code"] for f in findings] == [f.code for f in shop_run.findings]
    r001 = findings[1]
    source = shop_run.findings[1]
    assert r001 == {
        "code": "R001",
        "slug": "rule-r001",
        "severity": "error",
        "message": source.message,
        "hint": source.hint,
        "note": None,
        "file": "models/shop.arch",
        "line": 2,
        "column": 13,
        "end_line": 2,
        "end_column": 22,
        "element": "orders_db",
        "target": None,
        "related": ["checkout"],
        "members": [],
        "accepted": False,
        "acceptance_reason": None,
        "fingerprint": source.fingerprint,
    }
    accepted = next(f for f in findings if f["accepted"])
    assert accepted["code"] == "R004"
    assert accepted["acceptance_reason"] == "internal tool, downtime is fine"
    relation = next(f for f in findings if f["code"] == "R002")
    assert (relation["element"], relation["target"]) == ("api", "orders_db")


def test_registry_names_every_format():
    assert set(REPORTERS) == {"text", "json", "sarif", "junit", "github"}
    for name, cls in REPORTERS.items():
        assert issubclass(cls, Reporter) and cls.name == name
        parameters = inspect.signature(cls).parameters
        assert list(parameters) == ["stream", "color", "show_source", "show_info"]
        assert parameters["color"].kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_writes_only_to_its_stream(name, shop_run, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stream = io.StringIO()
    REPORTERS[name](stream, color=False, show_source=True).report(shop_run)
    assert stream.getvalue().endswith("\n")
    assert capsys.readouterr() == ("", "")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_a_key_error(shop_run):
    with pytest.raises(KeyError):
        format_run(shop_run, "xml")
