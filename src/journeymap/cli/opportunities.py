"""``journeymap opportunities``: the opportunity board of workspaces (table, JSON or an HTML page with the
value-vs-effort matrix), filtered by status and sorted; for one map file, the map's opportunities framed, scored
and ranked as before. The work is in :mod:`journeymap.analysis.opportunity_board`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import JourneymapError
from ..json_text import json_text
from .output import write_output

__all__ = ["cmd_opportunities"]


def cmd_opportunities(args: argparse.Namespace) -> int:
    if len(args.paths) == 1 and Path(args.paths[0]).is_file():
        return _one_map(args)
    from ..analysis.opportunity_board import build_board
    from ..analysis.portfolio_sources import read_portfolio

    sources = read_portfolio(args.paths)
    board = build_board([s.workspace for s in sources], statuses=args.status or (), sort=args.sort)
    if args.format == "json":
        text = json_text(board.to_dict())
    elif args.format == "html":
        from ..render.portfolio_html import render_board_html

        text = render_board_html(board, [s.workspace.name for s in sources])
    else:
        from ..analysis.portfolio_text import board_table

        text = board_table(board)
    write_output(text.encode("utf-8"), args.output)
    return 0


def _one_map(args: argparse.Namespace) -> int:
    """One map file: its own and its framed opportunities, ranked (``--format table`` or ``json``)."""
    from .analysis import _run, _subject

    if args.format == "html" or args.status or args.sort != "score":
        raise JourneymapError(
            f"{args.paths[0]} is a map file: its ranking is a table or JSON; the board (--format html, --status, "
            "--sort) is for workspace folders"
        )
    return _run("opportunities", _subject(args.paths[0]), args)
