"""Guessing how an evidence file's columns map onto a map, from its header, its first rows and the map.

Pure functions over a header and rows of cell texts (as :func:`journeymap.evidence.inspect.inspect_file` reads
them): :func:`suggest_survey` answers a :class:`SurveyMapping` (the mapping file of docs/evidence.md, as
:meth:`SurveyMapping.to_mapping`), :func:`suggest_events` the :class:`EventRoles` of an event log.

The rules, in order:

* a column named like a role (``respondent``, ``segment``, ``weight``, ``overall``…; case, spacing ignored) takes it;
* a survey is *long* when it has an element column (named, or whose values are mostly the map's step or touchpoint
  ids or names) and a value column (named, or ≥ 90 % numbers); otherwise *wide*: each column whose header is a step
  or touchpoint id or name, maybe with a measure suffix (``tp-upload_sat``, ``Check in (importance)``), and whose
  values are ≥ 50 % numbers, measures that element;
* the scale is the smallest of 1–5, 1–7, 1–10 holding the answers (0–N for NPS or beyond 10, a 0 read as "not
  answered" on 1–N scales);
* an event log's time column is the first ≥ 90 % ISO 8601 times, its activity the text column whose values match
  the map best (else the one with the fewest distinct values that still varies), its case the most varied column
  whose values repeat.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pydantic import JsonValue

    from ..model import Map

__all__ = [
    "EventRoles",
    "LongColumns",
    "Scale",
    "SurveyMapping",
    "WideColumn",
    "suggest_events",
    "suggest_scale",
    "suggest_survey",
]

Rows = Sequence[Sequence[str]]

SEGMENTS = ("segment", "segments", "customer_segment", "group", "cohort", "persona", "customer_type")
WEIGHTS = ("weight", "weights", "survey_weight", "wt", "w")
OVERALL = ("overall", "overall_rating", "overall_satisfaction", "overall_score", "q_overall", "osat")
ELEMENTS = ("element", "step", "step_id", "touchpoint", "touchpoint_id", "item", "question")
VALUES = ("value", "rating", "score", "answer", "response")
MEASURE_COLUMNS = ("measure", "metric", "measure_type", "question_type")
SUFFIXES = {
    "sat": "satisfaction", "satisfaction": "satisfaction", "imp": "importance", "importance": "importance",
    "rating": "rating", "score": "rating", "effort": "effort", "freq": "frequency", "frequency": "frequency",
    "nps": "nps",
}  # fmt: skip
RATED = ("rating", "satisfaction", "importance")
"""Measures whose answers tell the scale."""


@dataclass(frozen=True, slots=True)
class Scale:
    """The answer scale (``1-5``, ``0-10``, ``-2-2``…) and the answers that mean "not answered"."""

    scale: str
    missing: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class WideColumn:
    """What a column of a wide survey measures: an element (step or touchpoint id) and the measure."""

    element: str
    measure: str = "rating"


@dataclass(frozen=True, slots=True)
class LongColumns:
    """The columns of a long survey (one answer a row)."""

    element: str
    value: str
    respondent: str | None = None
    measure: str | None = None


@dataclass(frozen=True, slots=True)
class SurveyMapping:
    """A survey's mapping: ``long`` (with :attr:`long`) or ``wide`` (with :attr:`columns`)."""

    form: Literal["wide", "long"]
    scale: Scale
    long: LongColumns | None = None
    respondent: str | None = None
    columns: Mapping[str, WideColumn] = field(default_factory=dict)
    overall: str | None = None
    segment: str | None = None
    weight: str | None = None

    def to_mapping(self) -> dict[str, JsonValue]:
        """The mapping file's data (docs/evidence.md), keys in the order a person writes them."""
        out: dict[str, JsonValue] = {"form": self.form}
        if self.long is not None:
            names = {"respondent": self.long.respondent, "element": self.long.element}
            names |= {"measure": self.long.measure, "value": self.long.value}
            out["long"] = {key: name for key, name in names.items() if name}
        else:
            if self.respondent:
                out["respondent"] = self.respondent
            out["columns"] = {
                column: w.element if w.measure == "rating" else {"element": w.element, "measure": w.measure}
                for column, w in self.columns.items()
            }
            if self.overall:
                out["overall"] = self.overall
        out["scale"] = self.scale.scale
        if self.scale.missing:
            out["missing"] = list(self.scale.missing)
        for key, value in (("segment", self.segment), ("weight", self.weight)):
            if value:
                out[key] = value
        return out


@dataclass(frozen=True, slots=True)
class EventRoles:
    """Which columns of an event log hold the case id, the activity, the time and the channel."""

    case: str | None = None
    activity: str | None = None
    time: str | None = None
    channel: str | None = None

    def to_mapping(self) -> dict[str, str]:
        """The roles found, by role name (``case``, ``activity``, ``time``, ``channel``)."""
        found = {"case": self.case, "activity": self.activity, "time": self.time, "channel": self.channel}
        return {role: column for role, column in found.items() if column}


# --- reading the cells ----------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def targets_of(journey_map: Map | None) -> dict[str, str]:
    """Lookup key (id or name, case and spacing ignored) → id of the map's steps, then touchpoints."""
    found: dict[str, str] = {}
    if journey_map is None:
        return found
    for step in journey_map.steps:
        found.setdefault(_key(step.id), step.id)
        found.setdefault(_key(step.name), step.id)
    for tp in journey_map.touchpoints:
        found.setdefault(_key(tp.id), tp.id)
        found.setdefault(_key(tp.name), tp.id)
    return found


def _named(columns: Sequence[str], names: Sequence[str], taken: Collection[str | None] = ()) -> str | None:
    """The column named one of ``names`` (the earliest name wins; case and outer spaces ignored)."""
    folded = {c.strip().casefold(): c for c in reversed(columns) if c not in taken}
    return next((folded[n] for n in names if n in folded), None)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _Cells:
    """The non-blank cell texts of each column."""

    def __init__(self, columns: Sequence[str], rows: Rows) -> None:
        index = {c: i for i, c in enumerate(columns)}
        self.values = {c: [row[i] for row in rows if i < len(row) and row[i].strip()] for c, i in index.items()}

    def numeric_share(self, column: str) -> float:
        values = self.values[column]
        return sum(1 for v in values if _number(v) is not None) / len(values) if values else 0.0

    def matches(self, column: str, targets: Mapping[str, str]) -> float:
        """The share of the column's distinct values that are a step's or touchpoint's id or name."""
        distinct = {v.strip() for v in self.values[column]}
        return sum(1 for v in distinct if _key(v) in targets) / len(distinct) if distinct else 0.0

    def numbers(self, columns: Sequence[str]) -> list[float]:
        return [n for c in columns for v in self.values[c] if (n := _number(v)) is not None]

    def distinct(self, column: str) -> int:
        return len(set(self.values[column]))


# --- surveys --------------------------------------------------------------------------------------------------


def suggest_scale(numbers: Sequence[float], *, nps: bool = False) -> Scale:
    """The scale (and 0 as "not answered") the answers suggest: the smallest of 1–5, 1–7, 1–10 holding them;
    0–N when an NPS question (or a scale beyond 10) has answers below 1; from the lowest answer when negative."""
    if not numbers:
        return Scale("1-10")
    low, high = min(numbers), max(numbers)
    top = next((s for s in (5, 7, 10) if high <= s), math.ceil(high))
    if low < 0:
        return Scale(f"{math.floor(low)}-{top}")
    if low < 1 and (nps or top > 10):
        return Scale(f"0-{top}")
    if low == 0:
        return Scale(f"1-{top}", missing=(0,))
    return Scale(f"1-{top}")


def column_target(column: str, targets: Mapping[str, str]) -> WideColumn | None:
    """What a wide column measures: its header is a step or touchpoint id or name, maybe with a measure suffix
    (``tp-upload_sat``, ``Check in rating``, ``Compare rates (score)``)."""
    if _key(column) in targets:
        return WideColumn(targets[_key(column)])
    match = re.fullmatch(r"(.+?)[\s_.:-]*\(?([A-Za-z]+)\)?", column.strip())
    if match and match.group(2).lower() in SUFFIXES and _key(match.group(1)) in targets:
        return WideColumn(targets[_key(match.group(1))], SUFFIXES[match.group(2).lower()])
    return None


def _long_columns(
    columns: Sequence[str], cells: _Cells, targets: Mapping[str, str], roles: set[str | None]
) -> tuple[str | None, str | None, bool]:
    """The element and value columns of a long survey, and whether the value column was found by its name."""
    element = _named(columns, ELEMENTS, roles) or next(
        (c for c in columns if c not in roles and cells.matches(c, targets) >= 0.5), None
    )
    value = _named(columns, VALUES, roles | {element})
    if value is not None:
        return element, value, True
    if element is not None:
        value = next((c for c in columns if c not in roles | {element} and cells.numeric_share(c) >= 0.9), None)
    return element, value, False


def suggest_survey(columns: Sequence[str], rows: Rows, journey_map: Map | None = None) -> SurveyMapping:
    """A survey's mapping guessed from its header, its first rows (cell texts) and the map (see the module's
    rules)."""
    from .survey import RESPONDENT_COLUMNS

    targets = targets_of(journey_map)
    cells = _Cells(columns, rows)
    respondent = _named(columns, (*RESPONDENT_COLUMNS, "respondent"))
    segment, weight = _named(columns, SEGMENTS), _named(columns, WEIGHTS)
    roles = {c for c in (respondent, segment, weight) if c}
    element, value, value_named = _long_columns(columns, cells, targets, set(roles))
    overall = _named(columns, OVERALL, roles)
    wide: dict[str, WideColumn] = {}
    for column in columns:
        if column in roles or column == overall:
            continue
        target = column_target(column, targets)
        if target is not None and cells.numeric_share(column) >= 0.5:
            wide[column] = target
    long_fits = element is not None and value is not None
    long_fits = long_fits and (value_named or cells.numeric_share(str(value)) >= 0.9)
    if long_fits and (not wide or cells.matches(str(element), targets) >= 0.5):
        assert element is not None and value is not None
        measure = _named(columns, MEASURE_COLUMNS, roles | {element, value})
        return SurveyMapping(
            "long",
            suggest_scale(cells.numbers([value])),
            long=LongColumns(element, value, respondent, measure),
            segment=segment,
            weight=weight,
        )
    rated = [c for c, w in wide.items() if w.measure in RATED]
    nps = any(w.measure == "nps" or "nps" in c.lower() for c, w in wide.items())
    scale = suggest_scale(cells.numbers([*rated, *([overall] if overall else [])]), nps=nps)
    return SurveyMapping(
        "wide", scale, respondent=respondent, columns=wide, overall=overall, segment=segment, weight=weight
    )


# --- event logs -----------------------------------------------------------------------------------------------


def _is_time(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _activity(texts: list[str], cells: _Cells, targets: Mapping[str, str]) -> str | None:
    """The text column whose values match the map best; else the one with the fewest distinct values that still
    varies."""
    by_match = sorted(texts, key=lambda c: -cells.matches(c, targets))
    if by_match and cells.matches(by_match[0], targets) > 0:
        return by_match[0]
    if not texts:
        return None
    varied = [c for c in texts if cells.distinct(c) > 1] or texts
    return min(varied, key=cells.distinct)


def suggest_events(columns: Sequence[str], rows: Rows, journey_map: Map | None = None) -> EventRoles:
    """The case, activity, time (and channel) columns of an event log: by name, then by content (see the
    module's rules)."""
    from .events import ACTIVITY, CANDIDATES, CASE, CHANNEL, TIME

    cells = _Cells(columns, rows)
    found: dict[str, str] = {}
    for role in (CASE, ACTIVITY, TIME, CHANNEL):
        column = _named(columns, CANDIDATES[role], set(found.values()))
        if column is not None:
            found[role] = column
    free = [c for c in columns if c not in found.values()]
    if TIME not in found:
        times = [c for c in free if (vs := cells.values[c]) and sum(map(_is_time, vs)) >= 0.9 * len(vs)]
        if times:
            found[TIME] = times[0]
            free.remove(times[0])
    if ACTIVITY not in found:
        texts = [c for c in free if cells.numeric_share(c) < 0.5 or c == found.get(CASE)]
        activity = _activity(texts, cells, targets_of(journey_map))
        if activity is not None:
            found[ACTIVITY] = activity
            free.remove(activity)
    if CASE not in found and free:  # ids repeat over a case's events, more distinct than the activities
        repeated = [c for c in free if 1 < cells.distinct(c) < len(cells.values[c])]
        if repeated:
            found[CASE] = max(repeated, key=cells.distinct)
    return EventRoles(found.get(CASE), found.get(ACTIVITY), found.get(TIME), found.get(CHANNEL))
