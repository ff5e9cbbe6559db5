"""Redundancy: copies from replicas and autoscale min, failover for stateful kinds, zones."""

from __future__ import annotations

from archdsl.analysis.redundancy import (
    redundancy,
    redundancy_of,
    single_points,
    single_zone_components,
)
from archdsl.workspace import open_text


def model_of(text: str):
    workspace = open_text(text, "r.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return workspace.model


MODEL = model_of("""
actor user
external stripe
service one
service two { replicas = 2 }
service scaled { autoscale = 2..8 }
service scaled_from_one { autoscale = 1..8 }
database db_single
database db_manual { replicas = 2  failover = manual  zones = 2 }
database db_auto { replicas = 2  failover = automatic }
database db_auto_one { failover = automatic }
cache spread { replicas = 3  failover = automatic  zones = 3 }
""")


def test_only_components_we_run_are_described():
    assert "user" not in redundancy(MODEL) and "stripe" not in redundancy(MODEL)
    assert list(redundancy(MODEL))[0] == "one"


def test_stateless_needs_two_copies_counting_autoscale_min():
    facts = redundancy(MODEL)
    assert not facts["one"].redundant
    assert facts["two"].redundant
    assert facts["scaled"].redundant and facts["scaled"].copies == 2
    assert not facts["scaled_from_one"].redundant


def test_stateful_needs_two_copies_and_automatic_failover():
    facts = redundancy(MODEL)
    assert not facts["db_single"].redundant
    assert not facts["db_manual"].redundant
    assert not facts["db_auto_one"].redundant
    assert facts["db_auto"].redundant


def test_single_zone_is_only_about_redundant_components():
    assert single_zone_components(MODEL) == ["two", "scaled", "db_auto"]
    assert single_points(MODEL) == [
        "one",
        "scaled_from_one",
        "db_single",
        "db_manual",
        "db_auto_one",
    ]


def test_descriptions_use_the_model_words():
    facts = redundancy(MODEL)
    assert facts["db_single"].describe() == "1 replica and failover = none"
    assert facts["db_manual"].describe() == "2 replicas and failover = manual"
    assert facts["db_auto_one"].describe() == "1 replica"
    assert facts["one"].describe() == "1 replica"
    assert facts["scaled_from_one"].describe() == "1 copy (autoscale 1..8)"
    assert facts["scaled"].describe_copies() == "2 copies (autoscale 2..8)"


def test_replicas_win_over_a_lower_autoscale_min():
    element = model_of("service api { replicas = 3  autoscale = 1..6 }").elements["api"]
    facts = redundancy_of(element)
    assert facts.copies == 3 and facts.redundant and facts.autoscale == (1, 6)


def test_zero_replicas_is_not_redundant():
    assert not redundancy(model_of("service api { replicas = 0 }"))["api"].redundant
