"""The overview slide of a timeline map: stages × steps with the emotion curve as a native freeform when every step
name fits at 10 pt; otherwise a summary that stays readable at any size — a column a stage with its step count,
its moments of truth and its lowest point, and the emotion curve by stage (mean, with the range of its steps)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...model import Map, MomentOfTruth, Stage, Step
from ..header import subtitle
from ..layout import effective_lanes
from ..persona_curves import persona_curves
from ..registry import RenderContext
from ..theme import ACCENT, INK, MUTED
from .emotion_band import CurvePoint, SlideCurve, emotion_band, key_runs, step_curves, step_points
from .notes import slide_notes
from .shapes import BLUE, HEAD_W, MARGIN, MIN_PT, SLIDE_H, SLIDE_W, STEP_FILL, Run, _Slide, fit_size, wrapped_lines

__all__ = ["CurvePoint", "emotion_band", "overview_slide", "step_curves", "step_points"]

GRID_X = MARGIN + HEAD_W
GRID_W = SLIDE_W - 2 * MARGIN - HEAD_W
STEP_LINES = 5  # a step name wraps into at most this many lines on the detailed overview
PT = 72.0


def _title(slide: _Slide, title: str, lines: Sequence[str]) -> float:
    """Draw the title and muted lines below it (10 pt or more); return the y (in) where the content starts."""
    width = SLIDE_W - 2 * MARGIN
    size = next((s for s in (24.0, 22.0, 20.0, 18.0) if wrapped_lines(title, width - 0.1, s, True) == 1), 18.0)
    title_h = wrapped_lines(title, width - 0.1, size, True) * size * 1.2 / PT + 0.1
    slide.text(MARGIN, 0.25, width, title_h, [Run(title, size, bold=True, colour=BLUE)])
    if not lines:
        return 0.3 + title_h
    size = fit_size(lines, SLIDE_W - 2 * MARGIN, 1.2, 11, MIN_PT)
    count = sum(wrapped_lines(line, SLIDE_W - 2 * MARGIN - 0.06, size) for line in lines)
    h = count * size * 1.2 / PT + 0.08
    slide.text(MARGIN, 0.3 + title_h, SLIDE_W - 2 * MARGIN, h, [Run(line, size, colour=MUTED) for line in lines])
    return 0.35 + title_h + h


def _header_lines(m: Map, context: RenderContext) -> list[str]:
    lines = [subtitle(m, context)]
    if m.scope.point_of_view:
        lines.append(f"Point of view: {m.scope.point_of_view}")
    if m.scope.purpose:
        lines.append(f"Purpose: {m.scope.purpose}")
    return lines


def _moments(m: Map) -> dict[str, list[MomentOfTruth]]:
    moments: dict[str, list[MomentOfTruth]] = {}
    for mot in m.moments_of_truth:
        moments.setdefault(mot.step, []).append(mot)
    return moments


def _fits_in_detail(steps: Sequence[Step], col_w: float) -> bool:
    """Whether every step name fits its column at 10 pt in a few lines, no word broken."""
    per_char = MIN_PT * 0.66 / PT  # a bold glyph of a wide fallback font (DejaVu Sans)
    for step in steps:
        longest = max((len(word) for word in step.name.split()), default=1)
        if (
            longest * per_char > col_w - 0.12
            or wrapped_lines("★ " + step.name, col_w - 0.12, MIN_PT, True) > STEP_LINES
        ):
            return False
    return bool(steps)


def overview_slide(deck: Any, m: Map, context: RenderContext) -> None:
    """The overview: every step when their names fit at 10 pt, else a summary by stage."""
    steps = m.steps
    col_w = GRID_W / max(len(steps), 1)
    slide = _Slide(deck)
    top = _title(slide, m.title, _header_lines(m, context))
    detailed = _fits_in_detail(steps, col_w)
    curves = _detailed(slide, m, context, top, col_w) if detailed else _summary(slide, m, context, top)
    if curves:
        legend = (
            "● solid = measured (line: 95 % interval) · ○ dashed = estimated · ★ = moment of truth"
            if detailed
            else "A stage's point: the mean of its steps (● all measured, ○ some estimated); the bar: its lowest to "
            "its highest step"
        )
        runs = [*key_runs(curves), Run(legend, MIN_PT, italic=True, colour=MUTED)]
        slide.text(MARGIN, SLIDE_H - 0.45, SLIDE_W - 2 * MARGIN, 0.3, [runs])
    slide.finish(slide_notes(m, steps))


def _stage_row(slide: _Slide, stages: Sequence[tuple[Stage, float, float]], top: float, h: float) -> None:
    slide.box(MARGIN, top, HEAD_W - 0.05, h, [Run("Stage", MIN_PT, bold=True)], fill="#f4f5f7", anchor="middle")
    for stage, x, w in stages:
        size = fit_size([stage.name], w - 0.1, h - 0.05, 12, MIN_PT)
        paras = [Run(stage.name, size, bold=True, colour="#ffffff")]
        slide.box(x, top, w, h, paras, fill=BLUE, line="#ffffff", align="center", anchor="middle")


def _detailed(slide: _Slide, m: Map, context: RenderContext, top: float, col_w: float) -> list[SlideCurve]:
    """Stages over steps (names at 10 pt or more, moments of truth starred and framed), then the curve."""
    steps = m.steps
    moments = _moments(m)
    placed, col = [], 0
    for stage in m.stages:
        if stage.steps:
            placed.append((stage, GRID_X + col * col_w, col_w * len(stage.steps)))
            col += len(stage.steps)
    _stage_row(slide, placed, top, 0.4)
    step_top = top + 0.42
    names = ["★ " + s.name if s.id in moments else s.name for s in steps]
    size = min(fit_size([n], col_w - 0.12, 0.9, 12, MIN_PT) for n in names)
    lines = max(wrapped_lines(n, col_w - 0.12, size, True) for n in names)
    step_h = lines * size * 1.2 / PT + 0.16
    slide.box(MARGIN, step_top, HEAD_W - 0.05, step_h, [Run("Step", MIN_PT, bold=True)], fill="#f4f5f7")
    for i, (step, name) in enumerate(zip(steps, names, strict=True)):
        starred = step.id in moments
        slide.box(
            GRID_X + i * col_w,
            step_top,
            col_w,
            step_h,
            [Run(name, size, bold=True, colour=ACCENT if starred else INK)],
            fill=STEP_FILL,
            line=ACCENT if starred else "#ffffff",
            line_width=2.25 if starred else 0.75,
            align="center",
            anchor="middle",
        )
    chart_top = step_top + step_h + 0.1
    xs = [GRID_X + (i + 0.5) * col_w for i in range(len(steps))]
    curves = step_curves(m, context, steps, xs, with_n=col_w >= 1.0)
    if curves:
        emotion_band(slide, curves, chart_top, min(3.4, SLIDE_H - 0.55 - chart_top), GRID_X + GRID_W)
    return curves


def _stage_summary(m: Map, stage: Stage, moments: dict[str, list[MomentOfTruth]]) -> list[Run]:
    count = len(stage.steps)
    runs = [Run(f"{count} step{'s' if count != 1 else ''}", MIN_PT + 1, bold=True)]
    mots = [mot for step in stage.steps for mot in moments.get(step.id, [])]
    if mots:
        runs.append(Run(f"★ {len(mots)} moment{'s' if len(mots) != 1 else ''} of truth", MIN_PT, colour=ACCENT))
    rated = [s for s in stage.steps if s.emotion is not None]
    if rated:
        low = min(rated, key=lambda s: s.emotion.value if s.emotion else 0.0)
        assert low.emotion is not None
        runs.append(Run(f"Lowest: {low.name} ({low.emotion.value:g})", MIN_PT, colour=MUTED))
    return runs


def _summary(slide: _Slide, m: Map, context: RenderContext, top: float) -> list[SlideCurve]:
    """Too many steps for one slide: a column a stage (steps, moments of truth, lowest point) and the curve by
    stage (the mean of its steps, the line from its lowest to its highest step)."""
    stages = [s for s in m.stages if s.steps]
    lanes = effective_lanes(m)
    facts = f"{len(stages)} stages · {len(m.steps)} steps · {len(lanes)} lanes · {len(m.moments_of_truth)} moments"
    slide.text(MARGIN, top, GRID_W + HEAD_W, 0.3, [Run(facts + " of truth — one slide per stage follows", 12, True)])
    top += 0.35
    col_w = GRID_W / max(len(stages), 1)
    stage_h = max(0.4, max(wrapped_lines(s.name, col_w - 0.1, 11, True) for s in stages) * 11 * 1.2 / PT + 0.1)
    _stage_row(slide, [(s, GRID_X + i * col_w, col_w) for i, s in enumerate(stages)], top, stage_h)
    moments = _moments(m)
    texts = [_stage_summary(m, s, moments) for s in stages]
    body_h = max(sum(wrapped_lines(r.text, col_w - 0.12, r.size) * r.size * 1.2 / PT for r in t) for t in texts) + 0.15
    y = top + stage_h + 0.02
    slide.box(MARGIN, y, HEAD_W - 0.05, body_h, [Run("Key facts", MIN_PT, bold=True)], fill="#f4f5f7")
    for i, runs in enumerate(texts):
        slide.box(GRID_X + i * col_w, y, col_w, body_h, list(runs), fill=STEP_FILL, line="#ffffff", margin=0.06)
    curves = []
    for persona in persona_curves(m, context):  # each persona's curve by stage
        points = []
        for i, stage in enumerate(stages):
            values = [persona.levels[s.id] for s in stage.steps if s.id in persona.levels]
            if not values:
                continue
            mean = sum(e.value for e in values) / len(values)
            lo, hi = min(e.value for e in values), max(e.value for e in values)
            measured = all(e.is_measured for e in values)
            label = f"{mean:.1f}" if measured else f"≈{mean:.1f}"
            points.append(CurvePoint(GRID_X + (i + 0.5) * col_w, mean, measured, label, lo, hi))
        curves.append(SlideCurve(points, persona))
    chart_top = y + body_h + 0.1
    if m.value_moments:
        chart_top = _value_row(slide, m, stages, y + body_h + 0.02, col_w) + 0.1
    if curves:
        emotion_band(slide, curves, chart_top, min(3.4, SLIDE_H - 0.55 - chart_top), GRID_X + GRID_W, "#c5ced8")
    return curves


def _value_row(slide: _Slide, m: Map, stages: Sequence[Stage], y: float, col_w: float) -> float:
    """A row of the summary: each stage's value moments, expectation (VMCE) beside experience (VME) and VMPI;
    the y (in) below it."""
    texts = []
    for stage in stages:
        ids = {step.id for step in stage.steps}
        runs = []
        for vm in (v for v in m.value_moments if v.step in ids):
            pct = vm.vme / vm.vmce * 100
            colour = INK if pct >= 100 else ACCENT if pct >= 80 else "#9b2c2c"
            runs += [
                Run(vm.name, MIN_PT, bold=True),
                Run(f"VMCE {vm.vmce:g} · VME {vm.vme:g} · {pct:.0f} %", MIN_PT, colour=colour),
            ]
        texts.append(runs or [Run("—", MIN_PT, colour=MUTED)])
    h = max(sum(wrapped_lines(r.text, col_w - 0.12, r.size, r.bold) * r.size * 1.2 / PT for r in t) for t in texts)
    h = min(h + 0.15, SLIDE_H - 0.6 - y)
    slide.box(MARGIN, y, HEAD_W - 0.05, h, [Run("Value moments", MIN_PT, bold=True)], fill="#f4f5f7")
    for i, runs in enumerate(texts):
        slide.box(GRID_X + i * col_w, y, col_w, h, list(runs), fill="#ffffff", line=STEP_FILL, margin=0.06)
    return y + h
