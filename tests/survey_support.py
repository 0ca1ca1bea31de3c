"""Helpers shared by the survey tests."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace
from typing import Any


def options(**given: Any) -> SimpleNamespace:
    """Command-line options of the survey commands, with defaults."""
    base = {"wide": None, "long": False, "mapping": None, "scale": None, "missing": None, "by": None,
            "weight": None, "sheet": None, "overall": None}  # fmt: skip
    return SimpleNamespace(**{**base, **given})


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
