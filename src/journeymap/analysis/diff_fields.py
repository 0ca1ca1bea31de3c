"""The parts of :func:`~.diff.diff_maps` added for issue 13: value moments and VMPI, lanes, changes of emotional level
with Welch's test, and a walk over every field of the map.

**The walk** reads the model itself (the fields of each pydantic class), so a field added to the model is compared
without anyone remembering to: every element (anything with an ``id``) is keyed by the name of its collection
(``steps``, ``replies``) and its id, and every field of it — nested records such as ``scope`` or a step's ``emotion``
by their dotted path, lists of values or of records without ids (tags, evidence links, blueprint lines) as a whole —
is compared. What the sections of the diff already report is left out: lanes and cards entirely, the matched fields of
steps, touchpoints, moments of truth and value moments, and their being added or removed. Elements of those four kinds
are paired as the diff paired them (a step matched by name is the same step though its id changed); other elements are
paired by id.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from ..model import Element, Lane, Map, ValueMoment
from .diff_parts import FieldChange, LaneChange, LaneRef, ValueMomentChange, ValueMomentRef
from .value_moments import vmpi

__all__ = ["field_changes", "lane_changes", "value_moment_changes", "value_moment_ref"]

PAIRED = ("steps", "touchpoints", "moments_of_truth", "value_moments")
"""Kinds whose elements the diff pairs (and reports added or removed) itself."""

REPORTED: dict[str, frozenset[str]] = {
    "steps": frozenset({"name", "emotion.mean", "emotion.estimate"}),
    "touchpoints": frozenset({"name", "step", "channel", "kind", "importance", "satisfaction"}),
    "moments_of_truth": frozenset(
        {"title", "step", "touchpoint", "importance", "expectation", "experience", "estimated"}
    ),
    "value_moments": frozenset({"name", "step", "vmce", "vme", "weight"}),
}
"""Fields the sections of the diff report already (a change of emotional basis is reported there too)."""

SKIPPED = frozenset({"lanes"})
"""Collections reported by sections of their own from top to bottom (lanes and their cards)."""

_LABELS = ("name", "title", "text", "label", "statement", "author")


# ---- value moments and lanes -------------------------------------------------------------------------------------


def value_moment_ref(m: Map, moment: ValueMoment) -> ValueMomentRef:
    step = m.step(moment.step)
    return ValueMomentRef(
        moment.id,
        moment.name,
        moment.step,
        step.name if step else moment.step,
        moment.vmce,
        moment.vme,
        moment.weight,
        vmpi(moment),
    )


def value_moment_changes(
    pairs: Sequence[tuple[ValueMomentRef, ValueMomentRef]], same_step: Callable[[str, str], bool]
) -> list[ValueMomentChange]:
    found = []
    for a, b in pairs:
        changes = tuple(f for f in ("name", "vmce", "vme", "weight") if getattr(a, f) != getattr(b, f))
        if not same_step(a.step_id, b.step_id):
            changes += ("step",)
        if changes:
            found.append(ValueMomentChange(a, b, changes))
    return found


def _lane_ref(lane: Lane) -> LaneRef:
    return LaneRef(lane.id, lane.kind.value, lane.heading, len(lane.cards))


def lane_changes(
    a: Sequence[Lane], b: Sequence[Lane], a_keys: dict[str, int], b_keys: dict[str, int]
) -> tuple[list[LaneRef], list[LaneRef], list[LaneChange]]:
    """Lanes added, removed and changed (heading, kind, position among the lanes of both maps), from the keys of
    :func:`.diff._match_lanes` (a lane of B with the key of a lane of A is that lane)."""
    a_by_key = {a_keys[lane.id]: (i, lane) for i, lane in enumerate(a)}
    pairs = [(a_by_key[b_keys[lane.id]], (j, lane)) for j, lane in enumerate(b) if b_keys[lane.id] in a_by_key]
    matched_a = {x[1].id for x, _ in pairs}
    matched_b = {y[1].id for _, y in pairs}
    rank_a = {x[1].id: r for r, x in enumerate(sorted((x for x, _ in pairs), key=lambda p: p[0]))}
    rank_b = {y[1].id: r for r, y in enumerate(sorted((y for _, y in pairs), key=lambda p: p[0]))}
    changed = []
    for (_, la), (_, lb) in sorted(pairs, key=lambda p: p[1][0]):
        changes = tuple(
            name
            for name, differs in (
                ("heading", la.heading != lb.heading),
                ("kind", la.kind is not lb.kind),
                ("position", rank_a[la.id] != rank_b[lb.id]),
            )
            if differs
        )
        if changes:
            changed.append(LaneChange(_lane_ref(la), _lane_ref(lb), changes))
    added = [_lane_ref(lane) for lane in b if lane.id not in matched_b]
    removed = [_lane_ref(lane) for lane in a if lane.id not in matched_a]
    return added, removed, changed


# ---- the walk over every field -------------------------------------------------------------------------------


@cache
def _element_lists(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold a list of elements (things with an id)."""
    found = set()
    for name, info in model.model_fields.items():
        if typing.get_origin(info.annotation) is list:
            (item,) = typing.get_args(info.annotation)
            if isinstance(item, type) and issubclass(item, Element):
                found.add(name)
    return frozenset(found)


def plain(value: Any) -> Any:
    """A value as JSON holds it (records as mappings, enums as their value, dates as ISO text)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):  # a step's other personas' emotional levels, by persona id
        return {key: plain(v) for key, v in value.items()}
    return value


def _fields(record: BaseModel, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """The fields of a record that are not lists of elements, nested records by their dotted path."""
    lists = _element_lists(type(record))
    for name in type(record).model_fields:
        if name == "id" or name in lists:
            continue
        value = getattr(record, name)
        if isinstance(value, BaseModel) and not isinstance(value, Element):
            yield f"{prefix}{name}.@", type(value).__name__  # which kind of record (an emotion's basis)
            yield from _fields(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", plain(value)


Flat = dict[tuple[str, str], tuple[str, dict[str, Any]]]
"""(kind, id) → (label, field path → value)."""


def _flatten(m: Map) -> Flat:
    flat: Flat = {("map", "map"): (m.title, dict(_fields(m)))}

    def visit(record: BaseModel) -> None:
        for kind in _element_lists(type(record)):
            if kind in SKIPPED:
                continue
            for item in getattr(record, kind):
                label = next((str(getattr(item, f)) for f in _LABELS if getattr(item, f, "")), item.id)
                flat[(kind, item.id)] = (label, dict(_fields(item)))
                visit(item)

    visit(m)
    return flat


def _reported(kind: str, path: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    if path in REPORTED.get(kind, ()):
        return True
    # a step whose emotional level changed basis (none, estimated, measured): the emotion section says so
    return kind == "steps" and path.startswith("emotion") and a.get("emotion.@") != b.get("emotion.@")


def field_changes(a: Map, b: Map, pairs: dict[str, str]) -> list[FieldChange]:
    """Every difference the other sections do not report; ``pairs`` maps the ids of B's steps, touchpoints, moments
    of truth and value moments to those of A the diff paired them with."""
    flat_a, flat_b = _flatten(a), _flatten(b)
    renamed = {(kind, pairs.get(i, i)): value for (kind, i), value in flat_b.items() if kind in PAIRED}
    flat_b = {**{k: v for k, v in flat_b.items() if k[0] not in PAIRED}, **renamed}
    paired_a = set(pairs.values())
    found: list[FieldChange] = []
    for key in [*flat_a, *(k for k in flat_b if k not in flat_a)]:
        kind, element = key
        if kind in PAIRED and element not in paired_a:
            continue  # added or removed: the section of its kind says so
        side_a, side_b = flat_a.get(key), flat_b.get(key)
        if side_a is None or side_b is None:
            label, _ = side_a or side_b or ("", {})
            change: Literal["added", "removed"] = "removed" if side_b is None else "added"
            found.append(FieldChange(kind, element, label, "", change, None, None))
            continue
        (_, fa), (label_b, fb) = side_a, side_b
        for path in [*fa, *(p for p in fb if p not in fa)]:
            if path.endswith(".@") or _reported(kind, path, fa, fb):
                continue
            if fa.get(path) != fb.get(path):
                found.append(FieldChange(kind, element, label_b, path, "changed", fa.get(path), fb.get(path)))
    return found
