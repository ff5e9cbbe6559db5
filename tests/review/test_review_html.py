"""The review page: parsed back with html.parser, every section present and filled, everything
escaped, no external resources, the same page for the same input."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import archdsl
from archdsl.diagram import RenderUnavailable, build_scene
from archdsl.review.content import build_review
from archdsl.review.diagram import inline_svg, review_diagram
from archdsl.review.html import render_html
from archdsl.rules.config import Config
from archdsl.rules.engine import run_rules

FAKE_SVG = b'<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"/></svg>\n'


class Page(HTMLParser):
    """Collects ids, tags, attributes and the text under each section."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.sections: dict[str, list[str]] = {}
        self._section: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in ("section", "header"):
            self._section = attrs.get("id")
            self.sections[self._section] = []

    def handle_data(self, data):
        if self._section:
            self.sections[self._section].append(data)

    def text(self, section: str) -> str:
        return " ".join(" ".join(self.sections[section]).split())


REVIEW_DAY = datetime.date(2026, 11, 1)  # the same day as the `shop` fixture's findings


def _page(workspace, svg=lambda dot: FAKE_SVG) -> str:
    findings = run_rules(workspace, today=REVIEW_DAY)
    diagram = (
        None
        if workspace.has_errors
        else review_diagram(build_scene(workspace.model, findings), svg)
    )
    return render_html(build_review(workspace, findings, Config(), diagram, REVIEW_DAY))


def test_every_section_is_there(shop):
    page = Page(_page(shop[0]))
    for section in ("summary", "diagram", "findings", "flows", "data", "risks"):
        assert section in page.sections, section
    assert "diagnostics" not in page.sections


def test_findings_grouped_by_severity_then_element(shop):
    page = Page(_page(shop[0]))
    assert [i for i in page.ids if i.startswith("severity-")] == [
        "severity-error",
        "severity-warning",
        "severity-info",
    ]
    text = page.text("findings")
    assert text.index("error (3)") < text.index("warning (9)") < text.index("info (5)")
    errors = text[text.index("error (3)") : text.index("warning (9)")]
    assert "fulfilment" in errors and "F002" in errors and "U001" in errors and "U008" in errors
    assert "expired on 2026-09-30" in errors  # the note on the finding whose acceptance ran out


def test_flows_show_availability_factors_and_load(shop):
    text = Page(_page(shop[0])).text("flows")
    assert "checkout — Customer checks out" in text
    assert "Estimated availability: 99.99% meets its SLO of 99.9%" in text
    assert "= edge 99.997% x web 99.9999% x api 99.9999% x orders_db 99.997%" in text
    # browse: 400 rps peak, catalog -> search has calls = 2, so search sees 800 rps of
    # 600 rps per copy x 2 copies
    assert "catalog->search[full-text search] search 800 rps 800 rps 1200 rps 67%" in text
    assert "webhooks~>order_events[payment confirmed] order_events 60 rps" in text
    # load stops at a queue: its consumers work it off at their own pace
    assert "order_events~>fulfilment fulfilment unknown" in text


def test_data_inventory_says_where_data_lives_and_what_it_crosses(shop):
    text = Page(_page(shop[0])).text("data")
    assert "Customer email (pii, unique)" not in text  # only classification flags are listed
    assert "email (pii), name (pii), password_hash (secret, hashed)" in text
    assert "orders_db (in orders_domain)" in text
    assert (
        "crm_sync->crm[upserts customers] platform → outside crosses a boundary; to a third party"
        in text
    )
    assert "Session" not in text  # no classified field


def test_accepted_risks_with_expiry(shop):
    text = Page(_page(shop[0])).text("risks")
    assert "2 acceptance(s), 1 expired as of 2026-11-01" in text
    assert "single-point-of-failure sessions" in text and "2027-06-30 active" in text
    assert "U001 mailer" in text and "2026-09-30 expired" in text


def test_inline_svg_without_prolog():
    assert inline_svg(FAKE_SVG) == '<svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"/></svg>'
    assert inline_svg(b"<svg><g></svg>") is None
    assert inline_svg(b"no drawing") is None


def test_without_graphviz_the_mermaid_source_is_shown(shop):
    def unavailable(dot):
        raise RenderUnavailable("SVG needs Graphviz <here>")

    page_text = _page(shop[0], unavailable)
    page = Page(page_text)
    assert ("pre", {"class": "mermaid-source"}) in page.tags
    assert "flowchart LR" in page.text("diagram") and "SVG needs Graphviz <here>" in page.text(
        "diagram"
    )
    assert "<here>" not in page_text


def test_svg_is_inlined(shop):
    page = Page(_page(shop[0]))
    assert ("svg", {"xmlns": "http://www.w3.org/2000/svg"}) in page.tags


def test_hostile_labels_are_escaped(hostile):
    def unavailable(dot):
        raise RenderUnavailable("no Graphviz")

    text = _page(hostile, unavailable)  # the Mermaid source in <pre> shows every label
    page = Page(text)
    for raw in ("<script", "<img", "<b>", "</td><script>", "alert(1)</script>"):
        assert raw not in text, raw
    assert "&lt;img src=y&gt;" in text  # the flow's label, escaped in the flows section
    assert not [tag for tag, _ in page.tags if tag in ("script", "img", "b", "i")]
    assert sum(1 for tag, _ in page.tags if tag == "title") == 1
    assert "reads </td><script>" not in page.text(
        "diagram"
    )  # Mermaid entity codes, then HTML escaping
    assert "#lt;script#gt;" in page.text("diagram")
    assert "f — <img src=y>" in page.text("flows")  # shown as text, intact


def test_no_external_resources_and_deterministic(shop):
    first, second = _page(shop[0]), _page(shop[0])
    assert first == second
    page = Page(first)
    assert not [t for t, a in page.tags if t in ("script", "link", "img", "iframe", "object")]
    assert not [
        a for _, a in page.tags if "src" in a or ("href" in a and not a["href"].startswith("#"))
    ]
    assert "url(" not in first and "@import" not in first


def test_broken_model_shows_only_its_diagnostics():
    workspace = archdsl.workspace.open_text("service api\napi -> nowhere\n", "broken.arch")
    page = Page(_page(workspace))
    assert "diagnostics" in page.sections and "flows" not in page.sections
    assert "E002" in page.text("diagnostics") and "nowhere" in page.text("diagnostics")
