"""Retry amplification and chain depth: worst synchronous paths by DP, cycles condensed."""

from __future__ import annotations

import math

from archdsl.analysis.dependency_model import dependencies_of
from archdsl.analysis.retries import (
    amplification_crossings,
    longest_synchronous_run,
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


def workspace(text: str):
    ws = open_text(text, "t.arch")
    assert not ws.has_errors, ws.diagnostics
    return ws


def model(text: str):
    return workspace(text).model


def test_amplification_is_the_worst_product_ending_at_each_node():
    paths = retry_amplification(model(CHAIN))
    assert paths.value["db"] == 27.0  # the actor's retries are not ours: customer -> web left out
    assert paths.path("db") == ["web", "api", "orders", "db"]
    assert paths.value["orders"] == 9.0  # not 2 through admin
    assert paths.value["admin"] == 1.0 and paths.path("admin") == ["admin"]
    assert [r.id for r in paths.relations("api")] == ["web->api"]


def test_crossings_report_each_path_once_where_it_first_exceeds_the_limit():
    crossings = amplification_crossings(model(CHAIN), 8)
    assert [(c.relation.id, c.value, c.path) for c in crossings] == [
        ("api->orders", 9.0, ["web", "api", "orders"]),
    ]
    assert [c.relation.id for c in amplification_crossings(model(CHAIN), 10)] == ["orders->db"]
    assert amplification_crossings(model(CHAIN), 27) == []


def test_one_relation_that_retries_is_no_amplification():
    text = """
    queue jobs
    worker w
    service api
    database db
    jobs ~> w
    w -> api { retries = 25 }
    api -> db
    """
    assert amplification_crossings(model(text), 10) == []
    assert retry_amplification(model(text)).value["db"] == 26.0


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
    # each path left has one retrying relation only: no amplification
    assert amplification_crossings(model(text), 1) == []
    text += "d -> e { retries = 1 }\nservice e\n"
    assert [c.relation.id for c in amplification_crossings(model(text), 1)] == ["d->e"]


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
    assert amplification_crossings(model(text), 10) == []  # unlimited on its own: U002's


def test_a_long_graph_is_computed_without_enumerating_paths():
    # a ladder of 200 rungs has 2**200 paths; the DP visits each relation once
    lines = [f"service n{i}" for i in range(401)]
    for i in range(0, 400, 2):
        lines += [
            f"n{i} -> n{i + 2}",
            f"n{i} -> n{i + 1}",
            f"n{i + 1} -> n{i + 2} {{ retries = 1 }}",
        ]
    assert retry_amplification(model("\n".join(lines))).value["n400"] == 2.0**200


def test_longest_run_breaks_at_asynchronous_hops_and_skips_actor_hops():
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
    ws = workspace(text)
    run = longest_synchronous_run(dependencies_of(ws), ws.model.flows["f"])
    assert [r.id for r in run] == ["w->c", "c->d"]


def test_longest_run_reads_the_calls_the_flow_did_not_name():
    text = """
    actor user
    service a
    service b
    service c
    service d
    user -> a
    a -> b
    b -> c
    a -> d
    flow f { steps = user -> a }
    """
    ws = workspace(text)
    run = longest_synchronous_run(dependencies_of(ws), ws.model.flows["f"])
    assert [r.id for r in run] == ["a->b", "b->c"]
