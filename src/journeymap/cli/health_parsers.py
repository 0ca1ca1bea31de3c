"""The command-line shape of ``journeymap health`` (kept out of :mod:`.main` so each stays small)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main import _Parser

__all__ = ["add_health"]

Command = Callable[["argparse._SubParsersAction[_Parser]", str, str, str], "_Parser"]


def add_health(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    """``health PATH... [--format table|json] [--today DATE] [--no-lint] [--below SCORE] [-o FILE]``."""
    health = command(
        sub,
        "health",
        "Health of maps 0–100 with its parts: evidence, freshness, VMPI, moments of truth, opportunities, lint, "
        "last review (docs/portfolio.md).",
        "health:cmd_health",
    )
    health.add_argument("paths", nargs="+", metavar="PATH", help="map files, workspace folders or a folder of them")
    health.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    health.add_argument("--today", metavar="YYYY-MM-DD", help="count ages and reviews to this date (default: today)")
    health.add_argument("--no-lint", action="store_true", help="count validation problems only, not lint findings")
    health.add_argument(
        "--below", type=float, metavar="SCORE", help="exit with code 1 when a map's health is below SCORE (for CI)"
    )
    health.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")
