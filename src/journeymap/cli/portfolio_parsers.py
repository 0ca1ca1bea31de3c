"""The command-line shapes of ``journeymap portfolio`` and ``journeymap opportunities`` (the board across
workspaces, or one map's ranking). Kept apart from :mod:`.main` so each stays small."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..analysis.opportunity_board import SORT_KEYS, STATUSES

if TYPE_CHECKING:
    from .main import _Parser

__all__ = ["add_opportunities", "add_portfolio"]

Command = Callable[["argparse._SubParsersAction[_Parser]", str, str, str], "_Parser"]
WORKSPACES_HELP = "workspace folders, or folders of workspaces (e.g. examples)"


def _board_options(parser: _Parser) -> None:
    parser.add_argument(
        "--status", action="append", choices=STATUSES, metavar="STATUS",
        help=f"only opportunities with this status (repeatable): {', '.join(STATUSES)}",
    )  # fmt: skip
    parser.add_argument(
        "--sort", choices=SORT_KEYS, default="score",
        help="score, impact or value highest first, effort lowest first (default: score)",
    )  # fmt: skip


def add_portfolio(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    portfolio = command(
        sub,
        "portfolio",
        "Every journey of the workspaces: owner, status, health, tree, heat map, personas, opportunities; or search.",
        "portfolio:cmd_portfolio",
    )
    portfolio.add_argument("workspaces", nargs="+", metavar="WORKSPACE", help=WORKSPACES_HELP)
    portfolio.add_argument("--format", choices=("table", "json", "html"), default="table", help="output format")
    portfolio.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")
    portfolio.add_argument("--today", metavar="YYYY-MM-DD", help="count ages (health's review, staleness) to this date")
    portfolio.add_argument(
        "--no-lint", action="store_true", help="health's lint part counts validation problems only (faster)"
    )
    search = portfolio.add_argument_group("search (lists the matching maps, steps, cards, touchpoints…)")
    search.add_argument("--search", metavar="TEXT", default="", help="words in any map, step, card, touchpoint…")
    search.add_argument("--tag", metavar="T", default="", help="maps tagged T, and cards tagged T")
    search.add_argument(
        "--persona", metavar="P", default="", help="only maps a persona whose id or name contains P appears in"
    )
    search.add_argument("--touchpoint", metavar="T", default="", help="touchpoints whose name contains T")
    search.add_argument("--channel", metavar="C", default="", help="touchpoints of channel C (web, app, phone…)")
    _board_options(portfolio)


def add_opportunities(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    opportunities = command(
        sub,
        "opportunities",
        "The opportunity board of workspaces (status, owner, effort, impact, value-vs-effort matrix); for a map "
        "file, its opportunities framed, scored and ranked ('How might we …?').",
        "opportunities:cmd_opportunities",
    )
    opportunities.add_argument(
        "paths", nargs="+", metavar="PATH", help=f"{WORKSPACES_HELP}; or one map file (its ranking)"
    )
    opportunities.add_argument("--format", choices=("table", "json", "html"), default="table", help="output format")
    opportunities.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")
    _board_options(opportunities)
