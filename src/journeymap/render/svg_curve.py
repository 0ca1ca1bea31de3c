"""Drawing a map's emotion lane as SVG: positive and negative zones, the scale's words, faces and numbers, the
curves (one a persona, each in its colour with its marker shape, :mod:`.persona_curves`), each measured point's 95 %
interval as a whisker (and a band between neighbours that both have one), a key, and labels where
:mod:`.curve_labels` placed them (over no segment, whisker, band, point or other label; a label with no free place
is left out, its value kept in the point's tooltip)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ..model import EMOTION_MAX, EMOTION_MIN
from .layout import (
    CELL_PAD,
    HEAD_W,
    LABEL_FONT,
    MARGIN,
    Curve,
    CurvePoint,
    LaneBox,
    TimelineLayout,
    chart_y,
    interval_bands,
)
from .persona_curves import CurveStyle, marker_points
from .svg import element, esc, num, text_block
from .text import text_width, wrap

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
    parts.extend(_key(lane.curve, lane))
    parts.extend(_persona_key(lane))
    curves = list(reversed(lane.curves))  # the map's persona drawn last, on top
    for curve in curves:
        style = curve.persona.style if curve.persona.several else None
        for band in interval_bands(curve.points):
            points = " ".join(f"{num(p.x)},{num(p.y)}" for p in band)
            fill = f"fill:{style.colour}" if style is not None else None
            parts.append(element("polygon", {"points": points, "class": "jm-ci-band", "style": fill}))
    for curve in curves:
        parts.extend(_segments(curve))
    for curve in curves:
        parts.extend(_curve_point(p, curve) for p in curve.points)
    return element("g", {"class": "jm-emotion"}, parts)


def _segments(curve: Curve) -> Iterator[str]:
    """The curve's segments: solid where both ends are measured, dashed otherwise; in the persona's colour when the
    map draws several curves."""
    several = curve.persona.several
    for a, b in itertools.pairwise(curve.points):
        measured = a.measured and b.measured
        css = "jm-curve-measured" if measured else "jm-curve-est"
        style = f"stroke:{curve.persona.style.stroke(measured)}" if several else None
        yield element("line", {"x1": a.x, "y1": a.y, "x2": b.x, "y2": b.y, "class": css, "style": style})


def _persona_key(lane: LaneBox) -> Iterator[str]:
    """When the lane draws several personas' curves: each persona's marker and colour, and its name (on up to two
    lines, shortened with "…" past that), in the lane's head below the neutral line."""
    curves = lane.curves if len(lane.curves) > 1 else ()
    x = MARGIN + CELL_PAD
    cy = chart_y(4.8, lane.y, lane.chart_h)
    room = HEAD_W - 2 * CELL_PAD - 24
    for curve in curves:
        style = curve.persona.style
        yield element("line", {"x1": x, "y1": cy, "x2": x + 16, "y2": cy, "stroke": style.colour, "stroke-width": 2})
        yield _marker(style, x + 8, cy, 4.0, True)
        lines = wrap(curve.persona.name, room, 9.5)
        if len(lines) > 2:
            lines = [lines[0], lines[1] + "…"]
            while text_width(lines[1], 9.5) > room and len(lines[1]) > 2:
                lines[1] = lines[1][:-2] + "…"
        yield text_block(lines, x + 22, cy + 3.5, size=9.5, line_height=11, css_class="jm-persona-name")
        cy += 5 + 11 * len(lines)


def _marker(style: CurveStyle, cx: float, cy: float, r: float, measured: bool) -> str:
    """A persona's marker: filled when measured, hollow (white inside) when estimated."""
    fill = style.colour if measured else "#ffffff"
    stroke = "#ffffff" if measured else style.estimate_colour
    width = 1.5 if measured else 2
    corners = marker_points(style.marker, cx, cy, r)
    if not corners:
        return element("circle", {"cx": cx, "cy": cy, "r": r, "fill": fill, "stroke": stroke, "stroke-width": width})
    points = " ".join(f"{num(px)},{num(py)}" for px, py in corners)
    attrs = {"points": points, "fill": fill, "stroke": stroke, "stroke-width": width, "class": "jm-marker"}
    return element("polygon", attrs)


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


def _curve_point(p: CurvePoint, curve: Curve) -> str:
    parts = []
    several = curve.persona.several
    whisker = f"stroke:{curve.persona.style.colour}" if several else None
    if p.ci_y is not None:
        top, bottom = p.ci_y
        parts.append(
            element("line", {"x1": p.x, "y1": top, "x2": p.x, "y2": bottom, "class": "jm-ci", "style": whisker})
        )
        for y in (top, bottom):
            cap = {"x1": p.x - 6, "y1": y, "x2": p.x + 6, "y2": y, "class": "jm-ci", "style": whisker}
            parts.append(element("line", cap))
    if several:
        parts.append(_marker(curve.persona.style, p.x, p.y, 5.5 if p.measured else 5.0, p.measured))
    elif p.measured:  # with or without an interval (a single rating has none)
        parts.append(element("circle", {"cx": p.x, "cy": p.y, "r": 5.5, "fill": "#1d4e89", "stroke": "#ffffff",
                                        "stroke-width": 1.5}))  # fmt: skip
    else:
        parts.append(
            element("circle", {"cx": p.x, "cy": p.y, "r": 5, "fill": "#ffffff", "stroke": "#52606d", "stroke-width": 2})
        )
    parts.extend(_label(p, curve.persona.style.colour if several else None))
    kind = "measured" if p.measured else "estimate"
    who = f"{curve.persona.name}: " if several else ""
    title = element("title", None, esc(f"{who}{p.label}: {_point_title(p)}"))
    persona = curve.persona.persona if several else None  # None: no attribute
    attrs = {"class": f"jm-point jm-{kind}", "data-element": p.step_id, "data-persona": persona or None}
    return element("g", attrs, [title, *parts])


def _label(p: CurvePoint, colour: str | None) -> Iterator[str]:
    """The point's label in a chip (edged in the persona's colour when there are several curves); none when the
    layout found no free place for it."""
    box = p.label_box
    if box is None:
        return
    if p.leader is not None:
        (x1, y1), (x2, y2) = (p.leader[0].x, p.leader[0].y), (p.leader[1].x, p.leader[1].y)
        yield element("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "class": "jm-leader"})
    chip = {"x": box.x, "y": box.y, "width": box.w, "height": box.h, "rx": 3, "class": "jm-curve-chip"}
    yield element("rect", {**chip, "style": f"stroke:{colour};stroke-width:1" if colour else None})
    baseline = box.y + box.h / 2 + LABEL_FONT * 0.36
    yield text_block([p.label], box.x + box.w / 2, baseline, size=LABEL_FONT, line_height=LABEL_FONT, anchor="middle")


def _point_title(p: CurvePoint) -> str:
    if not p.measured:
        return "author estimate"
    return "mean rating with 95 % interval" if p.ci_y is not None else "mean rating (no interval)"
