"""``journeymap evidence summarize`` and ``journeymap measure``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MapFileError, Problem
from ..model.references import did_you_mean
from .json_text import json_text
from .output import print_problems

if TYPE_CHECKING:
    from ..evidence.engine import Engine, EngineConfig
    from ..model import Map
    from ..render.registry import RenderContext

__all__ = ["cmd_measure", "cmd_summarize", "engine_from_args"]


def config_from_args(args: argparse.Namespace) -> EngineConfig:
    from ..evidence.engine import EngineConfig

    return EngineConfig(kind=args.engine, spark_master=args.spark_master, database_url=args.database)


def engine_from_args(args: argparse.Namespace) -> Engine:
    from ..evidence.engine import Engine

    return Engine(config_from_args(args))


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def cmd_summarize(args: argparse.Namespace) -> int:
    from ..evidence.survey import summarize_survey
    from ..evidence.survey_spec import spec_from_options

    spec = spec_from_options(args)
    with engine_from_args(args) as engine:
        summary = summarize_survey(engine, Path(args.file), spec)
    if args.format == "json":
        sys.stdout.write(json_text([row.to_json() for row in summary.rows]))
        return 0
    low, high = summary.scale
    lines = [
        f"{summary.dataset}: scale {low:g}–{high:g}"
        + (f", {summary.respondents} respondents" if summary.respondents else "")
    ]
    weighted = any(r.n_effective is not None for r in summary.rows)
    header = ("element", "measure", "segment", "n", *(["n eff"] if weighted else []), "mean", "std", "95 % CI")
    table = [header] + [
        (r.element, r.measure, r.segment or "all", str(r.n), *([_fmt(r.n_effective, 1)] if weighted else []),
         _fmt(r.mean), _fmt(r.std), "—" if r.ci95 is None else f"{r.ci95[0]:.2f}–{r.ci95[1]:.2f}")
        for r in summary.rows
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    if weighted:
        lines.append("n: answers with a weight above 0 (weight 0 leaves an answer out); n eff: Kish's (Σw)² / Σw²")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def cmd_measure(args: argparse.Namespace) -> int:
    from ..core.context import load_map_and_context
    from ..core.evidence import measure
    from ..evidence.survey_spec import spec_from_options
    from ..files.document import read_document
    from ..files.dump import dump_map
    from .output import write_output

    journey_map, context = load_map_and_context(Path(args.map))
    persona = _measured_persona(journey_map, context, args.persona)
    survey = spec_from_options(args)
    found = measure(journey_map, Path(args.file), survey, engine=config_from_args(args), persona=persona)
    print_problems(found.problems)
    previous = read_document(Path(args.map)) if Path(args.map).suffix.lower() in (".yaml", ".yml") else None
    fmt = "json" if args.output.lower().endswith(".json") else "yaml"
    write_output(dump_map(found.map, fmt=fmt, previous=previous).encode("utf-8"), args.output)
    levels = [s.emotion if persona in (None, found.map.persona) else s.emotions.get(persona) for s in found.map.steps]
    steps = sum(1 for level in levels if level is not None and level.is_measured)
    other = persona not in (None, found.map.persona)
    whose = f" for persona {persona!r} (touchpoint scores left as they are)" if other else ""
    sys.stderr.write(f"wrote {args.output}: {steps} steps measured from {found.dataset}{whose}\n")
    return 0


def _measured_persona(journey_map: Map, context: RenderContext, persona: str | None) -> str | None:
    """``--persona``: a persona of the map or of its workspace; an unknown id is an error with a "did you mean"."""
    if persona is None:
        return None
    known = [p.id for p in (*journey_map.personas, *context.personas)]
    if persona not in known:
        problem = Problem("JM202", f"--persona {persona}", f"unknown persona {persona!r}", did_you_mean(persona, known))
        raise MapFileError([problem])
    return persona
