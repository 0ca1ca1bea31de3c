"""Journeys that link: a step can open a sub-journey (``Step.sub_journey``, another map's id) and a map can name
the map it details (``Map.parent``). This module reads the hierarchy the maps of a workspace make and checks it
across maps (a single map's missing map ids are checked by :mod:`journeymap.model.references`):

- **JM210** (error): a cycle — a map that is, through parents and sub-journeys, its own ancestor (a step that opens
  its own map is the shortest one);
- **JM211** (warning): a map whose ``parent`` names a map other than the one whose step opens it.

The **parent** of a map is its ``parent`` when set, else the first map (in workspace order) with a step that opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..errors import Problem, Severity
from .references import describe_loc

if TYPE_CHECKING:
    from .journey_map import Map, Step

__all__ = ["ancestors", "check_map_links", "children", "parent_of", "sub_journey_steps"]

Loc = tuple[str | int, ...]
Where = Callable[["Map", Loc], str]
"""Where a problem at ``loc`` of a map is, for a person (a file position); by default the map's id."""


def sub_journey_steps(m: Map) -> Iterator[tuple[Loc, Step]]:
    """(data path of ``sub_journey``, step) for every step of ``m`` that opens a sub-journey."""
    for si, stage in enumerate(m.stages):
        for ti, step in enumerate(stage.steps):
            if step.sub_journey:
                yield ("stages", si, "steps", ti, "sub_journey"), step


def parent_of(m: Map, maps: Sequence[Map]) -> Map | None:
    """The map ``m`` details: its ``parent``, else the first map with a step opening it (None when neither is
    found among ``maps``)."""
    by_id = {other.id: other for other in maps}
    if m.parent:
        return by_id.get(m.parent)
    for other in maps:
        if other.id != m.id and any(step.sub_journey == m.id for _, step in sub_journey_steps(other)):
            return other
    return None


def ancestors(m: Map, maps: Sequence[Map]) -> list[Map]:
    """The chain of parents of ``m``, the root first (stops at a cycle)."""
    chain: list[Map] = []
    seen = {m.id}
    current = parent_of(m, maps)
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = parent_of(current, maps)
    return list(reversed(chain))


def children(m: Map, maps: Sequence[Map]) -> list[Map]:
    """The maps whose parent is ``m``, in workspace order."""
    return [other for other in maps if other.id != m.id and (p := parent_of(other, maps)) is not None and p.id == m.id]


def _edges(maps: Sequence[Map]) -> dict[str, list[tuple[str, str, Loc]]]:
    """parent id → [(child id, map id holding the link, loc of the link)]."""
    known = {m.id for m in maps}
    edges: dict[str, list[tuple[str, str, Loc]]] = {m.id: [] for m in maps}
    for m in maps:
        for loc, step in sub_journey_steps(m):
            if step.sub_journey in known:
                edges[m.id].append((str(step.sub_journey), m.id, loc))
        if m.parent and m.parent in known:
            edges[m.parent].append((m.id, m.id, ("parent",)))
    return edges


def _cycles(maps: Sequence[Map]) -> list[list[tuple[str, str, Loc]]]:
    """Each cycle once, as its links, found by a depth-first walk from each map in order."""
    edges = _edges(maps)
    found: list[list[tuple[str, str, Loc]]] = []
    seen_sets: set[frozenset[str]] = set()

    def walk(node: str, path: list[tuple[str, str, Loc]], on_path: list[str]) -> None:
        for link in edges.get(node, []):
            child = link[0]
            if child in on_path:
                cycle = [*path[on_path.index(child) :], link]
                key = frozenset(on_path[on_path.index(child) :])
                if key not in seen_sets:
                    seen_sets.add(key)
                    found.append(cycle)
            elif len(on_path) < len(maps):
                walk(child, [*path, link], [*on_path, child])

    for m in maps:
        walk(m.id, [], [m.id])
    return found


def check_map_links(maps: Sequence[Map], where: Where | None = None) -> list[Problem]:
    """Problems of the hierarchy of ``maps`` (a workspace's): cycles (JM210) and a ``parent`` that disagrees with
    the step that opens the map (JM211)."""
    place: Where = where or (lambda m, loc: m.id)
    by_id = {m.id: m for m in maps}
    problems = []
    for cycle in _cycles(maps):
        _, holder, loc = cycle[0]
        route = [_from(link, by_id) for link in cycle] + [_from(cycle[0], by_id)]
        names = " → ".join(route)
        problems.append(
            Problem(
                "JM210",
                place(by_id[holder], loc),
                f"the maps link in a circle: {names}",
                "a sub-journey details a step of its parent: remove one of the links (sub_journey or parent)",
                path=describe_loc(by_id[holder], loc),
                loc=loc,
            )
        )
    for m in maps:
        for loc, step in sub_journey_steps(m):
            child = by_id.get(str(step.sub_journey))
            if child is not None and child.parent and child.parent != m.id:
                problems.append(
                    Problem(
                        "JM211",
                        place(m, loc),
                        f"step {step.name!r} opens {child.id!r}, whose parent is {child.parent!r}",
                        f"set 'parent: {m.id}' in {child.id!r} or open it from a step of {child.parent!r}",
                        Severity.WARNING,
                        path=describe_loc(m, loc),
                        loc=loc,
                    )
                )
    return problems


def _from(link: tuple[str, str, Loc], by_id: dict[str, Map]) -> str:
    """The parent end of a link."""
    _child, holder, loc = link
    if loc == ("parent",):
        return by_id[holder].parent or holder
    return holder
