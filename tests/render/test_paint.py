"""The cairo painter of our SVG: draws what cairosvg draws, rejects what it does not know (cairosvg then draws
it), and with a window draws the same pixels there while leaving out the rest."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from journeymap.files.loader import load_map
from journeymap.model import Map
from journeymap.render.registry import RenderContext

from support import EXAMPLES, hostile_map_data

cairosvg = pytest.importorskip("cairosvg")
cairo = pytest.importorskip("cairocffi")
from PIL import Image, ImageChops  # noqa: E402  (after the skips: cairosvg brings Pillow)

from journeymap.render import paint  # noqa: E402
from journeymap.render.paint import Drawing, SvgPainter, Unsupported, drawing_of  # noqa: E402
from journeymap.render.pdf import map_svg, render_pdf  # noqa: E402

MAPS = sorted(EXAMPLES.glob("*/maps/**/*.yaml"))
PLANNER = EXAMPLES / "airline-trip" / "maps" / "business-return-value-moments.yaml"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


def raster(drawing: Drawing, scale: float, window: tuple[float, float, float, float] | None = None) -> Image.Image:
    width, height = round(drawing.width * scale), round(drawing.height * scale)
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, width, height)
    context = cairo.Context(surface)
    context.set_source_rgb(1, 1, 1)
    context.paint()
    context.scale(scale, scale)
    drawing.paint(context, window)
    out = io.BytesIO()
    surface.write_to_png(out)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def reference(svg: str, scale: float) -> Image.Image:
    """cairosvg's picture, recorded as vectors (text advances not rounded to pixels, as the painter's)."""
    drawing = paint._cairosvg_drawing(svg, cairo, "test")
    assert drawing.painted_by == "cairosvg"
    return raster(drawing, scale)


def differing(a: Image.Image, b: Image.Image, factor: int = 1) -> float:
    """The share of pixels that differ clearly (not just by anti-aliasing), after shrinking both by
    ``factor`` (which hides glyphs placed a fraction of a pixel apart)."""
    assert a.size == b.size
    if factor > 1:
        a, b = a.reduce(factor), b.reduce(factor)
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 64 else 0)
    return diff.histogram()[255] / (a.width * a.height)


def inked(image: Image.Image) -> int:
    return sum(image.convert("L").point(lambda v: 255 if v < 200 else 0).histogram()[255:])


def example_svgs() -> list[tuple[str, str]]:
    found = [(path.stem, map_svg(load_map(path), RenderContext())) for path in MAPS]
    found.append(("hostile", map_svg(Map.model_validate(hostile_map_data()), RenderContext())))
    found.append(("blank", map_svg(load_map(PLANNER), RenderContext(options={"blank": "1"}))))
    return found


VOCABULARY = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
<title>t</title><desc>d</desc>
<style>
text { font-family: 'DejaVu Sans', sans-serif; fill: #1f2933; }
.big, .bold { font-weight: bold; }
.box { fill: #dde7f3; stroke: #1d4e89; stroke-width: 3; }
/* a comment */
</style>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="12" markerHeight="12"
  markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#b7791f"/></marker></defs>
<rect x="0" y="0" width="400" height="300" fill="#ffffff"/>
<rect x="10" y="10" width="120" height="60" rx="8" class="box"/>
<g transform="translate(200 0)" opacity="0.5"><rect x="10" y="10" width="120" height="60" fill="#c05621"/>
  <circle cx="60" cy="40" r="25" fill="#1d4e89"/></g>
<line x1="10" y1="90" x2="390" y2="90" stroke="#52606d" stroke-width="2" stroke-dasharray="8 4"/>
<polyline points="10,120 60,100 110,130" fill="none" stroke="#2f855a" stroke-width="2"/>
<polygon points="150,100 170,130 130,130" fill="#6b46c1"/>
<ellipse cx="220" cy="115" rx="30" ry="12" fill="none" stroke="#000" style="stroke-width: 2"/>
<path d="M260,130 C280,90 320,140 380,110" fill="none" stroke="#1d4e89" stroke-width="2" marker-end="url(#arrow)"/>
<path d="m10 150 h60 v20 h-60 z" fill="#fff8f0" stroke="#c05621" stroke-linecap="round"/>
<text x="200" y="170" font-size="16" text-anchor="middle" class="bold">Centred<tspan x="200" dy="20">and two</tspan>
</text>
<text x="390" y="230" font-size="14" text-anchor="end" fill="#9c4221">at the end</text>
<text x="10" y="230" font-size="12"><tspan x="10" dy="0">first</tspan><tspan x="10" dy="16">second</tspan>
<tspan x="10" dy="16" font-style="italic">third &amp; &lt;last&gt;</tspan></text>
<g stroke="#1d4e89" fill="none" stroke-width="1.5"><path d="M100,250 Q150,200 200,250 T300,250"/></g>
</svg>
"""


CASES = [*example_svgs(), ("vocabulary", VOCABULARY)]
TEXT = re.compile(r"<text[ >].*?</text>", re.S)


@pytest.mark.parametrize(("name", "svg"), CASES, ids=[name for name, _ in CASES])
def test_shapes_are_painted_as_cairosvg_draws_them(name: str, svg: str) -> None:
    drawing = drawing_of(svg)
    assert drawing.painted_by == "journeymap", name  # our renderers stay inside the painter's vocabulary
    shapes = TEXT.sub("", svg)
    ours = raster(drawing_of(shapes), 0.5)
    assert inked(ours) > 500
    assert differing(ours, reference(shapes, 0.5)) < 0.002, name


def words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """Each word of a PDF's text with its top left corner (pt)."""
    path = tmp_path / "words.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, timeout=60)
    found = re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out.stdout.decode("utf-8"))
    return [(html.unescape(m.group(3)), float(m.group(1)), float(m.group(2))) for m in found]


@needs_pdftotext
@pytest.mark.parametrize(("name", "svg"), CASES, ids=[name for name, _ in CASES])
def test_text_stands_where_cairosvg_puts_it(name: str, svg: str, tmp_path: Path) -> None:
    drawing = drawing_of(svg)
    out = io.BytesIO()
    surface = cairo.PDFSurface(out, drawing.width * 0.75, drawing.height * 0.75)
    context = cairo.Context(surface)
    context.scale(0.75, 0.75)
    drawing.paint(context, None)
    surface.finish()
    ours = words(out.getvalue(), tmp_path)
    theirs = words(cairosvg.svg2pdf(bytestring=svg.encode("utf-8")), tmp_path)
    # the same characters (cairosvg sets each on its own, so poppler may cut a word elsewhere, and drops
    # some of the characters of text that runs off the page's edge) …
    our_chars = Counter("".join(w for w, _, _ in ours))
    their_chars = Counter("".join(w for w, _, _ in theirs))
    assert not their_chars - our_chars
    assert (our_chars - their_chars).total() <= 0.01 * our_chars.total()
    assert len(ours) > 5
    places: dict[str, list[tuple[float, float]]] = {}
    for word, x, y in theirs:
        places.setdefault(word, []).append((x, y))
    # … and the words in the same places (cairosvg puts some characters a fraction of a point apart)
    placed = [
        word
        for word, x, y in ours
        if any(max(abs(x - a), abs(y - b)) < 2.5 for a, b in places.get(word, [(float("inf"), 0.0)]))
    ]
    assert len(placed) >= 0.97 * len(ours), sorted(Counter(w for w, _, _ in ours) - Counter(placed))


@pytest.mark.parametrize(
    "change",
    [
        ('<rect x="0" y="0"', '<image href="x.png" x="0" y="0" width="1" height="1"/><rect x="0" y="0"'),
        ('<rect x="0" y="0"', '<rect clip-path="url(#c)" x="0" y="0"'),
        ('fill="#6b46c1"', 'fill="url(#gradient)"'),
        (".big, .bold {", "g > .big {"),
        ('d="m10 150', 'd="M10 150 a5 5 0 0 1 10 10 M10 150'),
        ('<tspan x="10" dy="0">', '<tspan x="10 20 30" dy="0">'),
        ('font-size="14"', 'font-size="1em"'),
        ('orient="auto"', 'orient="45"'),
        ("<defs>", '<defs><linearGradient id="g"/>'),
        ('transform="translate(200 0)"', 'transform="skewX(10)"'),
        ("stroke-width: 3; }", "stroke-width: 3 !important; }"),
    ],
)
def test_what_the_painter_does_not_know_goes_to_cairosvg(change: tuple[str, str]) -> None:
    svg = VOCABULARY.replace(*change)
    assert svg != VOCABULARY
    with pytest.raises(Unsupported):
        SvgPainter(svg)
    drawing = drawing_of(svg)
    assert drawing.painted_by == "cairosvg"
    assert inked(raster(drawing, 1.0)) > 1000  # drawn, not dropped


@pytest.mark.parametrize("path", [PLANNER, *(p for p in MAPS if "ecosystem" in str(p))], ids=lambda p: p.stem)
def test_a_window_draws_the_same_pixels_there(path: Path) -> None:
    drawing = drawing_of(map_svg(load_map(path), RenderContext()))
    whole = raster(drawing, 0.5)
    x0, y0, x1, y1 = drawing.width * 0.3, drawing.height * 0.4, drawing.width * 0.6, drawing.height * 0.9
    part = raster(drawing, 0.5, (x0, y0, x1, y1))
    crop = (round(x0 / 2), round(y0 / 2), round(x1 / 2), round(y1 / 2))
    assert differing(whole.crop(crop), part.crop(crop)) == 0
    assert inked(part) < inked(whole)  # and something outside was left out


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "map.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60)
    return ["".join(page.split()) for page in out.stdout.decode("utf-8").split("\f")]


@needs_pdftotext
@pytest.mark.parametrize("painter", ["journeymap", "cairosvg"])
def test_every_card_is_on_some_sheet(painter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if painter == "cairosvg":

        def refuse(self: Any, svg: str) -> None:
            raise Unsupported("for the test")

        monkeypatch.setattr(paint.SvgPainter, "__init__", refuse)
    m = load_map(PLANNER)
    pages = page_texts(render_pdf(m, RenderContext(options={"paper": "A0", "tile": "A4"})), tmp_path)
    cards = ["".join(card.text.split()) for lane in m.lanes for card in lane.cards]
    for card in cards:
        assert any(card in page for page in pages), card
    # a sheet shows its part of the map, not the first sheet's part again
    last_step = m.steps[-1].id
    last_cards = ["".join(c.text.split()) for lane in m.lanes for c in lane.cards if c.step == last_step]
    first_page = pages[0]
    assert not any(card in first_page for card in last_cards)
