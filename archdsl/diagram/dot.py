"""A scene as Graphviz DOT, built with the `graphviz` package.

Boundaries are nested `cluster_<id>` subgraphs and failure units dotted `cluster_unit_<word>`
groups inside them. Each component has the shape of its kind: stores are cylinders, routers
(load balancer, gateway, CDN) hexagons, outside systems (actors, externals) grey with a dashed
outline. Synchronous calls are solid arrows, asynchronous messages dashed with an open head;
out-of-band relations (monitoring, replication, backup) are grey, dashed, labelled with their
purpose and do not pull the layout; a dead-letter queue sits beside its queue.

Only errors are red (outline and line); warnings are a small orange count (`⚠ 2`); the legend of
the review page says so. Node labels are Graphviz HTML labels built from escaped text only; edge
labels go through `_text`, so a `\\N` or `<b>` in a model label is drawn as written.
"""

from __future__ import annotations

import re
import textwrap

import graphviz

from archdsl.diagram.scene import Scene, SceneCluster, SceneEdge, SceneNode, SceneUnit
from archdsl.model.kinds import KIND_TRAITS

ERROR_COLOUR = "#d62728"
WARNING_INK = "#a04e00"
OUT_OF_BAND_COLOUR = "#9a9a9a"
LINE_COLOUR = "#444444"
FONT = "Helvetica"
NODE_FONT_SIZE, SMALL_FONT_SIZE = "12", "10"  # nothing smaller than 10pt is drawn
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.:-]")  # relation ids carry labels: keep them out of ids
WRAP = 24  # edge labels wrap here, so long labels do not stretch the edges

# kind -> (shape, extra style), from the kinds' traits table (archdsl/model/kinds.py)
SHAPES: dict[str, tuple[str, str]] = {
    **{kind.value: (row.dot_shape, row.dot_style) for kind, row in KIND_TRAITS.items()},
    "boundary": ("box", "rounded"),
}
FILLS = {
    "store": "#e8f0fb",
    "router": "#f3ecfa",
    "outside": "#eeeeee",
    "component": "#ffffff",
    "boundary": "#f4f7fb",
}
TRUST_FILL = {"untrusted": "#fdecea", "low": "#fff6e0", "medium": "#f2f7ee", "high": "#eef6ee"}


def _text(*lines: str | None) -> str:
    """A DOT label of literal lines: backslashes doubled, `<...>` not taken for HTML, `&` as
    `&amp;` (Graphviz decodes entities such as `&#60;` in every label)."""
    parts: list[str] = []
    for line in lines:
        if line:
            parts.extend(
                part.replace("\\", "\\\\").replace("&", "&amp;")
                for part in line.splitlines() or [""]
            )
    return graphviz.nohtml("\\n".join(parts))


def html_text(text: str) -> str:
    """Text for a Graphviz HTML label: markup characters as entities, lines as `<BR/>`."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;").replace("]", "&#93;")
    return "<BR/>".join(escaped.splitlines() or [""])


def badge(count: int) -> str:
    """The warning count beside a title: `⚠ 2` in orange (text only: Graphviz stretches a
    coloured cell to the width of the widest row, which hides the count in a bar)."""
    return f'<FONT POINT-SIZE="{SMALL_FONT_SIZE}" COLOR="{WARNING_INK}"><B>⚠ {count}</B></FONT>'


def node_label(title: str, subtitle: str | None, warnings: int) -> str:
    """A node's HTML label: its title, a badge when it has warnings, its kind in small type."""
    head = html_text(title) + (f"  {badge(warnings)}" if warnings else "")
    rows = f"<TR><TD>{head}</TD></TR>"
    if subtitle:
        rows += (
            f'<TR><TD><FONT POINT-SIZE="{SMALL_FONT_SIZE}" COLOR="#555555">'
            f"{html_text(subtitle)}</FONT></TD></TR>"
        )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0">{rows}</TABLE>>'


def _node_attrs(node: SceneNode) -> dict[str, str]:
    shape, extra = SHAPES.get(node.kind, ("box", ""))
    subtitle = node.subtitle or node.kind.replace("_", " ") + (
        f" ({node.tech})" if node.tech else ""
    )
    attrs = {
        "label": node_label(node.label, subtitle, node.warnings),
        "shape": shape,
        "style": ",".join(s for s in ("filled", extra) if s),
        "fillcolor": FILLS.get(node.role, "#ffffff"),
        "id": f"node_{node.id}",
    }
    if node.role == "outside":
        attrs["color"] = "#777777"
    if node.link:
        attrs.update(href=node.link, target="_self")
    if node.context:
        attrs.update(color="#9a9a9a", fontcolor="#666666", fillcolor="#ffffff")
        words = dict.fromkeys(("filled", *extra.split(","), "dashed"))
        attrs["style"] = ",".join(w for w in words if w)
    if node.mark:
        attrs.update(color=ERROR_COLOUR, penwidth="2.5")
    if node.findings:
        attrs["tooltip"] = _text("; ".join(node.findings))
    return attrs


def edge_words(edge: SceneEdge) -> str:
    """What an edge says: flow steps, label, protocol, and its purpose when out of band."""
    words = edge.label or ""
    if edge.protocol:
        words = f"{words} ({edge.protocol})" if words else edge.protocol
    if edge.out_of_band:
        words = f"{edge.purpose}: {words}" if words else edge.purpose
    if edge.steps:
        words = ", ".join(str(s) for s in edge.steps) + (f". {words}" if words else "")
    return words


def _edge_label(edge: SceneEdge) -> str | None:
    words = textwrap.fill(edge_words(edge), WRAP, break_long_words=False)
    if edge.warnings:
        text = html_text(words) + "<BR/>" if words else ""
        return f"<{text}{badge(edge.warnings)}>"
    return _text(words) if words else None


def _edge_attrs(edge: SceneEdge, in_flow: bool) -> dict[str, str]:
    attrs = {
        "style": "solid" if edge.synchronous else "dashed",
        "arrowhead": "normal" if edge.synchronous else "vee",
        "id": "edge_" + _SAFE_ID.sub("_", edge.id),
    }
    label = _edge_label(edge)
    if label:
        attrs["label"] = label
    if edge.out_of_band:
        attrs.update(
            style="dotted" if edge.purpose == "dead letters" else "dashed",
            arrowhead="empty",
            color=OUT_OF_BAND_COLOUR,
            fontcolor="#666666",
            constraint="false" if edge.purpose != "dead letters" else "true",
        )
    elif in_flow and not edge.steps:
        attrs.update(color="#8c8c8c", fontcolor="#555555")  # reached by expansion
    if edge.count > 1:
        attrs["penwidth"] = f"{min(1 + edge.count / 10, 4):.1f}"
    if edge.mark:
        attrs.update(color=ERROR_COLOUR, fontcolor=ERROR_COLOUR, penwidth="2")
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


def _unit_attrs(unit: SceneUnit) -> dict[str, str]:
    return {
        "label": _text(f"runs on {unit.id}"),
        "style": "dotted,rounded",
        "color": "#333333",
        "penwidth": "1.6",
        "fontcolor": "#333333",
        "id": f"unit_{unit.id}",
    }


def _beside(graph: graphviz.Digraph, scene: Scene, nodes: tuple[SceneNode, ...]) -> None:
    """Each dead-letter queue on the same rank as its queue, when both are drawn here."""
    here = {n.id for n in nodes}
    for edge in scene.edges:
        if edge.purpose == "dead letters" and edge.source in here and edge.target in here:
            with graph.subgraph() as pair:
                pair.attr(rank="same")
                pair.node(edge.source)
                pair.node(edge.target)


def _fill(graph: graphviz.Digraph, scene: Scene, cluster: str | None) -> None:
    for child in scene.child_clusters(cluster):
        with graph.subgraph(name=f"cluster_{child.id}") as sub:
            sub.attr(**_cluster_attrs(child))
            _fill(sub, scene, child.id)
    for unit in scene.units_in(cluster):
        with graph.subgraph(name=f"cluster_unit_{unit.id}") as sub:
            sub.attr(**_unit_attrs(unit))
            members = scene.members(unit)
            for node in members:
                sub.node(node.id, **_node_attrs(node))
            _beside(sub, scene, members)
    nodes = scene.nodes_in(cluster)
    for node in nodes:
        graph.node(node.id, **_node_attrs(node))
    _beside(graph, scene, nodes)


def to_dot(scene: Scene, direction: str = "LR", title: bool = True) -> str:
    """The DOT source of a scene (deterministic: the scene is sorted, no ids are invented).
    `direction` is Graphviz's rankdir; `title` draws the scene's title above the diagram."""
    graph_attr = {
        "rankdir": direction,
        "fontname": FONT,
        "fontsize": NODE_FONT_SIZE,
        "compound": "true",
        "nodesep": "0.3",
        "ranksep": "0.5",
        "newrank": "true",
    }
    if title:
        graph_attr.update(label=_text(scene.title), labelloc="t", fontsize="16")
    graph = graphviz.Digraph(
        name="architecture",
        graph_attr=graph_attr,
        node_attr={"fontname": FONT, "fontsize": NODE_FONT_SIZE, "margin": "0.12,0.05"},
        edge_attr={"fontname": FONT, "fontsize": SMALL_FONT_SIZE, "color": LINE_COLOUR},
    )
    _fill(graph, scene, None)
    in_flow = scene.flow is not None
    for edge in scene.edges:
        graph.edge(edge.source, edge.target, **_edge_attrs(edge, in_flow))
    return graph.source
