"""The opportunity board in HTML: the value-vs-effort matrix (an SVG scatter over the four quadrants, each
opportunity a numbered dot) and the board's columns by status. Used by the portfolio page and by
``journeymap opportunities --format html``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..analysis.opportunity_board import MIDPOINT, QUADRANTS, BoardCard, OpportunityBoard
from .html_document import h

__all__ = ["board_columns", "board_section", "value_effort_matrix"]

SIZE = 440
PAD = 44
QUADRANT_FILL = {"quick-win": "#e3f4e8", "big-bet": "#e4edf8", "fill-in": "#f5f7fa", "money-pit": "#fbe9e7"}
QUADRANT_TEXT = {"quick-win": "#1e6b35", "big-bet": "#1d4e89", "fill-in": "#52606d", "money-pit": "#9b1c1c"}
STATUS_LABELS = {
    "idea": "Idea",
    "testing": "Testing",
    "validated": "Validated",
    "rejected": "Rejected",
    "delivered": "Delivered",
}


def _x(effort: float) -> float:
    return PAD + (effort - 1) / 9 * (SIZE - 2 * PAD)


def _y(value: float) -> float:
    return SIZE - PAD - (value - 1) / 9 * (SIZE - 2 * PAD)


def _quadrants() -> Iterator[str]:
    mid_x, mid_y = _x(MIDPOINT), _y(MIDPOINT)
    left, right, top, bottom = PAD, SIZE - PAD, PAD, SIZE - PAD
    boxes = {
        "quick-win": (left, top, mid_x - left, mid_y - top),
        "big-bet": (mid_x, top, right - mid_x, mid_y - top),
        "fill-in": (left, mid_y, mid_x - left, bottom - mid_y),
        "money-pit": (mid_x, mid_y, right - mid_x, bottom - mid_y),
    }
    for name, (x, y, w, hgt) in boxes.items():
        yield f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{hgt:.1f}" fill="{QUADRANT_FILL[name]}"/>'
        anchor_x = x + 8 if name in ("quick-win", "fill-in") else x + w - 8
        anchor = "start" if name in ("quick-win", "fill-in") else "end"
        label_y = y + 18 if name in ("quick-win", "big-bet") else y + hgt - 8
        yield (
            f'<text x="{anchor_x:.1f}" y="{label_y:.1f}" text-anchor="{anchor}" font-size="13" font-weight="bold" '
            f'fill="{QUADRANT_TEXT[name]}">{h(QUADRANTS[name])}</text>'
        )


def _axes() -> Iterator[str]:
    yield f'<rect x="{PAD}" y="{PAD}" width="{SIZE - 2 * PAD}" height="{SIZE - 2 * PAD}" fill="none" stroke="#9aa5b1"/>'
    for tick in (1, 5.5, 10):
        yield f'<text x="{_x(tick):.1f}" y="{SIZE - PAD + 16}" text-anchor="middle" font-size="11">{tick:g}</text>'
        yield f'<text x="{PAD - 6}" y="{_y(tick) + 4:.1f}" text-anchor="end" font-size="11">{tick:g}</text>'
    yield f'<text x="{SIZE / 2}" y="{SIZE - 8}" text-anchor="middle" font-size="12" fill="#52606d">Effort →</text>'
    yield (
        f'<text x="14" y="{SIZE / 2}" text-anchor="middle" font-size="12" fill="#52606d" '
        f'transform="rotate(-90 14 {SIZE / 2})">Value (impact, else score) →</text>'
    )


def value_effort_matrix(cards: Sequence[BoardCard]) -> str:
    """The matrix as inline SVG: the four quadrants and a numbered dot per placed card (numbers as on the board)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" '
        'role="img" aria-label="Value versus effort matrix" font-family="DejaVu Sans, Verdana, sans-serif">',
        *_quadrants(),
        *_axes(),
    ]
    seen: dict[tuple[float, float], int] = {}
    for number, card in enumerate(cards, start=1):
        if card.quadrant is None or card.value is None or card.effort is None:
            continue
        key = (card.effort, card.value)
        shift = seen.get(key, 0)
        seen[key] = shift + 1
        x, y = _x(card.effort) + 9 * (shift % 3), _y(card.value) - 9 * (shift // 3)
        colour = QUADRANT_TEXT[card.quadrant]
        parts.append(
            f"<g><title>{h(card.text)} — value {card.value:g}, effort {card.effort:g}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="10" fill="#fff">{number}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _steps(card: BoardCard) -> str:
    named = []
    for step in card.steps:
        name = step.step or f"{step.step_id} (missing)"
        named.append(name if step.map_id == card.map_id else f"{step.map_id} › {name}")
    return ", ".join(named)


def _card(card: BoardCard, number: int) -> str:
    quadrant = QUADRANTS.get(card.quadrant or "", "not placed")
    colour = QUADRANT_TEXT.get(card.quadrant or "", "#52606d")
    search = " ".join((card.text, card.how_might_we, card.owner, *card.maps, card.status, card.source, card.workspace))
    steps = _steps(card)
    return (
        f'<div class="opp" data-filter data-search="{h(search.lower())}">'
        f'<p><span class="n">{number}</span>{h(card.text)}</p>'
        + (f'<div class="muted"><i>{h(card.how_might_we)}</i></div>' if card.how_might_we else "")
        + f'<div style="margin:4px 0"><b style="color:{colour}">{h(quadrant)}</b> · score {_number(card.score)} · '
        f"value {_number(card.value)} · effort {_number(card.effort)}</div>"
        f'<div class="muted">{h(card.owner or "no owner")} · {h(card.source.replace("-", " "))}</div>'
        f'<div class="muted">{h(card.map_title)}' + (f" › {h(steps)}" if steps else "") + "</div></div>"
    )


def board_columns(board: OpportunityBoard) -> str:
    """The board: a column per status (idea → testing → validated / rejected → delivered), cards numbered."""
    numbers = {id(card): n for n, card in enumerate(board.cards, start=1)}
    columns = []
    for status, cards in board.by_status().items():
        inner = "".join(_card(card, numbers[id(card)]) for card in cards) or '<p class="muted">none</p>'
        columns.append(
            f'<div class="column"><h3><span class="pill st-{h(status)}">{h(STATUS_LABELS[status])}</span> '
            f'<span class="muted">{len(cards)}</span></h3>{inner}</div>'
        )
    return f'<div class="board">{"".join(columns)}</div>'


def board_section(board: OpportunityBoard) -> str:
    """The matrix beside its legend, then the board's columns."""
    if not board.cards:
        return '<section id="opportunities"><h2>Opportunities</h2><p class="muted">No opportunities yet.</p></section>'
    counts = " · ".join(f"{QUADRANTS[q]}: {len(c)}" for q, c in board.by_quadrant().items())
    note = (
        f"Value = impact (1–10), else the score (capped at 10); high at {MIDPOINT:g} or more, as effort. "
        f"{counts} · not placed (no value or effort): {len(board.unplaced)}. Sorted by {h(board.sort)}."
    )
    return (
        '<section id="opportunities"><h2>Opportunities across journeys</h2>'
        f'<div class="matrix"><div class="card">{value_effort_matrix(board.cards)}</div>'
        f'<div style="max-width:560px">{_quadrant_lists(board)}<p class="muted">{note}</p></div></div>'
        f'<div style="margin-top:14px">{board_columns(board)}</div></section>'
    )


def _quadrant_lists(board: OpportunityBoard) -> str:
    numbers = {id(card): n for n, card in enumerate(board.cards, start=1)}
    blocks = []
    for name, cards in board.by_quadrant().items():
        items = "".join(f"<li><b>{numbers[id(c)]}</b> {h(c.text)}</li>" for c in cards[:6])
        more = f'<li class="muted">and {len(cards) - 6} more</li>' if len(cards) > 6 else ""
        body = f"<ul>{items}{more}</ul>" if cards else '<p class="muted">none</p>'
        blocks.append(
            f'<div><h3 style="color:{QUADRANT_TEXT[name]};margin:6px 0 2px;font-size:14px">{h(QUADRANTS[name])}</h3>'
            f'<div style="font-size:13px">{body}</div></div>'
        )
    return "".join(blocks)
