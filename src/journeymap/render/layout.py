"""Shared geometry of timeline maps (journey map, service blueprint, experience map, wall planner).

One layout, many outputs: the SVG and HTML renderers draw it, and the office formats place their shapes
with it. Columns are steps (grouped under their stage), rows are lanes; a row is as tall as its fullest
cell, so long text wraps and nothing overlaps. All sizes are px at 96 dpi.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field, replace

from ..analysis.freshness import EvidenceStatus, Freshness
from ..model import (
    EMOTION_MAX,
    EMOTION_MIN,
    BlueprintLineKind,
    Card,
    Lane,
    LaneKind,
    Map,
    MeasuredEmotion,
    MomentOfTruth,
    Step,
)
from ..model.emotion import rounded
from .content import CellItem, MapIndex, cell_items
from .curve_labels import PlacedLabel, Segment, place_labels
from .freshness_badges import map_freshness
from .geometry import Box, Point
from .persona_curves import PersonaCurve, persona_curves
from .registry import RenderContext
from .text import text_width, wrap

__all__ = [
    "CellBox",
    "ColumnBox",
    "Curve",
    "CurvePoint",
    "ItemBox",
    "LaneBox",
    "LineBox",
    "StageBox",
    "TimelineLayout",
    "layout_timeline",
]

MARGIN = 24.0
HEAD_W = 176.0
STEP_W = 196.0
CELL_PAD = 7.0
ITEM_PAD = 6.0
ITEM_GAP = 6.0
FONT = 12.0
LINE_H = 15.0
META_FONT = 10.0
META_LINE_H = 12.5
MARKER_W = 16.0
ICON_W = 15.0
"""Room for a touchpoint's channel icon (:mod:`.icons`, drawn 12 px) before its channel's name."""
STAGE_H = 30.0
EMOTION_H = 168.0
"""The height of a small emotion chart (the diff's); a map's emotion lane scales (see :func:`emotion_chart_h`)."""
EMOTION_H_MIN = 220.0
EMOTION_H_MAX = 420.0
CHART_PAD = 34.0
"""Room above level 10 and below level 1 in a map's emotion lane, for labels at the extremes."""
LABEL_FONT = 11.0
LABEL_PAD = 4.0
DOT_R = 5.5
WHISKER_W = 12.0
LINE_GAP = 26.0
MIN_ROW_H = 44.0


@dataclass(frozen=True)
class ItemBox:
    item: CellItem
    x: float
    y: float
    w: float
    h: float
    title_lines: tuple[str, ...]
    meta_lines: tuple[str, ...]


@dataclass(frozen=True)
class CellBox:
    step_id: str
    x: float
    y: float
    w: float
    h: float
    items: tuple[ItemBox, ...]


@dataclass(frozen=True)
class CurvePoint:
    step_id: str
    x: float
    y: float
    value: float
    measured: bool
    label: str
    ci_y: tuple[float, float] | None = None
    label_box: Box | None = None
    """Where the label goes (see :mod:`.curve_labels`): over no segment, whisker, band, point or other label."""
    leader: Segment | None = None
    """A line from the point to its label when the label stands off."""
    curve: int = 0
    """The index of the point's curve in its lane's ``curves`` (0: the map's persona)."""

    @property
    def mark(self) -> Box:
        """The box the point's dot and interval whisker take."""
        top, bottom = self.ci_y if self.ci_y is not None else (self.y, self.y)
        top, bottom = min(top, self.y - DOT_R), max(bottom, self.y + DOT_R)
        half = max(WHISKER_W / 2, DOT_R) if self.ci_y is not None else DOT_R
        return Box(self.x - half, top, 2 * half, bottom - top)


@dataclass(frozen=True)
class Curve:
    """One persona's curve in the emotion lane: who, how it looks (:mod:`.persona_curves`), and its points."""

    persona: PersonaCurve
    points: tuple[CurvePoint, ...]


@dataclass(frozen=True)
class LaneBox:
    lane: Lane
    y: float
    h: float
    heading_lines: tuple[str, ...]
    cells: tuple[CellBox, ...]
    chart_h: float = 0.0
    curves: tuple[Curve, ...] = ()

    @property
    def curve(self) -> tuple[CurvePoint, ...]:
        """The points of every curve of the lane, curve after curve."""
        return tuple(p for c in self.curves for p in c.points)


@dataclass(frozen=True)
class LineBox:
    kind: BlueprintLineKind
    y: float


@dataclass(frozen=True)
class StageBox:
    stage_id: str
    name_lines: tuple[str, ...]
    x: float
    w: float


@dataclass(frozen=True)
class ColumnBox:
    step: Step
    x: float
    w: float
    name_lines: tuple[str, ...]
    meta_lines: tuple[str, ...]
    moments: tuple[MomentOfTruth, ...]
    evidence: EvidenceStatus | None = None
    """The step's evidence badge (see :mod:`.freshness_badges`); None on maps without scores."""
    sub_lines: tuple[str, ...] = ()
    """``↳ sub-journey: <title>`` wrapped, when the step opens another map (see :mod:`.sub_journeys`)."""
    sub_href: str | None = None


@dataclass
class TimelineLayout:
    width: float
    height: float
    header_y: float
    stage_y: float
    step_y: float
    step_h: float
    grid_x: float
    grid_top: float
    stages: list[StageBox] = field(default_factory=list)
    columns: list[ColumnBox] = field(default_factory=list)
    lanes: list[LaneBox] = field(default_factory=list)
    lines: list[LineBox] = field(default_factory=list)
    freshness: Freshness | None = None

    @property
    def grid_bottom(self) -> float:
        return self.lanes[-1].y + self.lanes[-1].h if self.lanes else self.grid_top


def _item_box(item: CellItem, x: float, y: float, w: float) -> ItemBox:
    text_w = w - 2 * ITEM_PAD - (MARKER_W if item.marker else 0)
    title = tuple(wrap(item.title, text_w, FONT))
    meta = tuple(
        line
        for index, text in enumerate(item.meta)
        for line in wrap(text, w - 2 * ITEM_PAD - (meta_indent(item) if index == 0 else 0.0), META_FONT)
    )
    h = 2 * ITEM_PAD + len(title) * LINE_H + len(meta) * META_LINE_H
    return ItemBox(item, x, y, w, h, title, meta)


def meta_indent(item: CellItem) -> float:
    """How far an item's first meta line starts right of its padding: after a touchpoint's channel icon."""
    return ICON_W if item.channel is not None else 0.0


def _cell(items: list[CellItem], step_id: str, x: float, y: float) -> CellBox:
    boxes = []
    cursor = y + CELL_PAD
    for item in items:
        box = _item_box(item, x + CELL_PAD, cursor, STEP_W - 2 * CELL_PAD)
        boxes.append(box)
        cursor += box.h + ITEM_GAP
    h = max(MIN_ROW_H, cursor - y - ITEM_GAP + CELL_PAD) if boxes else MIN_ROW_H
    return CellBox(step_id, x, y, STEP_W, h, tuple(boxes))


EMOTION_PAD_TOP = 40.0
EMOTION_PAD_BOTTOM = 18.0


def emotion_y(
    value: float, top: float, h: float, pad_top: float = EMOTION_PAD_TOP, pad_bottom: float = EMOTION_PAD_BOTTOM
) -> float:
    """The y of an emotional level inside a chart of height ``h`` starting at ``top`` (10 up, 1 down)."""
    span = h - pad_top - pad_bottom
    return top + pad_top + (EMOTION_MAX - value) / (EMOTION_MAX - EMOTION_MIN) * span


def chart_y(value: float, top: float, h: float) -> float:
    """The y of an emotional level in a map's emotion lane of chart height ``h`` starting at ``top``."""
    return emotion_y(value, top, h, CHART_PAD, CHART_PAD)


def emotion_chart_h(width: float, content_h: float, curves: int = 1) -> float:
    """A map's emotion lane grows with the map — about a tenth of its width or a fifth of the height of its other
    lanes, within bounds — so the curve stays readable when the whole map is fitted to a page or a screen; and by a
    quarter for each further persona's curve, room for their labels."""
    grow = 1 + 0.25 * (max(curves, 1) - 1)
    return round(grow * min(EMOTION_H_MAX, max(EMOTION_H_MIN, 0.09 * width, 0.2 * content_h)))


def label_size(label: str) -> tuple[float, float]:
    """The box of a point's label: its text at :data:`LABEL_FONT` with a little padding."""
    return text_width(label, LABEL_FONT) + 2 * LABEL_PAD, LABEL_FONT * 1.25 + 2 * LABEL_PAD - 2


def curve_segments(points: tuple[CurvePoint, ...] | list[CurvePoint]) -> list[Segment]:
    """The straight segments of the curve, point to point."""
    return [(Point(a.x, a.y), Point(b.x, b.y)) for a, b in itertools.pairwise(points)]


def interval_bands(points: tuple[CurvePoint, ...] | list[CurvePoint]) -> list[list[Point]]:
    """A polygon through the 95 % intervals of each run of two or more consecutive points that have one."""
    bands: list[list[Point]] = []
    run: list[CurvePoint] = []
    for point in [*points, None]:
        if point is not None and point.ci_y is not None:
            run.append(point)
            continue
        if len(run) >= 2:
            upper = [Point(p.x, p.ci_y[0]) for p in run if p.ci_y]
            lower = [Point(p.x, p.ci_y[1]) for p in reversed(run) if p.ci_y]
            bands.append(upper + lower)
        run = []
    return bands


def _points(
    persona: PersonaCurve, columns: list[ColumnBox], top: float, chart_h: float, index: int
) -> list[CurvePoint]:
    points = []
    for col in columns:
        emotion = persona.levels.get(col.step.id)
        if emotion is None:
            continue
        cx = col.x + col.w / 2
        y = chart_y(emotion.value, top, chart_h)
        if isinstance(emotion, MeasuredEmotion):
            ci = None  # a single rating has no interval: a point labelled so, never a zero-wide interval
            if emotion.ci95 is not None:
                low, high = emotion.ci95
                ci = (chart_y(high, top, chart_h), chart_y(low, top, chart_h))
            label = f"{rounded(emotion.value)} ({emotion.sample_label})"
            points.append(CurvePoint(col.step.id, cx, y, emotion.value, True, label, ci, curve=index))
        else:
            label = f"≈{emotion.value:g} est."
            points.append(CurvePoint(col.step.id, cx, y, emotion.value, False, label, curve=index))
    return points


def _curves(
    personas: list[PersonaCurve], columns: list[ColumnBox], top: float, chart_h: float, bounds: Box
) -> tuple[Curve, ...]:
    """Every persona's curve, its labels placed together over no curve's segment, whisker, band, point or label.
    A label that finds no free place is left out (``label_box`` None) rather than drawn over something: its value
    stays in the point's tooltip and in the spreadsheet."""
    runs = [_points(persona, columns, top, chart_h, i) for i, persona in enumerate(personas)]
    points = [p for run in runs for p in run]
    placed = place_labels(
        [Point(p.x, p.y) for p in points],
        [label_size(p.label) for p in points],
        [s for run in runs for s in curve_segments(run)],
        bounds,
        areas=[band for run in runs for band in interval_bands(run)],
        marks=[p.mark for p in points],
        groups=[p.curve for p in points],
    )
    at = iter(placed)
    return tuple(
        Curve(persona, tuple(_labelled(p, next(at)) for p in run)) for persona, run in zip(personas, runs, strict=True)
    )


def _labelled(point: CurvePoint, at: PlacedLabel) -> CurvePoint:
    if not at.clear:
        return point
    return replace(point, label_box=at.box, leader=at.leader)


def effective_lanes(m: Map) -> list[Lane]:
    """The lanes to draw: the map's own, then a lane for each kind of element the map has but shows in
    no lane of its own (the emotion curve, touchpoints, moments of truth, service challenges, opportunities),
    so nothing on a map is left out of its picture."""
    lanes = list(m.lanes)
    kinds = {lane.kind for lane in lanes}
    ids = {lane.id for lane in lanes}
    for kind, present in (
        (LaneKind.EMOTION, any(step.emotion is not None or step.emotions for step in m.steps)),
        (LaneKind.TOUCHPOINTS, bool(m.touchpoints)),
        (LaneKind.MOMENTS_OF_TRUTH, bool(m.moments_of_truth)),
        (LaneKind.SERVICE_CHALLENGES, bool(m.service_challenges)),
        (LaneKind.OPPORTUNITIES, any(o.steps for o in m.opportunities)),
    ):
        if present and kind not in kinds:
            lane_id = kind.value if kind.value not in ids else f"{kind.value}-lane"
            lanes.append(Lane(id=lane_id, kind=kind))
    return lanes


def layout_timeline(m: Map, context: RenderContext, header_h: float) -> TimelineLayout:
    """Place stages, steps, lanes, cells and the emotion curve below a header of ``header_h`` px."""
    index = MapIndex.build(m, context.vmpi_bands)
    grid_x = MARGIN + HEAD_W
    stage_y = MARGIN + header_h
    step_y = stage_y + STAGE_H
    freshness = map_freshness(m, context)
    columns, stages = _columns(m, index, grid_x, freshness, context)
    step_h = max((_column_h(c) for c in columns), default=40.0)
    layout = TimelineLayout(
        width=grid_x + STEP_W * max(len(columns), 1) + MARGIN,
        height=0.0,
        header_y=MARGIN,
        stage_y=stage_y,
        step_y=step_y,
        step_h=step_h,
        grid_x=grid_x,
        grid_top=step_y + step_h,
        stages=stages,
        columns=columns,
        freshness=freshness,
    )
    personas = persona_curves(m, context)
    _place_lanes(m, layout, index, EMOTION_H_MIN, personas)
    charts = sum(lane.chart_h for lane in layout.lanes)
    if charts:  # the emotion lane grows with the map: place the lanes again with its height
        chart_h = emotion_chart_h(layout.width, layout.grid_bottom - layout.grid_top - charts, len(personas))
        if chart_h != EMOTION_H_MIN:
            layout.lanes.clear()
            layout.lines.clear()
            _place_lanes(m, layout, index, chart_h, personas)
    layout.height = layout.grid_bottom + MARGIN
    return layout


def _columns(
    m: Map, index: MapIndex, grid_x: float, freshness: Freshness | None = None, context: RenderContext | None = None
) -> tuple[list[ColumnBox], list[StageBox]]:
    badges = {item.id: item for item in freshness.steps} if freshness is not None else {}
    columns: list[ColumnBox] = []
    stages: list[StageBox] = []
    x = grid_x
    for stage in m.stages:
        start = x
        for step in stage.steps:
            meta = []
            if step.narrative_phase is not None:
                meta.append(step.narrative_phase.value.replace("-", " "))
            if step.actors:
                names = {p.id: p.name for p in m.personas}  # persona names, not ids ("Claims handler")
                meta.append("with " + ", ".join(names.get(a, a) for a in step.actors))
            name = tuple(wrap(step.name, STEP_W - 2 * CELL_PAD, FONT, bold=True))
            meta_lines = tuple(line for text in meta for line in wrap(text, STEP_W - 2 * CELL_PAD, META_FONT))
            moments = tuple(index.moments.get(step.id, ()))
            column = ColumnBox(step, x, STEP_W, name, meta_lines, moments, badges.get(step.id))
            columns.append(_with_sub_journey(column, context) if step.sub_journey else column)
            x += STEP_W
        width = max(x - start, STEP_W)
        if not stage.steps:
            x += STEP_W
        stages.append(StageBox(stage.id, tuple(wrap(stage.name, width - 16, 13, bold=True))[:1], start, width))
    return columns, stages


def _with_sub_journey(column: ColumnBox, context: RenderContext | None) -> ColumnBox:
    from .sub_journeys import sub_journey_href, sub_journey_text

    found = context or RenderContext()
    text = sub_journey_text(column.step, found) or ""
    lines = tuple(wrap(text, STEP_W - 2 * CELL_PAD, META_FONT))[:2]
    return replace(column, sub_lines=lines, sub_href=sub_journey_href(column.step, found))


def _column_h(column: ColumnBox) -> float:
    star = META_LINE_H if column.moments else 0.0
    badge = META_LINE_H + 2 if column.evidence is not None else 0.0
    sub = len(column.sub_lines) * META_LINE_H
    return 2 * CELL_PAD + len(column.name_lines) * LINE_H + len(column.meta_lines) * META_LINE_H + star + badge + sub


def _place_lanes(
    m: Map, layout: TimelineLayout, index: MapIndex, emotion_h: float, personas: list[PersonaCurve]
) -> None:
    lines_after = {line.after: line.kind for line in m.blueprint_lines}
    y = layout.grid_top
    for lane in effective_lanes(m):
        heading = tuple(wrap(lane.heading, HEAD_W - 2 * CELL_PAD, FONT, bold=True))
        chart_h = emotion_h if lane.kind is LaneKind.EMOTION else 0.0
        cards_by_step: dict[str, list[Card]] = defaultdict(list)
        for card in lane.cards:
            cards_by_step[card.step].append(card)
        cells = []
        for col in layout.columns:
            items = cell_items(m, index, lane.kind, cards_by_step.get(col.step.id, ()), col.step.id)
            cells.append(_cell(items, col.step.id, col.x, y + chart_h))
        content_h = max((c.h for c in cells), default=MIN_ROW_H)
        has_items = any(c.items for c in cells)
        h = chart_h + (content_h if has_items or not chart_h else 0.0)
        h = max(h, 2 * CELL_PAD + len(heading) * LINE_H)
        cells = [CellBox(c.step_id, c.x, y, c.w, h, c.items) for c in cells]
        bounds = Box(layout.grid_x + 2, y + 3, layout.width - MARGIN - layout.grid_x - 4, chart_h - 6)
        curves = _curves(personas, layout.columns, y, chart_h, bounds) if chart_h else ()
        layout.lanes.append(LaneBox(lane, y, h, heading, tuple(cells), chart_h, curves))
        y += h
        if lane.id in lines_after:
            layout.lines.append(LineBox(lines_after[lane.id], y + LINE_GAP / 2))
            y += LINE_GAP
