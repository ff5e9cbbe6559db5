"""The style sheet, the script and the legend that every review page inlines (no network).

The script does two things and fails soft (the page reads without it): it sets each diagram's
initial zoom to fit its box, never below 90% (so 10 px text stays 9 px or more; a wider drawing
scrolls inside its box), and it opens any diagram full size in an overlay with zoom (wheel,
buttons, + and -) and pan (drag, arrow keys); Escape closes it. A link on the map of boundaries
opens that boundary's diagram the same way.
"""

CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fff;overflow-wrap:break-word}
main{max-width:1330px;margin:0 auto;padding:0 16px 40px}
nav#nav{position:sticky;top:0;z-index:5;background:#1f2937;color:#fff;padding:6px 16px;
display:flex;gap:4px 14px;flex-wrap:wrap;align-items:center;font-size:13px}
nav#nav a{color:#dbe4f0;text-decoration:none}nav#nav a:hover{color:#fff;text-decoration:underline}
nav#nav .title{font-weight:600;color:#fff;margin-right:8px}
h1{margin:.5em 0 .1em;font-size:24px}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;
margin:1.4em 0 .5em;font-size:20px}h3{margin:1.1em 0 .3em;font-size:16px}
section,article,header{scroll-margin-top:44px}
table{border-collapse:collapse;margin:.4em 0 .8em}th,td{border:1px solid #ddd;padding:.2em .5em;
text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f4f4f4;overflow-wrap:normal}
td.num{text-align:right;white-space:nowrap}
.error{color:#b00020}.warning{color:#a04e00}.info{color:#35648f}.ok{color:#1b7a2f}
.muted{color:#666}code{background:#f2f2f2;padding:0 .2em;overflow-wrap:anywhere}
pre{background:#f7f7f7;padding:.8em;overflow:auto;max-height:60vh}
.chips{display:flex;gap:8px;flex-wrap:wrap;margin:.4em 0}
.chip{border-radius:10px;padding:1px 10px;font-weight:600;border:1px solid}
.chip.error{border-color:#e8a5ad;background:#fdecee}.chip.warning{border-color:#f3c48f;background:#fff3e3}
.chip.info{border-color:#b7cde3;background:#eef4fa}.chip.ok{border-color:#a9d5b4;background:#eef8f0}
.summary-grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 28px}
.causes{margin:.2em 0;padding-left:1.3em}.causes li{margin:.15em 0}
.flows-table td,.flows-table th{font-size:13px}
.facts{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:0 24px}
.facts h4{margin:.6em 0 .2em;font-size:14px}
.diagram{position:relative;overflow:auto;border:1px solid #ddd;max-height:75vh;background:#fff}
.diagram svg{display:block;max-width:none}
.diagram .open{position:sticky;float:right;top:4px;right:4px;margin:4px;z-index:2}
button{font:inherit;font-size:12px;padding:1px 8px;border:1px solid #999;border-radius:4px;
background:#f7f7f7;cursor:pointer}
.flow+.flow{border-top:2px solid #e5e7eb;margin-top:1.2em}
.flow.side{display:grid;grid-template-columns:auto minmax(0,1fr);gap:0 24px;align-items:start}
.flow.side>h3{grid-column:1/-1}.flow.side>.drawing{width:min-content;min-width:240px}.flow.side .facts{grid-template-columns:minmax(0,1fr)}
.flow.side>.load-block{grid-column:1/-1}
.finding{margin:.35em 0 .6em}.finding .where{color:#666;font-size:12px}
.members{margin:.2em 0;padding-left:1.4em;font-size:13px}
details>summary{cursor:pointer;font-weight:600;margin:.4em 0}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;align-items:center;font-size:12px;margin:.3em 0 .6em}
.legend span{display:inline-flex;align-items:center;gap:6px}
.badge{color:#a04e00;font-weight:700}
#viewer{position:fixed;inset:0;z-index:20;background:rgba(20,24,31,.92);display:none}
#viewer.on{display:block}
#viewer .bar{position:absolute;top:0;left:0;right:0;height:40px;display:flex;gap:8px;
align-items:center;padding:0 12px;background:#111827;color:#fff}
#viewer .bar .name{flex:1;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
#viewer .stage{position:absolute;top:40px;left:0;right:0;bottom:0;overflow:hidden;cursor:grab;
background:#fff}
#viewer .canvas{transform-origin:0 0;position:absolute;left:0;top:0}
#viewer .canvas svg{display:block;max-width:none}
"""

SCRIPT = r"""
(function () {
  'use strict';
  var MIN_ZOOM = 0.91;  // 10 px text stays above 9 px, with room for rounding
  function size(svg) {
    return [parseFloat(svg.getAttribute('width')) || 0, parseFloat(svg.getAttribute('height')) || 0];
  }
  function fitBox(box) {
    var svg = box.querySelector('svg');
    if (!svg) return;
    var wh = size(svg);
    if (!wh[0]) return;
    var zoom = Math.max(MIN_ZOOM, Math.min(1, (box.clientWidth - 2) / wh[0]));
    svg.style.width = (wh[0] * zoom) + 'px';
    svg.style.height = (wh[1] * zoom) + 'px';
  }
  var viewer = document.getElementById('viewer');
  var stage = viewer.querySelector('.stage');
  var canvas = viewer.querySelector('.canvas');
  var state = {zoom: 1, x: 0, y: 0};
  function apply() {
    canvas.style.transform = 'translate(' + state.x + 'px,' + state.y + 'px) scale(' + state.zoom + ')';
  }
  function zoomAt(factor, cx, cy) {
    var zoom = Math.min(8, Math.max(0.05, state.zoom * factor));
    state.x = cx - (cx - state.x) * zoom / state.zoom;
    state.y = cy - (cy - state.y) * zoom / state.zoom;
    state.zoom = zoom;
    apply();
  }
  function fitAll() {
    var svg = canvas.querySelector('svg');
    var wh = size(svg);
    state.zoom = Math.min(1, stage.clientWidth / wh[0], stage.clientHeight / wh[1]) || 1;
    state.x = Math.max(0, (stage.clientWidth - wh[0] * state.zoom) / 2);
    state.y = 0;
    apply();
  }
  function open(source, name) {
    var svg = source.cloneNode(true);
    svg.removeAttribute('style');
    canvas.textContent = '';
    canvas.appendChild(svg);
    viewer.querySelector('.name').textContent = name || '';
    viewer.classList.add('on');
    state = {zoom: 1, x: 0, y: 0};
    fitAll();
    viewer.focus();
  }
  function close() { viewer.classList.remove('on'); canvas.textContent = ''; }
  viewer.querySelector('[data-act=close]').addEventListener('click', close);
  viewer.querySelector('[data-act=in]').addEventListener('click', function () {
    zoomAt(1.25, stage.clientWidth / 2, stage.clientHeight / 2); });
  viewer.querySelector('[data-act=out]').addEventListener('click', function () {
    zoomAt(0.8, stage.clientWidth / 2, stage.clientHeight / 2); });
  viewer.querySelector('[data-act=fit]').addEventListener('click', fitAll);
  viewer.querySelector('[data-act=one]').addEventListener('click', function () {
    state.zoom = 1; state.x = 0; state.y = 0; apply(); });
  stage.addEventListener('wheel', function (event) {
    event.preventDefault();
    var r = stage.getBoundingClientRect();
    zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - r.left, event.clientY - r.top);
  }, {passive: false});
  var drag = null;
  stage.addEventListener('pointerdown', function (event) {
    drag = {x: event.clientX - state.x, y: event.clientY - state.y};
    stage.setPointerCapture(event.pointerId);
  });
  stage.addEventListener('pointermove', function (event) {
    if (!drag) return;
    state.x = event.clientX - drag.x; state.y = event.clientY - drag.y; apply();
  });
  stage.addEventListener('pointerup', function () { drag = null; });
  document.addEventListener('keydown', function (event) {
    if (!viewer.classList.contains('on')) return;
    var step = 60, keys = {ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]};
    if (event.key === 'Escape') close();
    else if (event.key === '+' || event.key === '=') zoomAt(1.25, stage.clientWidth / 2, stage.clientHeight / 2);
    else if (event.key === '-') zoomAt(0.8, stage.clientWidth / 2, stage.clientHeight / 2);
    else if (event.key === '0') fitAll();
    else if (keys[event.key]) { state.x += keys[event.key][0]; state.y += keys[event.key][1]; apply(); }
    else return;
    event.preventDefault();
  });
  document.querySelectorAll('.diagram').forEach(function (box) {
    fitBox(box);
    var button = box.querySelector('button.open');
    if (button) button.addEventListener('click', function () {
      open(box.querySelector('svg'), box.getAttribute('data-name'));
    });
  });
  document.querySelectorAll('.diagram[data-kind=map] a').forEach(function (link) {
    link.addEventListener('click', function (event) {
      var id = (link.getAttribute('href') || link.getAttribute('xlink:href') || '').slice(1);
      var target = document.getElementById('diagram-' + id);
      if (!target || !target.querySelector('svg')) return;
      event.preventDefault();
      open(target.querySelector('svg'), target.getAttribute('data-name'));
    });
  });
  function reveal() {  // a link to a finding opens the folds that hide it
    var target = location.hash && document.getElementById(location.hash.slice(1));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener('hashchange', reveal);
  if (location.hash) reveal();
  window.addEventListener('resize', function () {
    document.querySelectorAll('.diagram').forEach(fitBox);
  });
})();
"""

VIEWER = (
    '<div id="viewer" tabindex="-1" role="dialog" aria-label="diagram viewer">'
    '<div class="bar"><span class="name"></span>'
    '<button data-act="out" title="zoom out (-)">−</button>'
    '<button data-act="in" title="zoom in (+)">+</button>'
    '<button data-act="fit" title="fit (0)">fit</button>'
    '<button data-act="one" title="actual size">1:1</button>'
    '<button data-act="close" title="close (Esc)">close ✕</button></div>'
    '<div class="stage"><div class="canvas"></div></div></div>'
)


def _swatch(body: str, width: int = 44) -> str:
    return (
        f'<svg width="{width}" height="20" viewBox="0 0 {width} 20" aria-hidden="true">{body}</svg>'
    )


def _line(style: str, colour: str = "#444444") -> str:
    return _swatch(
        f'<line x1="2" y1="10" x2="36" y2="10" stroke="{colour}" stroke-width="1.6" {style}/>'
        f'<path d="M36 5 L43 10 L36 15" fill="none" stroke="{colour}" stroke-width="1.6"/>'
    )


LEGEND = (
    '<div class="legend" aria-label="legend">'
    "<span>"
    + _swatch(
        '<rect x="2" y="3" width="38" height="14" rx="4" fill="#fff" '
        'stroke="#d62728" stroke-width="2.5"/>'
    )
    + "has an error (only errors are red)</span>"
    '<span><span class="badge">⚠ 2</span>open warnings</span>'
    "<span>" + _line("") + "synchronous call</span>"
    "<span>" + _line('stroke-dasharray="5 3"') + "asynchronous message</span>"
    "<span>" + _line('stroke-dasharray="5 3"', "#9a9a9a") + "out of band (monitoring, "
    "replication, backup)</span>"
    "<span>" + _line('stroke-dasharray="1 3"', "#9a9a9a") + "to its dead-letter queue</span>"
    "<span>"
    + _swatch(
        '<rect x="2" y="2" width="40" height="16" rx="3" fill="none" '
        'stroke="#333" stroke-dasharray="1.5 2.5"/>'
    )
    + "failure unit (runs_on)</span>"
    "<span>"
    + _swatch('<path d="M6 10 L12 3 L32 3 L38 10 L32 17 L12 17 Z" fill="#f3ecfa" stroke="#333"/>')
    + "router</span>"
    "<span>"
    + _swatch(
        '<rect x="2" y="3" width="38" height="14" fill="#eee" stroke="#777" '
        'stroke-dasharray="3 2"/>'
    )
    + "outside system or actor</span>"
    "<span>"
    + _swatch('<rect x="4" y="3" width="34" height="14" rx="6" fill="#e8f0fb" stroke="#333"/>')
    + "store</span>"
    "</div>"
)
