"""A persona's curve marker on a Visio page: the same shapes and fills as the SVG's (:mod:`..persona_curves`) —
filled when measured, hollow when estimated."""

from __future__ import annotations

from ..geometry import Box, Point
from ..persona_curves import CurveStyle, marker_points
from .shapes import WHITE, Drawing, Style

__all__ = ["persona_marker"]


def persona_marker(
    drawing: Drawing, style: CurveStyle, cx: float, cy: float, r: float, measured: bool, name: str
) -> int:
    """Draw the marker centred on (cx, cy) of half-size ``r``; returns the shape's id."""
    look = Style(fill=style.colour if measured else WHITE, line=WHITE if measured else style.estimate_colour)
    look = Style(fill=look.fill, line=look.line, line_px=1.5)
    corners = marker_points(style.marker, cx, cy, r)
    if corners:
        return drawing.polygon([Point(x, y) for x, y in corners], look, name)
    return drawing.box(Box(cx - r, cy - r, 2 * r, 2 * r), "", look, name, ellipse=True)
