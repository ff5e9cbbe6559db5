"""Load along call trees: peak enters at the first step, multiplies by `calls`, sums per
component, stops at queues and externals, splits over alternative routes."""

from __future__ import annotations

import pytest

from archdsl.analysis.dependency_model import dependencies_of
from archdsl.analysis.load import (
    component_loads,
    flow_contributions,
    format_rps,
    load_stops_before,
)
from archdsl.workspace import open_text

SHOP = """
actor customer
service web
service search
service api
external stripe { rate_limit = 100rps }
queue jobs
worker mailer
customer -> web { protocol = https }
web -> search { timeout = 1s  calls = 3 }
web -> api { timeout = 1s }
api -> stripe { timeout = 1s  calls = 2 }
api ~> jobs
jobs ~> mailer
mailer -> stripe { timeout = 1s }
flow browse { steps = customer -> web -> search  peak = 100rps }
flow checkout { steps = customer -> web -> api -> stripe  peak = 40rps }
flow notify { steps = customer -> web -> api ~> jobs ~> mailer -> stripe  peak = 10rps }
flow idle { steps = customer -> web -> api }
"""


def model_of(text: str):
    """The dependency model of `text` (the load functions read the call trees)."""
    workspace = open_text(text, "load.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return dependencies_of(workspace)


@pytest.fixture(scope="module")
def loads():
    return component_loads(model_of(SHOP))


def test_first_step_receives_no_load(loads):
    assert "customer" not in loads


def test_load_is_summed_over_flows_with_each_flows_share(loads):
    web = loads["web"]
    assert web.rps == 150
    assert web.per_flow() == [("browse", 100.0), ("checkout", 40.0), ("notify", 10.0)]
    assert web.describe() == "150 rps (browse 100 rps, checkout 40 rps, notify 10 rps)"


def test_calls_multiply_the_load_of_each_hop(loads):
    assert loads["search"].rps == 300
    assert loads["api"].rps == 50


def test_flow_without_peak_adds_nothing(loads):
    assert "idle" not in loads["api"].flows


def test_load_stops_at_a_queue(loads):
    stripe = loads["stripe"]
    assert stripe.rps == 80  # checkout 40 x 2 calls; notify's load stops at the queue
    assert stripe.describe() == "80 rps (checkout 80 rps)"
    assert loads["jobs"].rps == 10
    assert "mailer" not in loads


def test_calls_the_flow_does_not_name_carry_its_load():
    loads = component_loads(
        model_of("""
        actor user
        service web
        service api
        database db
        service prom
        user -> web
        web -> api { timeout = 1s  calls = 2 }
        api -> db { timeout = 1s }
        prom -> db { purpose = monitoring }
        flow f { steps = user -> web  peak = 10rps }
    """)
    )
    assert loads["api"].rps == 20 and loads["db"].rps == 20
    assert "prom" not in loads


def test_alternative_routes_share_the_load():
    loads = component_loads(
        model_of("""
        actor user
        load_balancer lb
        service a
        service b
        database db
        user -> lb
        lb -> a { timeout = 1s }
        lb -> b { timeout = 1s }
        a -> db { timeout = 1s }
        b -> db { timeout = 1s }
        flow f {
          steps = user -> lb -> a -> db
          steps = lb -> b -> db
          peak = 10rps
        }
    """)
    )
    assert loads["a"].rps == 5 and loads["b"].rps == 5
    assert loads["db"].rps == 10


def test_unbounded_calls_make_downstream_load_unknown():
    loads = component_loads(
        model_of("""
        actor user
        service api
        service items
        database db
        user -> api
        api -> items { timeout = 1s  calls = unbounded }
        items -> db { timeout = 1s }
        api -> db { timeout = 1s }
        flow list { steps = user -> api -> items -> db  peak = 20rps }
        flow get { steps = user -> api -> db  peak = 5rps }
    """)
    )
    assert loads["api"].unbounded_flows == ()
    assert loads["items"].unbounded_flows == ("list",)
    assert loads["items"].rps == 0
    assert loads["items"].describe() == "of unknown size (unbounded fan-out on list)"
    assert loads["db"].rps == 5  # known lower bound: only `get`
    assert (
        loads["db"].describe() == "5 rps (get 5 rps) + unknown load from unbounded fan-out on list"
    )


def test_in_a_cycle_each_relation_passes_load_once():
    dm = model_of("""
        actor user
        service a
        service b
        user -> a
        a -> b { timeout = 1s }
        b ~> a
        flow loop { steps = user -> a -> b ~> a  peak = 10rps }
    """)
    hops = flow_contributions(dm, dm.model.flows["loop"])
    assert [(r.target, c.rps) for r, c in hops] == [("a", 10), ("b", 10), ("a", 10)]
    assert component_loads(dm)["a"].rps == 20
    assert component_loads(dm)["a"].per_flow() == [("loop", 20.0)]


def test_a_component_reached_over_two_paths_passes_on_both():
    dm = model_of("""
        actor user
        service a
        service b
        service c
        database db
        user -> a
        a -> b { timeout = 1s }
        a -> c { timeout = 1s }
        c -> b { timeout = 1s }
        b -> db { timeout = 1s }
        flow f { steps = user -> a  peak = 10rps }
    """)
    assert component_loads(dm)["db"].rps == 20


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (340.0, "340 rps"),
        (12.5, "12.5 rps"),
        (100 / 3, "33.33 rps"),
        (20 / 3600, "0.005556 rps"),
        (123456.7, "123457 rps"),
        (float("inf"), "unbounded"),
    ],
)
def test_rates_are_formatted_readably(rate, text):
    assert format_rps(rate) == text


def test_where_load_stops_names_the_queue_nearest_upstream():
    dm = model_of(SHOP)
    notify = dm.model.flows["notify"]
    stopped = load_stops_before(dm, notify)
    carried = {relation.id for relation, _ in flow_contributions(dm, notify)}
    assert set(stopped) == {"jobs~>mailer", "mailer->stripe"}
    assert not carried & set(stopped)
    assert set(stopped.values()) == {"jobs"}
    assert load_stops_before(dm, dm.model.flows["idle"]) == {}  # no peak, no load


def test_a_journey_that_starts_at_a_queue_carries_its_load():
    dm = model_of(SHOP + "flow drain { steps = jobs ~> mailer -> stripe  peak = 5rps }\n")
    assert load_stops_before(dm, dm.model.flows["drain"]) == {}
