"""Planned vs actual on the map itself: two custom lanes, "Reach (event log)" and "Drop-off (event log)", with one
card per step (``journeymap conform --write-map``).

* Reach: ``2,627 cases · 88 %`` (cases reaching the step, share of all cases), and ``skipped by N`` when some
  cases reach a later step without it; a step linked to no activity says ``not in the event log``.
* Drop-off: ``−688 (26 %)`` and ``median 18 min to next`` (cases leaving the mapped journey at the step, as a share of
  those reaching it, and the median time to the next step); the last linked step says ``end of the mapped
  journey``. A drop-off of 30 % or more is tinted red, of 15 % or more amber: the number is always written too.

Each card links to the log as evidence (the activities, the cases, the date). Lanes with these ids already on
the map are replaced where they are; otherwise the two lanes go right after the touchpoints lane (or the
emotion lane, or at the end).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .discovery import format_duration

if TYPE_CHECKING:
    from ..model import Card, EvidenceRef, Lane, Map
    from .conform import Conformance, StepConformance

__all__ = ["DROPOFF_LANE", "REACH_LANE", "with_conform_lanes"]

REACH_LANE, DROPOFF_LANE = "log-reach", "log-dropoff"
_TITLES = {REACH_LANE: "Reach (event log)", DROPOFF_LANE: "Drop-off (event log)"}
_HIGH, _MEDIUM = 0.30, 0.15
_RED, _AMBER = "#f6c9c4", "#fbe3bf"


def with_conform_lanes(journey_map: Map, result: Conformance, *, today: dt.date | None = None) -> Map:
    """``journey_map`` with the reach and drop-off lanes of ``result`` (see the module docstring)."""
    from ..model import Lane

    date = today or dt.date.today()
    figures = {s.step: s for s in result.steps}
    reach: list[Card] = []
    dropoff: list[Card] = []
    for step in journey_map.steps:
        found = figures.get(step.id)
        reach.append(_reach_card(step.id, found, result, date))
        if found is not None:
            dropoff.append(_dropoff_card(found, result, date))
    lanes = {
        REACH_LANE: Lane(id=REACH_LANE, title=_TITLES[REACH_LANE], cards=reach),
        DROPOFF_LANE: Lane(id=DROPOFF_LANE, title=_TITLES[DROPOFF_LANE], cards=dropoff),
    }
    return journey_map.model_copy(update={"lanes": _placed(journey_map.lanes, lanes)})


def _placed(existing: list[Lane], new: dict[str, Lane]) -> list[Lane]:
    if any(lane.id in new for lane in existing):
        placed = [new.get(lane.id, lane) for lane in existing]
        missing = [lane for key, lane in new.items() if all(p.id != key for p in placed)]
        return placed + missing
    kinds = [lane.kind.value for lane in existing]
    for anchor in ("touchpoints", "emotion"):
        if anchor in kinds:
            at = kinds.index(anchor) + 1
            return [*existing[:at], *new.values(), *existing[at:]]
    return [*existing, *new.values()]


def _evidence(step: StepConformance, result: Conformance, measure: str, date: dt.date) -> list[EvidenceRef]:
    from ..model import EvidenceRef

    return [
        EvidenceRef(
            dataset=result.source or "event log",
            element=", ".join(step.activities),
            n=step.cases,
            measure=measure,
            measured_on=date,
        )
    ]


def _reach_card(step_id: str, step: StepConformance | None, result: Conformance, date: dt.date) -> Card:
    from ..model import Card

    card_id = f"{REACH_LANE}-{step_id}"
    if step is None:
        return Card(id=card_id, step=step_id, text="not in the event log")
    text = f"{step.cases:,} cases · {step.share * 100:.0f} %"
    if step.skipped:
        text += f"\nskipped by {step.skipped:,}"
    evidence = _evidence(step, result, "reach", date)
    return Card(id=card_id, step=step_id, text=text, evidence=evidence)


def _dropoff_card(step: StepConformance, result: Conformance, date: dt.date) -> Card:
    from ..model import Card

    card_id = f"{DROPOFF_LANE}-{step.step}"
    if step.dropoff is None:
        return Card(id=card_id, step=step.step, text="end of the mapped journey")
    share = step.dropoff_share or 0.0
    lost = f"−{step.dropoff:,} ({share * 100:.0f} %)" if step.dropoff else "no drop-off"
    text = f"{lost}\nmedian {format_duration(step.median_to_next_s)} to next"
    if step.median_to_next_s is None:
        text = f"{lost}\nnone go on to the next step"
    colour = _RED if share >= _HIGH else _AMBER if share >= _MEDIUM else None
    evidence = _evidence(step, result, "drop-off", date)
    return Card(id=card_id, step=step.step, text=text, colour=colour, evidence=evidence)
