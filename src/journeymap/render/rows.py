"""A timeline map wrapped into rows: its steps cut into bands of a few steps each, stacked one under the other,
each band repeating the stage and step headings and the lane headings, so a long map prints at a readable size
(``--fit rows`` of the PDF and PNG formats).

The first band carries the map's header and legend (the legend of the whole map); every step and card is drawn
once, in the band of its step. :func:`text_pt` says how big the cards' text comes out on paper, which the PDF
renderer uses to choose the number of steps in a band and to warn when a map fitted to a page gets too small.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Map, Stage, Step
from .layout import FONT, HEAD_W, MARGIN, STEP_W, effective_lanes
from .registry import RenderContext
from .svg import element, svg_document
from .svg_timeline import timeline_body

__all__ = [
    "CARD_FONT_PX",
    "READABLE_PT",
    "Page",
    "Rows",
    "band_maps",
    "paginate",
    "rows_svg",
    "smallest_font_px",
    "steps_for_aspect",
    "steps_for_width",
    "text_pt",
]

CARD_FONT_PX = FONT
"""The size of a card's text in the drawing (px)."""
READABLE_PT = 7.0
"""Card text smaller than this on paper earns a warning."""
TARGET_PT = 7.5
"""The size ``--fit rows`` aims at for the cards' text on paper."""
PX_PT = 0.75
"""One CSS pixel in points (1/96 in = 0.75 pt)."""
ASPECT = math.sqrt(2)
"""The shape a wrapped map aims at without paper: an ISO sheet, landscape."""


def text_pt(font_px: float, scale: float) -> float:
    """Text of ``font_px`` px in a drawing drawn at ``scale`` (paper px per drawing px), in points on paper."""
    return font_px * scale * PX_PT


def smallest_font_px(svg: str) -> float:
    """The smallest font size (px) of any text in an SVG made by journeymap (12 when it names none)."""
    sizes = [float(v) for v in re.findall(r'font-size[=:]"?\s*([0-9.]+)', svg)]
    return min(sizes, default=CARD_FONT_PX)


def band_width(steps: int) -> float:
    """The width (px) of a band of ``steps`` steps."""
    return 2 * MARGIN + HEAD_W + STEP_W * max(steps, 1)


def steps_for_width(width_px: float) -> int:
    """The most steps a band may have to be at most ``width_px`` wide (at least one)."""
    return max(1, math.floor((width_px - 2 * MARGIN - HEAD_W) / STEP_W))


def steps_for_aspect(steps: int, band_h: float) -> int:
    """Steps a band, without paper: the number of rows whose stack comes closest to :data:`ASPECT`
    (bands of about ``band_h`` px high)."""
    best, best_off = steps, math.inf
    for rows in range(1, steps + 1):
        per_row = math.ceil(steps / rows)
        off = abs(math.log(band_width(per_row) / (rows * band_h) / ASPECT))
        if off < best_off:
            best, best_off = per_row, off
    return best


def band_maps(m: Map, per_row: int) -> list[Map]:
    """``m`` cut into maps of ``per_row`` steps each (a stage split over two bands is in both), all with the
    lanes of the whole map, so every band shows the same lane headings."""
    lanes = effective_lanes(m)
    cut: list[list[tuple[Stage, list[Step]]]] = [[]]
    count = 0
    for stage in m.stages:
        steps = list(stage.steps)
        if not steps:
            continue
        while steps:
            if count == per_row:
                cut.append([])
                count = 0
            take = steps[: per_row - count]
            steps = steps[len(take) :]
            cut[-1].append((stage, take))
            count += len(take)
    return [
        m.model_copy(update={"stages": [s.model_copy(update={"steps": t}) for s, t in band], "lanes": lanes})
        for band in cut
        if band
    ]


@dataclass(frozen=True)
class Rows:
    """A wrapped map's SVG, its size (px), and the y of every place a page may end (between lanes and bands)."""

    svg: str
    width: float
    height: float
    breaks: tuple[float, ...]
    bands: int
    heads: tuple[tuple[float, float, float], ...] = ()
    """Of each band: its top, and the top and bottom of its stage and step headings."""


@dataclass(frozen=True)
class Page:
    """One printed page of a wrapped map: the part of the drawing from ``top`` to ``bottom`` (px), under
    ``head`` (the top and bottom of its band's stage and step headings) when the page starts inside a band."""

    top: float
    bottom: float
    head: tuple[float, float] | None = None


def paginate(rows: Rows, window: float) -> list[Page]:
    """The pages of a wrapped drawing, each at most ``window`` px high: a page ends at the last place a page may
    end that fits (between lanes or rows), or mid-lane when none does; a page that starts inside a row repeats
    the row's stage and step headings above."""
    pages: list[Page] = []
    top = 0.0
    while top < rows.height - 0.5:
        band = next((h for h in reversed(rows.heads) if h[0] <= top + 0.5), None)
        head = (band[1], band[2]) if band is not None and top > band[2] - 0.5 else None
        room = max(window - (head[1] - head[0] if head else 0.0), window / 2)
        fitting = [b for b in rows.breaks if top + 1 < b <= top + room + 1e-6]
        bottom = max(fitting) if fitting else min(top + room, rows.height)
        pages.append(Page(top, bottom, head))
        top = bottom
    return pages


def rows_svg(m: Map, context: RenderContext, per_row: int) -> Rows:
    """The map drawn in bands of ``per_row`` steps, stacked (see the module's docstring)."""
    parts: list[str] = []
    breaks: list[float] = []
    heads: list[tuple[float, float, float]] = []
    y = 0.0
    width = 0.0
    css = ""
    bands = band_maps(m, per_row)
    for number, band in enumerate(bands):
        layout, body, css = timeline_body(band, context, chrome=number == 0, whole=m)
        parts.append(element("g", {"class": "jm-row", "transform": f"translate(0 {y:g})"}, body))
        breaks.extend(y + lane.y + lane.h for lane in layout.lanes)
        heads.append((y, y + layout.stage_y, y + layout.grid_top))
        y += layout.height
        breaks.append(y)
        width = max(width, layout.width)
    background = element("rect", {"x": 0, "y": 0, "width": width, "height": y, "fill": "#ffffff"})
    description = f"{m.type.label} with {len(m.steps)} steps in {len(bands)} rows of at most {per_row} steps"
    svg = svg_document(width, y, m.title, description, [background, *parts], css)
    return Rows(svg, width, y, tuple(sorted(set(breaks))), len(bands), tuple(heads))
