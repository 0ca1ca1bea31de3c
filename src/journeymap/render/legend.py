"""The legend of a timeline map: only the symbols the map uses, each drawn and named."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import LaneKind, Map
from .blueprint_flows import hand_over_symbol, hand_overs
from .content import CellItem
from .feedback_view import heat_legend
from .freshness_badges import badge_symbol, legend_labels
from .icons import channel_icon, draw_channel_icon
from .layout import CellBox, TimelineLayout, layout_timeline
from .persona_curves import CurveStyle, marker_points
from .registry import RenderContext
from .svg import element, text_block
from .text import text_width
from .theme import ACCENT, MARK_FILL, MOT_FILL, MUTED, WEIGHT_FILL

__all__ = ["NEUTRAL_FILLS", "Legend", "LegendEntry", "legend"]

NEUTRAL_FILLS = frozenset({"#ffffff"})
"""Card fills that mean nothing and need no swatch: a plain white card."""

SIZE = 11.0
ROW_H = 20.0
GAP = 18.0
SWATCH = 26.0


@dataclass(frozen=True)
class LegendEntry:
    symbol: str  # est-line | measured-line | square | circle | triangle | star | fill:#rrggbb | cross | evidence:KIND
    # | persona:#rrggbb:MARKER (a persona's curve) | est-any | measured-any (the line styles, in any persona's colour)
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
    if symbol.startswith("channel:"):
        return draw_channel_icon(symbol[8:], x + 6, cy - 7, icon=symbol[8:])
    if symbol == "handover":
        return hand_over_symbol(x, cy)
    if symbol.startswith("persona:"):
        _, colour, marker = symbol.split(":")
        return _persona_symbol(CurveStyle(colour, colour, marker), x, cy, True)
    if symbol in ("est-any", "measured-any"):
        return _persona_symbol(CurveStyle(MUTED, MUTED, "circle"), x, cy, symbol == "measured-any")
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
        return element("rect", {"x": x + 8, "y": cy - 5, "width": 10, "height": 10, "fill": MARK_FILL})
    if symbol == "triangle":
        return element(
            "polygon", {"points": f"{x + 13},{cy - 6} {x + 19},{cy + 5} {x + 7},{cy + 5}", "fill": MARK_FILL}
        )
    if symbol == "circle":
        return element("circle", {"cx": x + 13, "cy": cy, "r": 5.5, "fill": MARK_FILL})
    if symbol == "star":  # the moment-of-truth card's fill behind its star
        plate = {"x": x, "y": cy - 8, "width": SWATCH, "height": 16, "rx": 3, "fill": MOT_FILL, "class": "jm-card"}
        star = text_block(["★"], x + 6, cy + 5, size=14, line_height=14, fill=ACCENT)
        return element("rect", plate) + star
    return text_block(["✕"], x + 6, cy + 5, size=14, line_height=14)


def _persona_symbol(style: CurveStyle, x: float, cy: float, measured: bool) -> str:
    """A short stretch of a curve in the persona's colour (dashed when estimated) with its marker in the middle."""
    line = {"x1": x, "y1": cy, "x2": x + SWATCH, "y2": cy, "stroke": style.colour, "stroke-width": 2.5}
    if not measured:
        line |= {"stroke-width": 2, "stroke-dasharray": "6 4"}
    fill, stroke = (style.colour, "#ffffff") if measured else ("#ffffff", style.colour)
    corners = marker_points(style.marker, x + SWATCH / 2, cy, 5.0)
    attrs = {"fill": fill, "stroke": stroke, "stroke-width": 1.5}
    if corners:
        mark = element("polygon", {"points": " ".join(f"{px:g},{py:g}" for px, py in corners), **attrs})
    else:
        mark = element("circle", {"cx": x + SWATCH / 2, "cy": cy, "r": 5.0, **attrs})
    return element("g", {"class": "jm-legend-curve"}, [element("line", line), mark])


def _curve_entries(layout: TimelineLayout) -> list[LegendEntry]:
    """Whose curves the emotion lane draws, and what a line's dash and a marker's fill say. With one curve, its
    two looks (estimated grey and dashed, measured blue and solid); with several, each persona's colour and marker,
    then the dash and fill that mean estimated or measured in every colour."""
    curves = [c for lane in layout.lanes for c in lane.curves]
    points = [p for c in curves for p in c.points]
    estimated, measured = any(not p.measured for p in points), any(p.measured for p in points)
    if len(curves) <= 1:
        entries = [LegendEntry("est-line", "emotion estimated by the team (≈, hollow points)")] if estimated else []
        if measured:
            entries.append(LegendEntry("measured-line", "emotion measured: mean rating, 95 % interval, n"))
        return entries
    entries = [
        LegendEntry(f"persona:{c.persona.style.colour}:{c.persona.style.marker}", f"{c.persona.name} — emotion")
        for c in curves
    ]
    if estimated:
        entries.append(LegendEntry("est-any", "estimated by the team (≈): dashed, hollow marker"))
    if measured:
        entries.append(LegendEntry("measured-any", "measured: solid, filled marker, 95 % interval, n"))
    return entries


def legend(m: Map, context: RenderContext, max_width: float = 1100.0, layout: TimelineLayout | None = None) -> Legend:
    """The legend of what the timeline ``layout`` of ``m`` draws (laid out here when not given): every symbol and
    every card colour on the page, and nothing that is not on it."""
    layout = layout if layout is not None else layout_timeline(m, context, 0.0)
    items = [(lane.lane.kind, item) for lane in layout.lanes for cell in lane.cells for item in _items(cell)]
    entries: list[LegendEntry] = []
    entries.extend(_curve_entries(layout))
    markers = {item.marker for _, item in items}
    for kind, shape in (("static", "square"), ("interactive", "circle"), ("human", "triangle")):
        if shape in markers:
            entries.append(LegendEntry(shape, f"{kind} touchpoint"))
    entries.extend(_channel_entries(items))
    if "star" in markers or any(col.moments for col in layout.columns):
        entries.append(LegendEntry("star", "moment of truth (framed column)"))
    if any(kind is LaneKind.PAIN_POINTS and item.kind == "card" for kind, item in items):
        entries.append(LegendEntry("cross", "pain point"))
    if hand_overs(m, layout):
        entries.append(LegendEntry("handover", "hand-over between blueprint layers"))
    entries.extend(_colour_entries(m, context, items))
    entries.extend(LegendEntry(f"fill:{fill}", label) for fill, label in heat_legend(m))
    freshness = layout.freshness
    if freshness is not None:
        entries.extend(LegendEntry(f"evidence:{kind}", text) for kind, text in legend_labels(freshness))
    return Legend(tuple(entries), max_width)


def _channel_entries(items: list[tuple[LaneKind, CellItem]]) -> list[LegendEntry]:
    """An entry for each channel icon on the page, named by the channels drawn with it."""
    channels: dict[str, list[str]] = {}
    for _, item in items:
        if item.channel is not None:
            names = channels.setdefault(channel_icon(item.channel), [])
            names.extend([item.channel] if item.channel not in names else [])
    return [LegendEntry(f"channel:{icon}", ", ".join(names)) for icon, names in channels.items()]


def _items(cell: CellBox) -> list[CellItem]:
    return [placed.item for placed in cell.items]


def _colour_entries(m: Map, context: RenderContext, items: list[tuple[LaneKind, CellItem]]) -> list[LegendEntry]:
    """A swatch for each fill a card on the page has, named by what it means: a weight, a VMPI band, or the
    colour the map sets on its cards (with their weights and lanes). White cards need none."""
    weights = {c.id: c.weight for lane in m.lanes for c in lane.cards} | {v.id: v.weight for v in m.value_moments}
    headings = {lane.kind: lane.heading for lane in m.lanes}
    weight_of = {fill: w for w, fill in WEIGHT_FILL.items()}
    used_weights: set[int] = set()
    used_bands: set[str] = set()
    own: dict[str, tuple[set[int], list[str]]] = {}
    for kind, item in items:
        fill = item.fill.lower()
        if fill in NEUTRAL_FILLS or item.kind == "moment-of-truth":
            continue
        if item.kind == "vmpi":
            used_bands.add(fill)
        elif fill in weight_of and weights.get(item.element_id) == weight_of[fill]:
            used_weights.add(weight_of[fill])
        else:
            ws, lanes = own.setdefault(fill, (set(), []))
            weight = weights.get(item.element_id)
            ws.update([weight] if weight else [])
            heading = headings.get(kind, kind.value.replace("-", " ")).lower()
            lanes.extend([heading] if heading not in lanes else [])
    entries = [LegendEntry(f"fill:{WEIGHT_FILL[w]}", f"weight W{w}") for w in sorted(used_weights)]
    for fill, (ws, lanes) in own.items():
        which = " ".join(f"W{w}" for w in sorted(ws))
        entries.append(LegendEntry(f"fill:{fill}", f"{which} {', '.join(lanes)} (colour set in the map)".strip()))
    bands = sorted(context.vmpi_bands, key=lambda b: b.min)
    for band, nxt in zip(bands, [*bands[1:], None], strict=True):
        if band.colour.lower() in used_bands:
            span = f"{band.min:g} %+" if nxt is None else f"{band.min:g}–{nxt.min:g} %"
            entries.append(LegendEntry(f"fill:{band.colour.lower()}", f"VMPI {span}: {band.label}"))
    return entries
