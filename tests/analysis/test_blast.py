"""Blast radius: the components we run and the flows that fail with one component."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from archdsl.analysis.blast import BlastRadius, blast_index, blast_radius
from archdsl.workspace import open_text


def model_of(text: str):
    workspace = open_text(text, "b.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return workspace.model


SHOP = model_of("""
actor customer
external psp
service web
service api
service recommend
database db
cache sessions
customer -> web { protocol = https }
web -> sessions { timeout = 1s }
web -> api { timeout = 1s }
web -> recommend { timeout = 1s  fallback = "hide the carousel" }
recommend -> db { timeout = 1s }
api -> db { timeout = 1s }
api -> psp { timeout = 1s }
psp -> api "settled" { webhook = true  signature = hmac  idempotent = true }
flow checkout { steps = customer -> web -> api -> psp }
flow browse { steps = customer -> web -> recommend }
""")


def test_database_takes_down_its_callers_and_their_flows():
    radius = blast_radius(SHOP, "db")
    # browse breaks too: web itself needs api, which needs db
    assert radius == BlastRadius(
        "db", ("web", "api", "recommend"), ("checkout", "browse"), 3, 2, 4, 2
    )


def test_fallback_stops_the_failure():
    radius = blast_radius(SHOP, "recommend")
    assert radius.components == () and radius.flows == ()
    assert radius.empty


def test_actors_and_externals_are_not_counted_as_failing_components():
    radius = blast_radius(SHOP, "api")
    assert radius.components == ("web",)  # the psp's webhook depends on api, but psp runs elsewhere
    assert radius.flows == ("checkout", "browse")
    assert radius.component_total == 4


def test_external_failure_reaches_our_components():
    assert blast_radius(SHOP, "psp").components == ("web", "api")


def test_entry_point_breaks_every_flow_through_it():
    radius = blast_radius(SHOP, "web")
    assert radius.components == () and radius.flows == ("checkout", "browse")


def test_index_agrees_and_limits_names_but_not_counts():
    index = blast_index(SHOP)
    for component in SHOP.elements:
        assert index.radius(component) == blast_radius(SHOP, component)
    limited = index.radius("db", limit=1)
    assert limited.components == ("web",) and limited.component_count == 3


def _random_model(rnd: random.Random, size: int, edges: int, flows: int) -> str:
    lines = ["actor user"] + [f"service s{i}" for i in range(size)]
    for _ in range(edges):
        a, b = rnd.randrange(size), rnd.randrange(size)
        fallback = '  fallback = "x"' if rnd.random() < 0.2 else ""
        lines.append(f's{a} -> s{b} "e{len(lines)}" {{ timeout = 1s{fallback} }}')
    for i in range(size):
        lines.append(f"user -> s{i}")
    for f in range(flows):
        lines.append(f"flow f{f} {{ steps = user -> s{rnd.randrange(size)} }}")
    return "\n".join(lines)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 8), st.integers(0, 20), st.integers(0, 4), st.randoms())
def test_index_matches_search_on_random_models(size, edges, flows, rnd):
    model = model_of(_random_model(rnd, size, edges, flows))
    index = blast_index(model)
    for component in model.elements:
        assert index.radius(component) == blast_radius(model, component)
