"""A real reader: LibreOffice opens every example's PPTX and XLSX, and the PDF it prints shows every card."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.render.pptx import render_pptx
from journeymap.render.xlsx import render_xlsx

from support import example_map_files

pytestmark = pytest.mark.office

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
needs_tools = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT and PDFTOPPM), reason="LibreOffice (soffice) and poppler-utils are needed"
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not (SOFFICE and PDFTOTEXT and PDFTOPPM):
        pytest.skip("LibreOffice (soffice) and poppler-utils are needed")
    folder = tmp_path_factory.mktemp("office")
    files = []
    for path in example_map_files():
        m, context = load_map_and_context(path)
        for suffix, data in ((".pptx", render_pptx(m, context)), (".xlsx", render_xlsx(m, context))):
            target = folder / f"{path.stem}-{suffix[1:]}{suffix}"
            target.write_bytes(data)
            files.append(str(target))
    # a profile of this run's own: a LibreOffice left running by another run holds its profile's lock for ever
    profile = (tmp_path_factory.mktemp("lo-profile")).as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(folder), *files], check=True, capture_output=True, timeout=600)
    return {Path(f).name: Path(f).with_suffix(".pdf") for f in files}


@needs_tools
@pytest.mark.parametrize("fmt", ["pptx", "xlsx"])
@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.stem)
def test_every_card_is_printed(converted: dict[str, Path], path: Path, fmt: str, tmp_path: Path) -> None:
    pdf = converted[f"{path.stem}-{fmt}.{fmt}"]
    assert pdf.exists(), f"LibreOffice did not convert {pdf.name}"
    assert PDFTOTEXT and PDFTOPPM
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    m, _ = load_map_and_context(path)
    printed = _squash(text)
    assert _squash(m.title[:12]) in printed
    if m.type.is_timeline:
        missing = [c.text for lane in m.lanes for c in lane.cards if _squash(c.text[:12]) not in printed]
        assert not missing
    subprocess.run([PDFTOPPM, "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    from PIL import Image

    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    for page in pages:
        with Image.open(page) as image:
            lo, hi = image.convert("L").getextrema()
            assert hi - lo > 50, f"{page.name} of {pdf.name} is blank"
