"""What :func:`~.diff.diff_maps` finds: matched steps, cards, moments of truth and touchpoints, the rows of the
side-by-side view, the summary counts and the JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from .diff_parts import (
    Change,
    EmotionChange,
    FieldChange,
    LaneChange,
    LaneRef,
    ValueMomentChange,
    ValueMomentRef,
    emotion_changes,
)

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
]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


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
    std: float | None = None
    n_effective: float | None = None
    """Kish's effective n of a measured level from weighted answers."""

    @property
    def basis(self) -> Literal["none", "estimated", "measured"]:
        if self.emotion is None:
            return "none"
        return "measured" if self.measured else "estimated"

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
    evidence: tuple[dict[str, Any], ...] = ()

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
            "evidence": list(self.evidence),
        }


class CardChange(Change[CardRef]):
    """A card that differs: ``changes`` names text, step, lane, tags, weight, colour or evidence."""

    @property
    def moved(self) -> bool:
        return "step" in self.changes or "lane" in self.changes

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "moved": self.moved}


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


class MomentChange(Change[MomentRef]):
    """A moment of truth that differs."""


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


class TouchpointChange(Change[TouchpointRef]):
    """A touchpoint that differs."""


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
    value_moments_added: tuple[ValueMomentRef, ...] = ()
    value_moments_removed: tuple[ValueMomentRef, ...] = ()
    value_moments_changed: tuple[ValueMomentChange, ...] = ()
    vmpi_a: float | None = None
    """The map's VMPI (Σ wᵢ·VMEᵢ / Σ wᵢ·VMCEᵢ × 100 %) in A, ``None`` without value moments; ``vmpi_b`` in B."""
    vmpi_b: float | None = None
    lanes_added: tuple[LaneRef, ...] = ()
    lanes_removed: tuple[LaneRef, ...] = ()
    lanes_changed: tuple[LaneChange, ...] = ()
    other_changes: tuple[FieldChange, ...] = ()
    """Every other difference, from the walk over all fields of the model (:mod:`.diff_fields`)."""

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
    def emotion_changes(self) -> list[EmotionChange]:
        """Every matched step whose emotional level changed basis (none, estimated, measured) or value, in B's order;
        Welch's test where both levels are measured with n ≥ 2 and a standard deviation."""
        return emotion_changes(sorted(self.step_matches, key=lambda s: (s.b.index, s.a.index)))

    @property
    def significant_drops(self) -> list[EmotionChange]:
        """Measured emotional levels that fell significantly (Welch's p < 0.05)."""
        return [c for c in self.emotion_changes if c.significant_drop]

    @property
    def is_empty(self) -> bool:
        """True when nothing differs (emotional levels included)."""
        return not (
            self.emotion_changes
            or self.value_moments_added
            or self.value_moments_removed
            or self.value_moments_changed
            or self.lanes_added
            or self.lanes_removed
            or self.lanes_changed
            or self.other_changes
            or self.steps_added
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
            "value_moments_added": len(self.value_moments_added),
            "value_moments_removed": len(self.value_moments_removed),
            "value_moments_changed": len(self.value_moments_changed),
            "lanes_added": len(self.lanes_added),
            "lanes_removed": len(self.lanes_removed),
            "lanes_changed": len(self.lanes_changed),
            "emotions_changed": len(self.emotion_changes),
            "drops_flagged": len(self.significant_drops),
            "details_changed": len(self.other_changes),
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
            "value_moments": {
                "added": [v.to_dict() for v in self.value_moments_added],
                "removed": [v.to_dict() for v in self.value_moments_removed],
                "changed": [v.to_dict() for v in self.value_moments_changed],
                "vmpi": {"a": self.vmpi_a, "b": self.vmpi_b},
            },
            "lanes": {
                "added": [x.to_dict() for x in self.lanes_added],
                "removed": [x.to_dict() for x in self.lanes_removed],
                "changed": [x.to_dict() for x in self.lanes_changed],
            },
            "emotion_changes": [c.to_dict() for c in self.emotion_changes],
            "significant_drops": [c.b.id for c in self.significant_drops],
            "other_changes": [c.to_dict() for c in self.other_changes],
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """The diff for people, drawn by :func:`journeymap.render.diff_text.render_diff_text` (kept for its callers)."""
        from ..render.diff_text import render_diff_text

        return render_diff_text(self)


def _row_status(match: StepMatch) -> Literal["same", "changed", "replaced"]:
    if match.how == "replaces":
        return "replaced"
    if match.renamed or match.moved or (match.emotion_delta or 0) != 0 or _emotion_basis_changed(match):
        return "changed"
    return "same"


def _emotion_basis_changed(s: StepMatch) -> bool:
    return (s.a.emotion is None) != (s.b.emotion is None) or s.a.measured != s.b.measured
