"""Issue 10, medium: render and report were quadratic in the number of boundaries.

Each cluster asked the scene for its children by scanning every cluster and node, and the
review page indexed every finding again, and drew one diagram (one `dot` run), for each of
thousands of top-level boundaries. The scene is indexed now, findings are indexed once, and the
page draws at most BOUNDARY_DIAGRAMS boundaries on their own.
"""

from __future__ import annotations

import time
from pathlib import Path

import archdsl
from archdsl.diagram import scene as scene_module
from archdsl.diagram.scene import Scene, SceneCluster, SceneNode, build_scene
from archdsl.review import diagram as review_diagram
from archdsl.review.diagram import BOUNDARY_DIAGRAMS, overview


def flat_boundaries(count: int) -> str:
    return "".join(
        f'boundary b{i} {{\n  service s{i} {{ owner = "t" }}\n}}\n' for i in range(count)
    )


def test_scene_lookups_do_not_scan_the_scene():
    count = 10_000
    clusters = tuple(SceneCluster(f"b{i}", f"b{i}", None, None) for i in range(count))
    nodes = tuple(
        SceneNode(
            **{
                **{f: None for f in SceneNode.__dataclass_fields__},
                "id": f"s{i}",
                "cluster": f"b{i}",
                "unit": None,
            }
        )
        for i in range(count)
    )
    scene = Scene("t", nodes, (), clusters)
    start = time.process_time()
    found = sum(len(scene.nodes_in(c.id)) + len(scene.child_clusters(c.id)) for c in clusters)
    assert found == count
    assert len(scene.child_clusters(None)) == count
    assert time.process_time() - start < 2  # scanning: 2 * 10^8 comparisons


def test_render_of_thousands_of_boundaries_is_linear():
    workspace = archdsl.loads(flat_boundaries(2000))
    start = time.process_time()
    dot = archdsl.render(workspace, format="dot")
    assert time.process_time() - start < 20
    assert dot.count(b"subgraph") == 2000


def test_review_draws_a_bounded_number_of_boundary_diagrams(monkeypatch):
    workspace = archdsl.loads(flat_boundaries(BOUNDARY_DIAGRAMS + 60))
    indexed = []
    real_index = scene_module._finding_index
    monkeypatch.setattr(
        scene_module, "_finding_index", lambda f: indexed.append(1) or real_index(f)
    )
    drawn = []

    def fake_svg(dot_source):
        drawn.append(dot_source)
        return b'<svg width="10pt" height="10pt" viewBox="0 0 10 10"></svg>'

    monkeypatch.setattr(review_diagram, "FULL_LIMIT", 0)
    view = overview(workspace.model, archdsl.check(workspace), svg_renderer=fake_svg)
    assert len(view.boundaries) == BOUNDARY_DIAGRAMS
    assert len(view.undrawn_boundaries) == 60
    assert len(drawn) <= BOUNDARY_DIAGRAMS + 2  # the map and the boundaries, not 100 drawings
    assert len(indexed) <= 3  # findings indexed once for all boundaries, not once each


def test_the_page_says_which_boundaries_are_not_drawn(cli, write, monkeypatch):
    monkeypatch.setattr(review_diagram, "BOUNDARY_DIAGRAMS", 2)
    write("m.arch", flat_boundaries(BOUNDARY_DIAGRAMS + 7))
    cli("report", "m.arch", "-o", "r.html")
    page = Path("r.html").read_text(encoding="utf-8")
    assert f"{BOUNDARY_DIAGRAMS + 5} more top-level boundaries are not drawn" in page


def test_build_scene_accepts_an_index():
    workspace = archdsl.loads(flat_boundaries(3))
    findings = archdsl.check(workspace)
    direct = build_scene(workspace.model, findings, boundary="b1")
    indexed = build_scene(workspace.model, scene_module.FindingIndex.of(findings), boundary="b1")
    assert direct == indexed
