"""Journey discovery from interaction events: variants, directly-follows flows, starts and ends, the funnel and
the main path, computed by Ibis expressions on the engine (one code path for DuckDB and Spark).

The rules (PRODUCT.md, "Discovery"):

* Events of a case are ordered by time, then by position in the file (``__order``): equal timestamps keep file
  order. Sorts are not stable on every backend, so the tie-break is explicit.
* A case's **variant** is the ordered sequence of its activities.
* The **directly-follows** count of (*a*, *b*) is how often *b* immediately follows *a* within a case; its
  **median seconds** is the median of the gaps between those two events.
* The **start** (**end**) activities count the cases whose first (last) event has that activity.
* The **funnel** value of a step is the number of cases that reach it (have at least one event with that
  activity); the funnel lists the steps of the main path, in order.
* The **main path** is a greedy walk (:func:`main_path`): start at the most frequent start activity; from the
  current activity follow its most frequent directly-follows edge to an activity not yet on the path; stop when
  there is none, or when that edge is taken by fewer than :data:`MAIN_PATH_MIN_SHARE` of the cases. Ties go to
  the activity whose name sorts first. (The most frequent variant is a poor main path for journeys with many
  drop-outs: it is often "opened the calculator and left".)

One window pass orders the events of every case (``row_number`` and ``lead`` over the case, ordered by time and
``__order``); it is cached in the backend and every figure is an aggregate over it. Variants are built without
an ordered ``collect`` (unsupported on PySpark): each case collects ``(position, activity)`` structs, sorts them
and keeps the activities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .engine import ORDER, Engine
from .events import ACTIVITY, CASE, CHANNEL, TIME

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "MAIN_PATH_MIN_SHARE",
    "MAIN_PATH_RULE",
    "TOP_VARIANTS",
    "ActivityStats",
    "Discovery",
    "Flow",
    "FunnelStep",
    "Variant",
    "discover",
    "format_duration",
    "funnel",
    "main_path",
    "ordered_steps",
]

MAIN_PATH_MIN_SHARE = 0.05
"""The greedy walk of the main path stops at an edge taken by fewer than this share of the cases."""

MAIN_PATH_RULE = (
    "greedy walk: from the most frequent start activity, follow the most frequent directly-follows edge to an "
    f"activity not yet on the path, while that edge is taken by at least {MAIN_PATH_MIN_SHARE * 100:.0f} % of the cases"
)

TOP_VARIANTS = 10
"""How many of the most frequent variants a discovery keeps."""


@dataclass(frozen=True)
class Flow:
    """A directly-follows edge: ``target`` immediately follows ``source`` in ``count`` places of the log."""

    source: str
    target: str
    count: int
    median_seconds: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "median_seconds": self.median_seconds,
        }


@dataclass(frozen=True)
class Variant:
    """A distinct ordered sequence of activities and the number of cases that follow it."""

    activities: tuple[str, ...]
    cases: int

    def to_json(self) -> dict[str, Any]:
        return {"activities": list(self.activities), "cases": self.cases}


@dataclass(frozen=True)
class ActivityStats:
    """One activity: its events, the cases that reach it, where cases start and end, and its channels.

    ``median_seconds_to_next`` is the median time from an event of this activity to the next event of its case
    (how long customers stay at this step before the next one); ``None`` when no event has a successor.
    """

    activity: str
    events: int
    cases: int
    starts: int
    ends: int
    median_seconds_to_next: float | None
    channels: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "activity": self.activity,
            "events": self.events,
            "cases": self.cases,
            "starts": self.starts,
            "ends": self.ends,
            "median_seconds_to_next": self.median_seconds_to_next,
            "channels": dict(self.channels),
        }


@dataclass(frozen=True)
class FunnelStep:
    """A step of the main path in the funnel.

    ``cases`` reach the step; ``share`` = cases / cases reaching the first step; ``drop_off`` = cases reaching
    the previous step − cases reaching this one (negative when some cases reach it by another way);
    ``stopped_here`` = cases whose last event is this step; ``median_seconds_from_previous`` = median gap of the
    directly-follows edge from the previous step.
    """

    activity: str
    cases: int
    share: float
    drop_off: int
    stopped_here: int
    median_seconds_from_previous: float | None

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
        }


@dataclass(frozen=True)
class Discovery:
    """What an event log says about the journey (see the module docstring for every rule)."""

    cases: int
    events: int
    activities: tuple[ActivityStats, ...]
    variant_count: int
    top_variants: tuple[Variant, ...]
    directly_follows: tuple[Flow, ...]
    start_activities: Mapping[str, int]
    end_activities: Mapping[str, int]
    main_path: tuple[str, ...]
    funnel: tuple[FunnelStep, ...]
    median_case_seconds: float | None = None
    first_time: dt.datetime | None = None
    last_time: dt.datetime | None = None
    has_channel: bool = False
    source: str = ""
    main_path_rule: str = field(default=MAIN_PATH_RULE)

    @property
    def activity_count(self) -> int:
        return len(self.activities)

    def activity(self, name: str) -> ActivityStats | None:
        return next((a for a in self.activities if a.activity == name), None)

    def flow(self, source: str, target: str) -> Flow | None:
        return next((f for f in self.directly_follows if f.source == source and f.target == target), None)

    def to_json(self) -> dict[str, Any]:
        """Plain data: ``cases``, ``events``, ``activities`` (a count), ``variants`` (a count),
        ``directly_follows``, ``start_activities``, ``end_activities``, ``funnel``, and the rest."""
        return {
            "log": self.source,
            "cases": self.cases,
            "events": self.events,
            "activities": self.activity_count,
            "variants": self.variant_count,
            "period": {
                "first": self.first_time.isoformat() if self.first_time else None,
                "last": self.last_time.isoformat() if self.last_time else None,
            },
            "median_case_seconds": self.median_case_seconds,
            "main_path": list(self.main_path),
            "main_path_rule": self.main_path_rule,
            "funnel": [step.to_json() for step in self.funnel],
            "top_variants": [v.to_json() for v in self.top_variants],
            "directly_follows": [f.to_json() for f in self.directly_follows],
            "start_activities": dict(self.start_activities),
            "end_activities": dict(self.end_activities),
            "activity_stats": [a.to_json() for a in self.activities],
        }


# ---- the rules that work on the aggregates -----------------------------------------------------------------------
def main_path(
    start_activities: Mapping[str, int],
    directly_follows: Sequence[Flow],
    cases: int,
    *,
    min_share: float = MAIN_PATH_MIN_SHARE,
) -> tuple[str, ...]:
    """The main path by the greedy walk described in the module docstring."""
    if not start_activities:
        return ()
    threshold = max(1.0, min_share * cases)
    current = min(start_activities, key=lambda a: (-start_activities[a], a))
    path = [current]
    outgoing: dict[str, list[Flow]] = {}
    for flow in directly_follows:
        outgoing.setdefault(flow.source, []).append(flow)
    while True:
        options = [f for f in outgoing.get(current, []) if f.target not in path and f.count >= threshold]
        if not options:
            return tuple(path)
        current = min(options, key=lambda f: (-f.count, f.target)).target
        path.append(current)


def funnel(
    path: Sequence[str], activities: Sequence[ActivityStats], directly_follows: Sequence[Flow]
) -> tuple[FunnelStep, ...]:
    """The funnel of ``path``: the cases reaching each step, with drop-off (see :class:`FunnelStep`)."""
    by_name = {a.activity: a for a in activities}
    flows = {(f.source, f.target): f for f in directly_follows}
    steps: list[FunnelStep] = []
    first = by_name[path[0]].cases if path else 0
    previous: str | None = None
    for name in path:
        stats = by_name[name]
        before = by_name[previous].cases if previous is not None else stats.cases
        flow = flows.get((previous, name)) if previous is not None else None
        steps.append(
            FunnelStep(
                activity=name,
                cases=stats.cases,
                share=stats.cases / first if first else 0.0,
                drop_off=before - stats.cases,
                stopped_here=stats.ends,
                median_seconds_from_previous=flow.median_seconds if flow else None,
            )
        )
        previous = name
    return tuple(steps)


def format_duration(seconds: float | None) -> str:
    """A duration for people: ``45 s``, ``12 min``, ``2 h 10 min``, ``3 d 4 h``; ``–`` when unknown."""
    if seconds is None:
        return "–"
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, _ = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


# ---- the expressions ---------------------------------------------------------------------------------------------
_POSITION, _NEXT, _GAP = "__position", "__next_activity", "__gap_seconds"


def ordered_steps(events: ir.Table) -> ir.Table:
    """Every event with its position in its case (0-based), the next activity of the case and the seconds to it.

    Ordered by time, then ``__order``: equal timestamps keep file order on every backend."""
    import ibis

    window = ibis.window(group_by=events[CASE], order_by=[events[TIME], events[ORDER]])
    steps = events.mutate(
        **{
            _POSITION: ibis.row_number().over(window),
            _NEXT: events[ACTIVITY].lead().over(window),
            "__next_time": events[TIME].lead().over(window),
        }
    )
    gap = steps["__next_time"].delta(steps[TIME], unit="microsecond") / 1_000_000
    columns = [CASE, ACTIVITY, TIME, _POSITION, _NEXT]
    if CHANNEL in events.columns:
        columns.append(CHANNEL)
    return steps.select(*columns, **{_GAP: gap})


def discover(events: ir.Table, engine: Engine, *, source: str = "", top: int = TOP_VARIANTS) -> Discovery:
    """Discover the journey in ``events`` (a table with ``case``, ``activity``, ``time``, ``__order`` and
    optionally ``channel``, as :func:`~.events.read_events` gives) on ``engine``."""
    with engine.cached(ordered_steps(events)) as steps:
        return _discover(steps, engine, source, top)


def _discover(steps: ir.Table, engine: Engine, source: str, top: int) -> Discovery:
    has_channel = CHANNEL in steps.columns
    flows = _flows(steps, engine)
    activities, totals = _activities(steps, engine, has_channel)
    variant_count, top_variants, median_case = _variants(steps, engine, top)
    cases = int(totals["cases"] or 0)
    starts = {a.activity: a.starts for a in sorted(activities, key=lambda a: (-a.starts, a.activity)) if a.starts}
    ends = {a.activity: a.ends for a in sorted(activities, key=lambda a: (-a.ends, a.activity)) if a.ends}
    path = main_path(starts, flows, cases)
    return Discovery(
        cases=cases,
        events=int(totals["events"] or 0),
        activities=activities,
        variant_count=variant_count,
        top_variants=top_variants,
        directly_follows=flows,
        start_activities=starts,
        end_activities=ends,
        main_path=path,
        funnel=funnel(path, activities, flows),
        median_case_seconds=median_case,
        first_time=totals["first"],
        last_time=totals["last"],
        has_channel=has_channel,
        source=source,
    )


def _seconds(value: Any) -> float | None:
    return None if value is None else round(float(value), 6)


def _flows(steps: ir.Table, engine: Engine) -> tuple[Flow, ...]:
    pairs = steps.filter(steps[_NEXT].notnull())
    grouped = pairs.group_by([pairs[ACTIVITY], pairs[_NEXT]]).aggregate(
        count=pairs.count(), median_seconds=pairs[_GAP].median()
    )
    flows = [
        Flow(row[ACTIVITY], row[_NEXT], int(row["count"]), _seconds(row["median_seconds"]))
        for row in engine.rows(grouped)
    ]
    return tuple(sorted(flows, key=lambda f: (-f.count, f.source, f.target)))


def _activities(steps: ir.Table, engine: Engine, has_channel: bool) -> tuple[tuple[ActivityStats, ...], dict[str, Any]]:
    """The statistics of each activity, and the totals of the log added up from them (``events``; ``cases``: one
    first event per case, so the starts of all activities; the ``first`` and ``last`` time): no query of their own."""
    grouped = steps.group_by(steps[ACTIVITY]).aggregate(
        events=steps.count(),
        starts=steps.count(where=steps[_POSITION] == 0),
        ends=steps.count(where=steps[_NEXT].isnull()),
        median_seconds_to_next=steps[_GAP].median(),
        first=steps[TIME].min(),
        last=steps[TIME].max(),
    )
    rows = engine.rows(grouped)
    firsts = [row["first"] for row in rows if row["first"] is not None]
    lasts = [row["last"] for row in rows if row["last"] is not None]
    totals = {
        "events": sum(int(row["events"]) for row in rows),
        "cases": sum(int(row["starts"]) for row in rows),
        "first": min(firsts, default=None),
        "last": max(lasts, default=None),
    }
    # a DISTINCT aggregate of its own: mixed with the others it slows the whole query down (DuckDB)
    reach = {row[ACTIVITY]: int(row["cases"]) for row in engine.rows(
        steps.group_by(steps[ACTIVITY]).aggregate(cases=steps[CASE].nunique())
    )}  # fmt: skip
    channels: dict[str, list[tuple[str, int]]] = {}
    if has_channel:
        known = steps.filter(steps[CHANNEL].notnull())
        per_channel = known.group_by([known[ACTIVITY], known[CHANNEL]]).aggregate(count=known.count())
        for row in engine.rows(per_channel):
            channels.setdefault(row[ACTIVITY], []).append((row[CHANNEL], int(row["count"])))
    stats = [
        ActivityStats(
            activity=row[ACTIVITY],
            events=int(row["events"]),
            cases=reach[row[ACTIVITY]],
            starts=int(row["starts"]),
            ends=int(row["ends"]),
            median_seconds_to_next=_seconds(row["median_seconds_to_next"]),
            channels=tuple(sorted(channels.get(row[ACTIVITY], []), key=lambda c: (-c[1], c[0]))),
        )
        for row in rows
    ]
    return tuple(sorted(stats, key=lambda a: (-a.cases, -a.events, a.activity))), totals


def _variants(steps: ir.Table, engine: Engine, top: int) -> tuple[int, tuple[Variant, ...], float | None]:
    """Variant count, the ``top`` most frequent variants (ties: shorter, then by activities) and the median case
    duration (first to last event). The cases and the variants are cached: each is read more than once."""
    import ibis

    item = ibis.struct({"position": steps[_POSITION], "activity": steps[ACTIVITY]})
    per_case = steps.group_by(steps[CASE]).aggregate(
        items=item.collect(), first=steps[TIME].min(), last=steps[TIME].max()
    )
    sequence = per_case["items"].sort().map(lambda s: s.activity)
    duration = per_case["last"].delta(per_case["first"], unit="microsecond") / 1_000_000
    with ExitStack() as stack:
        cases = stack.enter_context(engine.cached(per_case.select(variant=sequence, duration=duration)))
        variants = stack.enter_context(engine.cached(cases.group_by(cases["variant"]).aggregate(cases=cases.count())))
        [summary] = engine.rows(cases.aggregate(median_case=cases["duration"].median()))
        [counted] = engine.rows(variants.aggregate(variants=variants.count()))
        ranked = variants.order_by([variants["cases"].desc(), variants["variant"].length(), variants["variant"]])
        found = [Variant(tuple(row["variant"]), int(row["cases"])) for row in engine.rows(ranked.limit(top))]
    found.sort(key=lambda v: (-v.cases, len(v.activities), v.activities))
    return int(counted["variants"] or 0), tuple(found), _seconds(summary["median_case"])
