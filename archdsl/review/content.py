"""Everything a design-review page shows, computed from the shared analyses; `archdsl.review.html`
only writes it down.

The page holds, in reading order: a summary (counts by severity, the root causes that matter
most), each flow (its diagram, availability against its SLO with the weakest factors, latency
budget against the worst case, load per step against capacity, the findings on it), an overview
(the whole diagram while it reads, else a map of the boundaries and each boundary's diagram), the
open findings grouped by rule with each root cause's members, the sensitive-data inventory and
the accepted risks with owner and expiry. A broken model gets only its diagnostics: analyses of a
half-resolved model would mislead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from archdsl.analysis.availability import FlowAvailability, assumptions, flow_availability
from archdsl.analysis.dependency_model import dependencies_of
from archdsl.analysis.exposure import SensitiveData, data_inventory
from archdsl.analysis.load import component_loads, flow_contributions, load_stops_before
from archdsl.analysis.timing import describe_worst_case, first_timed_step
from archdsl.findings import Finding, Severity
from archdsl.model.schema import Acceptance, Flow, Model, Relation
from archdsl.rules.acceptances import covers

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


WEAKEST = 3  # factors named as a flow's weakest
TOP_CAUSES = 5  # root causes in the summary
LOAD_ROWS = 40  # rows of a flow's load table: its steps, then the nearest calls of its tree


@dataclass(frozen=True)
class Diagram:
    """`kind` "svg" (inline markup) or "mermaid" (source to show), and why when not SVG;
    `width` and `height` are the drawing's natural size in CSS pixels (SVG only)."""

    kind: str
    text: str
    note: str = ""
    width: float = 0
    height: float = 0


@dataclass(frozen=True)
class Overview:
    """The whole model at a glance: `full` when it reads at page width, else `map` (one box per
    boundary) with each boundary's own diagram in `boundaries`; `full` may still be given to
    open full size. `hidden_edges` counts map edges left out to keep a dense map readable."""

    full: Diagram | None = None
    map: Diagram | None = None
    boundaries: tuple[tuple[str, str, Diagram], ...] = ()  # (id, label, diagram)
    hidden_edges: int = 0
    connections: tuple[tuple[str, str, int], ...] = ()  # (from box, to box, relations)
    undrawn_boundaries: tuple[str, ...] = ()  # top-level boundaries past the drawing limit


@dataclass(frozen=True)
class Latency:
    """A flow's latency budget against the worst case of its first timed synchronous step (the
    wait its caller may see, as latency-budget-exceeded judges it)."""

    budget: float | None
    worst_case: float | None
    step: Relation | None

    @property
    def how(self) -> str:
        return describe_worst_case(self.step) if self.step is not None else ""

    @property
    def within(self) -> bool | None:
        if self.budget is None or self.worst_case is None:
            return None
        return self.worst_case <= self.budget


@dataclass(frozen=True)
class HopLoad:
    """One step of a flow: its peak rate there, the target's total load from every flow, and
    its capacity: per copy times its max copies, the same total that capacity-exceeded (P001)
    compares the load with.

    `rps` is None where the rate is not the flow's to tell: `stopped_at` then names the element
    where the flow's load stopped before this step (a queue buffers it: what follows runs at its
    consumers' pace; an actor or external sends at its own), of kind `stopped_kind`; without
    one, an unbounded fan-out upstream makes the rate unknown. `total_rps` is None when an
    unbounded fan-out makes the total unknown (`total_unbounded`) or no flow's load reaches the
    target."""

    relation: str
    target: str
    rps: float | None
    total_rps: float | None
    capacity: float | None
    stopped_at: str | None = None
    stopped_kind: str | None = None
    total_unbounded: bool = False

    @property
    def utilisation(self) -> float | None:
        """Total load over capacity, when both are known."""
        if self.capacity is None or self.total_rps is None or self.capacity <= 0:
            return None
        return self.total_rps / self.capacity


@dataclass(frozen=True)
class FlowReview:
    flow: Flow
    availability: FlowAvailability
    assumptions: str
    hops: tuple[HopLoad, ...]
    latency: Latency = Latency(None, None, None)
    diagram: Diagram | None = None
    findings: tuple[Finding, ...] = ()  # open errors and warnings about the flow or its steps
    expanded: tuple[str, ...] = ()  # relations of its call tree that its steps do not name
    unfollowed: tuple[str, ...] = ()  # routes out of a router the expansion did not follow

    @property
    def meets_slo(self) -> bool | None:
        return None if self.flow.slo is None else self.availability.value >= self.flow.slo

    @property
    def weakest(self):
        """The factors that lower the estimate most, lowest availability first."""
        return tuple(sorted(self.availability.factors, key=lambda f: f.value)[:WEAKEST])

    @property
    def peak_utilisation(self) -> float | None:
        used = [h.utilisation for h in self.hops if h.utilisation is not None]
        return max(used) if used else None


@dataclass(frozen=True)
class Placement:
    """A store that holds sensitive data, and the boundary it sits in."""

    store: str
    boundary: str | None


@dataclass(frozen=True)
class Crossing:
    """A relation that carries sensitive data, with the boundaries on each side."""

    relation: str
    source_boundary: str | None
    target_boundary: str | None
    to_third_party: bool
    encrypted_in_transit: bool

    @property
    def crosses_boundary(self) -> bool:
        return self.source_boundary != self.target_boundary


@dataclass(frozen=True)
class DataReview:
    data: SensitiveData
    stores: tuple[Placement, ...]
    crossings: tuple[Crossing, ...]


@dataclass(frozen=True)
class RiskReview:
    """An acceptance, its status on `today` ("active", "expired", "open-ended") and the findings
    it names."""

    acceptance: Acceptance
    status: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class RuleGroup:
    """The open findings of one rule at one severity, each a root cause (a grouped finding
    carries its members)."""

    code: str
    slug: str
    severity: Severity
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Review:
    title: str
    files: tuple[str, ...]
    today: datetime.date
    diagnostics: tuple[Finding, ...] = ()  # only for a broken model
    overview: Overview = Overview()
    rules: tuple[RuleGroup, ...] = ()
    counts: tuple[tuple[Severity, int], ...] = ()
    accepted: int = 0
    causes: tuple[Finding, ...] = ()
    flows: tuple[FlowReview, ...] = ()
    data: tuple[DataReview, ...] = ()
    risks: tuple[RiskReview, ...] = ()

    @property
    def broken(self) -> bool:
        return bool(self.diagnostics)


def members_of(finding: Finding) -> tuple:
    """The members of a grouped finding (none for a plain one)."""
    return finding.members


def open_findings(findings) -> list[Finding]:
    """Rule findings that are not accepted (model diagnostics have their own section)."""
    return [f for f in findings if not f.accepted]


def group_by_rule(findings) -> tuple[RuleGroup, ...]:
    """Open findings by severity (worst first), then rule code, in their usual order within."""
    groups: dict[tuple[Severity, str], list[Finding]] = {}
    for finding in open_findings(findings):
        groups.setdefault((finding.severity, finding.code), []).append(finding)
    ordered = sorted(groups, key=lambda key: (-key[0].rank, key[1]))
    return tuple(
        RuleGroup(code, groups[(sev, code)][0].slug, sev, tuple(groups[(sev, code)]))
        for sev, code in ordered
    )


def root_causes(findings, limit: int = TOP_CAUSES) -> tuple[Finding, ...]:
    """The open errors and warnings that matter most: errors first, then those whose fix covers
    most (members and flows or elements involved), then file order."""
    ranked = [
        f
        for f in open_findings(findings)
        if f.severity is not Severity.INFO and not f.code.startswith("E")
    ]
    ranked.sort(key=lambda f: (-f.severity.rank, -(len(members_of(f)) + len(f.related))))
    chosen: list[Finding] = []
    per_rule: dict[str, int] = {}
    for finding in ranked:  # at most two of one rule first: the summary shows several causes
        if per_rule.get(finding.code, 0) < 2 and len(chosen) < limit:
            chosen.append(finding)
            per_rule[finding.code] = per_rule.get(finding.code, 0) + 1
    chosen += [f for f in ranked if f not in chosen][: limit - len(chosen)]
    return tuple(sorted(chosen, key=lambda f: ranked.index(f)))


def severity_counts(findings) -> tuple[tuple[Severity, int], ...]:
    """Open findings per severity (a grouped finding counts once), severities with none left out."""
    counts = [
        (severity, sum(1 for f in open_findings(findings) if f.severity is severity))
        for severity in SEVERITY_ORDER
    ]
    return tuple((s, n) for s, n in counts if n)


def _hops(dm, flow: Flow, loads, relations) -> tuple[HopLoad, ...]:
    """The load at each of `relations` (the flow's steps, then calls of its tree)."""
    model = dm.model
    contributions = {relation.id: part for relation, part in flow_contributions(dm, flow)}
    stopped = load_stops_before(dm, flow)
    hops = []
    for relation_id in relations:
        target = model.relation(relation_id).target
        part = contributions.get(relation_id)
        load = loads.get(target)
        unbounded = load is not None and bool(load.unbounded_flows)
        total = None if load is None or unbounded else load.rps
        stop = stopped.get(relation_id)
        element = model.elements[target]
        capacity = (
            None if element.capacity is None else element.capacity * max(element.max_copies, 1)
        )
        hops.append(
            HopLoad(
                relation_id,
                target,
                part.rps if part else None,
                total,
                capacity,
                stop,
                model.elements[stop].kind.value if stop is not None else None,
                unbounded,
            )
        )
    return tuple(hops)


def _places(model: Model, relations, steps=()) -> tuple[set, set]:
    """The (source, target) pairs and the elements of some relations (and flow steps)."""
    pairs, elements = set(), set(steps)
    for relation_id in relations:
        relation = model.relation(relation_id)
        pairs.add((relation.source, relation.target))
        elements.update((relation.source, relation.target))
    return pairs, elements


def _touches(finding: Finding, pairs: set, elements: set) -> bool:
    places = [(finding.element, finding.target)] + [(m.element, m.target) for m in finding.members]
    return any(place in pairs or (place[1] is None and place[0] in elements) for place in places)


def flow_findings(model: Model, flow: Flow, findings, tree=()) -> tuple[Finding, ...]:
    """Open errors and warnings about the flow itself or the relations and elements its steps
    name, then those on the rest of its call tree (`tree`, relation ids); worst first in each."""
    named = _places(model, flow.relations, flow.steps)
    rest = _places(model, tree)
    chosen = []
    for finding in open_findings(findings):
        if finding.severity is Severity.INFO or finding.code.startswith("E"):
            continue
        if finding.element == flow.id or flow.id in finding.related or _touches(finding, *named):
            chosen.append((0, finding))
        elif _touches(finding, *rest):
            chosen.append((1, finding))
    chosen.sort(key=lambda item: (item[0], -item[1].severity.rank))
    return tuple(finding for _, finding in chosen)


def review_flows(dm, config, findings=(), diagrams=None, trees=None) -> tuple[FlowReview, ...]:
    """Availability, latency, per-hop load and findings of every flow, in declaration order;
    `dm` is the workspace's dependency model (load and availability along the call trees, shared
    with the rules), `diagrams` maps flow ids to their drawings, `trees` to their call trees'
    relation ids (the dependency model's when not given)."""
    model = dm.model
    loads = dm.derived(component_loads)
    if trees is None:
        trees = {tree.flow: tuple(r.id for r in tree.relations) for tree in dm.trees()}
    reviews = []
    for flow in model.flows.values():
        estimate = dm.derived(flow_availability, flow, config)
        step = first_timed_step(model, flow)
        latency = Latency(flow.latency, step.worst_case_time if step else None, step)
        named = tuple(dict.fromkeys(flow.relations))
        expanded = tuple(r for r in trees.get(flow.id, ()) if r not in set(named))
        shown = named + expanded[: max(LOAD_ROWS - len(named), 0)]
        reviews.append(
            FlowReview(
                flow,
                estimate,
                assumptions(estimate.factors, config),
                _hops(dm, flow, loads, shown),
                latency,
                (diagrams or {}).get(flow.id),
                flow_findings(model, flow, findings, expanded),
                expanded,
                tuple(r.id for r in dm.tree(flow).routes_not_followed),
            )
        )
    return tuple(reviews)


def review_data(model: Model) -> tuple[DataReview, ...]:
    """Each sensitive data: the stores that hold it and the relations that carry it."""
    inventory = data_inventory(model)
    reviews = []
    for name, sensitive in inventory.data.items():
        stores = tuple(Placement(s, model.elements[s].boundary) for s in model.data[name].stores)
        crossings = []
        for relation in model.relations:
            if name in inventory.relations.get(relation.id, ()):
                source, target = model.elements[relation.source], model.elements[relation.target]
                crossings.append(
                    Crossing(
                        relation.id,
                        source.boundary,
                        target.boundary,
                        not target.runs_here,
                        relation.tls,
                    )
                )
        reviews.append(DataReview(sensitive, stores, tuple(crossings)))
    return tuple(reviews)


def review_risks(model: Model, findings, today: datetime.date) -> tuple[RiskReview, ...]:
    """Every acceptance with its status and the findings it names, in file order."""
    risks = []
    for acceptance in model.acceptances:
        if acceptance.until is None:
            status = "open-ended"
        else:
            status = "expired" if acceptance.until < today else "active"
        named = tuple(f for f in findings if not f.code.startswith("E") and covers(acceptance, f))
        risks.append(RiskReview(acceptance, status, named))
    return tuple(risks)


def build_review(
    workspace,
    findings,
    config,
    today: datetime.date,
    overview: Overview | None = None,
    flow_diagrams: dict[str, Diagram] | None = None,
    trees: dict[str, tuple[str, ...]] | None = None,
) -> Review:
    """The review of a workspace from its findings (run_rules' output) and its drawings."""
    model = workspace.model
    title = (model.system.label or model.system.id) if model.system else "Architecture review"
    if workspace.has_errors:
        return Review(title, model.files, today, diagnostics=tuple(workspace.diagnostics))
    return Review(
        title=title,
        files=model.files,
        today=today,
        overview=overview or Overview(),
        rules=group_by_rule(findings),
        counts=severity_counts(findings),
        accepted=sum(1 for f in findings if f.accepted),
        causes=root_causes(findings),
        flows=review_flows(dependencies_of(workspace), config, findings, flow_diagrams, trees),
        data=review_data(model),
        risks=review_risks(model, findings, today),
    )
