"""A touchpoint's channel icon on a stage slide: one native freeform shape drawn from the icon's own path (lines
and cubic curves, as DrawingML draws them), editable in PowerPoint, named ``channel icon <icon> <id>`` and with the
channel's words as its alternative text; never a picture."""

from __future__ import annotations

from ..icon_paths import GRID, icon_paths
from ..icons import ICON_INK, channel_icon
from .shapes import EMU_PER_PT, _emu, _hex, _Slide

__all__ = ["ICON_IN", "draw_icon", "icon_geometry"]

ICON_IN = 0.16
"""The side of a channel icon on a slide (in): about the height of a line of 11 pt text."""
_UNIT = 1000  # path units per grid unit


def icon_geometry(icon: str) -> str:
    """The icon as a DrawingML custom geometry on a ``GRID`` × ``GRID`` square, one unfilled path a pen stroke."""
    paths = []
    side = round(GRID * _UNIT)
    for sub in icon_paths(icon):
        body = [_to("moveTo", [sub.start])]
        for seg in sub.segments:
            body.append(_to("lnTo" if len(seg.points) == 1 else "cubicBezTo", list(seg.points)))
        if sub.closed:
            body.append("<a:close/>")
        paths.append(f'<a:path w="{side}" h="{side}" fill="none">{"".join(body)}</a:path>')
    return (
        '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
        f"<a:pathLst>{''.join(paths)}</a:pathLst></a:custGeom>"
    )


def _to(verb: str, points: list[tuple[float, float]]) -> str:
    pts = "".join(f'<a:pt x="{round(x * _UNIT)}" y="{round(y * _UNIT)}"/>' for x, y in points)
    return f"<a:{verb}>{pts}</a:{verb}>"


def draw_icon(slide: _Slide, channel: str, x: float, y: float, name: str, size: float = ICON_IN) -> str:
    """The icon of ``channel`` with its top left corner at (``x``, ``y``) (in), ``size`` in a side; returns the
    icon's key."""
    icon = channel_icon(channel)
    stroke = max(0.75, 1.3 * size * 72 / GRID)  # the SVG's 1.3 px on 14 px, at the slide's size
    properties = (
        f'<a:xfrm><a:off x="{_emu(x)}" y="{_emu(y)}"/><a:ext cx="{_emu(size)}" cy="{_emu(size)}"/></a:xfrm>'
        f"{icon_geometry(icon)}<a:noFill/>"
        f'<a:ln w="{round(stroke * EMU_PER_PT)}" cap="rnd"><a:solidFill><a:srgbClr val="{_hex(ICON_INK)}"/>'
        "</a:solidFill><a:round/></a:ln><a:effectLst/>"
    )
    slide.shape("Freeform", f"channel icon {icon} {name}", properties, descr=f"channel: {channel.strip() or icon}")
    return icon
