"""The SVG renderer: a timeline picture for timeline maps, a network for ecosystem maps, towers for mental
model diagrams."""

from __future__ import annotations

from .drawing import render_svg
from .registry import TextRenderer

__all__ = ["render_svg", "renderer"]


def renderer() -> TextRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return TextRenderer("svg", ".svg", "image/svg+xml", render_svg)
