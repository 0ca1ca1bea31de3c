"""Evidence in the studio, as a service the routes translate: store an upload and look at it (columns, first rows,
a suggested mapping), apply it (a survey measures the live map, an event log is discovered).

Everything is done by the library (``journeymap.evidence``, ``journeymap.report``) on the DuckDB engine, in a worker
thread, on a temporary copy of the uploaded file; its problems keep the file name the user uploaded, with the line
and column of the bad cell. Errors are the project's (:class:`~journeymap.errors.ProblemsError`,
:class:`~journeymap.errors.NotFoundError`…), never HTTP statuses.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import anyio

from ..errors import JourneymapError, MapFileError, NotFoundError, Problem, ProblemsError
from ..evidence.inspect import EvidenceKind, Inspection, inspect_file, suggest_mapping
from ..evidence.suggest import EventRoles, SurveyMapping
from ..files.dump import model_data
from ..model import Map, MeasuredEmotion
from ..store import evidence as stored
from ..store import repo
from . import evidence_cache

if TYPE_CHECKING:
    from ..evidence.discovery import Discovery
    from ..evidence.engine import Engine
    from ..evidence.survey import SurveySummary
    from ..evidence.survey_spec import SurveySpec
    from ..model import EvidenceSource
    from ..store.evidence import EvidenceInfo, StoredEvidence
    from .services import Studio

__all__ = [
    "EventsApplied",
    "Measured",
    "SurveyApplied",
    "Uploaded",
    "apply_events",
    "apply_survey",
    "discover_file",
    "discover_upload",
    "discovered",
    "disk_name",
    "display_name",
    "engine",
    "event_roles",
    "evidence_entry",
    "evidence_file",
    "evidence_of_map",
    "in_thread",
    "inside_workspace_folder",
    "measured_values",
    "scratch",
    "shown_as",
    "shown_problems",
    "survey_spec_of",
    "upload",
    "workspace_events",
]

T = TypeVar("T")


# --- files ----------------------------------------------------------------------------------------------------


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, without any folder, at most 300 characters (what problems and reports show)."""
    name = re.split(r"[/\\]", filename or "")[-1].strip().replace("\x00", "")
    if len(name) > 300:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 299 - len(suffix)] + dot + suffix) if dot and len(suffix) < 20 else name[:300]
    return name or "upload"


def disk_name(filename: str) -> str:
    """A safe name for the temporary copy: letters, digits, ``. _ -`` (the engine reads globs in file names)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).lstrip(".") or "upload"
    return safe[-120:]


def _shown(text: str, places: dict[str, str]) -> str:
    for temporary, shown in places.items():
        text = text.replace(temporary, shown)
    return text


def shown_problems(problems: Sequence[Problem], places: dict[str, str]) -> list[Problem]:
    """``problems`` with the names the user knows in place of temporary paths (``places``: temporary → shown)."""
    return [
        replace(p, where=_shown(p.where, places), message=_shown(p.message, places), hint=_shown(p.hint, places))
        for p in problems
    ]


@contextlib.contextmanager
def shown_as(places: dict[str, str], where: str) -> Iterator[None]:
    """Re-raise the library's errors with the names the user knows in place of temporary paths (an error that
    is not a problem becomes one, at ``where``)."""
    try:
        yield
    except ProblemsError as error:
        raise ProblemsError(shown_problems(error.problems, places)) from None
    except JourneymapError as error:
        raise ProblemsError([Problem("invalid", where, _shown(str(error), places))]) from None


@contextlib.contextmanager
def scratch(filename: str, content: bytes) -> Iterator[Path]:
    """The uploaded content as a file in a temporary folder (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="journeymap-evidence-") as tmp:
        path = Path(tmp) / disk_name(filename)
        path.write_bytes(content)
        with shown_as({str(path): filename, path.name: filename}, filename):
            yield path


def engine() -> Engine:
    """The evidence engine the studio reads uploads with (embedded DuckDB)."""
    from ..evidence.engine import Engine

    return Engine()


async def in_thread(work: Callable[[], T]) -> T:
    """``work`` in a worker thread (the event loop keeps serving the live documents)."""
    return await anyio.to_thread.run_sync(work)


# --- upload ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Uploaded:
    """A stored upload: its id and name, what it holds, and the mapping suggested for it."""

    id: int
    kind: EvidenceKind
    filename: str
    inspection: Inspection
    suggestion: SurveyMapping | EventRoles


async def upload(
    studio: Studio, map_id: int, kind: EvidenceKind, filename: str, content: bytes, author_id: int | None
) -> Uploaded:
    """Look at an uploaded survey or event log (its problems name ``filename``), then store it for the map."""
    studio.map_row(map_id)
    journey_map, _ = await studio.check(map_id)

    def read() -> tuple[Inspection, SurveyMapping | EventRoles]:
        with scratch(filename, content) as path:
            inspection = inspect_file(path, kind, shown=filename)
        return inspection, suggest_mapping(inspection, kind, journey_map)

    inspection, suggestion = await in_thread(read)
    with studio.store.session() as db:
        evidence_id = stored.add_evidence(db, map_id, kind, filename, content, author_id)
    return Uploaded(evidence_id, kind, filename, inspection, suggestion)


def evidence_of_map(studio: Studio, map_id: int) -> list[EvidenceInfo]:
    """The evidence files uploaded for the map, newest first (without their content)."""
    studio.map_row(map_id)
    with studio.store.session() as db:
        return stored.evidence_of_map(db, map_id)


def evidence_file(studio: Studio, evidence_id: int) -> StoredEvidence:
    """An uploaded file with its content (:class:`~journeymap.errors.NotFoundError` when there is none)."""
    with studio.store.session() as db:
        found = stored.evidence_file(db, evidence_id)
    if found is None:
        raise NotFoundError(f"evidence file {evidence_id}")
    return found


def event_roles(mapping: dict[str, object] | None) -> EventRoles:
    """The roles an event log was applied with (as stored: role → column)."""
    given = mapping or {}
    text = {
        role: value for role in ("case", "activity", "time", "channel") if isinstance(value := given.get(role), str)
    }
    return EventRoles(**text)


# --- apply ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventsApplied:
    """An event log discovered: the columns it was read with and what it says about the journey."""

    roles: EventRoles
    discovery: Discovery


def discover_upload(path: Path, shown: str, roles: EventRoles) -> tuple[EventRoles, Discovery]:
    """The columns an event log was read with, and the journey discovered in it, named ``shown`` (the name the user
    gave the file, not the temporary copy's)."""
    from ..evidence.discovery import discover
    from ..evidence.events import read_events

    with engine() as reader:
        log = read_events(
            path, reader, case=roles.case, activity=roles.activity, time=roles.time, channel=roles.channel
        )
        return EventRoles(log.case, log.activity, log.time, log.channel), discover(log.table, reader, source=shown)


def discovered(filename: str, content: bytes, roles: EventRoles) -> tuple[EventRoles, Discovery]:
    """:func:`discover_upload` of an uploaded event log, kept in the studio's cache (:mod:`.evidence_cache`) under
    its content, name and columns."""

    def find() -> tuple[EventRoles, Discovery]:
        with scratch(filename, content) as path:
            return discover_upload(path, filename, roles)

    return evidence_cache.discovery(evidence_cache.content_hash(content), filename, roles, find)


def discover_file(path: Path, shown: str, roles: EventRoles) -> tuple[EventRoles, Discovery]:
    """:func:`discover_upload` of a file (a workspace's event log), kept in the studio's cache under its content,
    the name it is shown under and its columns."""
    digest = evidence_cache.file_hash(path)
    return evidence_cache.discovery(digest, shown, roles, lambda: discover_upload(path, shown, roles))


async def apply_events(studio: Studio, evidence: StoredEvidence, roles: EventRoles) -> EventsApplied:
    """Discover the journey in an uploaded event log; the file keeps the columns it was applied with (the
    discovery stays in the cache: the map's report and discovery drawing read it from there)."""
    used, result = await in_thread(lambda: discovered(evidence.filename, evidence.content, roles))
    with studio.store.session() as db:
        stored.set_mapping(db, evidence.id, dict(roles.to_mapping()))
    return EventsApplied(used, result)


@dataclass(frozen=True, slots=True)
class Measured:
    """A step measured from a survey: the mean, its 95 % interval and the number of ratings."""

    mean: float
    low: float
    high: float
    n: int


@dataclass(frozen=True, slots=True)
class SurveyApplied:
    """A survey applied: the steps it measured and the problems (warnings) measuring found."""

    measured: dict[str, Measured]
    problems: list[Problem]


def _mapping_where(loc: Sequence[str | int]) -> str:
    return "mapping" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)


def survey_spec_of(mapping: dict[str, object], folder: Path) -> SurveySpec:
    """The library's survey spec of a mapping given as JSON (checked as a mapping file is; problems name the
    mapping's keys)."""
    from ..report import survey_spec

    path = folder / "mapping.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    try:
        return survey_spec(str(path))
    except ProblemsError as error:
        fixed = [replace(p, where=_mapping_where(p.loc) if p.loc else "mapping") for p in error.problems]
        raise ProblemsError(fixed) from None


def measured_values(journey_map: Map, dataset: str) -> dict[str, Measured]:
    """Step id → mean, 95 % interval and n of the steps measured from ``dataset``."""
    out: dict[str, Measured] = {}
    for step in journey_map.steps:
        emotion = step.emotion
        if isinstance(emotion, MeasuredEmotion) and emotion.dataset == dataset:
            low, high = emotion.ci95 or (emotion.mean, emotion.mean)  # n = 1: no interval (its bounds are the mean)
            out[step.id] = Measured(emotion.mean, low, high, emotion.n)
    return out


async def _checked_map(studio: Studio, map_id: int) -> Map:
    journey_map, problems = await studio.check(map_id)
    if journey_map is None:
        raise MapFileError(problems)
    return journey_map


async def apply_survey(
    studio: Studio, evidence: StoredEvidence, mapping: dict[str, object], user_id: int | None
) -> SurveyApplied:
    """Measure the map with an uploaded survey: written into the live document, with a version before (when it
    changed since the last one) and a named version after; the file keeps the mapping it was applied with."""
    from ..evidence.measure import measure_map
    from ..evidence.survey import summarize_survey

    map_id = evidence.map_id
    await _checked_map(studio, map_id)  # its problems are said before the (long) summary

    def summarize() -> SurveySummary:
        with scratch(evidence.filename, evidence.content) as path:
            spec = survey_spec_of(mapping, path.parent)
            with engine() as reader:
                summary = summarize_survey(reader, path, spec, distribution=False)
        summary.dataset = evidence.filename
        return summary

    summary = await in_thread(summarize)
    # measured onto the map as it is now: edits made by others while the survey was summarized are kept
    measured, problems = measure_map(await _checked_map(studio, map_id), summary)
    if any(p.is_error for p in problems):
        raise MapFileError(problems)
    with studio.store.session() as db:
        stored.set_mapping(db, evidence.id, mapping)
        changed = repo.has_changes_since_version(db, map_id)
    if changed:
        await studio.take_version(map_id, kind="auto")
    await studio.set_map_data(map_id, model_data(measured), user_id)
    name = f"measured with {evidence.filename}"
    await studio.take_version(map_id, kind="named", name=name, user_id=user_id)
    return SurveyApplied(measured_values(measured, evidence.filename), problems)


# --- the workspace's evidence ---------------------------------------------------------------------------------


def inside_workspace_folder(root: Path, relative: str, where: str) -> Path:
    """A workspace file named in the workspace's ``evidence:`` list, never outside the workspace (symlinks
    resolved): JE004 at ``where`` otherwise."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ProblemsError([Problem("JE004", where, f"{relative!r} is outside the workspace", "give a path inside")])
    return path


def evidence_entry(studio: Studio, workspace_id: int, map_id: str) -> EvidenceSource | None:
    """The workspace's ``evidence:`` entry of the map with id ``map_id``, if it lists one."""
    workspace = studio.workspace_model(workspace_id)
    return next((e for e in workspace.evidence if e.map == map_id), None)


def workspace_events(studio: Studio, map_id: int, workspace_id: int, journey_map_id: str) -> str:
    """The event log the workspace lists for the map (relative to the workspace folder); "not found", saying how to
    give one, when there is none."""
    entry = evidence_entry(studio, workspace_id, journey_map_id)
    if entry is None or not entry.events:
        hint = f"upload one (POST /api/maps/{map_id}/evidence with kind=events) or list one in the workspace's evidence"
        raise NotFoundError("the map's event log", hint=hint)
    return entry.events
