"""Journeys that link, for the studio: a map's chain of parents (the breadcrumb), its children, and the
sub-journeys its steps open, with the studio's ids of the maps named.

The hierarchy is the core's (:mod:`journeymap.model.links`: a map's parent is its ``parent``, else the first map
whose step opens it); this module only reads the workspace's live maps and pairs each map's own id (the one
``sub_journey`` and ``parent`` name) with the studio's map id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..model import Map
from ..model.links import ancestors, children, sub_journey_steps
from ..store import repo

if TYPE_CHECKING:
    from .services import Studio

__all__ = ["LinkedMap", "MapLinks", "StepLink", "map_links"]


@dataclass(frozen=True)
class LinkedMap:
    """A map of the workspace: the studio's id, the map's own id, its title; ``step`` is the step of this map
    that opens the next map of a chain (in a breadcrumb), or the step of the current map that opens it."""

    map_id: int
    ref: str
    title: str
    step_id: str | None = None
    step_name: str | None = None


@dataclass(frozen=True)
class StepLink:
    """A step of the map that opens a sub-journey (``map_id`` None: no map of the workspace has that id)."""

    step_id: str
    step_name: str
    ref: str
    map_id: int | None
    title: str | None


@dataclass(frozen=True)
class MapLinks:
    map_id: int
    ref: str
    title: str
    parents: list[LinkedMap]
    children: list[LinkedMap]
    steps: list[StepLink]
    maps: list[LinkedMap]


def _outline(data: dict[str, Any]) -> dict[str, Any]:
    """What of a map the links need (its id, title, parent, stages and steps) — read when the whole map does not
    validate (a map being edited may hold an error for a while)."""
    stages = []
    for stage in data.get("stages") or []:
        if isinstance(stage, dict):
            steps = [
                {k: s[k] for k in ("id", "name", "sub_journey") if k in s}
                for s in stage.get("steps") or []
                if isinstance(s, dict)
            ]
            stages.append({"id": stage.get("id"), "name": stage.get("name") or "Stage", "steps": steps})
    keep: dict[str, Any] = {k: data[k] for k in ("id", "title", "type", "parent") if k in data}
    return {**keep, "stages": stages}


def _model(data: dict[str, Any]) -> Map | None:
    for candidate in (data, _outline(data)):
        try:
            return Map.model_validate(candidate)
        except (ValidationError, ValueError, TypeError):
            continue
    return None


def _step_opening(parent: Map, child: Map) -> tuple[str | None, str | None]:
    step = next((s for _, s in sub_journey_steps(parent) if s.sub_journey == child.id), None)
    return (step.id, step.name) if step else (None, None)


async def map_links(studio: Studio, map_id: int) -> MapLinks:
    """The map's parents (root first, each with the step opening the next map), children and step links."""
    row = studio.map_row(map_id)
    with studio.store.session() as db:
        rows = repo.live_maps(db, row.workspace_id)
    models: list[Map] = []
    studio_id: dict[str, int] = {}
    current: Map | None = None
    for item in rows:
        m = _model(await studio.rooms.data(item.id))
        if m is None or m.id in studio_id:
            continue
        models.append(m)
        studio_id[m.id] = item.id
        if item.id == map_id:
            current = m
    if current is None:
        return MapLinks(map_id, "", row.title, [], [], [], [LinkedMap(studio_id[m.id], m.id, m.title) for m in models])
    chain = [*ancestors(current, models), current]
    parents = [
        LinkedMap(studio_id[m.id], m.id, m.title, *_step_opening(m, chain[n + 1])) for n, m in enumerate(chain[:-1])
    ]
    kids = [LinkedMap(studio_id[c.id], c.id, c.title, *_step_opening(current, c)) for c in children(current, models)]
    by_ref = {m.id: m for m in models}
    steps = [
        StepLink(
            s.id, s.name, str(s.sub_journey), studio_id.get(str(s.sub_journey)),
            by_ref[str(s.sub_journey)].title if str(s.sub_journey) in by_ref else None,
        )
        for _, s in sub_journey_steps(current)
    ]  # fmt: skip
    maps = [LinkedMap(studio_id[m.id], m.id, m.title) for m in models]
    return MapLinks(map_id, current.id, current.title, parents, kids, steps, maps)
