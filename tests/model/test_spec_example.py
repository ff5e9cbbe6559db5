"""The complete example of the language specification parses and means what the spec says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import archdsl

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "LANGUAGE.md"


@pytest.fixture
def spec_workspace(tmp_path, monkeypatch):
    if not SPEC.is_file():
        pytest.skip("the shared specification is not beside this checkout")
    example = re.search(r"```arch\n(.*?)```", SPEC.read_text(encoding="utf-8"), re.S).group(1)
    (tmp_path / "shop.arch").write_text(example, encoding="utf-8")
    (tmp_path / "platform.arch").write_text(
        "# the spec's example imports this file\n", encoding="utf-8"
    )
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
    assert model.flows["checkout"].relations == (
        "customer->edge",
        "edge->web",
        "web->api[places orders]",
        "api->stripe[charges cards]",
    )
    assert (model.flows["checkout"].slo, model.flows["checkout"].peak) == (
        pytest.approx(0.999),
        60.0,
    )
    assert model.data["Order"].queries[0].fields == ("email",)
    assert model.acceptances[0].targets == ("sessions",)
