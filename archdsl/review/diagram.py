"""The diagram of a review page: inline SVG when Graphviz can draw here, else the Mermaid source.

Inline SVG is the part of Graphviz's output from `<svg` on (no XML declaration or DOCTYPE, which
do not belong inside HTML), and only when it parses as XML: anything else falls back to the
source, so a surprise from a renderer can never break the page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from archdsl.diagram import RenderFailed, RenderUnavailable, Scene, to_dot, to_mermaid
from archdsl.diagram.engine import to_svg
from archdsl.review.content import Diagram


def inline_svg(svg: bytes) -> str | None:
    """The `<svg>` element of a Graphviz SVG document, or None when it is not well-formed."""
    text = svg.decode("utf-8", "replace")
    start = text.find("<svg")
    if start < 0:
        return None
    markup = text[start:].strip()
    try:
        ElementTree.fromstring(markup)
    except ElementTree.ParseError:
        return None
    return markup


def review_diagram(scene: Scene, svg_renderer=to_svg) -> Diagram:
    """The scene drawn for the page; `svg_renderer` turns DOT into SVG bytes."""
    try:
        markup = inline_svg(svg_renderer(to_dot(scene)))
    except (RenderUnavailable, RenderFailed) as error:
        return Diagram(
            "mermaid", to_mermaid(scene), f"Not drawn here ({error}); the Mermaid source follows."
        )
    if markup is None:
        return Diagram(
            "mermaid",
            to_mermaid(scene),
            "Graphviz produced no usable SVG; the Mermaid source follows.",
        )
    return Diagram("svg", markup)
