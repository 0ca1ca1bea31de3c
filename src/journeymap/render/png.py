"""PNG of a map at a chosen resolution (``--dpi``, default 96: one pixel per CSS pixel), drawn by cairo
(:mod:`journeymap.render.paint`).

``--blank`` gives the blank wall planner, as for PDF (see :mod:`journeymap.render.pdf`).
"""

from __future__ import annotations

import io

from ..errors import JourneymapError
from ..model import Map
from .paint import cairo_module, drawing_of
from .printable import map_svg
from .registry import BinaryRenderer, RenderContext

__all__ = ["DEFAULT_DPI", "render_png", "renderer"]

DEFAULT_DPI = 96.0
MAX_SIDE = 32767
"""Cairo's largest image side, in pixels."""


def _dpi(context: RenderContext) -> float:
    raw = context.options.get("dpi", "").strip()
    if not raw:
        return DEFAULT_DPI
    try:
        dpi = float(raw)
    except ValueError:
        raise JourneymapError(f"--dpi must be a number of dots per inch, not {raw!r}") from None
    if not 1 <= dpi <= 2400:
        raise JourneymapError(f"--dpi must be between 1 and 2400, not {raw}")
    return dpi


def render_png(m: Map, context: RenderContext) -> bytes:
    """The map as a PNG image at ``context.options["dpi"]`` dots per inch."""
    dpi = _dpi(context)
    cairo = cairo_module("PNG export")
    drawing = drawing_of(map_svg(m, context), "PNG export")
    scale = dpi / DEFAULT_DPI
    width, height = round(drawing.width * scale), round(drawing.height * scale)
    if max(width, height) > MAX_SIDE:
        raise JourneymapError(f"a {width} × {height} px image is too large (at most {MAX_SIDE} px a side); lower --dpi")
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, max(width, 1), max(height, 1))
    page = cairo.Context(surface)
    page.scale(width / drawing.width, height / drawing.height)
    drawing.paint(page, None)
    out = io.BytesIO()
    surface.write_to_png(out)
    surface.finish()
    return out.getvalue()


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    cairo_module("PNG export")
    return BinaryRenderer("png", ".png", "image/png", render_png)
