"""Planned vs actual: how the cases of an event log follow the steps of a map (``journeymap conform``).

The steps of the map are linked to the activities that mean them (:mod:`.conform_steps`); only **linked** steps
take part, in map order: step 1 … step *m*. Every rule below is stated in docs/conform.md as well.

* Events of a case are ordered by time, then by position in the file (``__order``), as in discovery. Events
  whose activity is linked to no step are left out.
* A **pass** of a step is a run of consecutive (linked) events of that step in a case: "rate page, adviser chat"
  (both *Compare rates*) is one pass; two passes of a step have another step's event between them.
* ``cases`` of step *k*: cases with at least one event of the step; ``share`` = cases / all cases of the log.
* ``dropoff`` of step *k* (not the last): cases that reach *k* and have no event of a later step after their
  first event of *k*: they leave the mapped journey there. The last step has none (``None``).
* ``median_to_next_s`` of step *k*: over the cases whose first event of step *k + 1* comes after their first
  event of step *k*, the median of the seconds between those two first events (``None`` when there is none).
* ``skipped``: cases that reach a later step without any event of step *k*.
* ``repeated``: cases with two passes of step *k* or more.
* ``out_of_order``: cases with an event of step *k* after their first event of a later step.
* A case is **in order** when its passes go forward only (each pass's step is later than the one before);
  it **conforms** when its passes are exactly steps 1, 2, …, *j* for some *j* ≥ 1: in order, nothing skipped,
  nothing repeated (stopping early is drop-off, not a deviation). ``conforming_share`` and ``in_order_share``
  are shares of all cases of the log (a case with no linked event neither conforms nor is in order).
* **Deviations**, each counted in cases: "skips *X*" (= ``skipped`` of *X*), "back to *X* after *Y*" (a pass of
  *X* right after a pass of the later step *Y*) and "no step of the map" (a case with no linked event). Every
  case that does not conform has at least one; a conforming case has none.

Everything is computed by Ibis expressions on the engine: one window pass marks the passes of every case; the
passes and the per-case, per-step summary are cached in the backend; each figure is an aggregate over them, and
only per-step rows come back to Python, so memory stays bounded by the backend, not by the log.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .conform_steps import StepLink, StepLinks
from .engine import ORDER, Engine
from .events import ACTIVITY, CASE, TIME

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..errors import Problem
    from ..model import Map
    from .engine import EngineConfig

__all__ = ["Conformance", "Deviation", "StepConformance", "conform", "conform_log", "log_activities"]

_STEP, _PREV, _POS = "__step", "__previous_step", "__pass"


@dataclass(frozen=True)
class StepConformance:
    """The figures of one linked step (see the module docstring for each rule)."""

    step: str
    name: str
    activities: tuple[str, ...]
    cases: int
    share: float
    dropoff: int | None
    median_to_next_s: float | None
    skipped: int
    repeated: int
    out_of_order: int
    next_step: str | None = None

    @property
    def dropoff_share(self) -> float | None:
        """Drop-off as a share of the cases reaching the step."""
        if self.dropoff is None or not self.cases:
            return None
        return self.dropoff / self.cases

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "name": self.name,
            "activities": list(self.activities),
            "cases": self.cases,
            "share": round(self.share, 6),
            "dropoff": self.dropoff,
            "median_to_next_s": self.median_to_next_s,
            "skipped": self.skipped,
            "repeated": self.repeated,
            "out_of_order": self.out_of_order,
            "next_step": self.next_step,
        }


@dataclass(frozen=True)
class Deviation:
    """A way cases depart from the mapped order: ``kind`` is ``skip`` (``steps`` = the skipped step), ``back``
    (``steps`` = from the later step, back to the earlier one) or ``none`` (no linked event)."""

    kind: str
    steps: tuple[str, ...]
    label: str
    cases: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "steps": list(self.steps), "label": self.label, "cases": self.cases}


@dataclass(frozen=True)
class Conformance:
    """What an event log says about how customers follow a map."""

    cases: int
    events: int
    steps: tuple[StepConformance, ...]
    unlinked: tuple[StepLink, ...]
    conforming: int
    in_order: int
    mapped_cases: int
    deviations: tuple[Deviation, ...]
    unmapped_activities: tuple[tuple[str, int], ...] = ()
    warnings: tuple[Problem, ...] = ()
    linked_by: str = "by name"
    source: str = ""
    map_id: str = ""
    map_title: str = ""
    rules: str = field(default="see docs/conform.md")

    @property
    def conforming_share(self) -> float:
        return self.conforming / self.cases if self.cases else 0.0

    @property
    def in_order_share(self) -> float:
        return self.in_order / self.cases if self.cases else 0.0

    def step(self, step_id: str) -> StepConformance | None:
        return next((s for s in self.steps if s.step == step_id), None)

    def to_json(self) -> dict[str, Any]:
        """Plain data: ``steps: [{step, cases, share, dropoff, median_to_next_s, skipped, repeated, out_of_order,
        …}]``, ``conforming_share``, ``deviations`` and the rest."""
        return {
            "map": self.map_id,
            "log": self.source,
            "linked_by": self.linked_by,
            "cases": self.cases,
            "events": self.events,
            "mapped_cases": self.mapped_cases,
            "conforming": self.conforming,
            "conforming_share": round(self.conforming_share, 6),
            "in_order": self.in_order,
            "in_order_share": round(self.in_order_share, 6),
            "steps": [s.to_json() for s in self.steps],
            "unlinked_steps": [s.step for s in self.unlinked],
            "deviations": [d.to_json() for d in self.deviations],
            "unmapped_activities": dict(self.unmapped_activities),
            "warnings": [p.to_dict() for p in self.warnings],
        }


def log_activities(events: ir.Table, engine: Engine) -> dict[str, int]:
    """Every activity of the log with its number of events (most first)."""
    grouped = events.group_by(events[ACTIVITY]).aggregate(events=events.count())
    rows = sorted(engine.rows(grouped), key=lambda r: (-int(r["events"]), str(r[ACTIVITY])))
    return {str(row[ACTIVITY]): int(row["events"]) for row in rows}


def conform(
    events: ir.Table,
    engine: Engine,
    links: StepLinks,
    *,
    activities: dict[str, int] | None = None,
    source: str = "",
    map_id: str = "",
    map_title: str = "",
) -> Conformance:
    """Compare the cases of ``events`` (as :func:`~.events.read_events` gives them) with the linked steps."""
    counts = activities if activities is not None else log_activities(events, engine)
    linked = links.linked
    by_activity = links.activity_steps()
    cases = int(engine.scalar(events[CASE].nunique()) or 0)
    with ExitStack() as stack:
        passes = stack.enter_context(engine.cached(_passes(events, by_activity)))
        per_step = stack.enter_context(engine.cached(_case_steps(passes)))
        tops, in_order, conforming = _case_figures(passes, engine)
        steps = _step_figures(per_step, engine, linked, cases, tops)
        backs = _backs(passes, engine)
    mapped = sum(tops.values())
    return Conformance(
        cases=cases,
        events=sum(counts.values()),
        steps=steps,
        unlinked=links.unlinked,
        conforming=conforming,
        in_order=in_order,
        mapped_cases=mapped,
        deviations=_deviations(steps, linked, backs, cases - mapped),
        unmapped_activities=tuple((a, n) for a, n in counts.items() if a not in by_activity),
        warnings=links.warnings,
        linked_by=links.how,
        source=source,
        map_id=map_id,
        map_title=map_title,
    )


# ---- the expressions ---------------------------------------------------------------------------------------------
def _passes(events: ir.Table, by_activity: dict[str, int]) -> ir.Table:
    """The first event of every pass: case, step (index), time, the event's position among the case's linked
    events (0-based: only its order matters, so one window gives it with the step before) and the step of the
    pass before (null for the first). The steps are a ``CASE`` over the activity (no table to join: the engine
    builds none from Python rows, which would load pandas)."""
    import ibis

    kept = events.filter(events[ACTIVITY].isin(list(by_activity)))
    activity = kept[ACTIVITY]
    step = ibis.cases(*((activity == name, index) for name, index in by_activity.items()), else_=None)
    joined = kept.select(CASE, TIME, ORDER, **{_STEP: step.cast("int64")})
    window = ibis.window(group_by=joined[CASE], order_by=[joined[TIME], joined[ORDER]])
    marked = joined.mutate(**{_PREV: joined[_STEP].lag().over(window), _POS: ibis.row_number().over(window)})
    starts = marked.filter(marked[_PREV].isnull() | (marked[_PREV] != marked[_STEP]))
    return starts.select(CASE, _STEP, TIME, _PREV, _POS)


def _case_steps(passes: ir.Table) -> ir.Table:
    """One row per case and step reached: passes, first and last pass, time of the first event."""
    return passes.group_by([passes[CASE], passes[_STEP]]).aggregate(
        passes=passes.count(),
        first_pass=passes[_POS].min(),
        last_pass=passes[_POS].max(),
        first_time=passes[TIME].min(),
    )


def _step_figures(
    per_step: ir.Table, engine: Engine, linked: tuple[StepLink, ...], cases: int, tops: dict[int, int]
) -> tuple[StepConformance, ...]:
    """The figures of each linked step. ``skipped`` = cases whose latest step is after *k* − cases that reach *k*
    and a later step; ``tops`` gives the cases by their latest step."""
    import ibis

    t = per_step
    ordered = ibis.window(group_by=t[CASE], order_by=t[_STEP])
    later = ibis.window(group_by=t[CASE], order_by=t[_STEP], rows=(1, None))
    enriched = t.mutate(
        next_step=t[_STEP].lead().over(ordered),
        next_pass=t["first_pass"].lead().over(ordered),
        next_time=t["first_time"].lead().over(ordered),
        later_last=t["last_pass"].max().over(later),
        later_first=t["first_pass"].min().over(later),
    )
    e = enriched
    gap = e["next_time"].delta(e["first_time"], unit="microsecond") / 1_000_000
    to_next = (e["next_step"] == e[_STEP] + 1) & (e["next_pass"] > e["first_pass"])
    grouped = e.group_by(e[_STEP]).aggregate(
        cases=e.count(),
        dropoff=e.count(where=e["later_last"].isnull() | (e["later_last"] < e["first_pass"])),
        repeated=e.count(where=e["passes"] >= 2),
        out_of_order=e.count(where=e["later_first"] < e["last_pass"]),
        reaching_later=e.count(where=e["later_last"].notnull()),
        median_to_next=gap.median(where=to_next),
    )
    rows = {int(row[_STEP]): row for row in engine.rows(grouped)}
    found: list[StepConformance] = []
    for index, link in enumerate(linked):
        row = rows.get(index, {})
        reached = int(row.get("cases") or 0)
        last = index == len(linked) - 1
        median = row.get("median_to_next")
        found.append(
            StepConformance(
                step=link.step,
                name=link.name,
                activities=link.activities,
                cases=reached,
                share=reached / cases if cases else 0.0,
                dropoff=None if last else int(row.get("dropoff") or 0),
                median_to_next_s=None if last or median is None else round(float(median), 6),
                skipped=sum(n for top, n in tops.items() if top > index) - int(row.get("reaching_later") or 0),
                repeated=int(row.get("repeated") or 0),
                out_of_order=int(row.get("out_of_order") or 0),
                next_step=None if last else linked[index + 1].step,
            )
        )
    return tuple(found)


def _case_figures(passes: ir.Table, engine: Engine) -> tuple[dict[int, int], int, int]:
    """Cases by their latest step reached, and the cases in order and conforming (module docstring)."""
    p = passes
    per_case = p.group_by(p[CASE]).aggregate(
        passes=p.count(), top=p[_STEP].max(), backs=p.count(where=p[_PREV] > p[_STEP])
    )
    c = per_case
    forward = c["backs"] == 0
    grouped = c.group_by(c["top"]).aggregate(
        cases=c.count(),
        in_order=c.count(where=forward),
        conforming=c.count(where=forward & (c["passes"] == c["top"] + 1)),
    )
    rows = engine.rows(grouped)
    tops = {int(r["top"]): int(r["cases"]) for r in rows}
    return tops, sum(int(r["in_order"]) for r in rows), sum(int(r["conforming"]) for r in rows)


def _backs(passes: ir.Table, engine: Engine) -> dict[tuple[int, int], int]:
    """(later step, earlier step) → cases with a pass of the earlier step right after a pass of the later one."""
    p = passes.filter(passes[_PREV] > passes[_STEP])
    pairs = p.select(CASE, _PREV, _STEP).distinct()
    grouped = pairs.group_by([pairs[_PREV], pairs[_STEP]]).aggregate(cases=pairs.count())
    return {(int(r[_PREV]), int(r[_STEP])): int(r["cases"]) for r in engine.rows(grouped)}


def _deviations(
    steps: tuple[StepConformance, ...], linked: tuple[StepLink, ...], backs: dict[tuple[int, int], int], none: int
) -> tuple[Deviation, ...]:
    found = [Deviation("skip", (s.step,), f"skips {s.name}", s.skipped) for s in steps if s.skipped]
    for (later, earlier), count in backs.items():
        a, b = linked[later], linked[earlier]
        found.append(Deviation("back", (a.step, b.step), f"back to {b.name} after {a.name}", count))
    if none:
        found.append(Deviation("none", (), "no step of the map", none))
    return tuple(sorted(found, key=lambda d: (-d.cases, d.label)))


def conform_log(
    journey_map: Map,
    log: str | Path,
    *,
    steps: str | Path | None = None,
    case: str | None = None,
    activity: str | None = None,
    time: str | None = None,
    engine: EngineConfig | None = None,
    shown: str | None = None,
    map_path: str | None = None,
) -> Conformance:
    """Read the event log at ``log`` (CSV, Parquet, XES), link the map's steps to its activities (by the mapping
    file ``steps``, else by name) and compare; ``shown`` is how the result names the log (its file name),
    ``map_path`` how warnings name the map."""
    from .conform_steps import link_steps
    from .events import read_events

    path = Path(log)
    with Engine(engine) as running:
        events = read_events(path, running, case=case, activity=activity, time=time)
        counts = log_activities(events.table, running)
        mapping = Path(steps) if steps is not None else None
        links = link_steps(journey_map, list(counts), mapping, map_path or journey_map.id)
        return conform(
            events.table, running, links, activities=counts, source=shown or path.name,
            map_id=journey_map.id, map_title=journey_map.title,
        )  # fmt: skip
