"""A touchpoint's channel icon on a Visio page, as in the SVG: one editable, unfilled shape whose geometry sections
are the icon's pen strokes (curves cut into short lines, which Visio and LibreOffice draw alike), before the
touchpoint's channel line; named ``Channel icon <icon> <id>``."""

from __future__ import annotations

from ..geometry import Point
from ..icon_paths import GRID, icon_polylines
from ..icons import ICON_INK, channel_icon
from ..layout import ITEM_PAD, LINE_H, TimelineLayout
from .shapes import Drawing, Style

__all__ = ["ICON_PX", "draw_icon", "visio_channel_icons"]

ICON_PX = 12.0
"""The side of an icon beside a card's channel line (px), as the SVG draws it."""


def draw_icon(drawing: Drawing, icon: str, x: float, y: float, size: float, name: str) -> None:
    """The icon named ``icon`` (a key of :data:`~..icons.ICONS`) with its top left corner at (``x``, ``y``) px,
    ``size`` a side, as a shape named ``name``."""
    scale = size / GRID
    lines = [[Point(x + px * scale, y + py * scale) for px, py in line] for line in icon_polylines(icon)]
    style = Style(fill=None, line=ICON_INK, line_px=max(0.75, 1.3 * scale))
    drawing.strokes(lines, style, name=name)


def visio_channel_icons(drawing: Drawing, layout: TimelineLayout, dy: float = 0.0) -> int:
    """Every touchpoint's icon on the page, left of its first sub-line (its channel); how many."""
    count = 0
    for lane in layout.lanes:
        for cell in lane.cells:
            for placed in cell.items:
                channel = placed.item.channel
                if channel is None:
                    continue
                top = placed.y + ITEM_PAD + len(placed.title_lines) * LINE_H + 0.5 + dy
                icon = channel_icon(channel)
                name = f"Channel icon {icon} {placed.item.element_id}"
                draw_icon(drawing, icon, placed.x + ITEM_PAD - 1, top, ICON_PX, name)
                count += 1
    return count
