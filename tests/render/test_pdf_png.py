"""PDF and PNG export: paper sizes, tiling into a wall planner, text kept as text, DPI, blank planners."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from journeymap.errors import JourneymapError
from journeymap.files.loader import load_map
from journeymap.model import LaneKind, Map
from journeymap.render.layout import effective_lanes
from journeymap.render.registry import RenderContext
from journeymap.render.svg_map import render_svg

from support import EXAMPLES, HOSTILE, hostile_map_data

pytest.importorskip("cairosvg")
pypdf = pytest.importorskip("pypdf")
from PIL import Image  # noqa: E402  (after the skips: cairosvg brings Pillow)

from journeymap.render.pdf import PAPER_MM, TilePlan, render_pdf, renderer, svg_size, tile_plan  # noqa: E402
from journeymap.render.png import render_png  # noqa: E402
from journeymap.render.png import renderer as png_renderer  # noqa: E402

PLANNER = EXAMPLES / "airline-trip" / "maps" / "business-return-value-moments.yaml"
MM_PT = 72 / 25.4
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")


@cache
def planner() -> Map:
    return load_map(PLANNER)


@cache
def pdf(**options: str) -> bytes:
    return render_pdf(planner(), RenderContext(options=dict(options)))


def pages(data: bytes) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def pdf_text(data: bytes, tmp_path: Path, page: int | None = None) -> str:
    path = tmp_path / "map.pdf"
    path.write_bytes(data)
    pick = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *pick, str(path), "-"], capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


def a0_plan(tile: str) -> TilePlan:
    """The sheets the renderer cuts the planner into: its drawing fitted inside A0 landscape's 10 mm margins."""
    w, h = (side * 25.4 / 96 for side in svg_size(render_svg(planner(), RenderContext())))
    scale = min((PAPER_MM["A0"][1] - 20) / w, (PAPER_MM["A0"][0] - 20) / h)
    return tile_plan(w * scale, h * scale, PAPER_MM[tile])


def darkest(image: Image.Image) -> float:
    low = image.convert("L").getextrema()[0]
    assert isinstance(low, int | float)
    return low


def card_texts(m: Map) -> list[str]:
    return [card.text for lane in m.lanes for card in lane.cards]


def squash(text: str) -> str:
    return "".join(text.split())


def test_renderers_describe_themselves() -> None:
    pdf_r, png_r = renderer(), png_renderer()
    assert (pdf_r.name, pdf_r.extension, pdf_r.media_type, pdf_r.binary) == ("pdf", ".pdf", "application/pdf", True)
    assert (png_r.name, png_r.extension, png_r.media_type, png_r.binary) == ("png", ".png", "image/png", True)
    assert pdf_r.render(planner(), RenderContext()).startswith(b"%PDF-")


def test_default_page_is_the_drawing() -> None:
    (size,) = pages(pdf())
    assert size[0] > size[1]  # the planner is wider than tall


@pytest.mark.parametrize("paper", list(PAPER_MM))
def test_paper_sizes_landscape_for_a_wide_map(paper: str) -> None:
    short, long = PAPER_MM[paper]
    (size,) = pages(pdf(paper=paper))
    assert size[0] == pytest.approx(long * MM_PT, abs=1)
    assert size[1] == pytest.approx(short * MM_PT, abs=1)


def test_paper_name_is_case_insensitive() -> None:
    assert pages(pdf(paper="a3")) == pages(pdf(paper="A3"))


def test_output_is_deterministic() -> None:
    context = RenderContext(options={"paper": "A0", "tile": "A3"})
    assert render_pdf(planner(), context) == render_pdf(planner(), context)
    reader = pypdf.PdfReader(io.BytesIO(pdf()))
    assert reader.metadata is not None
    assert "/CreationDate" not in reader.metadata
    assert reader.metadata["/Title"] == planner().title


def test_unknown_paper_names_the_sizes() -> None:
    with pytest.raises(JourneymapError, match="A0, A1, A2, A3, A4"):
        render_pdf(planner(), RenderContext(options={"paper": "letter"}))
    with pytest.raises(JourneymapError, match="known sizes"):
        render_pdf(planner(), RenderContext(options={"paper": "A0", "tile": "B5"}))


@pytest.mark.parametrize(("paper", "tile"), [("A3", "A3"), ("A4", "A3"), ("A4", "A4")])
def test_tile_must_be_smaller_than_the_paper(paper: str, tile: str) -> None:
    with pytest.raises(JourneymapError, match="smaller than the paper"):
        render_pdf(planner(), RenderContext(options={"paper": paper, "tile": tile}))


def test_tile_needs_paper_and_a_small_sheet() -> None:
    with pytest.raises(JourneymapError, match="--paper"):
        render_pdf(planner(), RenderContext(options={"tile": "A3"}))
    with pytest.raises(JourneymapError, match="A3 or A4"):
        render_pdf(planner(), RenderContext(options={"paper": "A0", "tile": "A1"}))


@pytest.mark.parametrize("tile", ["A3", "A4"])
def test_a0_tiles_one_page_a_sheet(tile: str) -> None:
    sizes = pages(pdf(paper="A0", tile=tile))
    short, long = PAPER_MM[tile]
    for w, h in sizes:
        assert sorted((w, h)) == [pytest.approx(short * MM_PT, abs=1), pytest.approx(long * MM_PT, abs=1)]
    plan = a0_plan(tile)
    assert len(sizes) == plan.rows * plan.columns == len(plan.sheets) >= 2


def test_tile_plan_covers_with_overlap() -> None:
    plan = tile_plan(1169.0, 821.0, PAPER_MM["A3"])
    assert len(plan.sheets) == plan.rows * plan.columns
    over_x, over_y = plan.overlaps
    assert over_x == pytest.approx(10) and over_y == pytest.approx(10)
    # reading order, and the last row and column reach the drawing's edge
    assert [(s.row, s.column) for s in plan.sheets] == [
        (r, c) for r in range(1, plan.rows + 1) for c in range(1, plan.columns + 1)
    ]
    last = plan.sheets[-1]
    assert last.x + last.w >= 1169.0 and last.y + last.h >= 821.0
    # A0 on A4 needs more sheets than on A3
    assert len(tile_plan(1169.0, 821.0, PAPER_MM["A4"]).sheets) > len(plan.sheets)


def test_tile_plan_small_drawing_is_one_sheet() -> None:
    plan = tile_plan(100.0, 80.0, PAPER_MM["A4"])
    assert (plan.rows, plan.columns) == (1, 1)
    assert plan.overlaps == (0.0, 0.0)


@needs_pdftotext
def test_every_card_text_in_the_one_page_pdf(tmp_path: Path) -> None:
    text = squash(pdf_text(pdf(), tmp_path))
    for card in card_texts(planner()):
        assert squash(card) in text, card
    on_paper = squash(pdf_text(pdf(paper="A0"), tmp_path))
    for card in card_texts(planner()):
        assert squash(card) in on_paper, card


@needs_pdftotext
def test_tiled_pdf_has_labels_marks_and_text(tmp_path: Path) -> None:
    data = pdf(paper="A0", tile="A3")
    count = len(pages(data))
    first = pdf_text(data, tmp_path, 1)
    assert "row 1, column 1 of" in first and "A0 wall planner on A3" in first
    assert "overlap 10 mm" in first
    plan = a0_plan("A3")
    last = pdf_text(data, tmp_path, count)
    assert f"row {plan.rows}, column {plan.columns} of {plan.rows} × {plan.columns}" in last
    # cards of the first columns fall inside the first sheet; of the last, inside the last column's sheets
    whole = squash(pdf_text(data, tmp_path))
    steps = [step.id for step in planner().steps]
    first_step_cards = [c.text for lane in planner().lanes for c in lane.cards if c.step == steps[0]]
    last_step_cards = [c.text for lane in planner().lanes for c in lane.cards if c.step == steps[-1]]
    for card in (*first_step_cards[:2], *last_step_cards[:2]):
        assert squash(card) in whole, card
    # crop and registration marks: stroked paths in the margins of each page
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        content = page.get_contents()
        assert content is not None
        assert content.get_data().count(b" l") >= 16  # eight crop-mark lines at least, as line segments


@needs_pdftotext
def test_blank_planner_has_headings_but_no_cards(tmp_path: Path) -> None:
    m = planner()
    text = pdf_text(pdf(blank="true"), tmp_path)
    squashed = squash(text)
    for lane in effective_lanes(m):
        if lane.kind is not LaneKind.EMOTION:
            assert squash(lane.heading) in squashed, lane.heading
    for stage in m.stages:
        assert stage.name in text
        for step in stage.steps:
            assert squash(step.name) in squashed
    for card in card_texts(m):
        assert squash(card) not in squashed, card
    for vm in m.value_moments:
        assert squash(vm.name) not in squashed, vm.name
    assert "blank wall planner" in text
    tiled = pdf_text(pdf(blank="1", paper="A0", tile="A3"), tmp_path)
    assert "A0 wall planner on A3" in tiled


def test_blank_planner_needs_a_timeline_map() -> None:
    ecosystem = next(
        load_map(p)
        for p in sorted(EXAMPLES.glob("*/maps/**/*.yaml"))
        if "ecosystem-map" in p.read_text(encoding="utf-8").split("\ntype:", 1)[-1][:20]
    )
    with pytest.raises(JourneymapError, match="timeline"):
        render_pdf(ecosystem, RenderContext(options={"blank": "true"}))
    assert render_pdf(ecosystem, RenderContext()).startswith(b"%PDF-")


@needs_pdftotext
def test_hostile_text_comes_out_literally(tmp_path: Path) -> None:
    m = Map.model_validate(hostile_map_data())
    text = squash(pdf_text(render_pdf(m, RenderContext()), tmp_path))
    for hostile in HOSTILE:
        assert squash(hostile) in text, hostile
    tiled = pdf_text(render_pdf(m, RenderContext(options={"paper": "A2", "tile": "A4"})), tmp_path)
    assert "row 1, column 1" in tiled


@needs_pdftoppm
@pytest.mark.parametrize("options", [{}, {"paper": "A0", "tile": "A3"}, {"blank": "true"}])
def test_pages_are_not_blank(tmp_path: Path, options: dict[str, str]) -> None:
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf(**options))
    subprocess.run(["pdftoppm", "-r", "10", "-png", str(path), str(tmp_path / "page")], check=True, timeout=120)
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == len(pages(path.read_bytes()))
    for image in images:
        with Image.open(image) as im:
            assert darkest(im) < 200, image.name  # some ink on every sheet


def test_png_size_follows_the_dpi() -> None:
    m = planner()
    base = render_png(m, RenderContext())
    double = render_png(m, RenderContext(options={"dpi": "192"}))
    with Image.open(io.BytesIO(base)) as a, Image.open(io.BytesIO(double)) as b:
        assert a.format == b.format == "PNG"
        assert abs(b.width - 2 * a.width) <= 1 and abs(b.height - 2 * a.height) <= 1
        assert darkest(a) < 200
    assert render_png(m, RenderContext(options={"dpi": "96"})) == base


@pytest.mark.parametrize("dpi", ["abc", "0", "-5", "100000"])
def test_png_rejects_bad_dpi(dpi: str) -> None:
    with pytest.raises(JourneymapError, match="--dpi"):
        render_png(planner(), RenderContext(options={"dpi": dpi}))


def test_png_blank_planner_is_smaller_than_the_full_one() -> None:
    m = planner()
    full = render_png(m, RenderContext(options={"dpi": "48"}))
    blank = render_png(m, replace(RenderContext(), options={"dpi": "48", "blank": "yes"}))
    assert full != blank
