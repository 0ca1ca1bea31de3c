"""The map as it is printed (PDF, PNG): its SVG, or with ``blank`` the SVG of its blank wall planner."""

from __future__ import annotations

import math

from ..errors import JourneymapError
from ..model import Card, Lane, LaneKind, Map
from .drawing import render_svg
from .layout import effective_lanes, layout_timeline
from .registry import RenderContext
from .rows import CARD_FONT_PX, PX_PT, TARGET_PT, Rows, rows_svg, steps_for_aspect, steps_for_width

__all__ = ["BLANK_SLOT_LINES", "blank_planner", "fits_rows", "is_true", "map_svg", "printed"]


def is_true(value: str | None) -> bool:
    """A CLI flag carried as a string: present and not ``0``/``false``/``no``/``off``."""
    return value is not None and value.strip().lower() not in ("", "0", "false", "no", "off")


def blank_planner(m: Map) -> Map:
    """A copy of a timeline map with only its stages, steps and lane headings: a blank wall planner.

    Every lane the map's picture shows stays (also those drawn for its touchpoints, emotion, …), empty."""
    if not m.type.is_timeline:
        raise JourneymapError(f"a blank planner needs a timeline map; {m.id!r} is a {m.type.label}")
    stages = [
        stage.model_copy(
            update={
                "steps": [
                    step.model_copy(update={"emotion": None, "emotions": {}, "narrative_phase": None, "actors": []})
                    for step in stage.steps
                ]
            }
        )
        for stage in m.stages
    ]
    steps = [step.id for stage in stages for step in stage.steps]
    return m.model_copy(
        update={
            "title": f"{m.title} — blank wall planner",
            "description": "",
            "stages": stages,
            "lanes": [lane.model_copy(update={"cards": _slots(lane, steps)}) for lane in effective_lanes(m)],
            "touchpoints": [],
            "moments_of_truth": [],
            "service_challenges": [],
            "value_moments": [],
            "opportunities": [],
            "comments": [],
        }
    )


BLANK_SLOT_LINES = 8
"""Height of the empty card in each cell of a blank planner, in lines of text: room for sticky notes."""


def _slots(lane: Lane, steps: list[str]) -> list[Card]:
    """An empty card in each cell of a lane (none in the emotion lane, which keeps its empty chart)."""
    if lane.kind is LaneKind.EMOTION:
        return []
    blank = "\n" * (BLANK_SLOT_LINES - 1)  # blank lines: the card has no text, only its height
    return [Card.model_construct(id=f"blank-{lane.id}-{step}", step=step, text=blank) for step in steps]


STRIP_ASPECT = 5.0
"""Without ``fit``, a timeline map whose grid in one row would be more than this many times as wide as high (a long
imported Mermaid journey with a single lane, say) is wrapped into rows: a strip is unreadable on any screen or sheet."""

STRIP_MIN_STEPS = 12
"""Maps of at most this many steps are never strips (their grid is measured only above it)."""


def fits_rows(m: Map, context: RenderContext) -> bool:
    """Whether the map is to be wrapped into rows: ``fit=rows`` on a timeline map; without ``fit``, a timeline map
    that would be a strip (see :data:`STRIP_ASPECT`); never with ``fit=page``."""
    if not m.type.is_timeline:
        return False
    fit = context.options.get("fit", "").strip().lower()
    if fit:
        return fit == "rows"
    if len(m.steps) <= STRIP_MIN_STEPS:
        return False
    grid = layout_timeline(m, context, 0)
    return grid.width > STRIP_ASPECT * (grid.grid_bottom - grid.grid_top)


def map_svg(m: Map, context: RenderContext) -> str:
    """The SVG to print: the map's, or its blank planner's with ``blank``; wrapped into rows with ``fit=rows``."""
    return printed(m, context).svg


def printed(m: Map, context: RenderContext, page_w_px: float | None = None) -> Rows:
    """What :func:`map_svg` draws, with where a page may end. With ``fit=rows`` the bands have as many steps as
    fit ``page_w_px`` (the page's printable width, px) with the cards' text at about 7.5 pt, or without a page
    as many as make the drawing about as wide as an ISO sheet laid landscape."""
    if is_true(context.options.get("blank")):
        m = blank_planner(m)
    if not fits_rows(m, context):
        svg = render_svg(m, context)
        return Rows(svg, 0.0, 0.0, (), 1)
    if page_w_px is not None:
        widest = steps_for_width(page_w_px / (TARGET_PT / (CARD_FONT_PX * PX_PT)))
        count = max(len(m.steps), 1)
        per_row = math.ceil(count / math.ceil(count / widest))  # rows of even length: 4 4 4 4, not 5 5 5 1
    else:
        probe = layout_timeline(m, context, 0)
        per_row = steps_for_aspect(len(m.steps), probe.height)
    return rows_svg(m, context, per_row)
