"""What discovery looks at: the activities kept (``--include`` / ``--exclude``) and one event per step when the
log records lifecycle transitions (``--lifecycle-keep``). Both are applied to the events before anything else.

* **Activity filters.** A pattern is an exact activity name, or a glob when it holds ``*``, ``?`` or ``[``
  (``W_*``, ``A_*``, ``*call*``; case-sensitive, as activity names are). With ``include`` patterns only the
  activities matching at least one are kept; then those matching an ``exclude`` pattern are dropped. A pattern
  that matches no activity of the log is an error (JE120, with "did you mean"), not a silent empty result.
* **Lifecycle.** When the log has a lifecycle column (XES ``lifecycle:transition``; a CSV column named lifecycle,
  lifecycle:transition or event_type; or ``--lifecycle COL``), the start and the complete event of one activity
  are one step:

  - ``complete`` (the default) keeps the events whose transition is ``complete`` (any case) or empty; schedule,
    start, suspend, withdraw … events are dropped. A step happens when it is done; waits run from done to done.
  - ``start`` keeps the ``start`` events of the activities that have any, and the complete (or empty) events of
    the activities that never start (in BPIC 2012, the application states and offers): a step happens when work
    on it begins; waits run to the beginning of the work.
  - ``all`` keeps every event (start and complete count as two events of the same activity, as without a
    lifecycle column).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..errors import Problem, ProblemsError
from ..model import did_you_mean
from .engine import Engine
from .event_columns import ACTIVITY, LIFECYCLE

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["LIFECYCLE_KEEP", "EventFilter", "LifecycleKeep", "filter_events", "select_activities"]

LifecycleKeep = Literal["complete", "start", "all"]
LIFECYCLE_KEEP: tuple[LifecycleKeep, ...] = ("complete", "start", "all")
_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class EventFilter:
    """The activity patterns and the lifecycle rule (see the module docstring)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lifecycle_keep: LifecycleKeep = "complete"

    def to_json(self) -> dict[str, Any]:
        return {"include": list(self.include), "exclude": list(self.exclude), "lifecycle_keep": self.lifecycle_keep}


def _matches(pattern: str, name: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern) if _GLOB & set(pattern) else name == pattern


def select_activities(names: Sequence[str], include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """The activities of ``names`` kept by the patterns (see the module docstring); raises JE120 for a pattern
    that is empty or matches no activity, and when nothing is left."""
    problems: list[Problem] = []
    for option, patterns in (("--include", include), ("--exclude", exclude)):
        for pattern in patterns:
            if not pattern.strip():
                problems.append(Problem("JE120", option, "an empty activity pattern", "give a name or a glob: 'A_*'"))
            elif not any(_matches(pattern, n) for n in names):
                shown = ", ".join(repr(n) for n in sorted(names)[:12]) + (" …" if len(names) > 12 else "")
                hint = f"{did_you_mean(pattern, names)}; activities of the log: {shown}"
                message = f"{pattern!r} matches no activity of the log"
                problems.append(Problem("JE120", f"{option} {pattern}", message, hint))
    if problems:
        raise ProblemsError(problems)
    kept = [n for n in names if not include or any(_matches(p, n) for p in include)]
    kept = [n for n in kept if not any(_matches(p, n) for p in exclude)]
    if not kept:
        hint = "the --exclude patterns remove every activity the --include patterns keep"
        raise ProblemsError([Problem("JE120", "--exclude", "no activity is left to discover", hint)])
    return kept


def filter_events(
    events: ir.Table, engine: Engine, rule: EventFilter, *, names_needed: bool = False
) -> tuple[ir.Table, dict[str, Any], list[str]]:
    """``events`` with the activity filters and the lifecycle rule applied; what was done, as plain data
    (``events_read``, ``events_kept``, ``activities_excluded`` (names), ``lifecycle`` (the rule applied, ``None``
    without a lifecycle column) and the rule); and the activities of the log before the filters.

    When nothing filters and the names are not needed, no query runs: the events are returned as they are, with
    ``events_read`` and ``events_kept`` ``None`` (the discovery counts them anyway) and no names."""
    table = events
    summary: dict[str, Any] = {**rule.to_json(), "activities_excluded": [], "lifecycle": None}
    if not (rule.include or rule.exclude or names_needed or LIFECYCLE in events.columns):
        return table, {**summary, "events_read": None, "events_kept": None}, []
    counted = engine.rows(events.group_by(events[ACTIVITY]).aggregate(n=events.count()))
    names = sorted(str(row[ACTIVITY]) for row in counted)
    read = sum(int(row["n"]) for row in counted)
    if rule.include or rule.exclude:
        kept = select_activities(names, rule.include, rule.exclude)
        summary["activities_excluded"] = [n for n in names if n not in set(kept)]
        if len(kept) < len(names):
            table = table.filter(table[ACTIVITY].isin(kept))
    if LIFECYCLE in table.columns:
        summary["lifecycle"] = rule.lifecycle_keep
        table = _lifecycle(table, engine, rule.lifecycle_keep)
    kept_events = int(engine.scalar(table.count())) if table is not events else read
    summary.update(events_read=read, events_kept=kept_events)
    if kept_events == 0:
        hint = "try --lifecycle-keep all, or check the --include patterns"
        raise ProblemsError([Problem("JE120", "--lifecycle-keep", "no event is left to discover", hint)])
    return table, summary, names


def _lifecycle(table: ir.Table, engine: Engine, keep: LifecycleKeep) -> ir.Table:
    if keep == "all":
        return table
    transition = table[LIFECYCLE].strip().lower()
    done = transition.isnull() | (transition == "") | (transition == "complete")
    if keep == "complete":
        return table.filter(done)
    started = table.filter(transition == "start")
    with_start = [str(row[ACTIVITY]) for row in engine.rows(started.select(ACTIVITY).distinct())]
    if not with_start:
        return table.filter(done)
    return table.filter((transition == "start") | (done & ~table[ACTIVITY].isin(with_start)))
