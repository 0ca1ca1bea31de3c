"""The references of a workspace's initiatives, checked like all references: a map, persona, opportunity,
source or evidence file that does not exist is a located problem (JM202 for an unknown id, JM303 for a missing
file, JM304 for a file outside the workspace)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import Problem, Severity
from ..model import Map, Workspace
from ..model.enums import MapState, MapType
from ..model.initiative import Initiative
from ..model.references import did_you_mean
from .document import Document

__all__ = ["initiative_problems"]

Loc = tuple[str | int, ...]


def initiative_problems(
    workspace: Workspace, root: Path, doc: Document, maps: Sequence[Map], personas: Sequence[str]
) -> list[Problem]:
    """Every problem with the references of ``workspace.initiatives``, located in the workspace file."""
    problems: list[Problem] = []
    by_id = {m.id: m for m in maps}
    sources = [s.name for s in workspace.sources]
    for index, initiative in enumerate(workspace.initiatives):
        base: Loc = ("initiatives", index)
        for loc, kind, value, known in _id_references(initiative, by_id, personas, sources):
            if value not in known:
                message = f"unknown {kind} {value!r}"
                problems.append(Problem("JM202", doc.where((*base, *loc)), message, did_you_mean(value, known)))
        problems.extend(_file_problems(initiative, root, doc, base))
        problems.extend(_kind_warnings(initiative, by_id, doc, base))
    return problems


def _id_references(
    initiative: Initiative, maps: dict[str, Map], personas: Sequence[str], sources: Sequence[str]
) -> Iterator[tuple[Loc, str, str, list[str]]]:
    map_ids = list(maps)
    scope = initiative.scope
    if scope.value_chain_map:
        yield ("scope", "value_chain_map"), "map", scope.value_chain_map, map_ids
    if scope.persona:
        yield ("scope", "persona"), "persona", scope.persona, list(personas)
    for name in ("as_is_map", "to_be_map"):
        value = getattr(initiative, name)
        if value:
            yield (name,), "map", value, map_ids
    for i, activity in enumerate(initiative.research):
        for j, source in enumerate(activity.sources):
            yield ("research", i, "sources", j), "source", source, list(sources)
    for i, ref in enumerate(initiative.opportunities):
        yield ("opportunities", i, "map"), "map", ref.map, map_ids
        target = maps.get(ref.map)
        if target is not None:
            known = [o.id for o in target.opportunities]
            yield ("opportunities", i, "opportunity"), f"opportunity of {ref.map!r}", ref.opportunity, known
    taken = [ref.opportunity for ref in initiative.opportunities]
    options = [o.id for o in initiative.options]
    for i, answer in enumerate(initiative.options):
        for j, opportunity in enumerate(answer.opportunities):
            yield ("options", i, "opportunities", j), "opportunity of the initiative", opportunity, taken
    for i, experiment in enumerate(initiative.experiments):
        yield ("experiments", i, "option"), "option", experiment.option, options
        option = next((o for o in initiative.options if o.id == experiment.option), None)
        if option is not None and experiment.hypothesis:
            known = [h.id for h in option.hypotheses]
            yield ("experiments", i, "hypothesis"), f"hypothesis of option {option.id!r}", experiment.hypothesis, known


def _file_problems(initiative: Initiative, root: Path, doc: Document, base: Loc) -> Iterator[Problem]:
    for i, activity in enumerate(initiative.research):
        for j, name in enumerate(activity.evidence):
            where = doc.where((*base, "research", i, "evidence", j))
            target = root / name
            if not _inside(target, root):
                hint = "evidence files live in the workspace: copy the file into it and give a path relative to it"
                yield Problem("JM304", where, f"{name!r} is outside the workspace folder", hint)
            elif not target.is_file():
                yield Problem("JM303", where, f"no file {name!r} in the workspace", "check the path")


def _kind_warnings(initiative: Initiative, maps: dict[str, Map], doc: Document, base: Loc) -> Iterator[Problem]:
    """A reference to a map of the wrong kind is a warning: the method reads it, but the stage is not done."""
    expected = (
        ("scope", "value_chain_map", "an ecosystem-map"),
        ("", "as_is_map", "an as-is map"),
        ("", "to_be_map", "a to-be map"),
    )
    for part, name, wanted in expected:
        value = getattr(initiative.scope if part else initiative, name)
        target = maps.get(value) if value else None
        if target is not None and not _fits(name, target):
            loc = (*base, part, name) if part else (*base, name)
            message = f"map {value!r} is not {wanted}"
            yield Problem("JM207", doc.where(loc), message, f"name {wanted} here", Severity.WARNING)


def _fits(name: str, target: Map) -> bool:
    if name == "value_chain_map":
        return target.type is MapType.ECOSYSTEM_MAP
    return target.state is (MapState.AS_IS if name == "as_is_map" else MapState.TO_BE)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False
