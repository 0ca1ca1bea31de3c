"""The analyses the studio draws for a map, as a service the analysis route translates.

Which analyses exist is the registry's to say (:mod:`journeymap.analysis.registry`): the studio draws every
registered analysis that gives SVG or HTML from what a studio map has — the map, its workspace's context, the
event log and the surveys uploaded for it or listed in the workspace's ``evidence:``. An analysis of the map
alone (``emotion``, ``ipa``, a plugin's) is run through the registry. The two that read evidence files
(``discovery``, ``report``) are run here on the studio's own evidence: uploads kept in the store, with the names
the user gave them and the columns they were applied with, which the registry's file-path options cannot carry.
:func:`availability` says, without drawing anything, which of them a map can have drawn now and what it lacks for
the others (no event log, no scored touchpoint, no emotional level), so that the studio never asks for a drawing
that would answer 404.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import JourneymapError, MapFileError, MissingExtraError, NotFoundError, ProblemsError
from ..store import evidence as stored
from . import evidence_cache
from . import evidence_service as service

if TYPE_CHECKING:
    from ..analysis.registry import Analysis
    from ..evidence.discovery import Discovery
    from ..evidence.survey_spec import SurveySpec
    from ..model import EvidenceSource, Map
    from ..render.registry import RenderContext
    from ..render.report_html import ReportData
    from .services import Studio

__all__ = [
    "MEDIA_TYPES",
    "Availability",
    "Drawing",
    "availability",
    "draw",
    "drawable",
    "studio_analysis",
    "studio_output",
]

MEDIA_TYPES = {"svg": "image/svg+xml", "html": "text/html; charset=utf-8"}
"""The outputs the studio shows, in the order it prefers them."""
MAP_INPUTS = frozenset({"map", "context"})
EVIDENCE_ANALYSES = ("discovery", "report", "conform")
"""Analyses drawn from the studio's own evidence (uploads and the workspace's files)."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """An analysis drawn: its text and media type."""

    content: str
    media_type: str


def drawable(analysis: Analysis) -> bool:
    """Whether the studio can draw ``analysis``: it gives SVG or HTML, from the map alone or from the evidence."""
    shown = any(output in MEDIA_TYPES for output in analysis.outputs)
    return shown and (set(analysis.inputs) <= MAP_INPUTS or analysis.name in EVIDENCE_ANALYSES)


def studio_output(analysis: Analysis) -> Literal["svg", "html"] | None:
    """The output the studio draws ``analysis`` as (the first it prefers), or None when it does not draw it."""
    if not drawable(analysis):
        return None
    return "svg" if "svg" in analysis.outputs else "html"


def studio_analysis(name: str) -> Analysis:
    """The registered analysis ``name`` that the studio draws; "not found" naming those it draws otherwise."""
    from ..analysis.registry import analyses, get_analysis

    try:
        found = get_analysis(name)
    except JourneymapError:
        found = None
    if found is None or not drawable(found):
        known = ", ".join(a.name for a in analyses() if drawable(a))
        raise NotFoundError(f"analysis {name!r}", hint=f"one of: {known}")
    return found


@dataclass(frozen=True, slots=True)
class Availability:
    """An analysis the studio draws, as it draws it, and what the map lacks for it (``hint``; None: it can be
    drawn now)."""

    analysis: Analysis
    output: Literal["svg", "html"]
    hint: str | None


NO_EVENT_LOG = "upload an event log, or list one for this map in the workspace's evidence"
NO_SCORES = "give a touchpoint an importance and a satisfaction score (1–10), or apply a survey that measures them"
NO_EMOTION = "give a step an emotional level (an estimate, or measured from a survey)"
INVALID_MAP = "fix the map's errors first"


def _lacks(analysis: Analysis, journey_map: Map, has_events: bool) -> str | None:
    """What the map lacks for ``analysis`` (None: nothing), told from the map and whether it has an event log,
    without running the analysis. Each rule is the one the analysis refuses by: ``discovery`` and ``conform`` need
    an event log, ``ipa`` a touchpoint with both scores, and the emotion curve is empty without an emotional
    level. Others (``report``, ``freshness``, a plugin's analysis of the map) draw any valid map."""
    if analysis.name in ("discovery", "conform"):
        return None if has_events else NO_EVENT_LOG
    if analysis.name == "ipa":
        scored = any(t.importance is not None and t.satisfaction is not None for t in journey_map.touchpoints)
        return None if scored else NO_SCORES
    if analysis.name == "emotion":
        return None if any(step.emotion is not None for step in journey_map.steps) else NO_EMOTION
    return None


async def availability(studio: Studio, map_id: int) -> list[Availability]:
    """Every analysis the studio draws (registry order), each with what this map lacks for it now — decided
    cheaply (the map checked, the names of its uploads listed, the workspace's ``evidence:`` read), so that the
    studio asks only for the drawings that will come."""
    from ..analysis.registry import analyses

    drawn = [(a, output) for a in analyses() if (output := studio_output(a)) is not None]
    journey_map, _ = await studio.check(map_id)
    if journey_map is None:
        return [Availability(a, output, INVALID_MAP) for a, output in drawn]
    with studio.store.session() as db:
        uploaded = any(upload.kind == "events" for upload in stored.evidence_of_map(db, map_id))
    if uploaded:
        has_events = True
    else:
        entry = _entry(studio, studio.map_row(map_id).workspace_id, journey_map.id)
        has_events = entry is not None and bool(entry.events)
    return [Availability(a, output, _lacks(a, journey_map, has_events)) for a, output in drawn]


async def draw(studio: Studio, map_id: int, analysis: Analysis) -> Drawing:
    """The analysis of the map, drawn as SVG (or HTML when it gives no SVG)."""
    journey_map, problems = await studio.check(map_id)
    if journey_map is None:
        raise MapFileError(problems)
    if analysis.name == "discovery":
        return Drawing(await _discovery_svg(studio, map_id, journey_map), MEDIA_TYPES["svg"])
    if analysis.name == "report":
        return Drawing(await _report_html(studio, map_id, journey_map), MEDIA_TYPES["html"])
    if analysis.name == "conform":  # planned vs actual: web/conform_service.py
        from .conform_service import conform_html

        return Drawing(await conform_html(studio, map_id, journey_map), MEDIA_TYPES["html"])
    return await _of_map(studio, map_id, journey_map, analysis)


async def _of_map(studio: Studio, map_id: int, journey_map: Map, analysis: Analysis) -> Drawing:
    from ..analysis.registry import Subject

    row = studio.map_row(map_id)
    subject = Subject(journey_map, await studio.render_context(map_id), source=Path(row.path), name=row.path)
    output = next(o for o in MEDIA_TYPES if o in analysis.outputs)

    def run() -> str:
        return analysis(subject).output(output)

    try:
        return Drawing(await service.in_thread(run), MEDIA_TYPES[output])
    except (ProblemsError, MissingExtraError):
        raise
    except JourneymapError as error:  # the map lacks what the analysis needs (e.g. no scored touchpoint)
        raise NotFoundError(f"the {analysis.label.lower()} of {row.path}", hint=str(error)) from None


# --- the studio's evidence ------------------------------------------------------------------------------------


_inside = service.inside_workspace_folder
_entry = service.evidence_entry


def _discover(path: Path, shown: str, mapping: dict[str, object] | None) -> Discovery:
    """The discovery of a workspace's event log (kept in the studio's cache)."""
    return service.discover_file(path, shown, service.event_roles(mapping))[1]


def _uploaded_discovery(upload: stored.StoredEvidence) -> Discovery:
    """The discovery of an uploaded event log, read with the columns it was applied with (kept in the cache)."""
    return service.discovered(upload.filename, upload.content, service.event_roles(upload.mapping))[1]


async def _discovery_svg(studio: Studio, map_id: int, journey_map: Map) -> str:
    """The flows of the map's latest uploaded event log, else of the one its workspace lists (the drawing is kept
    in the studio's cache with the discovery)."""
    from ..render.svg_discovery import render_flow_svg

    with studio.store.session() as db:
        upload = stored.latest_events(db, map_id)
    if upload is not None:
        roles = service.event_roles(upload.mapping)

        def draw() -> str:
            return render_flow_svg(_uploaded_discovery(upload))

        def run() -> str:
            return evidence_cache.flow_svg(evidence_cache.content_hash(upload.content), upload.filename, roles, draw)

        return await service.in_thread(run)
    row = studio.map_row(map_id)
    events = service.workspace_events(studio, map_id, row.workspace_id, journey_map.id)
    async with studio.workspace_folder(row.workspace_id) as root:

        def run_workspace() -> str:
            with service.shown_as({f"{root}/": "", str(root): "."}, events):
                path = _inside(root, events, "evidence.events")
                digest = evidence_cache.file_hash(path)
                return evidence_cache.flow_svg(
                    digest, events, service.event_roles(None), lambda: render_flow_svg(_discover(path, events, None))
                )

        return await service.in_thread(run_workspace)


@dataclass(frozen=True, slots=True)
class _ReportInputs:
    """What the report of a map reads: the workspace's evidence entry, its applied uploads and latest event log."""

    path: str
    entry: EvidenceSource | None
    surveys: list[stored.StoredEvidence]
    events: stored.StoredEvidence | None


def _workspace_surveys(root: Path, entry: EvidenceSource | None) -> list[tuple[Path, SurveySpec, str]]:
    from ..report import survey_spec

    found: list[tuple[Path, SurveySpec, str]] = []
    for n, survey in enumerate(entry.surveys if entry is not None else []):
        file = _inside(root, survey.file, f"evidence.surveys[{n}].file")
        layout = _inside(root, survey.mapping, f"evidence.surveys[{n}].mapping") if survey.mapping else None
        found.append((file, survey_spec(str(layout) if layout else None), survey.file))
    return found


def _uploaded_surveys(
    folder: Path, uploads: list[stored.StoredEvidence], places: dict[str, str]
) -> list[tuple[Path, SurveySpec, str]]:
    found: list[tuple[Path, SurveySpec, str]] = []
    for n, upload in enumerate(uploads):
        own = folder / str(n)
        own.mkdir()
        path = own / service.disk_name(upload.filename)
        path.write_bytes(upload.content)
        places[str(path)] = upload.filename
        found.append((path, service.survey_spec_of(upload.mapping or {}, own), f"{upload.filename} (uploaded)"))
    return found


def _events_of(root: Path, inputs: _ReportInputs) -> tuple[Discovery, str] | None:
    """The discovery of the map's latest uploaded event log, else of its workspace's, and the name the report
    gives it (None: the map has none)."""
    if inputs.events is not None:
        return _uploaded_discovery(inputs.events), f"{inputs.events.filename} (uploaded)"
    if inputs.entry is not None and inputs.entry.events:
        events = inputs.entry.events
        return _discover(_inside(root, events, "evidence.events"), events, None), events
    return None


def _report_data(root: Path, inputs: _ReportInputs, journey_map: Map, context: RenderContext) -> ReportData:
    from ..report import build_report

    places = {f"{root}/": "", str(root): "."}
    with service.shown_as(places, inputs.path), ThreadPoolExecutor(1, "journeymap-report-events") as pool:
        # the event log is discovered beside the surveys' summaries (each on its own engine; both kept in the cache)
        events = pool.submit(_events_of, root, inputs)
        uploads = Path(tempfile.mkdtemp(prefix="uploads-", dir=root.parent))
        surveys = _workspace_surveys(root, inputs.entry) + _uploaded_surveys(uploads, inputs.surveys, places)
        with service.engine() as engine:
            specs = [(path, spec) for path, spec, _ in surveys]
            summarize = evidence_cache.summarizer(engine)
            data = build_report(journey_map, context, root / inputs.path, engine, surveys=specs, summarize=summarize)
        found = events.result()
        if found is not None:
            data.discovery, data.events_file = found
        data.findings = service.shown_problems(data.findings, places)  # lint names the temporary copy
        data.measure_problems = service.shown_problems(data.measure_problems, places)
        data.source = inputs.path
        data.survey_files = [shown for _, _, shown in surveys]
        return data


async def _report_html(studio: Studio, map_id: int, journey_map: Map) -> str:
    """The evidence report of the map: its workspace's surveys and the uploads applied to it, its event log."""
    from ..render.report_html import render_report

    row = studio.map_row(map_id)
    context = await studio.render_context(map_id)
    with studio.store.session() as db:
        surveys, events = stored.applied_surveys(db, map_id), stored.latest_events(db, map_id)
    inputs = _ReportInputs(row.path, _entry(studio, row.workspace_id, journey_map.id), surveys, events)
    async with studio.workspace_folder(row.workspace_id) as root:
        return await service.in_thread(lambda: render_report(_report_data(root, inputs, journey_map, context)))
