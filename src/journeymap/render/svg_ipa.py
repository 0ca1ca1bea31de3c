"""The importance–performance chart as SVG: satisfaction across, importance up, four named quadrants.

* The axes zoom to the data: from the whole number at or below the lowest value (points and crossing line)
  to the whole number at or above the highest, at least three units wide, within the 1–10 scale.
* The crossing lines are dashed and labelled with their values; each quadrant is tinted *and* named
  (never colour alone), with the number of touchpoints in it.
* Each touchpoint is a numbered dot; its name is placed next to it where it overlaps no other label, dot
  or quadrant name — trying eight directions at growing distances, with a leader line when it sits away
  from its dot. A label that finds no free place inside the chart goes to a column right of the chart.
* A numbered key below the chart lists every touchpoint with its scores, sample size and quadrant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..analysis.ipa import IpaPoint, IpaResult, Quadrant
from .geometry import Box
from .svg import element, esc, num, svg_document, text_block, text_line
from .text import text_width, wrap
from .theme import GRID, INK, MUTED, SVG_CSS

__all__ = ["Box", "IpaLayout", "LabelBox", "layout_ipa", "render_ipa_svg"]

MARGIN = 24.0
PLOT_W = 620.0
PLOT_H = 500.0
AXIS_W = 70.0  # left of the plot: tick labels and the rotated axis title
AXIS_H = 52.0  # below the plot: tick labels and the axis title
TITLE_SIZE = 18.0
BODY_SIZE = 12.0
LABEL_SIZE = 11.0
LABEL_LINE_H = 13.0
LABEL_MAX_W = 150.0
LABEL_PAD = 2.0
DOT_R = 9.0
QUADRANT_SIZE = 13.0
KEY_SIZE = 11.5
CROSS_SIZE = 10.0
KEY_LINE_H = 16.0

QUADRANT_FILL: dict[Quadrant, str] = {
    Quadrant.CONCENTRATE_HERE: "#fde2e1",
    Quadrant.KEEP_UP_THE_GOOD_WORK: "#e3f4e8",
    Quadrant.LOW_PRIORITY: "#f1f3f5",
    Quadrant.POSSIBLE_OVERKILL: "#fdf3d8",
}
DOT_FILL = "#1d4e89"

IPA_CSS = (
    SVG_CSS
    + """
.jm-cross { stroke: #52606d; stroke-width: 1.5; stroke-dasharray: 7 4; }
.jm-axis { stroke: #1f2933; stroke-width: 1.2; }
.jm-tick { stroke: #9aa5b1; stroke-width: 1; }
.jm-leader { stroke: #7b8794; stroke-width: 0.8; }
.jm-dot-num { fill: #ffffff; font-weight: bold; }
"""
)


@dataclass(frozen=True)
class LabelBox:
    """Where a touchpoint's name is written: its box, lines, and whether a leader line joins it to its dot."""

    index: int
    point: IpaPoint
    dot_x: float
    dot_y: float
    box: Box
    lines: tuple[str, ...]
    leader: bool


@dataclass(frozen=True)
class Axis:
    low: float
    high: float

    def ticks(self) -> list[int]:
        return list(range(math.ceil(self.low), math.floor(self.high) + 1))


@dataclass(frozen=True)
class IpaLayout:
    width: float
    height: float
    plot: Box
    x_axis: Axis  # satisfaction
    y_axis: Axis  # importance
    title: tuple[str, ...]
    subtitle: tuple[str, ...]
    quadrant_boxes: dict[Quadrant, Box]
    labels: tuple[LabelBox, ...]
    key_top: float
    key_lines: tuple[tuple[int, tuple[str, ...]], ...]

    def x(self, satisfaction: float) -> float:
        return self.plot.x + (satisfaction - self.x_axis.low) / (self.x_axis.high - self.x_axis.low) * self.plot.w

    def y(self, importance: float) -> float:
        return self.plot.y + (self.y_axis.high - importance) / (self.y_axis.high - self.y_axis.low) * self.plot.h


def _axis(values: list[float], scale: tuple[float, float]) -> Axis:
    low = max(scale[0], math.floor(min(values) - 0.3))
    high = min(scale[1], math.ceil(max(values) + 0.3))
    while high - low < 3:
        if low > scale[0]:
            low -= 1
        if high - low < 3 and high < scale[1]:
            high += 1
    return Axis(float(low), float(high))


def _directions() -> list[tuple[float, float]]:
    # right, left, up-right, down-right, up-left, down-left, up, down: names read best beside their dot
    return [(1, 0), (-1, 0), (1, -1), (1, 1), (-1, -1), (-1, 1), (0, -1), (0, 1)]


def _candidate(cx: float, cy: float, w: float, h: float, dx: float, dy: float, distance: float) -> Box:
    gap = DOT_R + 3 + distance
    if dx > 0:
        x = cx + gap
    elif dx < 0:
        x = cx - gap - w
    else:
        x = cx - w / 2
    if dy > 0:
        y = cy + gap * (0.6 if dx else 1)
    elif dy < 0:
        y = cy - gap * (0.6 if dx else 1) - h
    else:
        y = cy - h / 2
    return Box(x, y, w, h)


def _place_labels(
    points: list[tuple[int, IpaPoint, float, float]],
    plot: Box,
    blocked: list[Box],
    avoid: list[Box],
    overflow_x: float,
) -> list[LabelBox]:
    """Labels that overlap no other label, dot or ``blocked`` box; ``avoid`` boxes (the crossing lines and
    their values) are kept clear when a place can be found without them."""
    dots = [Box(cx - DOT_R, cy - DOT_R, 2 * DOT_R, 2 * DOT_R) for _, _, cx, cy in points]
    placed: list[LabelBox] = []
    taken: list[Box] = []
    overflow_y = plot.y
    # the most crowded points first: a dot with many neighbours has the fewest free places
    order = sorted(points, key=lambda p: (-_neighbours(p, points), p[0]))
    for index, point, cx, cy in order:
        lines = tuple(wrap(point.name, LABEL_MAX_W, LABEL_SIZE))
        w = max(text_width(line, LABEL_SIZE) for line in lines) + 2 * LABEL_PAD
        h = len(lines) * LABEL_LINE_H + 2 * LABEL_PAD
        found: LabelBox | None = None
        for obstacles in ([*taken, *dots, *blocked, *avoid], [*taken, *dots, *blocked]):
            found = _free_place(index, point, cx, cy, w, h, lines, plot, obstacles)
            if found:
                break
        if found is None:  # no free place in the chart: a column to its right, joined by a leader line
            found = LabelBox(index, point, cx, cy, Box(overflow_x, overflow_y, w, h), lines, leader=True)
            overflow_y += h + 4
        taken.append(found.box)
        placed.append(found)
    return sorted(placed, key=lambda label: label.index)


def _free_place(
    index: int,
    point: IpaPoint,
    cx: float,
    cy: float,
    w: float,
    h: float,
    lines: tuple[str, ...],
    plot: Box,
    obstacles: list[Box],
) -> LabelBox | None:
    for ring, distance in enumerate((0.0, 10.0, 24.0, 42.0, 64.0, 90.0)):
        for dx, dy in _directions():
            box = _candidate(cx, cy, w, h, dx, dy, distance)
            padded = Box(box.x - 2, box.y - 2, box.w + 4, box.h + 4)
            if box.inside(plot) and not any(padded.overlaps(b) for b in obstacles):
                return LabelBox(index, point, cx, cy, box, lines, leader=ring > 1)
    return None


def _neighbours(point: tuple[int, IpaPoint, float, float], points: list[tuple[int, IpaPoint, float, float]]) -> int:
    _, _, cx, cy = point
    return sum(1 for _, _, x, y in points if (x - cx) ** 2 + (y - cy) ** 2 < 120**2) - 1


def _crossing_label_boxes(plot: Box, cross_x: float, cross_y: float, result: IpaResult) -> list[Box]:
    """Where the values of the crossing lines are written: S* at the foot of the vertical line, I* at the
    right end of the horizontal one."""
    s_w = text_width(f"S* {result.satisfaction_cross:.2f}", CROSS_SIZE) + 4
    i_w = text_width(f"I* {result.importance_cross:.2f}", CROSS_SIZE) + 4
    return [
        Box(cross_x + 3, plot.y + plot.h - 44, s_w, CROSS_SIZE + 4),
        Box(plot.x + plot.w - i_w - 4, cross_y - CROSS_SIZE - 6, i_w, CROSS_SIZE + 4),
    ]


def _quadrant_boxes(plot: Box) -> dict[Quadrant, Box]:
    """Where each quadrant's name is written: in its outer corner."""
    boxes = {}
    for q, right, top in (
        (Quadrant.CONCENTRATE_HERE, False, True),
        (Quadrant.KEEP_UP_THE_GOOD_WORK, True, True),
        (Quadrant.LOW_PRIORITY, False, False),
        (Quadrant.POSSIBLE_OVERKILL, True, False),
    ):
        w = text_width(q.label + " (00)", QUADRANT_SIZE, bold=True) + 8
        h = QUADRANT_SIZE + 8
        x = plot.x + plot.w - w - 4 if right else plot.x + 4
        y = plot.y + 4 if top else plot.y + plot.h - h - 4
        boxes[q] = Box(x, y, w, h)
    return boxes


def _key_text(index: int, p: IpaPoint) -> str:
    n = f", n = {p.n}" if p.n is not None else ""
    source = "" if p.source == "map" else " (survey)"
    return (
        f"{index}. {p.name} — {p.step_name}: importance {p.importance:g}, satisfaction {p.satisfaction:g}{n}"
        f"{source} — {p.quadrant.label}"
    )


def layout_ipa(result: IpaResult) -> IpaLayout:
    """The geometry of the chart (pure: tests check that labels never overlap)."""
    content_w = AXIS_W + PLOT_W
    title = tuple(wrap(f"Importance–performance analysis: {result.map_title}", content_w, TITLE_SIZE, bold=True))
    subtitle = tuple(wrap(_subtitle(result), content_w, BODY_SIZE))
    top = MARGIN + len(title) * 23 + len(subtitle) * 16 + 18
    plot = Box(MARGIN + AXIS_W, top, PLOT_W, PLOT_H)
    xs = [p.satisfaction for p in result.points] + [result.satisfaction_cross]
    ys = [p.importance for p in result.points] + [result.importance_cross]
    x_axis, y_axis = _axis(xs, result.scale), _axis(ys, result.scale)
    probe = IpaLayout(0, 0, plot, x_axis, y_axis, title, subtitle, {}, (), 0, ())
    cross_x, cross_y = probe.x(result.satisfaction_cross), probe.y(result.importance_cross)
    quadrant_boxes = _quadrant_boxes(plot)
    avoid = [
        Box(cross_x - 1.5, plot.y, 3, plot.h),
        Box(plot.x, cross_y - 1.5, plot.w, 3),
        *_crossing_label_boxes(plot, cross_x, cross_y, result),
    ]
    points = [(i + 1, p, probe.x(p.satisfaction), probe.y(p.importance)) for i, p in enumerate(result.points)]
    labels = _place_labels(points, plot, list(quadrant_boxes.values()), avoid, plot.x + plot.w + 14)
    right = max([plot.x + plot.w, *(lb.box.x + lb.box.w for lb in labels)])
    width = right + MARGIN
    key_top = plot.y + plot.h + AXIS_H + 18
    overflow_bottom = max((lb.box.y + lb.box.h for lb in labels), default=0.0)
    key_top = max(key_top, overflow_bottom + 18)
    key_lines = tuple(
        (i + 1, tuple(wrap(_key_text(i + 1, p), content_w - 10, KEY_SIZE))) for i, p in enumerate(result.points)
    )
    key_h = 20 + sum(len(lines) for _, lines in key_lines) * KEY_LINE_H
    height = key_top + key_h + MARGIN
    return IpaLayout(
        width, height, plot, x_axis, y_axis, title, subtitle, quadrant_boxes, tuple(labels), key_top, key_lines
    )


def _subtitle(result: IpaResult) -> str:
    count = len(result.points)
    text = (
        f"{count} touchpoint{'s' if count != 1 else ''} rated 1–10 for importance and satisfaction. "
        f"Crossing lines at importance {result.importance_cross:.2f} and satisfaction "
        f"{result.satisfaction_cross:.2f} ({result.crossing}); a point on a line counts as high."
    )
    if result.unscored:
        text += (
            f" {len(result.unscored)} touchpoint{'s' if len(result.unscored) != 1 else ''} without scores not shown."
        )
    return text


def render_ipa_svg(result: IpaResult) -> str:
    """The chart of ``result`` as a standalone SVG document."""
    layout = layout_ipa(result)
    body = [
        element("rect", {"x": 0, "y": 0, "width": layout.width, "height": layout.height, "fill": "#ffffff"}),
        text_block(list(layout.title), MARGIN, MARGIN + 18, size=TITLE_SIZE, line_height=23, bold=True),
        text_block(
            list(layout.subtitle),
            MARGIN,
            MARGIN + len(layout.title) * 23 + 12,
            size=BODY_SIZE,
            line_height=16,
            css_class="jm-muted",
        ),
        *_quadrants(layout, result),
        *_axes(layout),
        *_crossing(layout, result),
        *_leaders(layout),
        *(_point(label) for label in layout.labels),
        *(_label(label) for label in layout.labels),
        _key(layout),
    ]
    return svg_document(
        layout.width, layout.height, layout.title[0] if layout.title else "", _desc(result), body, IPA_CSS
    )


def _desc(result: IpaResult) -> str:
    parts = [f"Importance–performance chart of {len(result.points)} touchpoints of {result.map_title}."]
    for q in Quadrant:
        names = [p.name for p in result.in_quadrant(q)]
        parts.append(f"{q.label}: {', '.join(names) if names else 'none'}.")
    return " ".join(parts)


def _quadrants(layout: IpaLayout, result: IpaResult) -> list[str]:
    plot = layout.plot
    cx = min(max(layout.x(result.satisfaction_cross), plot.x), plot.x + plot.w)
    cy = min(max(layout.y(result.importance_cross), plot.y), plot.y + plot.h)
    areas = {
        Quadrant.CONCENTRATE_HERE: Box(plot.x, plot.y, cx - plot.x, cy - plot.y),
        Quadrant.KEEP_UP_THE_GOOD_WORK: Box(cx, plot.y, plot.x + plot.w - cx, cy - plot.y),
        Quadrant.LOW_PRIORITY: Box(plot.x, cy, cx - plot.x, plot.y + plot.h - cy),
        Quadrant.POSSIBLE_OVERKILL: Box(cx, cy, plot.x + plot.w - cx, plot.y + plot.h - cy),
    }
    parts = []
    for q, area in areas.items():
        parts.append(
            element("rect", {"x": area.x, "y": area.y, "width": area.w, "height": area.h, "fill": QUADRANT_FILL[q]})
        )
    for q, box in layout.quadrant_boxes.items():
        count = len(result.in_quadrant(q))
        parts.append(
            element(
                "g",
                {"class": f"jm-quadrant jm-{q.value}"},
                [
                    element("title", None, esc(f"{q.label}: {q.advice}")),
                    text_line(
                        f"{q.label} ({count})", box.x + 4, box.y + QUADRANT_SIZE + 2, QUADRANT_SIZE, bold=True, fill=INK
                    ),
                ],
            )
        )
    parts.append(
        element(
            "rect",
            {"x": plot.x, "y": plot.y, "width": plot.w, "height": plot.h, "fill": "none", "stroke": GRID},
        )
    )
    return parts


def _axes(layout: IpaLayout) -> list[str]:
    plot = layout.plot
    bottom, left = plot.y + plot.h, plot.x
    parts = [
        element("line", {"x1": left, "y1": bottom, "x2": left + plot.w, "y2": bottom, "class": "jm-axis"}),
        element("line", {"x1": left, "y1": plot.y, "x2": left, "y2": bottom, "class": "jm-axis"}),
    ]
    for tick in layout.x_axis.ticks():
        x = layout.x(tick)
        parts.append(element("line", {"x1": x, "y1": bottom, "x2": x, "y2": bottom + 5, "class": "jm-tick"}))
        parts.append(text_line(str(tick), x, bottom + 18, 11, anchor="middle"))
    for tick in layout.y_axis.ticks():
        y = layout.y(tick)
        parts.append(element("line", {"x1": left - 5, "y1": y, "x2": left, "y2": y, "class": "jm-tick"}))
        parts.append(text_line(str(tick), left - 9, y + 4, 11, anchor="end"))
    parts.append(
        text_line("Satisfaction (performance), 1–10 →", left + plot.w / 2, bottom + 40, 12, anchor="middle", bold=True)
    )
    mid_y = plot.y + plot.h / 2
    label_x = MARGIN + 14
    parts.append(
        element(
            "g",
            {"transform": f"rotate(-90 {num(label_x)} {num(mid_y)})"},
            text_line("Importance, 1–10 →", label_x, mid_y, 12, anchor="middle", bold=True),
        )
    )
    return parts


def _crossing(layout: IpaLayout, result: IpaResult) -> list[str]:
    plot = layout.plot
    x, y = layout.x(result.satisfaction_cross), layout.y(result.importance_cross)
    s_box, i_box = _crossing_label_boxes(plot, x, y, result)
    return [
        element("line", {"x1": x, "y1": plot.y, "x2": x, "y2": plot.y + plot.h, "class": "jm-cross"}),
        element("line", {"x1": plot.x, "y1": y, "x2": plot.x + plot.w, "y2": y, "class": "jm-cross"}),
        *(
            text_line(label, box.x + 2, box.y + CROSS_SIZE + 1, CROSS_SIZE, fill=MUTED)
            for label, box in (
                (f"S* {result.satisfaction_cross:.2f}", s_box),
                (f"I* {result.importance_cross:.2f}", i_box),
            )
        ),
    ]


def _leaders(layout: IpaLayout) -> list[str]:
    parts = []
    for label in layout.labels:
        if not label.leader:
            continue
        box = label.box
        tx = min(max(label.dot_x, box.x), box.x + box.w)
        ty = min(max(label.dot_y, box.y), box.y + box.h)
        parts.append(element("line", {"x1": label.dot_x, "y1": label.dot_y, "x2": tx, "y2": ty, "class": "jm-leader"}))
    return parts


def _point(label: LabelBox) -> str:
    p = label.point
    n = f", n = {p.n}" if p.n is not None else ""
    tooltip = (
        f"{label.index}. {p.name}: importance {p.importance:g}, satisfaction {p.satisfaction:g}{n} — {p.quadrant.label}"
    )
    return element(
        "g",
        {"class": f"jm-ipa-point jm-{p.quadrant.value}", "data-element": p.touchpoint_id},
        [
            element("title", None, esc(tooltip)),
            element("circle", {"cx": label.dot_x, "cy": label.dot_y, "r": DOT_R, "fill": DOT_FILL}),
            text_line(str(label.index), label.dot_x, label.dot_y + 4, 10, anchor="middle", css_class="jm-dot-num"),
        ],
    )


def _label(label: LabelBox) -> str:
    box = label.box
    return element(
        "g",
        {"class": "jm-ipa-label"},
        [
            element(
                "rect",
                {
                    "x": box.x,
                    "y": box.y,
                    "width": box.w,
                    "height": box.h,
                    "rx": 2,
                    "fill": "#ffffff",
                    "fill-opacity": "0.85",
                },
            ),
            text_block(
                list(label.lines),
                box.x + LABEL_PAD,
                box.y + LABEL_PAD + LABEL_SIZE - 1,
                size=LABEL_SIZE,
                line_height=LABEL_LINE_H,
            ),
        ],
    )


def _key(layout: IpaLayout) -> str:
    parts = [text_line("Touchpoints", MARGIN, layout.key_top, 13, bold=True)]
    y = layout.key_top + 20
    for _, lines in layout.key_lines:
        parts.append(text_block(list(lines), MARGIN, y, size=KEY_SIZE, line_height=KEY_LINE_H))
        y += len(lines) * KEY_LINE_H
    return element("g", {"class": "jm-ipa-key"}, parts)
