"""Planned vs actual as a self-contained HTML page (``journeymap conform --format html``, the studio's "conform"
analysis): the summary, a chart of the cases reaching each step with its drop-off, the table of every figure,
the most common deviations, and what was left out. No script, no external resource; every text is escaped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .conform_text import STEP_HEADERS, percent, step_rows
from .html_document import h, page

if TYPE_CHECKING:
    from ..evidence.conform import Conformance

__all__ = ["render_conform_html", "render_reach_svg"]

_LABEL_W, _BAR_W, _ROW_H, _TEXT_W = 260, 420, 34, 300
_BAR, _LOST, _INK, _MUTED = "#1d4e89", "#c0392b", "#1f2933", "#52606d"

_CSS = """
.summary { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; background: #fff;
  border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; max-width: 900px; }
.summary dt { color: var(--muted); } .summary dd { margin: 0; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; overflow-x: auto; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nw { white-space: nowrap; }
"""


def render_conform_html(result: Conformance) -> str:
    title = f"Planned vs actual — {result.map_title or result.map_id or 'map'}"
    body = [
        f"<style>{_CSS}</style>\n",
        f'<header class="page"><h1>{h(title)}</h1><p>Event log {h(result.source or "–")}; steps linked '
        f"{h(result.linked_by)}. Rules: docs/conform.md.</p></header>\n<main>\n",
        *_summary(result),
        '<section><h2>Reach and drop-off per step</h2><div class="chart">',
        render_reach_svg(result),
        "</div></section>\n",
        *_steps(result),
        *_deviations(result),
        *_left_out(result),
        "</main>\n",
    ]
    return page(title, body)


def _summary(result: Conformance) -> Iterator[str]:
    items = [
        ("Cases", f"{result.cases:,} ({result.events:,} events); {result.mapped_cases:,} reach a step of the map"),
        ("Conforming", f"{result.conforming:,} ({percent(result.conforming, result.cases)}) — the steps in map order "
         "from the first, none skipped or repeated"),
        ("In order", f"{result.in_order:,} ({percent(result.in_order, result.cases)}) — forward only, skips allowed"),
        ("Steps linked", f"{len(result.steps)} of {len(result.steps) + len(result.unlinked)}"),
    ]  # fmt: skip
    yield '<section><h2>Summary</h2><dl class="summary">'
    yield "".join(f"<dt>{h(k)}</dt><dd>{h(v)}</dd>" for k, v in items)
    yield "</dl></section>\n"


def render_reach_svg(result: Conformance) -> str:
    """A horizontal bar per linked step (share of all cases), with its cases and drop-off written beside it."""
    width = _LABEL_W + _BAR_W + _TEXT_W
    height = 28 + _ROW_H * max(1, len(result.steps))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="Cases reaching each step of the map" font-family="DejaVu Sans, Verdana, sans-serif">',
        f'<text x="{_LABEL_W}" y="16" font-size="12" fill="{_MUTED}">share of all {result.cases:,} cases</text>',
    ]
    for index, step in enumerate(result.steps):
        y = 28 + index * _ROW_H
        bar = max(1.0, step.share * _BAR_W) if step.cases else 0.0
        label = f"{index + 1}. {step.name}"
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 17}" font-size="13" text-anchor="end" fill="{_INK}">'
            f"<title>{h(step.step)}: {h(', '.join(step.activities))}</title>{h(shown)}</text>"
        )
        parts.append(f'<rect x="{_LABEL_W}" y="{y + 4}" width="{bar:.1f}" height="20" rx="3" fill="{_BAR}"/>')
        text = f"{step.cases:,} · {step.share * 100:.1f} %"
        parts.append(f'<text x="{_LABEL_W + bar + 6:.1f}" y="{y + 18}" font-size="12" fill="{_INK}">{h(text)}</text>')
        if step.dropoff:
            lost = f"−{step.dropoff:,} ({percent(step.dropoff, step.cases)}) drop off"
            parts.append(
                f'<text x="{_LABEL_W + _BAR_W + 110}" y="{y + 18}" font-size="12" fill="{_LOST}">{h(lost)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _steps(result: Conformance) -> Iterator[str]:
    yield "<section><h2>Steps</h2><table><thead><tr>"
    yield "".join(f"<th>{h(c)}</th>" for c in [*STEP_HEADERS, "activities"])
    yield "</tr></thead><tbody>"
    for step, row in zip(result.steps, step_rows(result), strict=True):
        kinds = ("n", "", "n", "n", "n", "nw", "n", "n", "n")
        cells = [f'<td class="{k}">{h(c)}</td>' if k else f"<td>{h(c)}</td>" for k, c in zip(kinds, row, strict=True)]
        yield "<tr>" + "".join(cells) + f"<td>{h(', '.join(step.activities))}</td></tr>"
    yield "</tbody></table></section>\n"


def _deviations(result: Conformance) -> Iterator[str]:
    yield "<section><h2>Most common deviations</h2>"
    if not result.deviations:
        yield "<p>None: every case follows the map.</p></section>\n"
        return
    yield "<table><thead><tr><th>cases</th><th>share</th><th>deviation</th></tr></thead><tbody>"
    for d in result.deviations[:10]:
        share = h(percent(d.cases, result.cases))
        yield f'<tr><td class="n">{d.cases:,}</td><td class="n">{share}</td><td>{h(d.label)}</td></tr>'
    yield "</tbody></table></section>\n"


def _left_out(result: Conformance) -> Iterator[str]:
    if result.unlinked:
        yield "<section><h2>Steps linked to no activity (left out)</h2><ul>"
        yield "".join(f"<li>{h(s.name)} ({h(s.step)})</li>" for s in result.unlinked)
        yield "</ul></section>\n"
    if result.unmapped_activities:
        yield "<section><h2>Activities linked to no step (left out)</h2><ul>"
        yield "".join(f"<li>{h(a)} — {n:,} events</li>" for a, n in result.unmapped_activities)
        yield "</ul></section>\n"
