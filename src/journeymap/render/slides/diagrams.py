"""The slides of an ecosystem map (actors and value flows from the shared layout, each flow kind with its own
colour and dash, a legend of flow kinds, labels joined to their flow) and of a mental model diagram (a slide a
mental space: its towers over the line, their supports or gaps under it), every text at 10 pt or more."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...model import FlowKind, Map, Tower
from ..curve_labels import PlacedLabel, place_labels
from ..geometry import Box, Point
from ..registry import RenderContext
from ..theme import ACTOR_FILL, FLOW_STROKE, GRID, INK, MUTED, is_dark
from .deck_extra import title_slide
from .overview import _title
from .shapes import BLUE, MARGIN, MIN_PT, SLIDE_H, SLIDE_W, Run, _Slide, wrapped_lines

PT = 72.0
FLOW_DASH = {  # DrawingML preset dashes, matching the wall map's dash patterns by kind
    FlowKind.MONEY: "solid",
    FlowKind.SERVICE: "dash",
    FlowKind.GOODS: "lgDashDot",
    FlowKind.INFORMATION: "sysDash",
    FlowKind.TRUST: "sysDot",
    FlowKind.OTHER: "dashDot",
}
LEGEND_H = 0.45


KEY_W = 3.6  # the key of numbered flows, at the right, when their labels do not fit on the drawing


def _fit_area(width_px: float, height_px: float, top: float, key: bool = False) -> tuple[float, float, float]:
    """Scale (in per px) and origin to fit a ``width_px`` × ``height_px`` drawing below ``top``."""
    area_w = SLIDE_W - 2 * MARGIN - (KEY_W + 0.15 if key else 0.0)
    area_h = SLIDE_H - top - 0.3 - LEGEND_H
    scale = min(area_w / max(width_px, 1.0), area_h / max(height_px, 1.0))
    ox = MARGIN + (area_w - width_px * scale) / 2
    return scale, ox, top


@dataclass(frozen=True)
class _Scale:
    """From a layout's px to a slide's inches: the factor and the origin (see :func:`_fit_area`)."""

    s: float
    ox: float
    oy: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.s, self.oy + y * self.s

    def place(self, b: Any) -> tuple[float, float, float, float]:
        return *self.point(b.x, b.y), b.w * self.s, b.h * self.s


def ecosystem_slide(deck: Any, m: Map, context: RenderContext) -> None:
    """An ecosystem map's deck: the title slide, then its actors and value flows from the shared network layout:
    each flow's label beside it when every label finds a free place at 10 pt, else numbered flows and a key."""
    from ..layout_network import layout_network
    from ..network.ring_slides import slide_rings

    title_slide(deck, m, context)
    slide = _Slide(deck)
    top = _title(slide, m.title, [])  # the header lines are on the title slide: the drawing gets the room
    layout = layout_network(m)
    scale = _Scale(*_fit_area(layout.width, layout.height, top))
    bounds = Box(MARGIN * PT, top * PT, (SLIDE_W - 2 * MARGIN) * PT, (SLIDE_H - top - LEGEND_H - 0.15) * PT)
    labels = _flow_labels(scale, layout.edges, [b for b, _ in _node_boxes(layout, scale)], bounds)
    keyed = not all(label.clear for _, label in labels)
    if keyed:
        scale = _Scale(*_fit_area(layout.width, layout.height, top, key=True))
    right = SLIDE_W - MARGIN - (KEY_W + 0.15 if keyed else 0.0)
    slide_rings(slide, _slide_rings(layout, scale, right), scale.point, scale.s)
    for edge in layout.edges:
        points = [scale.point(p.x, p.y) for p in edge.polyline(16)]
        slide.line(points, FLOW_STROKE[edge.kind], 1.75, dash=FLOW_DASH[edge.kind], arrow=True)
    for (box, paras), node in zip(_node_boxes(layout, scale, right), layout.nodes, strict=True):
        fill = ACTOR_FILL[node.kind]
        slide.box(
            box.x / PT,
            box.y / PT,
            box.w / PT,
            box.h / PT,
            paras,
            fill=fill,
            line=MUTED,
            shape="round",
            align="center",
            anchor="middle",
        )
    if keyed:
        _flow_key(slide, scale, layout.edges, top)
    else:
        _draw_labels(slide, layout.edges, labels)
    _flow_legend(slide, sorted({e.kind for e in layout.edges}, key=list(FlowKind).index))
    lines = ["Ecosystem map: actors (boxes, kind written under the name) and value flows (arrows, labelled)."]
    lines += [f"{f.source} → {f.target}: {f.label} ({f.kind.value})" for f in m.value_flows]
    slide.finish("\n".join(lines))


def _slide_rings(layout: Any, scale: _Scale, right: float) -> tuple[Any, ...]:
    """The layout's rings measured again around the actor boxes as this slide draws them (in layout px)."""
    from ..network.ring_slides import slide_ring_layouts

    def px(b: Box) -> Box:
        return Box(
            (b.x / PT - scale.ox) / scale.s, (b.y / PT - scale.oy) / scale.s, b.w / PT / scale.s, b.h / PT / scale.s
        )

    boxes = {n.id: px(b) for (b, _), n in zip(_node_boxes(layout, scale, right), layout.nodes, strict=True)}
    area = px(Box(MARGIN * PT, scale.oy * PT, (right - MARGIN) * PT, (SLIDE_H - scale.oy - LEGEND_H - 0.15) * PT))
    return slide_ring_layouts(layout.rings, dict(layout.tiers), boxes, [e.label_box for e in layout.edges], area)


def _node_boxes(layout: Any, scale: _Scale, right: float = SLIDE_W - MARGIN) -> list[tuple[Box, list[Run]]]:
    """Each actor's box (in points), grown to hold its name at 11 pt and its kind at 10 pt, and its text."""
    out = []
    for node in layout.nodes:
        colour = "#ffffff" if is_dark(ACTOR_FILL[node.kind]) else INK
        paras = [
            Run(" ".join(node.lines), MIN_PT + 1, bold=True, colour=colour),
            Run(node.kind_label, MIN_PT, colour=colour),
        ]
        x, y, w, h = scale.place(node)
        longest = max((len(word) for r in paras for word in r.text.split()), default=1)
        wide = max(w, longest * (MIN_PT + 1) * 0.8 / PT + 0.16)
        x, w = min(max(MARGIN, x - (wide - w) / 2), right - wide), wide  # kept inside the drawing area
        need = sum(wrapped_lines(r.text, w - 0.1, r.size, r.bold) * r.size * 1.2 / PT for r in paras) + 0.1
        grow = max(0.0, need - h)
        out.append((Box(x * PT, (y - grow / 2) * PT, w * PT, (h + grow) * PT), paras))
    return out


def _flow_labels(
    scale: _Scale, edges: Sequence[Any], nodes: Sequence[Box], bounds: Box
) -> list[tuple[Point, PlacedLabel]]:
    """Where each flow's label goes (points): beside the middle of its flow, meeting no flow, actor or other
    label (:func:`~journeymap.render.curve_labels.place_labels`); with the middle of its flow."""
    sizes = []
    for edge in edges:
        text = " ".join(edge.label_lines)
        w = min(2.0, len(text) * MIN_PT * 0.56 / PT + 0.12)
        sizes.append((w * PT, (wrapped_lines(text, w - 0.06, MIN_PT) * MIN_PT * 1.2 / PT + 0.06) * PT))
    segments, anchors = [], []
    for edge in edges:
        curve = [scale.point(p.x, p.y) for p in edge.polyline(16)]
        segments += [(Point(a * PT, b * PT), Point(c * PT, d * PT)) for (a, b), (c, d) in itertools.pairwise(curve)]
        mx, my = curve[len(curve) // 2]
        anchors.append(Point(mx * PT, my * PT))
    placed = place_labels(anchors, sizes, segments, bounds, obstacles=nodes, radius=2.0, gap=2.0)
    return list(zip(anchors, placed, strict=True))


def _draw_labels(slide: _Slide, edges: Sequence[Any], labels: Sequence[tuple[Point, PlacedLabel]]) -> None:
    """Each label on a white plate, a leader line joining it to its flow when it stands off."""
    for edge, (anchor, label) in zip(edges, labels, strict=True):
        box = label.box
        near = Point(min(max(anchor.x, box.x), box.right), min(max(anchor.y, box.y), box.bottom))
        if abs(near.x - anchor.x) + abs(near.y - anchor.y) > 4.0:
            slide.line([(anchor.x / PT, anchor.y / PT), (near.x / PT, near.y / PT)], FLOW_STROKE[edge.kind], 0.75)
        text = [Run(" ".join(edge.label_lines), MIN_PT, colour=FLOW_STROKE[edge.kind])]
        slide.box(
            box.x / PT,
            box.y / PT,
            box.w / PT,
            box.h / PT,
            text,
            fill="#ffffff",
            line=FLOW_STROKE[edge.kind],
            line_width=0.5,
            align="center",
            anchor="middle",
            margin=0.02,
        )


def _flow_key(slide: _Slide, scale: _Scale, edges: Sequence[Any], top: float) -> None:
    """A numbered badge on the middle of each flow and, at the right, the key: number, label and kind."""
    x0 = SLIDE_W - MARGIN - KEY_W
    slide.text(x0, top, KEY_W, 0.28, [Run("Value flows", MIN_PT + 1, bold=True)])
    y = top + 0.3
    line_h = MIN_PT * 1.2 / PT
    for number, edge in enumerate(edges, start=1):
        curve = edge.polyline(16)
        mx, my = scale.point(curve[len(curve) // 2].x, curve[len(curve) // 2].y)
        badge = [Run(str(number), MIN_PT, bold=True, colour="#ffffff")]
        slide.box(
            mx - 0.15,
            my - 0.12,
            0.3,
            0.24,
            badge,
            fill=FLOW_STROKE[edge.kind],
            line="#ffffff",
            shape="oval",
            align="center",
            anchor="middle",
            margin=0.0,
        )
        text = f"{number}  {' '.join(edge.label_lines)}"
        h = wrapped_lines(text, KEY_W - 0.1, MIN_PT) * line_h + 0.04
        slide.text(x0, y, KEY_W, h, [Run(text, MIN_PT, colour=FLOW_STROKE[edge.kind])])
        y += h


def _flow_legend(slide: _Slide, kinds: Sequence[FlowKind]) -> None:
    """A sample of each flow kind's line (colour and dash) with its name, along the foot of the slide."""
    y = SLIDE_H - LEGEND_H - 0.1
    slide.text(MARGIN, y, 1.2, 0.3, [Run("Value flows:", MIN_PT, bold=True)])
    x = MARGIN + 1.2
    for kind in kinds:
        slide.line([(x, y + 0.15), (x + 0.6, y + 0.15)], FLOW_STROKE[kind], 2.0, dash=FLOW_DASH[kind], arrow=True)
        slide.text(x + 0.68, y, 1.3, 0.3, [Run(kind.value, MIN_PT, colour=INK)])
        x += 2.0


TOWERS_PER_SLIDE = 5


def mental_slide(deck: Any, m: Map, context: RenderContext) -> None:
    """A mental model diagram's deck: the title slide, then a slide a mental space (five towers at most) with its
    towers above the line and their supports — or a gap — below it."""
    title_slide(deck, m, context)
    parts = [
        (space.name, space.towers[i : i + TOWERS_PER_SLIDE])
        for space in m.mental_spaces
        for i in range(0, max(len(space.towers), 1), TOWERS_PER_SLIDE)
    ]
    for name, towers in parts:
        _mental_page(deck, m, context, name, towers)


def _mental_page(deck: Any, m: Map, context: RenderContext, name: str, towers: Sequence[Tower]) -> None:
    slide = _Slide(deck)
    top = _title(slide, f"{m.title} — {name}", [])
    col_w = (SLIDE_W - 2 * MARGIN) / max(len(towers), 1)
    size = 11.0
    w = col_w - 0.1
    above = [
        wrapped_lines(t.name, w - 0.1, 12, True) * 12 * 1.2 / PT
        + 0.17
        + sum(wrapped_lines(b.text, w - 0.1, size) * size * 1.25 / PT + 0.21 for b in t.boxes)
        for t in towers
    ]
    line_y = top + max(above, default=1.0) + 0.35
    for i, tower in enumerate(towers):
        x = MARGIN + i * col_w + 0.05
        name_h = wrapped_lines(tower.name, w - 0.1, 12, True) * 12 * 1.2 / PT + 0.12
        slide.box(
            x,
            top,
            w,
            name_h,
            [Run(tower.name, 12, bold=True, colour="#ffffff")],
            fill=BLUE,
            line=None,
            align="center",
            anchor="middle",
        )
        y = top + name_h + 0.05
        for box in tower.boxes:
            h = wrapped_lines(box.text, w - 0.1, size) * size * 1.25 / PT + 0.16
            slide.box(x, y, w, h, [Run(box.text, size)], fill="#dde7f3", line=GRID)
            y += h + 0.05
        supports = [s for s in m.supports if tower.id in s.towers]
        y = line_y + 0.15
        for support in supports:
            h = wrapped_lines(support.text, w - 0.1, size) * size * 1.25 / PT + 0.16
            slide.box(x, y, w, h, [Run(support.text, size)], fill="#e6f4ea", line=GRID)
            y += h + 0.05
        if not supports:
            slide.box(
                x,
                y,
                w,
                0.4,
                [Run("gap: no support", MIN_PT, italic=True, colour="#9b2c2c")],
                fill="#fde2e1",
                line="#9b2c2c",
                align="center",
                anchor="middle",
            )
    slide.line([(MARGIN, line_y), (SLIDE_W - MARGIN, line_y)], INK, 2.0)
    slide.text(MARGIN, line_y - 0.28, 3.0, 0.26, [Run("▲ the people's thinking", MIN_PT, colour=MUTED)])
    slide.text(MARGIN, SLIDE_H - 0.35, 4.0, 0.26, [Run("▼ what the organisation offers", MIN_PT, colour=MUTED)])
    gaps = sum(1 for t in towers if not any(t.id in s.towers for s in m.supports))
    slide.finish(f"Mental space “{name}”: {len(towers)} towers above the line, {gaps} without support (gaps).")
