"""The style sheet, the small inline script (client-side search; no framework, no external resource) and the frame
of the portfolio and opportunity-board pages. The Content-Security-Policy allows exactly this script, by its hash."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from .html_document import PAGE_CSS, h

__all__ = ["PORTFOLIO_CSS", "SEARCH_SCRIPT", "portfolio_page"]

PORTFOLIO_CSS = """
header.page { background: #0f2a4a; color: #fff; padding: 22px 28px 18px; }
header.page h1 { color: #fff; font-size: 26px; }
header.page p { color: #c9d6e6; }
nav.sections { position: sticky; top: 0; z-index: 5; display: flex; gap: 18px; align-items: center;
  padding: 8px 28px; background: #fff; border-bottom: 1px solid var(--line); box-shadow: 0 1px 3px rgba(0,0,0,.06); }
nav.sections a { color: var(--accent); text-decoration: none; font-size: 14px; }
nav.sections input { margin-left: auto; width: 320px; padding: 6px 10px; border: 1px solid var(--line);
  border-radius: 6px; font: inherit; font-size: 14px; }
.kpis { display: flex; gap: 14px; flex-wrap: wrap; margin-top: 16px; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; }
.kpi b { display: block; font-size: 26px; color: var(--accent); }
.kpi span { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px;
  box-shadow: 0 1px 3px rgba(0,0,0,.06); overflow-x: auto; }
table.grid { width: 100%; }
table.grid td, table.grid th { border: 0; border-bottom: 1px solid #e4e7eb; }
.muted { color: var(--muted); font-size: 12px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; white-space: nowrap; }
.st-draft { background: #eef2f7; color: #3e4c59; } .st-in-review { background: #fff3c4; color: #7a5a00; }
.st-current { background: #d3f2dc; color: #1e6b35; } .st-retired { background: #e4e7eb; color: #7b8794; }
.st-idea { background: #eef2f7; color: #3e4c59; } .st-testing { background: #fff3c4; color: #7a5a00; }
.st-validated { background: #d3f2dc; color: #1e6b35; } .st-rejected { background: #fde2e1; color: #9b1c1c; }
.st-delivered { background: #d6e4f5; color: #1d4e89; }
.health { font-size: 20px; font-weight: bold; font-variant-numeric: tabular-nums; }
.parts { display: grid; grid-template-columns: 120px 90px 34px; gap: 2px 8px; font-size: 12px; align-items: center; }
.bar { height: 8px; background: #e4e7eb; border-radius: 4px; overflow: hidden; }
.bar i { display: block; height: 100%; border-radius: 4px; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 22px; }
ul.tree { padding-left: 4px; }
ul.tree li { position: relative; padding: 3px 0; }
ul.tree ul li::before { content: ""; position: absolute; left: -14px; top: 0; height: 14px; width: 10px;
  border-left: 1px solid #9aa5b1; border-bottom: 1px solid #9aa5b1; }
.node { display: inline-flex; gap: 8px; align-items: center; padding: 3px 10px; border: 1px solid var(--line);
  border-radius: 6px; background: #fff; }
.trees { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px; }
.trees h3, .personas h3 { margin: 0 0 8px; font-size: 14px; }
table.heat td.cell { min-width: 96px; text-align: center; font-size: 12px; }
table.heat td.cell b { display: block; font-size: 15px; }
table.heat td.empty { background: repeating-linear-gradient(45deg,#f5f7fa,#f5f7fa 4px,#e4e7eb 4px,#e4e7eb 8px); }
.legend { display: flex; gap: 24px; flex-wrap: wrap; align-items: center; margin-top: 10px; font-size: 12px; }
.ramp { display: inline-block; width: 200px; height: 12px; border-radius: 3px; vertical-align: middle; }
.swatch { display: inline-block; width: 14px; height: 12px; border-radius: 2px; vertical-align: middle; }
.board { display: grid; grid-template-columns: repeat(5, minmax(170px, 1fr)); gap: 10px; }
.column { background: #eef2f7; border-radius: 8px; padding: 8px; min-height: 80px; }
.column h3 { margin: 2px 4px 8px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.opp { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin-bottom: 8px;
  font-size: 12px; }
.opp p { margin: 0 0 4px; font-size: 13px; }
.opp .n { display: inline-block; min-width: 20px; text-align: center; border-radius: 10px; background: #1d4e89;
  color: #fff; font-size: 11px; margin-right: 4px; }
.matrix { display: flex; gap: 20px; flex-wrap: wrap; align-items: flex-start; }
.personas { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
.personas ul { margin: 4px 0 0 16px; padding: 0; font-size: 13px; }
#hits { margin-top: 10px; font-size: 13px; }
#hits li { margin: 2px 0; }
[hidden] { display: none !important; }
@media print { nav.sections { display: none; } .board { grid-template-columns: repeat(3, 1fr); } }
"""

SEARCH_SCRIPT = """
(function () {
  var box = document.getElementById('q');
  var data = document.getElementById('search-index');
  var index = data ? JSON.parse(data.textContent) : [];
  var out = document.getElementById('hits');
  var count = document.getElementById('hit-count');
  function words(el) { return (el.getAttribute('data-search') || el.textContent).toLowerCase(); }
  function run() {
    var q = box.value.trim().toLowerCase();
    var maps = {};
    var hits = [];
    index.forEach(function (item) {
      if (q && item.words.indexOf(q) < 0 && item.personas.join(' ').indexOf(q) < 0 &&
          item.tags.indexOf(q) < 0 && item.map_tags.indexOf(q) < 0 && item.channel !== q) { return; }
      maps[item.workspace + '\\u0000' + item.map] = true;
      if (q && item.kind !== 'map') { hits.push(item); }
    });
    document.querySelectorAll('[data-map]').forEach(function (el) {
      var key = el.getAttribute('data-workspace') + '\\u0000' + el.getAttribute('data-map');
      el.classList.toggle('dim', !!q && !maps[key] && words(el).indexOf(q) < 0);
    });
    document.querySelectorAll('[data-filter]').forEach(function (el) {
      el.hidden = !!q && words(el).indexOf(q) < 0;
    });
    out.textContent = '';
    hits.slice(0, 200).forEach(function (item) {
      var li = document.createElement('li');
      var kind = document.createElement('span');
      kind.className = 'pill st-draft';
      kind.textContent = item.kind;
      li.appendChild(kind);
      var where = ' \\u2014 ' + item.map_title + ' \\u203a ' + item.where;
      li.appendChild(document.createTextNode(' ' + item.text + where));
      out.appendChild(li);
    });
    count.textContent = q && index.length ? hits.length + ' elements match' : '';
  }
  box.addEventListener('input', run);
})();
"""

_DIM_CSS = ".dim { opacity: .28; }\n"


def _hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def portfolio_page(title: str, body: Iterable[str], *, script: bool = True) -> str:
    """A whole self-contained page: the house style plus the portfolio's; the search script allowed by its hash."""
    source = f"script-src 'sha256-{_hash(SEARCH_SCRIPT)}'; " if script else ""
    csp = f"default-src 'none'; {source}style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    tail = f"<script>{SEARCH_SCRIPT}</script>\n" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(title)}</title>\n<style>{PAGE_CSS}{PORTFOLIO_CSS}{_DIM_CSS}</style>\n</head>\n<body>\n"
        + "".join(body)
        + tail
        + "<footer>Made with journeymap — customer-experience maps as code.</footer>\n</body>\n</html>\n"
    )
