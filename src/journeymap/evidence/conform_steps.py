"""Which activities of an event log mean which step of a map (for ``journeymap conform``).

Two ways:

* **a mapping file** (``--steps MAPPING.yaml``): ``step-id: [activity, …]`` (one activity may be written
  without the brackets). Every key must be a step id of the map and every activity an activity of the log;
  an activity belongs to one step only. Steps the file leaves out are linked to nothing.
* **by name** (no file): an activity is linked to the first step, in map order, whose **name** or **id** reads
  the same; failing that, to the step of the first **touchpoint** whose name reads the same. "Reads the same"
  ignores case, hyphens, underscores, slashes and repeated spaces (``Agreement-in-principle`` =
  ``agreement in principle``).

Problems (each a :class:`~journeymap.errors.Problem`; errors stop the command with exit code 1):

======  ==================================================================================================
JE140   the mapping file is not a mapping of step ids to lists of activity names
JE141   a step id the map does not have (with "did you mean")
JE142   an activity the log does not have (with "did you mean")
JE143   an activity listed under two steps
JE144   warning: steps linked to no activity (they are left out of the comparison), listed
JE145   no step of the map is linked to any activity of the log
======  ==================================================================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, ProblemsError, Severity
from ..model import did_you_mean

if TYPE_CHECKING:
    from ..model import Map

__all__ = [
    "StepLink", "StepLinks", "link_by_name", "link_steps", "name_key", "read_step_mapping", "step_mapping_beside",
]  # fmt: skip


@dataclass(frozen=True)
class StepLink:
    """A step of the map (in map order) and the activities of the log that mean it; ``by`` says how they were
    found: ``mapping``, ``step name``, ``step id`` or ``touchpoint``."""

    step: str
    name: str
    activities: tuple[str, ...]
    by: tuple[str, ...] = ()

    @property
    def linked(self) -> bool:
        return bool(self.activities)


@dataclass(frozen=True)
class StepLinks:
    """Every step of the map, in order, with its activities, and the warnings found linking them."""

    steps: tuple[StepLink, ...]
    warnings: tuple[Problem, ...]
    how: str
    """``by name`` or ``mapping FILE``."""

    @property
    def linked(self) -> tuple[StepLink, ...]:
        return tuple(s for s in self.steps if s.linked)

    @property
    def unlinked(self) -> tuple[StepLink, ...]:
        return tuple(s for s in self.steps if not s.linked)

    def activity_steps(self) -> dict[str, int]:
        """activity → index of its step among the linked steps (0-based, map order)."""
        return {activity: i for i, link in enumerate(self.linked) for activity in link.activities}


def name_key(text: str) -> str:
    """A name as compared: case, hyphens, underscores, slashes and repeated spaces ignored."""
    return " ".join(re.sub(r"[-_/]+", " ", text).casefold().split())


def link_by_name(journey_map: Map, activities: Sequence[str], where: str = "the map") -> StepLinks:
    """The steps linked to the activities whose names read the same as a step's name or id, or as the name of one
    of its touchpoints (see the module docstring)."""
    steps = journey_map.steps
    by_step: dict[str, list[tuple[str, str]]] = {s.id: [] for s in steps}
    for activity in sorted(activities):
        key = name_key(activity)
        found = next((s.id for s in steps if name_key(s.name) == key), None)
        how = "step name"
        if found is None:
            found, how = next((s.id for s in steps if name_key(s.id) == key), None), "step id"
        if found is None:
            known = {s.id for s in steps}
            found = next((t.step for t in journey_map.touchpoints if t.step in known and name_key(t.name) == key), None)
            how = "touchpoint"
        if found is not None:
            by_step[found].append((activity, how))
    links = tuple(
        StepLink(s.id, s.name, tuple(a for a, _ in by_step[s.id]), tuple(h for _, h in by_step[s.id])) for s in steps
    )
    return _checked(links, "by name", where, "write a mapping file (--steps MAPPING.yaml: 'step-id: [activity, …]')")


def read_step_mapping(path: Path, journey_map: Map, activities: Sequence[str]) -> StepLinks:
    """The steps linked by the mapping file at ``path``; :class:`ProblemsError` naming each bad key or activity
    with its line and column."""
    from ..files.document import read_document

    doc = read_document(path)
    tree = doc.tree
    if not isinstance(tree, dict) or not tree:
        hint = "write one line per step: 'step-id: [activity, …]'"
        raise ProblemsError([Problem("JE140", doc.where(()), "a step mapping is a YAML mapping of step ids", hint)])
    step_ids = [s.id for s in journey_map.steps]
    known = set(activities)
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    chosen: dict[str, list[str]] = {}
    for key, value in tree.items():
        if key not in step_ids:
            problems.append(Problem("JE141", doc.where((key,)), f"the map has no step {key!r}", _hint(key, step_ids)))
            continue
        for index, activity in _items(value):
            where = doc.where((key, index) if index >= 0 else (key,))
            if not isinstance(activity, str) or not activity.strip():
                problems.append(Problem("JE140", where, f"step {key!r}: give activity names (text)", _SHAPE))
            elif activity not in known:
                message = f"step {key!r}: the log has no activity {activity!r}"
                problems.append(Problem("JE142", where, message, _hint(activity, sorted(known))))
            elif activity in owner and owner[activity] != key:
                message = f"activity {activity!r} is listed under {owner[activity]!r} and {key!r}"
                problems.append(Problem("JE143", where, message, "an activity means one step: keep it under one"))
            else:
                owner[activity] = key
                chosen.setdefault(key, []).append(activity)
    if problems:
        raise ProblemsError(problems)
    links = tuple(
        StepLink(s.id, s.name, tuple(dict.fromkeys(chosen.get(s.id, []))), ("mapping",) * len(chosen.get(s.id, [])))
        for s in journey_map.steps
    )
    return _checked(links, f"by the mapping file {path.name}", str(path), "list activities for the map's steps")


def link_steps(journey_map: Map, activities: Sequence[str], mapping: Path | None, where: str = "the map") -> StepLinks:
    """By the mapping file when there is one, else by name (``where`` names the map in warnings)."""
    if mapping is not None:
        return read_step_mapping(mapping, journey_map, activities)
    return link_by_name(journey_map, activities, where)


_SHAPE = "write 'step-id: [activity, …]'"


def _hint(word: str, choices: Sequence[str]) -> str:
    return did_you_mean(word, choices)


def _items(value: Any) -> list[tuple[int, Any]]:
    """The activities under a key: a list, or one name alone (index -1: the key's own position)."""
    if isinstance(value, list):
        return list(enumerate(value))
    return [(-1, value)]


def _checked(links: tuple[StepLink, ...], how: str, where: str, hint: str) -> StepLinks:
    if not any(link.linked for link in links):
        message = "no step of the map is linked to an activity of the event log"
        raise ProblemsError([Problem("JE145", where, message, hint)])
    unlinked = [link.step for link in links if not link.linked]
    warnings: list[Problem] = []
    if unlinked:
        shown = ", ".join(unlinked[:12]) + (f" and {len(unlinked) - 12} more" if len(unlinked) > 12 else "")
        message = f"{len(unlinked)} step{'s' if len(unlinked) != 1 else ''} linked to no activity (left out): {shown}"
        warnings.append(Problem("JE144", where, message, hint, severity=Severity.WARNING))
    return StepLinks(links, tuple(warnings), how)


_LOG_SUFFIXES = (".xes.gz", ".csv", ".tsv", ".txt", ".parquet", ".pq", ".xes")


def step_mapping_beside(log: Path) -> Path | None:
    """The step mapping kept beside an event log, which the studio uses (the command line takes ``--steps``):
    ``NAME.steps.yaml`` for ``NAME.csv``, or ``BASE-steps.yaml`` for ``BASE-events.csv`` (as the home-loan
    example's ``applications-steps.yaml`` beside ``applications-events.csv``); ``None`` when there is neither."""
    name = log.name
    stem = next((name[: -len(s)] for s in _LOG_SUFFIXES if name.lower().endswith(s)), log.stem)
    candidates = [log.with_name(f"{stem}.steps.yaml")]
    for tail in ("-events", "_events"):
        if stem.endswith(tail):
            candidates.append(log.with_name(f"{stem.removesuffix(tail)}-steps.yaml"))
    return next((c for c in candidates if c.is_file()), None)
