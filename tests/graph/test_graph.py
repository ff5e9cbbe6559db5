"""The graph and the views rules share: relations kept distinct, dependencies, flows, exposure."""

from __future__ import annotations

import archdsl
from archdsl.graph import views


def load(text: str):
    return archdsl.loads(text, "m.arch")


def test_several_relations_between_one_pair_stay_distinct_and_carry_their_model():
    ws = load('service a\nservice b\na -> b "reads"\na -> b "writes"\na ~> b\n')
    edges = sorted(ws.graph.edges(keys=True))
    assert edges == [("a", "b", "a->b[reads]"), ("a", "b", "a->b[writes]"), ("a", "b", "a~>b")]
    assert ws.graph.edges["a", "b", "a->b[reads]"]["relation"].label == "reads"
    assert ws.graph.nodes["a"]["element"].kind == "service"


def test_dependency_graph_follows_sync_calls_and_queue_publishing_and_honours_fallback():
    model = load(
        "service a\nservice b\nservice c\nqueue q\nservice w\n"
        'a -> b\nb -> c { fallback = "cached" }\na ~> q\nq ~> w\na ~> w\n'
    ).model
    assert set(views.dependency_graph(model).edges) == {("a", "b"), ("a", "q")}
    assert set(views.dependency_graph(model, honour_fallback=False).edges) == {
        ("a", "b"),
        ("b", "c"),
        ("a", "q"),
    }


def test_synchronous_graph_leaves_webhooks_out_unless_asked():
    model = load(
        "external x\nservice h\nh -> x\nx -> h { webhook = true  signature = hmac }\n"
    ).model
    assert [r.id for r in views.synchronous_relations(model)] == ["h->x"]
    assert views.synchronous_graph(model, include_webhooks=True).number_of_edges() == 2


def test_flow_relations_in_step_order():
    model = load(
        "actor u\nservice a\nservice b\nu -> a\na -> b\nflow f { steps = u -> a -> b }\n"
    ).model
    assert [r.id for r in views.flow_relations(model, model.flows["f"])] == ["u->a", "a->b"]


def test_entry_points_pass_through_load_balancers_and_cdns_but_not_from_trusted_actors():
    model = load(
        "actor user\nload_balancer lb\nservice web\nservice internal\n"
        "boundary corp { trust = high\n  actor staff\n  service admin\n}\n"
        "service public_one { exposed = public }\n"
        "user -> lb\nlb -> web\nweb -> internal\nstaff -> admin\n"
    ).model
    assert views.entry_points(model) == {"lb", "web", "public_one"}


def test_components_we_run_leave_out_actors_and_externals():
    model = load("actor user\nexternal psp\nservice web\ndatabase db\nload_balancer lb\n").model
    assert views.components_we_run(model) == {"web", "db", "lb"}


def test_trust_crossings():
    model = load(
        "boundary dmz { trust = low\n  service web\n}\nboundary core { trust = high\n  database db\n}\n"
        "service loose\nweb -> db\ndb -> web\nloose -> db\n"
    ).model
    crossing = {r.id: views.crosses_into_higher_trust(model, r) for r in model.relations}
    assert crossing == {"web->db": True, "db->web": False, "loose->db": False}
