"""``journeymap health PATH... [--format table|json]``: each map's health and its parts (see
:mod:`journeymap.analysis.health`). Exit code 1 with ``--below SCORE`` when a map's health is below it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..errors import JourneymapError
from .json_text import json_text
from .output import write_output

__all__ = ["cmd_health"]


def cmd_health(args: argparse.Namespace) -> int:
    from ..analysis.freshness import current_date
    from ..analysis.health import health_table
    from ..core.health import health_of_paths

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise JourneymapError(f"--today {args.today!r} is not a date: give it as YYYY-MM-DD") from None
    found = health_of_paths(args.paths, today=today, lint=not args.no_lint)
    as_json = args.format == "json"
    when = (today or current_date()).isoformat()
    data = {"today": when, "maps": [h.to_dict() for h in found]}
    text = json_text(data) if as_json else health_table(found) + "\n"
    write_output(text.encode("utf-8"), args.output)
    low = [h for h in found if args.below is not None and h.total < args.below]
    for h in low:
        sys.stderr.write(f"{h.map_id}: health {h.total:.0f} is below {args.below:g}\n")
    return 1 if low else 0
