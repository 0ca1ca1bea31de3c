"""Writing measured values onto a map, with their provenance.

* A step's rating (measure ``rating``) becomes its measured emotional level: mean, n, Kish's effective n (with
  weights), 95 % interval (none for a single rating), standard deviation, data set and date. Ratings on another
  scale are rescaled linearly onto 1–10: x′ = 1 + (x − low) × 9 / (high − low) (so 1–5 → 1, 3.25, 5.5, 7.75, 10;
  0–10 → 1 … 10). Values are stored to 6 decimals, so a label rounds the true value once (a mean of 6.3503 was
  stored as 6.35, which is 6.3499… in binary, and drawn as "6.3").
* A touchpoint's ``satisfaction`` (or ``rating``) and ``importance`` become its satisfaction and importance,
  rescaled the same way; importance derived by correlation r becomes 1 + 9 × max(r, 0). Each gets an evidence
  link (data set, column, n, effective n, measure, date) that replaces the link of an earlier measurement of the
  same data set and measure.
* With ``persona``, the steps' ratings are another persona's: they go to ``emotions[persona]`` of each step (the
  map's own persona's ``emotion`` and the touchpoints' scores are left as they are).
* Elements are matched to steps and touchpoints by id, then by name (case and spacing ignored). An element
  that matches nothing is an error with a "did you mean", never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import Problem, Severity
from ..model import EvidenceRef, Map, MeasuredEmotion, Step
from ..model.references import did_you_mean
from .survey import SummaryRow, SurveySummary

__all__ = ["measure_map", "rescale"]

DIGITS = 6
"""Decimals a measured value is stored with."""


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


def measure_map(
    m: Map, summary: SurveySummary, *, today: dt.date | None = None, persona: str | None = None
) -> tuple[Map, list[Problem]]:
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
            _touchpoint_measure(touchpoints.setdefault(element_id, {}), row, summary, today)
        elif row.measure != "importance (derived)":  # steps carry no importance; the report shows it
            problems.append(_ignored(row, summary))
    if persona is not None and persona != m.persona:  # another persona's levels, under each step's emotions
        return _apply_persona(m, steps, persona), problems
    return _apply(m, steps, touchpoints), problems


def _apply_persona(m: Map, steps: dict[str, MeasuredEmotion], persona: str) -> Map:
    def step(s: Step) -> Step:
        return s.model_copy(update={"emotions": {**s.emotions, persona: steps[s.id]}}) if s.id in steps else s

    stages = [stage.model_copy(update={"steps": [step(s) for s in stage.steps]}) for stage in m.stages]
    return m.model_copy(update={"stages": stages})


def _touchpoint_measure(update: dict[str, Any], row: SummaryRow, summary: SurveySummary, today: dt.date) -> None:
    assert row.mean is not None
    derived = row.measure == "importance (derived)"
    value = 1.0 + 9.0 * max(row.mean, 0.0) if derived else rescale(row.mean, summary.scale)
    measure = str(_touchpoint_field(row))
    update[measure] = round(min(max(value, 1.0), 10.0), 2)  # shown as stored (IPA), so rounded once
    column = summary.columns.get((row.element, "rating" if derived else row.measure), row.element)
    evidence = EvidenceRef(
        dataset=summary.dataset,
        element=f"{column} (derived)" if derived else column,
        n=row.n,
        n_effective=None if row.n_effective is None else round(row.n_effective, DIGITS),
        measure=measure,
        measured_on=today,
    )
    links = [e for e in update.get("_evidence", []) if e.measure != measure]  # the link of the value written
    update["_evidence"] = [*links, evidence]
    # the link an earlier version wrote (no measure; "element (measure)"), replaced like one of the same measure
    update.setdefault("_legacy", []).append(f"{row.element} ({row.measure})")


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
    factor = 9.0 / (summary.scale[1] - summary.scale[0])
    ci = None
    if row.ci95 is not None:  # none for a single rating: n = 1 has no interval (it was drawn zero-wide)
        low, high = row.ci95
        ci = (
            round(max(1.0, rescale(low, summary.scale)), DIGITS),
            round(min(10.0, rescale(high, summary.scale)), DIGITS),
        )
    return MeasuredEmotion(
        mean=round(rescale(row.mean, summary.scale), DIGITS),
        n=row.n,
        ci95=ci,
        std=None if row.std is None else round(row.std * factor, DIGITS),
        dataset=summary.dataset,
        measured_on=today,
        n_effective=None if row.n_effective is None else round(row.n_effective, DIGITS),
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
        legacy = set(update.pop("_legacy", []))
        kept = [e for e in tp.evidence if not any(_same(e, x, legacy) for x in evidence)]
        new_touchpoints.append(
            tp.model_copy(update={**update, "evidence": kept + evidence}) if update or evidence else tp
        )
    return m.model_copy(update={"stages": stages, "touchpoints": new_touchpoints})


def _same(old: EvidenceRef, new: EvidenceRef, legacy: set[str]) -> bool:
    """Whether ``new`` replaces ``old``: the same data set and measure (or the same column, or a link an earlier
    version wrote for it)."""
    if old.dataset != new.dataset:
        return False
    return old.measure == new.measure if old.measure else old.element == new.element or old.element in legacy
