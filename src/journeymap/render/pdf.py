"""PDF of a map: vector, fonts embedded, text kept as text — on one page, on ISO paper, or tiled over sheets.

Options (``RenderContext.options``, as the CLI passes them):

``paper``
    ``A4`` … ``A0``: print onto that paper (landscape when the drawing is wider than tall), scaled to fit
    inside a 10 mm margin and centred. Without it the page is the drawing's own size (1 px = 1/96 in).
``tile``
    ``A4`` or ``A3`` (with ``paper``): the drawing as laid out on ``paper``, cut into sheets of this size that
    overlap by 10 mm, one page a sheet in reading order, with crop marks, registration marks on the overlaps
    and a label ("row 2, column 3 of 3 × 4 — A0 wall planner on A3"), to print and tape into a wall planner.
``blank``
    a blank wall planner for workshops: the stages, steps and lane headings, without cards, value moments,
    touchpoints, moments of truth or emotion curve.

cairosvg draws the SVG of :mod:`journeymap.render.svg_map` with cairo; each sheet is an SVG in millimetres that
shows the map's SVG through a clipped window, and pypdf joins the sheets. The PDF carries no dates, so the same
map gives the same bytes.
"""

from __future__ import annotations

import base64
import importlib
import io
import itertools
import math
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..errors import JourneymapError, MissingExtraError
from ..model import Card, Lane, LaneKind, Map, MapType
from .layout import effective_lanes
from .registry import BinaryRenderer, RenderContext
from .svg import element, esc
from .svg_map import render_svg
from .text import FONT_FAMILY, text_width

__all__ = [
    "OVERLAP_MM",
    "PAPER_MM",
    "Sheet",
    "TilePlan",
    "blank_planner",
    "cairosvg_module",
    "is_true",
    "map_svg",
    "render_pdf",
    "renderer",
    "svg_size",
    "tile_plan",
]

PAPER_MM: dict[str, tuple[float, float]] = {
    "A0": (841.0, 1189.0),
    "A1": (594.0, 841.0),
    "A2": (420.0, 594.0),
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
}
"""ISO 216 paper sizes in millimetres, portrait (width, height)."""

TILE_SIZES = ("A3", "A4")
PAPER_MARGIN_MM = 10.0
"""Blank border around the drawing on ``--paper``."""
SHEET_MARGIN_MM = 10.0
"""Border of each tiled sheet, for the crop marks and the label (inside what office printers can print)."""
OVERLAP_MM = 10.0
"""How much neighbouring sheets share, to trim one and lay it over the other."""
PX_MM = 25.4 / 96
"""One CSS pixel in millimetres."""
MARK_INK = "#000000"


def is_true(value: str | None) -> bool:
    """A CLI flag carried as a string: present and not ``0``/``false``/``no``/``off``."""
    return value is not None and value.strip().lower() not in ("", "0", "false", "no", "off")


def cairosvg_module(what: str = "PDF export") -> ModuleType:
    try:
        return importlib.import_module("cairosvg")
    except (ImportError, OSError) as exc:  # OSError: libcairo itself is missing
        raise MissingExtraError(what, "pdf") from exc


def blank_planner(m: Map) -> Map:
    """A copy of a timeline map with only its stages, steps and lane headings: a blank wall planner.

    Every lane the map's picture shows stays (also those drawn for its touchpoints, emotion, …), empty."""
    if m.type in (MapType.ECOSYSTEM_MAP, MapType.MENTAL_MODEL_DIAGRAM):
        raise JourneymapError(f"a blank planner needs a timeline map; {m.id!r} is a {m.type.label}")
    stages = [
        stage.model_copy(
            update={
                "steps": [
                    step.model_copy(update={"emotion": None, "narrative_phase": None, "actors": []})
                    for step in stage.steps
                ]
            }
        )
        for stage in m.stages
    ]
    steps = [step.id for stage in stages for step in stage.steps]
    return m.model_copy(
        update={
            "title": f"{m.title} — blank wall planner",
            "description": "",
            "stages": stages,
            "lanes": [lane.model_copy(update={"cards": _slots(lane, steps)}) for lane in effective_lanes(m)],
            "touchpoints": [],
            "moments_of_truth": [],
            "service_challenges": [],
            "value_moments": [],
            "opportunities": [],
            "comments": [],
        }
    )


BLANK_SLOT_LINES = 8
"""Height of the empty card in each cell of a blank planner, in lines of text: room for sticky notes."""


def _slots(lane: Lane, steps: list[str]) -> list[Card]:
    """An empty card in each cell of a lane (none in the emotion lane, which keeps its empty chart)."""
    if lane.kind is LaneKind.EMOTION:
        return []
    blank = "\n" * (BLANK_SLOT_LINES - 1)  # blank lines: the card has no text, only its height
    return [Card.model_construct(id=f"blank-{lane.id}-{step}", step=step, text=blank) for step in steps]


def map_svg(m: Map, context: RenderContext) -> str:
    """The SVG to print: the map's, or its blank planner's with ``blank``."""
    if is_true(context.options.get("blank")):
        m = blank_planner(m)
    return render_svg(m, context)


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height (px) of a document made by :func:`journeymap.render.svg.svg_document`."""
    root = svg[svg.index("<svg") : svg.index(">", svg.index("<svg"))]
    values = {}
    for name in ("width", "height"):
        start = root.index(f' {name}="') + len(name) + 3
        values[name] = float(root[start : root.index('"', start)].removesuffix("px"))
    return values["width"], values["height"]


def _paper(name: str, option: str) -> tuple[float, float]:
    size = PAPER_MM.get(name.strip().upper())
    if size is None:
        raise JourneymapError(f"unknown {option} size {name!r}; known sizes: {', '.join(PAPER_MM)}")
    return size


def _oriented(size: tuple[float, float], landscape: bool) -> tuple[float, float]:
    short, long = sorted(size)
    return (long, short) if landscape else (short, long)


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
        sheet_w, sheet_h = _oriented(tile, landscape)
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


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _page_svg(width_mm: float, height_mm: float, body: list[str]) -> str:
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "xmlns:xlink": "http://www.w3.org/1999/xlink",
        "width": f"{width_mm:.3f}mm",
        "height": f"{height_mm:.3f}mm",
        "viewBox": f"0 0 {width_mm:.3f} {height_mm:.3f}",
    }
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + element("svg", attrs, body) + "\n"


def _image(href: str, x: float, y: float, w: float, h: float) -> str:
    box = {"x": x, "y": y, "width": w, "height": h}
    return element("image", {**{k: f"{v:.3f}" for k, v in box.items()}, "xlink:href": href})


def _line(x1: float, y1: float, x2: float, y2: float, width: float = 0.2) -> str:
    return element("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": MARK_INK, "stroke-width": width})


def _target(cx: float, cy: float) -> list[str]:
    """A registration mark: a circle with a cross through it."""
    circle = {"cx": cx, "cy": cy, "r": 1.8, "fill": "none", "stroke": MARK_INK, "stroke-width": 0.2}
    return [element("circle", circle), _line(cx - 3, cy, cx + 3, cy), _line(cx, cy - 3, cx, cy + 3)]


def _label(text: str, x: float, y: float, anchor: str = "start", size: float = 2.6) -> str:
    attrs = {
        "x": x,
        "y": y,
        "font-family": FONT_FAMILY,
        "font-size": size,
        "fill": "#3e4c59",
        "text-anchor": anchor,
    }
    return element("text", attrs, esc(text))


def _sheet_svg(href: str, drawing: tuple[float, float], plan: TilePlan, sheet: Sheet, caption: str) -> str:
    m = SHEET_MARGIN_MM
    left, top, right, bottom = m, m, m + sheet.w, m + sheet.h
    body = [
        element(
            "defs", None, [element("clipPath", {"id": "window"}, [element("rect", _box(left, top, sheet.w, sheet.h))])]
        ),
        element(
            "g",
            {"clip-path": "url(#window)"},
            [_image(href, left - sheet.x, top - sheet.y, drawing[0], drawing[1])],
        ),
    ]
    # crop marks at the window's corners, in the margin
    for cx, sx in ((left, -1), (right, 1)):
        for cy, sy in ((top, -1), (bottom, 1)):
            body.append(_line(cx + sx * 1.5, cy, cx + sx * (m - 1.5), cy))
            body.append(_line(cx, cy + sy * 1.5, cx, cy + sy * (m - 1.5)))
    # where a neighbour's window begins: a tick at the overlap's edge and a target on the overlap's centre line
    marks = _overlap_marks(plan, sheet)
    for x in marks[0]:
        gx = left + x - sheet.x
        body.extend((_line(gx, top - 1.5, gx, top - 4.5), _line(gx, bottom + 1.5, gx, bottom + 4.5)))
    for x in marks[1]:
        gx = left + x - sheet.x
        body.extend((*_target(gx, top - 5.5), *_target(gx, bottom + 5.5)))
    for y in marks[2]:
        gy = top + y - sheet.y
        body.extend((_line(left - 1.5, gy, left - 4.5, gy), _line(right + 1.5, gy, right + 4.5, gy)))
    for y in marks[3]:
        gy = top + y - sheet.y
        body.extend((*_target(left - 5.5, gy), *_target(right + 5.5, gy)))
    # the label sits in the bottom margin between the marks of the left and right overlaps
    over_x, _ = plan.overlaps
    inset = over_x + 4 if plan.columns > 1 else 0.0
    hint = f"overlap {OVERLAP_MM:g} mm: trim at the crop marks, lay over the neighbour, match the ⊕ marks"
    room = plan.sheet_w - 2 * m - 2 * inset
    body.append(_label(_shorten(caption, room, 2.6), left + inset, plan.sheet_h - m + 4.6))
    body.append(_label(_shorten(hint, room, 2.1), left + inset, plan.sheet_h - m + 7.6, size=2.1))
    return _page_svg(plan.sheet_w, plan.sheet_h, body)


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
    xs = sorted({s.x for s in plan.sheets})
    ys = sorted({s.y for s in plan.sheets})
    x_edges: list[float] = []
    x_centres: list[float] = []
    y_edges: list[float] = []
    y_centres: list[float] = []
    col, row = sheet.column - 1, sheet.row - 1
    if col > 0:  # the left neighbour's window ends inside this one
        end = xs[col - 1] + sheet.w
        x_edges.append(end)
        x_centres.append((sheet.x + end) / 2)
    if col + 1 < len(xs):
        start = xs[col + 1]
        x_edges.append(start)
        x_centres.append((start + sheet.x + sheet.w) / 2)
    if row > 0:
        end = ys[row - 1] + sheet.h
        y_edges.append(end)
        y_centres.append((sheet.y + end) / 2)
    if row + 1 < len(ys):
        start = ys[row + 1]
        y_edges.append(start)
        y_centres.append((start + sheet.y + sheet.h) / 2)
    return x_edges, x_centres, y_edges, y_centres


def _fit(svg_w: float, svg_h: float, paper: tuple[float, float]) -> tuple[float, float, float, float]:
    """Where the drawing goes on the paper: x, y, width, height in mm (fitted inside the margin, centred)."""
    avail_w, avail_h = paper[0] - 2 * PAPER_MARGIN_MM, paper[1] - 2 * PAPER_MARGIN_MM
    scale = min(avail_w / svg_w, avail_h / svg_h)
    w, h = svg_w * scale, svg_h * scale
    return (paper[0] - w) / 2, (paper[1] - h) / 2, w, h


def _pages(m: Map, context: RenderContext) -> list[str]:
    """The SVG of each page to print."""
    svg = map_svg(m, context)
    paper_name = context.options.get("paper", "").strip()
    tile_name = context.options.get("tile", "").strip()
    if not paper_name and not tile_name:
        return [svg]
    if not paper_name:
        raise JourneymapError("--tile needs --paper, the size of the whole wall planner (e.g. --paper A0 --tile A3)")
    svg_w, svg_h = svg_size(svg)
    paper = _oriented(_paper(paper_name, "paper"), svg_w > svg_h)
    _, _, draw_w, draw_h = _fit(svg_w, svg_h, paper)
    href = _data_url(svg)
    if not tile_name:
        x, y, w, h = _fit(svg_w, svg_h, paper)
        return [_page_svg(paper[0], paper[1], [_image(href, x, y, w, h)])]
    tile = _paper(tile_name, "tile")
    if tile_name.upper() not in TILE_SIZES:
        raise JourneymapError(f"tiles are printed on {' or '.join(TILE_SIZES)} sheets, not {tile_name!r}")
    if tile[0] * tile[1] >= paper[0] * paper[1]:
        raise JourneymapError(
            f"cannot tile {paper_name.upper()} onto {tile_name.upper()}: the sheet must be smaller than the paper"
        )
    plan = tile_plan(draw_w, draw_h, tile)
    kind = "wall planner" if m.type is MapType.VALUE_MOMENTS_PLANNER or is_true(context.options.get("blank")) else "map"
    where = f"{paper_name.upper()} {kind} on {tile_name.upper()}"
    pages = []
    for sheet in plan.sheets:
        caption = f"row {sheet.row}, column {sheet.column} of {plan.rows} × {plan.columns} — {where} · {m.title}"
        pages.append(_sheet_svg(href, (draw_w, draw_h), plan, sheet, caption))
    return pages


def render_pdf(m: Map, context: RenderContext) -> bytes:
    """The map as a PDF document (see the module's docstring for the options)."""
    cairosvg = cairosvg_module()
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError as exc:
        raise MissingExtraError("PDF export", "pdf") from exc
    writer = PdfWriter()
    for page in _pages(m, context):
        writer.append(PdfReader(io.BytesIO(cairosvg.svg2pdf(bytestring=page.encode("utf-8")))))
    writer.compress_identical_objects()
    writer.metadata = {"/Title": m.title, "/Producer": "journeymap (cairo, pypdf)"}
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    cairosvg_module()
    return BinaryRenderer("pdf", ".pdf", "application/pdf", render_pdf)
