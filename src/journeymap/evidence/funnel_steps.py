"""The funnel of a discovered journey: its steps, the cases reaching each, drop-off and the waits between them
(the rules are in :mod:`.discovery` and :mod:`.first_waits`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .discovery import ActivityStats, Flow

__all__ = ["FunnelStep", "funnel"]


@dataclass(frozen=True)
class FunnelStep:
    """A step of the main path in the funnel.

    ``cases`` reach the step; ``share`` = cases / cases reaching the first step; ``drop_off`` = cases reaching
    the previous step − cases reaching this one (negative when some cases reach it by another way);
    ``stopped_here`` = cases whose last event is this step; ``median_seconds_from_previous`` = the wait shown
    (``median_seconds_first`` or ``median_seconds_direct``, as the discovery's ``waits`` says):
    ``median_seconds_first`` is the first-occurrence wait from the previous step (:mod:`.first_waits`),
    ``median_seconds_direct`` the median gap of the directly-follows edge from it.
    """

    activity: str
    cases: int
    share: float
    drop_off: int
    stopped_here: int
    median_seconds_from_previous: float | None
    median_seconds_first: float | None = None
    median_seconds_direct: float | None = None

    @property
    def stop_share(self) -> float:
        """Share of the cases reaching the step that end there."""
        return self.stopped_here / self.cases if self.cases else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "activity": self.activity,
            "cases": self.cases,
            "share": round(self.share, 6),
            "drop_off": self.drop_off,
            "stopped_here": self.stopped_here,
            "median_seconds_from_previous": self.median_seconds_from_previous,
            "median_seconds_first": self.median_seconds_first,
            "median_seconds_direct": self.median_seconds_direct,
        }


def funnel(
    path: Sequence[str],
    activities: Sequence[ActivityStats],
    directly_follows: Sequence[Flow],
    *,
    first: Mapping[tuple[str, str], float | None] | None = None,
    waits: str = "direct",
    reached: Sequence[int] | None = None,
) -> tuple[FunnelStep, ...]:
    """The funnel of ``path`` (see :class:`FunnelStep`): the cases reaching each step (``reached`` when given:
    the ordered funnel's counts; else the cases that reach the activity at all), with drop-off and waits.
    ``first`` holds the first-occurrence waits from each step to the next; ``waits`` picks the one shown."""
    by_name = {a.activity: a for a in activities}
    flows = {(f.source, f.target): f for f in directly_follows}
    counts = list(reached) if reached is not None else [by_name[name].cases for name in path]
    steps: list[FunnelStep] = []
    previous: str | None = None
    for i, name in enumerate(path):
        stats = by_name[name]
        before = counts[i - 1] if i else counts[0]
        flow = flows.get((previous, name)) if previous is not None else None
        direct = flow.median_seconds if flow else None
        first_wait = (first or {}).get((previous, name)) if previous is not None else None
        steps.append(
            FunnelStep(
                activity=name,
                cases=counts[i],
                share=counts[i] / counts[0] if counts[0] else 0.0,
                drop_off=before - counts[i],
                stopped_here=stats.ends,
                median_seconds_from_previous=first_wait if waits == "first" else direct,
                median_seconds_first=first_wait,
                median_seconds_direct=direct,
            )
        )
        previous = name
    return tuple(steps)
