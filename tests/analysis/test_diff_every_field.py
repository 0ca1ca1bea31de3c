"""No change to a map goes unreported by ``diff`` (issue 13, defect 5): the changes are generated from the model itself
— every field of every record reachable from :class:`Map`, read from the pydantic classes — so a field added to the
model is tested without anyone listing it. A base map sets every field (a test fails, naming the field, when a new one
is left at its empty default there); each case changes one field (or drops the last item of one list) and the diff
must not be empty, either way round."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from journeymap.analysis.diff import diff_maps
from journeymap.model import Map
from journeymap.render.diff_text import render_diff_text

REF = {"dataset": "panel", "element": "q7", "quote": "Slow", "n": 10, "n_effective": 8.0, "measure": "satisfaction",
       "measured_on": "2026-01-05", "source": "crm", "query": "select 1"}  # fmt: skip
QUOTE = {"text": "Slow portal", "source": "fb.csv", "row": 4, "line": 5, "date": "2026-01-05", "sentiment": "negative",
         "unit": "turn 3"}  # fmt: skip
FEEDBACK = {"comments": 10, "negative": 4, "share_negative": 0.4, "ci95": [0.168, 0.687],
            "themes": [{"theme": "waiting", "count": 3}, {"theme": "app", "count": 2}], "quotes": [QUOTE, QUOTE],
            "dataset": "fb", "measured_on": "2026-01-05"}  # fmt: skip
COUPLED_FEEDBACK: dict[str, dict[str, Any]] = {  # a FeedbackMeasure holds share_negative = negative / comments
    "comments": {"comments": 20, "negative": 8},  # same share
    "negative": {"negative": 5, "share_negative": 0.5, "ci95": [0.237, 0.763]},
    "share_negative": {"negative": 6, "share_negative": 0.6, "ci95": [0.313, 0.832]},
}
MEASURED = {"mean": 7.2, "n": 50, "ci95": [6.8, 7.6], "std": 1.4, "dataset": "survey", "measured_on": "2026-01-05",
            "n_effective": 45.0, "source": "crm", "query": "q"}  # fmt: skip


def _step(k: int, emotion: Any) -> dict[str, Any]:
    return {"id": f"s{k}", "name": f"Step {k}", "description": "d", "emotion": emotion,
            "emotions": {"p2": {"estimate": 4, "note": "guess"}, "p3": MEASURED},
            "narrative_phase": "exposition", "actors": ["p1", "p2"], "replaces": ["x1", "x2"],
            "sub_journey": f"sub{k}", "feedback": FEEDBACK}  # fmt: skip


def _persona(k: int) -> dict[str, Any]:
    return {"id": f"p{k}", "name": f"Persona {k}", "segment": "seg", "share": 0.3, "description": "d",
            "goals": ["g", "h"], "needs": ["n", "m"], "frustrations": ["f", "e"], "quote": "q",
            "picture": "p.png"}  # fmt: skip


BASE: dict[str, Any] = {
    "journeymap": 1, "id": "m1", "type": "customer-journey-map", "title": "Base", "description": "d",
    "persona": "p1", "personas": [_persona(1), _persona(2), _persona(3)],
    "scope": {"point_of_view": "pov", "purpose": "why", "start": "s", "end": "e"},
    "state": "to-be", "derived_from": "m0", "tags": ["a", "b"],
    "parent": "m9", "owner": "Ann", "status": "current", "reviewed_on": "2026-01-05", "review_every_days": 90,
    "stages": [
        {"id": "st1", "name": "Stage 1", "description": "d",
         "steps": [_step(1, MEASURED), _step(2, {"estimate": 6, "note": "workshop"})]},
        {"id": "st2", "name": "Stage 2", "description": "d", "steps": [_step(3, 5)]},
    ],
    "lanes": [
        {"id": "l1", "kind": "actions", "title": "Doing", "cards": [
            {"id": "c1", "step": "s1", "text": "Card", "tags": ["t", "u"], "colour": "#aabbcc", "weight": 3,
             "evidence": [REF, REF]},
            {"id": "c2", "step": "s2", "text": "Other card"},
        ]},
        {"id": "l2", "kind": "pain-points", "title": "Pains"},
    ],
    "touchpoints": [
        {"id": "tp1", "step": "s1", "name": "Portal", "channel": "web", "kind": "interactive", "owner": "Partner",
         "value_types": ["functional", "social"], "satisfaction": 6, "importance": 7, "evidence": [REF, REF],
         "feedback": FEEDBACK},
        {"id": "tp2", "step": "s2", "name": "Phone", "channel": "phone", "kind": "human"},
    ],
    "moments_of_truth": [
        {"id": "mot1", "step": "s1", "touchpoint": "tp1", "title": "Moment", "importance": 8, "expectation": 8,
         "experience": 5, "estimated": True, "evidence": [REF, REF]},
        {"id": "mot2", "step": "s2", "title": "Other moment", "importance": 5},
    ],
    "service_challenges": [
        {"id": "sc1", "step": "s1", "text": "It fails", "likelihood": 3, "evidence": [REF, REF],
         "contingencies": [{"id": "cg1", "text": "Call", "owner": "Ops"}, {"id": "cg2", "text": "Mail"}]},
        {"id": "sc2", "step": "s2", "text": "Other failure"},
    ],
    "value_moments": [
        {"id": "v1", "step": "s1", "name": "Value", "vmce": 8, "vme": 6, "weight": 2, "evidence": [REF, REF]},
        {"id": "v2", "step": "s2", "name": "Other value", "vmce": 5, "vme": 5},
    ],
    "opportunities": [
        {"id": "o1", "text": "Reduce waiting", "how_might_we": "How?", "steps": ["s1", "s2"], "source": "weakness",
         "score": 3.0, "owner": "Ana", "status": "testing", "effort": 3, "impact": 7, "evidence": [REF, REF],
         "hypotheses": [
             {"id": "h1", "statement": "We believe", "metric": "rate", "baseline": 1.0, "target": 2.0, "unit": "%",
              "status": "validated"},
             {"id": "h2", "statement": "Other", "metric": "m"},
         ]},
        {"id": "o2", "text": "Increase trust"},
    ],
    "blueprint_lines": [{"kind": "interaction", "after": "l1"}, {"kind": "visibility", "after": "l2"}],
    "actors": [{"id": "a1", "name": "Bank", "kind": "partner", "description": "d"}, {"id": "a2", "name": "Buyer"}],
    "value_flows": [{"id": "f1", "source": "a1", "target": "a2", "label": "Loan", "kind": "money"},
                    {"id": "f2", "source": "a2", "target": "a1", "label": "Fees"}],
    "mental_spaces": [
        {"id": "ms1", "name": "Space", "towers": [
            {"id": "t1", "name": "Tower", "boxes": [{"id": "b1", "text": "Box"}, {"id": "b9", "text": "Box 9"}]},
            {"id": "t2", "name": "Tower 2"},
        ]},
        {"id": "ms2", "name": "Space 2"},
    ],
    "supports": [{"id": "su1", "text": "Feature", "towers": ["t1", "t2"]}, {"id": "su2", "text": "Other"}],
    "comments": [
        {"id": "cm1", "target": "s1", "author": "Ann", "text": "Note", "created": "2026-01-05T10:00:00Z",
         "resolved": True, "replies": [
             {"id": "r1", "target": "s1", "author": "Bo", "text": "Reply", "created": "2026-01-06T10:00:00Z",
              "resolved": True},
             {"id": "r2", "target": "s1", "author": "Cy", "text": "Other reply"},
         ]},
        {"id": "cm2", "target": "s2", "author": "Di", "text": "Other note"},
    ],
}  # fmt: skip

Path = tuple[str | int, ...]


def _choices(annotation: Any) -> tuple[Any, ...]:
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return typing.get_args(arg)
    return ()


def _candidates(value: Any, annotation: Any) -> list[Any]:
    """Other values a field could take, most likely valid first."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, enum.Enum):
        return [m.value for m in type(value) if m is not value]
    if isinstance(value, int):
        return [value + 1, value - 1]
    if isinstance(value, float):
        return [value + d for d in (0.05, -0.05, 0.5, -0.5)]
    if isinstance(value, dt.datetime):
        return [(value + dt.timedelta(hours=1)).isoformat()]
    if isinstance(value, dt.date):
        return [(value + dt.timedelta(days=1)).isoformat()]
    if isinstance(value, tuple):
        return [[value[0] - 0.1, value[1]], [value[0], value[1] + 0.1]]
    if isinstance(value, str):
        literal = [c for c in _choices(annotation) if c != value]
        swapped = value[:-1] + ("2" if value.endswith("1") else "1")  # an id of the other element of its kind
        return [*literal, swapped, value + " x"]
    raise AssertionError(f"no way to change a {type(value).__name__}")


def _cases(
    record: BaseModel, path: Path, unset: list[str], above: tuple[type, ...] = ()
) -> Iterator[tuple[Path, str, Any]]:
    """(path, what, annotation) for every field: 'set' a new value, or 'drop' the last item of a list; into the first
    item of each list of records (a record of a kind it is already inside — a reply's replies — once)."""
    for name, info in type(record).model_fields.items():
        if name == "id":
            continue  # an element's identity, not a field of it
        value, where = getattr(record, name), (*path, name)
        if value == [] and type(record) in above:
            continue
        if value is None or value == [] or value == "":
            unset.append(".".join(map(str, where)))
        elif isinstance(value, BaseModel):
            yield from _cases(value, where, unset, (*above, type(record)))
        elif isinstance(value, dict):  # a mapping by id (a step's other personas' levels): drop one, change one
            yield where, "drop", info.annotation
            yield from _cases(next(iter(value.values())), (*where, next(iter(value))), unset, (*above, type(record)))
        elif isinstance(value, list):
            yield where, "drop", info.annotation
            if isinstance(value[0], BaseModel):
                yield from _cases(value[0], (*where, 0), unset, (*above, type(record)))
            else:
                yield (*where, len(value) - 1), "set", info.annotation
        else:
            yield where, "set", info.annotation


def _get(data: Any, path: Path) -> Any:
    for key in path:
        data = data[key]
    return data


def _value_at(record: Any, path: Path) -> Any:
    for key in path:
        record = record[key] if isinstance(key, int) or isinstance(record, dict) else getattr(record, key)
    return record


def _changed(base: Map, path: Path, what: str, annotation: Any) -> Map:
    if what == "drop":
        data = copy.deepcopy(BASE)
        target = _get(data, path)
        target.popitem() if isinstance(target, dict) else target.pop()
        return Map.model_validate(data)
    if len(path) > 1 and path[-2] == "feedback" and path[-1] in COUPLED_FEEDBACK:  # changed together
        data = copy.deepcopy(BASE)
        _get(data, path[:-1]).update(COUPLED_FEEDBACK[path[-1]])
        return Map.model_validate(data)
    errors = []
    item = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation
    for candidate in _candidates(_value_at(base, path), item):
        data = copy.deepcopy(BASE)
        _get(data, path[:-1])[path[-1]] = candidate
        try:
            return Map.model_validate(data)
        except ValueError as error:
            errors.append(str(error).splitlines()[0])
    raise AssertionError(f"no valid change of {path}: {errors}")


def _all_cases() -> tuple[list[tuple[Path, str, Any]], list[str]]:
    unset: list[str] = []
    found = list(_cases(Map.model_validate(BASE), (), unset))
    return found, unset


CASES, UNSET = _all_cases()


def test_the_base_map_sets_every_field() -> None:
    assert UNSET == [], "set these fields in BASE so that their changes are tested"
    assert len(CASES) > 150


@pytest.mark.parametrize(
    ("path", "what", "annotation"), CASES, ids=[".".join(map(str, c[0])) + f":{c[1]}" for c in CASES]
)
def test_every_change_is_reported(path: Path, what: str, annotation: Any) -> None:
    base = Map.model_validate(BASE)
    changed = _changed(base, path, what, annotation)
    assert changed != base
    forward, back = diff_maps(base, changed), diff_maps(changed, base)
    assert not forward.is_empty and not back.is_empty
    assert "No differences." not in render_diff_text(forward)
    assert forward.to_dict()["identical"] is False
