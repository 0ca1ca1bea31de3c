"""The overview slide of a timeline map: title, persona and scope, stages × steps, the emotion curve as a native
freeform and the moments of truth."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from ...model import EMOTION_MAX, EMOTION_MIN, Map, MeasuredEmotion, MomentOfTruth, Step
from ...model.emotion import rounded
from ..header import subtitle
from ..registry import RenderContext
from ..theme import ACCENT, INK, MUTED
from .notes import slide_notes
from .shapes import BLUE, HEAD_W, MARGIN, MIN_PT, SLIDE_H, SLIDE_W, STEP_FILL, Run, _Slide, fit_size


def _title(slide: _Slide, title: str, lines: Sequence[str]) -> float:
    """Draw the title and muted lines below it; return the y (in) where the content starts."""
    size = fit_size([title], SLIDE_W - 2 * MARGIN, 0.55, 24, 14)
    slide.text(MARGIN, 0.25, SLIDE_W - 2 * MARGIN, 0.55, [Run(title, size, bold=True, colour=BLUE)])
    if not lines:
        return 0.9
    h = min(1.1, 0.2 * len(lines) + 0.1)
    size = fit_size(lines, SLIDE_W - 2 * MARGIN, h, 11, 7)
    slide.text(MARGIN, 0.8, SLIDE_W - 2 * MARGIN, h, [Run(line, size, colour=MUTED) for line in lines])
    return 0.85 + h


def _header_lines(m: Map, context: RenderContext) -> list[str]:
    lines = [subtitle(m, context)]
    if m.scope.point_of_view:
        lines.append(f"Point of view: {m.scope.point_of_view}")
    if m.scope.purpose:
        lines.append(f"Purpose: {m.scope.purpose}")
    if m.scope.start or m.scope.end:
        lines.append(f"Scope: from “{m.scope.start or '?'}” to “{m.scope.end or '?'}”")
    return lines


def _emotion_band(
    slide: _Slide,
    steps: Sequence[Step],
    xs: Sequence[float],
    top: float,
    h: float,
    label_x: float,
    label_size: float = 8.0,
) -> None:
    """The emotion chart of ``steps`` (centres ``xs``) in a band from ``top`` of height ``h`` (inches); the
    values are labelled at ``label_size`` pt (the scale one point smaller, unless that would go under 10 pt
    where 10 pt is asked for)."""
    axis_size = label_size if label_size >= MIN_PT else label_size - 1
    label_h = label_size * 1.25 / 72 + 0.05
    inset = 0.1 + label_h

    def y_of(value: float) -> float:
        return top + inset + (EMOTION_MAX - value) / (EMOTION_MAX - EMOTION_MIN) * (h - 2 * inset)

    right = xs[-1] + (xs[1] - xs[0] if len(xs) > 1 else 1.0) / 2 if xs else label_x + 1
    left = label_x + HEAD_W
    slide.box(label_x, top, HEAD_W - 0.05, h, [Run("Emotional level", 10, bold=True)], fill="#f4f5f7")
    for value in (10.0, 5.5, 1.0):
        y = y_of(value)
        slide.line([(left, y), (right, y)], "#e4e7eb", 0.75, dash=value == 5.5)
        axis_h = axis_size * 1.25 / 72 + 0.04
        slide.text(left + 0.03, y - axis_h - 0.01, 0.45, axis_h, [Run(f"{value:g}", axis_size, colour=MUTED)])
    points = [(x, step) for x, step in zip(xs, steps, strict=True) if step.emotion is not None]
    for (x1, a), (x2, b) in itertools.pairwise(points):  # each segment: solid when both ends are measured
        if a.emotion is None or b.emotion is None:
            continue
        measured = isinstance(a.emotion, MeasuredEmotion) and isinstance(b.emotion, MeasuredEmotion)
        coords = [(x1, y_of(a.emotion.value)), (x2, y_of(b.emotion.value))]
        slide.line(coords, BLUE if measured else MUTED, 2.25, dash=not measured)
    values = [step.emotion.value for _, step in points if step.emotion is not None]
    for index, (x, step) in enumerate(points):
        emotion = step.emotion
        if emotion is None:
            continue
        y = y_of(emotion.value)
        if isinstance(emotion, MeasuredEmotion):
            if emotion.ci95 is not None:  # a single rating has none: a point, never a zero-wide interval
                low, high = emotion.ci95
                slide.line([(x, y_of(high)), (x, y_of(low))], BLUE, 1.25)
            label = f"{rounded(emotion.mean)} ({emotion.sample_label})"
        else:
            label = f"≈{emotion.value:g} est."
        slide.marker(x, y, 0.06, BLUE if emotion.is_measured else MUTED, emotion.is_measured)
        neighbours = [values[i] for i in (index - 1, index + 1) if 0 <= i < len(values)]
        above = not neighbours or emotion.value >= sum(neighbours) / len(neighbours)  # a peak: label above
        label_y = y - 0.08 - label_h if above else y + 0.08
        colour = INK if emotion.is_measured else MUTED
        width = 1.1 * label_size / 8
        slide.text(x - width / 2, label_y, width, label_h, [Run(label, label_size, colour=colour)], align="center")


def _overview_stages(slide: _Slide, m: Map, top: float, x0: float, col_w: float) -> None:
    """The row of stages over the steps of the overview slide."""
    slide.box(MARGIN, top, HEAD_W - 0.05, 0.35, [Run("Stage", 10, bold=True)], fill="#f4f5f7", anchor="middle")
    col = 0
    for stage in m.stages:
        if not stage.steps:
            continue
        w = col_w * len(stage.steps)
        size = fit_size([stage.name], w - 0.1, 0.3, 12, 6)
        slide.box(
            x0 + col * col_w,
            top,
            w,
            0.35,
            [Run(stage.name, size, bold=True, colour="#ffffff")],
            fill=BLUE,
            line="#ffffff",
            align="center",
            anchor="middle",
        )
        col += len(stage.steps)


def _overview_slide(deck: Any, m: Map, context: RenderContext) -> None:
    slide = _Slide(deck)
    top = _title(slide, m.title, _header_lines(m, context))
    steps = m.steps
    grid_w = SLIDE_W - 2 * MARGIN - HEAD_W
    col_w = grid_w / max(len(steps), 1)
    x0 = MARGIN + HEAD_W
    moments: dict[str, list[MomentOfTruth]] = {}
    for mot in m.moments_of_truth:
        moments.setdefault(mot.step, []).append(mot)
    _overview_stages(slide, m, top, x0, col_w)
    step_top = top + 0.37
    step_h = 1.0 if moments else 0.7
    slide.box(MARGIN, step_top, HEAD_W - 0.05, step_h, [Run("Step", 10, bold=True)], fill="#f4f5f7", anchor="middle")
    size = min(
        (
            fit_size([s.name] + [f"★ {mot.title}" for mot in moments.get(s.id, [])], col_w - 0.12, step_h - 0.1, 11, 6)
            for s in steps
        ),
        default=11.0,
    )
    for i, step in enumerate(steps):
        x = x0 + i * col_w
        paras: list[Run] = [Run(step.name, size, bold=True)]
        paras += [Run(f"★ {mot.title}", size * 0.9, colour=ACCENT, bold=True) for mot in moments.get(step.id, [])]
        starred = step.id in moments  # a moment of truth: a gold border
        slide.box(
            x,
            step_top,
            col_w,
            step_h,
            paras,
            fill=STEP_FILL,
            line=ACCENT if starred else "#ffffff",
            line_width=2.25 if starred else 0.75,
            align="center",
        )
    chart_top = step_top + step_h + 0.1
    xs = [x0 + (i + 0.5) * col_w for i in range(len(steps))]
    if any(step.emotion is not None for step in steps):
        _emotion_band(slide, steps, xs, chart_top, min(2.6, SLIDE_H - chart_top - 0.8), MARGIN)
    legend = (
        "Emotional level 1–10: ● solid = measured (with 95 % interval), ○ dashed = estimated. "
        "★ = moment of truth. One slide per stage follows; the speaker notes give the evidence behind each number."
    )
    slide.text(MARGIN, SLIDE_H - 0.55, SLIDE_W - 2 * MARGIN, 0.35, [Run(legend, 9, italic=True, colour=MUTED)])
    slide.finish(slide_notes(m, steps))
