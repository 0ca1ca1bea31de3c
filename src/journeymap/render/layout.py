"""Shared geometry of timeline maps (journey map, service blueprint, experience map, wall planner).

One layout, many outputs: the SVG and HTML renderers draw it, and the office formats place their shapes
with it. Columns are steps (grouped under their stage), rows are lanes; a row is as tall as its fullest
cell, so long text wraps and nothing overlaps. All sizes are px at 96 dpi.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

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
from .freshness_badges import map_freshness
from .registry import RenderContext
from .text import wrap

__all__ = [
    "CellBox",
    "ColumnBox",
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
STAGE_H = 30.0
EMOTION_H = 168.0
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


@dataclass(frozen=True)
class LaneBox:
    lane: Lane
    y: float
    h: float
    heading_lines: tuple[str, ...]
    cells: tuple[CellBox, ...]
    chart_h: float = 0.0
    curve: tuple[CurvePoint, ...] = ()


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
    meta = tuple(line for text in item.meta for line in wrap(text, w - 2 * ITEM_PAD, META_FONT))
    h = 2 * ITEM_PAD + len(title) * LINE_H + len(meta) * META_LINE_H
    return ItemBox(item, x, y, w, h, title, meta)


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


def emotion_y(value: float, top: float, h: float) -> float:
    """The y of an emotional level inside a chart of height ``h`` starting at ``top`` (10 up, 1 down)."""
    span = h - EMOTION_PAD_TOP - EMOTION_PAD_BOTTOM
    return top + EMOTION_PAD_TOP + (EMOTION_MAX - value) / (EMOTION_MAX - EMOTION_MIN) * span


def _curve(columns: list[ColumnBox], top: float) -> tuple[CurvePoint, ...]:
    points = []
    for col in columns:
        emotion = col.step.emotion
        if emotion is None:
            continue
        cx = col.x + col.w / 2
        if isinstance(emotion, MeasuredEmotion):
            ci = None  # a single rating has no interval: a point labelled so, never a zero-wide interval
            if emotion.ci95 is not None:
                low, high = emotion.ci95
                ci = (emotion_y(high, top, EMOTION_H), emotion_y(low, top, EMOTION_H))
            label = f"{rounded(emotion.value)} ({emotion.sample_label})"
            points.append(
                CurvePoint(col.step.id, cx, emotion_y(emotion.value, top, EMOTION_H), emotion.value, True, label, ci)
            )
        else:
            label = f"≈{emotion.value:g} est."
            points.append(
                CurvePoint(col.step.id, cx, emotion_y(emotion.value, top, EMOTION_H), emotion.value, False, label)
            )
    return tuple(points)


def effective_lanes(m: Map) -> list[Lane]:
    """The lanes to draw: the map's own, then a lane for each kind of element the map has but shows in
    no lane of its own (the emotion curve, touchpoints, moments of truth, service challenges, opportunities),
    so nothing on a map is left out of its picture."""
    lanes = list(m.lanes)
    kinds = {lane.kind for lane in lanes}
    ids = {lane.id for lane in lanes}
    for kind, present in (
        (LaneKind.EMOTION, any(step.emotion is not None for step in m.steps)),
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
    columns, stages = _columns(m, index, grid_x, freshness)
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
    _place_lanes(m, layout, index)
    layout.height = layout.grid_bottom + MARGIN
    return layout


def _columns(
    m: Map, index: MapIndex, grid_x: float, freshness: Freshness | None = None
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
                meta.append("with " + ", ".join(step.actors))
            name = tuple(wrap(step.name, STEP_W - 2 * CELL_PAD, FONT, bold=True))
            meta_lines = tuple(line for text in meta for line in wrap(text, STEP_W - 2 * CELL_PAD, META_FONT))
            moments = tuple(index.moments.get(step.id, ()))
            columns.append(ColumnBox(step, x, STEP_W, name, meta_lines, moments, badges.get(step.id)))
            x += STEP_W
        width = max(x - start, STEP_W)
        if not stage.steps:
            x += STEP_W
        stages.append(StageBox(stage.id, tuple(wrap(stage.name, width - 16, 13, bold=True))[:1], start, width))
    return columns, stages


def _column_h(column: ColumnBox) -> float:
    star = META_LINE_H if column.moments else 0.0
    badge = META_LINE_H + 2 if column.evidence is not None else 0.0
    return 2 * CELL_PAD + len(column.name_lines) * LINE_H + len(column.meta_lines) * META_LINE_H + star + badge


def _place_lanes(m: Map, layout: TimelineLayout, index: MapIndex) -> None:
    lines_after = {line.after: line.kind for line in m.blueprint_lines}
    y = layout.grid_top
    for lane in effective_lanes(m):
        heading = tuple(wrap(lane.heading, HEAD_W - 2 * CELL_PAD, FONT, bold=True))
        chart_h = EMOTION_H if lane.kind is LaneKind.EMOTION else 0.0
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
        curve = _curve(layout.columns, y) if chart_h else ()
        layout.lanes.append(LaneBox(lane, y, h, heading, tuple(cells), chart_h, curve))
        y += h
        if lane.id in lines_after:
            layout.lines.append(LineBox(lines_after[lane.id], y + LINE_GAP / 2))
            y += LINE_GAP
