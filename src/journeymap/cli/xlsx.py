"""``journeymap import xlsx``: a journey sheet filled in by hand → map file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import JourneymapError
from .output import write_output

__all__ = ["cmd_import_xlsx"]


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from ..files.dump import dump_map
    from ..files.xlsx_import import import_xlsx

    output: str | None = args.output
    if output and Path(output).suffix.lower() not in (".yaml", ".yml", ".json"):
        raise JourneymapError(f"{output}: a map file ends in .yaml, .yml or .json")
    journey_map = import_xlsx(Path(args.file))
    fmt = "json" if output and output.lower().endswith(".json") else "yaml"
    write_output(dump_map(journey_map, fmt=fmt).encode("utf-8"), output)
    if output:
        sys.stderr.write(f"wrote {output} ({len(journey_map.steps)} steps in {len(journey_map.stages)} stages)\n")
    return 0
