"""Moments of truth: gap, priority and ranking; and suggestions of moments the map has not named yet.

* **Gap** of a moment = expectation − experience (both 1–10; positive when the experience falls short).
* **Priority** of a moment = importance × gap (importance 1–10), so a big shortfall on a moment that matters
  comes first. A moment without expectation or experience has no gap and no priority ("unscored").
* **Ranking**: priority, highest first; equal priorities by importance, highest first; then map order.
  Unscored moments come last, by importance.
* **Suggestions** (:class:`MomentRule`, configurable): a touchpoint with importance ≥ 7 and satisfaction
  ≤ 5, or a step whose emotional level is ≤ 4, that no moment of truth covers yet. A moment covers a
  touchpoint when it names it, or when it sits at the touchpoint's step and names no touchpoint; it covers a
  step when it sits at that step. Each suggestion carries its reason in words and numbers, and a strength
  for ranking: importance × (10 − satisfaction or emotional level); a step's importance is the highest
  importance of its touchpoints, or 5 (``unknown_importance``, the middle of the scale) when none is known
  (said in the reason).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from ..model import EMOTION_MAX, Map, MeasuredEmotion, MomentOfTruth, Step

__all__ = [
    "MomentRule",
    "MomentScore",
    "MomentSuggestion",
    "gap",
    "priority",
    "rank_moments",
    "score_moment",
    "suggest_moments",
    "suggestion_strength",
]


def gap(expectation: float, experience: float) -> float:
    """Gap of a moment of truth: expectation − experience (same 1–10 scale)."""
    return expectation - experience


def priority(importance: float, moment_gap: float) -> float:
    """Priority of a moment of truth: importance × gap."""
    return importance * moment_gap


def suggestion_strength(importance: float, level: float) -> float:
    """Strength of a suggested moment: importance × (10 − level), level being satisfaction or emotional level."""
    return importance * (EMOTION_MAX - level)


@dataclass(frozen=True)
class MomentScore:
    """A moment of truth with its gap, priority and rank (1 = first)."""

    moment_id: str
    title: str
    step_id: str
    step_name: str
    touchpoint_id: str | None
    importance: float
    expectation: float | None
    experience: float | None
    gap: float | None
    priority: float | None
    estimated: bool
    evidence_n: int | None
    rank: int = 0

    @property
    def basis(self) -> str:
        """Where the scores come from, in words."""
        if self.estimated:
            return "team estimate"
        if self.evidence_n is not None:
            return f"evidence (n = {self.evidence_n})"
        return "no evidence linked"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "moment": self.moment_id,
            "title": self.title,
            "step": self.step_id,
            "step_name": self.step_name,
            "touchpoint": self.touchpoint_id,
            "importance": self.importance,
            "expectation": self.expectation,
            "experience": self.experience,
            "gap": self.gap,
            "priority": self.priority,
            "estimated": self.estimated,
            "evidence_n": self.evidence_n,
            "basis": self.basis,
        }


def score_moment(m: Map, moment: MomentOfTruth) -> MomentScore:
    """Gap and priority of one moment of truth of ``m`` (unranked)."""
    step = m.step(moment.step)
    moment_gap = (
        gap(moment.expectation, moment.experience)
        if moment.expectation is not None and moment.experience is not None
        else None
    )
    sizes = [e.n for e in moment.evidence if e.n is not None]
    return MomentScore(
        moment.id,
        moment.title,
        moment.step,
        step.name if step else moment.step,
        moment.touchpoint,
        moment.importance,
        moment.expectation,
        moment.experience,
        moment_gap,
        None if moment_gap is None else priority(moment.importance, moment_gap),
        moment.estimated,
        max(sizes) if sizes else None,
    )


def rank_moments(m: Map) -> list[MomentScore]:
    """The moments of truth of ``m``, ranked: priority desc, then importance desc, then map order; unscored
    moments last."""
    scored = [(index, score_moment(m, moment)) for index, moment in enumerate(m.moments_of_truth)]

    def key(item: tuple[int, MomentScore]) -> tuple[int, float, float, int]:
        index, s = item
        return (s.priority is None, -(s.priority or 0.0), -s.importance, index)

    ranked = sorted(scored, key=key)
    return [replace(s, rank=rank) for rank, (_, s) in enumerate(ranked, start=1)]


@dataclass(frozen=True)
class MomentRule:
    """When a touchpoint or step should be considered as a new moment of truth."""

    min_importance: float = 7.0
    """A touchpoint this important or more (1–10) …"""
    max_satisfaction: float = 5.0
    """… with satisfaction this low or lower (1–10) is suggested."""
    max_emotion: float = 4.0
    """A step with an emotional level this low or lower (1–10) is suggested."""
    unknown_importance: float = 5.0
    """The importance a step is ranked with when none of its touchpoints has one (the middle of the scale)."""


@dataclass(frozen=True)
class MomentSuggestion:
    """A touchpoint or step that looks like a moment of truth the map has not named."""

    kind: Literal["touchpoint", "step"]
    element_id: str
    name: str
    step_id: str
    step_name: str
    importance: float | None
    level: float
    """Satisfaction (touchpoint) or emotional level (step), 1–10."""
    measured: bool
    """True when ``level`` is measured from evidence (a measured emotion, or a touchpoint with evidence)."""
    strength: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "element": self.element_id,
            "name": self.name,
            "step": self.step_id,
            "step_name": self.step_name,
            "importance": self.importance,
            "satisfaction" if self.kind == "touchpoint" else "emotion": self.level,
            "measured": self.measured,
            "strength": self.strength,
            "reason": self.reason,
        }


def _step_importance(m: Map, step: Step) -> float | None:
    values = [tp.importance for tp in m.touchpoints if tp.step == step.id and tp.importance is not None]
    return max(values) if values else None


def suggest_moments(m: Map, rule: MomentRule | None = None) -> list[MomentSuggestion]:
    """Touchpoints and steps of ``m`` that look like moments of truth but are not named as one yet, strongest
    first (see the module docstring for the rule)."""
    rule = rule or MomentRule()
    found = [*_touchpoint_suggestions(m, rule), *_step_suggestions(m, rule)]
    return sorted(found, key=lambda s: -s.strength)


def _touchpoint_suggestions(m: Map, rule: MomentRule) -> list[MomentSuggestion]:
    """Important touchpoints that disappoint, not yet named as (or at the step of) a moment of truth."""
    named_touchpoints = {mot.touchpoint for mot in m.moments_of_truth if mot.touchpoint}
    whole_steps = {mot.step for mot in m.moments_of_truth if mot.touchpoint is None}
    names = {s.id: s.name for s in m.steps}
    found: list[MomentSuggestion] = []
    for tp in m.touchpoints:
        if tp.importance is None or tp.satisfaction is None or tp.id in named_touchpoints or tp.step in whole_steps:
            continue
        if tp.importance >= rule.min_importance and tp.satisfaction <= rule.max_satisfaction:
            sizes = [e.n for e in tp.evidence if e.n is not None]
            basis = f"n = {max(sizes)}" if sizes else "no sample size linked"
            reason = (
                f"touchpoint “{tp.name}” is important ({tp.importance:g} ≥ {rule.min_importance:g}) and "
                f"disappoints (satisfaction {tp.satisfaction:g} ≤ {rule.max_satisfaction:g}; {basis}) "
                "but is no moment of truth yet"
            )
            found.append(
                MomentSuggestion(
                    "touchpoint",
                    tp.id,
                    tp.name,
                    tp.step,
                    names.get(tp.step, tp.step),
                    tp.importance,
                    tp.satisfaction,
                    bool(tp.evidence),
                    suggestion_strength(tp.importance, tp.satisfaction),
                    reason,
                )
            )
    return found


def _step_suggestions(m: Map, rule: MomentRule) -> list[MomentSuggestion]:
    """Steps with a low emotional level and no moment of truth."""
    moment_steps = {mot.step for mot in m.moments_of_truth}
    found: list[MomentSuggestion] = []
    for step in m.steps:
        if step.emotion is None or step.id in moment_steps or step.emotion.value > rule.max_emotion:
            continue
        importance = _step_importance(m, step)
        level = step.emotion.value
        how = f"measured, n = {step.emotion.n}" if isinstance(step.emotion, MeasuredEmotion) else "estimated"
        known = (
            f"its most important touchpoint scores {importance:g}"
            if importance is not None
            else f"importance unknown (taken as {rule.unknown_importance:g})"
        )
        reason = (
            f"step “{step.name}” has a low emotional level ({level:g} ≤ {rule.max_emotion:g}, {how}); {known}; "
            "no moment of truth sits at this step"
        )
        found.append(
            MomentSuggestion(
                "step",
                step.id,
                step.name,
                step.id,
                step.name,
                importance,
                level,
                step.emotion.is_measured,
                suggestion_strength(importance if importance is not None else rule.unknown_importance, level),
                reason,
            )
        )
    return found
