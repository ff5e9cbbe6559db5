"""A scene as JSON: `{"version": 1, "title", "flow", "boundary", "clusters", "nodes", "edges"}`,
for tools that lay the diagram out themselves."""

from __future__ import annotations

import json
from dataclasses import asdict

from archdsl.diagram.scene import Scene

JSON_VERSION = 1


def scene_data(scene: Scene) -> dict:
    """The scene as plain data (lists in the scene's sorted order)."""
    return {
        "version": JSON_VERSION,
        "title": scene.title,
        "flow": scene.flow,
        "boundary": scene.boundary,
        "clusters": [asdict(c) for c in scene.clusters],
        "nodes": [{**asdict(n), "findings": list(n.findings)} for n in scene.nodes],
        "edges": [
            {**asdict(e), "steps": list(e.steps), "findings": list(e.findings)} for e in scene.edges
        ],
    }


def to_json(scene: Scene) -> str:
    """The scene as indented JSON text with a final newline."""
    return json.dumps(scene_data(scene), indent=2, ensure_ascii=False) + "\n"
