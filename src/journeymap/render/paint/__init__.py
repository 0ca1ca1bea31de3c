"""Draw the SVG of :mod:`journeymap.render.svg_map` straight onto a cairo context (for PDF and PNG).

cairosvg draws any SVG, but it lays text out one character at a time, which makes a large map slow to print.
Our renderers write a small, known part of SVG: groups with translations, rectangles, lines, polylines,
polygons, circles, ellipses, paths (``M L H V C S Q T Z``), arrow-head markers at a path's end, text with
``tspan`` lines, colours and opacities, stroke widths, dashes and caps, fonts by size, weight and style,
``text-anchor``, and a style sheet of plain type and class rules. :class:`Drawing` reads such an SVG and
draws it with cairo, each string of text whole with ``show_text`` (so a PDF keeps the text as text and embeds
the font). Anything outside that vocabulary raises :class:`Unsupported` while reading, before anything is
drawn, and the caller draws that SVG with cairosvg instead (:func:`drawing_of`): nothing is dropped silently.

Styles follow SVG: presentation attributes, then style-sheet rules (class rules over type rules, later over
earlier), then a ``style`` attribute; inherited properties pass from parent to child.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..extras import optional_module
from .painter import SvgPainter
from .svg_values import Box, Unsupported, cairo_module, select_font

__all__ = ["Box", "Drawing", "SvgPainter", "Unsupported", "cairo_module", "drawing_of", "select_font"]

# the painter or cairosvg, behind one interface ---------------------------------------------------------------


@dataclass(frozen=True)
class Drawing:
    """Something that draws an SVG of ``width`` × ``height`` px onto a cairo context (in px)."""

    width: float
    height: float
    paint: Callable[[Any, Box | None], None]
    """Draws onto a context in px; given a window (x0, y0, x1, y1), it may leave out what lies outside it."""
    painted_by: str


def drawing_of(svg: str, what: str = "PDF export") -> Drawing:
    """Our painter for SVG in its vocabulary; cairosvg (recorded once, replayed as vectors) for anything else."""
    cairo = cairo_module(what)
    try:
        painter = SvgPainter(svg)
    except Unsupported:
        return _cairosvg_drawing(svg, cairo, what)
    return Drawing(painter.width, painter.height, painter.paint, "journeymap")


def _cairosvg_drawing(svg: str, cairo: ModuleType, what: str) -> Drawing:
    cairosvg: Any = optional_module("cairosvg", what, "pdf")
    tree = cairosvg.parser.Tree(bytestring=svg.encode("utf-8"))
    recorded: dict[str, Any] = {}

    class Recording(cairosvg.surface.Surface):  # type: ignore[misc]
        """cairosvg drawing into a cairo recording surface (vectors and text), replayed onto a page."""

        device_units_per_user_units = 1

        def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
            surface = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, (0, 0, width, height))
            recorded.update(surface=surface, width=width, height=height)
            return surface, width, height

    def record() -> Any:
        Recording(tree, None, 96)  # draws into a recording surface; not finished, so it can be replayed
        return recorded.pop("surface")

    recorded["surface"] = record()

    def paint(context: Any, window: Box | None = None) -> None:
        # a fresh recording for each page: cairo's PDF writer would reuse one recording's first page's part
        surface = recorded.pop("surface", None) or record()
        context.save()
        context.set_source_surface(surface, 0, 0)
        context.paint()
        context.restore()

    return Drawing(float(recorded["width"]), float(recorded["height"]), paint, "cairosvg")
