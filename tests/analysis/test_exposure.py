"""Public entry points (views.entry_points and the reasons behind them), trust crossings,
authentication of a relation, and the inventory of classified data per store and relation."""

from __future__ import annotations

import pytest

from archdsl.analysis.exposure import (
    ClassifiedField,
    Exposure,
    classify,
    data_inventory,
    exposures,
    trust_crossings,
)
from archdsl.graph.views import authenticated, declares_auth, entry_points
from archdsl.workspace import open_text


def model_of(text: str):
    workspace = open_text(text, "exposure.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return workspace.model


# ------------------------------------------------------------------ entry points: edge cases


def test_exposed_public_counts_only_for_components_we_run():
    model = model_of("""
        service api { exposed = public }
        external partner { exposed = public }
        service hidden
    """)
    assert entry_points(model) == {"api"}


def test_untrusted_callers_expose_their_targets_through_any_arrow():
    model = model_of("""
        actor customer
        external stripe
        service web
        function hooks
        queue inbox
        customer -> web
        stripe -> hooks { webhook = true  signature = hmac }
        stripe ~> inbox
    """)
    assert entry_points(model) == {"web", "hooks", "inbox"}


def test_actor_inside_a_trusted_boundary_exposes_nothing():
    model = model_of("""
        boundary corporate {
          trust = high
          actor staff
          service backoffice
        }
        staff -> backoffice
    """)
    assert entry_points(model) == set()


def test_actor_in_a_plain_grouping_is_untrusted_and_exposes():
    model = model_of("""
        boundary visitors { actor guest }
        service web
        guest -> web
    """)
    assert entry_points(model) == {"web"}


def test_anything_in_an_untrusted_boundary_exposes_what_it_calls():
    model = model_of("""
        boundary internet {
          trust = untrusted
          service crawler
        }
        service api
        crawler -> api
    """)
    assert entry_points(model) == {"api"}


def test_exposure_passes_through_chained_load_balancers_and_cdns_only():
    model = model_of("""
        actor customer
        cdn assets
        load_balancer edge
        load_balancer inner
        service web
        service api
        external analytics
        customer -> assets
        assets -> edge
        edge -> inner
        inner -> web
        web -> api
        edge -> analytics
    """)
    assert entry_points(model) == {"assets", "edge", "inner", "web"}


def test_load_balancer_cycle_terminates():
    model = model_of("""
        load_balancer a { exposed = public }
        load_balancer b
        service web
        a -> b
        b -> a
        b -> web
    """)
    assert entry_points(model) == {"a", "b", "web"}


def test_an_internal_load_balancer_passes_nothing_and_frontends_do_not_pass_exposure():
    model = model_of("""
        actor user
        frontend spa
        load_balancer internal_lb
        service api
        service worker_api
        user -> spa
        spa -> api
        internal_lb -> worker_api
    """)
    assert entry_points(model) == {"spa"}


# ------------------------------------------------------------------ exposures: the reasons


def test_exposures_match_entry_points_and_name_their_reasons():
    model = model_of("""
        actor customer
        external stripe
        load_balancer edge { exposed = public }
        service web
        service hooks { exposed = public }
        customer -> edge
        customer -> edge "again"
        edge -> web
        stripe -> hooks { webhook = true  signature = hmac }
        customer -> hooks
    """)
    found = exposures(model)
    assert set(found) == entry_points(model)
    assert list(found) == ["edge", "web", "hooks"]
    assert found["edge"] == Exposure("edge", public=True, untrusted_callers=("customer",))
    assert found["web"] == Exposure("web", public=False, passers=("edge",))
    assert found["hooks"].untrusted_callers == ("stripe", "customer")
    assert found["hooks"].describe(model) == "exposed = public; called directly by stripe, customer"
    assert found["web"].describe(model) == "behind load_balancer edge"
    assert found["hooks"].direct and not found["web"].direct


def test_a_passer_that_is_not_an_entry_point_is_not_a_reason():
    model = model_of("""
        load_balancer internal_lb
        service api { exposed = public }
        internal_lb -> api
    """)
    assert exposures(model)["api"].passers == ()


# ------------------------------------------------------------------ authentication


@pytest.mark.parametrize(("method", "declared"), [(None, False), ("none", False), ("iam", True)])
def test_declares_auth(method, declared):
    assert declares_auth(method) is declared


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("service a\nservice b\na -> b", False),
        ("service a\nservice b\na -> b { auth = none }", False),
        ("service a\nservice b\na -> b { auth = mtls }", True),
        ("service a\nservice b { auth = jwt }\na -> b", True),
        ("service a\nservice b { auth = none }\na -> b", False),
        ("external a\nservice b\na -> b { webhook = true  signature = hmac }", True),
        ("external a\nservice b\na -> b { webhook = true  signature = none }", False),
    ],
)
def test_authenticated(text, expected):
    model = model_of(text)
    assert authenticated(model, model.relations[0]) is expected


# ------------------------------------------------------------------ trust crossings


def test_trust_crossings_only_into_higher_trust_with_entry_and_auth_facts():
    model = model_of("""
        actor customer
        service loose
        boundary dmz {
          trust = low
          service web { exposed = public }
        }
        boundary private {
          trust = high
          service api
          service vaulted { auth = mtls }
        }
        customer -> web
        web -> api
        web -> vaulted
        api -> web
        loose -> api
        web -> web "self"
    """)
    crossings = trust_crossings(model)
    assert [c.relation for c in crossings] == ["customer->web", "web->api", "web->vaulted"]
    first, second, third = crossings
    assert (first.source_trust, first.target_trust, first.into_entry_point) == (
        "untrusted",
        "low",
        True,
    )
    assert (second.source_trust, second.target_trust) == ("low", "high")
    assert not second.into_entry_point and not second.authenticated
    assert third.authenticated
    # the rules pass the entry points they already have: the same crossings
    assert trust_crossings(model, exposures(model).keys()) == crossings
    assert trust_crossings(model, set()) != crossings  # and the entries are what is used


# ------------------------------------------------------------------ sensitive data inventory

INVENTORY_MODEL = """
    service api
    database users_db
    search users_index
    queue events
    data User in users_db, users_index {
      id        uuid    key
      email     string  pii unique
      password  string  secret hashed
      notes     string  health pii encrypted
    }
    data Card in users_db {
      number  string  pci
    }
    data Product in users_db {
      title  string
    }
    api -> users_db { carries = [Product, Card, User] }
    api ~> events { carries = [Product] }
"""


def test_classify_keeps_only_classified_fields_with_their_flags():
    model = model_of(INVENTORY_MODEL)
    user = classify(model.data["User"])
    assert user.fields == (
        ClassifiedField("email", ("pii",)),
        ClassifiedField("password", ("secret",), ("hashed",)),
        ClassifiedField("notes", ("health", "pii"), ("encrypted",)),
    )
    assert user.classes == {"pii", "secret", "health"}
    assert classify(model.data["Product"]) is None
    assert user.fields[2].describe() == "notes (health, pii, encrypted)"


def test_with_classes_filters_by_flag_and_protection():
    user = classify(model_of(INVENTORY_MODEL).data["User"])
    assert [f.name for f in user.with_classes({"pii"})] == ["email", "notes"]
    assert [f.name for f in user.with_classes({"pii"}, unprotected_only=True)] == ["email"]
    assert [f.name for f in user.with_classes({"secret"}, unprotected_only=True)] == []
    assert user.with_classes({"pci"}) == ()


def test_inventory_per_store_and_per_relation():
    model = model_of(INVENTORY_MODEL)
    inventory = data_inventory(model)
    assert set(inventory.data) == {"User", "Card"}
    assert inventory.stores == {"users_db": ("User", "Card"), "users_index": ("User",)}
    assert [d.name for d in inventory.in_store("users_db")] == ["User", "Card"]
    assert inventory.in_store("events") == ()
    assert inventory.relations == {"api->users_db": ("Card", "User")}
    assert [d.name for d in inventory.carried_by("api->users_db")] == ["Card", "User"]
    assert inventory.carried_by("api->events") == ()
