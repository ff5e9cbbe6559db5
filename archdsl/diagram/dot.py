"""A scene as Graphviz DOT, built with the `graphviz` package.

Boundaries are nested `cluster_<id>` subgraphs, each component has the shape of its kind
(a cylinder for the stores), synchronous relations are solid arrows and asynchronous ones dashed,
and findings colour the outline: red for errors, orange for warnings. Every label goes through
`_text`, so a `\\N` or `<b>` in a model label is drawn as written, never interpreted.
"""

from __future__ import annotations

import graphviz

from archdsl.diagram.scene import (
    ERROR_MARK,
    WARNING_MARK,
    Scene,
    SceneCluster,
    SceneEdge,
    SceneNode,
)

MARK_COLOURS = {ERROR_MARK: "#d62728", WARNING_MARK: "#ff7f0e"}

# kind -> (shape, extra style); stores share the cylinder so a reader spots state at a glance.
SHAPES: dict[str, tuple[str, str]] = {
    "actor": ("ellipse", ""),
    "frontend": ("box", "rounded"),
    "gateway": ("hexagon", ""),
    "load_balancer": ("invtrapezium", ""),
    "cdn": ("octagon", ""),
    "service": ("box", "rounded"),
    "function": ("component", ""),
    "worker": ("box3d", ""),
    "database": ("cylinder", ""),
    "cache": ("cylinder", "dashed"),
    "queue": ("cds", ""),
    "storage": ("folder", ""),
    "search": ("cylinder", ""),
    "vault": ("doubleoctagon", ""),
    "external": ("box", "dashed"),
}
STATEFUL_FILL = "#e8f0fb"
PLAIN_FILL = "#ffffff"
TRUST_FILL = {"untrusted": "#fdecea", "low": "#fff6e0", "medium": "#f2f7ee", "high": "#eef6ee"}


def _text(*lines: str | None) -> str:
    """A DOT label of literal lines: backslashes doubled, `<...>` not taken for HTML."""
    parts: list[str] = []
    for line in lines:
        if line:
            parts.extend(part.replace("\\", "\\\\") for part in line.splitlines() or [""])
    return graphviz.nohtml("\\n".join(parts))


def _node_attrs(node: SceneNode) -> dict[str, str]:
    shape, extra = SHAPES.get(node.kind, ("box", ""))
    subtitle = node.kind + (f" ({node.tech})" if node.tech else "")
    attrs = {
        "label": _text(node.label, subtitle),
        "shape": shape,
        "style": ",".join(s for s in ("filled", extra) if s),
        "fillcolor": STATEFUL_FILL if node.stateful else PLAIN_FILL,
        "id": f"node_{node.id}",
    }
    if node.mark:
        attrs.update(color=MARK_COLOURS[node.mark], penwidth="2.5")
    if node.findings:
        attrs["tooltip"] = _text("; ".join(node.findings))
    return attrs


def _edge_attrs(edge: SceneEdge) -> dict[str, str]:
    words = edge.label or ""
    if edge.protocol:
        words = f"{words} ({edge.protocol})" if words else edge.protocol
    if edge.steps:
        words = ", ".join(str(s) for s in edge.steps) + ". " + words
    attrs = {
        "style": "solid" if edge.synchronous else "dashed",
        "arrowhead": "normal" if edge.synchronous else "vee",
    }
    if words:
        attrs["label"] = _text(words)
    if edge.mark:
        attrs.update(color=MARK_COLOURS[edge.mark], fontcolor=MARK_COLOURS[edge.mark], penwidth="2")
    if edge.findings:
        attrs["tooltip"] = _text("; ".join(edge.findings))
    return attrs


def _cluster_attrs(cluster: SceneCluster) -> dict[str, str]:
    title = cluster.label + (f" (trust: {cluster.trust})" if cluster.trust else "")
    return {
        "label": _text(title),
        "style": "rounded,filled",
        "color": "#7f7f7f",
        "fillcolor": TRUST_FILL.get(cluster.trust or "", "#fafafa"),
        "id": f"boundary_{cluster.id}",
    }


def _fill(graph: graphviz.Digraph, scene: Scene, cluster: str | None) -> None:
    for child in scene.child_clusters(cluster):
        with graph.subgraph(name=f"cluster_{child.id}") as sub:
            sub.attr(**_cluster_attrs(child))
            _fill(sub, scene, child.id)
    for node in scene.nodes_in(cluster):
        graph.node(node.id, **_node_attrs(node))


def to_dot(scene: Scene) -> str:
    """The DOT source of a scene (deterministic: the scene is sorted, no ids are invented)."""
    graph = graphviz.Digraph(
        name="architecture",
        graph_attr={
            "rankdir": "LR",
            "label": _text(scene.title),
            "labelloc": "t",
            "fontname": "Helvetica",
            "fontsize": "16",
            "compound": "true",
            "nodesep": "0.4",
            "ranksep": "0.8",
        },
        node_attr={"fontname": "Helvetica", "fontsize": "11", "margin": "0.15,0.08"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#444444"},
    )
    _fill(graph, scene, None)
    for edge in scene.edges:
        graph.edge(edge.source, edge.target, **_edge_attrs(edge))
    return graph.source
