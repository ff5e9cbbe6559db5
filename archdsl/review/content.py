"""Everything a design-review page shows, computed from the shared analyses; `archdsl.review.html`
only writes it down.

The page holds: the diagram (SVG when Graphviz can draw here, else the Mermaid source), the open
findings grouped by severity and element, each flow's availability (with its factors) and the
load on each of its hops, the sensitive-data inventory (where data lives and which relations and
boundaries it crosses) and the accepted risks with their expiry. A broken model gets only its
diagnostics: analyses of a half-resolved model would mislead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from archdsl.analysis.availability import FlowAvailability, assumptions, flow_availability
from archdsl.analysis.dependency_model import dependencies_of
from archdsl.analysis.exposure import SensitiveData, data_inventory
from archdsl.analysis.load import component_loads, flow_contributions
from archdsl.findings import Finding, Severity
from archdsl.model.schema import Acceptance, Flow, Model
from archdsl.rules.acceptances import covers

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class Diagram:
    """`kind` "svg" (inline markup) or "mermaid" (source to show), and why when not SVG."""

    kind: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class HopLoad:
    """One step of a flow: its peak rate there (None: unknown after an unbounded fan-out), the
    target's total load from every flow, and its capacity: per copy times its max copies, the
    same total that capacity-exceeded (P001) compares the load with."""

    relation: str
    target: str
    rps: float | None
    total_rps: float | None
    capacity: float | None

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

    @property
    def meets_slo(self) -> bool | None:
        return None if self.flow.slo is None else self.availability.value >= self.flow.slo


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
class Review:
    title: str
    files: tuple[str, ...]
    today: datetime.date
    diagnostics: tuple[Finding, ...] = ()  # only for a broken model
    diagram: Diagram | None = None
    findings: tuple[tuple[Severity, tuple[tuple[str, tuple[Finding, ...]], ...]], ...] = ()
    flows: tuple[FlowReview, ...] = ()
    data: tuple[DataReview, ...] = ()
    risks: tuple[RiskReview, ...] = ()

    @property
    def broken(self) -> bool:
        return bool(self.diagnostics)


def group_findings(findings) -> tuple:
    """Open findings as ((severity, ((element, findings), ...)), ...), most severe first, elements
    sorted, findings in their usual order; severities with none are left out."""
    groups = []
    for severity in SEVERITY_ORDER:
        by_element: dict[str, list[Finding]] = {}
        for finding in findings:
            if finding.severity is severity and not finding.accepted:
                by_element.setdefault(finding.element or "", []).append(finding)
        if by_element:
            groups.append((severity, tuple((e, tuple(by_element[e])) for e in sorted(by_element))))
    return tuple(groups)


def review_flows(dm, config) -> tuple[FlowReview, ...]:
    """Availability and per-hop load of every flow, in declaration order (`dm`: the workspace's
    dependency model; load and availability are read along the flows' call trees)."""
    model = dm.model
    loads = dm.derived(component_loads)
    reviews = []
    for flow in model.flows.values():
        estimate = dm.derived(flow_availability, flow, config)
        contributions = {r.id: part for r, part in flow_contributions(dm, flow)}
        hops = []
        for relation_id in flow.relations:
            target = model.relation(relation_id).target
            part = contributions.get(relation_id)
            load = loads.get(target)
            total = None if load is None or load.unbounded_flows else load.rps
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
                )
            )
        reviews.append(
            FlowReview(flow, estimate, assumptions(estimate.factors, config), tuple(hops))
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
    workspace, findings, config, diagram: Diagram | None, today: datetime.date
) -> Review:
    """The review of a workspace from its findings (run_rules' output) and a drawn diagram."""
    model = workspace.model
    title = (model.system.label or model.system.id) if model.system else "Architecture review"
    if workspace.has_errors:
        return Review(title, model.files, today, diagnostics=tuple(workspace.diagnostics))
    return Review(
        title=title,
        files=model.files,
        today=today,
        diagram=diagram,
        findings=group_findings(findings),
        flows=review_flows(dependencies_of(workspace), config),
        data=review_data(model),
        risks=review_risks(model, findings, today),
    )
