"""Building an evidence report: measure a map with its surveys, discover its event log, run the analyses and
lint. Used by ``journeymap report`` and by ``journeymap build`` for the maps a workspace lists under ``evidence:``.
Everything is computed before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import MapFileError

if TYPE_CHECKING:
    from .evidence.engine import Engine
    from .evidence.survey import SurveySummary
    from .evidence.survey_spec import SurveySpec
    from .model import Map, Workspace
    from .render.registry import RenderContext
    from .render.report_html import ReportData

__all__ = ["build_report", "survey_spec", "workspace_reports"]


def survey_spec(mapping: str | None = None, **options: Any) -> SurveySpec:
    """A survey spec from a mapping file and/or the options of the command line (see
    :func:`journeymap.core.evidence.survey_layout`)."""
    from .core.evidence import survey_layout

    return survey_layout(mapping=mapping or None, **options)


def build_report(
    journey_map: Map,
    context: RenderContext,
    source: Path,
    engine: Engine,
    *,
    surveys: Sequence[tuple[Path, SurveySpec]] = (),
    events: Path | None = None,
    summarize: Callable[[Path, SurveySpec], SurveySummary] | None = None,
) -> ReportData:
    """The data of a report on ``journey_map`` (read from ``source``). ``summarize`` summarizes a survey (the
    studio's keeps the summaries it made; by default each survey is summarized on ``engine``)."""
    from .analysis.ipa import importance_performance
    from .analysis.moments import rank_moments, suggest_moments
    from .analysis.opportunities import rank_opportunities
    from .evidence.measure import measure_map
    from .evidence.survey import summarize_survey
    from .render.report_html import ReportData

    data = ReportData(journey_map, context, str(source), generated_on=dt.date.today())
    for path, spec in surveys:
        summary = summarize(path, spec) if summarize is not None else summarize_survey(engine, path, spec)
        measured, problems = measure_map(data.map, summary)
        if any(p.is_error for p in problems):
            raise MapFileError(problems)
        data.map = measured
        data.surveys.append(summary)
        data.survey_files.append(str(path))
        data.measure_problems.extend(problems)
    if data.surveys:  # the map's measured levels (an earlier wave) against the surveys' (render/report_waves.py)
        from .render.report_waves import wave_changes

        data.waves = wave_changes(journey_map, data.map)
    if events is not None:
        from .evidence.discovery import discover
        from .evidence.events import read_events

        log = read_events(events, engine)
        data.discovery = discover(log.table, engine, source=events.name)
        data.events_file = str(events)
    ipa = importance_performance(data.map)
    data.ipa = ipa if ipa.points else None
    data.moments = rank_moments(data.map)
    data.suggestions = suggest_moments(data.map)
    data.opportunities = rank_opportunities(data.map)
    data.findings = _lint(data.map, source)
    return data


def _lint(journey_map: Map, path: Path) -> list[Any]:
    from .files.document import read_document
    from .files.loader import MapSource
    from .lint.engine import lint_map

    document = read_document(path) if path.suffix.lower() in (".yaml", ".yml", ".json") else None
    return list(lint_map(MapSource(journey_map, path, document)))


def workspace_reports(
    workspace: Workspace, root: Path, context: RenderContext, sources: dict[str, Path]
) -> dict[str, str]:
    """The report pages (map id → HTML) of the maps a workspace lists under ``evidence:``."""
    from .evidence.engine import Engine
    from .evidence.files import inside_workspace
    from .render.report_html import render_report

    pages: dict[str, str] = {}
    with Engine() as engine:
        for entry in workspace.evidence:
            journey_map = workspace.map(entry.map)
            if journey_map is None:
                continue  # reported by the loader
            # evidence paths stay inside the workspace, symlinks resolved (the loader refuses others first)
            inside = partial(inside_workspace, root)
            surveys = [
                (
                    inside(s.file, f"evidence › {entry.map} › surveys › {s.file}"),
                    survey_spec(str(inside(s.mapping, f"evidence › {entry.map} › mapping")) if s.mapping else None),
                )
                for s in entry.surveys
            ]
            events = inside(entry.events, f"evidence › {entry.map} › events") if entry.events else None
            data = build_report(journey_map, context, sources[entry.map], engine, surveys=surveys, events=events)
            pages[entry.map] = render_report(data)
    return pages
