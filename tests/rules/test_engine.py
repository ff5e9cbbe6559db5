"""The engine: registry rules, selection, severity overrides, acceptances, determinism."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from archdsl.findings import Severity
from archdsl.rules.catalog import load_rules
from archdsl.rules.config import ConfigError, parse_config
from archdsl.rules.engine import is_selected, run_rules
from archdsl.rules.registry import REGISTRY, Registry, RegistryError, matches, rule
from archdsl.workspace import open_text

TODAY = datetime.date(2026, 11, 25)
SPOF = 'system s { owner = "t" }\nservice api { replicas = 2 }\ncache sessions\napi -> sessions { timeout = 1s  auth = iam }\n'


def findings(text: str, **options):
    return run_rules(open_text(text, "m.arch"), today=TODAY, **options)


def _check(ctx):
    """Doc.

    Why it matters: test."""
    return iter(())


def test_registry_refuses_duplicate_codes_and_slugs():
    registry = Registry()
    with pytest.raises(RegistryError):
        rule("X001", "bad-family", "warning", summary="s", bad="a", good="b", registry=registry)(
            _check
        )
    rule("R901", "first-rule", "warning", summary="s", bad="a", good="b", registry=registry)(_check)
    with pytest.raises(RegistryError, match="R901"):
        rule("R901", "other-rule", "warning", summary="s", bad="a", good="b", registry=registry)(
            _check
        )
    with pytest.raises(RegistryError, match="first-rule"):
        rule("R902", "first-rule", "warning", summary="s", bad="a", good="b", registry=registry)(
            _check
        )
    with pytest.raises(RegistryError, match="documentation"):
        rule("R903", "no-docs", "warning", summary="s", bad="a", good="b", registry=registry)(
            lambda ctx: ()
        )


@pytest.mark.parametrize(
    ("name", "selected"),
    [
        ("R001", True),
        ("R", True),
        ("R00", True),
        ("r001", True),
        ("single-point-of-failure", True),
        ("R002", False),
        ("S", False),
        ("single-failure-domain", False),
    ],
)
def test_selectors_match_code_prefix_or_slug(name, selected):
    assert matches(name, "R001", "single-point-of-failure") is selected


def test_ignore_wins_over_select():
    load_rules()
    spof = REGISTRY.get("R001")
    assert is_selected(spof, ["R"], []) and not is_selected(spof, ["R"], ["R001"])


def test_select_and_ignore_filter_findings():
    assert {f.code for f in findings(SPOF, select=["R001"])} == {"R001"}
    assert "R001" not in {f.code for f in findings(SPOF, ignore="single-point-of-failure")}


def test_severity_override_from_config():
    config = parse_config({"severity": {"R001": "info"}}, Path("archdsl.toml"))
    [spof] = [f for f in findings(SPOF, config=config) if f.code == "R001"]
    assert spof.severity is Severity.INFO


def test_unknown_config_keys_name_key_and_file():
    with pytest.raises(ConfigError, match=r"archdsl.toml.*`limits.retries`"):
        parse_config({"limits": {"retries": 3}}, Path("archdsl.toml"))
    with pytest.raises(ConfigError, match="`colour`"):
        parse_config({"colour": True}, Path("archdsl.toml"))


def test_limits_are_configurable():
    text = (
        "service a\nservice b\nservice c\n"
        "a -> b { timeout = 9s  retries = 2  backoff = exponential  idempotent = true }\n"
        "b -> c { timeout = 1s  retries = 2  backoff = exponential  idempotent = true }\n"
    )
    assert "U004" not in {f.code for f in findings(text)}
    config = parse_config({"limits": {"retry-amplification": 5}}, Path("archdsl.toml"))
    assert "U004" in {f.code for f in findings(text, config=config)}


ACCEPTED = (
    SPOF + 'accept single-point-of-failure on sessions { reason = "re-creatable"  until = UNTIL }\n'
)


def test_acceptance_marks_the_finding_accepted_with_its_reason():
    [spof] = [f for f in findings(ACCEPTED.replace("UNTIL", "2027-06-30")) if f.code == "R001"]
    assert spof.accepted and spof.acceptance_reason == "re-creatable"
    assert "E009" not in {f.code for f in findings(ACCEPTED.replace("UNTIL", "2027-06-30"))}


def test_expired_acceptance_brings_the_finding_back_with_a_note():
    [spof] = [f for f in findings(ACCEPTED.replace("UNTIL", "2026-01-31")) if f.code == "R001"]
    assert not spof.accepted and "expired on 2026-01-31" in spof.note


def test_acceptance_of_a_relation_finding_matches_source_or_target():
    text = 'service a\nexternal x\na -> x { timeout = 1s }\naccept F001 on x { reason = "r" }\n'
    [unprotected] = [f for f in findings(text) if f.code == "F001"]
    assert unprotected.accepted


def test_unknown_rule_in_acceptance_is_e008_and_unused_acceptance_is_e009():
    text = SPOF + 'accept single-point-of-falure on sessions { reason = "r" }\n'
    problems = [f for f in findings(text) if f.code.startswith("E")]
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("E008", 5, 8)]
    assert "single-point-of-failure" in problems[0].hint
    unused = (
        SPOF.replace("cache sessions", "cache sessions { replicas = 2  failover = automatic }")
        + 'accept R001 on sessions { reason = "r" }\n'
    )
    assert [f.code for f in findings(unused) if f.code.startswith("E")] == ["E009"]


def test_model_errors_leave_out_what_cannot_stand_and_the_rules_check_the_rest():
    broken = findings(SPOF + "servce x\nx -> sessions\n")
    assert {f.code for f in broken} >= {"E010", "R001"}
    assert not any(f.element == "x" for f in broken if not f.code.startswith("E"))


def test_an_unknown_property_is_left_out_and_the_other_findings_stay():
    text = SPOF.replace("cache sessions", "cache sessions { colour = red }")
    codes = [f.code for f in findings(text)]
    assert "E005" in codes
    assert [c for c in codes if not c.startswith("E")] == [
        c for c in (f.code for f in findings(SPOF)) if not c.startswith("E")
    ]


def test_a_faulty_value_takes_its_default():
    text = SPOF.replace("cache sessions", "cache sessions { replicas = lots }")
    found = findings(text)
    assert "E004" in {f.code for f in found}
    assert any(f.code == "R001" and f.element == "sessions" for f in found)


def test_a_flow_with_a_step_that_is_no_relation_is_left_out():
    text = SPOF + "flow f { steps = sessions -> api  slo = 99.9% }\n"
    ws = open_text(text, "m.arch")
    assert ws.left_out == ("1 flow",)
    found = run_rules(ws, today=TODAY)
    assert "E007" in {f.code for f in found}
    assert not any(f.element == "f" for f in found if not f.code.startswith("E"))


def test_a_flow_with_a_step_that_is_no_element_is_left_out():
    text = SPOF + "flow f { steps = api -> nowhere  slo = 99.9% }\n"
    ws = open_text(text, "m.arch")
    assert ws.left_out == ("1 flow",)
    found = run_rules(ws, today=TODAY)
    assert "E002" in {f.code for f in found}
    assert not any(f.element == "f" for f in found if not f.code.startswith("E"))


def test_left_out_counts_what_the_rules_do_not_see():
    ws = open_text(SPOF + "servce x\nx -> sessions\napi -> nowhere\n", "m.arch")
    assert ws.left_out == ("1 element", "2 relations")


def test_slips_that_recovery_corrected_leave_nothing_out():
    text = SPOF.replace("cache sessions", "cache sessions { replicas: 2, zones = 2 }")
    ws = open_text(text, "m.arch")
    assert [d.code for d in ws.diagnostics] == ["E001", "E001"]
    assert ws.model.elements["sessions"].replicas == 2
    assert ws.left_out == ()


def test_text_that_did_not_parse_is_left_out():
    text = SPOF.replace("cache sessions", "cache sessions { replicas = 2 zones = }")
    ws = open_text(text, "m.arch")
    assert ws.left_out == ("text that did not parse in 1 file",)


def test_findings_are_sorted_and_deterministic():
    first = findings(SPOF)
    assert first == findings(SPOF)
    keys = [(f.span.file, f.span.line, f.span.column, f.code) for f in first]
    assert keys == sorted(keys)


def test_fingerprints_survive_edits_above_the_finding():
    moved = findings("\n\n# a comment\n" + SPOF)
    assert {f.fingerprint for f in moved} == {f.fingerprint for f in findings(SPOF)}
