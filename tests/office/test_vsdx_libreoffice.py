"""A real reader opens our Visio files: LibreOffice Draw converts each example's VSDX to PDF, and the PDF
shows every card's text on a page that is not blank."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.model import Map
from journeymap.render.vsdx import render_vsdx

from support import example_map_files

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
        reason="LibreOffice (soffice) and poppler (pdftotext, pdftoppm) are needed",
    ),
]

PROFILE = Path(tempfile.mkdtemp(prefix="lo-profile-vsdx-")).as_uri()
"""A profile of this run's own: a LibreOffice left running by another run holds its profile's lock for ever."""
PREFIX = 12


def _squash(text: str) -> str:
    """Text compared without whitespace (the PDF wraps lines where Visio's text blocks wrap them)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _texts(m: Map) -> list[str]:
    texts = [card.text for lane in m.lanes for card in lane.cards]
    texts += [step.name for stage in m.stages for step in stage.steps]
    texts += [a.name for a in m.actors] + [f.label for f in m.value_flows]
    texts += [t.name for s in m.mental_spaces for t in s.towers] + [s.text for s in m.supports]
    texts += [b.text for s in m.mental_spaces for t in s.towers for b in t.boxes]
    return texts


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[Map, Path]]:
    """Every example map written as VSDX (distinct base names) and converted to PDF in one soffice run."""
    folder = tmp_path_factory.mktemp("vsdx")
    out = folder / "pdf"
    maps: dict[Path, tuple[Map, Path]] = {}
    for path in example_map_files():
        m, context = load_map_and_context(path)
        target = folder / f"{path.parent.parent.name}--{path.stem}.vsdx"
        target.write_bytes(render_vsdx(m, context))
        maps[path] = (m, out / f"{target.stem}.pdf")
    files = sorted(str(folder / f"{pdf.stem}.vsdx") for _, pdf in maps.values())
    command = ["soffice", f"-env:UserInstallation={PROFILE}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(out), *files], check=True, capture_output=True, timeout=300)
    return maps


@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.stem)
def test_libreoffice_shows_every_card(path: Path, converted: dict[Path, tuple[Map, Path]]) -> None:
    m, pdf = converted[path]
    assert pdf.is_file(), f"LibreOffice did not convert {pdf.stem}.vsdx"
    result = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60)
    text = _squash(result.stdout)
    assert _squash(m.title)[:PREFIX] in text
    missing = [t for t in _texts(m) if _squash(t)[:PREFIX] not in text]
    assert not missing


@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.stem)
def test_libreoffice_page_is_not_blank(path: Path, converted: dict[Path, tuple[Map, Path]]) -> None:
    from PIL import Image

    _, pdf = converted[path]
    png = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-singlefile", str(pdf), str(png)], check=True, timeout=60)
    with Image.open(png.with_suffix(".png")) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
        colours = image.convert("RGB").quantize(16).convert("RGB").getcolors(256) or []
    pixels = sum(histogram)
    non_white = sum(histogram[:240])
    assert non_white / pixels > 0.02, "the page is (nearly) blank"
    assert len([colour for count, colour in colours if count > 20]) > 3, "the fills did not survive"
