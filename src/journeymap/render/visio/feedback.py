"""The "Voice of the customer" strip on a Visio page, placed as the SVG places it (:mod:`..svg_feedback`): a lane
head, then per step a card in its heat colour with the share negative and its 95 % interval and n, and below it a
text shape with the top themes and the best quotes with their source rows. Editable shapes, named
``Voice <step id>``; nothing on a map without feedback."""

from __future__ import annotations

from ...model import Map
from ..feedback_view import HEAT, count_text, heat_bin, share_text
from ..geometry import Box
from ..layout import CELL_PAD, HEAD_W, LINE_H, MARGIN, TimelineLayout
from ..svg_feedback import HEAT_H, FeedbackStrip, feedback_strip
from ..theme import GRID
from .shapes import CARD_LINE, WHITE, Drawing, Style

__all__ = ["draw_voice", "voice_strip"]


def voice_strip(m: Map, layout: TimelineLayout) -> FeedbackStrip | None:
    """The strip below the lanes (None without feedback): the page grows by its height."""
    return feedback_strip(m, layout, layout.grid_bottom + 10)


def draw_voice(drawing: Drawing, strip: FeedbackStrip, layout: TimelineLayout) -> None:
    grid_w = layout.width - MARGIN - layout.grid_x
    band = Style(fill=WHITE, line=GRID)
    drawing.box(Box(layout.grid_x, strip.y, grid_w, strip.h), "", band, name="Lane band")
    head = Box(MARGIN, strip.y, HEAD_W, strip.h)
    style = Style(fill="#f4f5f7", line=GRID, bold=True)
    drawing.card(head, " ".join(strip.heading), style, "Lane voice-of-the-customer", [" ".join(strip.note)],
                 strip.y + CELL_PAD + len(strip.heading) * LINE_H)  # fmt: skip
    for cell in strip.cells:
        fm = cell.measure
        x, y, w = cell.column.x + CELL_PAD, strip.y + CELL_PAD, cell.column.w - 2 * CELL_PAD
        if fm is None:
            muted = Style(fill=None, line=None, text_px=10.0, text_colour="#52606d")
            drawing.box(Box(x, y, w, 24), "no comments", muted, name=f"Voice {cell.column.step.id}")
            continue
        _, fill, ink = HEAT[heat_bin(fm.share_negative)]
        heat = Style(fill=fill, line=CARD_LINE, text_colour=ink, meta_colour=ink, bold=True, rounded_px=3.0)
        box = Box(x, y, w, HEAT_H - 4)
        drawing.card(box, share_text(fm), heat, f"Voice {cell.column.step.id}", [count_text(fm)], y + 15)
        lines = [*cell.themes]
        for quote, source in cell.quotes:
            lines += [" ".join(quote), source]
        text = Style(fill=None, line=None, text_px=9.5)  # LibreOffice and Visio set text a little wider
        body = Box(x, y + HEAT_H, w, max(strip.y + strip.h - CELL_PAD - y - HEAT_H, 12.0))
        drawing.box(body, "\n".join(lines), text, name=f"Voice quotes {cell.column.step.id}")
