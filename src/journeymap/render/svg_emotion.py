"""The emotion curve on its own, for reports: steps along the bottom, the 1–10 level up the side, measured
means with their 95 % confidence band and n (a single rating: a point marked "n=1, no interval"), estimates dashed
and marked "est."."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from ..model import Map, MeasuredEmotion
from ..model.emotion import rounded
from .registry import RenderContext
from .svg import element, num, svg_document, text_block
from .text import wrap

__all__ = ["render_emotion_svg"]

CSS = """
text { font-family: FONT_FAMILY; fill: #1f2933; }
.axis { stroke: #9aa5b1; stroke-width: 1; }
.grid { stroke: #e4e7eb; stroke-width: 1; }
.band { fill: #1d4e89; fill-opacity: 0.16; stroke: none; }
.measured { fill: none; stroke: #1d4e89; stroke-width: 2.5; }
.estimate { fill: none; stroke: #52606d; stroke-width: 2; stroke-dasharray: 6 4; }
.muted { fill: #52606d; }
"""

LEFT, RIGHT, TOP, BOTTOM = 56.0, 24.0, 40.0, 70.0
COLUMN = 96.0
HEIGHT = 260.0


def _y(value: float) -> float:
    return TOP + (10.0 - value) / 9.0 * HEIGHT


def render_emotion_svg(m: Map, context: RenderContext | None = None) -> str:
    steps = m.steps
    width = LEFT + RIGHT + COLUMN * max(len(steps), 1)
    total = TOP + HEIGHT + BOTTOM
    body = [element("rect", {"x": 0, "y": 0, "width": width, "height": total, "fill": "#ffffff"})]
    body.append(text_block([f"Emotional level — {m.title}"], LEFT, 22, size=14, line_height=16, bold=True))
    for level in (1, 4, 7, 10):
        y = _y(level)
        body.append(element("line", {"x1": LEFT, "y1": y, "x2": width - RIGHT, "y2": y, "class": "grid"}))
        body.append(text_block([str(level)], LEFT - 8, y + 4, size=11, line_height=12, anchor="end", css_class="muted"))
    points = []
    for index, step in enumerate(steps):
        x = LEFT + COLUMN * (index + 0.5)
        name = wrap(step.name, COLUMN - 8, 10)[:3]
        body.append(text_block(name, x, TOP + HEIGHT + 18, size=10, line_height=12, anchor="middle"))
        if step.emotion is not None:
            points.append((x, step.emotion))
    body.extend(_bands(points))
    for (x1, e1), (x2, e2) in itertools.pairwise(points):
        kind = "measured" if isinstance(e1, MeasuredEmotion) and isinstance(e2, MeasuredEmotion) else "estimate"
        body.append(element("line", {"x1": x1, "y1": _y(e1.value), "x2": x2, "y2": _y(e2.value), "class": kind}))
    for index, (x, emotion) in enumerate(points):
        neighbours = [points[i][1].value for i in (index - 1, index + 1) if 0 <= i < len(points)]
        above = not neighbours or emotion.value >= sum(neighbours) / len(neighbours)
        body.extend(_point(x, emotion, above))
    measured = sum(1 for _, e in points if isinstance(e, MeasuredEmotion))
    description = (
        f"Emotion curve of {len(steps)} steps: {measured} measured with 95 % bands, {len(points) - measured} estimated."
    )
    return svg_document(width, total, f"Emotional level — {m.title}", description, body, CSS)


def _bands(points: Sequence[tuple[float, object]]) -> Iterator[str]:
    run: list[tuple[float, MeasuredEmotion]] = []
    for x, emotion in [*points, (0.0, None)]:
        if isinstance(emotion, MeasuredEmotion) and emotion.ci95 is not None:
            run.append((x, emotion))
            continue
        if len(run) >= 2:
            upper = " ".join(f"{num(px)},{num(_y(_interval(e)[1]))}" for px, e in run)
            lower = " ".join(f"{num(px)},{num(_y(_interval(e)[0]))}" for px, e in reversed(run))
            yield element("polygon", {"points": f"{upper} {lower}", "class": "band"})
        run = []


def _point(x: float, emotion: object, above: bool) -> Iterator[str]:
    """The point, its interval, and its label above (a peak) or below (a dip), away from the line."""
    if isinstance(emotion, MeasuredEmotion):
        if emotion.ci95 is not None:  # a single rating has none: a point, never a zero-wide interval
            low, high = emotion.ci95
            yield element("line", {"x1": x, "y1": _y(high), "x2": x, "y2": _y(low), "stroke": "#1d4e89"})
        yield element("circle", {"cx": x, "cy": _y(emotion.mean), "r": 4.5, "fill": "#1d4e89"})
        label = f"{rounded(emotion.mean)} · {emotion.sample_label}"
    else:
        value = getattr(emotion, "value", 0.0)
        yield element("circle", {"cx": x, "cy": _y(value), "r": 4.5, "fill": "#ffffff", "stroke": "#52606d",
                                 "stroke-width": 2})  # fmt: skip
        label = f"≈{value:g} est."
    y = _y(getattr(emotion, "value", 0.0))
    if isinstance(emotion, MeasuredEmotion):
        low, high = _interval(emotion)
        y = _y(high) if above else _y(low)
    yield text_block([label], x, y - 9 if above else y + 17, size=10, line_height=12, anchor="middle")


def _interval(emotion: MeasuredEmotion) -> tuple[float, float]:
    """The 95 % interval, or the mean alone where there is none (to place a label)."""
    return emotion.ci95 if emotion.ci95 is not None else (emotion.mean, emotion.mean)
