"""The legend on a Visio page: the same entries as the SVG's (:func:`~..legend.legend`), each a small editable shape
and its name, so a colour on the drawing is explained on the drawing."""

from __future__ import annotations

from ...model import FlowKind
from ..blueprint_flows import visio_hand_over_symbol
from ..freshness_badges import BADGE_FILL
from ..geometry import Box, Point
from ..legend import ROW_H, SWATCH, Legend
from ..persona_curves import CurveStyle
from ..text import text_width
from ..theme import ACCENT, FLOW_STROKE, MARK_FILL, MOT_FILL, MUTED
from .icons import draw_icon
from .persona_marks import persona_marker
from .shapes import CARD_LINE, STAGE_FILL, WHITE, Drawing, Style

__all__ = ["FLOW_PATTERN", "draw_flow_legend", "draw_legend"]

FLOW_PATTERN: dict[FlowKind, int] = {
    FlowKind.MONEY: 1,
    FlowKind.SERVICE: 2,
    FlowKind.GOODS: 4,
    FlowKind.INFORMATION: 3,
    FlowKind.TRUST: 10,
    FlowKind.OTHER: 5,
}
"""Visio's line pattern per flow kind (solid, dash, dash-dot, dot, round dots, dash-dot-dot), as the SVG's dashes."""

LABEL = Style(fill=None, line=None, text_px=11.0, text_colour=MUTED, middle=True)


def draw_legend(drawing: Drawing, key: Legend, x: float, y: float) -> None:
    """Draw ``key`` with its first row's top at (``x``, ``y``)."""
    for row_index, row in enumerate(key.rows()):
        cx = x
        cy = y + row_index * ROW_H + ROW_H / 2
        for entry in row:
            _symbol(drawing, entry.symbol, cx, cy, entry.label)
            label_w = (entry.width - SWATCH - 6) * 1.1 + 14  # room for a reader whose font runs wider
            drawing.box(Box(cx + SWATCH + 2, cy - 9, label_w, 18), entry.label, LABEL, name=f"Legend {entry.label}")
            cx += entry.width + 18


def _symbol(drawing: Drawing, symbol: str, x: float, cy: float, label: str) -> None:
    name = f"Legend mark {label}"
    if symbol.startswith("fill:"):
        drawing.box(Box(x, cy - 7, SWATCH, 14), "", Style(fill=symbol[5:], line=CARD_LINE, rounded_px=3.0), name)
    elif symbol in ("est-line", "measured-line"):
        measured = symbol == "measured-line"
        style = Style(
            fill=None, line=STAGE_FILL if measured else MUTED, line_px=2.5 if measured else 2.0, dashed=not measured
        )
        drawing.path([Point(x, cy), Point(x + SWATCH, cy)], style, name)
    elif symbol.startswith("persona:") or symbol in ("est-any", "measured-any"):  # a persona's curve; a line style
        _, colour, marker = symbol.split(":") if symbol.startswith("persona:") else ("", MUTED, "circle")
        measured = symbol != "est-any"
        line = Style(fill=None, line=colour, line_px=2.5 if measured else 2.0, dashed=not measured)
        drawing.path([Point(x, cy), Point(x + SWATCH, cy)], line, name)
        persona_marker(drawing, CurveStyle(colour, colour, marker), x + SWATCH / 2, cy, 5.0, measured, name)
    elif symbol in ("square", "circle", "triangle"):
        mark(drawing, symbol, x + 13, cy, name)
    elif symbol == "star":
        star = Style(fill=MOT_FILL, line=CARD_LINE, text_colour=ACCENT, text_px=13.0, centred=True, middle=True)
        drawing.box(Box(x, cy - 8, SWATCH, 16), "★", star, name)
    elif symbol == "cross":
        drawing.box(Box(x, cy - 8, SWATCH, 16), "✕", Style(fill=None, line=None, text_px=13.0, centred=True), name)
    elif symbol == "handover":
        visio_hand_over_symbol(drawing, x, cy, name)
    elif symbol.startswith("channel:"):  # a channel's icon, as the SVG's legend draws it
        draw_icon(drawing, symbol.removeprefix("channel:"), x + 6, cy - 7, 14.0, name)
    elif symbol.startswith("evidence:"):
        kind = symbol.removeprefix("evidence:")
        fill = WHITE if kind == "estimated" else BADGE_FILL[kind]
        dot = Style(fill=fill, line=MUTED if kind == "estimated" else None, line_px=1.5)
        drawing.box(Box(x + 8, cy - 5, 10, 10), "", dot, name, ellipse=True)


def mark(drawing: Drawing, shape: str, cx: float, cy: float, name: str) -> None:
    """A touchpoint's mark centred on (cx, cy): a square (static), circle (interactive) or triangle (human)."""
    style = Style(fill=MARK_FILL, line=None)
    if shape == "triangle":
        drawing.polygon([Point(cx, cy - 6), Point(cx + 6, cy + 5), Point(cx - 6, cy + 5)], style, name)
    else:
        drawing.box(Box(cx - 5, cy - 5, 10, 10), "", style, name, ellipse=shape == "circle")


def draw_flow_legend(drawing: Drawing, kinds: list[FlowKind], x: float, y: float) -> None:
    """A row of flow-kind samples (the kind's colour and line pattern, with an arrow) and names, as in the SVG."""
    drawing.box(Box(x, y, 90, 20), "Value flows", Style(fill=None, line=None, text_px=12.0, bold=True), "Legend")
    cx = x + 96
    for kind in kinds:
        style = Style(fill=None, line=FLOW_STROKE[kind], line_px=1.6, pattern=FLOW_PATTERN[kind], end_arrow=True)
        drawing.path([Point(cx, y + 10), Point(cx + 34, y + 10)], style, name=f"Legend flow {kind.value}")
        label = kind.value.capitalize()
        width = text_width(label, 11.0) + 12
        drawing.box(Box(cx + 40, y + 1, width, 18), label, LABEL, name=f"Legend {label}")
        cx += 40 + width + 16
