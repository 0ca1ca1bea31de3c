"""What each cell of a timeline map shows: the items of a lane at a step, with their text and style.

Shared by every renderer of timeline maps (SVG and HTML now; office formats later), so a card reads the same
everywhere. Colour is never the only signal: weights are written (``W4``), touchpoint kinds have shapes and
names, moments of truth a star and their scores, VMPI bands their label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..analysis.value_moments import vmpi, vmpi_band
from ..model import Card, LaneKind, Map, MomentOfTruth, VmpiBand
from ..model.emotion import rounded
from .feedback_view import touchpoint_line
from .theme import WEIGHT_FILL, lane_fill

__all__ = ["CellItem", "MapIndex", "cell_items"]


@dataclass(frozen=True)
class CellItem:
    """One box in a cell: a title, smaller meta lines, a fill and an optional marker shape."""

    element_id: str
    title: str
    meta: tuple[str, ...] = ()
    fill: str = "#ffffff"
    marker: str | None = None  # square | circle | triangle | star
    kind: str = "card"
    channel: str | None = None
    """A touchpoint's channel, drawn as its icon (see :mod:`.icons`)."""


@dataclass
class MapIndex:
    """The structured elements of a map grouped by step, built once per render."""

    touchpoints: dict[str, list[CellItem]] = field(default_factory=lambda: defaultdict(list))
    moments: dict[str, list[MomentOfTruth]] = field(default_factory=lambda: defaultdict(list))
    items: dict[tuple[LaneKind, str], list[CellItem]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, m: Map, bands: Sequence[VmpiBand]) -> MapIndex:
        index = cls()
        for tp in m.touchpoints:
            meta = [f"{tp.channel} · {tp.kind.value}"]
            if tp.value_types:
                meta.append("value: " + ", ".join(v.value for v in tp.value_types))
            if tp.feedback is not None:  # measured feedback: n comments · x % negative
                meta.append(touchpoint_line(tp.feedback))
            item = CellItem(tp.id, tp.name, tuple(meta), "#ffffff", _SHAPES[tp.kind.value], "touchpoint", tp.channel)
            index.items[(LaneKind.TOUCHPOINTS, tp.step)].append(item)
        for mot in m.moments_of_truth:
            index.moments[mot.step].append(mot)
            index.items[(LaneKind.MOMENTS_OF_TRUTH, mot.step)].append(_moment_item(mot))
        for sc in m.service_challenges:
            plans = tuple(f"↳ {c.text}" + (f" ({c.owner})" if c.owner else "") for c in sc.contingencies)
            index.items[(LaneKind.SERVICE_CHALLENGES, sc.step)].append(
                CellItem(sc.id, f"⚠ {sc.text}", plans or ("↳ no contingency yet",), "#ffffff", None, "challenge")
            )
        for opp in m.opportunities:
            lines = [opp.how_might_we] if opp.how_might_we else []
            score = f"score {opp.score:g} · " if opp.score is not None else ""
            lines.append(f"{score}from {opp.source.value.replace('-', ' ')}")
            for step_id in opp.steps:
                item = CellItem(opp.id, opp.text, tuple(lines), "#ffffff", None, "opportunity")
                index.items[(LaneKind.OPPORTUNITIES, step_id)].append(item)
        for vm in m.value_moments:
            fill = WEIGHT_FILL[vm.weight]
            band = vmpi_band(vmpi(vm), bands)
            index.items[(LaneKind.EXPECTATIONS, vm.step)].append(
                CellItem(vm.id, vm.name, (f"VMCE {vm.vmce:g} · W{vm.weight}",), fill, None, "value-moment")
            )
            index.items[(LaneKind.EXPERIENCE, vm.step)].append(
                CellItem(vm.id, vm.name, (f"VME {vm.vme:g} · W{vm.weight}",), fill, None, "value-moment")
            )
            index.items[(LaneKind.VMPI_RESULTS, vm.step)].append(
                CellItem(vm.id, f"VMPI {vmpi(vm):.0f} %", (vm.name, band.label), band.colour, None, "vmpi")
            )
        return index


_SHAPES = {"static": "square", "interactive": "circle", "human": "triangle"}


def _moment_item(mot: MomentOfTruth) -> CellItem:
    meta = [f"importance {mot.importance:g}"]
    if mot.expectation is not None and mot.experience is not None:
        gap = mot.expectation - mot.experience
        meta.append(f"gap {rounded(gap)} · priority {rounded(mot.importance * gap)}")  # one decimal everywhere
    meta.append("estimated" if mot.estimated else f"evidence: {len(mot.evidence)} source(s)")
    return CellItem(mot.id, mot.title, tuple(meta), "#fff8e6", "star", "moment-of-truth")


def _card_item(card: Card, kind: LaneKind) -> CellItem:
    meta: list[str] = []
    if card.weight is not None:
        meta.append(f"W{card.weight}")
    if card.tags:
        meta.append(" ".join(f"#{t}" for t in card.tags))
    for ev in card.evidence:
        meta.append(f"evidence: {ev.dataset}" + (f" (n={ev.n})" if ev.n is not None else ""))
    fill = card.colour or (WEIGHT_FILL[card.weight] if card.weight is not None else "#ffffff")
    title = f"✕ {card.text}" if kind is LaneKind.PAIN_POINTS else card.text
    return CellItem(card.id, title, (" · ".join(meta),) if meta else (), fill)


def cell_items(m: Map, index: MapIndex, lane_kind: LaneKind, cards: Sequence[Card], step_id: str) -> list[CellItem]:
    """The items of one cell: the structured elements of the lane's kind, then the lane's own cards."""
    items = list(index.items.get((lane_kind, step_id), ()))
    items.extend(_card_item(card, lane_kind) for card in cards)
    return items


def lane_background(kind: LaneKind) -> str:
    return lane_fill(kind)
