"""Dependency closure: synchronous calls and queue publishing, stopped by fallback; flows."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from archdsl.analysis.dependencies import (
    callees,
    callers,
    dependencies_of,
    dependency_index,
    dependents_of,
    flow_dependencies,
    flow_roots,
    names,
    strongly_connected,
)
from archdsl.workspace import open_text


def model_of(text: str):
    workspace = open_text(text, "d.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return workspace.model


SHOP = model_of("""
actor customer
service web
service api
service recommend
database db
cache cache
queue events
worker mailer
external smtp
customer -> web { protocol = https }
web -> api { timeout = 1s }
web -> recommend { timeout = 1s  fallback = "no recommendations" }
recommend -> db { timeout = 1s }
api -> db { timeout = 1s }
api -> cache { timeout = 1s }
api ~> events
events ~> mailer
mailer -> smtp { timeout = 1s }
flow checkout { steps = customer -> web -> api -> db }
flow recs { steps = customer -> web -> recommend -> db }
flow mail { steps = customer -> web -> api ~> events ~> mailer -> smtp }
""")


def test_direct_dependencies_skip_fallbacks_and_async_to_non_queues():
    assert callees(SHOP)["web"] == ["api"]
    assert callees(SHOP)["api"] == ["db", "cache", "events"]
    assert callees(SHOP)["events"] == []
    assert callers(SHOP)["db"] == ["recommend", "api"]


def test_closures_both_ways():
    assert dependencies_of(SHOP, "web") == {"api", "db", "cache", "events"}
    assert dependents_of(SHOP, "db") == {"recommend", "api", "web", "customer"}
    assert dependents_of(SHOP, "recommend") == set()
    assert dependents_of(SHOP, "mailer") == set()


def test_flow_roots_and_dependencies():
    checkout, recs, mail = (SHOP.flows[f] for f in ("checkout", "recs", "mail"))
    assert flow_roots(SHOP, checkout) == ("web", "api", "db")
    assert flow_roots(SHOP, recs) == ("web", "db")  # the fallback step does not count
    assert flow_roots(SHOP, mail) == ("web", "api", "events", "smtp")
    assert flow_dependencies(SHOP, recs) == {"web", "api", "db", "cache", "events"}


def test_index_matches_the_single_component_searches():
    index = dependency_index(SHOP)
    for component in SHOP.elements:
        assert set(names(index.components, index.dependents[component])) == dependents_of(
            SHOP, component
        ) - {component}
    assert names(index.flows, index.flows_of["db"]) == [
        "checkout",
        "recs",
        "mail",
    ]  # mail goes through api
    assert names(index.flows, index.flows_of["smtp"]) == ["mail"]
    assert names(index.flows, index.flows_of["cache"]) == ["checkout", "recs", "mail"]
    assert names(index.flows, index.flows_of["recommend"]) == []
    assert names(index.flows, index.flows_of["mailer"]) == []


def test_cycles_share_their_dependents():
    model = model_of("""
    service a
    service b
    service c
    service top
    top -> a { timeout = 1s }
    a -> b { timeout = 1s }
    b -> a { timeout = 1s }
    b -> c { timeout = 1s }
    """)
    index = dependency_index(model)
    assert names(index.components, index.dependents["a"]) == ["b", "top"]
    assert names(index.components, index.dependents["c"]) == ["a", "b", "top"]
    assert dependents_of(model, "a") == {"a", "b", "top"}  # on a cycle: itself too


def test_names_respects_the_limit_and_order():
    assert names(("a", "b", "c", "d"), 0b1101, limit=2) == ["a", "c"]
    assert names(("a", "b"), 0) == []


def _reaches(adjacency, start):
    seen, stack = {start}, [start]
    while stack:
        for nxt in adjacency.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=40), st.randoms())
def test_strongly_connected_groups_are_mutually_reachable_and_ordered(
    size, edges, rnd: random.Random
):
    nodes = [f"n{i}" for i in range(size)]
    adjacency: dict[str, list[str]] = {}
    for _ in range(edges):
        adjacency.setdefault(rnd.choice(nodes), []).append(rnd.choice(nodes))
    groups = strongly_connected(nodes, adjacency)
    assert sorted(n for g in groups for n in g) == sorted(nodes)
    position = {n: i for i, g in enumerate(groups) for n in g}
    reach = {n: _reaches(adjacency, n) for n in nodes}
    for a in nodes:
        for b in nodes:
            same = position[a] == position[b]
            assert same == (b in reach[a] and a in reach[b])
            if b in reach[a] and not same:
                assert position[b] < position[a]  # what a reaches comes first
