"""The opportunity board of a portfolio: every opportunity of every map of the given workspaces, with its source,
score, effort, impact, owner and status, sortable and filterable, and placed in a value-vs-effort matrix.

**Value** of an opportunity = its ``impact`` (1–10) when the team gave one, else its ``score`` (capped at 10),
else none. **Effort** is its ``effort`` (1–10).

**Quadrants** (value-vs-effort matrix): value and effort are *high* at :data:`MIDPOINT` (5.5, the middle of the
1–10 scale) or more.

=============== ========== ==========
quadrant        value      effort
=============== ========== ==========
quick win       high       low
big bet         high       high
fill-in         low        low
money pit       low        high
=============== ========== ==========

An opportunity without a value or an effort is not placed (``quadrant`` is ``None``).

**Sorting** (``sort=``): ``score``, ``impact`` and ``value`` highest first; ``effort`` lowest first; opportunities
without the number come last; ties keep the portfolio's order (workspace, map, opportunity in file order).

**Steps**: an opportunity's steps are named ``step-id`` (a step of its own map) or ``map-id:step-id`` (a step of
another map of the same workspace); each is resolved to the map and step it names (``step`` is ``None`` when the
map or the step does not exist: ``journeymap validate`` reports it as JM202).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

from ..errors import JourneymapError
from ..model import Map, Opportunity, Workspace
from ..model.elements import OpportunityStatus

__all__ = [
    "MIDPOINT",
    "QUADRANTS",
    "SORT_KEYS",
    "STATUSES",
    "BoardCard",
    "BoardStep",
    "OpportunityBoard",
    "Quadrant",
    "board_cards",
    "build_board",
    "opportunity_value",
    "quadrant",
]

MIDPOINT = 5.5
"""Value and effort at or above this are high (the middle of the 1–10 scale)."""

Quadrant = Literal["quick-win", "big-bet", "fill-in", "money-pit"]
QUADRANTS: dict[str, str] = {
    "quick-win": "Quick wins",
    "big-bet": "Big bets",
    "fill-in": "Fill-ins",
    "money-pit": "Money pits",
}
"""The quadrants of the value-vs-effort matrix and their labels."""

STATUSES: tuple[str, ...] = get_args(OpportunityStatus)
"""The statuses of an opportunity, in the order of the board's columns."""

SortKey = Literal["score", "effort", "impact", "value"]
SORT_KEYS: tuple[str, ...] = get_args(SortKey)


@dataclass(frozen=True)
class BoardStep:
    """A step an opportunity concerns: the map and step it names, and the step's name (``None`` when missing)."""

    map_id: str
    step_id: str
    step: str | None


@dataclass(frozen=True)
class BoardCard:
    """One opportunity on the board, with where it comes from."""

    workspace: str
    map_id: str
    map_title: str
    id: str
    text: str
    how_might_we: str
    source: str
    score: float | None
    effort: float | None
    impact: float | None
    value: float | None
    owner: str
    status: str
    quadrant: Quadrant | None
    steps: tuple[BoardStep, ...]
    hypotheses: int

    @property
    def maps(self) -> tuple[str, ...]:
        """The maps the opportunity concerns: its own first, then those its steps name."""
        found = [self.map_id]
        found += [s.map_id for s in self.steps if s.map_id not in found]
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "maps": list(self.maps), "steps": [asdict(s) for s in self.steps]}


@dataclass(frozen=True)
class OpportunityBoard:
    """The board: the opportunities kept by the filters, in the order asked for."""

    cards: tuple[BoardCard, ...]
    sort: str = "score"
    statuses: tuple[str, ...] = ()
    """The statuses the board was filtered to (empty: all)."""

    def by_status(self) -> dict[str, list[BoardCard]]:
        """The cards in a column per status (every status, in order, even when empty)."""
        columns: dict[str, list[BoardCard]] = {status: [] for status in STATUSES}
        for card in self.cards:
            columns[card.status].append(card)
        return columns

    def by_quadrant(self) -> dict[str, list[BoardCard]]:
        """The cards placed in each quadrant (every quadrant, even when empty); unplaced cards are left out."""
        quadrants: dict[str, list[BoardCard]] = {name: [] for name in QUADRANTS}
        for card in self.cards:
            if card.quadrant is not None:
                quadrants[card.quadrant].append(card)
        return quadrants

    @property
    def unplaced(self) -> list[BoardCard]:
        return [card for card in self.cards if card.quadrant is None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "sort": self.sort,
            "statuses": list(self.statuses),
            "midpoint": MIDPOINT,
            "opportunities": [card.to_dict() for card in self.cards],
            "counts": {status: len(cards) for status, cards in self.by_status().items()},
            "quadrants": {name: [c.id for c in cards] for name, cards in self.by_quadrant().items()},
        }


def opportunity_value(opportunity: Opportunity) -> float | None:
    """Value: the impact when given, else the score capped at 10, else ``None``."""
    if opportunity.impact is not None:
        return opportunity.impact
    if opportunity.score is not None:
        return min(opportunity.score, 10.0)
    return None


def quadrant(value: float | None, effort: float | None) -> Quadrant | None:
    """The quadrant of the value-vs-effort matrix (see the module docstring); ``None`` without both numbers."""
    if value is None or effort is None:
        return None
    if value >= MIDPOINT:
        return "big-bet" if effort >= MIDPOINT else "quick-win"
    return "money-pit" if effort >= MIDPOINT else "fill-in"


def _steps(opportunity: Opportunity, own: Map, maps: dict[str, Map]) -> tuple[BoardStep, ...]:
    found = []
    for ref in opportunity.steps:
        map_id, _, step_id = ref.rpartition(":")
        target = maps.get(map_id) if map_id else own
        step = target.step(step_id) if target is not None else None
        found.append(BoardStep(map_id or own.id, step_id, step.name if step is not None else None))
    return tuple(found)


def board_cards(workspace: Workspace, name: str | None = None) -> list[BoardCard]:
    """Every opportunity of every map of ``workspace``, in file order (``name``: the workspace's name shown)."""
    maps = {m.id: m for m in workspace.maps}
    cards = []
    for m in workspace.maps:
        for opp in m.opportunities:
            value = opportunity_value(opp)
            cards.append(
                BoardCard(
                    workspace=name or workspace.name,
                    map_id=m.id,
                    map_title=m.title,
                    id=opp.id,
                    text=opp.text,
                    how_might_we=opp.how_might_we,
                    source=opp.source.value,
                    score=opp.score,
                    effort=opp.effort,
                    impact=opp.impact,
                    value=value,
                    owner=opp.owner,
                    status=opp.status,
                    quadrant=quadrant(value, opp.effort),
                    steps=_steps(opp, m, maps),
                    hypotheses=len(opp.hypotheses),
                )
            )
    return cards


def _sort_key(key: str) -> Any:
    def number(card: BoardCard) -> tuple[bool, float]:
        value: float | None = getattr(card, key)
        if value is None:
            return (True, 0.0)
        return (False, value if key == "effort" else -value)

    return number


def build_board(
    workspaces: Iterable[Workspace], *, statuses: Sequence[str] = (), sort: str = "score"
) -> OpportunityBoard:
    """The board of the opportunities of ``workspaces``: only those whose status is one of ``statuses`` (all when
    empty), sorted by ``sort`` (see the module docstring)."""
    if sort not in SORT_KEYS:
        raise JourneymapError(f"unknown sort {sort!r}; sort by one of {', '.join(SORT_KEYS)}")
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise JourneymapError(f"unknown status {unknown[0]!r}; statuses: {', '.join(STATUSES)}")
    cards = [card for w in workspaces for card in board_cards(w)]
    if statuses:
        cards = [card for card in cards if card.status in statuses]
    cards.sort(key=_sort_key(sort))
    return OpportunityBoard(tuple(cards), sort, tuple(statuses))
