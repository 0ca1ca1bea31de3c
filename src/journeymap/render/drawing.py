"""The map drawn as SVG, the picture the SVG, HTML, PDF and PNG formats all show: the drawing its family gets in
:mod:`journeymap.render.families` (a timeline, a network of actors, towers of a mental model)."""

from __future__ import annotations

from ..model import Map
from .families import drawings_for
from .registry import RenderContext

__all__ = ["render_svg"]


def render_svg(m: Map, context: RenderContext) -> str:
    """The map as a standalone SVG document (text)."""
    return drawings_for(m).svg()(m, context)
