"""Diagrams of a model: `scene` decides what is drawn, `dot`, `mermaid` and `jsonscene` write it
down, `engine` turns DOT into SVG or PNG.

    svg = archdsl.render(workspace, format="svg")   # findings marked; see archdsl/__init__.py
"""

from __future__ import annotations

from collections.abc import Iterable

from archdsl.diagram.dot import to_dot
from archdsl.diagram.engine import RenderFailed, RenderUnavailable, to_png, to_svg
from archdsl.diagram.jsonscene import to_json
from archdsl.diagram.mermaid import to_mermaid, to_mermaid_sequence
from archdsl.diagram.scene import Scene, SceneError, build_scene
from archdsl.findings import Finding

FORMATS = ("svg", "png", "dot", "mermaid", "json")
BINARY_FORMATS = frozenset({"png"})

__all__ = [
    "FORMATS",
    "BINARY_FORMATS",
    "RenderFailed",
    "RenderUnavailable",
    "Scene",
    "SceneError",
    "build_scene",
    "call_trees",
    "draw",
    "render",
    "to_dot",
    "to_json",
    "to_mermaid",
    "to_mermaid_sequence",
]


def draw(scene: Scene, format: str) -> bytes:
    """A scene in one of FORMATS, as bytes (text formats UTF-8 encoded)."""
    if format == "png":
        return to_png(to_dot(scene))
    if format == "svg":
        return to_svg(to_dot(scene))
    mermaid = to_mermaid_sequence if scene.flow is not None else to_mermaid
    writers = {"dot": to_dot, "mermaid": mermaid, "json": to_json}
    if format not in writers:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    return writers[format](scene).encode("utf-8")


def call_trees(workspace) -> dict[str, tuple[str, ...]]:
    """Flow id -> the relation ids of its call tree, from the workspace's shared dependency
    model (named steps first, then the calls expansion adds, breadth first)."""
    from archdsl.analysis.dependency_model import dependencies_of

    return {t.flow: tuple(r.id for r in t.relations) for t in dependencies_of(workspace).trees()}


def render(
    workspace,
    format: str = "svg",
    findings: Iterable[Finding] = (),
    flow: str | None = None,
    boundary: str | None = None,
) -> bytes:
    """The diagram of a workspace's model in `format`, marked with `findings`; a `flow` is drawn
    with its whole call tree."""
    tree = call_trees(workspace).get(flow) if flow is not None else None
    return draw(
        build_scene(workspace.model, findings, flow=flow, boundary=boundary, tree=tree), format
    )
