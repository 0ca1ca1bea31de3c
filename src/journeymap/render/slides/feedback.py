"""The "Voice of the customer" row of the stage slides: per step a card in the step's heat colour (the share of
negative comments, :data:`..feedback_view.HEAT`) that writes the share with its 95 % interval, the number of
comments, the top themes and the best quote with its source row. The row is a lane like the others (same
paging, same 10 pt floor), present on every stage slide of a map with measured feedback and on none otherwise."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Map, Step
from ..content import CellItem
from ..feedback_view import (
    HEAT,
    best_quotes,
    count_text,
    has_feedback,
    heat_bin,
    percent,
    quote_source,
    share_text,
    shorten,
    themes_text,
)

__all__ = ["QUOTE_CHARS", "VOICE_FILL", "VOICE_HEADING", "voice_cells", "voice_notes"]

VOICE_HEADING = "Voice of the customer"
VOICE_FILL = "#ffffff"
QUOTE_CHARS = 110
"""A slide's quote is cut at a word boundary after this many characters (the spreadsheet has them whole)."""


def voice_cells(m: Map, steps: Sequence[Step]) -> list[list[CellItem]] | None:
    """The row's cells for ``steps`` (a step without feedback gets an empty cell), or None when no step or
    touchpoint of ``m`` has feedback."""
    if not has_feedback(m) or not any(s.feedback is not None for s in m.steps):
        return None
    return [_items(step) for step in steps]


def _items(step: Step) -> list[CellItem]:
    fm = step.feedback
    if fm is None:
        return []
    meta = [count_text(fm)]
    themes = themes_text(fm)
    if themes:
        meta.append(f"themes: {themes}")
    for quote in best_quotes(fm, 1):
        meta.append(f"“{shorten(quote.text, QUOTE_CHARS)}” — {quote_source(quote)}")
    fill = HEAT[heat_bin(fm.share_negative)][1]
    return [CellItem(step.id, share_text(fm), tuple(meta), fill, None, "voice")]


def voice_notes(steps: Sequence[Step]) -> list[str]:
    """Speaker-note lines: for each step with feedback, where its numbers come from (counts, the interval's method,
    the data set and date, every quote's source row)."""
    lines = []
    for step in steps:
        fm = step.feedback
        if fm is None:
            continue
        when = f", computed {fm.measured_on.isoformat()}" if fm.measured_on else ""
        themes = ", ".join(f"{t.theme} {t.count}" for t in fm.themes)
        quotes = "; ".join(f"{quote_source(q, date=True)} ({q.sentiment})" for q in fm.quotes)
        lines.append(
            f"{step.name}: voice of the customer — {fm.negative} of {fm.comments} comments negative, "
            f"{percent(fm.share_negative)} (Wilson 95 % interval {percent(fm.ci95[0])}–{percent(fm.ci95[1])}), "
            f"data set {fm.dataset}{when}"
            + (f"; themes: {themes}" if themes else "")
            + (f"; quotes from {quotes}" if quotes else "")
            + "."
        )
    return lines
