"""Impact of one failure, read from the dependency model: broken flows with their paths, callers
degraded one level up, what fallbacks and queues shield, failure units by their `runs_on` word.

Defaults (archdsl.rules.config): 99.5% per copy without `sla`, 99.95% for one zone.
"""

from __future__ import annotations

import pytest

import archdsl
from archdsl.analysis.dependency_model import dependencies_of
from archdsl.review.impact import BREAKS, DELAYED, FALLS_BACK, REROUTES, UNAFFECTED, impact
from archdsl.rules.config import Config


def _flows(result):
    return {f.flow: f for f in result.flows}


def _impact(workspace, name):
    return impact(dependencies_of(workspace), name, Config())


def _ids(relations):
    return [r.id for r in relations]


def test_database_failure_breaks_the_flow_that_names_it_and_degrades_its_callers(shop):
    workspace, _ = shop
    result = _impact(workspace, "orders_db")
    flows = _flows(result)
    assert flows["checkout"].status == BREAKS and flows["checkout"].after == 0.0
    assert _ids(flows["checkout"].path) == [
        "customer->edge[browses and buys]",
        "edge->web",
        "web->api[places orders]",
        "api->orders_db",
    ]
    assert flows["browse"].status == UNAFFECTED  # browse never calls it
    assert flows["payment_confirmed"].status == UNAFFECTED
    # the callers lose that call; nothing above them is claimed to be down
    assert [r.source for r in result.degraded] == ["api", "fulfilment", "backoffice"]


def test_fallback_keeps_the_flow_up_and_adds_the_fallback_as_a_factor(shop):
    workspace, _ = shop
    result = _impact(workspace, "stripe")
    checkout = _flows(result)["checkout"]
    assert checkout.status == FALLS_BACK and checkout.fallbacks == ("order_events",)
    assert checkout.after == pytest.approx(checkout.before)  # order_events is a factor already
    assert [(s.relation.id, s.by) for s in result.shielded] == [
        ("api->stripe[charges cards]", "fallback")
    ]
    assert _flows(result)["browse"].status == UNAFFECTED


def test_a_consumer_behind_a_queue_is_shielded_by_the_queue(shop):
    workspace, _ = shop
    result = _impact(workspace, "fulfilment")
    assert _flows(result)["payment_confirmed"].status == DELAYED
    assert [(s.relation.id, s.by) for s in result.shielded] == [
        ("order_events~>fulfilment", "queue")
    ]
    assert result.degraded == ()


def test_fallback_that_is_down_too_breaks_the_flow():
    workspace = archdsl.loads(
        "actor user\nservice api\nservice pay\nservice backup\ndatabase db\n"
        "user -> api\napi -> pay { timeout = 1s  fallback = backup }\n"
        "pay -> db { timeout = 1s }\nbackup -> db { timeout = 1s }\n"
        "flow buy { steps = user -> api -> pay }\n",
        "fb.arch",
    )
    result = _impact(workspace, "backup")
    assert _flows(result)["buy"].status == UNAFFECTED
    shared = archdsl.loads(
        "actor user\nservice api\nservice pay { runs_on = vm }\nservice backup { runs_on = vm }\n"
        "user -> api\napi -> pay { timeout = 1s  fallback = backup }\n"
        "flow buy { steps = user -> api -> pay }\n",
        "fb2.arch",
    )
    buy = _flows(_impact(shared, "vm"))["buy"]
    assert (buy.status, buy.after, buy.fallbacks) == (BREAKS, 0.0, ("backup",))


def test_a_failure_unit_is_named_by_its_runs_on_word():
    workspace = archdsl.loads(
        "actor u\nload_balancer nginx { runs_on = vm1 }\nservice app { runs_on = vm1 }\n"
        "database pg { runs_on = vm1 }\nservice other\n"
        "u -> nginx\nnginx -> app { timeout = 1s }\napp -> pg { timeout = 1s }\n"
        "other -> pg { timeout = 1s }\n"
        "flow f { steps = u -> nginx -> app }\n",
        "vm.arch",
    )
    result = _impact(workspace, "vm1")
    assert result.unit.members == ("nginx", "app", "pg")
    assert _flows(result)["f"].status == BREAKS
    assert [r.id for r in result.degraded] == ["other->pg"]
    assert _impact(workspace, "app").unit is result.unit


def test_one_of_several_routes_down_reroutes():
    workspace = archdsl.loads(
        "actor u\nload_balancer lb\nservice a\nservice b\n"
        "u -> lb\nlb -> a { timeout = 1s }\nlb -> b { timeout = 1s }\n"
        "flow f {\n  steps = u -> lb -> a\n  steps = lb -> b\n}\n",
        "lb.arch",
    )
    assert _flows(_impact(workspace, "a"))["f"].status == REROUTES


def test_unknown_component_is_a_key_error(shop):
    workspace, _ = shop
    with pytest.raises(KeyError):
        _impact(workspace, "nope")
