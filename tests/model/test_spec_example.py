"""The complete example of the language specification parses and means what the spec says.

`spec_example.arch` is a verbatim copy of the example in LANGUAGE.md (version 2); the tests never
read the specification itself, which a clone of the repository does not have.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import archdsl

EXAMPLE = Path(__file__).with_name("spec_example.arch")


@pytest.fixture
def spec_workspace(tmp_path, monkeypatch):
    shutil.copy(EXAMPLE, tmp_path / "shop.arch")
    shutil.copy(EXAMPLE.with_name("platform.arch"), tmp_path / "platform.arch")
    monkeypatch.chdir(tmp_path)
    return archdsl.load("shop.arch")


def test_spec_example_resolves_without_diagnostics(spec_workspace):
    assert spec_workspace.diagnostics == []


def test_spec_example_means_what_the_spec_says(spec_workspace):
    model = spec_workspace.model
    assert model.system.owner == "commerce-team"
    assert model.elements["web"].owner == "commerce-team"  # inherited from the system
    assert model.elements["api"].owner == "orders-team"
    assert model.elements["sessions"].replicas == 1  # "replicas defaults to 1"
    assert (model.elements["api"].copies, model.elements["api"].max_copies) == (3, 12)
    assert model.elements["customer"].trust == "untrusted" and model.elements["api"].trust == "high"
    assert model.elements["stripe"].sla == pytest.approx(0.9999)
    stripe_call = model.relation("api->stripe[charges cards]")
    assert (stripe_call.timeout, stripe_call.retries, stripe_call.fallback_element) == (
        3.0,
        2,
        "order_events",
    )
    assert model.relation("api->orders_db").pool == 10 and model.relation("api->orders_db").tls
    assert model.relation("stripe->api[payment webhook]").webhook
    assert (model.flows["checkout"].slo, model.flows["checkout"].peak) == (
        pytest.approx(0.999),
        60.0,
    )
    assert model.data["Order"].queries[0].fields == ("email",)
    assert model.acceptances[0].targets == ("sessions",)


def test_spec_example_checkout_is_a_call_tree_of_four_chains(spec_workspace):
    checkout = spec_workspace.model.flows["checkout"]
    assert [chain.relations for chain in checkout.chains] == [
        ("customer->edge", "edge->web", "web->api[places orders]", "api->stripe[charges cards]"),
        ("web->sessions",),
        ("api->orders_db",),
        ("api~>order_events[order placed]",),
    ]
    assert checkout.steps == ("customer", "edge", "web", "api", "stripe")  # the first chain's
    assert checkout.relations == tuple(r for chain in checkout.chains for r in chain.relations)


def test_spec_example_v2_defaults(spec_workspace):
    elements = spec_workspace.model.elements
    # kafka at 3 replicas: failover is built in; postgres says it explicitly.
    assert (elements["order_events"].failover, elements["order_events"].failover_source) == (
        "automatic",
        "tech_default",
    )
    assert (elements["orders_db"].failover, elements["orders_db"].failover_source) == (
        "automatic",
        "explicit",
    )
    assert elements["sessions"].persistence == "ephemeral"  # a cache
    assert elements["orders_db"].persistence == "durable"
    assert elements["web"].persistence is None
    relation = spec_workspace.model.relation
    assert relation("api->orders_db").effect == "write" and relation("api->orders_db").purpose == (
        "request"
    )
