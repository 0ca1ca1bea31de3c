"""The legend of a timeline map: only the symbols the map uses, each drawn and named."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Map, MeasuredEmotion
from .freshness_badges import badge_symbol, legend_labels, map_freshness
from .registry import RenderContext
from .svg import element, text_block
from .text import text_width
from .theme import ACCENT, WEIGHT_FILL

__all__ = ["Legend", "legend"]

SIZE = 11.0
ROW_H = 20.0
GAP = 18.0
SWATCH = 26.0


@dataclass(frozen=True)
class LegendEntry:
    symbol: str  # est-line | measured-line | square | circle | triangle | star | fill:#rrggbb | cross | evidence:KIND
    label: str

    @property
    def width(self) -> float:
        return SWATCH + 6 + text_width(self.label, SIZE)


@dataclass(frozen=True)
class Legend:
    entries: tuple[LegendEntry, ...]
    max_width: float

    def rows(self) -> list[list[LegendEntry]]:
        rows: list[list[LegendEntry]] = [[]]
        used = 0.0
        for entry in self.entries:
            if rows[-1] and used + entry.width > self.max_width:
                rows.append([])
                used = 0.0
            rows[-1].append(entry)
            used += entry.width + GAP
        return rows if self.entries else []

    @property
    def height(self) -> float:
        return len(self.rows()) * ROW_H + (6 if self.entries else 0)

    def draw(self, x: float, y: float) -> str:
        parts = []
        for row_index, row in enumerate(self.rows()):
            cx = x
            cy = y + row_index * ROW_H + ROW_H / 2
            for entry in row:
                parts.append(_symbol(entry.symbol, cx, cy))
                parts.append(
                    text_block([entry.label], cx + SWATCH + 6, cy + 4, size=SIZE, line_height=14, css_class="jm-muted")
                )
                cx += entry.width + GAP
        return element("g", {"class": "jm-legend"}, parts)


def _symbol(symbol: str, x: float, cy: float) -> str:
    if symbol.startswith("evidence:"):
        return badge_symbol(symbol.removeprefix("evidence:"), x + 13, cy)
    if symbol == "est-line":
        return element("line", {"x1": x, "y1": cy, "x2": x + SWATCH, "y2": cy, "class": "jm-curve-est"})
    if symbol == "measured-line":
        return element("line", {"x1": x, "y1": cy, "x2": x + SWATCH, "y2": cy, "class": "jm-curve-measured"})
    if symbol.startswith("fill:"):
        return element(
            "rect",
            {"x": x, "y": cy - 7, "width": SWATCH, "height": 14, "rx": 3, "fill": symbol[5:], "class": "jm-card"},
        )
    if symbol == "square":
        return element("rect", {"x": x + 8, "y": cy - 5, "width": 10, "height": 10, "fill": "#6b46c1"})
    if symbol == "triangle":
        return element(
            "polygon", {"points": f"{x + 13},{cy - 6} {x + 19},{cy + 5} {x + 7},{cy + 5}", "fill": "#6b46c1"}
        )
    if symbol == "circle":
        return element("circle", {"cx": x + 13, "cy": cy, "r": 5.5, "fill": "#6b46c1"})
    glyph = "★" if symbol == "star" else "✕"
    return text_block([glyph], x + 6, cy + 5, size=14, line_height=14, fill=ACCENT if symbol == "star" else None)


def legend(m: Map, context: RenderContext, max_width: float = 1100.0) -> Legend:
    """The legend entries that apply to ``m``."""
    entries: list[LegendEntry] = []
    emotions = [s.emotion for s in m.steps if s.emotion is not None]
    if any(not isinstance(e, MeasuredEmotion) for e in emotions):
        entries.append(LegendEntry("est-line", "emotion estimated by the team (≈, hollow points)"))
    if any(isinstance(e, MeasuredEmotion) for e in emotions):
        entries.append(LegendEntry("measured-line", "emotion measured: mean rating, 95 % interval, n"))
    kinds = {tp.kind.value for tp in m.touchpoints}
    for kind, shape in (("static", "square"), ("interactive", "circle"), ("human", "triangle")):
        if kind in kinds:
            entries.append(LegendEntry(shape, f"{kind} touchpoint"))
    if m.moments_of_truth:
        entries.append(LegendEntry("star", "moment of truth (framed column)"))
    if any(lane.kind.value == "pain-points" for lane in m.lanes):
        entries.append(LegendEntry("cross", "pain point"))
    weights = {c.weight for lane in m.lanes for c in lane.cards if c.weight} | {v.weight for v in m.value_moments}
    for weight in sorted(weights):
        entries.append(LegendEntry(f"fill:{WEIGHT_FILL[weight]}", f"weight W{weight}"))
    if m.type.spec.vmpi_planner:
        bands = sorted(context.vmpi_bands, key=lambda b: b.min)
        for band, nxt in zip(bands, [*bands[1:], None], strict=True):
            span = f"{band.min:g} %+" if nxt is None else f"{band.min:g}–{nxt.min:g} %"
            entries.append(LegendEntry(f"fill:{band.colour}", f"VMPI {span}: {band.label}"))
    freshness = map_freshness(m, context)
    if freshness is not None:
        entries.extend(LegendEntry(f"evidence:{kind}", text) for kind, text in legend_labels(freshness))
    return Legend(tuple(entries), max_width)
