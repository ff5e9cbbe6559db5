"""The map of a model's boundaries: one box per top-level boundary, edges aggregated with counts.

Above the size where the whole diagram still reads, the review page shows this map instead, and
each box opens that boundary's own diagram. A box says how many elements the boundary holds and
its worst open finding; it is red only when an error lies inside. Elements outside every
boundary (actors, externals) keep a box of their own while there are few of them
(`MAX_LOOSE`), else they share one box. An edge stands for every relation between two boxes and
is labelled with their count; it is drawn like its relations (solid when one of them is
synchronous, grey and dashed when all are out of band), red when one has an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from archdsl.diagram.scene import (
    ERROR_MARK,
    Scene,
    SceneEdge,
    SceneNode,
    purpose_of,
    role_of,
)
from archdsl.findings import Finding, Severity
from archdsl.model.schema import Model

MAX_LOOSE = 12
OUTSIDE = "outside every boundary"


def top_boundary(model: Model, element: str) -> str | None:
    """The outermost boundary around an element (None: in no boundary)."""
    boundary = model.elements[element].boundary
    seen: set[str] = set()
    while boundary is not None and boundary not in seen:
        seen.add(boundary)
        parent = model.boundaries[boundary].parent
        if parent is None:
            return boundary
        boundary = parent
    return boundary


def _groups(model: Model) -> dict[str, str]:
    """Element id -> the id of the box it is counted in."""
    loose = [i for i in model.elements if top_boundary(model, i) is None]
    group = {}
    for ident in model.elements:
        top = top_boundary(model, ident)
        if top is not None:
            group[ident] = top
        else:
            group[ident] = ident if len(loose) <= MAX_LOOSE else OUTSIDE
    return group


def _worst(findings: list[Finding]) -> Finding | None:
    open_ = [f for f in findings if not f.accepted and f.severity is not Severity.INFO]
    return max(open_, key=lambda f: (f.severity.rank, -len(f.code)), default=None)


def boundary_map(
    model: Model, findings: Iterable[Finding], link_prefix: str = "#boundary-"
) -> Scene:
    """The map scene of `model` (boxes sorted by id, edges by their ends)."""
    group = _groups(model)
    inside: dict[str, list[str]] = {}
    for ident, box in group.items():
        inside.setdefault(box, []).append(ident)
    on_box: dict[str, list[Finding]] = {}
    on_pair: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.accepted or finding.element not in group:
            continue
        on_box.setdefault(group[finding.element], []).append(finding)
        if finding.target in group:
            on_pair.setdefault((group[finding.element], group[finding.target]), []).append(finding)
    nodes = [
        _box(model, box, inside[box], on_box.get(box, []), link_prefix) for box in sorted(inside)
    ]
    edges = _edges(model, group, on_pair)
    title = (model.system.label or model.system.id) if model.system else "architecture"
    return Scene(f"{title}: map of boundaries", tuple(nodes), tuple(edges), ())


def _box(
    model: Model, box: str, members: list[str], findings: list[Finding], prefix: str
) -> SceneNode:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    worst = _worst(findings)
    worst_text = f"worst: {worst.code} {worst.slug}" if worst else "no open errors or warnings"
    count = f"{len(members)} element" + ("" if len(members) == 1 else "s")
    if box in model.boundaries:
        boundary = model.boundaries[box]
        trust = f", trust {boundary.trust}" if boundary.trust else ""
        return SceneNode(
            box,
            boundary.label or box,
            "boundary",
            None,
            False,
            True,
            None,
            role="boundary",
            mark=ERROR_MARK if errors else None,
            errors=errors,
            warnings=warnings,
            subtitle=f"{count}{trust}\n{worst_text}",
            link=f"{prefix}{box}",
        )
    if box == OUTSIDE:
        return SceneNode(
            box,
            "Outside every boundary",
            "boundary",
            None,
            False,
            False,
            None,
            role="outside",
            mark=ERROR_MARK if errors else None,
            errors=errors,
            warnings=warnings,
            subtitle=f"{count}\n{worst_text}",
        )
    element = model.elements[box]
    return SceneNode(
        box,
        element.label or box,
        str(element.kind),
        element.tech,
        element.stateful,
        element.runs_here,
        None,
        role=role_of(element.kind),
        mark=ERROR_MARK if errors else None,
        errors=errors,
        warnings=warnings,
    )


def _edges(model: Model, group: dict[str, str], on_pair: dict) -> list[SceneEdge]:
    pairs: dict[tuple[str, str], list] = {}
    for relation in model.relations:
        pair = (group[relation.source], group[relation.target])
        if pair[0] != pair[1]:
            pairs.setdefault(pair, []).append(relation)
    edges = []
    for (source, target), relations in sorted(pairs.items()):
        requests = [r for r in relations if purpose_of(r) == "request"]
        found = on_pair.get((source, target), [])
        errors = sum(1 for f in found if f.severity is Severity.ERROR)
        warnings = sum(1 for f in found if f.severity is Severity.WARNING)
        count = len(relations)
        edges.append(
            SceneEdge(
                id=f"{source}=>{target}",
                source=source,
                target=target,
                synchronous=any(r.synchronous for r in requests),
                label=f"{count} relation" + ("" if count == 1 else "s"),
                protocol=None,
                purpose="request" if requests else purpose_of(relations[0]),
                mark=ERROR_MARK if errors else None,
                errors=errors,
                warnings=warnings,
                count=count,
            )
        )
    return edges


def strongest(scene: Scene, limit: int) -> tuple[Scene, int]:
    """The map with only its `limit` edges of most relations (ties by id), and how many edges
    were left out: a dense map drawn whole is a hairball nobody reads."""
    if len(scene.edges) <= limit:
        return scene, 0
    kept = sorted(scene.edges, key=lambda e: (-e.count, e.id))[:limit]
    kept.sort(key=lambda e: e.id)
    return replace(scene, edges=tuple(kept)), len(scene.edges) - limit
