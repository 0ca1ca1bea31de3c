"""``journeymap report MAP [--survey FILE …] [--events FILE] -o report.html``.

Loads the map, measures it with every survey (in order: a later survey overrides an earlier one for the same
step), discovers the journey in the event log, runs the analyses and lint, and writes one HTML page: the
``report`` analysis of :mod:`journeymap.analysis.registry`, whose options this command translates.
Everything is computed before anything is written: a problem in any input writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .output import write_output

__all__ = ["cmd_report"]


def cmd_report(args: argparse.Namespace) -> int:
    from ..analysis.registry import Subject, run_analysis
    from ..core.context import load_map_and_context
    from ..evidence.engine import EngineConfig
    from ..evidence.survey_spec import spec_from_options

    path = Path(args.map)
    journey_map, context = load_map_and_context(path)
    surveys = [(Path(survey), spec_from_options(args)) for survey in args.survey]
    engine = EngineConfig(kind=args.engine, spark_master=args.spark_master, database_url=args.database)
    subject = Subject(map=journey_map, context=context, source=path, name=args.map)
    result = run_analysis("report", subject, surveys=surveys, events=args.events or None, engine=engine)
    write_output(result.output("html").encode("utf-8"), args.output)
    sys.stderr.write(f"wrote {args.output}\n")
    return 0
