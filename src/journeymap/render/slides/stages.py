"""The stage slides of a timeline map: a stage over as many slides as its steps and lanes need at 10 pt or more,
every card once in a box named ``card <id>``, with speaker notes naming the evidence behind each number."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ...model import BlueprintLineKind, Lane, LaneKind, Map, Stage, Step
from ..content import CellItem, MapIndex, cell_items
from ..layout import effective_lanes
from ..registry import RenderContext
from ..theme import INK, MUTED, is_dark, lane_fill
from .deck_extra import moments_slides, opportunity_slides, persona_slide, title_slide, value_moments_slides
from .feedback import VOICE_FILL, VOICE_HEADING, voice_cells
from .handovers import PlacedRow, draw_hand_overs
from .icons import MARKS_W, draw_touchpoint_marks
from .notes import slide_notes
from .overview import emotion_band, overview_slide, step_curves
from .paging import Plan, by_plan, common_plan, paginate
from .shapes import (
    BLUE,
    BOTTOM,
    CARD_SIZES,
    CELL_PAD,
    EMOTION_H,
    GRID_W,
    GRID_X,
    HEAD_W,
    ITEM_GAP,
    ITEM_INSET,
    LINE_SPACING,
    MARGIN,
    MAX_STEP_HEAD_H,
    MAX_STEPS,
    MAX_STRETCH,
    MAX_SUBTITLE_H,
    MIN_PT,
    ROW_MIN,
    SLIDE_H,
    SLIDE_W,
    STEP_FILL,
    STEP_PT,
    SUBTITLE_PT,
    Run,
    _Slide,
    fit_size,
    wrapped_lines,
)
from .sub_journey import header_runs, sub_journey_lines

# ---- stage slides: a stage over as many slides as its steps and lanes need at 10 pt or more -------------------


@dataclass
class _Row:
    """One row of a stage slide: a lane's cells (one list of items a step), or the emotion chart."""

    heading: str
    fill: str
    cells: list[list[CellItem]]
    number: int  # the lane's place among the stage's rows, from 1
    emotion: bool = False
    continued: bool = False  # a later part of a lane too tall for one slide
    height: float = 0.0
    line: BlueprintLineKind | None = None  # a service blueprint's line drawn below the row
    lane_id: str | None = None
    kind: LaneKind | None = None  # the lane's kind (a blueprint's layers hand work over, see .handovers)


def _meta_size(size: float) -> float:
    return max(MIN_PT, size - 1)


def _item_runs(item: CellItem, size: float) -> list[Run | Sequence[Run]]:
    title = ("★ " if item.marker == "star" else "") + item.title
    colour = "#ffffff" if is_dark(item.fill) else INK
    paras: list[Run | Sequence[Run]] = [Run(title, size, colour=colour)]
    muted = MUTED if colour == INK and item.kind != "voice" else colour  # a voice card's heat fill needs ink
    paras += [Run(meta, _meta_size(size), colour=muted) for meta in item.meta]
    return paras


def _lines_height(lines: int, size: float) -> float:
    return lines * size * LINE_SPACING / 72


def _item_height(item: CellItem, width: float, size: float) -> float:
    """The height (in) of an item's box ``width`` wide: its wrapped text, the box's insets and a little air."""
    text_w = width - 2 * ITEM_INSET - 0.02 - (ICON_ROOM if item.channel is not None else 0.0)
    title = ("★ " if item.marker == "star" else "") + item.title
    h = _lines_height(wrapped_lines(title, text_w, size), size)
    h += sum(_lines_height(wrapped_lines(meta, text_w, _meta_size(size)), _meta_size(size)) for meta in item.meta)
    return h + 2 * ITEM_INSET + 0.04


def _cell_height(items: Sequence[CellItem], col_w: float, size: float) -> float:
    inner = col_w - 2 * CELL_PAD
    return sum(_item_height(i, inner, size) for i in items) + ITEM_GAP * max(len(items) - 1, 0) + 2 * CELL_PAD


def _row_height(row: _Row, col_w: float, size: float) -> float:
    return _content_height(row, col_w, size) + (LINE_ROOM if row.line is not None else 0.0)


def _content_height(row: _Row, col_w: float, size: float) -> float:
    if row.emotion:
        return EMOTION_H
    heading = _lines_height(wrapped_lines(row.heading, HEAD_W - 0.17, size, bold=True), size) + 0.14
    return max(ROW_MIN, heading, *(_cell_height(items, col_w, size) for items in row.cells))


def _split_row(row: _Row, col_w: float, size: float, available: float) -> list[_Row]:
    """A row too tall for a slide as several rows, each cell's items taken in order into parts that fit."""
    inner = col_w - 2 * CELL_PAD
    columns: list[list[list[CellItem]]] = []
    for items in row.cells:
        parts: list[list[CellItem]] = [[]]
        used = 2 * CELL_PAD
        for item in items:
            need = _item_height(item, inner, size) + (ITEM_GAP if parts[-1] else 0.0)
            if parts[-1] and used + need > available:
                parts.append([])
                used = 2 * CELL_PAD
                need = _item_height(item, inner, size)
            parts[-1].append(item)
            used += need
        columns.append(parts)
    count = max(len(parts) for parts in columns)
    rows = []
    for k in range(count):
        heading = row.heading if k == 0 else f"{row.heading} (continued)"
        cells = [parts[k] if k < len(parts) else [] for parts in columns]
        part = replace(row, heading=heading, cells=cells, continued=k > 0, line=row.line if k == count - 1 else None)
        part.height = min(available, _row_height(part, col_w, size))
        rows.append(part)
    return rows


def _chunks(items: Sequence[Step], most: int) -> list[list[Step]]:
    """``items`` in consecutive groups of at most ``most``, as even in size as can be."""
    count = max(1, math.ceil(len(items) / most))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for k in range(count):
        end = start + size + (1 if k < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out


def _span(word: str, first: int, last: int, total: int) -> str:
    if first == last:
        return f"{word} {first} of {total}"
    return f"{word}s {first}–{last} of {total}"


@dataclass
class _Group:
    """The steps of a stage shown side by side (all of them, or ``MAX_STEPS`` at most) and their rows."""

    stage: Stage
    steps: list[Step]
    first_step: int  # the place of the first step in the stage, from 1
    last_group: bool  # whether the stage's last steps
    rows: list[_Row]
    available: float  # the height (in) for the rows on a slide

    def placed(self, size: float) -> list[_Row]:
        """The rows at card text ``size`` pt, a row taller than a slide split into parts."""
        col_w = GRID_W / len(self.steps)
        placed: list[_Row] = []
        for row in self.rows:
            sized = replace(row, height=_row_height(row, col_w, size))
            placed += _split_row(sized, col_w, size, self.available) if sized.height > self.available else [sized]
        return placed

    def pages(self, size: float, plan: Plan | None = None) -> list[list[_Row]]:
        """The rows at card text ``size`` pt: cut at the same lanes as every stage's (``plan``), or over as few
        slides as hold them."""
        placed = self.placed(size)
        return by_plan(placed, plan) if plan is not None else paginate(placed, self.available)


def _plan(groups: Sequence[_Group], size: float) -> tuple[Plan | None, int]:
    """The common cut of the lanes at ``size`` pt when it costs at most a quarter more slides than balancing each
    stage's slides on its own, and the number of stage slides either way."""
    placed = [(group.placed(size), group.available) for group in groups]
    balanced = sum(len(paginate(rows, available)) for rows, available in placed)
    plan = common_plan(placed, len(groups[0].rows)) if groups else None
    if plan is None:
        return None, balanced
    common = sum(len(by_plan(rows, plan)) for rows, _ in placed)
    return (plan, common) if common <= balanced * 1.25 else (None, balanced)


def _shown_lanes(m: Map, index: MapIndex) -> list[Lane]:
    """The lanes every stage shows, so "lane 3 of 12" means the same lane on every stage: all but a structured
    lane with nothing in it anywhere on the map."""
    shown = []
    for lane in effective_lanes(m):
        if lane.kind is LaneKind.EMOTION or lane.cards or not lane.kind.is_structured:
            shown.append(lane)
        elif any(cell_items(m, index, lane.kind, (), step.id) for step in m.steps):
            shown.append(lane)
    return shown


def _groups(
    m: Map, index: MapIndex, stage: Stage, lanes: Sequence[Lane], context: RenderContext | None = None
) -> list[_Group]:
    lines_after = {line.after: line.kind for line in m.blueprint_lines}
    groups = []
    first = 1
    step_groups = _chunks(stage.steps, MAX_STEPS)
    for number, steps in enumerate(step_groups, start=1):
        rows: list[_Row] = []
        for lane in lanes:
            line = lines_after.get(lane.id)
            if lane.kind is LaneKind.EMOTION:
                if not any(r.emotion for r in rows):
                    rows.append(_Row("Emotional level", "#f4f5f7", [], len(rows) + 1, emotion=True, line=line))
                continue
            cells = [cell_items(m, index, lane.kind, m.cards_at(lane, step.id), step.id) for step in steps]
            rows.append(_Row(lane.heading, lane_fill(lane.kind), cells, len(rows) + 1, line=line, lane_id=lane.id))
            rows[-1].kind = lane.kind
        voice = voice_cells(m, steps)  # the voice of the customer, on maps with measured feedback
        rows += [_Row(VOICE_HEADING, VOICE_FILL, voice, len(rows) + 1)] if voice is not None else []
        available = SLIDE_H - BOTTOM - _stage_top(stage, steps, context)
        groups.append(_Group(stage, steps, first, number == len(step_groups), rows, available))
        first += len(steps)
    return groups


def timeline_slides(deck: Any, m: Map, context: RenderContext) -> None:
    """A timeline map's deck: the title and persona slides, the overview, its stages, then the value moments,
    moments of truth and opportunities where the map has them."""
    title_slide(deck, m, context)
    persona_slide(deck, m, context)
    overview_slide(deck, m, context)
    _stage_slides(deck, m, MapIndex.build(m, context.vmpi_bands), context)
    value_moments_slides(deck, m, context.vmpi_bands)
    moments_slides(deck, m)
    opportunity_slides(deck, m)


def _stage_slides(deck: Any, m: Map, index: MapIndex, context: RenderContext) -> None:
    """The stage slides: a stage's steps as columns (at most ``MAX_STEPS`` a slide) and its lanes as rows,
    every text at 10 pt or more; lanes that do not fit continue on the next slide (the same number of lanes a
    slide on every stage), a lane taller than a slide continues as "(continued)". The card text is the largest
    size (12, 11 or 10 pt, the same on every stage slide) that needs no more slides than 10 pt."""
    stages = [stage for stage in m.stages if stage.steps]
    lanes = _shown_lanes(m, index)
    by_stage = [_groups(m, index, stage, lanes, context) for stage in stages]
    groups = [group for stage_groups in by_stage for group in stage_groups]
    plans = {s: _plan(groups, s) for s in CARD_SIZES}
    least = min(count for _, count in plans.values())
    size = next(  # the largest size cutting every stage alike with few slides more, else the largest with fewest
        (s for s in CARD_SIZES if plans[s][0] is not None and plans[s][1] <= least * 1.1),
        next(s for s in CARD_SIZES if plans[s][1] == least),
    )
    for position, stage_groups in enumerate(by_stage, start=1):
        stage = stage_groups[0].stage
        planned = [(group, group.pages(size, plans[size][0])) for group in stage_groups]
        total = sum(len(pages) for _, pages in planned)
        number = 0
        for group, pages in planned:
            for page_index, rows in enumerate(pages):
                number += 1
                labels: list[str] = []
                if len(stage_groups) > 1:
                    last_step = group.first_step + len(group.steps) - 1
                    labels.append(_span("step", group.first_step, last_step, len(stage.steps)))
                if len(pages) > 1 and rows:
                    span = _span("lane", rows[0].number, rows[-1].number, len(group.rows))
                    labels.append(span + (" (continued)" if rows[0].continued else ""))
                following = pages[page_index + 1] if page_index + 1 < len(pages) else None
                _stage_page(
                    deck,
                    m,
                    context,
                    _Page(
                        group=group,
                        rows=rows,
                        size=size,
                        title=stage.name + (" — " + " · ".join(labels) if labels else ""),
                        position=position,
                        count=len(stages),
                        number=number,
                        total=total,
                        following=following,
                    ),
                )


@dataclass
class _Page:
    """One stage slide: which rows of which group, at what size, under what title."""

    group: _Group
    rows: list[_Row]
    size: float
    title: str
    position: int  # the stage's place among the stages, from 1
    count: int  # how many stages
    number: int  # the slide's place among the stage's slides, from 1
    total: int  # how many slides the stage has
    following: list[_Row] | None  # the rows of the next slide of the same steps


def _stage_top(stage: Stage, steps: Sequence[Step], context: RenderContext | None = None) -> float:
    """Where a stage slide's rows start: below the title, the muted lines and the step headings."""
    return _subtitle_top(stage) + _step_head_height(steps, context) + 0.05


def _subtitle_top(stage: Stage) -> float:
    return 0.85 + _subtitle_height(stage)


def _subtitle_lines(stage: Stage, line: str) -> list[str]:
    return [line] + ([stage.description] if stage.description else [])


def _subtitle_height(stage: Stage) -> float:
    lines = _subtitle_lines(stage, "Stage 1 of 1 · slide 1 of 1 · " + "x" * 40)
    wrapped = sum(wrapped_lines(line, SLIDE_W - 2 * MARGIN - 0.06, SUBTITLE_PT) for line in lines)
    return min(MAX_SUBTITLE_H, _lines_height(wrapped, SUBTITLE_PT) + 0.08)


def _step_head_height(steps: Sequence[Step], context: RenderContext | None = None) -> float:
    col_w = GRID_W / len(steps)
    lines = max(wrapped_lines(step.name, col_w - 0.14, STEP_PT, bold=True) for step in steps)
    sub = _lines_height(sub_journey_lines(steps, context, col_w - 0.14), MIN_PT)  # 0 without sub-journeys
    return min(MAX_STEP_HEAD_H + sub, max(0.5, _lines_height(lines, STEP_PT) + sub + 0.14))


def _stage_heading(slide: _Slide, m: Map, page: _Page) -> None:
    """The title of a stage slide and the subtitle under it (where the stage and the slide stand, and the map)."""
    stage, title = page.group.stage, page.title
    title_size = fit_size([title], SLIDE_W - 2 * MARGIN, 0.55, 24, 14)
    slide.text(MARGIN, 0.25, SLIDE_W - 2 * MARGIN, 0.55, [Run(title, title_size, bold=True, colour=BLUE)])
    first = f"Stage {page.position} of {page.count}"
    if page.total > 1:
        first += f" · slide {page.number} of {page.total} for this stage"
    lines = _subtitle_lines(stage, f"{first} · {m.title}")
    sub_h = _subtitle_height(stage)
    slide.box(
        MARGIN,
        0.8,
        SLIDE_W - 2 * MARGIN,
        sub_h,
        [Run(line, SUBTITLE_PT, colour=MUTED) for line in lines],
        line=None,
        margin=0.02,
        shape="text",
        shrink=sub_h >= MAX_SUBTITLE_H,
    )


def _stage_page(deck: Any, m: Map, context: RenderContext, page: _Page) -> None:
    stage, steps, rows, size = page.group.stage, page.group.steps, page.rows, page.size
    slide = _Slide(deck)
    _stage_heading(slide, m, page)
    col_w = GRID_W / len(steps)
    head_top = _subtitle_top(stage)
    head_h = _step_head_height(steps, context)
    for i, step in enumerate(steps):
        slide.box(
            GRID_X + i * col_w,
            head_top,
            col_w,
            head_h,
            header_runs(step, context, Run(step.name, STEP_PT, bold=True)),
            fill=STEP_FILL,
            line="#ffffff",
            align="center",
            anchor="middle",
            shrink=head_h >= MAX_STEP_HEAD_H,
        )
    y = head_top + head_h + 0.05
    available = SLIDE_H - BOTTOM - y
    room = sum(LINE_ROOM for row in rows if row.line is not None)
    used = sum(row.height for row in rows) - room
    stretch = min(MAX_STRETCH, (available - room) / used) if used else 1.0
    placed: list[PlacedRow] = []
    for row in rows:
        placed.append(PlacedRow(row.lane_id, row.kind, row.continued))
        room = LINE_ROOM if row.line is not None else 0.0
        h = (row.height - room) * stretch
        if row.emotion:
            xs = [GRID_X + (i + 0.5) * col_w for i in range(len(steps))]
            emotion_band(slide, step_curves(m, context, steps, xs), y, h - 0.05, GRID_X + GRID_W)  # every persona
        else:
            slide.box(MARGIN, y, HEAD_W - 0.05, h, [Run(row.heading, size, bold=True)], fill=row.fill, margin=0.07)
            cells = enumerate(row.cells)
            placed[-1].cells = [_cell(slide, GRID_X + i * col_w, y, col_w, h, c, row.fill, size) for i, c in cells]
        y += h
        if row.line is not None:
            _blueprint_line(slide, row.line, y + room / 2)
            y += room
    draw_hand_overs(slide, m, placed, [(step.id, GRID_X + (i + 0.5) * col_w) for i, step in enumerate(steps)])
    _continued_note(slide, page)
    slide.finish(slide_notes(m, steps))


def _continued_note(slide: _Slide, page: _Page) -> None:
    """The line under a slide's rows saying what the next slide continues with, when it continues."""
    group = page.group
    stage = group.stage
    span = ""
    if page.following:
        span = _span("lane", page.following[0].number, page.following[-1].number, len(group.rows))
    elif not group.last_group:
        span = f"steps {group.first_step + len(group.steps)}–{len(stage.steps)} of {len(stage.steps)}"
    if span:
        slide.text(
            MARGIN,
            SLIDE_H - BOTTOM + 0.04,
            SLIDE_W - 2 * MARGIN,
            0.26,
            [Run(f"Continued on the next slide: {span}.", MIN_PT, italic=True, colour=MUTED)],
        )


def _cell(
    slide: _Slide, x: float, y: float, w: float, h: float, items: Sequence[CellItem], background: str, size: float
) -> list[tuple[float, float]]:
    """A lane's cell at a step and its items; the (top, bottom) of every item (in)."""
    slide.box(x, y, w, h, [], fill=background, line="#ffffff")
    extents: list[tuple[float, float]] = []
    inner_w = w - 2 * CELL_PAD
    cursor = y + CELL_PAD
    bottom = y + h - CELL_PAD
    for item in items:
        need = _item_height(item, inner_w, size)
        fits = cursor + need <= bottom + 0.005
        ih = need if fits else max(bottom - cursor, 0.2)  # only an item taller than a whole slide is cut short
        slide.box(
            x + CELL_PAD,
            cursor,
            inner_w,
            ih,
            _item_runs(item, size),
            fill=item.fill,
            line="#9aa5b1",
            margin=ITEM_INSET,
            shrink=not fits,
            name=f"{item.kind} {item.element_id}",
            indent=ICON_ROOM if item.channel is not None else 0.0,
        )
        if item.channel is not None:  # the kind's mark and the channel's icon before the text
            draw_touchpoint_marks(slide, item, x + CELL_PAD + ITEM_INSET, cursor + ITEM_INSET, size)
        extents.append((cursor, cursor + ih))
        cursor += ih + ITEM_GAP
    return extents


LINE_ROOM = 0.3  # the band a blueprint line runs through, below its lane
ICON_ROOM = MARKS_W  # a touchpoint's text starts after its mark and channel icon
LINE_DASH = {
    BlueprintLineKind.INTERACTION: "solid",
    BlueprintLineKind.VISIBILITY: "dash",
    BlueprintLineKind.INTERNAL_INTERACTION: "sysDot",
}


def _blueprint_line(slide: _Slide, kind: BlueprintLineKind, y: float) -> None:
    """A service blueprint's line across the slide, as a native connector, its name on a plate at the left."""
    slide.connector(MARGIN, y, SLIDE_W - MARGIN, y, BLUE, 2.0, LINE_DASH[kind], kind.label)
    width = len(kind.label) * MIN_PT * 0.58 / 72 + 0.2
    slide.box(
        MARGIN + 0.1,
        y - 0.12,
        width,
        0.24,
        [Run(kind.label, MIN_PT, bold=True, colour=BLUE)],
        fill="#ffffff",
        line=None,
        align="center",
        anchor="middle",
        margin=0.02,
    )
