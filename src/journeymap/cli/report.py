"""``journeymap report MAP [--survey FILE …] [--events FILE] -o report.html``.

Loads the map, measures it with every survey (in order: a later survey overrides an earlier one for the same
step), discovers the journey in the event log, runs the analyses and lint, and writes one HTML page.
Everything is computed before anything is written: a problem in any input writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .evidence import engine_from_args
from .output import write_output

__all__ = ["cmd_report"]


def cmd_report(args: argparse.Namespace) -> int:
    from ..evidence.survey_spec import spec_from_options
    from ..render.report_html import render_report
    from ..report import build_report
    from .context import load_map_and_context

    path = Path(args.map)
    journey_map, context = load_map_and_context(path)
    surveys = [(Path(survey), spec_from_options(args)) for survey in args.survey]
    events = Path(args.events) if args.events else None
    with engine_from_args(args) as engine:
        data = build_report(journey_map, context, path, engine, surveys=surveys, events=events)
    write_output(render_report(data).encode("utf-8"), args.output)
    sys.stderr.write(f"wrote {args.output}\n")
    return 0
