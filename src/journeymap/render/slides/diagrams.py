"""The one slide of an ecosystem map or a mental model diagram, drawn from the shared layouts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...model import Map
from ..registry import RenderContext
from ..theme import ACTOR_FILL, FLOW_STROKE, GRID, INK, MUTED, is_dark
from .overview import _header_lines, _title
from .shapes import BLUE, MARGIN, SLIDE_H, SLIDE_W, Run, _Slide

if TYPE_CHECKING:
    from ..layout_mental import MentalLayout


def _fit_area(width_px: float, height_px: float, top: float) -> tuple[float, float, float]:
    """Scale (in per px) and origin to fit a ``width_px`` × ``height_px`` drawing below ``top``."""
    area_w = SLIDE_W - 2 * MARGIN
    area_h = SLIDE_H - top - 0.3
    scale = min(area_w / max(width_px, 1.0), area_h / max(height_px, 1.0))
    ox = MARGIN + (area_w - width_px * scale) / 2
    return scale, ox, top


def ecosystem_slide(deck: Any, m: Map, context: RenderContext) -> None:
    """The one slide of an ecosystem map: its actors and value flows, from the shared network layout."""
    from ..layout_network import layout_network

    slide = _Slide(deck)
    top = _title(slide, m.title, _header_lines(m, context))
    layout = layout_network(m)
    scale = _Scale(*_fit_area(layout.width, layout.height, top))
    font = max(6.0, min(12.0, 12 * scale.s * 96 / 1.3))
    for edge in layout.edges:
        points = [scale.point(p.x, p.y) for p in edge.polyline(16)]
        slide.line(points, FLOW_STROKE[edge.kind], 1.5, arrow=True)
    for node in layout.nodes:
        fill = ACTOR_FILL[node.kind]
        colour = "#ffffff" if is_dark(fill) else INK
        paras = [
            Run(" ".join(node.lines), font, bold=True, colour=colour),
            Run(node.kind_label, font * 0.8, colour=colour),
        ]
        slide.box(
            *scale.place(node),
            paras,
            fill=fill,
            line=MUTED,
            shape="round",
            align="center",
            anchor="middle",
        )
    for edge in layout.edges:
        paras = [Run(" ".join(edge.label_lines), font * 0.8, colour=FLOW_STROKE[edge.kind])]
        slide.box(
            *scale.place(edge.label_box),
            paras,
            fill="#ffffff",
            line=None,
            align="center",
            anchor="middle",
            margin=0.01,
        )
    lines = ["Ecosystem map: actors (boxes, kind written under the name) and value flows (arrows, labelled)."]
    lines += [f"{f.source} → {f.target}: {f.label} ({f.kind.value})" for f in m.value_flows]
    slide.finish("\n".join(lines))


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

    def size(self, px: float) -> float:
        return max(5.5, min(12.0, px * self.s * 72))


def mental_slide(deck: Any, m: Map, context: RenderContext) -> None:
    """The one slide of a mental model diagram: its towers and supports, from the shared layout."""
    from ..layout_mental import layout_mental

    slide = _Slide(deck)
    top = _title(slide, m.title, _header_lines(m, context))
    layout = layout_mental(m)
    scale = _Scale(*_fit_area(layout.width, layout.height, top))
    _mental_towers(slide, layout, scale)
    slide.line([scale.point(layout.line_x1, layout.line_y), scale.point(layout.line_x2, layout.line_y)], INK, 2.0)
    _mental_supports(slide, layout, scale)
    supported = sum(1 for t in layout.towers if t.supported)
    slide.finish(
        f"Mental model diagram: {len(layout.towers)} towers above the line, {len(m.supports)} supports below; "
        f"{supported} towers supported, {len(layout.towers) - supported} gaps."
    )


def _mental_towers(slide: _Slide, layout: MentalLayout, scale: _Scale) -> None:
    """Above the line: the mental spaces with their headers, and the towers with their boxes."""
    place, size = scale.place, scale.size
    for space in layout.spaces:
        x, y, w, h = place(space.region)
        slide.box(x, y, w, h, [], fill="#f4f5f7", line=GRID)
        x, y, w, h = place(space.header.box)
        slide.box(
            x,
            y,
            w,
            h,
            [Run(" ".join(space.header.lines), size(space.header.size), bold=True, colour="#ffffff")],
            fill=BLUE,
            line=None,
            align="center",
            anchor="middle",
        )
    for tower in layout.towers:
        x, y, w, h = place(tower.name.box)
        slide.box(
            x,
            y,
            w,
            h,
            [Run(" ".join(tower.name.lines), size(tower.name.size), bold=True)],
            fill="#dde7f3",
            line=GRID,
            align="center",
            anchor="middle",
        )
        for box in tower.boxes:
            x, y, w, h = place(box.box)
            slide.box(x, y, w, h, [Run(" ".join(box.lines), size(box.size))], fill="#ffffff", line=GRID)


def _mental_supports(slide: _Slide, layout: MentalLayout, scale: _Scale) -> None:
    """Below the line: the supports (with their notes) and the gaps where a tower has none."""
    place, size = scale.place, scale.size
    for support in layout.supports:
        x, y, w, h = place(support.text.box)
        paras = [Run(" ".join(support.text.lines), size(support.text.size))]
        paras += (
            [Run(" ".join(support.note), size(support.text.size) * 0.85, italic=True, colour=MUTED)]
            if support.note
            else []
        )
        slide.box(x, y, w, h, paras, fill="#e6f4ea", line=GRID)
    for gap in layout.gaps:
        x, y, w, h = place(gap.box)
        slide.box(
            x,
            y,
            w,
            h,
            [Run("gap: no support", size(10), italic=True, colour="#9b2c2c")],
            fill="#fde2e1",
            line="#9b2c2c",
            align="center",
            anchor="middle",
        )
