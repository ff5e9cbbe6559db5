"""A scene as a Mermaid flowchart: boundaries are nested subgraphs, stores are cylinders,
`-->` is a synchronous call and `-.->` an asynchronous message; findings become the `error` and
`warning` classes.

Mermaid ids are derived from the model's ids (`n_orders_db`, `b_dmz`): the prefix keeps words
such as `end` or `graph` from being read as keywords, and `-` (legal in archdsl ids) becomes `_`
with a numeric suffix should two names then collide. Labels are quoted and every character that
Mermaid or HTML would interpret is written as an entity code.
"""

from __future__ import annotations

import re

from archdsl.diagram.scene import ERROR_MARK, WARNING_MARK, Scene

# kind -> (opening, closing) of the node shape
SHAPES: dict[str, tuple[str, str]] = {
    "actor": ("((", "))"),
    "frontend": ("(", ")"),
    "gateway": ("{{", "}}"),
    "load_balancer": ("[/", "\\]"),
    "cdn": ("[/", "\\]"),
    "service": ("(", ")"),
    "function": ("([", "])"),
    "worker": ("[[", "]]"),
    "database": ("[(", ")]"),
    "cache": ("[(", ")]"),
    "queue": (">", "]"),
    "storage": ("[(", ")]"),
    "search": ("[(", ")]"),
    "vault": ("[(", ")]"),
    "external": ("[", "]"),
}
MARK_COLOURS = {ERROR_MARK: "#d62728", WARNING_MARK: "#ff7f0e"}
CLASS_DEFS = tuple(
    f"classDef {mark} stroke:{colour},stroke-width:3px" for mark, colour in MARK_COLOURS.items()
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
}
_UNSAFE = re.compile(r'[&"<>#|`\\{}\[\]]')


def mermaid_text(*lines: str | None) -> str:
    """Literal lines as one quoted Mermaid label, joined by `<br/>`."""
    parts: list[str] = []
    for line in lines:
        if line:
            parts.extend(
                _UNSAFE.sub(lambda m: _ENTITIES[m.group()], part) for part in line.splitlines()
            )
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


def to_mermaid(scene: Scene) -> str:
    """The Mermaid source of a scene (deterministic: sorted, ids derived from names)."""
    node_ids = _ids([n.id for n in scene.nodes], "n_")
    cluster_ids = _ids([c.id for c in scene.clusters], "b_")
    lines = ["flowchart LR"]

    def emit(cluster: str | None, depth: int) -> None:
        pad = "  " * depth
        for child in scene.child_clusters(cluster):
            title = child.label + (f" (trust: {child.trust})" if child.trust else "")
            lines.append(f"{pad}subgraph {cluster_ids[child.id]}[{mermaid_text(title)}]")
            emit(child.id, depth + 1)
            lines.append(f"{pad}end")
        for node in scene.nodes_in(cluster):
            opening, closing = SHAPES.get(node.kind, ("[", "]"))
            subtitle = node.kind + (f" ({node.tech})" if node.tech else "")
            lines.append(
                f"{pad}{node_ids[node.id]}{opening}{mermaid_text(node.label, subtitle)}{closing}"
            )

    emit(None, 1)
    for edge in scene.edges:
        words = edge.label or ""
        if edge.protocol:
            words = f"{words} ({edge.protocol})" if words else edge.protocol
        if edge.steps:
            words = ", ".join(str(s) for s in edge.steps) + ". " + words
        arrow = "-->" if edge.synchronous else "-.->"
        label = f"|{mermaid_text(words)}|" if words else ""
        lines.append(f"  {node_ids[edge.source]} {arrow}{label} {node_ids[edge.target]}")
    for index, edge in enumerate(scene.edges):
        if edge.mark:
            lines.append(f"  linkStyle {index} stroke:{MARK_COLOURS[edge.mark]},stroke-width:2px")
    marked = {
        mark: [node_ids[n.id] for n in scene.nodes if n.mark == mark]
        for mark in (ERROR_MARK, WARNING_MARK)
    }
    if any(marked.values()):
        lines.extend("  " + d for d in CLASS_DEFS)
        lines.extend(f"  class {','.join(ids)} {mark}" for mark, ids in marked.items() if ids)
    return "\n".join(lines) + "\n"
