"""The drawings of a review page: each flow's call tree, and an overview that stays readable.

Inline SVG is the part of Graphviz's output from `<svg` on (no XML declaration, DOCTYPE or
comments, which do not belong inside HTML), with its size set so that one unit of the drawing is
one CSS pixel (the smallest text, 10pt in DOT, is then 10 px) and its ids prefixed per drawing
(several drawings share a page). It is used only when it parses as XML: anything else falls back
to the Mermaid source, so a surprise from a renderer can never break the page.

Layouts: left to right first, top to bottom when that is narrower and left to right does not fit
the page (a boundary's own diagram is laid out left to right only: it opens in the viewer); the overview is the whole diagram when it fits the page at 90% or more (text no smaller
than 9 px), else a map of the boundaries with each boundary's own diagram. Drawings are made in
parallel threads when the system `dot` draws them (each is its own process).
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from archdsl.diagram import RenderFailed, RenderUnavailable, Scene, build_scene, to_dot, to_mermaid
from archdsl.diagram.engine import to_svg
from archdsl.diagram.overview import boundary_map, strongest
from archdsl.diagram.scene import FindingIndex
from archdsl.review.content import Diagram, Overview

PAGE_WIDTH = 1280  # CSS pixels a diagram gets on the page at a 1,400-pixel window
MIN_ZOOM = 0.91  # the initial zoom never goes below this (10 px text stays above 9 px)
TREE_LIMIT = 40  # relations of a flow's call tree drawn, named ones first, then nearest first
NEIGHBOURS = 10  # elements outside a boundary drawn as context in its diagram
BOUNDARY_DIAGRAMS = 40  # top-level boundaries drawn on their own; `archdsl render --boundary`
# draws any other (16,000 boundaries meant 16,000 drawings, each a `dot` run)
FULL_LIMIT = 40  # above this many elements the whole diagram is not drawn at all: it cannot
# read at page width, and Graphviz needs minutes for a few hundred clustered nodes
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_ID = re.compile(r'\bid="')
_HREF = re.compile(r'(xlink:href|href)="#')

SvgRenderer = Callable[[str], bytes]


def inline_svg(svg: bytes, prefix: str = "") -> tuple[str, float, float] | None:
    """(markup, width, height) of a Graphviz SVG document made fit for inlining, or None when it
    is not well-formed."""
    text = svg.decode("utf-8", "replace")
    start = text.find("<svg")
    if start < 0:
        return None
    markup = _COMMENT.sub("", text[start:]).strip()
    width = height = 0.0
    size = _SIZE.match(markup)
    if size:
        width, height = float(size[1]), float(size[2])
        markup = f'<svg width="{size[1]}" height="{size[2]}"' + markup[size.end() :]
    if prefix:
        markup = _ID.sub(f'id="{prefix}', markup)
    try:
        ElementTree.fromstring(markup)
    except ElementTree.ParseError:
        return None
    return markup, width, height


def draw(
    scene: Scene,
    prefix: str = "",
    directions: tuple[str, ...] = ("LR", "TB"),
    svg_renderer: SvgRenderer = to_svg,
    fit: float = PAGE_WIDTH,
) -> Diagram:
    """The scene drawn in the first direction whose width fits `fit`, else the narrowest."""
    best: Diagram | None = None
    for direction in directions:
        try:
            drawn = inline_svg(svg_renderer(to_dot(scene, direction, title=False)), prefix)
        except (RenderUnavailable, RenderFailed) as error:
            return Diagram(
                "mermaid",
                to_mermaid(scene),
                f"Not drawn here ({error}); the Mermaid source follows.",
            )
        if drawn is None:
            return Diagram(
                "mermaid",
                to_mermaid(scene),
                "Graphviz produced no usable SVG; the Mermaid source follows.",
            )
        diagram = Diagram("svg", drawn[0], width=drawn[1], height=drawn[2])
        if best is None or diagram.width < best.width:
            best = diagram
        if diagram.width <= fit:
            return diagram
    assert best is not None
    return best


def _runner(svg_renderer: SvgRenderer):
    """A map function: parallel threads when each drawing is its own `dot` process."""
    if svg_renderer is to_svg and shutil.which("dot"):
        pool = ThreadPoolExecutor(max_workers=4)
        return pool, pool.map
    return None, map


def flow_diagrams(model, findings, trees=None, svg_renderer: SvgRenderer = to_svg) -> dict:
    """Flow id -> the drawing of its call tree (`trees`: flow id -> relation ids, the named ones
    first, then the rest breadth first; past TREE_LIMIT relations the rest is not drawn)."""
    index = FindingIndex.of(findings)
    scenes = [
        (ident, build_scene(model, index, flow=ident, tree=drawn_tree(model, ident, trees)))
        for ident in model.flows
    ]
    pool, run = _runner(svg_renderer)
    try:
        drawn = list(
            run(lambda item: draw(item[1], f"flow-{item[0]}-", svg_renderer=svg_renderer), scenes)
        )
    finally:
        if pool:
            pool.shutdown()
    return {ident: diagram for (ident, _), diagram in zip(scenes, drawn, strict=True)}


def drawn_tree(model, flow: str, trees) -> tuple[str, ...] | None:
    """The relations of a flow's call tree that are drawn: all it names, then the expanded ones
    up to TREE_LIMIT in all."""
    tree = (trees or {}).get(flow)
    if tree is None:
        return None
    named = set(model.flows[flow].relations)
    room = max(TREE_LIMIT - len(named), 0)
    return tuple(r for r in tree if r in named) + tuple(r for r in tree if r not in named)[:room]


def overview(model, findings, svg_renderer: SvgRenderer = to_svg) -> Overview:
    """The whole diagram when it reads at page width, else the map of boundaries and each
    top-level boundary's own diagram (the whole one too, to open full size, up to FULL_LIMIT)."""
    full = None
    if len(model.elements) <= FULL_LIMIT:
        full = draw(build_scene(model, findings), "full-", ("TB", "LR"), svg_renderer)
        readable = full.kind != "svg" or full.width * MIN_ZOOM <= PAGE_WIDTH
        if readable or not model.boundaries:
            return Overview(full=full)
    whole_map = boundary_map(model, findings)
    drawn_map, hidden = strongest(whole_map, 2 * len(whole_map.nodes))
    every_top = [b for b in model.boundaries.values() if b.parent is None]
    tops = every_top[:BOUNDARY_DIAGRAMS]
    index = FindingIndex.of(findings)
    jobs = [(drawn_map, "map-", ("TB", "LR"))] + [
        (
            build_scene(model, index, boundary=b.id, neighbours=NEIGHBOURS),
            f"boundary-{b.id}-",
            ("LR",),  # opened in the viewer, which pans: one layout, no second try
        )
        for b in tops
    ]
    pool, run = _runner(svg_renderer)
    try:
        drawn = list(run(lambda job: draw(job[0], job[1], job[2], svg_renderer), jobs))
    finally:
        if pool:
            pool.shutdown()
    connections = tuple((e.source, e.target, e.count) for e in whole_map.edges) if hidden else ()
    return Overview(
        full=full,
        map=drawn[0],
        boundaries=tuple((b.id, b.label or b.id, d) for b, d in zip(tops, drawn[1:], strict=True)),
        hidden_edges=hidden,
        connections=connections,
        undrawn_boundaries=tuple(b.id for b in every_top[BOUNDARY_DIAGRAMS:]),
    )
