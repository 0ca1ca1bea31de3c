"""The map as it is printed (PDF, PNG): its SVG, or with ``blank`` the SVG of its blank wall planner."""

from __future__ import annotations

from ..errors import JourneymapError
from ..model import Card, Lane, LaneKind, Map
from .drawing import render_svg
from .layout import effective_lanes
from .registry import RenderContext

__all__ = ["BLANK_SLOT_LINES", "blank_planner", "is_true", "map_svg"]


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
                    step.model_copy(update={"emotion": None, "narrative_phase": None, "actors": []})
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


def map_svg(m: Map, context: RenderContext) -> str:
    """The SVG to print: the map's, or its blank planner's with ``blank``."""
    if is_true(context.options.get("blank")):
        m = blank_planner(m)
    return render_svg(m, context)
