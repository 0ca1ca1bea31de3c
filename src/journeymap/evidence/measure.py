"""Writing measured values onto a map, with their provenance.

* A step's rating (measure ``rating``) becomes its measured emotional level: mean, n, 95 % interval, standard
  deviation, data set and date. Ratings on another scale are rescaled linearly onto 1–10:
  x′ = 1 + (x − low) × 9 / (high − low) (so 1–5 → 1, 3.25, 5.5, 7.75, 10; 0–10 → 1 … 10).
* A touchpoint's ``satisfaction`` (or ``rating``) and ``importance`` become its satisfaction and importance,
  rescaled the same way; importance derived by correlation r becomes 1 + 9 × max(r, 0).
* Elements are matched to steps and touchpoints by id, then by name (case and spacing ignored). An element
  that matches nothing is an error with a "did you mean", never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import Problem, Severity
from ..model import EvidenceRef, Map, MeasuredEmotion
from ..model.references import did_you_mean
from .survey import SummaryRow, SurveySummary

__all__ = ["measure_map", "rescale"]


def rescale(value: float, scale: tuple[float, float]) -> float:
    """x′ = 1 + (x − low) × 9 / (high − low): a value of the survey's scale on the map's 1–10 scale."""
    low, high = scale
    return 1.0 + (value - low) * 9.0 / (high - low)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _targets(m: Map) -> dict[str, tuple[str, str]]:
    """Lookup key → (kind, id) for steps and touchpoints, by id and by name."""
    found: dict[str, tuple[str, str]] = {}
    for step in m.steps:
        found.setdefault(_key(step.id), ("step", step.id))
        found.setdefault(_key(step.name), ("step", step.id))
    for tp in m.touchpoints:
        found.setdefault(_key(tp.id), ("touchpoint", tp.id))
        found.setdefault(_key(tp.name), ("touchpoint", tp.id))
    return found


def measure_map(m: Map, summary: SurveySummary, *, today: dt.date | None = None) -> tuple[Map, list[Problem]]:
    """``m`` with the survey's measures written on; problems for elements matching no step or touchpoint."""
    today = today or dt.date.today()
    targets = _targets(m)
    names = [s.id for s in m.steps] + [t.id for t in m.touchpoints]
    problems: list[Problem] = []
    steps: dict[str, MeasuredEmotion] = {}
    touchpoints: dict[str, dict[str, Any]] = {}
    unmatched: set[str] = set()
    for row in summary.overall():
        if row.element == summary.overall_element:
            continue  # the overall rating is not an element of the map
        if row.mean is None:
            if row.measure == "importance (derived)" and targets.get(_key(row.element), ("",))[0] == "touchpoint":
                problems.append(_underived(row, summary))  # steps carry no importance: nothing is lost there
            continue
        target = targets.get(_key(row.element))
        if target is None:
            if row.element not in unmatched:
                unmatched.add(row.element)
                message = f"element {row.element!r} matches no step or touchpoint of the map"
                hint = did_you_mean(row.element, names)
                problems.append(Problem("JE030", f"{summary.dataset} › {row.element}", message, hint))
            continue
        kind, element_id = target
        if kind == "step" and row.measure == "rating":
            steps[element_id] = _emotion(row, summary, today)
        elif kind == "touchpoint" and _touchpoint_field(row) is not None:
            _touchpoint_measure(touchpoints.setdefault(element_id, {}), row, summary)
        elif row.measure != "importance (derived)":  # steps carry no importance; the report shows it
            problems.append(_ignored(row, summary))
    return _apply(m, steps, touchpoints), problems


def _touchpoint_measure(update: dict[str, Any], row: SummaryRow, summary: SurveySummary) -> None:
    assert row.mean is not None
    derived = row.measure == "importance (derived)"
    value = 1.0 + 9.0 * max(row.mean, 0.0) if derived else rescale(row.mean, summary.scale)
    update[str(_touchpoint_field(row))] = round(min(max(value, 1.0), 10.0), 2)
    evidence = EvidenceRef(dataset=summary.dataset, element=f"{row.element} ({row.measure})", n=row.n)
    update.setdefault("_evidence", []).append(evidence)


def _touchpoint_field(row: SummaryRow) -> str | None:
    return {
        "satisfaction": "satisfaction",
        "rating": "satisfaction",
        "importance": "importance",
        "importance (derived)": "importance",
    }.get(row.measure)


def _underived(row: SummaryRow, summary: SurveySummary) -> Problem:
    return Problem(
        "JE032",
        f"{summary.dataset} › {row.element}",
        f"importance of {row.element!r} cannot be derived from {row.n} answer(s): its ratings or the overall "
        "ratings do not vary, so they have no correlation; importance is left as it was",
        "derive it from more respondents, or ask for importance directly",
        severity=Severity.WARNING,
    )


def _ignored(row: SummaryRow, summary: SurveySummary) -> Problem:
    return Problem(
        "JE031",
        f"{summary.dataset} › {row.element}",
        f"measure {row.measure!r} is not written on the map",
        "steps take 'rating'; touchpoints take 'satisfaction', 'rating' and 'importance'",
        Severity.WARNING,
    )


def _emotion(row: SummaryRow, summary: SurveySummary, today: dt.date) -> MeasuredEmotion:
    assert row.mean is not None
    mean = rescale(row.mean, summary.scale)
    low, high = row.ci95 if row.ci95 else (row.mean, row.mean)
    factor = 9.0 / (summary.scale[1] - summary.scale[0])
    ci = (max(1.0, rescale(low, summary.scale)), min(10.0, rescale(high, summary.scale)))
    return MeasuredEmotion(
        mean=round(mean, 3),
        n=row.n,
        ci95=(round(ci[0], 3), round(ci[1], 3)),
        std=None if row.std is None else round(row.std * factor, 3),
        dataset=summary.dataset,
        measured_on=today,
    )


def _apply(m: Map, steps: dict[str, MeasuredEmotion], touchpoints: dict[str, dict[str, Any]]) -> Map:
    stages = [
        stage.model_copy(
            update={"steps": [s.model_copy(update={"emotion": steps.get(s.id, s.emotion)}) for s in stage.steps]}
        )
        for stage in m.stages
    ]
    new_touchpoints = []
    for tp in m.touchpoints:
        update = dict(touchpoints.get(tp.id, {}))
        evidence = update.pop("_evidence", [])
        kept = [e for e in tp.evidence if all(e.dataset != x.dataset or e.element != x.element for x in evidence)]
        new_touchpoints.append(
            tp.model_copy(update={**update, "evidence": kept + evidence}) if update or evidence else tp
        )
    return m.model_copy(update={"stages": stages, "touchpoints": new_touchpoints})
