"""``journeymap import mermaid`` and ``journeymap export mermaid``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import JourneymapError
from .output import print_problems, write_output

__all__ = ["cmd_export", "cmd_import"]


def cmd_import(args: argparse.Namespace) -> int:
    from ..files.dump import dump_map
    from ..files.mermaid_import import import_mermaid, import_mermaid_file

    if args.file == "-":
        journey_map, warnings = import_mermaid(_read_stdin(), source="<stdin>")
    else:
        journey_map, warnings = import_mermaid_file(Path(args.file))
    print_problems(warnings)
    if args.output and Path(args.output).suffix.lower() not in (".yaml", ".yml", ".json"):
        raise JourneymapError(f"{args.output}: a map file ends in .yaml, .yml or .json")
    fmt = "json" if args.output and args.output.lower().endswith(".json") else "yaml"
    write_output(dump_map(journey_map, fmt=fmt).encode("utf-8"), args.output)
    if args.output:
        sys.stderr.write(f"wrote {args.output} ({len(journey_map.steps)} steps in {len(journey_map.stages)} stages)\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..core.context import load_map_and_context
    from ..render.mermaid import render_mermaid

    journey_map, context = load_map_and_context(Path(args.map))
    write_output(render_mermaid(journey_map, context).encode("utf-8"), args.output)
    return 0


def _read_stdin() -> str:
    """Standard input as UTF-8 text, at most ``limits().map_mb`` megabytes of it (``/dev/zero`` never ends)."""
    from ..errors import MapFileError
    from ..files.document import decode_text
    from ..limits import limits

    cap = limits().map_mb * 1024 * 1024
    stream = getattr(sys.stdin, "buffer", None)
    raw = stream.read(cap + 1) if stream is not None else sys.stdin.read(cap + 1)  # a text stream in tests
    if len(raw) > cap:
        raise MapFileError([limits().problem("map_mb", "<stdin>", "the size of standard input in megabytes")])
    return raw if isinstance(raw, str) else decode_text(raw, "<stdin>")
