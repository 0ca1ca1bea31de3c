"""``journeymap conform MAP LOG [--steps MAPPING.yaml]``: planned vs actual — how the cases of an event log follow
the steps of a map, as a table, JSON or an HTML page, and (``--write-map OUT.yaml``) the map with a reach lane and a
drop-off lane.

Everything is computed before anything is written, and every file is written atomically: a failure leaves no
half-written output behind. The rules are in :mod:`journeymap.evidence.conform` and docs/conform.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import JourneymapError
from .output import print_problems, write_output

if TYPE_CHECKING:
    from ..evidence.conform import Conformance

__all__ = ["cmd_conform"]


def cmd_conform(args: argparse.Namespace) -> int:
    from ..evidence.conform import conform_log
    from ..files.loader import load_map

    target = _write_map_path(args.write_map)
    journey_map = load_map(args.map)
    if not journey_map.steps:
        raise JourneymapError(f"{args.map} has no steps to compare with an event log")
    result = conform_log(
        journey_map,
        Path(args.log),
        steps=args.steps,
        case=args.case,
        activity=args.activity,
        time=args.time,
        map_path=args.map,
    )
    print_problems(result.warnings)
    updated = None
    if target is not None:
        from ..evidence.conform_lanes import with_conform_lanes

        updated = with_conform_lanes(journey_map, result)
    write_output(_text(result, args.format).encode("utf-8"), args.output)
    if updated is not None and target is not None:
        from ..files.dump import save_map

        save_map(updated, target)
        sys.stderr.write(f"wrote {target}\n")
    return 0


def _text(result: Conformance, fmt: str) -> str:
    if fmt == "json":
        from .json_text import json_text

        return json_text(result.to_json(), default=str)
    if fmt == "html":
        from ..render.conform_html import render_conform_html

        return render_conform_html(result)
    from ..render.conform_text import render_conform_text

    return render_conform_text(result)


def _write_map_path(value: str | None) -> Path | None:
    """The map file ``--write-map`` names, checked before the (possibly long) comparison runs."""
    if not value:
        return None
    path = Path(value)
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise JourneymapError(f"--write-map {path}: give a .yaml (or .json) file name")
    if path.is_dir():
        raise JourneymapError(f"{path} is a folder; give the name of the map file to write")
    return path
