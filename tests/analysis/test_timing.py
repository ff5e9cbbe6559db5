"""Worst-case call times, each component's slowest call, timeout inversions, duration formatting."""

from __future__ import annotations

import math

import pytest

from archdsl.analysis.timing import (
    describe_worst_case,
    first_timed_step,
    format_duration,
    slowest_calls,
    timeout_inversions,
    worst_case_times,
)
from archdsl.workspace import open_text

MODEL = """
actor customer
service web
service api
service cat
external stripe
external psp
database db
queue q
customer -> web { protocol = https }
web -> api { timeout = 2s }
web -> cat { timeout = 1s  retries = 1 }
api -> db { timeout = 500ms }
api -> stripe { timeout = 3s  retries = 2 }
api -> psp
cat -> db { timeout = 1s  retries = unlimited }
api ~> q { timeout = 60s }
psp -> api { webhook = true  timeout = 99s }
flow checkout { steps = customer -> web -> api -> stripe  latency = 3s }
flow untimed { steps = customer -> web }
"""


def model(text: str = MODEL):
    workspace = open_text(text, "t.arch")
    assert not workspace.has_errors, workspace.diagnostics
    return workspace.model


def test_worst_case_times_cover_timed_synchronous_relations_only():
    times = worst_case_times(model())
    assert times["web->api"] == 2.0
    assert times["web->cat"] == 2.0
    assert times["api->stripe"] == 9.0
    assert math.isinf(times["cat->db"])
    assert "api->psp" not in times  # no timeout
    assert "api->q" not in times  # asynchronous
    assert "psp->api" not in times  # a webhook is a callback, not a nested call
    assert "customer->web" not in times


def test_slowest_call_per_component():
    slowest = slowest_calls(model())
    assert slowest["api"].relation.id == "api->stripe" and slowest["api"].seconds == 9.0
    assert slowest["web"].relation.id == "web->api"  # tie 2s with web->cat: first in file order
    assert math.isinf(slowest["cat"].seconds)
    assert "psp" not in slowest and "db" not in slowest


def test_timeout_inversions_compare_per_attempt_timeout_with_the_targets_slowest_call():
    found = {(i.relation.id, i.downstream.id, i.seconds) for i in timeout_inversions(model())}
    assert ("web->api", "api->stripe", 9.0) in found
    assert ("web->cat", "cat->db", math.inf) in found
    assert len(found) == 2  # api -> db: db calls nothing; customer -> web has no timeout


def test_equal_times_are_not_an_inversion():
    text = "service a\nservice b\nservice c\na -> b { timeout = 2s }\nb -> c { timeout = 1s  retries = 1 }\n"
    assert timeout_inversions(model(text)) == []
    assert len(timeout_inversions(model(text.replace("timeout = 2s", "timeout = 1999ms")))) == 1


def test_first_timed_step_skips_untimed_and_asynchronous_steps():
    m = model()
    assert first_timed_step(m, m.flows["checkout"]).id == "web->api"
    assert first_timed_step(m, m.flows["untimed"]) is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.5, "500ms"),
        (0.25, "250ms"),
        (2.0, "2s"),
        (1.5, "1.5s"),
        (90.0, "90s"),
        (300.0, "5m"),
        (7200.0, "2h"),
        (math.inf, "unbounded"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_describe_worst_case():
    m = model()
    assert describe_worst_case(m.relation("api->stripe")) == "3 x 3s = 9s"
    assert describe_worst_case(m.relation("web->api")) == "2s"
    assert describe_worst_case(m.relation("cat->db")) == "unlimited retries of 1s"
    assert describe_worst_case(m.relation("api->psp")) == "no timeout"
