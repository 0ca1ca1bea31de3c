"""The names file of ``journeymap discover --names MAPPING.yaml``: names for the steps of a discovered journey
and the stages that group them, for the draft map.

.. code-block:: yaml

    activities:                       # activity in the log → the step's name on the map
      A_SUBMITTED: Submit application
      A_DECLINED: Application declined
    stages:                           # stage name → its activities, in journey order; stages in this order
      Apply: [A_SUBMITTED, A_PARTLYSUBMITTED]
      Decide: [A_PREACCEPTED, A_ACCEPTED]

Both parts are optional. Every activity named must be one of the log's (before any filter), else JE122 at its
line and column, with "did you mean"; an activity in two stages is JE122 too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, ProblemsError
from ..model import did_you_mean

__all__ = ["StepNames", "read_step_names"]


@dataclass(frozen=True)
class StepNames:
    """Step names by activity, and the stages (name, activities) in order."""

    activities: Mapping[str, str] = field(default_factory=dict)
    stages: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def name(self, activity: str) -> str:
        return self.activities.get(activity, activity)

    def stage_of(self, activity: str) -> str | None:
        return next((stage for stage, members in self.stages if activity in members), None)


def read_step_names(path: str | Path, known: Sequence[str]) -> StepNames:
    """The names file at ``path``, checked against ``known`` (the log's activities). Raises
    :class:`ProblemsError` (JE122, located) for a wrong shape or an activity the log does not have."""
    from ..files.document import read_document

    doc = read_document(Path(path))
    tree = doc.tree
    hint = "write 'activities: {CODE: Name}' and 'stages: {Stage: [CODE, …]}'"
    if not isinstance(tree, dict):
        raise ProblemsError([Problem("JE122", doc.where(()), "a names file is a YAML mapping", hint)])
    problems = [
        Problem("JE122", doc.where((key,)), f"unknown key {key!r}", f"{did_you_mean(str(key), _KEYS)}; {hint}")
        for key in tree
        if key not in _KEYS
    ]
    names = _activities(doc, tree.get("activities") or {}, known, problems)
    stages = _stages(doc, tree.get("stages") or {}, known, problems)
    if problems:
        raise ProblemsError(problems)
    return StepNames(names, stages)


_KEYS = ("activities", "stages")


def _check_activity(doc: Any, loc: tuple[str | int, ...], activity: Any, known: Sequence[str]) -> Problem | None:
    if not isinstance(activity, str) or not activity:
        return Problem("JE122", doc.where(loc), f"{activity!r} is not an activity name", "write the name as text")
    if activity in known:
        return None
    shown = ", ".join(repr(n) for n in sorted(known)[:12]) + (" …" if len(known) > 12 else "")
    hint = f"{did_you_mean(activity, known)}; activities of the log: {shown}"
    return Problem("JE122", doc.where(loc), f"no activity {activity!r} in the log", hint)


def _activities(doc: Any, part: Any, known: Sequence[str], problems: list[Problem]) -> dict[str, str]:
    if not isinstance(part, dict):
        problems.append(Problem("JE122", doc.where(("activities",)), "'activities' maps activity → step name"))
        return {}
    names: dict[str, str] = {}
    for activity, name in part.items():
        problem = _check_activity(doc, ("activities", activity), activity, known)
        if problem is None and (not isinstance(name, str) or not name.strip()):
            problem = Problem("JE122", doc.where(("activities", activity)), f"{activity!r}: the name is not text")
        if problem is not None:
            problems.append(problem)
        else:
            names[activity] = name.strip()
    return names


def _stages(
    doc: Any, part: Any, known: Sequence[str], problems: list[Problem]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(part, dict):
        problems.append(Problem("JE122", doc.where(("stages",)), "'stages' maps a stage name → its activities"))
        return ()
    stages: list[tuple[str, tuple[str, ...]]] = []
    seen: dict[str, str] = {}
    for stage, members in part.items():
        if not isinstance(members, list):
            message = f"stage {stage!r}: give its activities as a list"
            problems.append(Problem("JE122", doc.where(("stages", stage)), message, "e.g. Apply: [A_SUBMITTED]"))
            continue
        kept: list[str] = []
        for index, activity in enumerate(members):
            loc = ("stages", stage, index)
            problem = _check_activity(doc, loc, activity, known)
            if problem is None and activity in seen:
                message = f"{activity!r} is in stage {seen[activity]!r} already"
                problem = Problem("JE122", doc.where(loc), message, "put each activity in one stage")
            if problem is not None:
                problems.append(problem)
                continue
            seen[activity] = str(stage)
            kept.append(activity)
        stages.append((str(stage), tuple(kept)))
    return tuple(stages)
