"""``journeymap discover LOG``: the journey found in an event log, as a table for people or as JSON, with a draft
as-is map (``--draft-map``) and pictures of the flows and the funnel (``--svg PREFIX``).

Everything is computed before anything is written, and every file is written atomically: a failure leaves no
half-written output behind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import JourneymapError, Problem, ProblemsError
from .json_text import json_text

if TYPE_CHECKING:
    from ..evidence.discovery import Discovery
    from ..evidence.step_names import StepNames
    from ..model import Map

__all__ = ["cmd_discover"]


def cmd_discover(args: argparse.Namespace) -> int:
    from ..evidence.discovery_filters import EventFilter
    from ..evidence.discovery_run import DiscoverRequest, discover_log
    from ..evidence.engine import EngineConfig

    log = Path(args.log)
    outputs = _output_paths(args)
    config = EngineConfig(kind=args.engine, spark_master=getattr(args, "spark_master", None))
    request = DiscoverRequest(
        case=args.case,
        activity=args.activity,
        time=args.time,
        channel=args.channel,
        lifecycle=args.lifecycle,
        rule=EventFilter(tuple(args.include), tuple(args.exclude), args.lifecycle_keep),
        funnel=_funnel_steps(args.funnel),
        waits=args.waits,
        names=Path(args.names) if args.names else None,
    )
    result, names = discover_log(log, request, config)
    pictures = _pictures(result, args)
    journey = _draft(result, log, names) if args.draft_map else None
    from ..files.atomic import write_bytes_atomic

    for path, data in pictures:
        write_bytes_atomic(path, data)
    if journey is not None:
        from ..files.dump import save_map

        save_map(journey, args.draft_map)
    if args.format == "json":
        sys.stdout.write(json_text(result.to_json(), default=str))
    else:
        from ..render.discovery.text import render_discovery_text

        sys.stdout.write(render_discovery_text(result))
    for path in outputs:
        sys.stderr.write(f"wrote {path}\n")
    return 0


def _funnel_steps(text: str | None) -> tuple[str, ...]:
    """The activities of ``--funnel A,B,C`` (spaces around the commas are dropped)."""
    if text is None:
        return ()
    steps = tuple(part.strip() for part in text.split(","))
    if len(steps) < 2 or not all(steps):
        hint = "name two or more activities, comma-separated: --funnel A_SUBMITTED,A_ACCEPTED,A_APPROVED"
        raise ProblemsError([Problem("JE121", "--funnel", f"not a list of steps: {text!r}", hint)])
    return steps


def _output_paths(args: argparse.Namespace) -> list[Path]:
    """The files the command will write, checked before the (possibly long) discovery runs."""
    paths: list[Path] = []
    if args.svg:
        paths += [Path(f"{args.svg}-flow.svg"), Path(f"{args.svg}-funnel.svg")]
    if args.draft_map:
        draft = Path(args.draft_map)
        if draft.suffix.lower() not in (".yaml", ".yml", ".json"):
            raise JourneymapError(f"--draft-map {draft}: give a .yaml (or .json) file name")
        paths.append(draft)
    for path in paths:
        if path.is_dir():
            raise JourneymapError(f"{path} is a folder; give the name of the file to write")
    return paths


def _pictures(result: Discovery, args: argparse.Namespace) -> list[tuple[Path, bytes]]:
    if not args.svg:
        return []
    from ..render.svg_discovery import render_flow_svg, render_funnel_svg

    return [
        (Path(f"{args.svg}-flow.svg"), render_flow_svg(result).encode("utf-8")),
        (Path(f"{args.svg}-funnel.svg"), render_funnel_svg(result).encode("utf-8")),
    ]


def _draft(result: Discovery, log: Path, names: StepNames) -> Map:
    from ..evidence.draft import draft_map

    return draft_map(result, f"{_title(log)} — discovered journey", names=names)


def _title(log: Path) -> str:
    name = log.name
    for suffix in (".xes.gz", ".csv", ".tsv", ".txt", ".parquet", ".pq", ".xes"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    words = name.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else "Event log"
