"""PNG of a map at a chosen resolution (``--dpi``, default 96: one pixel per CSS pixel), drawn by cairo.

``--blank`` gives the blank wall planner, as for PDF (see :mod:`journeymap.render.pdf`).
"""

from __future__ import annotations

from ..errors import JourneymapError
from ..model import Map
from .pdf import cairosvg_module, map_svg, svg_size
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
    cairosvg = cairosvg_module("PNG export")
    svg = map_svg(m, context)
    scale = dpi / DEFAULT_DPI
    width, height = (round(side * scale) for side in svg_size(svg))
    if max(width, height) > MAX_SIDE:
        raise JourneymapError(f"a {width} × {height} px image is too large (at most {MAX_SIDE} px a side); lower --dpi")
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width, output_height=height)
    return png


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    cairosvg_module("PNG export")
    return BinaryRenderer("png", ".png", "image/png", render_png)
