"""Availability: 1-(1-a)^copies per component, zone cap, externals at their sla, flow products."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdsl.analysis.availability import (
    assumptions,
    component_availability,
    distinct_percents,
    flow_availability,
    percent,
)
from archdsl.analysis.dependency_model import dependencies_of
from archdsl.rules.config import Config, parse_config
from archdsl.workspace import open_text


def workspace_of(text: str):
    workspace = open_text(text, "a.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return workspace


def model_of(text: str):
    return workspace_of(text).model


WS = workspace_of("""
actor customer
service api { replicas = 2  zones = 2 }
service single
service one_zone { replicas = 3  sla = 99.9% }
service scale_to_zero { replicas = 0 }
database db { replicas = 2  failover = automatic  zones = 2  sla = 99.9% }
queue events { replicas = 3  zones = 3 }
external stripe { sla = 99.99% }
external crm
customer -> api { protocol = https }
api -> db { timeout = 1s }
api -> db "second call" { timeout = 1s }
api -> stripe { timeout = 1s }
api -> crm { timeout = 1s  fallback = "sync later" }
api ~> events
events ~> single
single -> one_zone { timeout = 1s }
stripe -> api "payment webhook" { webhook = true  signature = hmac  idempotent = true }
flow checkout { steps = customer -> api -> db  slo = 99.9% }
flow pay { steps = customer -> api -> stripe -> api  slo = 99.9% }
flow crm_sync { steps = customer -> api -> crm }
flow event { steps = customer -> api ~> events ~> single -> one_zone }
""")
MODEL, DM = WS.model, dependencies_of(WS)
CONFIG = Config()


def test_copies_multiply_the_per_copy_default():
    api = component_availability(MODEL.elements["api"], CONFIG)
    assert api.per_copy == pytest.approx(0.995) and api.sla_assumed
    assert api.value == pytest.approx(1 - 0.005**2) and not api.zone_capped


def test_one_zone_caps_redundant_copies():
    one_zone = component_availability(MODEL.elements["one_zone"], CONFIG)
    assert one_zone.value == pytest.approx(CONFIG.zone_availability) and one_zone.zone_capped
    assert not one_zone.sla_assumed


def test_single_copy_below_the_zone_is_not_marked_capped():
    single = component_availability(MODEL.elements["single"], CONFIG)
    assert single.value == pytest.approx(0.995) and not single.zone_capped


def test_externals_count_at_their_sla():
    assert component_availability(MODEL.elements["stripe"], CONFIG).value == pytest.approx(0.9999)
    crm = component_availability(MODEL.elements["crm"], CONFIG)
    assert crm.value == pytest.approx(0.999) and crm.sla_assumed


def test_scale_to_zero_counts_as_one_copy():
    assert component_availability(MODEL.elements["scale_to_zero"], CONFIG).value == pytest.approx(
        0.995
    )


def test_configured_defaults_are_used():
    config = parse_config(
        {"defaults": {"zone": "99.9%", "sla": {"service": "99%"}}}, Path("c.toml")
    )
    assert component_availability(MODEL.elements["single"], config).value == pytest.approx(0.99)
    assert component_availability(MODEL.elements["one_zone"], config).value == pytest.approx(0.999)


def _factors(flow: str) -> list[str]:
    return [f.component for f in flow_availability(DM, MODEL.flows[flow], CONFIG).factors]


def test_flow_factors_are_what_the_call_tree_needs():
    assert _factors("checkout") == ["api", "db"]
    assert _factors("pay") == ["api", "stripe"]  # api once; the webhook is not traversed
    assert _factors("crm_sync") == ["api"]  # the fallback step is left out
    assert _factors("event") == ["api", "events"]  # what consumes the queue does not break it


def test_flow_availability_is_the_product_of_its_factors():
    estimate = flow_availability(DM, MODEL.flows["checkout"], CONFIG)
    assert [f.component for f in estimate.factors] == ["api", "db"]
    assert estimate.value == pytest.approx((1 - 0.005**2) * (1 - 0.001**2))
    assert estimate.product() == "api 99.997% x db 99.9999%"


def test_flow_without_factors_is_fully_available():
    ws = workspace_of("actor a\nactor b\na -> b\nflow f { steps = a -> b }")
    assert flow_availability(dependencies_of(ws), ws.model.flows["f"], CONFIG).value == 1


def test_a_failure_unit_counts_once_with_its_weakest_member():
    ws = workspace_of("""
    actor u
    service app { runs_on = vm  sla = 99.9% }
    database db { runs_on = vm  sla = 99% }
    cache c { runs_on = vm }
    u -> app
    app -> db { timeout = 1s }
    app -> c { timeout = 1s }
    flow f { steps = u -> app -> db }
    """)
    estimate = flow_availability(dependencies_of(ws), ws.model.flows["f"], CONFIG)
    assert [(f.component, f.members) for f in estimate.factors] == [("vm", ("app", "db", "c"))]
    assert estimate.value == pytest.approx(0.99)


def test_client_code_counts_as_one_and_managed_at_its_sla():
    ws = workspace_of("""
    actor u
    frontend app
    database db { managed = true  sla = 99.95%  replicas = 1 }
    u -> app
    app -> db { timeout = 1s }
    flow f { steps = u -> app -> db }
    """)
    estimate = flow_availability(dependencies_of(ws), ws.model.flows["f"], CONFIG)
    assert [(f.component, f.value) for f in estimate.factors] == [("db", pytest.approx(0.9995))]


def test_assumptions_name_the_defaults_used():
    estimate = flow_availability(DM, MODEL.flows["event"], CONFIG)
    assert assumptions(estimate.factors, CONFIG) == "99.5% per copy of service, queue without `sla`"
    crm = component_availability(MODEL.elements["crm"], CONFIG)
    assert assumptions([crm], CONFIG) == "99.9% for an external without `sla`"
    stripe = component_availability(MODEL.elements["stripe"], CONFIG)
    assert assumptions([stripe], CONFIG) == ""


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (0.999, "99.9%"),
        (0.9990000000000001, "99.9%"),
        (0.99712, "99.71%"),
        (0.9995, "99.95%"),
        (1.0, "100%"),
        (0.99999, "99.999%"),
        (0.9999999, "99.9999%"),
        (0.5, "50%"),
    ],
)
def test_percent_is_short_but_never_rounds_up_to_100(fraction, text):
    assert percent(fraction) == text


def test_distinct_percents_add_places_until_the_numbers_differ():
    assert distinct_percents(0.99896, 0.999) == ("99.896%", "99.9%")
    assert distinct_percents(0.9971, 0.999) == ("99.71%", "99.9%")
    assert distinct_percents(0.998999, 0.999) == ("99.8999%", "99.9%")


def test_percent_keeps_the_zeros_of_whole_numbers():
    from archdsl.analysis.availability import percent

    assert [percent(1.2, 0), percent(0.5, 0), percent(0.999), percent(1.0)] == [
        "120%",
        "50%",
        "99.9%",
        "100%",
    ]
