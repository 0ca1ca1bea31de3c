"""Comparing two maps: an as-is map with its to-be map, or two versions of one map.

**Steps** are matched in three passes; a step matched in one pass is not matched again later:

1. *by id* — the same step id in both maps;
2. *by replacement* — a step whose ``replaces`` lists the id of a step of the other map that the first pass
   left unmatched (to-be steps name the as-is steps they replace; one step may replace several);
3. *by name* — the remaining steps, one to one, when their names are similar: the ratio of matching
   characters of the normalised names (case and spacing ignored; :class:`difflib.SequenceMatcher`, the
   larger of both directions) is at least 0.8, most similar pairs first.

A step matched by id or name is *renamed* when its name changed, *moved* when it changed stage (neither the
stage id nor the stage name is the same) or when its order among those steps changed (it is not on the
longest run of matched steps kept in the same order); a replaced step is neither renamed nor moved. The
rest are *added* (only in B) or *removed* (only in A). Each matched pair with an emotional level on both
sides has a delta B − A, with each side marked measured (n) or estimated.

**Cards** are matched within lanes (lanes by id, then by kind and heading), by text — not by id, since
card ids are usually made from their position: first the same text (case and spacing ignored) in the same
lane, then the same text in another lane (moved between lanes) — pairs at the same step (through the step
matches) first —, then a similar text (ratio ≥ 0.6) in the same lane at the same step (edited in place).
A matched card is *changed* when its text, step, lane, tags, weight or colour differ, *moved* when its step
or lane did.

**Moments of truth** and **touchpoints** are matched by id, then by title / name (case and spacing ignored):
moments are *gained* (only in B), *lost* (only in A) or *changed* (scores, step or touchpoint); touchpoints
are *added*, *removed* or *changed* (name, step, channel, kind, importance, satisfaction).

Matching is symmetric: the diff of B with A has the same pairs, with added and removed swapped.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal, TypeVar

from ..model import Card, Lane, Map, MeasuredEmotion, MomentOfTruth, Touchpoint
from .moments import score_moment

__all__ = [
    "CardChange",
    "CardRef",
    "EmotionDelta",
    "MapDiff",
    "MomentChange",
    "MomentRef",
    "Row",
    "StepMatch",
    "StepRef",
    "TouchpointChange",
    "TouchpointRef",
    "diff_maps",
    "name_similarity",
]

STEP_NAME_THRESHOLD = 0.8
CARD_TEXT_THRESHOLD = 0.6
T = TypeVar("T")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def name_similarity(a: str, b: str) -> float:
    """Similarity of two names, 0 … 1: SequenceMatcher's ratio 2·M / (|a| + |b|) of the normalised names (M the
    number of matching characters), the larger of both directions so that it is symmetric."""
    x, y = _norm(a), _norm(b)
    if x == y:
        return 1.0
    return max(SequenceMatcher(None, x, y).ratio(), SequenceMatcher(None, y, x).ratio())


def _greedy(pairs: Iterable[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (i, j), best score first. Ties go by i + j, then |i − j|: a key that is the same for
    (i, j) and (j, i), so matching A with B and B with A choose the same pairs."""
    chosen: list[tuple[int, int]] = []
    used_i: set[int] = set()
    used_j: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1] + p[2], abs(p[1] - p[2]))):
        if i not in used_i and j not in used_j:
            chosen.append((i, j))
            used_i.add(i)
            used_j.add(j)
    return chosen


# ---- references to the elements of each map ---------------------------------------------------------------


@dataclass(frozen=True)
class StepRef:
    """A step as the diff shows it."""

    id: str
    name: str
    stage_id: str
    stage_name: str
    index: int
    emotion: float | None
    measured: bool
    n: int | None

    @property
    def emotion_label(self) -> str:
        """The emotional level with its basis: ``7.4 (n=212)`` measured, ``6 est.`` estimated, ``—`` none."""
        if self.emotion is None:
            return "—"
        return f"{self.emotion:g} (n={self.n})" if self.measured else f"{self.emotion:g} est."

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "stage": self.stage_id,
            "stage_name": self.stage_name,
            "emotion": self.emotion,
            "measured": self.measured if self.emotion is not None else None,
            "n": self.n,
        }


def _step_refs(m: Map) -> list[StepRef]:
    refs: list[StepRef] = []
    for stage in m.stages:
        for step in stage.steps:
            emotion = step.emotion
            n = emotion.n if isinstance(emotion, MeasuredEmotion) else None
            refs.append(
                StepRef(
                    step.id,
                    step.name,
                    stage.id,
                    stage.name,
                    len(refs),
                    None if emotion is None else emotion.value,
                    isinstance(emotion, MeasuredEmotion),
                    n,
                )
            )
    return refs


@dataclass(frozen=True)
class StepMatch:
    """Two steps taken for the same one."""

    a: StepRef
    b: StepRef
    how: Literal["id", "replaces", "name"]
    similarity: float
    moved_stage: bool
    reordered: bool = False

    @property
    def renamed(self) -> bool:
        return self.how != "replaces" and _norm(self.a.name) != _norm(self.b.name)

    @property
    def moved(self) -> bool:
        return self.moved_stage or self.reordered

    @property
    def emotion_delta(self) -> float | None:
        """B − A of the emotional levels, ``None`` when either is missing."""
        if self.a.emotion is None or self.b.emotion is None:
            return None
        return self.b.emotion - self.a.emotion

    def to_dict(self) -> dict[str, Any]:
        delta = self.emotion_delta
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "matched_by": self.how,
            "similarity": round(self.similarity, 4),
            "renamed": self.renamed,
            "moved": self.moved,
            "moved_stage": self.moved_stage,
            "reordered": self.reordered,
            "emotion_delta": None if delta is None else round(delta, 4),
        }


@dataclass(frozen=True)
class EmotionDelta:
    """The change of emotional level at a matched step."""

    a: StepRef
    b: StepRef
    delta: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "a_emotion": self.a.emotion,
            "b_emotion": self.b.emotion,
            "a_basis": "measured" if self.a.measured else "estimate",
            "b_basis": "measured" if self.b.measured else "estimate",
            "a_n": self.a.n,
            "b_n": self.b.n,
            "delta": round(self.delta, 4),
        }


@dataclass(frozen=True)
class CardRef:
    id: str
    lane_id: str
    lane: str
    step_id: str
    step_name: str
    text: str
    tags: tuple[str, ...]
    weight: int | None
    colour: str | None
    index: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lane": self.lane_id,
            "lane_heading": self.lane,
            "step": self.step_id,
            "step_name": self.step_name,
            "text": self.text,
            "tags": list(self.tags),
            "weight": self.weight,
            "colour": self.colour,
        }


@dataclass(frozen=True)
class CardChange:
    a: CardRef
    b: CardRef
    changes: tuple[str, ...]
    """What differs: text, step, lane, tags, weight, colour."""

    @property
    def moved(self) -> bool:
        return "step" in self.changes or "lane" in self.changes

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "changes": list(self.changes), "moved": self.moved}


@dataclass(frozen=True)
class MomentRef:
    id: str
    title: str
    step_id: str
    step_name: str
    touchpoint: str | None
    importance: float
    expectation: float | None
    experience: float | None
    gap: float | None
    priority: float | None
    estimated: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "step": self.step_id,
            "step_name": self.step_name,
            "touchpoint": self.touchpoint,
            "importance": self.importance,
            "expectation": self.expectation,
            "experience": self.experience,
            "gap": None if self.gap is None else round(self.gap, 4),
            "priority": None if self.priority is None else round(self.priority, 4),
            "estimated": self.estimated,
        }


@dataclass(frozen=True)
class MomentChange:
    a: MomentRef
    b: MomentRef
    changes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "changes": list(self.changes)}


@dataclass(frozen=True)
class TouchpointRef:
    id: str
    name: str
    step_id: str
    step_name: str
    channel: str
    kind: str
    importance: float | None
    satisfaction: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "step": self.step_id,
            "step_name": self.step_name,
            "channel": self.channel,
            "kind": self.kind,
            "importance": self.importance,
            "satisfaction": self.satisfaction,
        }


@dataclass(frozen=True)
class TouchpointChange:
    a: TouchpointRef
    b: TouchpointRef
    changes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "changes": list(self.changes)}


@dataclass(frozen=True)
class Row:
    """A row of the side-by-side view: a step of A, of B, or both."""

    a: StepRef | None
    b: StepRef | None
    status: Literal["same", "changed", "added", "removed", "replaced"]
    match: StepMatch | None = None


# ---- the diff ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapDiff:
    """Everything that differs between map A and map B (see the module docstring for the rules)."""

    a_id: str
    a_title: str
    a_state: str
    b_id: str
    b_title: str
    b_state: str
    a_steps: tuple[StepRef, ...]
    b_steps: tuple[StepRef, ...]
    step_matches: tuple[StepMatch, ...]
    steps_added: tuple[StepRef, ...]
    steps_removed: tuple[StepRef, ...]
    cards_added: tuple[CardRef, ...]
    cards_removed: tuple[CardRef, ...]
    cards_changed: tuple[CardChange, ...]
    cards_unchanged: int
    moments_gained: tuple[MomentRef, ...]
    moments_lost: tuple[MomentRef, ...]
    moments_changed: tuple[MomentChange, ...]
    touchpoints_added: tuple[TouchpointRef, ...]
    touchpoints_removed: tuple[TouchpointRef, ...]
    touchpoints_changed: tuple[TouchpointChange, ...]
    notes: tuple[str, ...] = field(default=())

    # -- derived views --

    @property
    def steps_renamed(self) -> list[StepMatch]:
        return [s for s in self.step_matches if s.renamed]

    @property
    def steps_moved(self) -> list[StepMatch]:
        return [s for s in self.step_matches if s.moved]

    @property
    def steps_replaced(self) -> list[StepMatch]:
        return [s for s in self.step_matches if s.how == "replaces"]

    @property
    def emotion_deltas(self) -> list[EmotionDelta]:
        """B − A of the emotional level at every matched step that has one on both sides, in B's order."""
        pairs = sorted(self.step_matches, key=lambda s: (s.b.index, s.a.index))
        return [EmotionDelta(s.a, s.b, d) for s in pairs if (d := s.emotion_delta) is not None]

    @property
    def is_empty(self) -> bool:
        """True when nothing differs (emotional levels included)."""
        return not (
            self.steps_added
            or self.steps_removed
            or self.steps_renamed
            or self.steps_moved
            or self.steps_replaced
            or any(d.delta != 0 for d in self.emotion_deltas)
            or any(_emotion_basis_changed(s) for s in self.step_matches)
            or self.cards_added
            or self.cards_removed
            or self.cards_changed
            or self.moments_gained
            or self.moments_lost
            or self.moments_changed
            or self.touchpoints_added
            or self.touchpoints_removed
            or self.touchpoints_changed
        )

    def rows(self) -> list[Row]:
        """The steps of both maps side by side, in B's order, with A's other steps where they stood in A.

        Each B step is shown with its first matched A step (its *primary*); an A step that is no B step's
        primary gets a row of its own: "removed" when unmatched, "replaced" when another step replaces it."""
        by_b: dict[str, list[StepMatch]] = {}
        for s in self.step_matches:
            by_b.setdefault(s.b.id, []).append(s)
        primary = {b_id: min(ms, key=lambda s: s.a.index) for b_id, ms in by_b.items()}
        primary_a = {s.a.id for s in primary.values()}
        any_match = {s.a.id: s for s in sorted(self.step_matches, key=lambda s: s.b.index, reverse=True)}
        pending = [a for a in self.a_steps if a.id not in primary_a]  # A-only rows, in A's order
        rows: list[Row] = []

        def a_only(until: int) -> None:
            while pending and pending[0].index < until:
                step = pending.pop(0)
                match = any_match.get(step.id)
                rows.append(Row(step, None, "removed") if match is None else Row(step, None, "replaced", match))

        for b in self.b_steps:
            match = primary.get(b.id)
            if match is None:
                rows.append(Row(None, b, "added"))
                continue
            a_only(match.a.index)
            rows.append(Row(match.a, b, _row_status(match), match))
        a_only(len(self.a_steps))
        return rows

    def summary(self) -> dict[str, int]:
        return {
            "steps_added": len(self.steps_added),
            "steps_removed": len(self.steps_removed),
            "steps_renamed": len(self.steps_renamed),
            "steps_moved": len(self.steps_moved),
            "steps_replaced": len({s.a.id for s in self.steps_replaced}),
            "cards_added": len(self.cards_added),
            "cards_removed": len(self.cards_removed),
            "cards_changed": len(self.cards_changed),
            "cards_unchanged": self.cards_unchanged,
            "moments_gained": len(self.moments_gained),
            "moments_lost": len(self.moments_lost),
            "moments_changed": len(self.moments_changed),
            "touchpoints_added": len(self.touchpoints_added),
            "touchpoints_removed": len(self.touchpoints_removed),
            "touchpoints_changed": len(self.touchpoints_changed),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": {"id": self.a_id, "title": self.a_title, "state": self.a_state},
            "b": {"id": self.b_id, "title": self.b_title, "state": self.b_state},
            "identical": self.is_empty,
            "summary": self.summary(),
            "steps": {
                "matched": [s.to_dict() for s in self.step_matches],
                "added": [s.to_dict() for s in self.steps_added],
                "removed": [s.to_dict() for s in self.steps_removed],
            },
            "emotion_deltas": [d.to_dict() for d in self.emotion_deltas],
            "cards": {
                "added": [c.to_dict() for c in self.cards_added],
                "removed": [c.to_dict() for c in self.cards_removed],
                "changed": [c.to_dict() for c in self.cards_changed],
                "unchanged": self.cards_unchanged,
            },
            "moments_of_truth": {
                "gained": [m.to_dict() for m in self.moments_gained],
                "lost": [m.to_dict() for m in self.moments_lost],
                "changed": [m.to_dict() for m in self.moments_changed],
            },
            "touchpoints": {
                "added": [t.to_dict() for t in self.touchpoints_added],
                "removed": [t.to_dict() for t in self.touchpoints_removed],
                "changed": [t.to_dict() for t in self.touchpoints_changed],
            },
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """The diff for people: a summary, then steps, emotional levels, moments, touchpoints and cards."""
        return "\n".join(_text_lines(self)) + "\n"


def _row_status(match: StepMatch) -> Literal["same", "changed", "replaced"]:
    if match.how == "replaces":
        return "replaced"
    if match.renamed or match.moved or (match.emotion_delta or 0) != 0 or _emotion_basis_changed(match):
        return "changed"
    return "same"


def _emotion_basis_changed(s: StepMatch) -> bool:
    return (s.a.emotion is None) != (s.b.emotion is None) or s.a.measured != s.b.measured


# ---- matching ----------------------------------------------------------------------------------------------


def _match_steps(a: list[StepRef], b: list[StepRef], a_map: Map, b_map: Map) -> list[StepMatch]:
    b_by_id = {s.id: s for s in b}
    a_by_id = {s.id: s for s in a}
    pairs: list[tuple[StepRef, StepRef, Literal["id", "replaces", "name"], float]] = []
    for s in a:
        if s.id in b_by_id:
            pairs.append((s, b_by_id[s.id], "id", name_similarity(s.name, b_by_id[s.id].name)))
    by_id = {s.id for s in a if s.id in b_by_id}
    replaces_a = {step.id: step.replaces for step in a_map.steps}
    replaces_b = {step.id: step.replaces for step in b_map.steps}
    seen: set[tuple[str, str]] = set()
    for sb in b:  # a step of B replacing steps of A …
        for old in replaces_b.get(sb.id, []):
            if old in a_by_id and old not in by_id and (old, sb.id) not in seen:
                seen.add((old, sb.id))
                pairs.append((a_by_id[old], sb, "replaces", name_similarity(a_by_id[old].name, sb.name)))
    for sa in a:  # … and a step of A replacing steps of B (the same rule, seen from the other side)
        for old in replaces_a.get(sa.id, []):
            if old in b_by_id and old not in by_id and (sa.id, old) not in seen:
                seen.add((sa.id, old))
                pairs.append((sa, b_by_id[old], "replaces", name_similarity(sa.name, b_by_id[old].name)))
    matched_a = {p[0].id for p in pairs}
    matched_b = {p[1].id for p in pairs}
    rest_a = [s for s in a if s.id not in matched_a]
    rest_b = [s for s in b if s.id not in matched_b]
    candidates = []
    for i, sa in enumerate(rest_a):
        for j, sb in enumerate(rest_b):
            similarity = name_similarity(sa.name, sb.name)
            if similarity >= STEP_NAME_THRESHOLD:
                candidates.append((similarity, sa.index, sb.index, i, j))
    lookup = {(c[1], c[2]): c for c in candidates}
    for ai, bi in _greedy((c[0], c[1], c[2]) for c in candidates):
        similarity, _, _, i, j = lookup[(ai, bi)]
        pairs.append((rest_a[i], rest_b[j], "name", similarity))
    kept = _in_order({(sa.index, sb.index) for sa, sb, how, _ in pairs if how != "replaces"})
    matches = [
        StepMatch(
            sa,
            sb,
            how,
            similarity,
            moved_stage=how != "replaces"
            and sa.stage_id != sb.stage_id
            and _norm(sa.stage_name) != _norm(sb.stage_name),
            reordered=how != "replaces" and (sa.index, sb.index) not in kept,
        )
        for sa, sb, how, similarity in pairs
    ]
    return sorted(matches, key=lambda s: (s.a.index, s.b.index))


def _in_order(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest chain of pairs increasing in both indexes (the steps that kept their order)."""
    ordered = sorted(pairs)
    tails: list[int] = []  # smallest B index ending a chain of each length
    tail_pair: list[int] = []
    previous: list[int] = [-1] * len(ordered)
    for k, (_, bi) in enumerate(ordered):
        pos = bisect.bisect_left(tails, bi)
        if pos == len(tails):
            tails.append(bi)
            tail_pair.append(k)
        else:
            tails[pos] = bi
            tail_pair[pos] = k
        previous[k] = tail_pair[pos - 1] if pos > 0 else -1
    chain: set[tuple[int, int]] = set()
    k = tail_pair[-1] if tail_pair else -1
    while k >= 0:
        chain.add(ordered[k])
        k = previous[k]
    return chain


def _match_lanes(a: list[Lane], b: list[Lane]) -> tuple[dict[str, int], dict[str, int]]:
    """A key for every lane id of A and of B: lanes matched by id, then by kind and heading, share a key."""
    pairs = [(i, j) for i, x in enumerate(a) for j, y in enumerate(b) if x.id == y.id]
    used_a, used_b = {i for i, _ in pairs}, {j for _, j in pairs}
    candidates = [
        (1.0, i, j)
        for i, x in enumerate(a)
        if i not in used_a
        for j, y in enumerate(b)
        if j not in used_b and x.kind is y.kind and _norm(x.heading) == _norm(y.heading)
    ]
    pairs += _greedy(candidates)
    a_keys = {lane.id: i for i, lane in enumerate(a)}
    b_keys = {b[j].id: i for i, j in pairs}
    for j, lane in enumerate(b):
        b_keys.setdefault(lane.id, len(a) + j)
    return a_keys, b_keys


def _card_refs(m: Map, keys: dict[str, int]) -> list[tuple[int, CardRef]]:
    names = {s.id: s.name for s in m.steps}
    refs: list[tuple[int, CardRef]] = []
    for lane in m.lanes:
        for card in lane.cards:
            refs.append((keys[lane.id], _card_ref(card, lane, names, len(refs))))
    return refs


def _card_ref(card: Card, lane: Lane, names: dict[str, str], index: int) -> CardRef:
    return CardRef(
        card.id,
        lane.id,
        lane.heading,
        card.step,
        names.get(card.step, card.step),
        card.text,
        tuple(card.tags),
        card.weight,
        card.colour,
        index,
    )


def _match_cards(
    a_map: Map, b_map: Map, steps: Sequence[StepMatch]
) -> tuple[list[CardRef], list[CardRef], list[CardChange], int]:
    a_keys, b_keys = _match_lanes(a_map.lanes, b_map.lanes)
    a_cards, b_cards = _card_refs(a_map, a_keys), _card_refs(b_map, b_keys)
    same_step = {(s.a.id, s.b.id) for s in steps}
    done_a: set[int] = set()
    done_b: set[int] = set()
    pairs: list[tuple[int, int]] = []

    def run(score: Callable[[int, CardRef, int, CardRef], float | None]) -> None:
        candidates = []
        for ka, ca in a_cards:
            if ca.index in done_a:
                continue
            for kb, cb in b_cards:
                if cb.index in done_b:
                    continue
                value = score(ka, ca, kb, cb)
                if value is not None:
                    candidates.append((value, ca.index, cb.index))
        for i, j in _greedy(candidates):
            pairs.append((i, j))
            done_a.add(i)
            done_b.add(j)

    def bonus(ca: CardRef, cb: CardRef) -> float:
        return 1.0 if (ca.step_id, cb.step_id) in same_step else 0.0

    run(lambda ka, ca, kb, cb: 2 + bonus(ca, cb) if ka == kb and _norm(ca.text) == _norm(cb.text) else None)
    run(lambda ka, ca, kb, cb: 2 + bonus(ca, cb) if _norm(ca.text) == _norm(cb.text) else None)

    def similar(ka: int, ca: CardRef, kb: int, cb: CardRef) -> float | None:
        if ka != kb or not bonus(ca, cb):
            return None
        similarity = name_similarity(ca.text, cb.text)
        return similarity if similarity >= CARD_TEXT_THRESHOLD else None

    run(similar)
    a_by_index = {c.index: (k, c) for k, c in a_cards}
    b_by_index = {c.index: (k, c) for k, c in b_cards}
    changed: list[CardChange] = []
    unchanged = 0
    for i, j in sorted(pairs):
        (ka, ca), (kb, cb) = a_by_index[i], b_by_index[j]
        changes = _card_changes(ca, cb, ka != kb, (ca.step_id, cb.step_id) in same_step)
        if changes:
            changed.append(CardChange(ca, cb, changes))
        else:
            unchanged += 1
    added = [c for _, c in b_cards if c.index not in done_b]
    removed = [c for _, c in a_cards if c.index not in done_a]
    return added, removed, changed, unchanged


def _card_changes(a: CardRef, b: CardRef, other_lane: bool, same_step: bool) -> tuple[str, ...]:
    changes = []
    if a.text != b.text:
        changes.append("text")
    if not same_step:
        changes.append("step")
    if other_lane:
        changes.append("lane")
    if sorted(a.tags) != sorted(b.tags):
        changes.append("tags")
    if a.weight != b.weight:
        changes.append("weight")
    if a.colour != b.colour:
        changes.append("colour")
    return tuple(changes)


def _match_by_id_then_name(
    a: Sequence[T], b: Sequence[T], ident: Callable[[T], str], name: Callable[[T], str]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pairs by id, then by normalised name (one to one, symmetric), and what is left on each side."""
    b_ids = {ident(x): k for k, x in enumerate(b)}
    pairs = [(i, b_ids[ident(x)]) for i, x in enumerate(a) if ident(x) in b_ids]
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    candidates = [
        (1.0, i, j)
        for i, x in enumerate(a)
        if i not in used_a
        for j, y in enumerate(b)
        if j not in used_b and _norm(name(x)) == _norm(name(y))
    ]
    pairs += _greedy(candidates)
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    return (
        [(a[i], b[j]) for i, j in sorted(pairs)],
        [x for i, x in enumerate(a) if i not in used_a],
        [y for j, y in enumerate(b) if j not in used_b],
    )


def _moment_ref(m: Map, moment: MomentOfTruth) -> MomentRef:
    score = score_moment(m, moment)
    return MomentRef(
        moment.id,
        moment.title,
        moment.step,
        score.step_name,
        moment.touchpoint,
        moment.importance,
        moment.expectation,
        moment.experience,
        score.gap,
        score.priority,
        moment.estimated,
    )


def _touchpoint_ref(m: Map, tp: Touchpoint) -> TouchpointRef:
    step = m.step(tp.step)
    return TouchpointRef(
        tp.id,
        tp.name,
        tp.step,
        step.name if step else tp.step,
        tp.channel,
        tp.kind.value,
        tp.importance,
        tp.satisfaction,
    )


def _changes(a: object, b: object, fields: Iterable[str]) -> tuple[str, ...]:
    return tuple(f for f in fields if getattr(a, f) != getattr(b, f))


def _step_of(steps: Sequence[StepMatch]) -> Callable[[str, str], bool]:
    same = {(s.a.id, s.b.id) for s in steps}
    return lambda a_step, b_step: (a_step, b_step) in same


def diff_maps(a: Map, b: Map) -> MapDiff:
    """What changed from map ``a`` to map ``b`` (see the module docstring for the matching rules)."""
    a_steps, b_steps = _step_refs(a), _step_refs(b)
    matches = _match_steps(a_steps, b_steps, a, b)
    matched_a = {s.a.id for s in matches}
    matched_b = {s.b.id for s in matches}
    cards_added, cards_removed, cards_changed, unchanged = _match_cards(a, b, matches)
    same_step = _step_of(matches)

    a_moments = [_moment_ref(a, x) for x in a.moments_of_truth]
    b_moments = [_moment_ref(b, x) for x in b.moments_of_truth]
    moment_pairs, lost, gained = _match_by_id_then_name(a_moments, b_moments, lambda x: x.id, lambda x: x.title)
    moments_changed = []
    for ma, mb in moment_pairs:
        changes = _changes(ma, mb, ("title", "importance", "expectation", "experience", "estimated", "touchpoint"))
        if not same_step(ma.step_id, mb.step_id):
            changes += ("step",)
        if changes:
            moments_changed.append(MomentChange(ma, mb, changes))

    a_tps = [_touchpoint_ref(a, x) for x in a.touchpoints]
    b_tps = [_touchpoint_ref(b, x) for x in b.touchpoints]
    tp_pairs, tps_removed, tps_added = _match_by_id_then_name(a_tps, b_tps, lambda x: x.id, lambda x: x.name)
    tps_changed = []
    for ta, tb in tp_pairs:
        changes = _changes(ta, tb, ("name", "channel", "kind", "importance", "satisfaction"))
        if not same_step(ta.step_id, tb.step_id):
            changes += ("step",)
        if changes:
            tps_changed.append(TouchpointChange(ta, tb, changes))

    notes = []
    if b.derived_from and b.derived_from != a.id:
        notes.append(f"B says it derives from {b.derived_from!r}, not from A ({a.id!r})")
    return MapDiff(
        a.id,
        a.title,
        a.state.value,
        b.id,
        b.title,
        b.state.value,
        tuple(a_steps),
        tuple(b_steps),
        tuple(matches),
        tuple(s for s in b_steps if s.id not in matched_b),
        tuple(s for s in a_steps if s.id not in matched_a),
        tuple(cards_added),
        tuple(cards_removed),
        tuple(cards_changed),
        unchanged,
        tuple(gained),
        tuple(lost),
        tuple(moments_changed),
        tuple(tps_added),
        tuple(tps_removed),
        tuple(tps_changed),
        tuple(notes),
    )


# ---- text --------------------------------------------------------------------------------------------------


def _q(text: str) -> str:
    return f"“{text}”"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _signed(value: float) -> str:
    return f"{value:+.1f}" if round(value, 1) != 0 else "±0"


def _text_lines(d: MapDiff) -> list[str]:
    lines = [
        f"A: {_q(d.a_title)} ({d.a_id}, {d.a_state})",
        f"B: {_q(d.b_title)} ({d.b_id}, {d.b_state})",
        *(f"note: {n}" for n in d.notes),
        "",
    ]
    if d.is_empty:
        return [*lines, "No differences."]
    c = d.summary()
    lines.append(
        f"Steps: {c['steps_added']} added, {c['steps_removed']} removed, {c['steps_renamed']} renamed, "
        f"{c['steps_moved']} moved, {c['steps_replaced']} replaced · cards: {c['cards_added']} added, "
        f"{c['cards_removed']} removed, {c['cards_changed']} changed · moments of truth: {c['moments_gained']} "
        f"gained, {c['moments_lost']} lost, {c['moments_changed']} changed · touchpoints: "
        f"{c['touchpoints_added']} added, {c['touchpoints_removed']} removed, {c['touchpoints_changed']} changed"
    )
    lines += ["", *_step_lines(d), "", *_emotion_lines(d)]
    lines += ["", *_moment_lines(d), "", *_touchpoint_lines(d), "", *_card_lines(d)]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _step_lines(d: MapDiff) -> list[str]:
    lines = ["Steps (+ added, - removed, ~ renamed, > moved, = replaced)"]
    for ref in d.steps_added:
        lines.append(f"  + added     {_q(ref.name)} in stage {_q(ref.stage_name)}")
    for ref in d.steps_removed:
        lines.append(f"  - removed   {_q(ref.name)} in stage {_q(ref.stage_name)}")
    replaced: dict[str, list[StepMatch]] = {}
    for s in d.steps_replaced:
        replaced.setdefault(s.b.id, []).append(s)
    for matches in replaced.values():
        olds = ", ".join(_q(s.a.name) for s in matches)
        lines.append(f"  = replaced  {olds} by {_q(matches[0].b.name)}")
    for s in d.steps_renamed:
        lines.append(f"  ~ renamed   {_q(s.a.name)} → {_q(s.b.name)}")
    for s in d.steps_moved:
        where = (
            f"from stage {_q(s.a.stage_name)} to {_q(s.b.stage_name)}"
            if s.moved_stage
            else "to another place in the order of steps"
        )
        lines.append(f"  > moved     {_q(s.b.name)} {where}")
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _emotion_lines(d: MapDiff) -> list[str]:
    deltas = d.emotion_deltas
    lines = ["Emotional level, B − A (n = measured, est. = estimate)"]
    if not deltas:
        return [*lines, "  no step with an emotional level in both maps"]
    width = max(len(_delta_name(x)) for x in deltas)
    a_width = max(len(x.a.emotion_label) for x in deltas)
    b_width = max(len(x.b.emotion_label) for x in deltas)
    for x in deltas:
        lines.append(
            f"  {_delta_name(x).ljust(width)}  {x.a.emotion_label.rjust(a_width)} → "
            f"{x.b.emotion_label.ljust(b_width)}  {_signed(x.delta)}"
        )
    return lines


def _delta_name(x: EmotionDelta) -> str:
    return x.b.name if _norm(x.a.name) == _norm(x.b.name) else f"{x.a.name} → {x.b.name}"


def _moment_lines(d: MapDiff) -> list[str]:
    lines = ["Moments of truth (priority = importance × gap)"]
    for m in d.moments_gained:
        lines.append(f"  + gained    {_q(m.title)} at {_q(m.step_name)}, priority {_num(m.priority)}")
    for m in d.moments_lost:
        lines.append(f"  - lost      {_q(m.title)} at {_q(m.step_name)}, priority {_num(m.priority)}")
    for ch in d.moments_changed:
        parts = [
            f"{'basis' if f == 'estimated' else f} {_field(ch.a, f)} → {_field(ch.b, f)}"
            for f in ch.changes
            if f not in ("step", "title")
        ]
        if "title" in ch.changes:
            parts.insert(0, f"title {_q(ch.a.title)} → {_q(ch.b.title)}")
        if "step" in ch.changes:
            parts.append(f"step {_q(ch.a.step_name)} → {_q(ch.b.step_name)}")
        parts.append(f"priority {_num(ch.a.priority)} → {_num(ch.b.priority)}")
        lines.append(f"  ~ changed   {_q(ch.b.title)}: " + "; ".join(parts))
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _field(ref: object, name: str) -> str:
    value = getattr(ref, name)
    if name == "estimated":
        return "estimate" if value else "evidence"
    if isinstance(value, bool):
        return "estimate" if value else "evidence"
    if isinstance(value, float):
        return _num(value)
    return "—" if value is None else str(value)


def _touchpoint_lines(d: MapDiff) -> list[str]:
    lines = ["Touchpoints"]
    for t in d.touchpoints_added:
        lines.append(f"  + added     {_q(t.name)} ({t.channel}, {t.kind}) at {_q(t.step_name)}")
    for t in d.touchpoints_removed:
        lines.append(f"  - removed   {_q(t.name)} ({t.channel}, {t.kind}) at {_q(t.step_name)}")
    for ch in d.touchpoints_changed:
        parts = []
        for f in ch.changes:
            if f == "name":
                parts.append(f"renamed {_q(ch.a.name)} → {_q(ch.b.name)}")
            elif f == "step":
                parts.append(f"moved from {_q(ch.a.step_name)} to {_q(ch.b.step_name)}")
            else:
                parts.append(f"{f} {_field(ch.a, f)} → {_field(ch.b, f)}")
        lines.append(f"  ~ changed   {_q(ch.b.name)}: " + "; ".join(parts))
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _card_lines(d: MapDiff) -> list[str]:
    lines = [f"Cards ({d.cards_unchanged} unchanged)"]
    by_lane: dict[str, list[str]] = {}
    for c in d.cards_added:
        by_lane.setdefault(c.lane, []).append(f"    + {_q(c.text)} at {_q(c.step_name)}")
    for c in d.cards_removed:
        by_lane.setdefault(c.lane, []).append(f"    - {_q(c.text)} at {_q(c.step_name)}")
    for ch in d.cards_changed:
        parts = []
        if "text" in ch.changes:
            parts.append(f"{_q(ch.a.text)} → {_q(ch.b.text)}")
        else:
            parts.append(_q(ch.b.text))
        if "step" in ch.changes:
            parts.append(f"moved from {_q(ch.a.step_name)} to {_q(ch.b.step_name)}")
        if "lane" in ch.changes:
            parts.append(f"moved from lane {_q(ch.a.lane)}")
        for f in ("tags", "weight", "colour"):
            if f in ch.changes:
                parts.append(f"{f} {_field(ch.a, f)} → {_field(ch.b, f)}")
        mark = ">" if ch.moved and "text" not in ch.changes else "~"
        by_lane.setdefault(ch.b.lane, []).append(f"    {mark} " + ", ".join(parts))
    for lane, entries in by_lane.items():
        lines.append(f"  lane {_q(lane)}")
        lines.extend(entries)
    if not by_lane:
        lines.append("  no change")
    return lines
