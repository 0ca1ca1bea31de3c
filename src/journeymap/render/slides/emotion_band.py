"""The emotion chart of a slide: one curve a persona (:mod:`..persona_curves`) as native freeforms in a band, measured
stretches solid and estimated ones dashed, markers filled when measured and hollow when estimated, each persona in
its colour and marker shape when the map has several; labels at 10 pt placed by
:func:`~journeymap.render.curve_labels.place_labels` over no curve, whisker or other label — a label with no free
place is left out rather than drawn over something (the map's persona's values stay in the speaker notes, every
persona's in the spreadsheet)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ...model import EMOTION_MAX, EMOTION_MIN, Map, MeasuredEmotion, Step
from ...model.emotion import EmotionalLevel, rounded
from ..curve_labels import Segment, place_labels
from ..geometry import Box, Point
from ..persona_curves import CurveStyle, PersonaCurve, persona_curves
from ..registry import RenderContext
from ..theme import INK, MUTED
from .shapes import BLUE, HEAD_W, MARGIN, MIN_PT, Run, _emu, _ln, _Slide, _solid, wrapped_lines

__all__ = ["CurvePoint", "SlideCurve", "emotion_band", "step_curves", "step_points"]

GRID_X = MARGIN + HEAD_W
PT = 72.0
SYMBOL = {"circle": "●", "square": "■", "diamond": "◆", "triangle": "▲", "nabla": "▼"}
_PRESET = {"square": "rect", "diamond": "diamond", "triangle": "triangle", "nabla": "flowChartMerge"}


@dataclass(frozen=True)
class CurvePoint:
    """A point of an emotion chart: where (in), the value, whether measured, its label and its interval."""

    x: float
    value: float
    measured: bool
    label: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class SlideCurve:
    """One persona's points on a slide; ``persona`` None for a map's only curve drawn in the one-curve look."""

    points: list[CurvePoint]
    persona: PersonaCurve | None = None

    @property
    def style(self) -> CurveStyle | None:
        return self.persona.style if self.persona is not None and self.persona.several else None


def _points(
    levels: Mapping[str, EmotionalLevel], steps: Sequence[Step], xs: Sequence[float], with_n: bool
) -> list[CurvePoint]:
    points = []
    for x, step in zip(xs, steps, strict=True):
        emotion = levels.get(step.id)
        if emotion is None:
            continue
        if isinstance(emotion, MeasuredEmotion):
            low, high = emotion.ci95 if emotion.ci95 is not None else (None, None)
            label = f"{rounded(emotion.mean)} ({emotion.sample_label})" if with_n else f"{rounded(emotion.mean)}"
            points.append(CurvePoint(x, emotion.value, True, label, low, high))
        else:
            points.append(CurvePoint(x, emotion.value, False, f"≈{emotion.value:g}" + (" est." if with_n else "")))
    return points


def step_points(steps: Sequence[Step], xs: Sequence[float], with_n: bool = True) -> list[CurvePoint]:
    """The chart points of ``steps`` (centres ``xs``): the measured mean with its n and interval, or the estimate."""
    levels = {step.id: step.emotion for step in steps if step.emotion is not None}
    return _points(levels, steps, xs, with_n)


def step_curves(
    m: Map, context: RenderContext | None, steps: Sequence[Step], xs: Sequence[float], with_n: bool = True
) -> list[SlideCurve]:
    """Every persona's chart points over ``steps`` (the map's persona first); curves with no point here left out."""
    curves = [SlideCurve(_points(p.levels, steps, xs, with_n), p) for p in persona_curves(m, context)]
    return [c for c in curves if c.points]


def _marker(slide: _Slide, style: CurveStyle, cx: float, cy: float, r: float, filled: bool, name: str) -> None:
    """A persona's marker: the preset shape of its kind, filled in its colour when measured, white when estimated."""
    if style.marker not in _PRESET:
        slide.marker(cx, cy, r, style.colour, filled)
        return
    geometry = f'<a:prstGeom prst="{_PRESET[style.marker]}"><a:avLst/></a:prstGeom>'
    fill = _solid(style.colour if filled else "#ffffff")
    at = (
        f'<a:xfrm><a:off x="{_emu(cx - r)}" y="{_emu(cy - r)}"/><a:ext cx="{_emu(2 * r)}" cy="{_emu(2 * r)}"/></a:xfrm>'
    )
    slide.shape("Marker", name, f"{at}{geometry}{fill}{_ln(style.colour, 1.5)}<a:effectLst/>")


def _head(slide: _Slide, curves: Sequence[SlideCurve], top: float, h: float, label_h: float) -> None:
    """The band's head: its name, each persona's marker and name when there are several (they come first), and the
    scale's words at the top and the foot where there is room left."""
    slide.box(MARGIN, top, HEAD_W - 0.05, h, [Run("Emotional level", MIN_PT, bold=True)], fill="#f4f5f7")
    width = HEAD_W - 0.15
    runs = [
        Run(f"{SYMBOL[c.persona.style.marker]} {c.persona.name}", MIN_PT, colour=c.persona.style.colour)
        for c in curves
        if c.style is not None and c.persona is not None
    ]
    names_h = sum(wrapped_lines(r.text, width - 0.06, MIN_PT) for r in runs) * MIN_PT * 1.2 / PT
    words = h >= 0.3 + 3 * label_h + (names_h + 0.05 if runs else 0.0)
    if runs and h >= 0.1 + label_h + names_h:
        y = top + 0.05 + label_h + (label_h if words else 0.0)
        slide.text(MARGIN + 0.05, y, width, names_h + 0.04, [[r] for r in runs])
    if words:  # the scale's words, under the lane's name and at its foot
        for y, word in ((top + 0.05 + label_h, "▲ 10 delighted"), (top + h - label_h - 0.05, "▼ 1 frustrated")):
            slide.text(MARGIN + 0.05, y, width, label_h, [Run(word, MIN_PT, colour=MUTED)])


def emotion_band(
    slide: _Slide,
    curves: Sequence[SlideCurve] | Sequence[CurvePoint],
    top: float,
    h: float,
    right: float,
    whisker: str = BLUE,
) -> None:
    """The emotion chart of ``curves`` (or of one curve's points) in a band from ``top`` of height ``h`` (in)."""
    runs = [c if isinstance(c, SlideCurve) else None for c in curves]
    chart = [c for c in runs if c is not None] or [SlideCurve([p for p in curves if isinstance(p, CurvePoint)])]
    label_h = MIN_PT * 1.25 / PT + 0.04
    inset = 0.12

    def y_of(value: float) -> float:
        return top + inset + (EMOTION_MAX - value) / (EMOTION_MAX - EMOTION_MIN) * (h - 2 * inset)

    left = GRID_X
    _head(slide, chart, top, h, label_h)
    slide.box(left, y_of(10.0), right - left, y_of(5.5) - y_of(10.0), [], fill="#f1f8f3", line=None)
    slide.box(left, y_of(5.5), right - left, y_of(1.0) - y_of(5.5), [], fill="#fcf1f1", line=None)
    segments: list[Segment] = []
    for curve in reversed(chart):  # the map's persona drawn last, on top
        segments += _draw_curve(slide, curve, y_of, whisker)
    points = [(p, c) for c in chart for p in c.points]
    sizes = [(((len(p.label) + 1) * MIN_PT * 0.58 / PT + 0.1) * PT, label_h * PT) for p, _ in points]
    placed = place_labels(
        [Point(p.x * PT, y_of(p.value) * PT) for p, _ in points],
        sizes,
        segments,
        Box(left * PT, top * PT, (right - left) * PT, h * PT),
        radius=0.07 * PT,
        gap=1.0,
        groups=[chart.index(c) for _, c in points],
    )
    for (p, curve), label in zip(points, placed, strict=True):
        if not label.clear:
            continue  # no free place: left out rather than drawn over a curve or another label
        box = label.box
        if label.leader is not None:
            start, end = label.leader
            slide.line([(start.x / PT, start.y / PT), (end.x / PT, end.y / PT)], MUTED, 0.75)
        colour = curve.style.colour if curve.style is not None else INK if p.measured else MUTED
        slide.text(box.x / PT, box.y / PT, box.w / PT, box.h / PT, [Run(p.label, MIN_PT, colour=colour)], "center")


def _draw_curve(slide: _Slide, curve: SlideCurve, y_of: Callable[[float], float], whisker: str) -> list[Segment]:
    """The curve's segments (solid when both ends are measured), whiskers and markers; the segments drawn, in pt."""
    style = curve.style
    found: list[Segment] = []
    for first, second in itertools.pairwise(curve.points):
        coords = [(first.x, y_of(first.value)), (second.x, y_of(second.value))]
        found.append((Point(coords[0][0] * PT, coords[0][1] * PT), Point(coords[1][0] * PT, coords[1][1] * PT)))
        measured = first.measured and second.measured
        colour = style.colour if style is not None else BLUE if measured else MUTED
        slide.line(coords, colour, 2.25, dash=not measured)
    for p in curve.points:
        if p.low is not None and p.high is not None:
            colour, width = (style.colour, 1.5) if style is not None else (whisker, 1.5 if whisker == BLUE else 4.0)
            slide.line([(p.x, y_of(p.high)), (p.x, y_of(p.low))], colour, width)
            found.append((Point(p.x * PT, y_of(p.high) * PT), Point(p.x * PT, y_of(p.low) * PT)))
        if style is not None and curve.persona is not None:
            _marker(slide, style, p.x, y_of(p.value), 0.06, p.measured, f"Emotion {curve.persona.name}")
        else:
            slide.marker(p.x, y_of(p.value), 0.06, BLUE if p.measured else MUTED, p.measured)
    return found


def key_runs(curves: Sequence[SlideCurve]) -> list[Run]:
    """Each persona's marker and name in its colour, for a slide's footer (none for a single curve)."""
    return [
        Run(f"{SYMBOL[c.persona.style.marker]} {c.persona.name}   ", MIN_PT, colour=c.persona.style.colour)
        for c in curves
        if c.style is not None and c.persona is not None
    ]
