"""The SVG renderer: a timeline picture for timeline maps, a network for ecosystem maps, towers for mental
model diagrams; with ``fit=rows`` a timeline map wrapped into rows (:mod:`journeymap.render.rows`)."""

from __future__ import annotations

from ..model import Map
from .drawing import render_svg
from .printable import map_svg
from .registry import RenderContext, TextRenderer

__all__ = ["render_svg", "renderer"]


def renderer() -> TextRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return TextRenderer("svg", ".svg", "image/svg+xml", _svg)


def _svg(m: Map, context: RenderContext) -> str:
    return map_svg(m, context)
