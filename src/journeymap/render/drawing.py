"""The map drawn as SVG, the picture the SVG, HTML, PDF and PNG formats all show: a timeline for timeline maps, a
network for ecosystem maps, towers for mental model diagrams."""

from __future__ import annotations

from ..model import Map, MapType
from .registry import RenderContext

__all__ = ["render_svg"]


def render_svg(m: Map, context: RenderContext) -> str:
    """The map as a standalone SVG document (text)."""
    if m.type is MapType.ECOSYSTEM_MAP:
        from .svg_network import render_ecosystem_svg

        return render_ecosystem_svg(m, context)
    if m.type is MapType.MENTAL_MODEL_DIAGRAM:
        from .svg_mental import render_mental_model_svg

        return render_mental_model_svg(m, context)
    from .svg_timeline import render_timeline_svg

    return render_timeline_svg(m, context)
