"""Golden files: the DOT, Mermaid and JSON drawings of models/shop.arch, pinned.

Regenerate after an intended change with
`ARCHDSL_UPDATE_GOLDEN=1 python -m pytest tests/render/test_render_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archdsl.diagram import build_scene, to_dot, to_json, to_mermaid, to_mermaid_sequence
from archdsl.diagram.overview import boundary_map

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("shop.dot", to_dot, {}),
    ("shop.mmd", to_mermaid, {}),
    ("shop.json", to_json, {}),
    ("shop-checkout.dot", to_dot, {"flow": "checkout"}),
    ("shop-private.mmd", to_mermaid, {"boundary": "private"}),
    ("shop-checkout-sequence.mmd", to_mermaid_sequence, {"flow": "checkout"}),
]


@pytest.mark.parametrize("name, writer, filters", CASES, ids=[c[0] for c in CASES])
def test_drawing_matches_golden(shop, name, writer, filters):
    workspace, findings = shop
    text = writer(build_scene(workspace.model, findings, **filters))
    golden = GOLDEN / name
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {name}; run with ARCHDSL_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("writer", [to_dot, to_mermaid, to_json])
def test_drawing_is_deterministic(shop, writer):
    workspace, findings = shop
    first = writer(build_scene(workspace.model, findings))
    again = writer(build_scene(workspace.model, list(reversed(findings))))
    assert first == again


def test_boundary_map_matches_golden(shop):
    workspace, findings = shop
    text = to_dot(boundary_map(workspace.model, findings), "TB")
    golden = GOLDEN / "shop-map.dot"
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
