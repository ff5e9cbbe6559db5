"""Impact of one failure on models/shop.arch, checked against numbers worked out by hand.

Defaults (archdsl.rules.config): 99.5% per copy without `sla`, 99.95% for one zone.
"""

from __future__ import annotations

import pytest

from archdsl.review.impact import BREAKS, DELAYED, FALLS_BACK, UNAFFECTED, impact
from archdsl.rules.config import Config

ONE_COPY = 0.995
EDGE = 1 - (1 - ONE_COPY) ** 2  # load balancer, 2 replicas in 2 zones
THREE_COPIES = 1 - (1 - ONE_COPY) ** 3  # web (3 replicas), api (autoscale 3..12), order_events
CHECKOUT = EDGE * THREE_COPIES * THREE_COPIES  # stripe sits behind a fallback: not a factor


def _flows(result):
    return {f.flow: f for f in result.flows}


def test_database_failure_breaks_its_callers_and_their_flows(shop):
    workspace, _ = shop
    result = impact(workspace.model, "orders_db", Config())
    assert result.radius.components == ("edge", "web", "api", "fulfilment", "backoffice")
    flows = _flows(result)
    assert flows["checkout"].status == BREAKS and flows["checkout"].after == 0.0
    assert flows["checkout"].before == pytest.approx(CHECKOUT, abs=1e-12)
    assert flows["browse"].status == BREAKS
    assert flows["payment_confirmed"].status == DELAYED  # order_events ~> fulfilment waits
    assert flows["payment_confirmed"].after == flows["payment_confirmed"].before
    outcomes = {(r.relation.source, r.relation.target): r.outcome for r in result.relations}
    assert outcomes[("api", "orders_db")] == "fails"
    assert outcomes[("order_events", "fulfilment")] == "queued"
    assert ("web", "catalog") not in outcomes  # catalog is still up


def test_fallback_keeps_the_flow_up_and_adds_the_fallback_as_a_factor(shop):
    workspace, _ = shop
    result = impact(workspace.model, "stripe", Config())
    assert result.radius.components == () and not result.broken_flows
    checkout = _flows(result)["checkout"]
    assert checkout.status == FALLS_BACK and checkout.fallbacks == ("order_events",)
    assert checkout.after == pytest.approx(CHECKOUT * THREE_COPIES, abs=1e-12)
    assert [(r.relation.id, r.outcome) for r in result.relations] == [
        ("api->stripe[charges cards]", "absorbed")
    ]
    assert _flows(result)["browse"].status == UNAFFECTED


def test_external_at_the_end_of_an_async_flow_breaks_only_that_flow(shop):
    workspace, _ = shop
    result = impact(workspace.model, "shipbob", Config())
    assert [f.flow for f in result.broken_flows] == ["payment_confirmed"]
    assert result.radius.components == ("fulfilment",)


def test_fallback_that_is_down_too_breaks_the_flow():
    import archdsl

    workspace = archdsl.loads(
        "actor user\nservice api\nservice pay\nservice backup\ndatabase db\n"
        "user -> api\napi -> pay { timeout = 1s  fallback = backup }\n"
        "pay -> db { timeout = 1s }\nbackup -> db { timeout = 1s }\n"
        "flow buy { steps = user -> api -> pay }\n",
        "fb.arch",
    )
    result = impact(workspace.model, "db", Config())
    assert set(result.radius.components) == {"pay", "backup"} and result.radius.flows == ()
    buy = _flows(result)["buy"]
    assert (buy.status, buy.after, buy.fallbacks) == (BREAKS, 0.0, ("backup",))


def test_unknown_component_is_a_key_error(shop):
    workspace, _ = shop
    with pytest.raises(KeyError):
        impact(workspace.model, "nope", Config())
