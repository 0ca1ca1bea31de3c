"""Geometry of a mental model diagram: towers of people's thinking above the line, supports below it.

Pure geometry (no drawing), shared by every writer. The method (Indi Young's diagram, left to right):

1. **Columns.** Every tower is a column of :data:`COLUMN_W`; towers of one mental space sit side by side
   (:data:`COLUMN_GAP` apart) and spaces are separated by a wider :data:`SPACE_GAP`. A space without towers
   keeps one empty column so its name still shows. A left gutter carries the labels of the two halves.
2. **Header band.** Each space's name is wrapped over its columns in a band across the top; the band is as
   tall as the tallest name.
3. **Towers above the line.** A tower is its name box on top of its boxes (thoughts, reactions, guiding
   principles), stacked in file order. Towers stand *on* the line, so their tops form a skyline: tall
   towers are the intents people have most to say about.
4. **Supports below the line.** Each support hangs under the towers it supports. Links to adjacent towers
   become one box spanning them (centred under them by construction); a support linked to towers that are
   not adjacent gets one box under each run of adjacent towers, each noting where else it appears.
   Boxes are packed like a skyline turned upside down: each goes as high as the boxes already in its
   columns allow, so several supports under one tower stack and nothing overlaps.
5. **Gaps.** A tower no support serves gets a dashed empty slot right under the line, marked "gap",
   placed before the supports so the gap is the first thing under the tower.
6. Supports that name no known tower are gathered in one extra column at the right, under a heading.

All text is wrapped with the real DejaVu Sans metrics of :mod:`.text`, so boxes fit their words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Map, MentalSpace, Support, Tower
from .layout_network import Box
from .text import wrap

__all__ = [
    "COLUMN_W",
    "GAP_TEXT",
    "GapLayout",
    "MentalLayout",
    "SpaceLayout",
    "SupportLayout",
    "TextBox",
    "TowerLayout",
    "layout_mental",
]

MARGIN = 24.0
GUTTER_W = 150.0
COLUMN_W = 172.0
COLUMN_GAP = 12.0
SPACE_GAP = 28.0
SPACE_PAD = 8.0
HEADER_SIZE = 13.5
HEADER_LINE = 17.0
NAME_SIZE = 12.0
NAME_LINE = 15.0
BOX_SIZE = 11.5
BOX_LINE = 14.5
NOTE_SIZE = 10.0
NOTE_LINE = 12.5
PAD_X = 8.0
PAD_Y = 7.0
STACK_GAP = 6.0
LINE_PAD = 14.0
GAP_H = 46.0
GAP_TEXT = "gap"
GAP_NOTE = "no support"
TOWER_TOP_PAD = 12.0


@dataclass(frozen=True)
class TextBox:
    """A box holding wrapped text: ``lines`` set at ``size`` px, ``line_height`` apart, :data:`PAD_X` in."""

    id: str
    box: Box
    lines: tuple[str, ...]
    size: float
    line_height: float
    bold: bool = False

    @property
    def first_baseline(self) -> float:
        return self.box.y + PAD_Y + self.size * 0.93


@dataclass(frozen=True)
class SpaceLayout:
    """A mental space: its region (header band down to the line) and its name in the header band."""

    id: str
    region: Box
    header: TextBox


@dataclass(frozen=True)
class TowerLayout:
    id: str
    space: str
    column: Box
    """The whole column above the line (from the header band down to the line)."""
    name: TextBox
    boxes: tuple[TextBox, ...]
    supported: bool


@dataclass(frozen=True)
class SupportLayout:
    """One box of a support; a support under non-adjacent towers has one box per run (``part`` 0, 1, …)."""

    id: str
    part: int
    text: TextBox
    towers: tuple[str, ...]
    note: tuple[str, ...]
    """Wrapped "Also under: …" note, empty when the support has one box."""


@dataclass(frozen=True)
class GapLayout:
    tower: str
    box: Box


@dataclass(frozen=True)
class MentalLayout:
    spaces: tuple[SpaceLayout, ...]
    towers: tuple[TowerLayout, ...]
    supports: tuple[SupportLayout, ...]
    gaps: tuple[GapLayout, ...]
    line_y: float
    line_x1: float
    line_x2: float
    gutter_x: float
    unlinked_heading: Box | None
    width: float
    height: float


@dataclass(frozen=True)
class _Column:
    x: float
    space: str
    tower: Tower | None


def layout_mental(m: Map) -> MentalLayout:
    """Place the spaces, towers, supports and gaps of a mental model diagram (see the module docstring)."""
    columns, spans = _columns(m.mental_spaces)
    header_h = _header_height(m.mental_spaces, spans)
    header_top = MARGIN
    towers_top = header_top + header_h + TOWER_TOP_PAD
    heights = [_stack_height(c.tower) for c in columns if c.tower is not None]
    line_y = towers_top + (max(heights) + LINE_PAD if heights else 40.0)
    index = {c.tower.id: k for k, c in enumerate(columns) if c.tower is not None}
    supported = _supported(m.supports, index)
    below = _Below(columns, index, line_y)
    below.place_gaps(supported)
    below.place_supports(m.supports)
    towers = tuple(
        _tower(c, c.tower, header_top + header_h, line_y, c.tower.id in supported)
        for c in columns
        if c.tower is not None
    )
    spaces = tuple(
        _space(space, span, header_top, header_h, line_y) for space, span in zip(m.mental_spaces, spans, strict=True)
    )
    right = max([MARGIN + GUTTER_W + COLUMN_W] + [span[1] for span in spans] + below.rights())
    width = math.ceil(right + MARGIN)
    return MentalLayout(
        spaces=spaces,
        towers=towers,
        supports=tuple(sorted(below.supports, key=lambda s: (below.order[s.id], s.part))),
        gaps=tuple(below.gaps),
        line_y=line_y,
        line_x1=MARGIN,
        line_x2=width - MARGIN,
        gutter_x=MARGIN,
        unlinked_heading=below.unlinked_heading,
        width=width,
        height=math.ceil(max(below.deepest(), line_y + LINE_PAD + GAP_H) + MARGIN),
    )


# ---- above the line ------------------------------------------------------------------------------------------
def _columns(spaces: list[MentalSpace]) -> tuple[list[_Column], list[tuple[float, float]]]:
    """One column a tower (an empty one for a space without towers), and each space's left and right edge."""
    columns: list[_Column] = []
    spans: list[tuple[float, float]] = []
    x = MARGIN + GUTTER_W + SPACE_PAD
    for space in spaces:
        start = x
        towers: list[Tower | None] = list(space.towers) or [None]
        for tower in towers:
            columns.append(_Column(x, space.id, tower))
            x += COLUMN_W + COLUMN_GAP
        x -= COLUMN_GAP
        spans.append((start - SPACE_PAD, x + SPACE_PAD))
        x += SPACE_GAP
    return columns, spans


def _header_height(spaces: list[MentalSpace], spans: list[tuple[float, float]]) -> float:
    lines = [len(_header_lines(s, span)) for s, span in zip(spaces, spans, strict=True)]
    return max(lines, default=1) * HEADER_LINE + 2 * PAD_Y + 4


def _header_lines(space: MentalSpace, span: tuple[float, float]) -> tuple[str, ...]:
    return tuple(wrap(space.name, span[1] - span[0] - 2 * PAD_X, HEADER_SIZE, bold=True))


def _space(space: MentalSpace, span: tuple[float, float], top: float, header_h: float, line_y: float) -> SpaceLayout:
    region = Box(span[0], top, span[1] - span[0], line_y - top)
    header = TextBox(
        space.id, Box(span[0], top, region.w, header_h), _header_lines(space, span), HEADER_SIZE, HEADER_LINE, True
    )
    return SpaceLayout(space.id, region, header)


def _text_height(lines: int, line_height: float) -> float:
    return 2 * PAD_Y + lines * line_height


def _name_lines(tower: Tower) -> tuple[str, ...]:
    return tuple(wrap(tower.name, COLUMN_W - 2 * PAD_X, NAME_SIZE, bold=True))


def _box_lines(text: str, width: float = COLUMN_W) -> tuple[str, ...]:
    return tuple(wrap(text, width - 2 * PAD_X, BOX_SIZE))


def _stack_height(tower: Tower | None) -> float:
    """Height of a tower: its name box and its boxes, :data:`STACK_GAP` apart."""
    if tower is None:
        return 0.0
    height = _text_height(len(_name_lines(tower)), NAME_LINE)
    return height + sum(STACK_GAP + _text_height(len(_box_lines(b.text)), BOX_LINE) for b in tower.boxes)


def _tower(column: _Column, tower: Tower, band_bottom: float, line_y: float, supported: bool) -> TowerLayout:
    """A tower standing on the line: name box on top, then its boxes in file order."""
    y = line_y - LINE_PAD - _stack_height(tower)
    name_lines = _name_lines(tower)
    name_h = _text_height(len(name_lines), NAME_LINE)
    name = TextBox(tower.id, Box(column.x, y, COLUMN_W, name_h), name_lines, NAME_SIZE, NAME_LINE, True)
    y += name_h
    boxes = []
    for box in tower.boxes:
        lines = _box_lines(box.text)
        h = _text_height(len(lines), BOX_LINE)
        boxes.append(TextBox(box.id, Box(column.x, y + STACK_GAP, COLUMN_W, h), lines, BOX_SIZE, BOX_LINE))
        y += STACK_GAP + h
    region = Box(column.x, band_bottom, COLUMN_W, line_y - band_bottom)
    return TowerLayout(tower.id, column.space, region, name, tuple(boxes), supported)


# ---- below the line ------------------------------------------------------------------------------------------
def _supported(supports: list[Support], index: dict[str, int]) -> set[str]:
    return {t for s in supports for t in s.towers if t in index}


def _runs(positions: list[int]) -> list[list[int]]:
    """Sorted column indices grouped into runs of adjacent columns: [1, 2, 5] → [[1, 2], [5]]."""
    runs: list[list[int]] = []
    for k in sorted(set(positions)):
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


class _Below:
    """Packs gaps and supports under the line, column by column, like an upside-down skyline."""

    def __init__(self, columns: list[_Column], index: dict[str, int], line_y: float) -> None:
        self.columns, self.index, self.line_y = columns, index, line_y
        self.depth = [line_y + LINE_PAD for _ in columns]
        self.supports: list[SupportLayout] = []
        self.gaps: list[GapLayout] = []
        self.order: dict[str, int] = {}
        self.unlinked_heading: Box | None = None
        self.unlinked_depth = line_y + LINE_PAD

    def place_gaps(self, supported: set[str]) -> None:
        for k, column in enumerate(self.columns):
            if column.tower is not None and column.tower.id not in supported:
                self.gaps.append(GapLayout(column.tower.id, Box(column.x, self.depth[k], COLUMN_W, GAP_H)))
                self.depth[k] += GAP_H + STACK_GAP

    def place_supports(self, supports: list[Support]) -> None:
        pieces: list[tuple[int, int, int, Support, list[int], list[list[int]]]] = []
        unlinked = []
        for order, support in enumerate(supports):
            self.order.setdefault(support.id, order)
            runs = _runs([self.index[t] for t in support.towers if t in self.index])
            if not runs:
                unlinked.append(support)
            for run in runs:
                pieces.append((run[0], -len(run), order, support, run, runs))
        for *_, support, run, runs in sorted(pieces, key=lambda p: p[:3]):
            self._place(support, run, runs)
        if unlinked:
            self._place_unlinked(unlinked)

    def _place(self, support: Support, run: list[int], runs: list[list[int]]) -> None:
        x = self.columns[run[0]].x
        w = self.columns[run[-1]].x + COLUMN_W - x
        lines = _box_lines(support.text, w)
        note = self._note(run, runs, w)
        h = _text_height(len(lines), BOX_LINE) + (len(note) * NOTE_LINE + 4 if note else 0)
        y = max(self.depth[k] for k in run)
        for k in run:
            self.depth[k] = y + h + STACK_GAP
        text = TextBox(support.id, Box(x, y, w, h), lines, BOX_SIZE, BOX_LINE)
        towers = tuple(t.id for k in run if (t := self.columns[k].tower) is not None)
        self.supports.append(SupportLayout(support.id, runs.index(run), text, towers, note))

    def _note(self, run: list[int], runs: list[list[int]], width: float) -> tuple[str, ...]:
        if len(runs) < 2:
            return ()
        names = [t.name for other in runs if other != run for k in other if (t := self.columns[k].tower) is not None]
        return tuple(wrap("Also under: " + "; ".join(names), width - 2 * PAD_X, NOTE_SIZE))

    def _place_unlinked(self, supports: list[Support]) -> None:
        x = max([c.x + COLUMN_W for c in self.columns], default=MARGIN + GUTTER_W) + SPACE_GAP
        self.unlinked_heading = Box(x, self.line_y + LINE_PAD, COLUMN_W, 20)
        y = self.line_y + LINE_PAD + 20 + STACK_GAP
        for support in supports:
            lines = _box_lines(support.text)
            h = _text_height(len(lines), BOX_LINE)
            text = TextBox(support.id, Box(x, y, COLUMN_W, h), lines, BOX_SIZE, BOX_LINE)
            self.supports.append(SupportLayout(support.id, 0, text, (), ()))
            y += h + STACK_GAP
        self.unlinked_depth = y

    def rights(self) -> list[float]:
        return [s.text.box.right for s in self.supports]

    def deepest(self) -> float:
        return max([*self.depth, self.unlinked_depth])
