"""Framing, scoring and ranking opportunities ("How might we …?") from a map.

**Where opportunities are framed from** (the four sources of the method, stage 7):

* *Weaknesses* — points of failure: every card of a weaknesses lane and of a pain-points lane, and every
  service challenge that has no contingency.
* *Uncovered areas* — where the organisation does not support the customer: steps with no touchpoint;
  steps with no organisation activity (checked only when the map has an organisation-activities, onstage or
  backstage lane); and overlooked moments of truth (:func:`~journeymap.analysis.moments.suggest_moments`).
* *Customer effort* — steps where customers spend much time or energy: an emotional level ≤ 4, or at
  least 2 pain points, or a duration of at least 2 days written in the step's description or in a card of a
  metrics lane at the step ("nine working days", "3 weeks"; numbers in digits or words up to ninety;
  minutes, hours, days, weeks and months of 30 days; not "three months of payslips", a quantity). One
  opportunity a step, naming every signal.
* *Competitors* — cards tagged ``competitor`` (any lane), and the cards of a custom lane whose title
  contains "competitor" (e.g. "Competitors' practices").

Thresholds are in :class:`FramingRule`.

**Phrasing** — a fixed template per source, from the source's own text (trailing punctuation dropped; the
first letter lower-cased unless the first word is an acronym):

==================================== ===============================================================
source                               question
==================================== ===============================================================
pain point or weakness (a gerund)    How might we reduce waiting for the valuer?
pain point (other)                   How might we reduce “Slow upload”?
weakness card (other)                How might we overcome “No status between submitted and decision”?
service challenge, no contingency    How might we recover when “Kiosk cannot find the booking” happens?
step with no touchpoint / activity   How might we support the customer at “Collect keys”?
overlooked moment of truth           How might we meet expectations at “Mortgage helpline”?
customer effort at a step            How might we make “Upload documents” take less time and effort?
competitor card                      How might we learn from “Rival app shows the baggage belt”?
==================================== ===============================================================

**Score** of a framed opportunity = importance × shortfall / 10 (0 … 10, the scale teams use for their own
scores), where

* importance = the highest importance of a moment of truth at the step, else of a touchpoint at the step
  (for an overlooked touchpoint: its own), else 5 (``default_importance``);
* shortfall = 2 × weight for a weighted card (weight 1–5), 2 × likelihood for a service challenge with a
  likelihood, 10 − satisfaction for an overlooked touchpoint, else 10 − the step's emotional level, else 5
  (``default_shortfall``).

**Merging and ranking** — the map's own opportunities keep their score and hypotheses. All are ranked by
score, highest first; equal scores put the map's own first, then by source (weakness, uncovered area,
customer effort, competitor, other), then in map order; opportunities without a score come last. The map's
opportunities are checked: one without a hypothesis is flagged "add a hypothesis with a measurable
outcome", a hypothesis without a target is flagged too. A framed opportunity names the map's opportunities
that already concern its step ("addressed by").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..model import EMOTION_MAX, Card, LaneKind, Map, MeasuredEmotion, Opportunity, OpportunitySource, Step
from .moments import MomentRule, suggest_moments
from .opportunity_phrasing import Template, _statement, how_might_we, mentioned_duration_days

__all__ = [
    "FramingRule",
    "OpportunityReport",
    "RankedOpportunity",
    "frame_opportunities",
    "how_might_we",
    "mentioned_duration_days",
    "opportunity_score",
    "rank_opportunities",
    "step_importance",
]


SOURCE_ORDER = (
    OpportunitySource.WEAKNESS,
    OpportunitySource.UNCOVERED_AREA,
    OpportunitySource.CUSTOMER_EFFORT,
    OpportunitySource.COMPETITOR,
    OpportunitySource.OTHER,
)
ORGANISATION_LANES = (LaneKind.ORGANISATION_ACTIVITIES, LaneKind.ONSTAGE_ACTIONS, LaneKind.BACKSTAGE_ACTIONS)
NO_HYPOTHESIS = "add a hypothesis with a measurable outcome"


@dataclass(frozen=True)
class FramingRule:
    """The thresholds and defaults of framing and scoring (see the module docstring)."""

    low_emotion: float = 4.0
    many_pain_points: int = 2
    long_duration_days: float = 2.0
    default_importance: float = 5.0
    default_shortfall: float = 5.0
    competitor_tag: str = "competitor"
    """The tag of competitor cards, and the word a custom lane's title contains to make all its cards count."""
    moments: MomentRule = field(default_factory=MomentRule)


def opportunity_score(importance: float, shortfall: float) -> float:
    """Score of a framed opportunity: importance × shortfall / 10 (importance 1–10, shortfall 0–10)."""
    return importance * shortfall / 10.0


# ---- the framed and merged opportunities -----------------------------------------------------------------


@dataclass(frozen=True)
class RankedOpportunity:
    """An opportunity in the ranking: the map's own (``origin="map"``) or framed from the map."""

    id: str
    origin: Literal["map", "framed"]
    source: OpportunitySource
    text: str
    how_might_we: str
    steps: tuple[str, ...]
    score: float | None
    score_basis: str
    """How the score was reached, with its numbers."""
    reason: str
    """Why the opportunity is here (the source, in words and numbers)."""
    hypotheses: int = 0
    flags: tuple[str, ...] = ()
    addressed_by: tuple[str, ...] = ()
    rank: int = 0

    def as_model(self) -> Opportunity:
        """The opportunity as a model element (to add it to a map)."""
        return Opportunity(
            id=self.id,
            text=self.text,
            how_might_we=self.how_might_we,
            steps=list(self.steps),
            source=self.source,
            score=None if self.score is None else round(self.score, 2),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.id,
            "origin": self.origin,
            "source": self.source.value,
            "text": self.text,
            "how_might_we": self.how_might_we,
            "steps": list(self.steps),
            "score": None if self.score is None else round(self.score, 4),
            "score_basis": self.score_basis,
            "reason": self.reason,
            "hypotheses": self.hypotheses,
            "flags": list(self.flags),
            "addressed_by": list(self.addressed_by),
        }


@dataclass(frozen=True)
class OpportunityReport:
    """The ranked opportunities of a map."""

    map_id: str
    map_title: str
    items: tuple[RankedOpportunity, ...]

    @property
    def flagged(self) -> list[RankedOpportunity]:
        return [o for o in self.items if o.flags]

    def to_dict(self) -> dict[str, Any]:
        return {
            "map": self.map_id,
            "title": self.map_title,
            "formula": "framed score = importance × shortfall / 10; the map's own opportunities keep their score",
            "opportunities": [o.to_dict() for o in self.items],
        }


def step_importance(m: Map, step_id: str) -> float | None:
    """Importance of a step: the highest importance of a moment of truth at it, else of a touchpoint at it."""
    moments = [mot.importance for mot in m.moments_of_truth if mot.step == step_id]
    if moments:
        return max(moments)
    touchpoints = [tp.importance for tp in m.touchpoints if tp.step == step_id and tp.importance is not None]
    return max(touchpoints) if touchpoints else None


class _Framer:
    """Frames the opportunities of one map (keeps the look-ups in one place)."""

    def __init__(self, m: Map, rule: FramingRule) -> None:
        self.m = m
        self.rule = rule
        self.steps = {s.id: s for s in m.steps}
        self.used_ids = {o.id for o in m.opportunities}

    def step_name(self, step_id: str) -> str:
        step = self.steps.get(step_id)
        return step.name if step else step_id

    def importance(self, step_id: str) -> tuple[float, str]:
        value = step_importance(self.m, step_id)
        if value is None:
            return self.rule.default_importance, f"importance {self.rule.default_importance:g} (none known: default)"
        return value, f"importance {value:g}"

    def emotion_shortfall(self, step_id: str) -> tuple[float, str]:
        step = self.steps.get(step_id)
        if step is None or step.emotion is None:
            return self.rule.default_shortfall, f"shortfall {self.rule.default_shortfall:g} (no emotional level)"
        value = EMOTION_MAX - step.emotion.value
        return value, f"shortfall {value:g} (10 − emotional level {step.emotion.value:g})"

    def make(
        self,
        ident: str,
        source: OpportunitySource,
        template: Template,
        text: str,
        steps: tuple[str, ...],
        importance: tuple[float, str],
        shortfall: tuple[float, str],
        reason: str,
    ) -> RankedOpportunity:
        ident = self._unique(ident)
        score = opportunity_score(importance[0], shortfall[0])
        basis = f"{importance[1]} × {shortfall[1]} / 10 = {score:.2f}"
        return RankedOpportunity(
            ident,
            "framed",
            source,
            _statement(template, text),
            how_might_we(template, text),
            steps,
            score,
            basis,
            reason,
        )

    def _unique(self, ident: str) -> str:
        candidate, n = ident, 2
        while candidate in self.used_ids:
            candidate, n = f"{ident}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def card_shortfall(self, card: Card) -> tuple[float, str]:
        if card.weight is not None:
            return 2.0 * card.weight, f"shortfall {2 * card.weight:g} (2 × weight {card.weight})"
        return self.emotion_shortfall(card.step)

    # -- the four sources --

    def weaknesses(self) -> Iterator[RankedOpportunity]:
        for lane in self.m.lanes:
            if lane.kind not in (LaneKind.PAIN_POINTS, LaneKind.WEAKNESSES):
                continue
            template: Template = "pain" if lane.kind is LaneKind.PAIN_POINTS else "weakness"
            for card in lane.cards:
                what = "pain point" if template == "pain" else "weakness"
                reason = f"{what} at “{self.step_name(card.step)}”"
                if card.weight is not None:
                    reason += f", weight {card.weight}"
                sizes = [e.n for e in card.evidence if e.n is not None]
                if sizes:
                    reason += f", evidence n = {max(sizes)}"
                yield self.make(
                    f"hmw-{card.id}",
                    OpportunitySource.WEAKNESS,
                    template,
                    card.text,
                    (card.step,),
                    self.importance(card.step),
                    self.card_shortfall(card),
                    reason,
                )
        for challenge in self.m.service_challenges:
            if challenge.contingencies:
                continue
            if challenge.likelihood is not None:
                shortfall = (2.0 * challenge.likelihood, f"shortfall {2 * challenge.likelihood:g} (2 × likelihood)")
            else:
                shortfall = self.emotion_shortfall(challenge.step)
            yield self.make(
                f"hmw-{challenge.id}",
                OpportunitySource.WEAKNESS,
                "challenge",
                challenge.text,
                (challenge.step,),
                self.importance(challenge.step),
                shortfall,
                f"service challenge at “{self.step_name(challenge.step)}” has no contingency",
            )

    def uncovered(self) -> Iterator[RankedOpportunity]:
        with_touchpoint = {tp.step for tp in self.m.touchpoints}
        org_lanes = [lane for lane in self.m.lanes if lane.kind in ORGANISATION_LANES]
        with_activity = {card.step for lane in org_lanes for card in lane.cards}
        for step in self.m.steps:
            gaps = []
            if step.id not in with_touchpoint:
                gaps.append("no touchpoint")
            if org_lanes and step.id not in with_activity:
                gaps.append("no organisation activity")
            if gaps:
                yield self.make(
                    f"hmw-uncovered-{step.id}",
                    OpportunitySource.UNCOVERED_AREA,
                    "uncovered",
                    step.name,
                    (step.id,),
                    self.importance(step.id),
                    self.emotion_shortfall(step.id),
                    f"{' and '.join(gaps)} at this step: the organisation does not support the customer here",
                )
        for suggestion in suggest_moments(self.m, self.rule.moments):
            if suggestion.importance is not None:
                importance = (suggestion.importance, f"importance {suggestion.importance:g}")
            else:
                importance = self.importance(suggestion.step_id)
            what = "satisfaction" if suggestion.kind == "touchpoint" else "emotional level"
            shortfall = (EMOTION_MAX - suggestion.level, f"shortfall {EMOTION_MAX - suggestion.level:g} (10 − {what})")
            yield self.make(
                f"hmw-moment-{suggestion.element_id}",
                OpportunitySource.UNCOVERED_AREA,
                "moment",
                suggestion.name,
                (suggestion.step_id,),
                importance,
                shortfall,
                f"overlooked moment of truth: {suggestion.reason}",
            )

    def effort(self) -> Iterator[RankedOpportunity]:
        pains = [lane for lane in self.m.lanes if lane.kind is LaneKind.PAIN_POINTS]
        metrics = [lane for lane in self.m.lanes if lane.kind is LaneKind.METRICS]
        for step in self.m.steps:
            signals = self._effort_signals(step, pains, metrics)
            if signals:
                yield self.make(
                    f"hmw-effort-{step.id}",
                    OpportunitySource.CUSTOMER_EFFORT,
                    "effort",
                    step.name,
                    (step.id,),
                    self.importance(step.id),
                    self.emotion_shortfall(step.id),
                    "customer effort: " + "; ".join(signals),
                )

    def _effort_signals(self, step: Step, pains: list[Any], metrics: list[Any]) -> list[str]:
        rule = self.rule
        signals = []
        if step.emotion is not None and step.emotion.value <= rule.low_emotion:
            how = f"measured, n = {step.emotion.n}" if isinstance(step.emotion, MeasuredEmotion) else "estimated"
            signals.append(f"emotional level {step.emotion.value:g} ({how}) ≤ {rule.low_emotion:g}")
        count = sum(1 for lane in pains for card in lane.cards if card.step == step.id)
        if count >= rule.many_pain_points:
            signals.append(f"{count} pain points (≥ {rule.many_pain_points})")
        texts = [("description", step.description)]
        texts += [("metrics card", card.text) for lane in metrics for card in lane.cards if card.step == step.id]
        for where, text in texts:
            found = mentioned_duration_days(text)
            if found and found[0] >= rule.long_duration_days:
                signals.append(f"{where} says “{found[1]}” (≥ {rule.long_duration_days:g} days)")
                break
        return signals

    def competitors(self) -> Iterator[RankedOpportunity]:
        tag = self.rule.competitor_tag.casefold()
        for lane in self.m.lanes:
            whole_lane = lane.kind is LaneKind.CUSTOM and tag in lane.heading.casefold()
            for card in lane.cards:
                tagged = any(t.casefold() == tag for t in card.tags)
                if not (whole_lane or tagged):
                    continue
                why = f"card tagged “{self.rule.competitor_tag}”" if tagged else "card of a competitors lane"
                yield self.make(
                    f"hmw-{card.id}",
                    OpportunitySource.COMPETITOR,
                    "competitor",
                    card.text,
                    (card.step,),
                    self.importance(card.step),
                    self.card_shortfall(card),
                    f"{why} in “{lane.heading}” at “{self.step_name(card.step)}”",
                )


def frame_opportunities(m: Map, rule: FramingRule | None = None) -> list[RankedOpportunity]:
    """Opportunities framed from the weaknesses, uncovered areas, customer effort and competitors of ``m``
    (unranked, in that order; see the module docstring)."""
    framer = _Framer(m, rule or FramingRule())
    return [*framer.weaknesses(), *framer.uncovered(), *framer.effort(), *framer.competitors()]


def _existing(m: Map) -> list[RankedOpportunity]:
    items = []
    for opp in m.opportunities:
        flags = []
        if not opp.hypotheses:
            flags.append(NO_HYPOTHESIS)
        for h in opp.hypotheses:
            if h.target is None:
                flags.append(f"hypothesis {h.id} has no target for “{h.metric}”: add a baseline and a target")
        if not opp.how_might_we:
            flags.append("add a “How might we …?” question")
        if opp.score is None:
            flags.append("add a score")
        items.append(
            RankedOpportunity(
                opp.id,
                "map",
                opp.source,
                opp.text,
                opp.how_might_we,
                tuple(opp.steps),
                opp.score,
                "the map's own score" if opp.score is not None else "no score on the map",
                "on the map",
                len(opp.hypotheses),
                tuple(flags),
            )
        )
    return items


def rank_opportunities(m: Map, rule: FramingRule | None = None) -> OpportunityReport:
    """The map's own opportunities merged with the framed ones, ranked (see the module docstring)."""
    existing = _existing(m)
    framed = frame_opportunities(m, rule)
    by_step: dict[str, list[str]] = {}
    for opp in m.opportunities:
        for step_id in opp.steps:
            by_step.setdefault(step_id, []).append(opp.id)
    framed = [
        replace(f, addressed_by=tuple(dict.fromkeys(o for s in f.steps for o in by_step.get(s, ())))) for f in framed
    ]
    everything = [*existing, *framed]

    def key(item: tuple[int, RankedOpportunity]) -> tuple[bool, float, int, int, int]:
        index, o = item
        return (o.score is None, -(o.score or 0.0), o.origin != "map", SOURCE_ORDER.index(o.source), index)

    ranked = sorted(enumerate(everything), key=key)
    items = tuple(replace(o, rank=rank) for rank, (_, o) in enumerate(ranked, start=1))
    return OpportunityReport(m.id, m.title, items)
