"""Hand-over arrows between the layers of a service blueprint.

The model has no explicit hand-over links, so they are derived (see docs/format.md, "Service blueprint"): where
two layer lanes (customer actions, onstage actions, backstage actions, support processes) sit next to each other
and both have cards at one step, the work is handed over across the line between them, and one arrow runs
down from the upper lane's last card at that step to the lower lane's first card. The arrow stays in the
step's column, in the empty gutter below the upper card and above the lower one, so it crosses no card text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import LaneKind, Map, MapType
from .geometry import Point
from .layout import TimelineLayout
from .svg import element, num
from .visio.shapes import Drawing, Style

__all__ = [
    "HANDOVER_INK",
    "LAYERS",
    "HandOver",
    "draw_hand_overs",
    "hand_over_symbol",
    "hand_overs",
    "visio_hand_over_symbol",
    "visio_hand_overs",
]

LAYERS = (LaneKind.CUSTOMER_ACTIONS, LaneKind.ONSTAGE_ACTIONS, LaneKind.BACKSTAGE_ACTIONS, LaneKind.SUPPORT_PROCESSES)
"""The layers of a blueprint, top to bottom."""

HANDOVER_INK = "#1f4e79"
HEAD_L = 7.0
HEAD_W = 4.5
_INK = {"class": "jm-handover", "stroke": HANDOVER_INK, "stroke-width": 1.6}


@dataclass(frozen=True)
class HandOver:
    """One arrow: in the column of ``step_id``, from ``y1`` (bottom of the upper card) to ``y2`` (top of the lower)."""

    step_id: str
    upper_lane: str
    lower_lane: str
    x: float
    y1: float
    y2: float


def hand_overs(m: Map, layout: TimelineLayout) -> list[HandOver]:
    """The hand-overs of a service blueprint's ``layout``, top to bottom, left to right (none for other maps)."""
    if m.type is not MapType.SERVICE_BLUEPRINT:
        return []
    found = []
    for upper, lower in zip(layout.lanes, layout.lanes[1:], strict=False):
        if upper.lane.kind not in LAYERS or lower.lane.kind not in LAYERS:
            continue
        for above, below in zip(upper.cells, lower.cells, strict=True):
            if above.items and below.items:
                start, end = above.items[-1], below.items[0]
                x = start.x + start.w / 2
                found.append(HandOver(above.step_id, upper.lane.id, lower.lane.id, x, start.y + start.h, end.y))
    return found


def draw_hand_overs(m: Map, layout: TimelineLayout) -> Iterator[str]:
    """The arrows as one SVG group (nothing when the map has none)."""
    arrows = [_arrow(h) for h in hand_overs(m, layout)]
    if arrows:
        yield element("g", {"class": "jm-handovers"}, arrows)


def _arrow(h: HandOver) -> str:
    tip = h.y2 - 1.0
    line = element(
        "line",
        {"x1": num(h.x), "y1": num(h.y1 + 1.5), "x2": num(h.x), "y2": num(tip - HEAD_L + 0.5), **_INK},
    )
    head = _head(h.x, tip)
    data = {"class": "jm-handover-arrow", "data-step": h.step_id, "data-from": h.upper_lane, "data-to": h.lower_lane}
    return element("g", data, [line, head])


def _head(x: float, tip: float) -> str:
    points = f"{num(x - HEAD_W)},{num(tip - HEAD_L)} {num(x + HEAD_W)},{num(tip - HEAD_L)} {num(x)},{num(tip)}"
    return element("polygon", {"points": points, "fill": HANDOVER_INK})


def hand_over_symbol(x: float, cy: float) -> str:
    """The legend's sample: a short downward arrow in the middle of the swatch."""
    cx = x + 13
    line = element("line", {"x1": num(cx), "y1": num(cy - 8), "x2": num(cx), "y2": num(cy + 2), **_INK})
    return line + _head(cx, cy + 8)


# ---- Visio -------------------------------------------------------------------------------------------------------
VISIO_STYLE = Style(fill=None, line=HANDOVER_INK, line_px=1.6, end_arrow=True)


def visio_hand_overs(drawing: Drawing, m: Map, layout: TimelineLayout, dy: float = 0.0) -> None:
    """The same arrows on a Visio page, as lines with an arrow head at the lower card."""
    for h in hand_overs(m, layout):
        points = [Point(h.x, h.y1 + 1.5 + dy), Point(h.x, h.y2 - 1.0 + dy)]
        drawing.path(points, VISIO_STYLE, name=f"Hand-over {h.step_id}: {h.upper_lane} to {h.lower_lane}")


def visio_hand_over_symbol(drawing: Drawing, x: float, cy: float, name: str) -> None:
    """The legend's sample on a Visio page."""
    drawing.path([Point(x + 13, cy - 8), Point(x + 13, cy + 8)], VISIO_STYLE, name)
