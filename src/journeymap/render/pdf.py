"""PDF of a map: vector, fonts embedded, text kept as text — on one page, on ISO paper, or tiled over sheets.

Options (``RenderContext.options``, as the CLI passes them):

``paper``
    ``A4`` … ``A0``: print onto that paper (landscape when the drawing is wider than tall), scaled to fit
    inside a 10 mm margin and centred. Without it the page is the drawing's own size (1 px = 1/96 in).
``tile``
    ``A4`` or ``A3`` (with ``paper``): the drawing as laid out on ``paper``, cut into sheets of this size that
    overlap by 10 mm, one page a sheet in reading order, with crop marks, registration marks on the overlaps
    and a label ("row 2, column 3 of 3 × 4 — A0 wall planner on A3"), to print and tape into a wall planner.
``fit``
    ``rows`` (timeline maps): the steps wrapped into rows of a few steps, each repeating the lane headings
    (:mod:`journeymap.render.rows`); with ``paper``, as many steps a row as keep the cards' text at about 7.5 pt
    on the paper's width, and as many pages as the rows need, each page ending between lanes.
``blank``
    a blank wall planner for workshops: the stages, steps and lane headings, without cards, value moments,
    touchpoints, moments of truth or emotion curve.

cairo draws the SVG of :mod:`journeymap.render.svg_map` (through :mod:`journeymap.render.paint`, which
shows each string of text whole, so the PDF keeps it as text with the font embedded). A tiled PDF shows the
drawing through a clipped window on each page of one cairo PDF, drawing on each only what reaches into it.
The PDF carries no dates, so the same map gives the same bytes.
"""

from __future__ import annotations

import io
import itertools
import math
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..model import Map
from .paint import Drawing, cairo_module, drawing_of, select_font
from .paper import (
    MM_PT,
    OVERLAP_MM,
    PAPER_MARGIN_MM,
    PAPER_MM,
    PX_MM,
    SHEET_MARGIN_MM,
    PrintedText,
    fit_on_paper,
    fit_rows_scale,
    oriented,
    paper_layout,
    paper_notes,
    printable_w_px,
    printed_text,
    svg_size,
)
from .printable import blank_planner, fits_rows, is_true, map_svg, printed
from .registry import BinaryRenderer, RenderContext
from .rows import Rows, paginate
from .text import FONT_FAMILY, clean_text, text_width

__all__ = [
    "OVERLAP_MM",
    "PAPER_MM",
    "PrintedText",
    "Sheet",
    "TilePlan",
    "blank_planner",
    "is_true",
    "map_svg",
    "paper_notes",
    "printed_text",
    "render_pdf",
    "renderer",
    "svg_size",
    "tile_plan",
]


@dataclass(frozen=True)
class Sheet:
    """One tiled sheet: its place in the grid and the window (mm, in drawing coordinates) it shows."""

    row: int
    column: int
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class TilePlan:
    sheet_w: float
    sheet_h: float
    rows: int
    columns: int
    sheets: tuple[Sheet, ...]

    @property
    def overlaps(self) -> tuple[float, float]:
        """The smallest horizontal and vertical overlap between neighbouring sheets (0 with no neighbour)."""
        xs = sorted({s.x for s in self.sheets})
        ys = sorted({s.y for s in self.sheets})
        first = self.sheets[0]
        over_x = min((first.w - (b - a) for a, b in itertools.pairwise(xs)), default=0.0)
        over_y = min((first.h - (b - a) for a, b in itertools.pairwise(ys)), default=0.0)
        return over_x, over_y


def _starts(total: float, window: float, overlap: float) -> list[float]:
    count = max(1, math.ceil((total - overlap) / (window - overlap) - 1e-9))
    return [i * (window - overlap) for i in range(count)]


def tile_plan(drawing_w: float, drawing_h: float, tile: tuple[float, float], overlap: float = OVERLAP_MM) -> TilePlan:
    """Cut a drawing of ``drawing_w`` × ``drawing_h`` mm into sheets of size ``tile`` (either orientation,
    whichever needs fewer sheets), windows overlapping by ``overlap`` mm; the last row and column may run
    past the drawing (blank paper)."""
    best: TilePlan | None = None
    for landscape in (drawing_w > drawing_h, drawing_w <= drawing_h):
        sheet_w, sheet_h = oriented(tile, landscape)
        win_w, win_h = sheet_w - 2 * SHEET_MARGIN_MM, sheet_h - 2 * SHEET_MARGIN_MM
        xs = _starts(drawing_w, win_w, overlap)
        ys = _starts(drawing_h, win_h, overlap)
        sheets = tuple(
            Sheet(r + 1, c + 1, x, y, min(win_w, drawing_w), min(win_h, drawing_h))
            for r, y in enumerate(ys)
            for c, x in enumerate(xs)
        )
        plan = TilePlan(sheet_w, sheet_h, len(ys), len(xs), sheets)
        if best is None or len(plan.sheets) < len(best.sheets):
            best = plan
    assert best is not None
    return best


@dataclass(frozen=True)
class _Ink:
    """Drawing the printer's marks and labels on a page, in millimetres."""

    context: Any
    cairo: ModuleType

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2) -> None:
        self.context.move_to(x1, y1)
        self.context.line_to(x2, y2)
        self.stroke(width)

    def stroke(self, width: float) -> None:
        self.context.set_source_rgb(0, 0, 0)  # MARK_INK
        self.context.set_line_width(width)
        self.context.set_dash([])
        self.context.set_line_cap(self.cairo.LINE_CAP_BUTT)
        self.context.stroke()

    def target(self, cx: float, cy: float) -> None:
        """A registration mark: a circle with a cross through it."""
        self.context.new_sub_path()
        self.context.arc(cx, cy, 1.8, 0, 2 * math.pi)
        self.stroke(0.2)
        self.line(cx - 3, cy, cx + 3, cy)
        self.line(cx, cy - 3, cx, cy + 3)

    def label(self, text: str, x: float, y: float, size: float = 2.6) -> None:
        select_font(self.context, self.cairo, FONT_FAMILY, "normal", "normal")
        self.context.set_font_size(size)
        self.context.set_source_rgb(0x3E / 255, 0x4C / 255, 0x59 / 255)
        self.context.move_to(x, y)
        self.context.show_text(clean_text(text).replace("\n", " "))


def _draw_sheet(
    ink: _Ink, drawing: Drawing, size: tuple[float, float], plan: TilePlan, sheet: Sheet, caption: str
) -> None:
    """One tiled sheet (mm): its window onto the drawing (fitted to ``size`` mm), crop marks, registration
    marks on the overlaps and the label."""
    context = ink.context
    m = SHEET_MARGIN_MM
    left, top, right, bottom = m, m, m + sheet.w, m + sheet.h
    context.save()
    context.rectangle(left, top, sheet.w, sheet.h)
    context.clip()
    context.translate(left - sheet.x, top - sheet.y)
    scale_x, scale_y = size[0] / drawing.width, size[1] / drawing.height
    context.scale(scale_x, scale_y)
    window = (sheet.x / scale_x, sheet.y / scale_y, (sheet.x + sheet.w) / scale_x, (sheet.y + sheet.h) / scale_y)
    drawing.paint(context, window)  # only what the sheet shows: the others' parts are clipped away anyway
    context.restore()
    # crop marks at the window's corners, in the margin
    for cx, sx in ((left, -1), (right, 1)):
        for cy, sy in ((top, -1), (bottom, 1)):
            ink.line(cx + sx * 1.5, cy, cx + sx * (m - 1.5), cy)
            ink.line(cx, cy + sy * 1.5, cx, cy + sy * (m - 1.5))
    # where a neighbour's window begins: a tick at the overlap's edge and a target on the overlap's centre line
    marks = _overlap_marks(plan, sheet)
    for x in marks[0]:
        gx = left + x - sheet.x
        ink.line(gx, top - 1.5, gx, top - 4.5)
        ink.line(gx, bottom + 1.5, gx, bottom + 4.5)
    for x in marks[1]:
        gx = left + x - sheet.x
        ink.target(gx, top - 5.5)
        ink.target(gx, bottom + 5.5)
    for y in marks[2]:
        gy = top + y - sheet.y
        ink.line(left - 1.5, gy, left - 4.5, gy)
        ink.line(right + 1.5, gy, right + 4.5, gy)
    for y in marks[3]:
        gy = top + y - sheet.y
        ink.target(left - 5.5, gy)
        ink.target(right + 5.5, gy)
    # the label sits in the bottom margin between the marks of the left and right overlaps
    over_x, _ = plan.overlaps
    inset = over_x + 4 if plan.columns > 1 else 0.0
    hint = f"overlap {OVERLAP_MM:g} mm: trim at the crop marks, lay over the neighbour, match the ⊕ marks"
    room = plan.sheet_w - 2 * m - 2 * inset
    ink.label(_shorten(caption, room, 2.6), left + inset, plan.sheet_h - m + 4.6)
    ink.label(_shorten(hint, room, 2.1), left + inset, plan.sheet_h - m + 7.6, size=2.1)


def _shorten(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis to fit in ``width`` at ``size`` (same units)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _box(x: float, y: float, w: float, h: float) -> dict[str, Any]:
    return {"x": x, "y": y, "width": w, "height": h}


def _overlap_marks(plan: TilePlan, sheet: Sheet) -> tuple[list[float], list[float], list[float], list[float]]:
    """Drawing coordinates of the overlap edges and centres this sheet shares with its neighbours:
    (x edges, x centres, y edges, y centres)."""
    x_edges, x_centres = _overlaps(sorted({s.x for s in plan.sheets}), sheet.column - 1, sheet.x, sheet.w)
    y_edges, y_centres = _overlaps(sorted({s.y for s in plan.sheets}), sheet.row - 1, sheet.y, sheet.h)
    return x_edges, x_centres, y_edges, y_centres


def _overlaps(starts: list[float], index: int, start: float, size: float) -> tuple[list[float], list[float]]:
    """Along one axis, where the sheet ``index`` (from ``start``, ``size`` long) overlaps the sheets before and
    after it (``starts`` are every sheet's starts on the axis): the edges and centres of the overlaps."""
    edges: list[float] = []
    centres: list[float] = []
    if index > 0:  # the previous sheet's window ends inside this one
        end = starts[index - 1] + size
        edges.append(end)
        centres.append((start + end) / 2)
    if index + 1 < len(starts):
        after = starts[index + 1]
        edges.append(after)
        centres.append((after + start + size) / 2)
    return edges, centres


def _pdf_surface(cairo: ModuleType, out: io.BytesIO, width_mm: float, height_mm: float, title: str) -> Any:
    surface = cairo.PDFSurface(out, width_mm * MM_PT, height_mm * MM_PT)
    surface.set_metadata(cairo.PDF_METADATA_TITLE, clean_text(title))
    surface.set_metadata(cairo.PDF_METADATA_CREATOR, "journeymap")
    surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, "")  # no date: the same map gives the same bytes
    return surface


def _render_rows(m: Map, context: RenderContext, paper_size: tuple[float, float], out: io.BytesIO) -> bytes:
    """A wrapped map on paper: one page when it fits readably, else page after page of rows."""
    cairo = cairo_module()
    drawn: Rows = printed(m, context, printable_w_px(paper_size))
    drawing = drawing_of(drawn.svg)
    paper = oriented(paper_size, True)
    scale = min(fit_rows_scale(drawing.width, drawing.height, paper), 1.0)
    window = (paper[1] - 2 * PAPER_MARGIN_MM) / (scale * PX_MM)
    pages = paginate(drawn, window)
    surface = _pdf_surface(cairo, out, paper[0], paper[1], m.title)
    x = (paper[0] - drawing.width * PX_MM * scale) / 2
    for number, sheet in enumerate(pages, 1):
        page = cairo.Context(surface)
        page.scale(MM_PT, MM_PT)
        y = PAPER_MARGIN_MM
        if sheet.head is not None:  # a page inside a row: the row's stage and step headings again, on top
            y += _paint_band(page, drawing, (x, y, scale), *sheet.head)
        _paint_band(page, drawing, (x, y, scale), sheet.top, sheet.bottom)
        if len(pages) > 1:
            _Ink(page, cairo).label(f"{m.title} · page {number} of {len(pages)}", x, paper[1] - 4.5)
        page.show_page()
    surface.finish()
    return out.getvalue()


def _paint_band(page: Any, drawing: Drawing, at: tuple[float, float, float], top: float, bottom: float) -> float:
    """Paint the drawing from ``top`` to ``bottom`` (px) at ``at`` (x, y in mm, scale); the height it took (mm)."""
    x, y, scale = at
    height = (bottom - top) * PX_MM * scale
    page.save()
    page.rectangle(x, y, drawing.width * PX_MM * scale, height)
    page.clip()
    page.translate(x, y)
    page.scale(PX_MM * scale, PX_MM * scale)
    page.translate(0, -top)
    drawing.paint(page, (0.0, top, drawing.width, bottom))
    page.restore()
    return height


def render_pdf(m: Map, context: RenderContext) -> bytes:
    """The map as a PDF document (see the module's docstring for the options)."""
    cairo = cairo_module()
    layout = paper_layout(m, context)
    out = io.BytesIO()
    if layout.paper is not None and layout.tile is None and fits_rows(m, context):
        return _render_rows(m, context, layout.paper, out)
    drawing = drawing_of(map_svg(m, context))
    if layout.paper is None:
        surface = _pdf_surface(cairo, out, drawing.width * PX_MM, drawing.height * PX_MM, m.title)
        page = cairo.Context(surface)
        page.scale(MM_PT * PX_MM, MM_PT * PX_MM)
        drawing.paint(page, None)
        surface.finish()
        return out.getvalue()
    paper = oriented(layout.paper, drawing.width > drawing.height)
    x, y, w, h = fit_on_paper(drawing.width, drawing.height, paper)
    if layout.tile is None:
        surface = _pdf_surface(cairo, out, paper[0], paper[1], m.title)
        page = cairo.Context(surface)
        page.scale(MM_PT, MM_PT)
        page.translate(x, y)
        page.scale(w / drawing.width, h / drawing.height)
        drawing.paint(page, None)
        surface.finish()
        return out.getvalue()
    plan = tile_plan(w, h, layout.tile)
    surface = _pdf_surface(cairo, out, plan.sheet_w, plan.sheet_h, m.title)
    for sheet in plan.sheets:
        page = cairo.Context(surface)
        page.scale(MM_PT, MM_PT)
        caption = f"row {sheet.row}, column {sheet.column} of {plan.rows} × {plan.columns} — {layout.where} · {m.title}"
        _draw_sheet(_Ink(page, cairo), drawing, (w, h), plan, sheet, caption)
        page.show_page()
    surface.finish()
    return out.getvalue()


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    cairo_module()
    return BinaryRenderer("pdf", ".pdf", "application/pdf", render_pdf)
