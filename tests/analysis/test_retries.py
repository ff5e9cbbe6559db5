"""Retry amplification and chain depth: worst synchronous paths by DP, cycles condensed."""

from __future__ import annotations

import math

from archdsl.analysis.retries import (
    amplification_crossings,
    chain_depths,
    depth_crossings,
    longest_flow_chain,
    retry_amplification,
)
from archdsl.workspace import open_text

CHAIN = """
actor customer
service web
service api
service orders
service admin
database db
customer -> web { retries = 1 }
web -> api { retries = 2 }
api -> orders { retries = 2 }
orders -> db { retries = 2 }
admin -> orders { retries = 1 }
"""


def model(text: str):
    workspace = open_text(text, "t.arch")
    assert not workspace.has_errors, workspace.diagnostics
    return workspace.model


def test_amplification_is_the_worst_product_ending_at_each_node():
    paths = retry_amplification(model(CHAIN))
    assert paths.value["db"] == 54.0
    assert paths.path("db") == ["customer", "web", "api", "orders", "db"]
    assert paths.value["orders"] == 18.0  # not 2 through admin
    assert paths.value["admin"] == 1.0 and paths.path("admin") == ["admin"]
    assert [r.id for r in paths.relations("api")] == ["customer->web", "web->api"]


def test_crossings_report_each_path_once_where_it_first_exceeds_the_limit():
    crossings = amplification_crossings(model(CHAIN), 10)
    assert [(c.relation.id, c.value, c.path) for c in crossings] == [
        ("api->orders", 18.0, ["customer", "web", "api", "orders"]),
    ]
    assert [c.relation.id for c in amplification_crossings(model(CHAIN), 20)] == ["orders->db"]
    assert amplification_crossings(model(CHAIN), 54) == []


def test_cycles_are_condensed_and_their_relations_left_out():
    text = """
    service a
    service b
    service c
    service d
    a -> b { retries = 3 }
    b -> c { retries = 3 }
    c -> b { retries = 3 }
    c -> d { retries = 1 }
    """
    paths = retry_amplification(model(text))
    assert paths.in_cycles == {"b->c", "c->b"}
    assert paths.value["b"] == 4.0 and paths.value["c"] == 1.0
    assert paths.value["d"] == 2.0
    assert [c.relation.id for c in amplification_crossings(model(text), 1)] == ["a->b", "c->d"]


def test_unlimited_retries_are_an_infinite_factor_and_webhooks_are_left_out():
    text = """
    service a
    service b
    service c
    external psp
    a -> b { retries = unlimited }
    b -> c { retries = 1 }
    psp -> a { webhook = true  retries = 5 }
    """
    paths = retry_amplification(model(text))
    assert math.isinf(paths.value["c"])
    assert paths.value["a"] == 1.0
    assert [c.relation.id for c in amplification_crossings(model(text), 10)] == ["a->b"]


def test_chain_depth_counts_hops_out_of_components_we_run():
    paths = chain_depths(model(CHAIN))
    assert paths.value["db"] == 3.0  # web -> api -> orders -> db; customer's hop not counted
    assert paths.path("db") == ["web", "api", "orders", "db"]
    assert [(c.relation.id, c.value) for c in depth_crossings(model(CHAIN), 2)] == [
        ("orders->db", 3.0)
    ]


def test_a_long_graph_is_computed_without_enumerating_paths():
    # a ladder of 200 rungs has 2**200 paths; the DP visits each relation once
    lines = [f"service n{i}" for i in range(401)]
    for i in range(0, 400, 2):
        lines += [
            f"n{i} -> n{i + 2}",
            f"n{i} -> n{i + 1}",
            f"n{i + 1} -> n{i + 2} {{ retries = 1 }}",
        ]
    paths = chain_depths(model("\n".join(lines)))
    assert paths.value["n400"] == 400.0
    assert retry_amplification(model("\n".join(lines))).value["n400"] == 2.0**200


def test_longest_flow_chain_breaks_at_asynchronous_hops_and_skips_actor_hops():
    text = """
    actor user
    service a
    service b
    queue q
    worker w
    service c
    service d
    user -> a
    a -> b
    b ~> q
    q ~> w
    w -> c
    c -> d
    flow f { steps = user -> a -> b ~> q ~> w -> c -> d }
    """
    m = model(text)
    assert [r.id for r in longest_flow_chain(m, m.flows["f"])] == ["w->c", "c->d"]
