"""A touchpoint's marks on a stage slide, in a gutter left of its text as in the SVG: its kind's mark (a square,
circle or triangle, a native autoshape named ``mark <shape> <id>``) beside the title's first line, and under it its
channel's icon, one native freeform drawn from the icon's own path (lines and cubic curves, as DrawingML draws them),
editable in PowerPoint, named ``channel icon <icon> <id>`` with the channel's words as its alternative text; never a
picture."""

from __future__ import annotations

from ..content import CellItem
from ..icon_paths import GRID, icon_paths
from ..icons import ICON_INK, channel_icon
from ..theme import MARK_FILL
from .shapes import EMU_PER_PT, LINE_SPACING, _emu, _hex, _Slide

__all__ = ["ICON_IN", "MARKS_W", "draw_icon", "draw_touchpoint_marks", "icon_geometry"]

ICON_IN = 0.16
"""The side of a channel icon on a slide (in): about the height of a line of 11 pt text."""
_UNIT = 1000  # path units per grid unit
MARKS_W = ICON_IN + 0.05
"""The gutter the marks take left of a touchpoint's text (in)."""
MARK_IN = 0.12
_MARK_GEOMETRY = {"square": "rect", "circle": "ellipse", "triangle": "triangle"}


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


def draw_touchpoint_marks(slide: _Slide, item: CellItem, x: float, y: float, size: float) -> None:
    """A touchpoint's kind mark and channel icon in the gutter whose top left is (``x``, ``y``) (in), beside text
    of ``size`` pt: the mark centred on the first line, the icon on the line under it."""
    line = size * LINE_SPACING / 72
    if item.marker in _MARK_GEOMETRY:
        left, top = x + (ICON_IN - MARK_IN) / 2, y + (line - MARK_IN) / 2
        properties = (
            f'<a:xfrm><a:off x="{_emu(left)}" y="{_emu(top)}"/><a:ext cx="{_emu(MARK_IN)}" cy="{_emu(MARK_IN)}"/>'
            f'</a:xfrm><a:prstGeom prst="{_MARK_GEOMETRY[item.marker]}"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:srgbClr val="{_hex(MARK_FILL)}"/></a:solidFill><a:ln><a:noFill/></a:ln><a:effectLst/>'
        )
        slide.shape("Mark", f"mark {item.marker} {item.element_id}", properties, descr=_KIND.get(item.marker, ""))
    if item.channel is not None:
        draw_icon(slide, item.channel, x, y + line + max(0.0, (line - ICON_IN) / 2), item.element_id)


_KIND = {"square": "static touchpoint", "circle": "interactive touchpoint", "triangle": "human touchpoint"}
