"""A `Review` as one self-contained HTML page: inline CSS, no scripts, no external resources.

Every text from the model or a finding goes through `_e` (html.escape, quotes included); the
only markup not built here is the inline SVG, which `archdsl.review.diagram` has checked is
well-formed XML written by Graphviz from escaped labels. Output depends on the review alone.
"""

from __future__ import annotations

import html

from archdsl.analysis.availability import percent
from archdsl.analysis.load import format_rps
from archdsl.review.content import DataReview, FlowReview, Review, RiskReview

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ddd;padding:.25em .6em;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right}
.error{color:#b00020}.warning{color:#b35c00}.info{color:#35648f}.ok{color:#1b7a2f}
.diagram{overflow:auto;border:1px solid #ddd;padding:.5em}.diagram svg{max-width:100%;height:auto}pre{background:#f7f7f7;padding:.8em;overflow:auto}
code{background:#f2f2f2;padding:0 .2em}.muted{color:#666}
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """A table; `rows` hold cells already escaped (or built from escaped parts)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _finding_row(finding) -> list[str]:
    notes = [_e(finding.message)]
    if finding.hint:
        notes.append(f'<br><span class="muted">hint: {_e(finding.hint)}</span>')
    if finding.note:
        notes.append(f'<br><span class="muted">note: {_e(finding.note)}</span>')
    return [f"<code>{_e(finding.code)}</code> {_e(finding.slug)}", "".join(notes), _e(finding.span)]


def findings_section(review: Review) -> str:
    if not review.findings:
        return (
            '<section id="findings"><h2>Findings</h2><p class="ok">No open findings.</p></section>'
        )
    parts = ['<section id="findings"><h2>Findings</h2>']
    for severity, groups in review.findings:
        count = sum(len(items) for _, items in groups)
        parts.append(
            f'<h3 class="{_e(severity)}" id="severity-{_e(severity)}">{_e(severity)} ({count})</h3>'
        )
        for element, items in groups:
            parts.append(f"<h4>{_e(element or '(the model)')}</h4>")
            parts.append(
                _table(
                    ["rule", "finding", "where"], [_finding_row(f) for f in items], str(severity)
                )
            )
    return "".join(parts) + "</section>"


def _rate(value: float | None) -> str:
    return _e(format_rps(value)) if value is not None else '<span class="muted">unknown</span>'


def _flow_block(item: FlowReview) -> str:
    flow, estimate = item.flow, item.availability
    verdict = ""
    if flow.slo is not None:  # then meets_slo is not None
        css, word = ("ok", "meets") if item.meets_slo else ("error", "below")
        verdict = f' <span class="{css}">{word} its SLO of {_e(percent(flow.slo))}</span>'
    lines = [
        f'<h3 id="flow-{_e(flow.id)}">{_e(flow.id)}'
        + (f" — {_e(flow.label)}" if flow.label else "")
        + "</h3>",
        f"<p>Steps: <code>{_e(' '.join(_steps(flow)))}</code></p>",
        f"<p>Estimated availability: <strong>{_e(percent(estimate.value))}</strong>{verdict}"
        + (f"<br>= {_e(estimate.product())}" if estimate.factors else "")
        + (
            f'<br><span class="muted">assumed: {_e(item.assumptions)}</span>'
            if item.assumptions
            else ""
        )
        + "</p>",
    ]
    if flow.peak is None:
        lines.append('<p class="muted">No <code>peak</code> declared: no load figures.</p>')
    rows = []
    for hop in item.hops:
        used = hop.utilisation
        css = "error" if used is not None and used > 1 else ""
        rows.append(
            [
                _e(hop.relation),
                _e(hop.target),
                _rate(hop.rps),
                _rate(hop.total_rps),
                _e(format_rps(hop.capacity)) if hop.capacity else "—",
                f'<span class="{css}">{_e(f"{used * 100:.0f}%")}</span>'
                if used is not None
                else "—",
            ]
        )
    lines.append(
        _table(
            ["step", "target", "this flow", "target total", "capacity (all copies)", "utilisation"],
            rows,
            "load",
        )
    )
    return "".join(lines)


def _steps(flow) -> list[str]:
    words = [flow.steps[0]] if flow.steps else []
    for arrow, step in zip(flow.arrows, flow.steps[1:], strict=False):
        words += [arrow, step]
    return words


def flows_section(review: Review) -> str:
    body = "".join(_flow_block(f) for f in review.flows) or "<p>The model declares no flows.</p>"
    return f'<section id="flows"><h2>Flows: availability and load</h2>{body}</section>'


def _data_rows(item: DataReview) -> list[str]:
    fields = ", ".join(f.describe() for f in item.data.fields)
    stores = ", ".join(f"{p.store} (in {p.boundary or 'no boundary'})" for p in item.stores) or "—"
    crossings = []
    for c in item.crossings:
        where = f"{c.source_boundary or 'outside'} → {c.target_boundary or 'outside'}"
        flags = [
            w
            for w, on in (
                ("crosses a boundary", c.crosses_boundary),
                ("to a third party", c.to_third_party),
                ("no TLS", not c.encrypted_in_transit),
            )
            if on
        ]
        crossings.append(
            f"<code>{_e(c.relation)}</code> {_e(where)}"
            + (f" <em>{_e('; '.join(flags))}</em>" if flags else "")
        )
    return [
        f"<strong>{_e(item.data.name)}</strong>",
        _e(fields),
        _e(stores),
        "<br>".join(crossings) or "—",
    ]


def data_section(review: Review) -> str:
    if not review.data:
        return '<section id="data"><h2>Sensitive data</h2><p>No data with pii, pci, secret or health fields.</p></section>'
    rows = [_data_rows(item) for item in review.data]
    table = _table(
        ["data", "classified fields", "lives in", "carried by (boundaries crossed)"], rows, "data"
    )
    return f'<section id="data"><h2>Sensitive data</h2>{table}</section>'


def _risk_row(risk: RiskReview) -> list[str]:
    accept = risk.acceptance
    until = accept.until.isoformat() if accept.until else "no expiry"
    css = {"expired": "error", "active": "ok"}.get(risk.status, "warning")
    named = "<br>".join(f"<code>{_e(f.code)}</code> {_e(f.message)}" for f in risk.findings) or "—"
    return [
        _e(", ".join(accept.rules)),
        _e(", ".join(accept.targets)),
        _e(accept.reason or "—"),
        _e(accept.owner or "—"),
        _e(until),
        f'<span class="{css}">{_e(risk.status)}</span>',
        named,
    ]


def risks_section(review: Review) -> str:
    if not review.risks:
        return '<section id="risks"><h2>Accepted risks</h2><p>No accepted risks.</p></section>'
    expired = sum(1 for r in review.risks if r.status == "expired")
    rows = [_risk_row(r) for r in review.risks]
    table = _table(["rules", "on", "reason", "owner", "until", "status", "findings"], rows, "risks")
    summary = f"<p>{len(review.risks)} acceptance(s), {expired} expired as of {_e(review.today.isoformat())}.</p>"
    return f'<section id="risks"><h2>Accepted risks</h2>{summary}{table}</section>'


def diagram_section(review: Review) -> str:
    diagram = review.diagram
    if diagram is None:
        return ""
    if diagram.kind == "svg":
        return f'<section id="diagram"><h2>Diagram</h2><div class="diagram">{diagram.text}</div></section>'
    return (
        f'<section id="diagram"><h2>Diagram</h2><p class="muted">{_e(diagram.note)}</p>'
        f'<pre class="mermaid-source">{_e(diagram.text)}</pre></section>'
    )


def diagnostics_section(review: Review) -> str:
    rows = [_finding_row(d) for d in review.diagnostics]
    return (
        '<section id="diagnostics"><h2>The model has errors</h2><p>Fix these first: the diagram and the '
        "analyses need a model that resolves.</p>"
        + _table(["problem", "message", "where"], rows, "error")
        + "</section>"
    )


def _count(number: int, severity: str) -> str:
    """ "1 error", "3 errors", "14 info" (info has no plural), as the text summary writes them."""
    return f"{number} {severity if number == 1 or severity == 'info' else severity + 's'}"


def render_html(review: Review) -> str:
    """The whole page."""
    counts = ", ".join(
        _count(sum(len(i) for _, i in groups), severity) for severity, groups in review.findings
    )
    sections = (
        [diagnostics_section(review)]
        if review.broken
        else [
            diagram_section(review),
            findings_section(review),
            flows_section(review),
            data_section(review),
            risks_section(review),
        ]
    )
    summary = "model errors" if review.broken else (counts or "no open findings")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(review.title)} — design review</title><style>{CSS}</style></head><body>"
        f'<header id="summary"><h1>{_e(review.title)}</h1><p>Design review of {_e(", ".join(review.files))}'
        f" as of {_e(review.today.isoformat())}: {_e(summary)}.</p></header>"
        + "".join(sections)
        + "</body></html>\n"
    )
