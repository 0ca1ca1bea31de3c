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

from ..errors import JourneymapError
from .json_text import json_text

if TYPE_CHECKING:
    from ..evidence.discovery import Discovery
    from ..model import Map

__all__ = ["cmd_discover", "discovery_table"]

SHOWN_FLOWS = 25
"""Directly-follows flows listed in the table (all of them are in the JSON)."""


def cmd_discover(args: argparse.Namespace) -> int:
    from ..evidence.discovery import discover
    from ..evidence.engine import Engine, EngineConfig
    from ..evidence.events import read_events

    log = Path(args.log)
    outputs = _output_paths(args)
    config = EngineConfig(kind=args.engine, spark_master=getattr(args, "spark_master", None))
    with Engine(config) as engine:
        events = read_events(log, engine, case=args.case, activity=args.activity, time=args.time, channel=args.channel)
        result = discover(events.table, engine, source=log.name)
    pictures = _pictures(result, args)
    journey = _draft(result, log) if args.draft_map else None
    from ..files.atomic import write_bytes_atomic

    for path, data in pictures:
        write_bytes_atomic(path, data)
    if journey is not None:
        from ..files.dump import save_map

        save_map(journey, args.draft_map)
    if args.format == "json":
        sys.stdout.write(json_text(result.to_json(), default=str))
    else:
        sys.stdout.write(discovery_table(result))
    for path in outputs:
        sys.stderr.write(f"wrote {path}\n")
    return 0


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


def _draft(result: Discovery, log: Path) -> Map:
    from ..evidence.draft import draft_map

    return draft_map(result, f"{_title(log)} — discovered journey")


def _title(log: Path) -> str:
    name = log.name
    for suffix in (".xes.gz", ".csv", ".tsv", ".txt", ".parquet", ".pq", ".xes"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    words = name.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else "Event log"


# ---- the table ------------------------------------------------------------------------------------------------
def discovery_table(result: Discovery) -> str:
    """The discovery as plain text for a terminal: summary, main path, funnel, top variants, flows, starts, ends."""
    from ..evidence.discovery import format_duration

    out: list[str] = []
    period = ""
    if result.first_time and result.last_time:
        period = f"{result.first_time:%Y-%m-%d} – {result.last_time:%Y-%m-%d}"
    summary = [
        ("Event log", result.source or "–"),
        ("Cases", f"{result.cases:,}"),
        ("Events", f"{result.events:,}"),
        ("Activities", f"{result.activity_count:,}"),
        ("Variants", f"{result.variant_count:,}"),
        ("Period", period or "–"),
        ("Median case duration", format_duration(result.median_case_seconds)),
    ]
    width = max(len(k) for k, _ in summary)
    out += [f"{k.ljust(width)}  {v}" for k, v in summary]
    out += ["", "Main path (" + result.main_path_rule + "):", "  " + (" → ".join(result.main_path) or "–")]

    out += ["", "Funnel (cases reaching each step of the main path)"]
    funnel_rows = [
        [
            str(i + 1),
            s.activity,
            f"{s.cases:,}",
            f"{s.share * 100:.1f} %",
            "–" if i == 0 else f"{s.drop_off:,}",
            f"{s.stop_share * 100:.1f} %",
            "–" if i == 0 else format_duration(s.median_seconds_from_previous),
        ]
        for i, s in enumerate(result.funnel)
    ]
    headers = ["#", "step", "cases", "% of first", "drop-off", "stop here", "median after previous"]
    out += _grid(headers, funnel_rows, right={0, 2, 3, 4, 5})

    out += ["", f"Top variants ({len(result.top_variants)} of {result.variant_count:,})"]
    variant_rows = [
        [str(i + 1), f"{v.cases:,}", _share(v.cases, result.cases), str(len(v.activities)), " → ".join(v.activities)]
        for i, v in enumerate(result.top_variants)
    ]
    out += _grid(["#", "cases", "share", "steps", "variant"], variant_rows, right={0, 1, 2, 3})

    flows = result.directly_follows[:SHOWN_FLOWS]
    more = len(result.directly_follows) - len(flows)
    heading = f"Directly-follows flows ({len(result.directly_follows):,}"
    heading += f"; the {len(flows)} most frequent shown, all in --format json)" if more else ")"
    out += ["", heading]
    out += _grid(
        ["from", "to", "count", "median gap"],
        [[f.source, f.target, f"{f.count:,}", format_duration(f.median_seconds)] for f in flows],
        right={2, 3},
    )

    out += ["", "Start activities"]
    out += _grid(["activity", "cases"], [[a, f"{n:,}"] for a, n in result.start_activities.items()], right={1})
    out += ["", "End activities"]
    out += _grid(["activity", "cases"], [[a, f"{n:,}"] for a, n in result.end_activities.items()], right={1})
    if result.has_channel:
        out += ["", "Channels per activity"]
        out += _grid(
            ["activity", "channels (events)"],
            [[a.activity, ", ".join(f"{c} {n:,}" for c, n in a.channels) or "–"] for a in result.activities],
        )
    return "\n".join(out) + "\n"


def _share(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f} %" if whole else "–"


def _grid(headers: list[str], rows: list[list[str]], right: set[int] | frozenset[int] = frozenset()) -> list[str]:
    """Rows aligned in columns under a header and a rule; ``right`` lists the right-aligned columns."""
    if not rows:
        return ["  (none)"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return ("  " + "  ".join(parts)).rstrip()

    return [line(headers), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
