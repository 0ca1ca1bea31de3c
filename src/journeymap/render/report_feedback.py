"""The evidence report's "Voice of the customer" section: per step (then per touchpoint) the number of comments,
the share negative with its 95 % Wilson interval drawn as a small bar, the top themes and the best quotes, each
with its source file, row and date. Left out when the map carries no measured feedback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import FeedbackMeasure, Map
from .feedback_view import (
    HEAT,
    best_quotes,
    heat_bin,
    percent,
    quote_source,
    share_text,
    step_voices,
    touchpoint_voices,
)
from .html_document import h

__all__ = ["feedback_section", "voice_html"]

QUOTES = 3


def feedback_section(data: Any) -> Iterator[str]:
    """The section's HTML for a :class:`~.report_html.ReportData`; nothing when no step or touchpoint has feedback."""
    return voice_html(data.map)


def voice_html(m: Map) -> Iterator[str]:
    """The tables of ``m``'s measured feedback (steps, then touchpoints) with a note; nothing without feedback."""
    steps = step_voices(m)
    touchpoints = touchpoint_voices(m)
    if not steps and not touchpoints:
        return
    datasets = sorted({v.measure.dataset for v in steps} | {fm.dataset for _, fm in touchpoints})
    total = sum(v.measure.comments for v in steps)
    yield (
        "<style>table.voice ul.quotes { margin: 0; padding-left: 16px; } "
        "table.voice td:nth-child(4) { white-space: nowrap; }</style>"
    )
    yield (
        f"<p>{total:,} comments about {len(steps)} steps (data set: {h(', '.join(datasets))}). Each comment was "
        "placed at a step or touchpoint and read as negative, neutral or positive by "
        "<code>journeymap feedback measure</code>; quotes are verbatim, with the row they come from.</p>"
    )
    if steps:
        rows = [[h(v.step.name), *_cells(v.measure)] for v in steps]
        yield _table("Step", rows)
    if touchpoints:
        rows = [[h(tp.name), *_cells(fm, quotes=1)] for tp, fm in touchpoints]
        yield "<h3>Touchpoints</h3>" + _table("Touchpoint", rows)
    yield (
        "<p class=note>Share negative = negative comments / comments; 95 % interval by Wilson's score method. "
        "The bar spans 0–100 %: the thick part is the interval, the dot the share. Sentiment is the classifier's "
        "reading (see docs/feedback.md for its measured accuracy).</p>"
    )


def _table(first: str, rows: list[list[str]]) -> str:
    heads = [first, "Comments", "Negative", "Share negative (95 % interval)", "Top themes", "Best quotes"]
    head = "".join(f"<th{' class=num' if i in (1, 2) else ''}>{h(c)}</th>" for i, c in enumerate(heads))
    body = "".join(
        "<tr>" + "".join(f"<td{' class=num' if i in (1, 2) else ''}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table class="voice"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cells(fm: FeedbackMeasure, quotes: int = QUOTES) -> list[str]:
    themes = ", ".join(f"{h(t.theme)} ({t.count})" for t in fm.themes[:4]) or "—"
    shown = best_quotes(fm, quotes)
    items = "".join(
        f"<li>“{h(q.text)}” <span class=note>— {h(quote_source(q, date=True))} · {h(q.sentiment)}</span></li>"
        for q in shown
    )
    return [
        str(fm.comments),
        str(fm.negative),
        f"{_bar(fm)} {h(share_text(fm))}",
        themes,
        f"<ul class=quotes>{items}</ul>" if items else "—",
    ]


def _bar(fm: FeedbackMeasure) -> str:
    """The share and its interval on a 0–100 % track, in the heat colour of the map's strip."""
    low, high = fm.ci95
    fill = HEAT[heat_bin(fm.share_negative)][1]
    label = f"{percent(fm.share_negative)} negative, 95 % interval {percent(low)}–{percent(high)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="104" height="14" role="img" aria-label="{h(label)}">'
        f'<rect x="0" y="0" width="104" height="14" rx="3" fill="{fill}"/>'
        f'<line x1="2" y1="7" x2="102" y2="7" stroke="#ffffff" stroke-width="2"/>'
        f'<line x1="{2 + low * 100:.1f}" y1="7" x2="{2 + high * 100:.1f}" y2="7" stroke="#1f2933" stroke-width="4"/>'
        f'<circle cx="{2 + fm.share_negative * 100:.1f}" cy="7" r="3.5" fill="#ffffff" stroke="#1f2933"/></svg>'
    )
