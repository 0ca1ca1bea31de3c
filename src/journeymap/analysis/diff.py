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

**Value moments** are matched like touchpoints (id, then name) and are *added*, *removed* or *changed* (name, VMCE,
VME, weight, step); the map's VMPI is given for A and B. **Lanes** are matched by id, then by kind and heading:
*added*, *removed* or *changed* (heading — renamed —, kind, position). A matched step's **emotional level** is
*changed* when its basis (none, estimated, measured) or its value changed; where both are measured with a standard
deviation, Welch's test of the change is computed from the stored n (effective n with weights), mean and standard
deviation (:func:`journeymap.evidence.waves.welch`), and a fall with p < 0.05 is a *significant drop*. Every
**other field** of the model is compared by :mod:`.diff_fields`, so nothing a map holds is silently ignored.

Matching is symmetric: the diff of B with A has the same pairs, with added and removed swapped.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from typing import Literal, TypeVar

from ..model import Card, Lane, Map, MeasuredEmotion, MomentOfTruth, Touchpoint
from .diff_fields import field_changes, lane_changes, value_moment_changes, value_moment_ref
from .diff_result import (
    CardChange,
    CardRef,
    EmotionDelta,
    MapDiff,
    MomentChange,
    MomentRef,
    Row,
    StepMatch,
    StepRef,
    TouchpointChange,
    TouchpointRef,
    _norm,
)
from .moments import score_moment
from .value_moments import map_vmpi

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
                    emotion.std if isinstance(emotion, MeasuredEmotion) else None,
                    emotion.n_effective if isinstance(emotion, MeasuredEmotion) else None,
                )
            )
    return refs


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
        tuple(e.model_dump(mode="json") for e in card.evidence),
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
    if a.evidence != b.evidence:
        changes.append("evidence")
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


def _diff_moments(
    a: Map, b: Map, same_step: Callable[[str, str], bool]
) -> tuple[list[tuple[MomentRef, MomentRef]], list[MomentRef], list[MomentRef], list[MomentChange]]:
    """Moments of truth: the matched pairs, lost (only in A), gained (only in B) and changed."""
    a_moments = [_moment_ref(a, x) for x in a.moments_of_truth]
    b_moments = [_moment_ref(b, x) for x in b.moments_of_truth]
    pairs, lost, gained = _match_by_id_then_name(a_moments, b_moments, lambda x: x.id, lambda x: x.title)
    changed = []
    for ma, mb in pairs:
        changes = _changes(ma, mb, ("title", "importance", "expectation", "experience", "estimated", "touchpoint"))
        if not same_step(ma.step_id, mb.step_id):
            changes += ("step",)
        if changes:
            changed.append(MomentChange(ma, mb, changes))
    return pairs, lost, gained, changed


def _diff_touchpoints(
    a: Map, b: Map, same_step: Callable[[str, str], bool]
) -> tuple[list[tuple[TouchpointRef, TouchpointRef]], list[TouchpointRef], list[TouchpointRef], list[TouchpointChange]]:
    """Touchpoints: the matched pairs, removed (only in A), added (only in B) and changed."""
    a_tps = [_touchpoint_ref(a, x) for x in a.touchpoints]
    b_tps = [_touchpoint_ref(b, x) for x in b.touchpoints]
    pairs, removed, added = _match_by_id_then_name(a_tps, b_tps, lambda x: x.id, lambda x: x.name)
    changed = []
    for ta, tb in pairs:
        changes = _changes(ta, tb, ("name", "channel", "kind", "importance", "satisfaction"))
        if not same_step(ta.step_id, tb.step_id):
            changes += ("step",)
        if changes:
            changed.append(TouchpointChange(ta, tb, changes))
    return pairs, removed, added, changed


def diff_maps(a: Map, b: Map) -> MapDiff:
    """What changed from map ``a`` to map ``b`` (see the module docstring for the matching rules)."""
    a_steps, b_steps = _step_refs(a), _step_refs(b)
    matches = _match_steps(a_steps, b_steps, a, b)
    matched_a = {s.a.id for s in matches}
    matched_b = {s.b.id for s in matches}
    cards_added, cards_removed, cards_changed, unchanged = _match_cards(a, b, matches)
    same_step = _step_of(matches)

    moment_pairs, lost, gained, moments_changed = _diff_moments(a, b, same_step)
    tp_pairs, tps_removed, tps_added, tps_changed = _diff_touchpoints(a, b, same_step)
    a_vms = [value_moment_ref(a, x) for x in a.value_moments]
    b_vms = [value_moment_ref(b, x) for x in b.value_moments]
    vm_pairs, vms_removed, vms_added = _match_by_id_then_name(a_vms, b_vms, lambda x: x.id, lambda x: x.name)
    lanes_added, lanes_removed, lanes_changed = lane_changes(a.lanes, b.lanes, *_match_lanes(a.lanes, b.lanes))
    pairs = {s.b.id: s.a.id for s in matches if s.how != "replaces"}
    pairs |= {y.id: x.id for x, y in moment_pairs}
    pairs |= {y.id: x.id for x, y in tp_pairs}
    pairs |= {y.id: x.id for x, y in vm_pairs}

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
        tuple(vms_added),
        tuple(vms_removed),
        tuple(value_moment_changes(vm_pairs, same_step)),
        map_vmpi(a.value_moments),
        map_vmpi(b.value_moments),
        tuple(lanes_added),
        tuple(lanes_removed),
        tuple(lanes_changed),
        tuple(field_changes(a, b, pairs)),
    )
