"""What a diagram shows, decided once for every output format.

A `Scene` is the renderer-neutral picture of a model: boxes (components), arrows (relations),
clusters (boundaries, nested) and the marks findings put on them. `build_scene` does all the
choosing — which elements a `--flow` or `--boundary` keeps, which finding marks what — so the
DOT, Mermaid and JSON writers only translate. Everything is sorted by id, so the same model
always gives the same scene.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archdsl.diagnostics import did_you_mean
from archdsl.findings import Finding, Severity
from archdsl.model.schema import Model

ERROR_MARK = "error"
WARNING_MARK = "warning"
_MARK_OF = {Severity.ERROR: ERROR_MARK, Severity.WARNING: WARNING_MARK}


class SceneError(ValueError):
    """A `--flow` or `--boundary` that names nothing in the model (one line, with a hint)."""


@dataclass(frozen=True)
class SceneNode:
    """One component. `mark` is "error", "warning" or None; `findings` are "CODE slug" lines."""

    id: str
    label: str
    kind: str
    tech: str | None
    stateful: bool
    ours: bool
    cluster: str | None
    mark: str | None = None
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SceneEdge:
    """One relation; `steps` are its 1-based positions in the drawn flow (empty without --flow)."""

    id: str
    source: str
    target: str
    synchronous: bool
    label: str | None
    protocol: str | None
    steps: tuple[int, ...] = ()
    mark: str | None = None
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SceneCluster:
    """One boundary; `parent` is the enclosing cluster in this scene (None at the top)."""

    id: str
    label: str
    parent: str | None
    trust: str | None


@dataclass(frozen=True)
class Scene:
    """A whole diagram: nodes, edges and clusters, each sorted by id."""

    title: str
    nodes: tuple[SceneNode, ...]
    edges: tuple[SceneEdge, ...]
    clusters: tuple[SceneCluster, ...]
    flow: str | None = None
    boundary: str | None = None

    def child_clusters(self, parent: str | None) -> tuple[SceneCluster, ...]:
        """The clusters directly inside `parent` (None: the top level), by id."""
        return tuple(c for c in self.clusters if c.parent == parent)

    def nodes_in(self, cluster: str | None) -> tuple[SceneNode, ...]:
        """The nodes directly inside `cluster` (None: outside every cluster), by id."""
        return tuple(n for n in self.nodes if n.cluster == cluster)


def _worst(severities: Iterable[Severity]) -> str | None:
    ranked = sorted(severities, key=lambda s: s.rank, reverse=True)
    return _MARK_OF.get(ranked[0]) if ranked else None


def _finding_index(findings: Iterable[Finding]) -> tuple[dict, dict]:
    """Open (not accepted) findings by element id and by (source, target) pair."""
    by_element: dict[str, list[Finding]] = {}
    by_pair: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.accepted or finding.element is None:
            continue
        by_element.setdefault(finding.element, []).append(finding)
        if finding.target is not None:
            by_pair.setdefault((finding.element, finding.target), []).append(finding)
    return by_element, by_pair


def _describe(findings: list[Finding]) -> tuple[str, ...]:
    return tuple(sorted({f"{f.code} {f.slug}" for f in findings}))


def _ancestors(model: Model, boundary: str | None) -> list[str]:
    """`boundary` and every boundary around it, innermost first."""
    chain: list[str] = []
    while boundary is not None and boundary not in chain:
        chain.append(boundary)
        boundary = model.boundaries[boundary].parent
    return chain


def _unknown(what: str, name: str, candidates: Iterable[str]) -> SceneError:
    hint = did_you_mean(name, candidates)
    return SceneError(f"no {what} named `{name}`" + (f"; {hint}" if hint else ""))


def _selection(model: Model, flow: str | None, boundary: str | None):
    """(element ids, relation ids -> flow steps, top boundary) that the filters keep."""
    elements = set(model.elements)
    relations: dict[str, list[int]] = {r.id: [] for r in model.relations}
    if flow is not None:
        if flow not in model.flows:
            raise _unknown("flow", flow, model.flows)
        chosen = model.flows[flow]
        elements = set(chosen.steps)
        relations = {}
        for step, relation_id in enumerate(chosen.relations, start=1):
            relations.setdefault(relation_id, []).append(step)
    if boundary is not None:
        if boundary not in model.boundaries:
            raise _unknown("boundary", boundary, model.boundaries)
        elements = {
            e for e in elements if boundary in _ancestors(model, model.elements[e].boundary)
        }
    kept = {
        r: steps
        for r, steps in relations.items()
        if model.relation(r).source in elements and model.relation(r).target in elements
    }
    return elements, kept


def _clusters(model: Model, elements: set[str], top: str | None) -> tuple[SceneCluster, ...]:
    """The boundaries that hold a kept element, with their parents, cut at `top`."""
    wanted: set[str] = set()
    for ident in elements:
        chain = _ancestors(model, model.elements[ident].boundary)
        if top is not None:
            chain = chain[: chain.index(top) + 1]
        wanted.update(chain)
    clusters = []
    for ident in sorted(wanted):
        boundary = model.boundaries[ident]
        parent = None if ident == top else boundary.parent
        clusters.append(SceneCluster(ident, boundary.label or ident, parent, boundary.trust))
    return tuple(clusters)


def build_scene(
    model: Model,
    findings: Iterable[Finding] = (),
    flow: str | None = None,
    boundary: str | None = None,
) -> Scene:
    """The scene of `model`, marked with the open `findings` (pass none for --no-findings),
    restricted to one flow's steps and/or one boundary's contents. Raises SceneError for a
    flow or boundary the model does not declare."""
    elements, relations = _selection(model, flow, boundary)
    by_element, by_pair = _finding_index(findings)
    nodes = []
    for ident in sorted(elements):
        element = model.elements[ident]
        own = by_element.get(ident, [])
        nodes.append(
            SceneNode(
                id=ident,
                label=element.label or ident,
                kind=element.kind,
                tech=element.tech,
                stateful=element.stateful,
                ours=element.runs_here,
                cluster=element.boundary,
                mark=_worst(f.severity for f in own),
                findings=_describe(own),
            )
        )
    edges = []
    for relation_id, steps in relations.items():
        relation = model.relation(relation_id)
        own = by_pair.get((relation.source, relation.target), [])
        edges.append(
            SceneEdge(
                id=relation.id,
                source=relation.source,
                target=relation.target,
                synchronous=relation.synchronous,
                label=relation.label,
                protocol=relation.protocol,
                steps=tuple(steps),
                mark=_worst(f.severity for f in own),
                findings=_describe(own),
            )
        )
    edges.sort(key=lambda e: (e.source, e.target, e.id))
    clusters = _clusters(model, elements, boundary)
    title = (model.system.label or model.system.id) if model.system else "architecture"
    return Scene(title, tuple(nodes), tuple(edges), clusters, flow, boundary)
