"""The review page's table sections: the sensitive-data inventory, the accepted risks and a
broken model's diagnostics, and the escaping every section shares (`_e`)."""

from __future__ import annotations

import html

from archdsl.review.content import DataReview, Review, RiskReview


def escape_text(value) -> str:
    """Any value as HTML text, quotes included (safe in attributes too)."""
    return html.escape(str(value), quote=True)


def table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """A table; `rows` hold cells already escaped (or built from escaped parts)."""
    head = "".join(f"<th>{escape_text(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# ---------------------------------------------------------------- data and risks


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
            f"<code>{escape_text(c.relation)}</code> {escape_text(where)}"
            + (f" <em>{escape_text('; '.join(flags))}</em>" if flags else "")
        )
    return [
        f"<strong>{escape_text(item.data.name)}</strong>",
        escape_text(fields),
        escape_text(stores),
        "<br>".join(crossings) or "—",
    ]


def data_section(review: Review) -> str:
    if not review.data:
        return '<section id="data"><h2>Sensitive data</h2><p>No data with pii, pci, secret or health fields.</p></section>'
    rows = [_data_rows(item) for item in review.data]
    drawn = table(
        ["data", "classified fields", "lives in", "carried by (boundaries crossed)"], rows, "data"
    )
    return f'<section id="data"><h2>Sensitive data</h2>{drawn}</section>'


def _risk_row(risk: RiskReview) -> list[str]:
    accept = risk.acceptance
    until = accept.until.isoformat() if accept.until else "no expiry"
    css = {"expired": "error", "active": "ok"}.get(risk.status, "warning")
    named = (
        "<br>".join(
            f"<code>{escape_text(f.code)}</code> {escape_text(f.message)}" for f in risk.findings
        )
        or "—"
    )
    return [
        escape_text(", ".join(accept.rules)),
        escape_text(", ".join(accept.targets)),
        escape_text(accept.reason or "—"),
        escape_text(accept.owner or "—"),
        escape_text(until),
        f'<span class="{css}">{escape_text(risk.status)}</span>',
        named,
    ]


def risks_section(review: Review) -> str:
    if not review.risks:
        return '<section id="risks"><h2>Accepted risks</h2><p>No accepted risks.</p></section>'
    expired = sum(1 for r in review.risks if r.status == "expired")
    rows = [_risk_row(r) for r in review.risks]
    drawn = table(["rules", "on", "reason", "owner", "until", "status", "findings"], rows, "risks")
    summary = f"<p>{len(review.risks)} acceptance(s), {expired} expired as of {escape_text(review.today.isoformat())}.</p>"
    return f'<section id="risks"><h2>Accepted risks</h2>{summary}{drawn}</section>'


def diagnostics_section(review: Review) -> str:
    rows = [
        [
            f"<code>{escape_text(d.code)}</code> {escape_text(d.slug)}",
            escape_text(d.message),
            escape_text(d.span),
        ]
        for d in review.diagnostics
    ]
    return (
        '<section id="diagnostics"><h2>The model has errors</h2><p>Fix these first: the diagram and the '
        "analyses need a model that resolves.</p>"
        + table(["problem", "message", "where"], rows, "error")
        + "</section>"
    )
