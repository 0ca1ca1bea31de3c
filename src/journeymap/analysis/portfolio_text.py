"""Plain-text tables of the portfolio, its search hits and the opportunity board (``--format table``)."""

from __future__ import annotations

from collections.abc import Sequence

from .opportunity_board import QUADRANTS, OpportunityBoard
from .portfolio import Portfolio
from .portfolio_search import SearchHit
from .text import format_table

__all__ = ["board_table", "portfolio_table", "search_table"]


def _n(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _journeys(portfolio: Portfolio) -> str:
    rows = []
    for j in portfolio.journeys:
        parts = " · ".join(f"{p.name} {p.score:.0f}" for p in j.health_parts)
        persona = j.persona_name or j.persona or "—"
        rows.append([j.id, j.owner or "—", j.status, j.type, persona, _n(j.health, 0), parts])
    headers = ["Journey", "Owner", "Status", "Type", "Persona", "Health", "Parts (score 0–100)"]
    return format_table(headers, rows, (0, 24, 0, 0, 24, 0, 48))


def _trees(portfolio: Portfolio) -> str:
    lines = []
    for tree in portfolio.trees:
        lines.append(tree.workspace)
        for root in tree.roots:
            for depth, node in root.walk():
                via = f"  (from step “{node.via_step}”)" if node.via_step else ""
                health = f"health {_n(node.health, 0)}"
                lines.append(f"{'  ' * (depth + 1)}{'└ ' if depth else '• '}{node.title} [{node.id}] {health}{via}")
    return "\n".join(lines)


def _heat(portfolio: Portfolio) -> str:
    lines = []
    for row in portfolio.heat_map:
        unit = " %" if row.measure == "vmpi" else ""
        cells = " | ".join(f"{c.stage} {_n(c.value, 0 if unit else 1)}{unit if c.value is not None else ''}"
                           for c in row.cells)  # fmt: skip
        lines.append(f"{row.map_id} ({'VMPI' if unit else 'emotion 1–10'}): {cells}")
    return "\n".join(lines) or "(no journey has stages)"


def _personas(portfolio: Portfolio) -> str:
    rows = [
        [p.name, p.kind, ", ".join(f"{m} ({how})" for m, _, how in p.journeys) or "— (in no journey)"]
        for p in portfolio.personas
    ]
    return format_table(["Persona", "Kind", "Journeys"], rows, (30, 0, 70))


def portfolio_table(portfolio: Portfolio) -> str:
    """Journeys with health and its parts, the tree, the heat map, personas and the board, as plain text."""
    sections = [
        ("Journeys", _journeys(portfolio)),
        ("Hierarchy", _trees(portfolio)),
        ("Heat map (mean emotional level per stage; VMPI per stage for value-moments planners)", _heat(portfolio)),
        ("Personas", _personas(portfolio)),
        ("Opportunities", board_table(portfolio.board)),
    ]
    return "\n\n".join(f"{title}\n{'=' * len(title)}\n{body}" for title, body in sections) + "\n"


def board_table(board: OpportunityBoard) -> str:
    """The board as a table, in its order, with the count per status and per quadrant."""
    if not board.cards:
        return "(no opportunities)\n"
    rows = [
        [
            c.status,
            _n(c.score),
            _n(c.value),
            _n(c.effort),
            QUADRANTS.get(c.quadrant or "", "—"),
            c.text,
            ", ".join(c.maps),
            c.owner or "—",
        ]
        for c in board.cards
    ]
    headers = ["Status", "Score", "Value", "Effort", "Quadrant", "Opportunity", "Maps", "Owner"]
    table = format_table(headers, rows, (0, 0, 0, 0, 0, 50, 30, 20))
    counts = " · ".join(f"{status} {len(cards)}" for status, cards in board.by_status().items())
    quads = " · ".join(f"{QUADRANTS[q]} {len(cards)}" for q, cards in board.by_quadrant().items())
    return f"{table}\n\nBy status: {counts}\nBy quadrant: {quads} · not placed {len(board.unplaced)}\n"


def search_table(hits: Sequence[SearchHit]) -> str:
    """Search hits: kind, text, map and where in it."""
    if not hits:
        return "no match\n"
    rows = [[h.kind, h.text, f"{h.map_id}", h.where] for h in hits]
    return format_table(["Kind", "Text", "Map", "Where"], rows, (0, 50, 0, 60)) + f"\n\n{len(hits)} found\n"
