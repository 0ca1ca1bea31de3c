"""A draft as-is map seeded from a discovered journey (:class:`~.discovery.Discovery`).

What the draft holds, and why:

* **Stages**: without a names file, one stage, "Discovered journey" (an event log knows the order of the
  touchpoints, not the phases a team would name); with one (``--names``, :mod:`.step_names`), its stages in its
  order, each step in the stage that lists its activity (a step no stage lists joins the stage of the step before
  it). The steps are named by the names file; activity codes without a name keep their code.
* **One step per step of the funnel**, in order: the main path (the rule is in :mod:`.discovery`) or the steps
  the user chose (``--funnel``). Each step's description gives what was measured: the cases that reach it and
  their share of the first step, the median wait after the previous step (first occurrence → first occurrence
  unless the discovery shows direct transitions; the text says which), and the share of cases that stop there.
* **Outcomes**: the end activities that end at least :data:`MIN_OUTCOME_SHARE` of the cases (at most
  :data:`MAX_OUTCOMES`) are steps of an "Outcome" stage at the end (or of the stage the names file gives them),
  each with the share of cases that end there and the median wait from the first step; an outcome that is on the
  funnel already stays where it is and gets its share there.
* **Touchpoints** from the channels of each activity (every channel with at least :data:`MIN_CHANNEL_SHARE` of
  the step's events, the most used first); the kind is inferred from the channel (:func:`touchpoint_kind`). A log
  without channels gives no touchpoints (one per step named as the step, channel ``other``, would only repeat the
  step names).
* A **metrics** lane with the same figures as cards, each linked to the log (``evidence`` with the data set,
  the activity and n), and a **touchpoints** lane.
* The map's description names the log, its cases and events and the period they cover.
"""

from __future__ import annotations

from typing import Any

from ..model import Map, TouchpointKind, slugify
from .discovery import Discovery, FunnelStep, Outcome, format_duration
from .step_names import StepNames

__all__ = [
    "DRAFT_STAGE",
    "MAX_OUTCOMES",
    "MIN_CHANNEL_SHARE",
    "MIN_OUTCOME_SHARE",
    "OUTCOME_STAGE",
    "draft_map",
    "touchpoint_kind",
]

DRAFT_STAGE = "Discovered journey"
OUTCOME_STAGE = "Outcome"
MIN_OUTCOME_SHARE = 0.05
"""An end activity becomes an outcome step when at least this share of the cases end with it."""
MAX_OUTCOMES = 6
MIN_CHANNEL_SHARE = 0.1
"""A channel becomes a touchpoint of a step when it carries at least this share of the step's events."""

_HUMAN = ("phone", "call", "branch", "store", "shop", "chat", "in-person", "in person", "visit", "agent", "adviser",
          "advisor", "meeting", "video", "face", "counter", "desk")  # fmt: skip
_STATIC = ("letter", "email", "e-mail", "mail", "sms", "text", "post", "notification", "push", "brochure", "pdf",
           "statement", "leaflet", "print")  # fmt: skip
_INTERACTIVE = ("web", "app", "portal", "online", "mobile", "site", "kiosk", "atm", "self-service", "digital")


def touchpoint_kind(channel: str) -> TouchpointKind:
    """Kalbach's kind of a touchpoint from its channel: phone, branch, store, chat (people) → human; letter, email,
    sms → static; web, app → interactive; interactive when the channel says nothing."""
    name = channel.strip().casefold()
    for words, kind in ((_HUMAN, TouchpointKind.HUMAN), (_STATIC, TouchpointKind.STATIC)):
        if any(name == w or name.startswith(w) or f" {w}" in name or f"-{w}" in name for w in words):
            return kind
    return TouchpointKind.INTERACTIVE


def draft_map(discovery: Discovery, title: str, *, map_id: str | None = None, names: StepNames | None = None) -> Map:
    """A draft as-is customer journey map of the funnel of ``discovery``, with its outcomes, named and staged
    by ``names`` (see the module docstring)."""
    names = names or StepNames()
    source = discovery.source or "an event log"
    identifier = map_id or slugify(title, "discovered-journey")
    ids = _Ids({identifier, "touchpoints", "metrics"})
    path = [step.activity for step in discovery.funnel]
    outcomes = {o.activity: o for o in discovery.outcomes[:MAX_OUTCOMES] if o.share >= MIN_OUTCOME_SHARE}
    step_ids = {a: ids.new(slugify(names.name(a), "step")) for a in [*path, *(o for o in outcomes if o not in path)]}
    draft = _Draft(discovery, names, source, ids, step_ids, outcomes)
    stages = []
    for stage, activities in _stage_plan(path, [o for o in outcomes if o not in path], names):
        steps = [draft.step(activity) for activity in activities]
        stages.append({"id": ids.new(slugify(stage, "stage")), "name": stage, "description": draft.stage_text(stage),
                       "steps": steps})  # fmt: skip
    first = names.name(path[0]) if path else ""
    data: dict[str, Any] = {
        "id": identifier,
        "type": "customer-journey-map",
        "state": "as-is",
        "title": title,
        "description": _map_description(discovery, source, names),
        "tags": ["discovered", "draft"],
        "scope": {
            "point_of_view": f"The {discovery.cases:,} cases of {source}",
            "purpose": "A draft of the journey as the event log shows it, to review and enrich in a workshop.",
            "start": first,
            "end": ", ".join(names.name(o) for o in outcomes) or (names.name(path[-1]) if path else ""),
        },
        "stages": stages,
        "lanes": [
            *([{"id": "touchpoints", "kind": "touchpoints"}] if discovery.has_channel else []),
            {"id": "metrics", "kind": "metrics", "title": "Measured in the event log", "cards": draft.cards},
        ],
        "touchpoints": draft.touchpoints,
    }
    return Map.model_validate(data)


def _stage_plan(path: list[str], extra: list[str], names: StepNames) -> list[tuple[str, list[str]]]:
    """The stages in order, each with its activities: the funnel's steps, then the outcomes not on it."""
    order = [stage for stage, _ in names.stages] or [DRAFT_STAGE]
    members: dict[str, list[str]] = {stage: [] for stage in order}
    current = order[0]
    for activity in path:
        current = names.stage_of(activity) or current
        members[current].append(activity)
    for activity in extra:
        stage = names.stage_of(activity) or OUTCOME_STAGE
        members.setdefault(stage, []).append(activity)
    return [(stage, found) for stage, found in members.items() if found]


class _Draft:
    """The steps, touchpoints and metric cards of a draft, built step by step."""

    def __init__(
        self,
        discovery: Discovery,
        names: StepNames,
        source: str,
        ids: _Ids,
        step_ids: dict[str, str],
        outcomes: dict[str, Outcome],
    ) -> None:
        self.discovery, self.names, self.source, self.ids = discovery, names, source, ids
        self.step_ids, self.outcomes = step_ids, outcomes
        self.funnel = {step.activity: (i, step) for i, step in enumerate(discovery.funnel)}
        self.cards: list[dict[str, Any]] = []
        self.touchpoints: list[dict[str, Any]] = []

    def stage_text(self, stage: str) -> str:
        if stage == DRAFT_STAGE:
            return "The steps of the journey through the event log, in order; split them into stages in the workshop."
        if stage == OUTCOME_STAGE:
            return "How the cases end: the last activity of each case, with its share of all cases."
        return f"Stage '{stage}' of the names file."

    def step(self, activity: str) -> dict[str, Any]:
        step_id = self.step_ids[activity]
        shown = self.names.name(activity)
        self.touchpoints.extend(_touchpoints(self.discovery, step_id, activity, self.source, self.ids, shown))
        evidence = {"dataset": self.source, "element": activity}
        parts: list[str] = []
        if activity in self.funnel:
            index, funnel_step = self.funnel[activity]
            previous = self.discovery.funnel[index - 1] if index else None
            parts += self._funnel_step(step_id, funnel_step, previous, evidence, activity in self.outcomes)
        outcome = self.outcomes.get(activity)
        if outcome is not None:
            parts += self._outcome(step_id, outcome, evidence)
        return {"id": step_id, "name": self.names.name(activity), "description": " ".join(parts)}

    def _wait_words(self) -> str:
        return "first → first" if self.discovery.waits == "first" else "direct transition"

    def _funnel_step(
        self, step_id: str, step: FunnelStep, previous: FunnelStep | None, evidence: dict[str, Any], outcome: bool
    ) -> list[str]:
        share = _percent(step.share)
        parts = [f"Reached by {step.cases:,} cases ({share} of the first step)."]
        self.cards.append({"step": step_id, "text": f"{step.cases:,} cases reach this step ({share})",
                           "evidence": [{**evidence, "n": step.cases}]})  # fmt: skip
        if previous is not None and step.median_seconds_from_previous is not None:
            wait, before = format_duration(step.median_seconds_from_previous), self.names.name(previous.activity)
            parts.append(f"Median wait {wait} after {before} ({self._wait_words()}).")
            self.cards.append({"step": step_id, "text": f"Median wait {wait} after {before} ({self._wait_words()})",
                               "evidence": [{**evidence, "n": step.cases}]})  # fmt: skip
        parts.append(f"{_percent(step.stop_share)} of cases stop here.")
        if step.stopped_here and not outcome:  # an outcome's card gives its share of all cases instead
            text = f"{_percent(step.stop_share)} stop here ({step.stopped_here:,} cases)"
            self.cards.append({"step": step_id, "text": text, "evidence": [{**evidence, "n": step.cases}]})
        return parts

    def _outcome(self, step_id: str, outcome: Outcome, evidence: dict[str, Any]) -> list[str]:
        share = _percent(outcome.share)
        parts = [f"Outcome: {outcome.cases:,} cases ({share} of all) end here."]
        text = f"{share} of all cases end here ({outcome.cases:,})"
        self.cards.append({"step": step_id, "text": text, "evidence": [{**evidence, "n": outcome.cases}]})
        first = self.discovery.funnel[0].activity if self.discovery.funnel else None
        if first is not None and outcome.median_seconds_from_first_step is not None:
            wait = format_duration(outcome.median_seconds_from_first_step)
            parts.append(f"Median {wait} after {self.names.name(first)} (first → first).")
            text = f"Ends a median {wait} after {self.names.name(first)} (first → first)"
            self.cards.append({"step": step_id, "text": text, "evidence": [{**evidence, "n": outcome.cases}]})
        return parts


class _Ids:
    """Ids unique within the map: a taken one gets a numeric suffix."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def new(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _touchpoints(
    discovery: Discovery, step_id: str, activity: str, source: str, ids: _Ids, shown: str
) -> list[dict[str, Any]]:
    stats = discovery.activity(activity)
    channels = list(stats.channels) if stats else []
    total = sum(n for _, n in channels)
    kept = [(c, n) for c, n in channels if total and n / total >= MIN_CHANNEL_SHARE] or channels[:1]
    if not kept:  # a log without channels says nothing about touchpoints: a team names them in the workshop
        return []
    result = []
    for channel, count in kept:
        name = shown if len(kept) == 1 else f"{shown} ({channel})"
        result.append(
            {
                "id": ids.new(f"tp-{step_id}-{slugify(channel, 'channel')}"),
                "step": step_id,
                "name": name,
                "channel": channel,
                "kind": touchpoint_kind(channel).value,
                "evidence": [{"dataset": source, "element": f"{activity} / {channel}", "n": count}],
            }
        )
    return result


def _map_description(discovery: Discovery, source: str, names: StepNames) -> str:
    period = ""
    if discovery.first_time and discovery.last_time:
        period = f" between {discovery.first_time:%d %B %Y} and {discovery.last_time:%d %B %Y}"
    steps = (
        "the steps you chose, as an ordered funnel" if discovery.funnel_rule.startswith("ordered") else
        "the main path: from the most frequent first activity, the most frequent next one each time"
    )  # fmt: skip
    waits = (
        "Waits are medians from the first occurrence of the previous step to the first occurrence of the step."
        if discovery.waits == "first"
        else "Waits are medians of the gaps of direct transitions between the steps."
    )
    outcomes = ", ".join(f"{_percent(o.share)} {names.name(o.activity)}" for o in discovery.outcomes[:MAX_OUTCOMES])
    kept = ""
    if discovery.filters.get("activities_excluded"):
        kept = f" Activities kept: {', '.join(discovery.filters.get('include') or ['all'])}"
        kept += f"; excluded: {', '.join(discovery.filters.get('exclude') or []) or 'none'}."
    return (
        f"Discovered from {source}: {discovery.cases:,} cases and {discovery.events:,} events{period}, "
        f"{discovery.variant_count:,} variants.{kept} The steps are {steps}. {waits} Outcomes: {outcomes or 'none'}. "
        "A draft: review the step names, then add thoughts, feelings and pain points in a workshop."
    )
