"""``journeymap portfolio``: the journeys of workspaces with their owner, status and health, the tree, the heat
map, the personas and the opportunity board (table, JSON or one HTML page); with ``--search`` and its filters, the
elements found. The command only translates arguments: the work is in :mod:`journeymap.analysis.portfolio`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from ..analysis.portfolio_search import SearchQuery
from ..errors import JourneymapError
from ..json_text import json_text
from .output import write_output

if TYPE_CHECKING:
    from ..model import Workspace

__all__ = ["cmd_portfolio", "parse_day"]


def parse_day(text: str | None) -> dt.date | None:
    """``--today``: an ISO date, or None."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise JourneymapError(f"--today {text!r}: give a date as YYYY-MM-DD, e.g. 2026-06-30") from None


def cmd_portfolio(args: argparse.Namespace) -> int:
    from ..analysis.portfolio import portfolio_of_sources
    from ..analysis.portfolio_sources import read_portfolio

    query = SearchQuery(args.search, args.tag, args.persona, args.touchpoint, args.channel)
    if not query.empty and args.format == "html":
        raise JourneymapError("--search prints a table or JSON; the HTML page (without --search) has a search box")
    today = parse_day(args.today)
    sources = read_portfolio(args.workspaces)
    if not query.empty:
        return _search(args, query, [s.workspace for s in sources])
    lint = not args.no_lint
    portfolio = portfolio_of_sources(sources, today=today, lint=lint, statuses=args.status or (), sort=args.sort)
    if args.format == "json":
        text = json_text(portfolio.to_dict())
    elif args.format == "html":
        from ..analysis.portfolio_search import search_index
        from ..render.portfolio_html import render_portfolio_html

        text = render_portfolio_html(portfolio, search_index([s.workspace for s in sources]))
    else:
        from ..analysis.portfolio_text import portfolio_table

        text = portfolio_table(portfolio)
    write_output(text.encode("utf-8"), args.output)
    return 0


def _search(args: argparse.Namespace, query: SearchQuery, workspaces: list[Workspace]) -> int:
    from ..analysis.portfolio_search import search_portfolio

    hits = search_portfolio(workspaces, query)
    if args.format == "json":
        text = json_text({"query": query.__dict__, "hits": [h.to_dict() for h in hits]})
    else:
        from ..analysis.portfolio_text import search_table

        text = search_table(hits)
    write_output(text.encode("utf-8"), args.output)
    return 0
