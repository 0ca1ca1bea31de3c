"""Drawing a map's emotion lane as SVG: positive and negative zones, the scale's words, faces and numbers, the
curve, each measured point's 95 % interval as a whisker (and a band between neighbours that both have one), a key,
and labels where :mod:`.curve_labels` placed them (over no segment, whisker, band, point or other label)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ..model import EMOTION_MAX, EMOTION_MIN
from .geometry import Box
from .layout import CELL_PAD, LABEL_FONT, MARGIN, CurvePoint, LaneBox, TimelineLayout, chart_y, interval_bands
from .svg import element, esc, num, text_block

__all__ = ["CURVE_CSS", "draw_emotion_lane", "face", "scale_marks"]

NEUTRAL = (EMOTION_MIN + EMOTION_MAX) / 2
POSITIVE_FILL, NEGATIVE_FILL = "#e6f4ea", "#fbeaea"
MOODS = (
    (EMOTION_MAX, "very positive", "positive", "#2f855a"),
    (NEUTRAL, "neutral", "neutral", "#52606d"),
    (EMOTION_MIN, "very negative", "negative", "#c53030"),
)
CURVE_CSS = """
.jm-zone-grid { stroke: #ffffff; stroke-width: 1; }
.jm-neutral { stroke: #7b8794; stroke-width: 1; stroke-dasharray: 4 3; }
.jm-ci { stroke: #1d4e89; stroke-width: 2; stroke-linecap: round; }
.jm-ci-band { fill: #1d4e89; fill-opacity: 0.2; stroke: none; }
.jm-curve-chip { fill: #ffffff; fill-opacity: 0.92; stroke: #cbd2d9; stroke-width: 0.6; }
.jm-leader { stroke: #7b8794; stroke-width: 1; }
.jm-scale-word { font-weight: bold; }
"""


def face(cx: float, cy: float, mood: str, colour: str, r: float = 7.0) -> str:
    """A simple face drawn with vector marks: smiling, straight or frowning mouth."""
    s = r / 7.0
    mouth = {
        "positive": f"M{num(cx - 3.6 * s)} {num(cy + 1.4 * s)} Q{num(cx)} {num(cy + 5.4 * s)} "
        f"{num(cx + 3.6 * s)} {num(cy + 1.4 * s)}",
        "neutral": f"M{num(cx - 3.4 * s)} {num(cy + 2.8 * s)} L{num(cx + 3.4 * s)} {num(cy + 2.8 * s)}",
        "negative": f"M{num(cx - 3.6 * s)} {num(cy + 4.4 * s)} Q{num(cx)} {num(cy + 0.6 * s)} "
        f"{num(cx + 3.6 * s)} {num(cy + 4.4 * s)}",
    }[mood]
    parts = [
        element("circle", {"cx": cx, "cy": cy, "r": r, "fill": "#ffffff", "stroke": colour, "stroke-width": 1.4}),
        element("circle", {"cx": cx - 2.4 * s, "cy": cy - 1.8 * s, "r": 1.1 * s, "fill": colour}),
        element("circle", {"cx": cx + 2.4 * s, "cy": cy - 1.8 * s, "r": 1.1 * s, "fill": colour}),
        element("path", {"d": mouth, "fill": "none", "stroke": colour, "stroke-width": 1.4, "stroke-linecap": "round"}),
    ]
    return element("g", {"class": f"jm-face jm-face-{mood}"}, parts)


def scale_marks(right: float, y_of: dict[float, float], size: float = 10.0) -> Iterator[str]:
    """The scale at the left of a chart ending at ``right``: each level's number, and the words and a face at
    the top, the middle and the bottom (``y_of`` gives the y of each level)."""
    for level in range(int(EMOTION_MIN), int(EMOTION_MAX) + 1):
        yield text_block(
            [str(level)],
            right - 4,
            y_of[level] + 3.5,
            size=size - 1,
            line_height=size,
            anchor="end",
            css_class="jm-muted",
        )
    for value, words, mood, colour in MOODS:
        y = y_of[value]
        yield face(right - 28, y, mood, colour)
        yield text_block(
            [words], right - 40, y + 3.5, size=size, line_height=size + 2, anchor="end", fill=colour,
            css_class="jm-scale-word",
        )  # fmt: skip


def draw_emotion_lane(lane: LaneBox, layout: TimelineLayout) -> str:
    right = layout.width - MARGIN
    top, h = lane.y, lane.chart_h
    mid = chart_y(NEUTRAL, top, h)
    width = right - layout.grid_x
    parts = [
        element("rect", {"x": layout.grid_x, "y": top, "width": width, "height": mid - top, "fill": POSITIVE_FILL}),
        element("rect", {"x": layout.grid_x, "y": mid, "width": width, "height": top + h - mid, "fill": NEGATIVE_FILL}),
    ]
    levels = {float(v): chart_y(v, top, h) for v in range(int(EMOTION_MIN), int(EMOTION_MAX) + 1)}
    for y in levels.values():
        parts.append(element("line", {"x1": layout.grid_x, "y1": y, "x2": right, "y2": y, "class": "jm-zone-grid"}))
    parts.append(element("line", {"x1": layout.grid_x, "y1": mid, "x2": right, "y2": mid, "class": "jm-neutral"}))
    parts.extend(scale_marks(layout.grid_x, {**levels, NEUTRAL: mid}))
    points = lane.curve
    parts.extend(_key(points, lane))
    for band in interval_bands(points):
        parts.append(
            element("polygon", {"points": " ".join(f"{num(p.x)},{num(p.y)}" for p in band), "class": "jm-ci-band"})
        )
    for a, b in itertools.pairwise(points):
        css = "jm-curve-measured" if a.measured and b.measured else "jm-curve-est"
        parts.append(element("line", {"x1": a.x, "y1": a.y, "x2": b.x, "y2": b.y, "class": css}))
    parts.extend(_curve_point(p) for p in points)
    return element("g", {"class": "jm-emotion"}, parts)


def _key(points: tuple[CurvePoint, ...], lane: LaneBox) -> Iterator[str]:
    """A small key in the lane's head: which marks mean what (only those drawn)."""
    entries = []
    if any(p.ci_y is not None for p in points):
        entries.append(("interval", "mean · 95 % interval"))
    if any(p.measured and p.ci_y is None for p in points):
        entries.append(("single", "one rating, no interval"))
    if any(not p.measured for p in points):
        entries.append(("estimate", "team estimate (≈)"))
    x = MARGIN + CELL_PAD
    y = max(lane.y + CELL_PAD + 15 * len(lane.heading_lines) + 16, chart_y(8.6, lane.y, lane.chart_h))
    for index, (kind, text) in enumerate(entries):
        cy = y + index * 16
        if kind == "interval":
            yield element("rect", {"x": x + 1, "y": cy - 6, "width": 12, "height": 12, "class": "jm-ci-band"})
            yield element("line", {"x1": x + 7, "y1": cy - 6, "x2": x + 7, "y2": cy + 6, "class": "jm-ci"})
        if kind == "estimate":
            yield element("circle", {"cx": x + 7, "cy": cy, "r": 4.5, "fill": "#ffffff", "stroke": "#52606d",
                                     "stroke-width": 2})  # fmt: skip
        else:
            yield element("circle", {"cx": x + 7, "cy": cy, "r": 4, "fill": "#1d4e89"})
        yield text_block([text], x + 18, cy + 3.5, size=9.5, line_height=11, css_class="jm-muted")


def _curve_point(p: CurvePoint) -> str:
    parts = []
    if p.ci_y is not None:
        top, bottom = p.ci_y
        parts.append(element("line", {"x1": p.x, "y1": top, "x2": p.x, "y2": bottom, "class": "jm-ci"}))
        for y in (top, bottom):
            parts.append(element("line", {"x1": p.x - 6, "y1": y, "x2": p.x + 6, "y2": y, "class": "jm-ci"}))
    if p.measured:  # with or without an interval (a single rating has none)
        parts.append(element("circle", {"cx": p.x, "cy": p.y, "r": 5.5, "fill": "#1d4e89", "stroke": "#ffffff",
                                        "stroke-width": 1.5}))  # fmt: skip
    else:
        parts.append(
            element("circle", {"cx": p.x, "cy": p.y, "r": 5, "fill": "#ffffff", "stroke": "#52606d", "stroke-width": 2})
        )
    parts.extend(_label(p))
    kind = "measured" if p.measured else "estimate"
    title = element("title", None, esc(f"{p.label}: {_point_title(p)}"))
    return element("g", {"class": f"jm-point jm-{kind}", "data-element": p.step_id}, [title, *parts])


def _label(p: CurvePoint) -> Iterator[str]:
    box = p.label_box or Box(p.x + 8, p.y - 20, 0, 0)
    if p.leader is not None:
        (x1, y1), (x2, y2) = (p.leader[0].x, p.leader[0].y), (p.leader[1].x, p.leader[1].y)
        yield element("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "class": "jm-leader"})
    yield element("rect", {"x": box.x, "y": box.y, "width": box.w, "height": box.h, "rx": 3, "class": "jm-curve-chip"})
    baseline = box.y + box.h / 2 + LABEL_FONT * 0.36
    yield text_block([p.label], box.x + box.w / 2, baseline, size=LABEL_FONT, line_height=LABEL_FONT, anchor="middle")


def _point_title(p: CurvePoint) -> str:
    if not p.measured:
        return "author estimate"
    return "mean rating with 95 % interval" if p.ci_y is not None else "mean rating (no interval)"
