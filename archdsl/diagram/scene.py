"""What a diagram shows, decided once for every output format.

A `Scene` is the renderer-neutral picture of a model: boxes (components), arrows (relations),
clusters (boundaries, nested), failure units (`runs_on`) and the marks findings put on them.
`build_scene` does all the choosing — which elements a `--flow` or `--boundary` keeps, which
finding marks what — so the DOT, Mermaid and JSON writers only translate. Everything is sorted by
id, so the same model always gives the same scene.

Decisions (docs/cli.md, "Diagrams"):
- Only an error marks (red). Warnings are counted on a badge; infos and accepted findings draw
  nothing. A finding with a `target` is about a relation and marks the relations between its
  `element` and `target`; any other finding marks its `element` when that is a drawn component.
  A grouped finding marks each of its open members instead (one cause, every place it shows).
- A dead-letter queue is drawn whenever its queue is, joined to it by a `dead letters` edge, so
  it never looks like an orphan.
- Out-of-band relations (`purpose` other than `request`) are kept with their purpose, so the
  writers can draw them apart (grey, dashed, not pulling the layout).
- A boundary's diagram may show the elements outside it that its relations cross to, as context
  (no marks of their own, outside every cluster).
- A `--flow` draws the flow's call tree: the relations its steps name (numbered in step order),
  plus the calls the dependency model adds by expansion (unnumbered).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from archdsl.diagnostics import did_you_mean
from archdsl.findings import Finding, Severity
from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Model, Relation

ERROR_MARK = "error"
DLQ_EDGE = "dead letters"


class SceneError(ValueError):
    """A `--flow` or `--boundary` that names nothing in the model (one line, with a hint)."""


@dataclass(frozen=True)
class SceneNode:
    """One component. `mark` is "error" or None; `warnings` counts its open warnings;
    `findings` are "CODE slug" lines; `unit` is its `runs_on` word."""

    id: str
    label: str
    kind: str
    tech: str | None
    stateful: bool
    ours: bool
    cluster: str | None
    role: str = "component"  # component, store, router or outside
    unit: str | None = None
    mark: str | None = None
    errors: int = 0
    warnings: int = 0
    findings: tuple[str, ...] = ()
    subtitle: str | None = None  # instead of "kind (tech)" (a boundary on the map)
    context: bool = False  # outside the drawn boundary, shown for the relations that cross it
    link: str | None = None  # a page anchor the drawing links to


@dataclass(frozen=True)
class SceneEdge:
    """One relation; `steps` are its 1-based positions in the drawn flow (empty without --flow,
    and for a call the flow reaches by expansion). `purpose` is the relation's, or
    "dead letters" for the edge from a queue to its dead-letter queue."""

    id: str
    source: str
    target: str
    synchronous: bool
    label: str | None
    protocol: str | None
    steps: tuple[int, ...] = ()
    purpose: str = "request"
    mark: str | None = None
    errors: int = 0
    warnings: int = 0
    findings: tuple[str, ...] = ()
    count: int = 1  # relations drawn as this one edge (the boundary map aggregates them)

    @property
    def out_of_band(self) -> bool:
        """Monitoring, replication, backup, dead letters: not a call anything depends on."""
        return self.purpose != "request"


@dataclass(frozen=True)
class SceneCluster:
    """One boundary; `parent` is the enclosing cluster in this scene (None at the top)."""

    id: str
    label: str
    parent: str | None
    trust: str | None


@dataclass(frozen=True)
class SceneUnit:
    """A failure unit: the drawn elements with one `runs_on` word, inside `cluster` (the
    innermost boundary that holds them all, None at the top)."""

    id: str
    cluster: str | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class Scene:
    """A whole diagram: nodes, edges, clusters and units, each sorted by id."""

    title: str
    nodes: tuple[SceneNode, ...]
    edges: tuple[SceneEdge, ...]
    clusters: tuple[SceneCluster, ...]
    flow: str | None = None
    boundary: str | None = None
    units: tuple[SceneUnit, ...] = ()

    def child_clusters(self, parent: str | None) -> tuple[SceneCluster, ...]:
        """The clusters directly inside `parent` (None: the top level), by id."""
        return self._index["clusters"].get(parent, ())

    def units_in(self, cluster: str | None) -> tuple[SceneUnit, ...]:
        """The failure units drawn directly inside `cluster`, by word."""
        return self._index["units"].get(cluster, ())

    def nodes_in(self, cluster: str | None) -> tuple[SceneNode, ...]:
        """The nodes directly inside `cluster` and in no failure unit, by id."""
        return self._index["loose"].get(cluster, ())

    def members(self, unit: SceneUnit) -> tuple[SceneNode, ...]:
        """The nodes of one failure unit, by id."""
        return self._index["members"].get(unit.id, ())

    @cached_property
    def _index(self) -> dict[str, dict]:
        """Clusters, units and nodes grouped by where they are drawn, built once: asking each
        cluster for its children by scanning everything was quadratic (16,000 boundaries: 54 s)."""
        return {
            "clusters": _group(self.clusters, lambda c: c.parent),
            "units": _group(self.units, lambda u: u.cluster),
            "loose": _group((n for n in self.nodes if n.unit is None), lambda n: n.cluster),
            "members": _group((n for n in self.nodes if n.unit is not None), lambda n: n.unit),
        }


def _group(items, key) -> dict:
    """`items` grouped by `key(item)`, each group a tuple in the original order."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return {k: tuple(v) for k, v in groups.items()}


def role_of(kind: str) -> str:
    """How a kind is drawn: "router" (load balancer, gateway, CDN), "outside" (actor, external),
    "store" (stateful) or "component"."""
    traits = ElementKind(kind)
    if traits.is_router:
        return "router"
    if traits.is_outside:
        return "outside"
    if traits.is_stateful:
        return "store"
    return "component"


def purpose_of(relation: Relation) -> str:
    """A relation's `purpose`: request, monitoring, replication or backup."""
    return relation.purpose


@dataclass(frozen=True)
class _Marks:
    errors: int = 0
    warnings: int = 0
    findings: tuple[str, ...] = ()

    @property
    def mark(self) -> str | None:
        return ERROR_MARK if self.errors else None


def _marks(findings: list[Finding]) -> _Marks:
    return _Marks(
        sum(1 for f in findings if f.severity is Severity.ERROR),
        sum(1 for f in findings if f.severity is Severity.WARNING),
        tuple(sorted({f"{f.code} {f.slug}" for f in findings if f.severity is not Severity.INFO})),
    )


def _subjects(finding: Finding):
    """(severity, element, target) of each open place a finding stands for: its members when it
    is a grouped finding (each marks its own subject), else the finding itself."""
    if finding.members:
        for member in finding.members:
            if not member.accepted and member.element is not None:
                yield member.severity, member.element, member.target
    elif finding.element is not None:
        yield finding.severity, finding.element, finding.target


@dataclass(frozen=True)
class FindingIndex:
    """Open findings indexed for drawing; build it once when drawing many scenes of one model
    (indexing every finding again for each boundary or flow was quadratic)."""

    by_element: dict[str, list[Finding]]
    by_pair: dict[tuple[str, str], list[Finding]]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> FindingIndex:
        """The index of `findings`."""
        return cls(*_finding_index(findings))


def _finding_index(findings: Iterable[Finding]) -> tuple[dict, dict]:
    """Open (not accepted) findings on elements by id and on relations by (source, target)."""
    by_element: dict[str, list[Finding]] = {}
    by_pair: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.accepted:
            continue
        for severity, element, target in _subjects(finding):
            marked = replace(finding, severity=severity, members=())
            if target is not None:
                by_pair.setdefault((element, target), []).append(marked)
            else:
                by_element.setdefault(element, []).append(marked)
    return by_element, by_pair


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


def _flow_selection(model: Model, flow: str, tree: Sequence[str] | None):
    """(elements, relation id -> steps) of a flow: its named relations numbered in step order,
    then the rest of its call tree (`tree`, relation ids) unnumbered."""
    if flow not in model.flows:
        raise _unknown("flow", flow, model.flows)
    chosen = model.flows[flow]
    relations: dict[str, list[int]] = {}
    for step, relation_id in enumerate(chosen.relations, start=1):
        relations.setdefault(relation_id, []).append(step)
    for relation_id in tree or ():
        relations.setdefault(relation_id, [])
    elements = set(chosen.steps)
    for relation_id in relations:
        relation = model.relation(relation_id)
        elements.update((relation.source, relation.target))
    return elements, relations


def _selection(model: Model, flow: str | None, boundary: str | None, tree):
    """(element ids, relation ids -> flow steps) that the filters keep."""
    if flow is not None:
        elements, relations = _flow_selection(model, flow, tree)
    else:
        elements = set(model.elements)
        relations = {r.id: [] for r in model.relations}
    if boundary is not None:
        if boundary not in model.boundaries:
            raise _unknown("boundary", boundary, model.boundaries)
        elements = {
            e for e in elements if boundary in _ancestors(model, model.elements[e].boundary)
        }
    for ident in list(elements):  # a dead-letter queue goes wherever its queue goes
        dlq = model.elements[ident].dlq
        if dlq in model.elements and (
            boundary is None or boundary in _ancestors(model, model.elements[dlq].boundary)
        ):
            elements.add(dlq)
    kept = {
        r: steps
        for r, steps in relations.items()
        if model.relation(r).source in elements and model.relation(r).target in elements
    }
    return elements, kept


def _neighbours(model: Model, inside: set[str], limit: int) -> tuple[set[str], dict]:
    """The elements outside `inside` that its relations reach or come from (the most connected
    first, at most `limit`), and the relations that cross to them."""
    crossing: dict[str, list[str]] = {}
    for relation in model.relations:
        ends = (relation.source in inside, relation.target in inside)
        if ends[0] != ends[1]:
            other = relation.target if ends[0] else relation.source
            crossing.setdefault(other, []).append(relation.id)
    ranked = sorted(crossing, key=lambda e: (-len(crossing[e]), e))[:limit]
    return set(ranked), {r: [] for e in ranked for r in crossing[e]}


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


def _units(model: Model, nodes: list[SceneNode], top: str | None) -> tuple[SceneUnit, ...]:
    """One unit per `runs_on` word among the drawn nodes, placed in the innermost boundary that
    holds all its members (members of deeper boundaries are drawn in the unit)."""
    grouped: dict[str, list[SceneNode]] = {}
    for node in nodes:
        if node.unit is not None:
            grouped.setdefault(node.unit, []).append(node)
    units = []
    for word in sorted(grouped):
        chains = [list(reversed(_ancestors(model, n.cluster))) for n in grouped[word]]
        if top is not None:
            chains = [chain[chain.index(top) :] if top in chain else [] for chain in chains]
        common: str | None = None
        for level in zip(*chains, strict=False):
            if len(set(level)) != 1:
                break
            common = level[0]
        units.append(SceneUnit(word, common, tuple(n.id for n in grouped[word])))
    return tuple(units)


def _node(model: Model, ident: str, marks: _Marks) -> SceneNode:
    element = model.elements[ident]
    return SceneNode(
        id=ident,
        label=element.label or ident,
        kind=str(element.kind),
        tech=element.tech,
        stateful=element.stateful,
        ours=element.runs_here,
        cluster=element.boundary,
        role=role_of(element.kind),
        unit=element.runs_on,
        mark=marks.mark,
        errors=marks.errors,
        warnings=marks.warnings,
        findings=marks.findings,
    )


def _edges(model: Model, elements: set[str], relations: dict, by_pair: dict) -> list[SceneEdge]:
    edges = []
    for relation_id, steps in relations.items():
        relation = model.relation(relation_id)
        marks = _marks(by_pair.get((relation.source, relation.target), []))
        edges.append(
            SceneEdge(
                id=relation.id,
                source=relation.source,
                target=relation.target,
                synchronous=relation.synchronous,
                label=relation.label,
                protocol=relation.protocol,
                steps=tuple(steps),
                purpose=purpose_of(relation),
                mark=marks.mark,
                errors=marks.errors,
                warnings=marks.warnings,
                findings=marks.findings,
            )
        )
    for ident in sorted(elements):
        dlq = model.elements[ident].dlq
        if dlq in elements:
            edges.append(
                SceneEdge(f"{ident}=>{dlq}", ident, dlq, False, None, None, purpose=DLQ_EDGE)
            )
    edges.sort(key=lambda e: (e.source, e.target, e.id))
    return edges


def build_scene(
    model: Model,
    findings: Iterable[Finding] | FindingIndex = (),
    flow: str | None = None,
    boundary: str | None = None,
    tree: Sequence[str] | None = None,
    neighbours: int = 0,
) -> Scene:
    """The scene of `model`, marked with the open `findings` (pass none for --no-findings),
    restricted to one flow (its named relations plus `tree`, the ids of the rest of its call
    tree) and/or one boundary's contents; with a boundary and no flow, up to `neighbours`
    elements outside it are drawn as context with the relations that cross to them. Raises
    SceneError for a flow or boundary the model does not declare."""
    elements, relations = _selection(model, flow, boundary, tree)
    context: set[str] = set()
    if boundary is not None and flow is None and neighbours:
        context, crossing = _neighbours(model, elements, neighbours)
        relations = {**relations, **crossing}
    index = findings if isinstance(findings, FindingIndex) else FindingIndex.of(findings)
    by_element, by_pair = index.by_element, index.by_pair
    nodes = [_node(model, i, _marks(by_element.get(i, []))) for i in sorted(elements)]
    nodes += [
        replace(_node(model, i, _Marks()), cluster=None, unit=None, context=True) for i in context
    ]
    nodes.sort(key=lambda n: n.id)
    edges = _edges(model, elements | context, relations, by_pair)
    clusters = _clusters(model, elements, boundary)
    title = (model.system.label or model.system.id) if model.system else "architecture"
    if flow is not None:
        title += f": {model.flows[flow].label or flow}"
    units = _units(model, nodes, boundary)
    return Scene(title, tuple(nodes), tuple(edges), clusters, flow, boundary, units)
