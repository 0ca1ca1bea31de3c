"""The emotion curve on its own, for reports: steps along the bottom, the 1–10 level up the side, measured
means with their 95 % interval (a whisker, and a band between neighbours) and n (a single rating: a point marked
"n=1, no interval"), estimates dashed and marked "est."; positive and negative zones with the scale's words and
faces; labels placed by :func:`.curve_labels.place_labels`, over nothing else."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from ..model import Map, MeasuredEmotion
from ..model.emotion import EstimatedEmotion, rounded
from .curve_labels import PlacedLabel, place_labels
from .geometry import Box, Point
from .persona_curves import CurveStyle, PersonaCurve, marker_points, persona_curves
from .registry import RenderContext
from .svg import element, num, svg_document, text_block
from .svg_curve import CURVE_CSS, NEGATIVE_FILL, NEUTRAL, POSITIVE_FILL, scale_marks
from .text import text_width, wrap

Emotion = EstimatedEmotion | MeasuredEmotion

__all__ = ["render_emotion_svg"]

CSS = (
    """
text { font-family: FONT_FAMILY; fill: #1f2933; }
.jm-muted { fill: #52606d; }
.band { fill: #1d4e89; fill-opacity: 0.2; stroke: none; }
.measured { fill: none; stroke: #1d4e89; stroke-width: 2.5; }
.estimate { fill: none; stroke: #52606d; stroke-width: 2; stroke-dasharray: 6 4; }
.chip { fill: #ffffff; fill-opacity: 0.92; stroke: #cbd2d9; stroke-width: 0.6; }
.leader { stroke: #7b8794; stroke-width: 1; }
"""
    + CURVE_CSS
)

LEFT, RIGHT, TOP, BOTTOM = 150.0, 24.0, 40.0, 70.0
COLUMN = 96.0
HEIGHT = 300.0
PAD = 26.0
"""Room inside the chart above 10 and below 1, for labels at the extremes."""


def _y(value: float) -> float:
    return TOP + PAD + (10.0 - value) / 9.0 * (HEIGHT - 2 * PAD)


def render_emotion_svg(m: Map, context: RenderContext | None = None) -> str:
    steps = m.steps
    curves = persona_curves(m, context)
    width = LEFT + RIGHT + COLUMN * max(len(steps), 1)
    total = TOP + HEIGHT + BOTTOM
    body = [element("rect", {"x": 0, "y": 0, "width": width, "height": total, "fill": "#ffffff"})]
    body.append(text_block([f"Emotional level — {m.title}"], 16, 22, size=14, line_height=16, bold=True))
    body.extend(_zones(width))
    xs = {step.id: LEFT + COLUMN * (index + 0.5) for index, step in enumerate(steps)}
    for step in steps:
        name = wrap(step.name, COLUMN - 8, 10)[:3]
        body.append(text_block(name, xs[step.id], TOP + HEIGHT + 18, size=10, line_height=12, anchor="middle"))
    runs = [[(xs[s.id], c.levels[s.id]) for s in steps if s.id in c.levels] for c in curves]
    styles = [c.style if c.several else None for c in curves]
    for points, style in zip(runs, styles, strict=True):
        body.extend(_bands(points, style))
    for points, style in reversed(list(zip(runs, styles, strict=True))):  # the map's persona on top
        for (x1, e1), (x2, e2) in itertools.pairwise(points):
            measured = isinstance(e1, MeasuredEmotion) and isinstance(e2, MeasuredEmotion)
            line = {"x1": x1, "y1": _y(e1.value), "x2": x2, "y2": _y(e2.value)}
            colour = f"stroke:{style.stroke(measured)}" if style is not None else None
            body.append(element("line", {**line, "class": "measured" if measured else "estimate", "style": colour}))
    labels = iter(_labels(runs, width))
    for points, style in zip(runs, styles, strict=True):
        for x, emotion in points:
            body.extend(_point(x, emotion, next(labels), style))
    body.extend(_key(curves, width))
    rated = sum(1 for points in runs for _, e in points if isinstance(e, MeasuredEmotion))
    count = sum(len(points) for points in runs)
    whose = f" of {len(curves)} personas ({', '.join(c.name for c in curves)})" if len(curves) > 1 else ""
    description = (
        f"Emotion curve{'s' if whose else ''}{whose} of {len(steps)} steps: {rated} measured with 95 % bands, "
        f"{count - rated} estimated."
    )
    return svg_document(width, total, f"Emotional level — {m.title}", description, body, CSS)


def _key(curves: Sequence[PersonaCurve], width: float) -> Iterator[str]:
    """With several personas: each persona's marker, colour and name, right-aligned above the chart."""
    if len(curves) < 2:
        return
    x = width - RIGHT
    for curve in reversed(curves):
        text_w = text_width(curve.name, 10)
        x -= text_w
        yield text_block([curve.name], x, 24, size=10, line_height=12)
        x -= 24
        style = curve.style
        yield element("line", {"x1": x, "y1": 20, "x2": x + 18, "y2": 20, "stroke": style.colour, "stroke-width": 2})
        yield _marker(style, x + 9, 20, 4.0, True)
        x -= 16


def _marker(style: CurveStyle, cx: float, cy: float, r: float, measured: bool) -> str:
    fill, stroke = (style.colour, "#ffffff") if measured else ("#ffffff", style.estimate_colour)
    corners = marker_points(style.marker, cx, cy, r)
    attrs = {"fill": fill, "stroke": stroke, "stroke-width": 1.5 if measured else 2}
    if not corners:
        return element("circle", {"cx": cx, "cy": cy, "r": r, **attrs})
    return element("polygon", {"points": " ".join(f"{num(px)},{num(py)}" for px, py in corners), **attrs})


def _zones(width: float) -> Iterator[str]:
    """Positive and negative tints, a line for each level, the neutral midline, and the scale's words and faces."""
    mid = _y(NEUTRAL)
    right = width - RIGHT
    yield element("rect", {"x": LEFT, "y": TOP, "width": right - LEFT, "height": mid - TOP, "fill": POSITIVE_FILL})
    yield element("rect", {"x": LEFT, "y": mid, "width": right - LEFT, "height": TOP + HEIGHT - mid,
                           "fill": NEGATIVE_FILL})  # fmt: skip
    levels = {float(v): _y(v) for v in range(1, 11)}
    for y in levels.values():
        yield element("line", {"x1": LEFT, "y1": y, "x2": right, "y2": y, "class": "jm-zone-grid"})
    yield element("line", {"x1": LEFT, "y1": mid, "x2": right, "y2": mid, "class": "jm-neutral"})
    yield from scale_marks(LEFT, {**levels, NEUTRAL: mid})


def _labels(runs: Sequence[Sequence[tuple[float, Emotion]]], width: float) -> list[PlacedLabel]:
    """The labels of every curve's points, placed together (one after the other, curve after curve)."""
    points = [p for run in runs for p in run]
    marks = []
    for x, emotion in points:
        top = bottom = _y(emotion.value)
        if isinstance(emotion, MeasuredEmotion) and emotion.ci95 is not None:
            top, bottom = _y(emotion.ci95[1]), _y(emotion.ci95[0])
        top, bottom = min(top, _y(emotion.value) - 5), max(bottom, _y(emotion.value) + 5)
        marks.append(Box(x - 6, top, 12, bottom - top))
    segments = [
        (Point(x1, _y(e1.value)), Point(x2, _y(e2.value)))
        for run in runs
        for (x1, e1), (x2, e2) in itertools.pairwise(run)
    ]
    return place_labels(
        [Point(x, _y(e.value)) for x, e in points],
        [(text_width(_text(e), 10) + 8, 18.0) for _, e in points],
        segments,
        Box(LEFT + 2, TOP + 2, width - RIGHT - LEFT - 4, HEIGHT - 4),
        areas=[_band_polygon(band) for run in runs for band in _runs(run)],
        marks=marks,
        groups=[index for index, run in enumerate(runs) for _ in run],
    )


def _runs(points: Sequence[tuple[float, Emotion]]) -> Iterator[list[tuple[float, MeasuredEmotion]]]:
    """Each run of two or more consecutive measured points with an interval."""
    run: list[tuple[float, MeasuredEmotion]] = []
    for x, emotion in [*points, (0.0, None)]:
        if isinstance(emotion, MeasuredEmotion) and emotion.ci95 is not None:
            run.append((x, emotion))
            continue
        if len(run) >= 2:
            yield run
        run = []


def _band_polygon(run: list[tuple[float, MeasuredEmotion]]) -> list[Point]:
    upper = [Point(px, _y(_interval(e)[1])) for px, e in run]
    return upper + [Point(px, _y(_interval(e)[0])) for px, e in reversed(run)]


def _bands(points: Sequence[tuple[float, Emotion]], style: CurveStyle | None) -> Iterator[str]:
    for run in _runs(points):
        polygon = " ".join(f"{num(p.x)},{num(p.y)}" for p in _band_polygon(run))
        fill = f"fill:{style.colour}" if style is not None else None
        yield element("polygon", {"points": polygon, "class": "band", "style": fill})


def _text(emotion: Emotion) -> str:
    if isinstance(emotion, MeasuredEmotion):
        return f"{rounded(emotion.mean)} · {emotion.sample_label}"
    return f"≈{emotion.value:g} est."


def _point(x: float, emotion: Emotion, placed: PlacedLabel, style: CurveStyle | None) -> Iterator[str]:
    """The point, its interval whisker, and its label where :func:`place_labels` put it (none where it found no
    free place); in the persona's colour and marker when there are several curves."""
    y = _y(emotion.value)
    whisker = style.colour if style is not None else "#1d4e89"
    if isinstance(emotion, MeasuredEmotion) and emotion.ci95 is not None:  # a single rating: a point, no interval
        low, high = emotion.ci95
        yield element("line", {"x1": x, "y1": _y(high), "x2": x, "y2": _y(low), "stroke": whisker, "stroke-width": 2})
        for cap in (_y(high), _y(low)):
            cap_line = {"x1": x - 5, "y1": cap, "x2": x + 5, "y2": cap, "class": "jm-ci"}
            yield element("line", {**cap_line, "style": f"stroke:{whisker}" if style is not None else None})
    if style is not None:
        yield _marker(style, x, y, 5.0 if isinstance(emotion, MeasuredEmotion) else 4.5, emotion.is_measured)
    elif isinstance(emotion, MeasuredEmotion):
        yield element("circle", {"cx": x, "cy": y, "r": 5, "fill": "#1d4e89", "stroke": "#ffffff", "stroke-width": 1.5})
    else:
        yield element("circle", {"cx": x, "cy": y, "r": 4.5, "fill": "#ffffff", "stroke": "#52606d",
                                 "stroke-width": 2})  # fmt: skip
    if not placed.clear:
        return
    box = placed.box
    if placed.leader is not None:
        a, b = placed.leader
        yield element("line", {"x1": a.x, "y1": a.y, "x2": b.x, "y2": b.y, "class": "leader"})
    yield element("rect", {"x": box.x, "y": box.y, "width": box.w, "height": box.h, "rx": 3, "class": "chip"})
    yield text_block([_text(emotion)], box.x + box.w / 2, box.y + box.h / 2 + 3.6, size=10, line_height=12,
                     anchor="middle")  # fmt: skip


def _interval(emotion: MeasuredEmotion) -> tuple[float, float]:
    """The 95 % interval, or the mean alone where there is none."""
    return emotion.ci95 if emotion.ci95 is not None else (emotion.mean, emotion.mean)
