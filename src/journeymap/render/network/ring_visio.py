"""The rings of an ecosystem map on a Visio page: native ellipses behind the actors, their names, and a legend
row, as in the SVG (:mod:`.ring_drawing`)."""

from __future__ import annotations

from collections.abc import Sequence

from ..geometry import Box
from ..text import text_width
from ..visio.shapes import Drawing, Style
from .ring_drawing import RING_FILL, RING_NOTE, RING_STROKE
from .rings import RingLayout

__all__ = ["RING_LEGEND_H", "visio_ring_legend", "visio_rings"]

RING_LEGEND_H = 30.0
LABEL = Style(fill=None, line=None, text_px=10.5, text_colour="#486581", bold=True, centred=True, middle=True)


def visio_rings(drawing: Drawing, rings: Sequence[RingLayout], dy: float) -> None:
    """The rings outermost first (each drawn over the one outside it), then their names."""
    for ring in reversed(rings):
        box = Box(ring.centre.x - ring.rx, ring.centre.y - ring.ry + dy, 2 * ring.rx, 2 * ring.ry)
        style = Style(fill=RING_FILL[ring.tier], line=RING_STROKE, line_px=1.0, dashed=True)
        drawing.box(box, "", style, name=f"Ring {ring.label}", ellipse=True)
    for ring in rings:
        label = ring.label_box
        box = Box(label.x - 4, label.y + dy, label.w + 8, label.h)
        drawing.box(box, ring.label.upper(), LABEL, name=f"Ring label {ring.label}")


def visio_ring_legend(drawing: Drawing, rings: Sequence[RingLayout], x: float, y: float) -> None:
    """A row "Rings": a swatch and the rule of each ring drawn."""
    if not rings:
        return
    head = Style(fill=None, line=None, text_px=11.5, bold=True, middle=True)
    drawing.box(Box(x, y + 2, 70, 18), "Rings", head, name="Legend rings")
    cx = x + text_width("Value flows", 11.5, bold=True) + 16
    text = Style(fill=None, line=None, text_px=11.5, middle=True)
    for ring in rings:
        swatch = Style(fill=RING_FILL[ring.tier], line=RING_STROKE, line_px=1.0, dashed=True, rounded_px=7.0)
        drawing.box(Box(cx, y + 4, 30, 14), "", swatch, name=f"Legend mark ring {ring.label}")
        note = RING_NOTE[ring.tier]
        width = text_width(note, 11.5) * 1.1 + 14
        drawing.box(Box(cx + 36, y + 2, width, 18), note, text, name=f"Legend {note}")
        cx += 36 + width + 14
