"""``journeymap refresh WORKSPACE``: measure every map again from the sources the workspace declares.

The work is :func:`journeymap.core.refresh.refresh_workspace`; this prints a table per map (source, rows read,
values changed old → new, date) or the report as JSON, says which source failed and why, and exits 1 when one did
(the maps whose sources all worked are still written).
"""

from __future__ import annotations

import argparse
import sys

from .json_text import json_text
from .output import print_problems

__all__ = ["cmd_refresh"]


def cmd_refresh(args: argparse.Namespace) -> int:
    from ..core.refresh import refresh_workspace

    report = refresh_workspace(args.workspace, maps=args.map, dry_run=args.dry_run)
    if args.format == "json":
        sys.stdout.write(json_text(report.to_json()))
    else:
        for item in report.maps:
            sys.stdout.write(_table(item, report.dry_run))
    for item in report.maps:
        print_problems(item.problems)
    failed = [m.map_id for m in report.maps if not m.ok]
    if failed:
        sys.stderr.write(f"not refreshed (a source failed; the file is unchanged): {', '.join(failed)}\n")
        return 1
    return 0


def _table(item: object, dry_run: bool) -> str:
    from ..core.refresh import MapRefresh

    assert isinstance(item, MapRefresh)
    if not item.ok:
        head = f"{item.map_id} — not refreshed: a source failed, the file is unchanged"
    else:
        state = "written" if item.written else "dry run: not written"
        head = f"{item.map_id} — {state}, measured on {item.measured_on.isoformat()}"
    lines = [head]
    width = max([len("source"), *(len(s.name) for s in item.sources)])
    lines.append(f"  {'source':<{width}}  {'rows':>9}  read with")
    for source in item.sources:
        status = "" if source.ok else "  FAILED"
        lines.append(f"  {source.name:<{width}}  {source.rows:>9,}  {source.read_with}{status}")
    if item.ok:
        if item.changes:
            lines.append(f"  {len(item.changes)} value{'s' if len(item.changes) != 1 else ''} changed:")
            lines += [f"    {change.text()}  [{change.source}]" for change in item.changes]
        else:
            lines.append("  no value changed")
    return "\n".join(lines) + "\n\n"
