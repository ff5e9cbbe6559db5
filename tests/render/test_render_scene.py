"""What the scene keeps and marks: filters, findings, clusters; and how writers escape labels."""

from __future__ import annotations

import json
import re

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
    assert {e.id for e in scene.edges if e.purpose == "request"} == {r.id for r in model.relations}
    clusters = {c.id: c.parent for c in scene.clusters}
    assert clusters["orders_domain"] == "private" and clusters["private"] is None


def test_dead_letter_queue_is_joined_to_its_queue_and_drawn_beside_it(shop):
    workspace, _ = shop
    scene = build_scene(workspace.model, ())
    dlq = [e for e in scene.edges if e.purpose == "dead letters"]
    assert [(e.source, e.target, e.out_of_band) for e in dlq] == [
        ("order_events", "order_events_dlq", True)
    ]
    dot = to_dot(scene)
    assert "{\n\t\t\t\trank=same\n\t\t\t\torder_events\n\t\t\t\torder_events_dlq\n" in dot
    assert 'order_events -> order_events_dlq [label="dead letters"' in dot


def test_only_errors_are_red_warnings_are_a_count_badge(shop):
    workspace, findings = shop
    scene = build_scene(workspace.model, findings)
    orders_db = _node(scene, "orders_db")  # U008 error, D001 warning
    assert (orders_db.mark, orders_db.errors, orders_db.warnings) == ("error", 1, 1)
    mailer = next(e for e in scene.edges if (e.source, e.target) == ("mailer", "sendgrid"))
    assert mailer.mark == "error" and _node(scene, "mailer").mark is None  # U001 is the call's
    web_api = next(e for e in scene.edges if (e.source, e.target) == ("web", "api"))
    assert (web_api.mark, web_api.warnings) == (None, 1)  # U003 timeout-inversion
    sessions = _node(scene, "sessions")  # R001 accepted; S009's group marks its member call
    assert (sessions.mark, sessions.warnings) == (None, 0)
    web_sessions = next(e for e in scene.edges if (e.source, e.target) == ("web", "sessions"))
    assert (web_sessions.mark, web_sessions.warnings) == (None, 1)
    assert any(f.accepted and f.element == "sessions" for f in findings)
    dot = to_dot(scene)
    assert "#ff7f0e" not in dot and dot.count("penwidth=2.5") == 1  # one red component
    assert "⚠ 1" in dot
    mermaid = to_mermaid(scene)
    assert "class n_orders_db error" in mermaid and "⚠ 1" in mermaid


def test_no_findings_means_no_marks(shop):
    workspace, _ = shop
    scene = build_scene(workspace.model, ())
    assert all(n.mark is None and not n.warnings for n in scene.nodes)
    assert all(e.mark is None and not e.warnings for e in scene.edges)
    assert "penwidth=2.5" not in to_dot(scene) and " error\n" not in to_mermaid(scene)


def test_routers_and_outside_systems_have_shapes_of_their_own(shop):
    workspace, _ = shop
    scene = build_scene(workspace.model, ())
    roles = {n.id: n.role for n in scene.nodes}
    assert roles["edge"] == "router" and roles["customer"] == roles["stripe"] == "outside"
    assert roles["orders_db"] == "store" and roles["api"] == "component"
    dot = to_dot(scene)
    assert re.search(r'\t"edge" \[label=<.*shape=hexagon', dot)
    assert re.search(
        r"\bstripe \[label=<.*color=\"#777777\".*shape=box style=\"filled,dashed\"", dot
    )
    assert (
        "class n_crm,n_customer,n_sendgrid,n_shipbob,n_stripe,n_support_agent outside"
        in to_mermaid(scene)
    )


def test_flow_keeps_its_steps_numbered_and_the_dead_letter_queue(shop):
    workspace, findings = shop
    scene = build_scene(workspace.model, findings, flow="payment_confirmed")
    assert [n.id for n in scene.nodes] == sorted(
        ["stripe", "webhooks", "order_events", "order_events_dlq", "fulfilment", "shipbob"]
    )
    steps = {(e.source, e.target): e.steps for e in scene.edges}
    assert steps == {
        ("stripe", "webhooks"): (1,),
        ("webhooks", "order_events"): (2,),
        ("order_events", "fulfilment"): (3,),
        ("order_events", "order_events_dlq"): (),
        ("fulfilment", "shipbob"): (4,),
    }
    assert {c.id for c in scene.clusters} == {"dmz", "private", "orders_domain"}
    assert not next(e for e in scene.edges if e.target == "order_events").synchronous
    assert scene.title == "Online shop: Payment confirmed, order shipped"


def test_flow_draws_the_rest_of_its_call_tree_unnumbered(shop):
    workspace, _ = shop
    tree = ["web->sessions"]  # checkout names web's call to api only
    scene = build_scene(workspace.model, (), flow="checkout", tree=tree)
    extra = next(e for e in scene.edges if e.id == "web->sessions")
    assert extra.steps == () and "sessions" in {n.id for n in scene.nodes}
    assert 'color="#8c8c8c"' in to_dot(scene)  # reached by expansion: grey


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
    # node labels are HTML labels of escaped text; edge labels plain, backslashes doubled
    assert (
        "<TD>API &quot; &#93; } --&gt; &lt;b&gt;bold&lt;/b&gt; \\N #35; `x` &amp; \\l</TD>" in dot
    )
    assert "<TD>DB\\</TD>" in dot
    assert "<b>" not in dot  # edge labels keep `<i>` as plain text (a quoted DOT string)
    assert r'label="reads \" | --> <i>\n(postgres)"' in dot  # wrapped: short edges


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
    assert {n["id"] for n in data["nodes"]} == {
        "customer",
        "edge",
        "web",
        "api",
        "stripe",
        "orders_db",
        "secrets",
        "order_events",
        "order_events_dlq",  # order_events' dead letters: drawn with the queue that names it
        "email_jobs",
    }
    edge = next(e for e in data["edges"] if e["source"] == "web")
    assert edge["target"] == "api" and edge["synchronous"] and edge["steps"] == [3]
    assert edge["mark"] is None and edge["warnings"] == 1
    assert "U003 timeout-inversion" in edge["findings"]
    assert {c["id"] for c in data["clusters"]} == {
        "internet",
        "dmz",
        "private",
        "orders_domain",
        "platform",
    }
    severities = {f.severity for f in findings}
    assert Severity.ERROR in severities


def test_public_render_api_returns_bytes_with_findings_marked():
    import archdsl

    workspace = archdsl.loads("service api\nservice web { replicas = 2 }\nweb -> api\n")
    marked = archdsl.render(workspace, format="dot").decode()
    plain = archdsl.render(workspace, format="dot", findings=()).decode()
    assert "api" in marked and marked != plain


V2 = """
boundary app "App" {
  trust = high
  service api { replicas = 2  zones = 2  runs_on = vm1 }
  worker jobs { replicas = 2  zones = 2  runs_on = vm1 }
  service prom "Prometheus" { replicas = 2  zones = 2 }
  api -> jobs { timeout = 1s }
  prom -> api { purpose = monitoring  timeout = 1s }
}
"""


def test_failure_units_are_dotted_groups_named_by_their_word():
    import archdsl

    scene = build_scene(archdsl.loads(V2, "v2.arch").model)
    assert [(u.id, u.cluster, u.members) for u in scene.units] == [("vm1", "app", ("api", "jobs"))]
    assert [n.id for n in scene.nodes_in("app")] == ["prom"]  # the members are in the unit
    dot = to_dot(scene)
    assert "subgraph cluster_unit_vm1 {" in dot and 'label="runs on vm1"' in dot
    assert 'style="dotted,rounded"' in dot
    mermaid = to_mermaid(scene)
    assert 'subgraph u_vm1["runs on vm1"]' in mermaid
    assert "style u_vm1 fill:none,stroke:#333333,stroke-dasharray:2 3" in mermaid


def test_out_of_band_relations_are_grey_dashed_and_do_not_pull_the_layout():
    import archdsl

    scene = build_scene(archdsl.loads(V2, "v2.arch").model)
    scrape = next(e for e in scene.edges if e.source == "prom")
    assert scrape.out_of_band and scrape.purpose == "monitoring"
    dot = to_dot(scene)
    assert re.search(
        r'prom -> api \[label=monitoring arrowhead=empty color="#9a9a9a" constraint=false'
        r".*style=dashed\]",
        dot,
    )
    mermaid = to_mermaid(scene)
    assert '  n_prom -.-|"monitoring"| n_api' in mermaid
    assert "linkStyle 1 stroke:#9a9a9a,stroke-dasharray:5 4" in mermaid


def test_boundary_diagram_shows_what_its_relations_cross_to_as_context(shop):
    workspace, findings = shop
    scene = build_scene(workspace.model, findings, boundary="dmz", neighbours=3)
    context = [n for n in scene.nodes if n.context]
    assert len(context) == 3 and all(n.cluster is None and n.mark is None for n in context)
    inside = {"edge", "web", "sessions", "webhooks"}
    assert inside <= {n.id for n in scene.nodes}
    for edge in scene.edges:  # every edge has an end inside the boundary
        assert edge.source in inside or edge.target in inside
    assert {c.id for c in scene.clusters} == {"dmz"}
    assert 'color="#9a9a9a" fillcolor="#ffffff"' in to_dot(scene)
    assert build_scene(workspace.model, findings, boundary="dmz").nodes == tuple(
        n for n in scene.nodes if not n.context
    )


TREE = """
actor user
load_balancer lb { replicas = 2  zones = 2 }
service api { replicas = 2  zones = 2 }
service api2 { replicas = 2  zones = 2 }
database db { replicas = 2  zones = 2  failover = automatic  backup = daily }
user -> api
api -> db { timeout = 1s }
user -> lb
lb -> api { timeout = 1s }
lb -> api2 { timeout = 1s }
flow f { steps = user -> api  peak = 10rps }
flow g { steps = user -> lb }
"""


def test_flow_drawing_takes_the_call_tree_from_the_dependency_model():
    import archdsl

    workspace = archdsl.loads(TREE, "tree.arch")
    dot = archdsl.render(workspace, format="dot", findings=(), flow="f").decode()
    assert "user -> api [label=1 arrowhead=normal" in dot  # the named step, numbered
    assert re.search(r'api -> db \[arrowhead=normal color="#8c8c8c"', dot)  # expanded: grey
    sequence = archdsl.render(workspace, format="mermaid", findings=(), flow="f").decode()
    assert "n_api->>n_db: (not named by the flow)" in sequence
    routed = archdsl.render(workspace, format="dot", findings=(), flow="g").decode()
    assert "lb -> api" not in routed  # several routes out of a router: not followed
