"""A scene as Mermaid: a flowchart of the whole scene, or a sequence diagram of one flow.

Flowchart: boundaries are nested subgraphs and failure units dotted subgraphs named `runs on
<word>`; stores are cylinders, routers hexagons, outside systems grey with a dashed outline;
`-->` is a synchronous call and `-.->` an asynchronous message; out-of-band relations and the
edge to a dead-letter queue are grey `-.-` lines labelled with their purpose. Only errors are red
(the `error` class); warnings are counted in the label (`⚠ 2`).

Sequence (`--format mermaid --flow ID`): the flow's calls in call order (a depth-first walk from
its first step, named steps before calls reached by expansion), `->>` for a synchronous call and
`-)` for an asynchronous one, numbered, with a note on each call or component that has an error.

Mermaid ids are derived from the model's ids (`n_orders_db`, `b_dmz`): the prefix keeps words
such as `end` or `graph` from being read as keywords, and `-` (legal in archdsl ids) becomes `_`
with a numeric suffix should two names then collide. Labels are quoted and every character that
Mermaid or HTML would interpret is written as an entity code.
"""

from __future__ import annotations

import re

from archdsl.diagram.dot import ERROR_COLOUR, OUT_OF_BAND_COLOUR, edge_words
from archdsl.diagram.scene import Scene, SceneEdge, SceneNode
from archdsl.model.kinds import KIND_TRAITS, ElementKind

# kind -> (opening, closing) of the node shape, from the kinds' traits table
SHAPES: dict[str, tuple[str, str]] = {
    kind.value: row.mermaid_shape for kind, row in KIND_TRAITS.items()
}
CLASS_DEFS = (
    f"classDef error stroke:{ERROR_COLOUR},stroke-width:3px",
    "classDef outside fill:#eeeeee,stroke:#777777,stroke-dasharray:4 3",
)
_ENTITIES = {
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
    "|": "#124;",
    "`": "#96;",
    "\\": "#92;",
    "{": "#123;",
    "}": "#125;",
    "[": "#91;",
    "]": "#93;",
    ";": "#59;",
}
_UNSAFE = re.compile(r'[&"<>#|`\\{}\[\];]')


def _escape(line: str) -> str:
    return _UNSAFE.sub(lambda m: _ENTITIES[m.group()], line)


def mermaid_text(*lines: str | None) -> str:
    """Literal lines as one quoted Mermaid label, joined by `<br/>`."""
    parts: list[str] = []
    for line in lines:
        if line:
            parts.extend(_escape(part) for part in line.splitlines())
    return '"' + "<br/>".join(parts) + '"'


def _ids(names: list[str], prefix: str) -> dict[str, str]:
    taken: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        base = prefix + re.sub(r"[^A-Za-z0-9_]", "_", name)
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        taken[name] = candidate
    return taken


def _node_line(node: SceneNode, ident: str) -> str:
    opening, closing = SHAPES.get(node.kind, ("[", "]"))
    subtitle = node.kind.replace("_", " ") + (f" ({node.tech})" if node.tech else "")
    badge = f"⚠ {node.warnings}" if node.warnings else None
    return f"{ident}{opening}{mermaid_text(node.label, subtitle, badge)}{closing}"


def _edge_line(edge: SceneEdge, ids: dict[str, str]) -> str:
    words = edge_words(edge)
    if edge.warnings:
        words = f"{words} ⚠ {edge.warnings}".strip()
    arrow = "-.-" if edge.out_of_band else ("-->" if edge.synchronous else "-.->")
    label = f"|{mermaid_text(words)}|" if words else ""
    return f"  {ids[edge.source]} {arrow}{label} {ids[edge.target]}"


def to_mermaid(scene: Scene) -> str:
    """The Mermaid flowchart of a scene (deterministic: sorted, ids derived from names)."""
    node_ids = _ids([n.id for n in scene.nodes], "n_")
    cluster_ids = _ids([c.id for c in scene.clusters], "b_")
    unit_ids = _ids([u.id for u in scene.units], "u_")
    lines = ["flowchart LR"]

    def emit(cluster: str | None, depth: int) -> None:
        pad = "  " * depth
        for child in scene.child_clusters(cluster):
            title = child.label + (f" (trust: {child.trust})" if child.trust else "")
            lines.append(f"{pad}subgraph {cluster_ids[child.id]}[{mermaid_text(title)}]")
            emit(child.id, depth + 1)
            lines.append(f"{pad}end")
        for unit in scene.units_in(cluster):
            lines.append(f"{pad}subgraph {unit_ids[unit.id]}[{mermaid_text('runs on ' + unit.id)}]")
            lines.extend(f"{pad}  {_node_line(n, node_ids[n.id])}" for n in scene.members(unit))
            lines.append(f"{pad}end")
        for node in scene.nodes_in(cluster):
            lines.append(f"{pad}{_node_line(node, node_ids[node.id])}")

    emit(None, 1)
    lines.extend(_edge_line(edge, node_ids) for edge in scene.edges)
    for index, edge in enumerate(scene.edges):
        if edge.mark:
            lines.append(f"  linkStyle {index} stroke:{ERROR_COLOUR},stroke-width:2px")
        elif edge.out_of_band:
            lines.append(f"  linkStyle {index} stroke:{OUT_OF_BAND_COLOUR},stroke-dasharray:5 4")
    lines.extend(
        f"  style {unit_ids[u.id]} fill:none,stroke:#333333,stroke-dasharray:2 3"
        for u in scene.units
    )
    classes = {
        "error": [node_ids[n.id] for n in scene.nodes if n.mark],
        "outside": [node_ids[n.id] for n in scene.nodes if n.role == "outside" and not n.mark],
    }
    if any(classes.values()):
        lines.extend("  " + d for d in CLASS_DEFS)
        lines.extend(f"  class {','.join(ids)} {name}" for name, ids in classes.items() if ids)
    return "\n".join(lines) + "\n"


def call_order(scene: Scene) -> list[SceneEdge]:
    """The flow's request edges in call order: depth first from the first step's source, each
    element's named steps (by step) before the calls reached by expansion (by id); edges the walk
    does not reach follow in step order."""
    calls = [e for e in scene.edges if not e.out_of_band]
    outgoing: dict[str, list[SceneEdge]] = {}
    for edge in sorted(calls, key=lambda e: (min(e.steps) if e.steps else 1 << 30, e.id)):
        outgoing.setdefault(edge.source, []).append(edge)
    numbered = sorted((e for e in calls if e.steps), key=lambda e: min(e.steps))
    order: list[SceneEdge] = []
    seen: set[str] = set()

    def walk(element: str) -> None:
        for edge in outgoing.get(element, []):
            if edge.id not in seen:
                seen.add(edge.id)
                order.append(edge)
                walk(edge.target)

    starts = [numbered[0].source] if numbered else [e.source for e in calls[:1]]
    for start in starts + [e.source for e in numbered]:
        walk(start)
    order.extend(e for e in calls if e.id not in seen)
    return order


def _sequence_text(text: str) -> str:
    return " ".join(_escape(part) for part in text.splitlines()) or " "


def to_mermaid_sequence(scene: Scene) -> str:
    """The Mermaid sequence diagram of a flow scene (`build_scene(..., flow=ID)`)."""
    nodes = {n.id: n for n in scene.nodes}
    ids = _ids(list(nodes), "n_")
    order = call_order(scene)
    lines = ["sequenceDiagram", "  autonumber"]
    if scene.flow:
        lines.insert(1, f"  title {_sequence_text(scene.title)}")
    appear = list(dict.fromkeys(i for e in order for i in (e.source, e.target)))
    for ident in appear:
        node = nodes[ident]
        keyword = "actor" if node.kind == ElementKind.ACTOR else "participant"
        alias = f"{node.label} ({node.kind.replace('_', ' ')})"
        lines.append(f"  {keyword} {ids[ident]} as {_sequence_text(alias)}")
    noted: set[str] = set()
    for edge in order:
        arrow = "->>" if edge.synchronous else "-)"
        words = edge.label or ""
        if edge.protocol:
            words = f"{words} ({edge.protocol})" if words else edge.protocol
        if not edge.steps:
            words = f"{words} (not named by the flow)".strip()
        lines.append(f"  {ids[edge.source]}{arrow}{ids[edge.target]}: {_sequence_text(words)}")
        if edge.mark:
            errors = "; ".join(edge.findings)
            lines.append(
                f"  Note over {ids[edge.source]},{ids[edge.target]}: error: {_sequence_text(errors)}"
            )
        target = nodes[edge.target]
        if target.mark and target.id not in noted:
            noted.add(target.id)
            lines.append(
                f"  Note right of {ids[target.id]}: error: {_sequence_text('; '.join(target.findings))}"
            )
    return "\n".join(lines) + "\n"
