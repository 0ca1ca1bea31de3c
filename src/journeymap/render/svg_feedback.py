"""The "Voice of the customer" strip of a timeline map: a row below the lanes, one cell a step.

Each cell opens with a heat block coloured by the step's share of negative comments (:data:`.feedback_view.HEAT`)
that also writes the share with its 95 % interval and the count; below it a small interval bar (0–100 %), the
top two themes and the best one or two quotes, short, in quotation marks, each with its source row. Drawn only
when a step of the map has feedback: a map without feedback is drawn exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import FeedbackMeasure, Map
from .feedback_view import (
    HEAT,
    best_quotes,
    clip,
    count_text,
    heat_bin,
    percent,
    quote_source,
    share_text,
    themes_text,
)
from .layout import CELL_PAD, FONT, HEAD_W, LINE_H, MARGIN, META_FONT, META_LINE_H, ColumnBox, TimelineLayout
from .svg import element, text_block
from .text import wrap
from .theme import GRID, INK, MUTED

__all__ = ["FeedbackCell", "FeedbackStrip", "draw_feedback_strip", "feedback_strip"]

TITLE = "Voice of the customer"
HEAT_H = 38.0
BAR_H = 16.0
QUOTE_LINES = 3
QUOTES = 2
GAP = 4.0


@dataclass(frozen=True)
class FeedbackCell:
    """One step's cell of the strip and the lines it writes."""

    column: ColumnBox
    measure: FeedbackMeasure | None
    themes: tuple[str, ...]
    quotes: tuple[tuple[tuple[str, ...], str], ...]
    """Each quote's lines (in quotation marks, clipped) and its source line."""

    @property
    def height(self) -> float:
        if self.measure is None:
            return HEAT_H
        quotes = sum(len(lines) * META_LINE_H + META_LINE_H + GAP for lines, _ in self.quotes)
        return HEAT_H + BAR_H + len(self.themes) * META_LINE_H + GAP + quotes


@dataclass(frozen=True)
class FeedbackStrip:
    y: float
    h: float
    heading: tuple[str, ...]
    note: tuple[str, ...]
    cells: tuple[FeedbackCell, ...]


def feedback_strip(m: Map, layout: TimelineLayout, y: float) -> FeedbackStrip | None:
    """The strip of the steps laid out in ``layout``, starting at ``y``; None when no step has feedback."""
    if not any(col.step.feedback is not None for col in layout.columns):
        return None
    width = layout.columns[0].w - 2 * CELL_PAD - 2 * 6.0
    cells = tuple(_cell(col, width) for col in layout.columns)
    measures = [c.measure for c in cells if c.measure is not None]
    heading = tuple(wrap(TITLE, HEAD_W - 2 * CELL_PAD, FONT, bold=True))
    datasets = sorted({fm.dataset for fm in measures})
    total = sum(fm.comments for fm in measures)
    note_text = (
        f"{total} comments on these steps ({', '.join(datasets)}). Colour: share negative; "
        "bar: 0–100 %, the 95 % interval thick, the share a dot."
    )
    note = tuple(wrap(note_text, HEAD_W - 2 * CELL_PAD, META_FONT))
    head_h = 2 * CELL_PAD + len(heading) * LINE_H + len(note) * META_LINE_H + 4
    h = max(head_h, max(c.height for c in cells) + 2 * CELL_PAD)
    return FeedbackStrip(y, h, heading, note, cells)


def _cell(col: ColumnBox, width: float) -> FeedbackCell:
    fm = col.step.feedback
    if fm is None:
        return FeedbackCell(col, None, (), ())
    themes = themes_text(fm)
    theme_lines = tuple(clip(f"themes: {themes}", width, META_FONT, 2)) if themes else ()
    quotes = tuple(
        (tuple(clip(q.text, width, META_FONT, QUOTE_LINES, quoted=True)), f"— {quote_source(q)} · {q.sentiment}")
        for q in best_quotes(fm, QUOTES)
    )
    return FeedbackCell(col, fm, theme_lines, quotes)


def draw_feedback_strip(strip: FeedbackStrip, layout: TimelineLayout) -> str:
    grid_w = layout.width - MARGIN - layout.grid_x
    parts = [
        element("rect", {"x": MARGIN, "y": strip.y, "width": HEAD_W, "height": strip.h, "class": "jm-lane-head"}),
        text_block(
            list(strip.heading), MARGIN + CELL_PAD, strip.y + CELL_PAD + FONT, size=FONT, line_height=LINE_H, bold=True
        ),
        text_block(
            list(strip.note),
            MARGIN + CELL_PAD,
            strip.y + CELL_PAD + len(strip.heading) * LINE_H + META_FONT + 4,
            size=META_FONT,
            line_height=META_LINE_H,
            css_class="jm-muted",
        ),
        element(
            "rect",
            {"x": layout.grid_x, "y": strip.y, "width": grid_w, "height": strip.h, "fill": "#ffffff", "stroke": GRID},
        ),
    ]
    for cell in strip.cells:
        x = cell.column.x
        parts.append(element("line", {"x1": x, "y1": strip.y, "x2": x, "y2": strip.y + strip.h, "class": "jm-cell"}))
        parts.append(_draw_cell(cell, strip.y + CELL_PAD))
    return element("g", {"class": "jm-feedback", "data-lane": "voice-of-the-customer"}, parts)


def _draw_cell(cell: FeedbackCell, y: float) -> str:
    x = cell.column.x + CELL_PAD
    w = cell.column.w - 2 * CELL_PAD
    fm = cell.measure
    attrs = {"class": "jm-feedback-cell", "data-element": cell.column.step.id}
    if fm is None:
        text = text_block(["no comments"], x + 6, y + 22, size=META_FONT, line_height=META_LINE_H, css_class="jm-muted")
        return element("g", attrs, [text])
    _, fill, ink = HEAT[heat_bin(fm.share_negative)]
    attrs |= {"data-comments": str(fm.comments), "data-share-negative": f"{fm.share_negative:.4f}"}
    parts = [
        element("rect", {"x": x, "y": y, "width": w, "height": HEAT_H - 4, "rx": 4, "fill": fill, "class": "jm-heat"}),
        text_block([share_text(fm)], x + 6, y + 15, size=FONT, line_height=LINE_H, bold=True, fill=ink),
        text_block([count_text(fm)], x + 6, y + 28, size=META_FONT, line_height=META_LINE_H, fill=ink),
        *_interval_bar(fm, x + 6, y + HEAT_H + 4, w - 12),
    ]
    cursor = y + HEAT_H + BAR_H + META_FONT
    if cell.themes:
        parts.append(
            text_block(list(cell.themes), x + 6, cursor, size=META_FONT, line_height=META_LINE_H, css_class="jm-muted")
        )
        cursor += len(cell.themes) * META_LINE_H
    cursor += GAP
    for lines, source in cell.quotes:
        parts.append(
            text_block(list(lines), x + 6, cursor, size=META_FONT, line_height=META_LINE_H, css_class="jm-quote")
        )
        cursor += len(lines) * META_LINE_H
        parts.append(text_line_muted(source, x + 6, cursor))
        cursor += META_LINE_H + GAP
    return element("g", attrs, parts)


def text_line_muted(text: str, x: float, y: float) -> str:
    return text_block([text], x, y, size=META_FONT - 1, line_height=META_LINE_H, css_class="jm-muted")


def _interval_bar(fm: FeedbackMeasure, x: float, y: float, w: float) -> Iterator[str]:
    """A track from 0 to 100 %, the 95 % interval as a thick segment, the share as a dot: how sure the share is."""
    low, high = fm.ci95
    cy = y + 4
    yield element("line", {"x1": x, "y1": cy, "x2": x + w, "y2": cy, "stroke": GRID, "stroke-width": 2})
    for tick in (0.0, 0.5, 1.0):
        tx = x + tick * w
        yield element("line", {"x1": tx, "y1": cy - 3, "x2": tx, "y2": cy + 3, "stroke": GRID, "stroke-width": 1})
    yield element(
        "line",
        {"x1": x + low * w, "y1": cy, "x2": x + high * w, "y2": cy, "stroke": MUTED, "stroke-width": 4},
    )
    yield element(
        "circle",
        {"cx": x + fm.share_negative * w, "cy": cy, "r": 3.5, "fill": INK, "stroke": "#ffffff", "stroke-width": 1},
    )
    yield element(
        "title", None, f"share negative {percent(fm.share_negative)}, 95 % interval {percent(low)}–{percent(high)}"
    )
