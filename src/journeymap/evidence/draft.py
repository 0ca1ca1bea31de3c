"""A draft as-is map seeded from a discovered journey (:class:`~.discovery.Discovery`).

What the draft holds, and why:

* **One stage**, "Discovered journey": an event log knows the order of the touchpoints, not the phases a team
  would name (research, apply, …); the team splits the stage in the workshop.
* **One step per activity of the main path**, in order (the main-path rule is in :mod:`.discovery`). Each step's
  description gives what was measured: the cases that reach it and their share of the first step, the median
  time after the previous step, and the share of cases that stop there.
* **Touchpoints** from the channels of each activity (every channel with at least :data:`MIN_CHANNEL_SHARE` of
  the step's events, the most used first); the kind is inferred from the channel (:func:`touchpoint_kind`). A log
  without channels gives one touchpoint per step, channel ``other``.
* A **metrics** lane with the same figures as cards, each linked to the log (``evidence`` with the data set,
  the activity and n), and a **touchpoints** lane.
* The map's description names the log, its cases and events and the period they cover.
"""

from __future__ import annotations

from typing import Any

from ..model import Map, TouchpointKind, slugify
from .discovery import Discovery, FunnelStep, format_duration

__all__ = ["DRAFT_STAGE", "MIN_CHANNEL_SHARE", "draft_map", "touchpoint_kind"]

DRAFT_STAGE = "Discovered journey"
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


def draft_map(discovery: Discovery, title: str, *, map_id: str | None = None) -> Map:
    """A draft as-is customer journey map of the main path of ``discovery`` (see the module docstring)."""
    source = discovery.source or "an event log"
    identifier = map_id or slugify(title, "discovered-journey")
    ids = _Ids({identifier, "discovered-journey", "touchpoints", "metrics"})
    step_ids = [ids.new(slugify(name, "step")) for name in discovery.main_path]
    steps: list[dict[str, Any]] = []
    touchpoints: list[dict[str, Any]] = []
    cards: list[dict[str, Any]] = []
    previous: str | None = None
    for step_id, funnel_step in zip(step_ids, discovery.funnel, strict=True):
        steps.append(
            {"id": step_id, "name": funnel_step.activity, "description": _step_description(funnel_step, previous)}
        )
        touchpoints.extend(_touchpoints(discovery, step_id, funnel_step.activity, source, ids))
        cards.extend(_metric_cards(discovery, step_id, funnel_step, previous, source))
        previous = funnel_step.activity
    data: dict[str, Any] = {
        "id": identifier,
        "type": "customer-journey-map",
        "state": "as-is",
        "title": title,
        "description": _map_description(discovery, source),
        "tags": ["discovered", "draft"],
        "scope": {
            "point_of_view": f"The {discovery.cases:,} cases of {source}",
            "purpose": "A draft of the journey as the event log shows it, to review and enrich in a workshop.",
            "start": discovery.main_path[0] if discovery.main_path else "",
            "end": discovery.main_path[-1] if discovery.main_path else "",
        },
        "stages": [
            {
                "id": "discovered-journey",
                "name": DRAFT_STAGE,
                "description": "The main path through the event log, in order; split it into stages in the workshop.",
                "steps": steps,
            }
        ],
        "lanes": [
            {"id": "touchpoints", "kind": "touchpoints"},
            {"id": "metrics", "kind": "metrics", "title": "Measured in the event log", "cards": cards},
        ],
        "touchpoints": touchpoints,
    }
    return Map.model_validate(data)


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


def _step_description(step: FunnelStep, previous: str | None) -> str:
    parts = [f"Reached by {step.cases:,} cases ({_percent(step.share)} of the first step)."]
    if previous is not None and step.median_seconds_from_previous is not None:
        parts.append(f"Median {format_duration(step.median_seconds_from_previous)} after the previous step.")
    parts.append(f"{_percent(step.stop_share)} of cases stop here.")
    return " ".join(parts)


def _touchpoints(discovery: Discovery, step_id: str, activity: str, source: str, ids: _Ids) -> list[dict[str, Any]]:
    stats = discovery.activity(activity)
    channels = list(stats.channels) if stats else []
    total = sum(n for _, n in channels)
    kept = [(c, n) for c, n in channels if total and n / total >= MIN_CHANNEL_SHARE] or channels[:1]
    if not kept:
        evidence = [{"dataset": source, "element": activity, "n": stats.events if stats else 0}]
        only = {"id": ids.new(f"tp-{step_id}"), "step": step_id, "name": activity, "channel": "other"}
        return [{**only, "evidence": evidence}]
    result = []
    for channel, count in kept:
        name = activity if len(kept) == 1 else f"{activity} ({channel})"
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


def _metric_cards(
    discovery: Discovery, step_id: str, step: FunnelStep, previous: str | None, source: str
) -> list[dict[str, Any]]:
    evidence = [{"dataset": source, "element": step.activity, "n": step.cases}]
    cards = [
        {
            "step": step_id,
            "text": f"{step.cases:,} cases reach this step ({_percent(step.share)})",
            "evidence": evidence,
        }
    ]
    if previous is not None and step.median_seconds_from_previous is not None:
        flow = discovery.flow(previous, step.activity)
        n = flow.count if flow else step.cases
        text = f"Median {format_duration(step.median_seconds_from_previous)} after {previous}"
        cards.append({"step": step_id, "text": text, "evidence": [{**evidence[0], "n": n}]})
    text = f"{_percent(step.stop_share)} stop here ({step.stopped_here:,} cases)"
    cards.append({"step": step_id, "text": text, "evidence": evidence})
    return cards


def _map_description(discovery: Discovery, source: str) -> str:
    period = ""
    if discovery.first_time and discovery.last_time:
        period = f" between {discovery.first_time:%d %B %Y} and {discovery.last_time:%d %B %Y}"
    return (
        f"Discovered from {source}: {discovery.cases:,} cases and {discovery.events:,} events{period}, "
        f"{discovery.variant_count:,} variants. The steps are the main path: from the most frequent first activity, "
        "the most frequent next one each time. Times are medians of the gaps between steps. A draft: review the "
        "step names, then add stages, thoughts, feelings and pain points in a workshop."
    )
