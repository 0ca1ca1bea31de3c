"""Search across every map of a portfolio: by text, tag, persona, touchpoint and channel.

* ``text`` matches (case-insensitively, as a part of a word or phrase) the words of maps (title, description,
  scope, tags), stages, steps, cards (with their tags), touchpoints (name, channel, owner), moments of truth,
  service challenges, value moments, opportunities ("How might we…?" included), actors, mental spaces, towers,
  their boxes and supports.
* ``persona`` keeps the maps a persona appears in whose id or name contains it (any case): the map's persona, a
  persona it defines, an actor of a step, or emotional levels given for it.
* ``tag`` keeps the maps tagged so, and the cards tagged so in any map.
* ``touchpoint`` (part of the touchpoint's name, or its id) and ``channel`` (the touchpoint's channel, whole) list
  touchpoints.

The filters given all hold for every hit. With only ``persona`` and ``tag``, the hits are the maps (and, for a
tag, the cards) that pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..model import Map, Workspace

__all__ = ["SearchHit", "SearchQuery", "search_index", "search_portfolio"]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    tag: str = ""
    persona: str = ""
    touchpoint: str = ""
    channel: str = ""

    @property
    def empty(self) -> bool:
        return not any(asdict(self).values())


@dataclass(frozen=True)
class SearchHit:
    """An element that matched: its kind, id and text, the map it is on, and where in the map (a human path)."""

    workspace: str
    map_id: str
    map_title: str
    kind: str
    id: str
    text: str
    where: str
    step: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Item:
    kind: str
    id: str
    text: str
    where: str
    words: str
    tags: tuple[str, ...] = ()
    channel: str = ""
    step: str | None = None


def _quoted(noun: str, label: str) -> str:
    short = label if len(label) <= 40 else label[:39] + "…"
    return f'{noun} "{short}"'


def _items(m: Map) -> Iterator[_Item]:
    scope = " ".join((m.scope.point_of_view, m.scope.purpose, m.scope.start, m.scope.end))
    yield _Item("map", m.id, m.title, "map", " ".join((m.title, m.description, scope, *m.tags)), tuple(m.tags))
    at: dict[str, str] = {}
    for stage in m.stages:
        where = _quoted("stage", stage.name)
        yield _Item("stage", stage.id, stage.name, where, f"{stage.name} {stage.description}")
        for step in stage.steps:
            at[step.id] = f"{where} › {_quoted('step', step.name)}"
            yield _Item("step", step.id, step.name, at[step.id], f"{step.name} {step.description}", step=step.id)
    for lane in m.lanes:
        for card in lane.cards:
            where = f"{_quoted('lane', lane.heading)} › {at.get(card.step, _quoted('step', card.step))}"
            words = " ".join((card.text, *card.tags))
            yield _Item("card", card.id, card.text, where, words, tuple(card.tags), step=card.step)
    for tp in m.touchpoints:
        words = f"{tp.name} {tp.channel} {tp.owner}"
        where = at.get(tp.step, "map")
        yield _Item("touchpoint", tp.id, tp.name, where, words, channel=tp.channel, step=tp.step)
    yield from _other_items(m, at)


def _other_items(m: Map, at: dict[str, str]) -> Iterator[_Item]:
    for mot in m.moments_of_truth:
        yield _Item("moment of truth", mot.id, mot.title, at.get(mot.step, "map"), mot.title, step=mot.step)
    for sc in m.service_challenges:
        yield _Item("service challenge", sc.id, sc.text, at.get(sc.step, "map"), sc.text, step=sc.step)
    for vm in m.value_moments:
        yield _Item("value moment", vm.id, vm.name, at.get(vm.step, "map"), vm.name, step=vm.step)
    for opp in m.opportunities:
        yield _Item("opportunity", opp.id, opp.text, "opportunities", f"{opp.text} {opp.how_might_we} {opp.owner}")
    for actor in m.actors:
        yield _Item("actor", actor.id, actor.name, "actors", f"{actor.name} {actor.description}")
    for space in m.mental_spaces:
        yield _Item("mental space", space.id, space.name, "mental spaces", space.name)
        for tower in space.towers:
            where = f"{_quoted('mental space', space.name)} › {_quoted('tower', tower.name)}"
            yield _Item("tower", tower.id, tower.name, where, tower.name)
            for box in tower.boxes:
                yield _Item("box", box.id, box.text, where, box.text)
    for support in m.supports:
        yield _Item("support", support.id, support.text, "supports", support.text)


def _persona_in(m: Map, workspace: Workspace, wanted: str) -> bool:
    wanted = wanted.casefold()
    people = (*workspace.personas, *m.personas)
    named = {p.id for p in people if wanted in p.name.casefold() or wanted in p.id.casefold()}
    named.add(wanted)
    ids = {m.persona or "", *m.persona_ids()}
    for step in m.steps:
        ids |= {*step.actors, *step.emotions}
    return bool({i.casefold() for i in ids if i} & {n.casefold() for n in named})


def _keeps(item: _Item, query: SearchQuery, map_tagged: bool) -> bool:
    fold = str.casefold
    if query.tag and not (map_tagged or fold(query.tag) in {fold(t) for t in item.tags}):
        return False
    if query.touchpoint or query.channel:
        if item.kind != "touchpoint":
            return False
        if query.touchpoint and fold(query.touchpoint) not in fold(item.text) and query.touchpoint != item.id:
            return False
        if query.channel and fold(query.channel) != fold(item.channel):
            return False
    if query.text:
        return fold(query.text) in fold(item.words)
    if query.touchpoint or query.channel:
        return True
    return item.kind == "map" or (bool(query.tag) and fold(query.tag) in {fold(t) for t in item.tags})


def search_portfolio(workspaces: Sequence[Workspace], query: SearchQuery) -> list[SearchHit]:
    """Every element of the maps of ``workspaces`` that ``query`` finds (see the module docstring), in order."""
    if query.empty:
        return []
    hits = []
    for workspace in workspaces:
        for m in workspace.maps:
            if query.persona and not _persona_in(m, workspace, query.persona):
                continue
            tagged = bool(query.tag) and query.tag.casefold() in {t.casefold() for t in m.tags}
            for item in _items(m):
                if _keeps(item, query, tagged):
                    hits.append(
                        SearchHit(workspace.name, m.id, m.title, item.kind, item.id, item.text, item.where, item.step)
                    )
    return hits


def search_index(workspaces: Sequence[Workspace]) -> list[dict[str, Any]]:
    """What a page needs to search on its own: every searchable element (kind, text, where, the words searched,
    tags, channel) with its map and the personas of that map (ids and names, case-folded)."""
    index = []
    for workspace in workspaces:
        for m in workspace.maps:
            personas = sorted({p.casefold() for p in _map_personas(m, workspace)})
            for item in _items(m):
                index.append(
                    {
                        "workspace": workspace.name,
                        "map": m.id,
                        "map_title": m.title,
                        "map_tags": [t.casefold() for t in m.tags],
                        "personas": personas,
                        "kind": item.kind,
                        "id": item.id,
                        "text": item.text,
                        "where": item.where,
                        "words": item.words.casefold(),
                        "tags": [t.casefold() for t in item.tags],
                        "channel": item.channel.casefold(),
                    }
                )
    return index


def _map_personas(m: Map, workspace: Workspace) -> set[str]:
    ids = {m.persona or "", *m.persona_ids()}
    for step in m.steps:
        ids |= {*step.actors, *step.emotions}
    ids.discard("")
    names = {p.name for p in (*workspace.personas, *m.personas) if p.id in ids}
    return ids | names
