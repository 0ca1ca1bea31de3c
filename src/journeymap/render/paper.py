"""Paper for printed maps: the ISO sizes, how a drawing is fitted onto a sheet, and how big its text comes out
(:func:`printed_text`, behind ``render --paper``'s warning and the studio's export check). Shared by the PDF
renderer and the print check, so neither format module imports the other."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import JourneymapError
from ..model import Map
from .printable import fits_rows, is_true, printed
from .registry import RenderContext
from .rows import CARD_FONT_PX, READABLE_PT, smallest_font_px, text_pt

__all__ = [
    "MM_PT",
    "OVERLAP_MM",
    "PAPER_MARGIN_MM",
    "PAPER_MM",
    "PX_MM",
    "SHEET_MARGIN_MM",
    "TILE_SIZES",
    "PaperLayout",
    "PrintedText",
    "fit_on_paper",
    "fit_rows_scale",
    "oriented",
    "paper_layout",
    "paper_notes",
    "printable_w_px",
    "printed_text",
    "svg_size",
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
MM_PT = 72 / 25.4
"""One millimetre in PDF points."""


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


def oriented(size: tuple[float, float], landscape: bool) -> tuple[float, float]:
    short, long = sorted(size)
    return (long, short) if landscape else (short, long)


def fit_on_paper(svg_w: float, svg_h: float, paper: tuple[float, float]) -> tuple[float, float, float, float]:
    """Where the drawing goes on the paper: x, y, width, height in mm (fitted inside the margin, centred)."""
    avail_w, avail_h = paper[0] - 2 * PAPER_MARGIN_MM, paper[1] - 2 * PAPER_MARGIN_MM
    scale = min(avail_w / svg_w, avail_h / svg_h)
    w, h = svg_w * scale, svg_h * scale
    return (paper[0] - w) / 2, (paper[1] - h) / 2, w, h


@dataclass(frozen=True)
class PaperLayout:
    """How the map goes onto paper: no paper (the drawing's size), a paper size, or tiles of a paper size."""

    paper: tuple[float, float] | None = None
    tile: tuple[float, float] | None = None
    where: str = ""


def paper_layout(m: Map, context: RenderContext) -> PaperLayout:
    paper_name = context.options.get("paper", "").strip()
    tile_name = context.options.get("tile", "").strip()
    if not paper_name and not tile_name:
        return PaperLayout()
    if not paper_name:
        raise JourneymapError("--tile needs --paper, the size of the whole wall planner (e.g. --paper A0 --tile A3)")
    paper = _paper(paper_name, "paper")
    if not tile_name:
        return PaperLayout(paper)
    tile = _paper(tile_name, "tile")
    if tile_name.upper() not in TILE_SIZES:
        raise JourneymapError(f"tiles are printed on {' or '.join(TILE_SIZES)} sheets, not {tile_name!r}")
    if tile[0] * tile[1] >= paper[0] * paper[1]:
        raise JourneymapError(
            f"cannot tile {paper_name.upper()} onto {tile_name.upper()}: the sheet must be smaller than the paper"
        )
    kind = "wall planner" if m.type.spec.vmpi_planner or is_true(context.options.get("blank")) else "map"
    return PaperLayout(paper, tile, f"{paper_name.upper()} {kind} on {tile_name.upper()}")


def printable_w_px(paper: tuple[float, float]) -> float:
    """The printable width (px at 1:1) of ``paper`` laid landscape."""
    return (max(paper) - 2 * PAPER_MARGIN_MM) / PX_MM


@dataclass(frozen=True)
class PrintedText:
    """How big a map's text comes out printed on ``paper`` (pt): the cards' text and the smallest text."""

    paper: str
    card_pt: float
    smallest_pt: float

    @property
    def readable(self) -> bool:
        """The cards' text is at least :data:`~journeymap.render.rows.READABLE_PT` points."""
        return self.card_pt >= READABLE_PT


def printed_text(m: Map, context: RenderContext) -> PrintedText | None:
    """How big ``m``'s text comes out on the ``paper`` of ``context`` (tiled or not, fitted by rows or not), as
    :func:`render_pdf` prints it; None without paper."""
    layout = paper_layout(m, context)
    if layout.paper is None:
        return None
    rows = fits_rows(m, context) and layout.tile is None  # tiled, a wrapped map is fitted whole to the paper
    drawn = printed(m, context, printable_w_px(layout.paper) if rows else None)
    width, height = svg_size(drawn.svg)
    paper = oriented(layout.paper, rows or width > height)
    _, _, w, _ = fit_on_paper(width, height, paper)
    scale = min(fit_rows_scale(width, height, paper) if rows else w / (width * PX_MM), 1.0)
    name = context.options.get("paper", "").strip().upper()
    return PrintedText(name, text_pt(CARD_FONT_PX, scale), text_pt(smallest_font_px(drawn.svg), scale))


def paper_notes(m: Map, context: RenderContext) -> list[str]:
    """Warnings for a person printing ``m`` on ``paper`` (tiled or not): the cards' text, and the smallest text,
    come out under :data:`~journeymap.render.rows.READABLE_PT` points. Empty without paper."""
    text = printed_text(m, context)
    if text is None or text.readable:
        return []
    layout = paper_layout(m, context)
    name, card, small = text.paper, text.card_pt, text.smallest_pt
    fixes = ["--fit rows (the steps wrapped into rows, over more pages if needed)"] if m.type.is_timeline else []
    if fits_rows(m, context):
        fixes = ["--fit rows without --tile (the rows over several pages of the paper)"] if layout.tile else []
    if name != "A0":
        fixes.append("a larger --paper (tiled over A3 or A4 sheets with --tile if need be)")
    return [
        f"warning: on {name} the cards' text is {card:.1f} pt and the smallest text {small:.1f} pt "
        f"(under {READABLE_PT:g} pt is hard to read); try {' or '.join(fixes) or 'fewer lanes or shorter texts'}"
    ]


def fit_rows_scale(width: float, height: float, paper: tuple[float, float]) -> float:
    """The scale (paper mm per drawing mm) of a wrapped map: fitted whole to the page when that keeps the text
    readable, else fitted to the page's width (and printed over several pages)."""
    avail_w, avail_h = paper[0] - 2 * PAPER_MARGIN_MM, paper[1] - 2 * PAPER_MARGIN_MM
    whole = min(avail_w / (width * PX_MM), avail_h / (height * PX_MM))
    if text_pt(CARD_FONT_PX, whole) >= READABLE_PT:
        return whole
    return avail_w / (width * PX_MM)
