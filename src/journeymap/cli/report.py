"""``journeymap report MAP [--survey FILE …] [--events FILE] -o report.html``.

Loads the map, measures it with every survey (in order: a later survey overrides an earlier one for the same
step), discovers the journey in the event log, runs the analyses and lint, and writes one HTML page.
Everything is computed before anything is written: a problem in any input writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MapFileError
from .evidence import engine_from_args
from .output import write_output

if TYPE_CHECKING:
    from ..lint.engine import Finding
    from ..model import Map

__all__ = ["cmd_report"]


def cmd_report(args: argparse.Namespace) -> int:
    from ..analysis.ipa import importance_performance
    from ..analysis.moments import rank_moments, suggest_moments
    from ..analysis.opportunities import rank_opportunities
    from ..evidence.measure import measure_map
    from ..evidence.survey import summarize_survey
    from ..evidence.survey_spec import spec_from_options
    from ..render.report_html import ReportData, render_report
    from .context import load_map_and_context

    path = Path(args.map)
    journey_map, context = load_map_and_context(path)
    data = ReportData(journey_map, context, str(path), generated_on=dt.date.today())
    with engine_from_args(args) as engine:
        for survey in args.survey:
            summary = summarize_survey(engine, Path(survey), spec_from_options(args))
            measured, problems = measure_map(data.map, summary)
            if any(p.is_error for p in problems):
                raise MapFileError(problems)
            data.map = measured
            data.surveys.append(summary)
            data.survey_files.append(survey)
            data.measure_problems.extend(problems)
        if args.events:
            from ..evidence.discovery import discover
            from ..evidence.events import read_events

            log = read_events(Path(args.events), engine)
            data.discovery = discover(log.table, engine, source=Path(args.events).name)
            data.events_file = args.events
    ipa = importance_performance(data.map)
    data.ipa = ipa if ipa.points else None
    data.moments = rank_moments(data.map)
    data.suggestions = suggest_moments(data.map)
    data.opportunities = rank_opportunities(data.map)
    data.findings = _lint(data.map, path)
    write_output(render_report(data).encode("utf-8"), args.output)
    sys.stderr.write(f"wrote {args.output}\n")
    return 0


def _lint(journey_map: Map, path: Path) -> list[Finding]:
    from ..files.document import read_document
    from ..files.loader import MapSource
    from ..lint.engine import lint_map

    document = read_document(path) if path.suffix.lower() in (".yaml", ".yml", ".json") else None
    return list(lint_map(MapSource(journey_map, path, document)))
