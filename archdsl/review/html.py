"""A `Review` as one self-contained HTML page: inline CSS and script, no external resources.

Reading order: navigation that stays at the top; the summary (counts, the root causes that
matter most, every flow in one line); each flow with its diagram and figures; the overview; the
findings by rule (infos collapsed); the data inventory; the accepted risks.

Every text from the model or a finding goes through `_e` (html.escape, quotes included); the
only markup not built here is the inline SVG, which `archdsl.review.diagram` has checked is
well-formed XML written by Graphviz from escaped labels. Output depends on the review alone.
"""

from __future__ import annotations

from archdsl.analysis.availability import percent
from archdsl.analysis.load import format_rps
from archdsl.analysis.timing import format_duration
from archdsl.findings import Finding, Severity
from archdsl.review.assets import CSS, LEGEND, SCRIPT, VIEWER
from archdsl.review.content import (
    Diagram,
    FlowReview,
    HopLoad,
    Review,
    RuleGroup,
    members_of,
)
from archdsl.review.diagram import TREE_LIMIT
from archdsl.review.tables import data_section, diagnostics_section, risks_section
from archdsl.review.tables import escape_text as _e
from archdsl.review.tables import table as _table

CAUSE_WIDTH = 150  # characters of a root cause's message shown in the summary
SHOWN_PER_FLOW = 10  # a flow's findings listed (those about it and its named steps first)
SHOWN_PER_RULE = 10  # findings of one rule shown before the rest is folded away
NARROW = 720  # a flow diagram this narrow (CSS px) stands beside the flow's figures


def _count(number: int, severity: str) -> str:
    """ "1 error", "3 errors", "14 info" (info has no plural), as the text summary writes them."""
    return f"{number} {severity if number == 1 or severity == 'info' else severity + 's'}"


def anchor(finding: Finding) -> str:
    """The page anchor of a finding (its fingerprint: stable across edits elsewhere)."""
    return f"finding-{finding.code}-{finding.fingerprint}"


def _short(text: str, width: int = CAUSE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _finding_link(finding: Finding, width: int = CAUSE_WIDTH) -> str:
    return (
        f'<span class="{_e(finding.severity)}">{_e(finding.severity)}</span> '
        f'<a href="#{_e(anchor(finding))}"><code>{_e(finding.code)}</code> {_e(finding.slug)}</a>: '
        f"{_e(_short(finding.message, width))}"
    )


# ---------------------------------------------------------------- diagrams


def diagram_box(diagram: Diagram | None, name: str, ident: str = "", kind: str = "") -> str:
    """A diagram in a box the script zooms to fit and opens full size."""
    if diagram is None:
        return ""
    if diagram.kind != "svg":
        return (
            f'<p class="muted">{_e(diagram.note)}</p>'
            f'<pre class="mermaid-source">{_e(diagram.text)}</pre>'
        )
    attrs = f' id="{_e(ident)}"' if ident else ""
    attrs += f' data-kind="{_e(kind)}"' if kind else ""
    return (
        f'<div class="diagram"{attrs} data-name="{_e(name)}">'
        '<button class="open" type="button" title="open full size, with zoom and pan">'
        "⤢ full size</button>"
        f"{diagram.text}</div>"
    )


# ---------------------------------------------------------------- summary


def _flow_line(item: FlowReview) -> list[str]:
    flow = item.flow
    name = f'<a href="#flow-{_e(flow.id)}">{_e(flow.label or flow.id)}</a>'
    availability = _e(percent(item.availability.value))
    if flow.slo is not None:  # then meets_slo is not None
        css = "ok" if item.meets_slo else "error"
        availability = f'<span class="{css}">{availability}</span> / {_e(percent(flow.slo))}'
    latency = "—"
    if item.latency.worst_case is not None:
        latency = _e(format_duration(item.latency.worst_case))
        if item.latency.budget is not None:
            css = "ok" if item.latency.within else "warning"
            latency = (
                f'<span class="{css}">{latency}</span> / {_e(format_duration(item.latency.budget))}'
            )
    used = item.peak_utilisation
    load = "—" if used is None else f'<span class="{"error" if used > 1 else ""}">{used:.0%}</span>'
    errors = sum(1 for f in item.findings if f.severity is Severity.ERROR)
    warnings = len(item.findings) - errors
    found = ", ".join(
        f'<span class="{css}">{_e(_count(n, css))}</span>'
        for css, n in (("error", errors), ("warning", warnings))
        if n
    )
    return [name, availability, latency, load, found or '<span class="ok">none</span>']


def summary_section(review: Review) -> str:
    chips = (
        "".join(
            f'<span class="chip {_e(severity)}">{_e(_count(n, str(severity)))}</span>'
            for severity, n in review.counts
        )
        or '<span class="chip ok">no open findings</span>'
    )
    if review.accepted:
        chips += f'<span class="chip ok">{review.accepted} accepted</span>'
    causes = "".join(f"<li>{_finding_link(f)}</li>" for f in review.causes)
    causes_block = (
        f'<h3>What matters most</h3><ol class="causes">{causes}</ol>'
        if causes
        else '<h3>What matters most</h3><p class="ok">No open errors or warnings.</p>'
    )
    flows = (
        _table(
            ["flow", "availability / SLO", "worst case / budget", "peak load", "findings"],
            [_flow_line(f) for f in review.flows],
            "flows-table",
        )
        if review.flows
        else "<p>The model declares no flows.</p>"
    )
    return (
        f'<header id="summary"><h1>{_e(review.title)}</h1>'
        f'<p class="muted">Design review of {_e(", ".join(review.files))} as of '
        f"{_e(review.today.isoformat())}.</p>"
        f'<div class="chips">{chips}</div>'
        f'<div class="summary-grid"><div>{causes_block}</div><div><h3>Flows</h3>{flows}</div></div>'
        "</header>"
    )


# ---------------------------------------------------------------- flows


def _rate(value: float | None) -> str:
    return _e(format_rps(value)) if value is not None else '<span class="muted">unknown</span>'


def _hop_rate(hop: HopLoad) -> str:
    """This flow's rate at a step; past a queue, an actor or an external, where it stopped."""
    if hop.rps is not None or hop.stopped_at is None:
        return _rate(hop.rps)  # `unknown` only after an unbounded fan-out
    where = f"{_e(hop.stopped_kind or '')} <code>{_e(hop.stopped_at)}</code>"
    said = f"buffered by {where}" if hop.stopped_kind == "queue" else f"stops at {where}"
    return f'<span class="muted">{said}</span>'


def _total_rate(hop: HopLoad) -> str:
    """The target's total from every flow: `unknown` after an unbounded fan-out only."""
    if hop.total_rps is None and not hop.total_unbounded:
        return '<span class="muted">no flow\'s load</span>'
    return _rate(hop.total_rps)


def _availability(item: FlowReview) -> str:
    flow, estimate = item.flow, item.availability
    verdict = ""
    if flow.slo is not None:  # then meets_slo is not None
        css, word = ("ok", "meets") if item.meets_slo else ("error", "below")
        verdict = f' <span class="{css}">{word} its SLO of {_e(percent(flow.slo))}</span>'
    weakest = "".join(
        f"<li><code>{_e(f.component)}</code> {_e(percent(f.value))}"
        f'<span class="muted"> ({f.copies} cop{"y" if f.copies == 1 else "ies"}'
        f"{', one zone' if f.zone_capped else ''}"
        f"{', assumed' if f.sla_assumed else ''})</span></li>"
        for f in item.weakest
    )
    return (
        f"<h4>Availability</h4><p>Estimated <strong>{_e(percent(estimate.value))}</strong>{verdict}</p>"
        + (f"<p>Weakest factors:</p><ul>{weakest}</ul>" if weakest else "")
        + (f'<p class="muted">= {_e(estimate.product())}</p>' if estimate.factors else "")
        + (f'<p class="muted">assumed: {_e(item.assumptions)}</p>' if item.assumptions else "")
    )


def _latency(item: FlowReview) -> str:
    latency = item.latency
    budget = (
        f"budget {_e(format_duration(latency.budget))}"
        if latency.budget is not None
        else "no <code>latency</code> budget"
    )
    if latency.step is None or latency.worst_case is None:
        return f"<h4>Latency</h4><p>{budget}; no timed synchronous step.</p>"
    verdict = ""
    if latency.within is not None:
        css, word = ("ok", "within") if latency.within else ("warning", "over")
        verdict = f' <span class="{css}">{word} budget</span>'
    return (
        f"<h4>Latency</h4><p>{budget}; worst case <strong>"
        f"{_e(format_duration(latency.worst_case))}</strong>{verdict}</p>"
        f'<p class="muted">first timed step <code>{_e(latency.step.id)}</code>: {_e(latency.how)}</p>'
    )


def _flow_findings(item: FlowReview) -> str:
    if not item.findings:
        return '<h4>Findings</h4><p class="ok">No open errors or warnings on this flow.</p>'
    shown = item.findings[:SHOWN_PER_FLOW]
    rows = "".join(f"<li>{_finding_link(f, 110)}</li>" for f in shown)
    more = len(item.findings) - len(shown)
    note = (
        f'<p class="muted">{more} more on its call tree: see the findings by rule.</p>'
        if more
        else ""
    )
    return f'<h4>Findings ({len(item.findings)})</h4><ul class="causes">{rows}</ul>{note}'


def _load_table(item: FlowReview) -> str:
    if item.flow.peak is None:
        return '<p class="muted">No <code>peak</code> declared: no load figures.</p>'
    rows = []
    expanded = set(item.expanded)
    for hop in item.hops:
        used = hop.utilisation
        css = "error" if used is not None and used > 1 else ""
        tag = ' <span class="muted">(not named)</span>' if hop.relation in expanded else ""
        rows.append(
            [
                f"<code>{_e(hop.relation)}</code>{tag}",
                _hop_rate(hop),
                _total_rate(hop),
                _e(format_rps(hop.capacity)) if hop.capacity else "—",
                f'<span class="{css}">{used:.0%}</span>' if used is not None else "—",
            ]
        )
    more = len(set(item.flow.relations)) + len(item.expanded) - len(item.hops)
    note = (
        f'<p class="muted">{more} more call(s) of its tree are not listed.</p>' if more > 0 else ""
    )
    return (
        f"<h4>Load per step at a peak of {_e(format_rps(item.flow.peak))}</h4>"
        + _table(
            ["step", "this flow", "target total", "capacity (all copies)", "utilisation"],
            rows,
            "load",
        )
        + note
    )


def _flow_block(item: FlowReview) -> str:
    flow = item.flow
    title = _e(flow.id) + (f" — {_e(flow.label)}" if flow.label else "")
    expanded = ""
    if item.expanded:
        named = len(set(item.flow.relations))
        drawn = min(len(item.expanded), max(TREE_LIMIT - named, 0))
        expanded = (
            f'<p class="muted">Its call tree adds {len(item.expanded)} call(s) its steps do not '
            "name (grey, unnumbered)"
            + (f"; the nearest {drawn} are drawn" if drawn < len(item.expanded) else "")
            + ".</p>"
        )
    if item.unfollowed:
        routes = ", ".join(f"<code>{_e(r)}</code>" for r in item.unfollowed)
        expanded += (
            f'<p class="warning">Routes not followed (a router with several routes: the flow '
            f"must name its route): {routes}</p>"
        )
    narrow = item.diagram is not None and 0 < item.diagram.width <= NARROW
    drawing = diagram_box(item.diagram, f"flow {flow.id}", f"diagram-flow-{flow.id}")
    return (
        f'<article class="flow{" side" if narrow else ""}" id="flow-{_e(flow.id)}">'
        f'<h3>{title}</h3><div class="drawing">{drawing}{expanded}</div>'
        f'<div class="facts"><div>{_availability(item)}</div><div>{_latency(item)}</div>'
        f"<div>{_flow_findings(item)}</div></div>"
        f'<div class="load-block">{_load_table(item)}</div></article>'
    )


def flows_section(review: Review) -> str:
    body = "".join(_flow_block(f) for f in review.flows) or "<p>The model declares no flows.</p>"
    return f'<section id="flows"><h2>Flows</h2>{body}</section>'


# ---------------------------------------------------------------- overview


def _connections(review: Review) -> str:
    rows = [[_e(a), _e(b), str(n)] for a, b, n in review.overview.connections]
    return (
        f"<details><summary>All {len(rows)} connections between boundaries</summary>"
        + _table(["from", "to", "relations"], rows, "connections")
        + "</details>"
    )


def overview_section(review: Review) -> str:
    view = review.overview
    parts = ['<section id="overview"><h2>Overview</h2>', LEGEND]
    if view.map is None:
        parts.append(diagram_box(view.full, "the whole model", "diagram-full"))
        return "".join(parts) + "</section>"
    parts.append(
        "<p>The whole diagram does not read at page width, so here is the map of boundaries: one "
        "box per boundary with its element count and worst finding, each edge the relations "
        "between two boxes. Select a box to open its own diagram.</p>"
    )
    if view.hidden_edges:
        parts.append(
            f'<p class="muted">{view.hidden_edges} weaker connections are not drawn; '
            "the table below lists them all.</p>"
        )
    parts.append(diagram_box(view.map, "map of boundaries", "diagram-map", kind="map"))
    if view.connections:
        parts.append(_connections(review))
    if view.full is not None and view.full.kind == "svg":
        parts.append(
            "<details><summary>The whole diagram (scroll, or open it full size)</summary>"
            + diagram_box(view.full, "the whole model", "diagram-full")
            + "</details>"
        )
    for ident, label, diagram in view.boundaries:
        parts.append(
            f'<details id="boundary-{_e(ident)}"><summary>Boundary {_e(label)}</summary>'
            + diagram_box(diagram, f"boundary {label}", f"diagram-boundary-{ident}")
            + "</details>"
        )
    if view.undrawn_boundaries:
        count = len(view.undrawn_boundaries)
        parts.append(
            f'<p class="muted">{count} more top-level '
            f"{'boundary is' if count == 1 else 'boundaries are'} not drawn on their own here; "
            "draw one with <code>archdsl render FILE --boundary ID</code>.</p>"
        )
    return "".join(parts) + "</section>"


# ---------------------------------------------------------------- findings


def _finding_item(finding: Finding) -> str:
    notes = [f'<div class="where">{_e(finding.span)}</div>', f"<div>{_e(finding.message)}</div>"]
    if finding.hint:
        notes.append(f'<div class="muted">hint: {_e(finding.hint)}</div>')
    if finding.note:
        notes.append(f'<div class="muted">note: {_e(finding.note)}</div>')
    members = members_of(finding)
    if members:
        items = "".join(f"<li>{_e(_member_text(m))}</li>" for m in members)
        notes.append(
            f'<div>{len(members)} member(s), one fix:</div><ul class="members">{items}</ul>'
        )
    return f'<li class="finding" id="{_e(anchor(finding))}">{"".join(notes)}</li>'


def _member_text(member) -> str:
    """A member of a grouped finding as one line: where it stands and what it is."""
    return str(member) + (" (accepted)" if member.accepted else "")


def _rule_block(group: RuleGroup) -> str:
    count = _count(len(group.findings), str(group.severity))
    shown, rest = group.findings[:SHOWN_PER_RULE], group.findings[SHOWN_PER_RULE:]
    items = "".join(_finding_item(f) for f in shown)
    more = (
        f"<details><summary>{len(rest)} more {_e(group.code)}</summary>"
        f'<ul class="findings">{"".join(_finding_item(f) for f in rest)}</ul></details>'
        if rest
        else ""
    )
    return (
        f'<h3 id="rule-{_e(group.severity)}-{_e(group.code)}"><code>{_e(group.code)}</code> '
        f'{_e(group.slug)} <span class="{_e(group.severity)}">({_e(count)})</span></h3>'
        f'<ul class="findings">{items}</ul>{more}'
    )


def findings_section(review: Review) -> str:
    if not review.rules:
        return (
            '<section id="findings"><h2>Findings</h2><p class="ok">No open findings.</p></section>'
        )
    parts = ['<section id="findings"><h2>Findings by rule</h2>']
    for severity in (Severity.ERROR, Severity.WARNING):
        groups = [g for g in review.rules if g.severity is severity]
        if groups:
            total = sum(len(g.findings) for g in groups)
            parts.append(
                f'<h3 class="{_e(severity)}" id="severity-{_e(severity)}">'
                f"{_e(_count(total, str(severity)))}</h3>"
            )
            parts.extend(_rule_block(g) for g in groups)
    infos = [g for g in review.rules if g.severity is Severity.INFO]
    if infos:
        total = sum(len(g.findings) for g in infos)
        parts.append(
            f'<details id="severity-info"><summary class="info">{_e(_count(total, "info"))} '
            "(context for the review)</summary>"
            + "".join(_rule_block(g) for g in infos)
            + "</details>"
        )
    return "".join(parts) + "</section>"


# ---------------------------------------------------------------- the page


def _nav(review: Review) -> str:
    links = [("summary", "Summary")]
    if not review.broken:
        links += [
            ("flows", "Flows"),
            ("overview", "Overview"),
            ("findings", "Findings"),
            ("data", "Data"),
            ("risks", "Accepted risks"),
        ]
    items = "".join(f'<a href="#{ident}">{_e(text)}</a>' for ident, text in links)
    return f'<nav id="nav"><span class="title">{_e(review.title)}</span>{items}</nav>'


def render_html(review: Review) -> str:
    """The whole page."""
    if review.broken:
        header = (
            f'<header id="summary"><h1>{_e(review.title)}</h1><p>Design review of '
            f"{_e(', '.join(review.files))} as of {_e(review.today.isoformat())}: model errors.</p>"
            "</header>"
        )
        sections = [header, diagnostics_section(review)]
    else:
        sections = [
            summary_section(review),
            flows_section(review),
            overview_section(review),
            findings_section(review),
            data_section(review),
            risks_section(review),
        ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(review.title)} — design review</title><style>{CSS}</style></head><body>"
        + _nav(review)
        + "<main>"
        + "".join(sections)
        + "</main>"
        + VIEWER
        + f"<script>{SCRIPT}</script></body></html>\n"
    )
