"""Journey discovery from interaction events: variants, directly-follows flows, starts and ends, the funnel and
the main path, computed by Ibis expressions on the engine (one code path for DuckDB and Spark).

The rules (PRODUCT.md, "Discovery"):

* Events of a case are ordered by time, then by position in the file (``__order``): equal timestamps keep file
  order. Sorts are not stable on every backend, so the tie-break is explicit.
* A case's **variant** is the ordered sequence of its activities.
* The **directly-follows** count of (*a*, *b*) is how often *b* immediately follows *a* within a case; its
  **cases** the number of distinct cases in which it happens at least once (a loop a → b → a → b counts twice
  in ``count``, once in ``cases``); its **median seconds** is the median of the gaps between those two events.
* The **start** (**end**) activities count the cases whose first (last) event has that activity.
* The **funnel** value of a step is the number of cases that reach it (have at least one event with that
  activity); the funnel lists the steps of the main path, in order. With steps chosen by the user
  (``funnel_steps``) it is the **ordered funnel** of :mod:`.first_waits`: cases reaching each step after the
  ones before it.
* The **wait** before a funnel step is, by default, the first-occurrence wait of :mod:`.first_waits` (median,
  over the cases having both, of first previous step → first this step after it); ``waits="direct"`` shows the
  median gap of the directly-follows edge instead. Both are in the JSON; ``waits`` says which is shown.
* The **outcomes** are the end activities with their share of the cases.
* The **main path** is a greedy walk (:func:`main_path`): start at the most frequent start activity; from the
  current activity follow the directly-follows edge taken by the most cases to an activity not yet on the path;
  stop when there is none, or when that edge is taken by fewer than :data:`MAIN_PATH_MIN_SHARE` of the cases
  (distinct cases, not transitions: a case looping a → b ten times counts once). Ties go to the activity whose
  name sorts first. (The most frequent variant is a poor main path for journeys with many
  drop-outs: it is often "opened the calculator and left".)

One window pass orders the events of every case (``row_number`` and ``lead`` over the case, ordered by time and
``__order``); it is cached in the backend and every figure is an aggregate over it. Variants are built without
an ordered ``collect`` (unsupported on PySpark): each case collects ``(position, activity)`` structs, sorts them
and keeps the activities.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .case_steps import GAP as _GAP
from .case_steps import NEXT as _NEXT
from .case_steps import POSITION as _POSITION
from .case_steps import format_duration, ordered_steps
from .case_steps import seconds as _seconds
from .engine import Engine
from .events import ACTIVITY, CASE, CHANNEL, TIME
from .first_waits import (
    DIRECT_WAIT_LABEL,
    FIRST_WAIT_LABEL,
    check_funnel_steps,
    first_waits,
    ordered_funnel_counts,
)
from .funnel_steps import FunnelStep, funnel

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
    "Outcome",
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
ORDERED_FUNNEL_RULE = "ordered: cases reaching each step after the steps before it"
MAIN_PATH_FUNNEL_RULE = "cases reaching each step of the main path"

TIMED_OUTCOMES = 8
"""How many of the most frequent outcomes get their wait from the funnel's first step."""

TOP_VARIANTS = 10
"""How many of the most frequent variants a discovery keeps."""


@dataclass(frozen=True)
class Flow:
    """A directly-follows edge: ``target`` immediately follows ``source`` in ``count`` places of the log, in
    ``cases`` distinct cases."""

    source: str
    target: str
    count: int
    median_seconds: float | None
    cases: int

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "cases": self.cases,
            "median_seconds": self.median_seconds,
        }


@dataclass(frozen=True)
class Outcome:
    """An end activity: ``cases`` end with it, ``share`` of all cases; ``median_seconds_from_first_step`` is the
    first-occurrence wait from the funnel's first step to it (``None`` when not measured)."""

    activity: str
    cases: int
    share: float
    median_seconds_from_first_step: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "activity": self.activity,
            "cases": self.cases,
            "share": round(self.share, 6),
            "median_seconds_from_first_step": self.median_seconds_from_first_step,
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
    funnel_rule: str = MAIN_PATH_FUNNEL_RULE
    waits: str = "first"
    """Which wait the funnel's ``median_seconds_from_previous`` shows: ``first`` or ``direct``."""
    filters: Mapping[str, Any] = field(default_factory=dict)
    """What was kept of the log (:func:`.discovery_filters.filter_events`); empty when nothing was filtered."""
    outcome_waits: Mapping[str, float | None] = field(default_factory=dict)
    """First-occurrence wait from the funnel's first step to each of the :data:`TIMED_OUTCOMES` top outcomes."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Step names by activity (``--names``, :mod:`.step_names`); an activity without one is shown by its code."""

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """The end activities with their share of the cases, the most frequent first."""
        share = 1 / self.cases if self.cases else 0.0
        waits = self.outcome_waits
        return tuple(Outcome(a, n, n * share, waits.get(a)) for a, n in self.end_activities.items())

    @property
    def wait_label(self) -> str:
        return FIRST_WAIT_LABEL if self.waits == "first" else DIRECT_WAIT_LABEL

    @property
    def activity_count(self) -> int:
        return len(self.activities)

    def step_name(self, activity: str) -> str:
        """The step's name from the names file, or the activity code when it has none."""
        return self.names.get(activity, activity)

    def activity(self, name: str) -> ActivityStats | None:
        return next((a for a in self.activities if a.activity == name), None)

    def flow(self, source: str, target: str) -> Flow | None:
        return next((f for f in self.directly_follows if f.source == source and f.target == target), None)

    def to_json(self) -> dict[str, Any]:
        """Plain data: ``cases``, ``events``, ``activities`` (a count), ``variants`` (a count),
        ``directly_follows``, ``start_activities``, ``end_activities``, ``funnel``, and the rest. With step names,
        the funnel, outcomes and activity stats carry ``name`` beside ``activity`` (the code, unchanged), and
        ``main_path_names`` and ``step_names`` are added."""
        data: dict[str, Any] = {
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
            "funnel": [self._named(step.to_json()) for step in self.funnel],
            "funnel_rule": self.funnel_rule,
            "waits": {"shown": self.waits, "label": self.wait_label},
            "outcomes": [self._named(o.to_json()) for o in self.outcomes],
            "filters": dict(self.filters),
            "top_variants": [v.to_json() for v in self.top_variants],
            "directly_follows": [f.to_json() for f in self.directly_follows],
            "start_activities": dict(self.start_activities),
            "end_activities": dict(self.end_activities),
            "activity_stats": [self._named(a.to_json()) for a in self.activities],
        }
        if self.names:
            data["main_path_names"] = [self.step_name(a) for a in self.main_path]
            data["step_names"] = dict(self.names)
        return data

    def _named(self, item: dict[str, Any]) -> dict[str, Any]:
        """``item`` with the step's ``name`` right after its ``activity``, when the names file gives one."""
        name = self.names.get(item["activity"])
        if name is None:
            return item
        return {"activity": item.pop("activity"), "name": name, **item}


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
        options = [f for f in outgoing.get(current, []) if f.target not in path and f.cases >= threshold]
        if not options:
            return tuple(path)
        current = min(options, key=lambda f: (-f.cases, f.target)).target
        path.append(current)


# ---- the expressions ---------------------------------------------------------------------------------------------
def discover(
    events: ir.Table,
    engine: Engine,
    *,
    source: str = "",
    top: int = TOP_VARIANTS,
    funnel_steps: Sequence[str] | None = None,
    waits: str = "first",
    filters: Mapping[str, Any] | None = None,
) -> Discovery:
    """Discover the journey in ``events`` (a table with ``case``, ``activity``, ``time``, ``__order`` and
    optionally ``channel``, as :func:`~.events.read_events` gives) on ``engine``.

    ``funnel_steps`` makes the funnel the ordered funnel of those activities (JE121 for one the log lacks);
    ``waits`` (``first`` or ``direct``) picks the wait the funnel shows; ``filters`` records what
    :func:`~.discovery_filters.filter_events` kept (shown in the JSON)."""
    with engine.cached(ordered_steps(events)) as steps:
        found = _discover(steps, engine, source, top)
        path = found.main_path
        if funnel_steps:
            check_funnel_steps(funnel_steps, [a.activity for a in found.activities], filters or {})
            path = tuple(funnel_steps)
        ends = [a for a in list(found.end_activities)[:TIMED_OUTCOMES] if path and a != path[0]]
        pairs = [] if funnel_steps else list(itertools.pairwise(path))
        pairs += [(path[0], end) for end in ends]
        first = {k: w.median_seconds for k, w in first_waits(steps, engine, pairs).items()}
        to_outcome = {end: first.get((path[0], end)) for end in ends}
        reached = None
        if funnel_steps:
            counts = ordered_funnel_counts(steps, engine, path)
            reached = [c.cases for c in counts]
            first.update(
                {(a, c.activity): c.median_seconds_from_previous for a, c in zip(path, counts[1:], strict=False)}
            )
        steps_of_funnel = funnel(
            path, found.activities, found.directly_follows, first=first, waits=waits, reached=reached
        )
    return dataclasses.replace(
        found,
        funnel=steps_of_funnel,
        funnel_rule=ORDERED_FUNNEL_RULE if funnel_steps else MAIN_PATH_FUNNEL_RULE,
        waits=waits,
        filters=dict(filters or {}),
        outcome_waits=to_outcome,
    )


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
        funnel=(),
        median_case_seconds=median_case,
        first_time=totals["first"],
        last_time=totals["last"],
        has_channel=has_channel,
        source=source,
    )


def _flows(steps: ir.Table, engine: Engine) -> tuple[Flow, ...]:
    pairs = steps.filter(steps[_NEXT].notnull())
    grouped = pairs.group_by([pairs[ACTIVITY], pairs[_NEXT]]).aggregate(
        count=pairs.count(), median_seconds=pairs[_GAP].median()
    )
    # the distinct cases per edge, a query of its own (a DISTINCT aggregate slows the others down on DuckDB)
    distinct = pairs.select(ACTIVITY, _NEXT, CASE).distinct()
    per_case = distinct.group_by([distinct[ACTIVITY], distinct[_NEXT]]).aggregate(cases=distinct.count())
    cases = {(row[ACTIVITY], row[_NEXT]): int(row["cases"]) for row in engine.rows(per_case)}
    flows = [
        Flow(
            row[ACTIVITY],
            row[_NEXT],
            int(row["count"]),
            _seconds(row["median_seconds"]),
            cases[(row[ACTIVITY], row[_NEXT])],
        )
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
