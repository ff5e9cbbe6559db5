"""Worst-case call times, timeout inversions along call trees, duration formatting."""

from __future__ import annotations

import math

import pytest

from archdsl.analysis.dependency_model import dependencies_of
from archdsl.analysis.timing import (
    describe_worst_case,
    first_timed_step,
    format_duration,
    timeout_inversions,
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


def workspace(text: str = MODEL):
    ws = open_text(text, "t.arch")
    assert not ws.has_errors, ws.diagnostics
    return ws


def model(text: str = MODEL):
    return workspace(text).model


def inversions(text: str = MODEL):
    return timeout_inversions(dependencies_of(workspace(text)))


def test_timeout_inversions_compare_per_attempt_timeout_with_the_targets_slowest_call():
    found = {(i.relation.id, i.downstream.id, i.seconds) for i in inversions()}
    assert ("web->api", "api->stripe", 9.0) in found  # on checkout's tree: api names stripe only
    assert ("web->cat", "cat->db", math.inf) in found  # on no tree: cat's own needed calls
    assert len(found) == 2  # api -> db: db calls nothing; customer -> web has no timeout


def test_on_a_call_tree_only_the_calls_of_that_tree_count():
    text = """
    actor u
    service web
    service api
    service slow
    database db
    u -> web
    web -> api { timeout = 1s }
    api -> db { timeout = 200ms }
    api -> slow "reports" { timeout = 30s }
    flow page { steps = u -> web -> api -> db }
    """
    assert inversions(text) == []


def test_request_timeout_caps_and_inherit_follows_the_deadline():
    text = """
    service a
    service b { request_timeout = 1s }
    service c
    service d
    a -> b { timeout = 2s }
    b -> c { timeout = 5s  retries = 2 }
    a -> d { timeout = 2s }
    d -> c { timeout = inherit  retries = 3 }
    """
    assert inversions(text) == []


def test_streams_and_scrapes_are_not_calls():
    text = """
    service a
    service b
    service c
    a -> b { timeout = 1s }
    b -> c { stream = true  timeout = 10s }
    b -> c "scrape" { purpose = monitoring  timeout = 10s }
    """
    assert inversions(text) == []


def test_equal_times_are_not_an_inversion():
    text = "service a\nservice b\nservice c\na -> b { timeout = 2s }\nb -> c { timeout = 1s  retries = 1 }\n"
    assert inversions(text) == []
    assert len(inversions(text.replace("timeout = 2s", "timeout = 1999ms"))) == 1


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
