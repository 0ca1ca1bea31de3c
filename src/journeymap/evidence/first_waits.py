"""Waits between the first occurrences of two steps, and the ordered funnel of steps a user chooses.

The rules (each checked against a pandas reading of them in the tests):

* The **first-occurrence wait** from *A* to *B* is, in each case that has both and whose first *B* comes after
  its first *A* (by position in the case: time, then file order), the time from the first *A* to the first *B*;
  the figure is the median over those cases. It answers "how long after applying are people approved", where
  the directly-follows gap answers "how long between two events that happen to be adjacent" (often seconds,
  when a system writes several events at once).
* The **ordered funnel** of steps *S1, …, Sk* counts, at step *j*, the cases that reach *S1*, then *S2* after it,
  …, then *Sj* after that — like the funnels of analytics suites. Each case is matched greedily: *S1* at its first
  occurrence, each next step at its first occurrence after the step matched before (the earliest match, so a case
  counts whenever the steps occur in that order at all). The wait of step *j* is the median, over the cases that
  reach it, of the time from the matched *S(j−1)* to the matched *Sj* — for the first two steps exactly the
  first-occurrence wait (first *S1* → first *S2* after it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Problem, ProblemsError
from ..model import did_you_mean
from .case_steps import POSITION, seconds
from .engine import Engine
from .event_columns import ACTIVITY, CASE, TIME

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "DIRECT_WAIT_LABEL",
    "FIRST_WAIT_LABEL",
    "FunnelCount",
    "Wait",
    "check_funnel_steps",
    "first_waits",
    "ordered_funnel_counts",
]

FIRST_WAIT_LABEL = "median wait (first A → first B)"
DIRECT_WAIT_LABEL = "median gap of the direct transition (A immediately followed by B)"


@dataclass(frozen=True)
class Wait:
    """The first-occurrence wait from ``source`` to ``target``: ``cases`` have both, target after source."""

    source: str
    target: str
    cases: int
    median_seconds: float | None


@dataclass(frozen=True)
class FunnelCount:
    """A step of an ordered funnel: the cases reaching it in order, and the median wait from the step before."""

    activity: str
    cases: int
    median_seconds_from_previous: float | None


def _firsts(steps: ir.Table, activity: str) -> ir.Table:
    """Per case, the position and time of the first event of ``activity``."""
    chosen = steps.filter(steps[ACTIVITY] == activity)
    return chosen.group_by(chosen[CASE]).aggregate(pos=chosen[POSITION].min(), at=chosen[TIME].min())


def first_waits(steps: ir.Table, engine: Engine, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Wait]:
    """The first-occurrence waits of ``pairs`` (see the module docstring), in one query over ``steps``
    (:func:`~.case_steps.ordered_steps`)."""
    import ibis

    wanted = list(dict.fromkeys(pairs))
    if not wanted:
        return {}
    parts = []
    for source, target in wanted:
        a, b = _firsts(steps, source), _firsts(steps, target)
        joined = a.join(b, a[CASE] == b[CASE], rname="{name}_b")
        later = joined.filter(joined["pos_b"] > joined["pos"])
        gap = later["at_b"].delta(later["at"], unit="microsecond") / 1_000_000
        parts.append(
            later.aggregate(
                source=ibis.literal(source), target=ibis.literal(target), cases=later.count(), median=gap.median()
            )
        )
    union = parts[0] if len(parts) == 1 else ibis.union(*parts)
    found: dict[tuple[str, str], Wait] = {}
    for row in engine.rows(union):
        key = (row["source"], row["target"])
        found[key] = Wait(key[0], key[1], int(row["cases"] or 0), seconds(row["median"]))
    for source, target in wanted:
        found.setdefault((source, target), Wait(source, target, 0, None))
    return found


def ordered_funnel_counts(steps: ir.Table, engine: Engine, activities: Sequence[str]) -> list[FunnelCount]:
    """The ordered funnel of ``activities`` (see the module docstring): per step, the cases reaching it in order
    and the median wait from the step matched before. Each step's matches are cached: the next step reads them."""
    counts: list[FunnelCount] = []
    if not activities:
        return counts
    with ExitStack() as stack:
        matched = stack.enter_context(engine.cached(_firsts(steps, activities[0])))
        [row] = engine.rows(matched.aggregate(cases=matched.count()))
        counts.append(FunnelCount(activities[0], int(row["cases"] or 0), None))
        for activity in activities[1:]:
            chosen = steps.filter(steps[ACTIVITY] == activity)
            joined = chosen.join(matched, chosen[CASE] == matched[CASE], rname="{name}_prev")
            later = joined.filter(joined[POSITION] > joined["pos"])
            following = later.group_by(later[CASE]).aggregate(
                pos=later[POSITION].min(), at=later[TIME].min(), before=later["at"].max()
            )
            matched = stack.enter_context(engine.cached(following))
            gap = matched["at"].delta(matched["before"], unit="microsecond") / 1_000_000
            [row] = engine.rows(matched.aggregate(cases=matched.count(), median=gap.median()))
            counts.append(FunnelCount(activity, int(row["cases"] or 0), seconds(row["median"])))
    return counts


def check_funnel_steps(steps: Sequence[str], names: Sequence[str], filters: Mapping[str, Any]) -> None:
    """JE121 for each funnel step that is not one of ``names`` (the activities of the filtered log), with
    "did you mean" (or a word that the filters left it out), and for a step named twice."""
    excluded = set(filters.get("activities_excluded", ()))
    problems = []
    for number, step in enumerate(steps, start=1):
        if step in names:
            continue
        hint = "the --include / --exclude patterns leave it out" if step in excluded else did_you_mean(step, names)
        where = f"--funnel step {number}"
        problems.append(Problem("JE121", where, f"no activity {step!r} in the log", hint))
    if len(set(steps)) < len(steps):
        problems.append(Problem("JE121", "--funnel", "a step is named twice", "name each step once"))
    if problems:
        raise ProblemsError(problems)
