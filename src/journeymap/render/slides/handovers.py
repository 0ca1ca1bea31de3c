"""A service blueprint's hand-over arrows on a stage slide, by the rule of :mod:`..blueprint_flows`: where two
layer lanes sit next to each other on the slide and both have cards at a step, a native connector with an arrow head
runs down the step's column from the upper lane's last card to the lower lane's first, through the empty gutter
between them (and across the blueprint line there), so it crosses no text. Lanes cut onto different slides get no
arrow."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...model import LaneKind, Map, MapType
from ..blueprint_flows import HANDOVER_INK, LAYERS
from .shapes import _Slide

__all__ = ["ARROW_PT", "PlacedRow", "draw_hand_overs"]

ARROW_PT = 1.5
_GAP = 0.025  # between an arrow's ends and the cards (in)
_SHORTEST = 0.08  # no arrow where the cards nearly touch (in)


@dataclass
class PlacedRow:
    """A row as drawn on a slide: its lane (``None`` for the emotion chart), whether it continues a lane begun
    above, and the (top, bottom) of every item drawn in each step's column (in)."""

    lane_id: str | None
    kind: LaneKind | None
    continued: bool
    cells: list[list[tuple[float, float]]] = field(default_factory=list)


def draw_hand_overs(slide: _Slide, m: Map, rows: Sequence[PlacedRow], columns: Sequence[tuple[str, float]]) -> int:
    """The arrows between the ``rows`` of a slide whose step columns are (step id, centre x); how many."""
    if m.type is not MapType.SERVICE_BLUEPRINT:
        return 0
    count = 0
    for upper, lower in itertools.pairwise(rows):
        if upper.kind not in LAYERS or lower.kind not in LAYERS or lower.continued:
            continue
        for (step_id, x), above, below in zip(columns, upper.cells, lower.cells, strict=False):
            if not above or not below:
                continue
            y1, y2 = above[-1][1] + _GAP, below[0][0] - _GAP
            if y2 - y1 < _SHORTEST:
                continue
            name = f"hand-over {step_id}: {upper.lane_id} to {lower.lane_id}"
            slide.connector(x, y1, x, y2, HANDOVER_INK, ARROW_PT, False, name, arrow=True)
            count += 1
    return count
