"""Cross-reference checks: every id a map points at must exist (a card on a missing step is a problem,
not a crash), and every id must be unique within the map.

Problems carry ``loc`` (the data path, e.g. ``("lanes", 2, "cards", 5, "step")``) so the file layer can
report the line and column, and ``path`` (a human element path such as ``lane "Actions" › card 6 › step``).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Problem, Severity
from ..map_types import MAP_TYPES
from .enums import MapState

if TYPE_CHECKING:  # not imported to run: ``did_you_mean`` is used where no map is read (evidence files)
    from .journey_map import Map

__all__ = ["check_map_references", "check_step_links", "describe_loc", "did_you_mean"]

Loc = tuple[str | int, ...]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or listing a few choices when none is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if not options:
        return "there is nothing to refer to yet"
    shown = ", ".join(repr(o) for o in options[:6])
    return f"known: {shown}" + (", …" if len(options) > 6 else "")


@dataclass(frozen=True)
class _Ref:
    loc: Loc
    value: object
    kind: str  # "step", "persona", …


def check_map_references(
    journey_map: Map | dict[str, Any], *, personas: Collection[str] = (), maps: Collection[str] | None = None
) -> list[Problem]:
    """Problems with the ids of a map: duplicates and references to elements that do not exist.

    Works on a :class:`Map` or on raw map data whose ids were filled in (so a file with other errors still
    gets its references checked). ``personas`` are the persona ids known outside the map (the workspace's);
    ``maps`` the ids of the other maps of the workspace, or ``None`` when the map is checked on its own.
    """
    data = journey_map if isinstance(journey_map, dict) else journey_map.model_dump(mode="json")
    problems = list(_duplicate_ids(data))
    ids_of = _ids_by_kind(data)
    ids_of["persona"] |= set(personas)
    for ref in _references(data):
        known = ids_of[ref.kind]
        if isinstance(ref.value, str) and ref.value not in known:
            problems.append(
                Problem(
                    code="JM202",
                    where=describe_loc(data, ref.loc),
                    message=f"unknown {ref.kind} {ref.value!r}",
                    hint=did_you_mean(ref.value, known),
                    loc=ref.loc,
                )
            )
    problems.extend(_map_links(data, maps))
    problems.extend(_linked_maps(data, maps))
    problems.extend(_cross_map_steps(data, ids_of["step"], maps))
    return problems


def _is_cross_map(ref: object) -> bool:
    return isinstance(ref, str) and ":" in ref


def _cross_map_steps(m: dict[str, Any], own_steps: Collection[str], maps: Collection[str] | None) -> Iterator[Problem]:
    """An opportunity's ``map-id:step-id``: this map's own id names one of its steps; another map must be one of
    ``maps`` (when the workspace's maps are known; its steps are checked by :func:`check_step_links`)."""
    for i, opp in _items(m, "opportunities"):
        for j, ref in enumerate(opp.get("steps") or []):
            if not _is_cross_map(ref):
                continue
            map_id, _, step_id = str(ref).partition(":")
            loc: Loc = ("opportunities", i, "steps", j)
            if map_id == m.get("id") and step_id not in own_steps:
                hint = did_you_mean(step_id, own_steps)
                yield Problem("JM202", describe_loc(m, loc), f"unknown step {step_id!r}", hint=hint, loc=loc)
            elif map_id != m.get("id") and maps is not None and map_id not in maps:
                hint = did_you_mean(map_id, maps)
                yield Problem("JM202", describe_loc(m, loc), f"unknown map {map_id!r}", hint=hint, loc=loc)


def check_step_links(journey_map: Map, steps_of: Mapping[str, Collection[str]]) -> list[Problem]:
    """Problems with the steps of other maps an opportunity names (``map-id:step-id``), given the step ids of
    each map of the workspace: a step the named map does not have is a located problem (JM202)."""
    data = journey_map.model_dump(mode="json")
    problems = []
    for i, opp in enumerate(journey_map.opportunities):
        for j, ref in enumerate(opp.steps):
            map_id, _, step_id = ref.partition(":")
            if not step_id or map_id == journey_map.id or map_id not in steps_of or step_id in steps_of[map_id]:
                continue
            loc: Loc = ("opportunities", i, "steps", j)
            problems.append(
                Problem(
                    "JM202",
                    describe_loc(data, loc),
                    f"unknown step {step_id!r} in map {map_id!r}",
                    hint=did_you_mean(step_id, steps_of[map_id]),
                    loc=loc,
                )
            )
    return problems


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _ids_by_kind(data: dict[str, Any]) -> dict[str, set[str]]:
    # Lists, not sets, until the ids are known to be text: raw data (a file with other errors, a studio edit)
    # may hold an id that is a mapping, which cannot go into a set; the model refuses it at its place.
    steps = [st.get("id") for _, s in _items(data, "stages") for _, st in _items(s, "steps")]
    towers = [t.get("id") for _, s in _items(data, "mental_spaces") for _, t in _items(s, "towers")]
    found = {
        "step": steps,
        "persona": [p.get("id") for _, p in _items(data, "personas")],
        "touchpoint": [t.get("id") for _, t in _items(data, "touchpoints")],
        "actor": [a.get("id") for _, a in _items(data, "actors")],
        "tower": towers,
        "lane": [lane.get("id") for _, lane in _items(data, "lanes")],
        "element": [element.get("id") for _, element in _located_elements(data, ())],
    }
    return {kind: {i for i in ids if isinstance(i, str)} for kind, ids in found.items()}


def _duplicate_ids(data: dict[str, Any]) -> Iterator[Problem]:
    seen: dict[str, Loc] = {}
    for loc, element in _located_elements(data, ()):
        element_id = element.get("id")
        if not isinstance(element_id, str):
            continue
        if element_id in seen:
            yield Problem(
                code="JM201",
                where=describe_loc(data, (*loc, "id")),
                message=f"id {element_id!r} is used twice in the map",
                hint=f"first used at {describe_loc(data, seen[element_id])}; ids must be unique",
                loc=(*loc, "id"),
            )
        else:
            seen[element_id] = loc


_NOT_ELEMENTS = frozenset({"scope", "evidence", "blueprint_lines", "ci95", "tags", "emotion"})


def _located_elements(node: dict[str, Any], loc: Loc) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every element (a dict with an ``id``) of the map data, the map itself first."""
    if "id" in node:
        yield loc, node
    for key, value in node.items():
        if key in _NOT_ELEMENTS or not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield from _located_elements(item, (*loc, key, index))


def _references(m: dict[str, Any]) -> Iterator[_Ref]:
    if m.get("persona"):
        yield _Ref(("persona",), m["persona"], "persona")
    for si, stage in _items(m, "stages"):
        for ti, step in _items(stage, "steps"):
            for ai, actor in enumerate(step.get("actors") or []):
                yield _Ref(("stages", si, "steps", ti, "actors", ai), actor, "persona")
            others = step.get("emotions")
            for persona in others if isinstance(others, dict) else ():
                yield _Ref(("stages", si, "steps", ti, "emotions", persona), persona, "persona")
    for li, lane in _items(m, "lanes"):
        for ci, card in _items(lane, "cards"):
            yield _Ref(("lanes", li, "cards", ci, "step"), card.get("step"), "step")
    for key in ("touchpoints", "moments_of_truth", "service_challenges", "value_moments"):
        for i, item in _items(m, key):
            yield _Ref((key, i, "step"), item.get("step"), "step")
    for i, mot in _items(m, "moments_of_truth"):
        if mot.get("touchpoint"):
            yield _Ref(("moments_of_truth", i, "touchpoint"), mot["touchpoint"], "touchpoint")
    for i, opp in _items(m, "opportunities"):
        for j, step_id in enumerate(opp.get("steps") or []):
            if not _is_cross_map(step_id):  # map-id:step-id: see _cross_map_steps and check_step_links
                yield _Ref(("opportunities", i, "steps", j), step_id, "step")
    for i, flow in _items(m, "value_flows"):
        yield _Ref(("value_flows", i, "source"), flow.get("source"), "actor")
        yield _Ref(("value_flows", i, "target"), flow.get("target"), "actor")
    for i, support in _items(m, "supports"):
        for j, tower in enumerate(support.get("towers") or []):
            yield _Ref(("supports", i, "towers", j), tower, "tower")
    for i, line in _items(m, "blueprint_lines"):
        yield _Ref(("blueprint_lines", i, "after"), line.get("after"), "lane")
    for i, comment in _items(m, "comments"):
        yield _Ref(("comments", i, "target"), comment.get("target"), "element")


def _map_links(m: dict[str, Any], maps: Collection[str] | None) -> Iterator[Problem]:
    derived_from = m.get("derived_from")
    spec = MAP_TYPES.get(str(m.get("type")))
    if spec is not None and spec.family == "network" and m.get("stages"):
        yield Problem(
            code="JM204",
            where=describe_loc(m, ("stages",)),
            message=f"a map of type {spec.name!r} is a network; its stages are not drawn",
            hint="use actors and value_flows",
            severity=Severity.WARNING,
            loc=("stages",),
        )
    if not isinstance(derived_from, str):
        return
    if m.get("state", MapState.AS_IS.value) != MapState.TO_BE.value:
        yield Problem(
            code="JM203",
            where=describe_loc(m, ("derived_from",)),
            message="only a to-be map can be derived from another map",
            hint="set 'state: to-be' or remove 'derived_from'",
            severity=Severity.WARNING,
            loc=("derived_from",),
        )
    if maps is not None and derived_from not in maps:
        yield Problem(
            code="JM202",
            where=describe_loc(m, ("derived_from",)),
            message=f"unknown map {derived_from!r}",
            hint=did_you_mean(derived_from, maps),
            loc=("derived_from",),
        )


def _linked_maps(m: dict[str, Any], maps: Collection[str] | None) -> Iterator[Problem]:
    """A step's ``sub_journey`` and the map's ``parent`` name other maps of the workspace (checked when the
    workspace's maps are known; the hierarchy across maps is checked by :mod:`journeymap.model.links`)."""
    if maps is None:
        return
    links: list[tuple[Loc, object]] = [(("parent",), m.get("parent"))]
    for si, stage in _items(m, "stages"):
        for ti, step in _items(stage, "steps"):
            links.append((("stages", si, "steps", ti, "sub_journey"), step.get("sub_journey")))
    for loc, target in links:
        if isinstance(target, str) and target not in maps:
            yield Problem(
                code="JM202",
                where=describe_loc(m, loc),
                message=f"unknown map {target!r}",
                hint=did_you_mean(target, maps),
                loc=loc,
            )


_LABEL_FIELDS = ("name", "title", "text", "label", "statement", "kind")
_SINGULAR = {
    "stages": "stage",
    "steps": "step",
    "lanes": "lane",
    "cards": "card",
    "touchpoints": "touchpoint",
    "moments_of_truth": "moment of truth",
    "service_challenges": "service challenge",
    "contingencies": "contingency",
    "value_moments": "value moment",
    "opportunities": "opportunity",
    "hypotheses": "hypothesis",
    "actors": "actor",
    "value_flows": "value flow",
    "mental_spaces": "mental space",
    "towers": "tower",
    "boxes": "box",
    "supports": "support",
    "comments": "comment",
    "replies": "reply",
    "personas": "persona",
    "blueprint_lines": "blueprint line",
}


def describe_loc(root: object, loc: Loc) -> str:
    """A human path to ``loc``: ``stage "Apply" › step "Upload documents" › touchpoints``."""
    parts: list[str] = []
    node: object = root
    index = 0
    while index < len(loc):
        key = loc[index]
        value = _child(node, key)
        if isinstance(value, list) and index + 1 < len(loc) and isinstance(loc[index + 1], int):
            position = int(loc[index + 1])
            item = value[position] if 0 <= position < len(value) else None
            parts.append(_describe_item(str(key), position, item))
            node, index = item, index + 2
        else:
            parts.append(str(key))
            node, index = value, index + 1
    return " › ".join(parts) if parts else "map"


def _child(node: object, key: str | int) -> object:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int):
        return node[key] if 0 <= key < len(node) else None
    return getattr(node, str(key), None) if isinstance(key, str) else None


def _describe_item(collection: str, position: int, item: object) -> str:
    noun = _SINGULAR.get(collection, collection)
    for field in _LABEL_FIELDS:
        label = _child(item, field)
        if hasattr(label, "value"):
            label = label.value
        if isinstance(label, str) and label:
            short = label if len(label) <= 40 else label[:39] + "…"
            return f'{noun} "{short}"'
    return f"{noun} {position + 1}"
