"""What the scene keeps and marks: filters, findings, clusters; and how writers escape labels."""

from __future__ import annotations

import json

import pytest

from archdsl.diagram import SceneError, build_scene, to_dot, to_json, to_mermaid
from archdsl.findings import Severity


def _node(scene, ident):
    return next(n for n in scene.nodes if n.id == ident)


def test_whole_model_has_every_element_relation_and_nested_boundary(shop):
    workspace, findings = shop
    model = workspace.model
    scene = build_scene(model, findings)
    assert [n.id for n in scene.nodes] == sorted(model.elements)
    assert {e.id for e in scene.edges} == {r.id for r in model.relations}
    clusters = {c.id: c.parent for c in scene.clusters}
    assert clusters["orders_domain"] == "private" and clusters["private"] is None


def test_errors_mark_red_warnings_orange_accepted_and_info_not_at_all(shop):
    workspace, findings = shop
    scene = build_scene(workspace.model, findings)
    assert _node(scene, "orders_db").mark == "error"  # U008 connection-pool-exhaustion
    assert _node(scene, "mailer").mark == "error"  # U001, its acceptance expired
    assert _node(scene, "web").mark == "warning"  # U003
    assert _node(scene, "sessions").mark == "warning"  # S009 (one per datastore); R001 accepted
    assert any(f.accepted and f.element == "sessions" for f in findings)
    dot = to_dot(scene)
    assert (
        'color="#d62728" fillcolor="#e8f0fb" id=node_orders_db penwidth=2.5' in dot
        and "#d62728" in dot
        and "#ff7f0e" in dot
    )


def test_no_findings_means_no_marks(shop):
    workspace, _ = shop
    scene = build_scene(workspace.model, ())
    assert all(n.mark is None for n in scene.nodes) and all(e.mark is None for e in scene.edges)
    assert "penwidth=2.5" not in to_dot(scene) and "classDef" not in to_mermaid(scene)


def test_flow_keeps_only_its_steps_numbered(shop):
    workspace, findings = shop
    scene = build_scene(workspace.model, findings, flow="payment_confirmed")
    assert [n.id for n in scene.nodes] == sorted(
        ["stripe", "webhooks", "order_events", "fulfilment", "shipbob"]
    )
    steps = {(e.source, e.target): e.steps for e in scene.edges}
    assert steps == {
        ("stripe", "webhooks"): (1,),
        ("webhooks", "order_events"): (2,),
        ("order_events", "fulfilment"): (3,),
        ("fulfilment", "shipbob"): (4,),
    }
    assert {c.id for c in scene.clusters} == {"dmz", "private", "orders_domain"}
    assert not next(e for e in scene.edges if e.target == "order_events").synchronous


def test_boundary_keeps_its_contents_nested_under_it(shop):
    workspace, findings = shop
    scene = build_scene(workspace.model, findings, boundary="private")
    assert {n.id for n in scene.nodes} == {
        "api",
        "orders_db",
        "order_events",
        "order_events_dlq",
        "fulfilment",
        "catalog",
        "catalog_db",
        "search",
        "product_images",
    }
    assert all(
        e.source in {n.id for n in scene.nodes} and e.target in {n.id for n in scene.nodes}
        for e in scene.edges
    )
    assert {c.id: c.parent for c in scene.clusters} == {
        "private": None,
        "orders_domain": "private",
        "catalog_domain": "private",
    }


def test_inner_boundary_becomes_the_top_cluster(shop):
    workspace, _ = shop
    scene = build_scene(workspace.model, (), boundary="orders_domain")
    assert [(c.id, c.parent) for c in scene.clusters] == [("orders_domain", None)]


def test_flow_and_boundary_combine(shop):
    workspace, _ = shop
    scene = build_scene(workspace.model, (), flow="checkout", boundary="dmz")
    assert [n.id for n in scene.nodes] == ["edge", "web"]
    assert [(e.source, e.target, e.steps) for e in scene.edges] == [("edge", "web", (2,))]


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"flow": "chekout"}, "no flow named `chekout`; did you mean `checkout`?"),
        ({"boundary": "privat"}, "no boundary named `privat`; did you mean `private`?"),
    ],
)
def test_unknown_filter_names_the_nearest(shop, filters, message):
    workspace, _ = shop
    with pytest.raises(SceneError, match="^" + message.replace("?", r"\?") + "$"):
        build_scene(workspace.model, (), **filters)


def test_dot_labels_are_literal(hostile):
    dot = to_dot(build_scene(hostile.model))
    # backslashes doubled (no \N, \l escapes), quotes escaped, <...> never an HTML label
    assert r'label="API \" ] } --> <b>bold</b> \\N #35; `x` & \\l\nservice"' in dot
    assert r'label="DB\\\ndatabase"' in dot
    assert "label=<" not in dot


def test_mermaid_labels_cannot_break_out(hostile):
    text = to_mermaid(build_scene(hostile.model))
    for raw in ("<script>", "<b>", "<i>", '" ]', "--> <", "`x`", '" |'):
        assert raw not in text
    assert "#lt;script#gt;" in text and "#quot;" in text and "#92;N" in text
    assert text.count('"') % 2 == 0


def test_mermaid_ids_avoid_keywords_and_collisions():
    import archdsl

    workspace = archdsl.loads("service end\nservice a-b\nservice a_b\nend -> a-b\n", "ids.arch")
    text = to_mermaid(build_scene(workspace.model))
    assert "n_end(" in text and "n_a_b(" in text and "n_a_b_2(" in text
    assert "  n_end --> n_a_b\n" in text  # `a-b` sorts before `a_b`, so it keeps the plain id


def test_json_has_nodes_edges_clusters(shop):
    workspace, findings = shop
    data = json.loads(to_json(build_scene(workspace.model, findings, flow="checkout")))
    assert data["version"] == 1 and data["flow"] == "checkout"
    assert {n["id"] for n in data["nodes"]} == {"customer", "edge", "web", "api", "stripe"}
    edge = next(e for e in data["edges"] if e["source"] == "web")
    assert edge["target"] == "api" and edge["synchronous"] and edge["steps"] == [3]
    assert edge["mark"] == "warning" and "U003 timeout-inversion" in edge["findings"]
    assert {c["id"] for c in data["clusters"]} == {"internet", "dmz", "private", "orders_domain"}
    severities = {f.severity for f in findings}
    assert Severity.ERROR in severities


def test_public_render_api_returns_bytes_with_findings_marked():
    import archdsl

    workspace = archdsl.loads("service api\nservice web { replicas = 2 }\nweb -> api\n")
    marked = archdsl.render(workspace, format="dot").decode()
    plain = archdsl.render(workspace, format="dot", findings=()).decode()
    assert "api" in marked and marked != plain
