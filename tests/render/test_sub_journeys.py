"""A step that opens a sub-journey says so in every text format, links it on a site, and a site page shows the
breadcrumb of its parent maps; a map without links draws exactly as before (the golden files hold that)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from journeymap.core.site import build_site
from journeymap.model import Map
from journeymap.render.registry import RenderContext, render
from journeymap.render.sub_journeys import SITE_LINKS, breadcrumb, sub_journey_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _maps() -> tuple[Map, Map]:
    parent = Map.model_validate(
        {"id": "loan", "title": "Home loan", "stages": [{"id": "a", "name": "Apply", "steps": [
            {"id": "up", "name": "Upload documents", "sub_journey": "upload"}, {"id": "go", "name": "Submit"}]}]}
    )  # fmt: skip
    child = Map.model_validate(
        {"id": "upload", "title": "Upload <docs>", "parent": "loan",
         "stages": [{"id": "u", "name": "Upload", "steps": ["Choose files"]}]}
    )  # fmt: skip
    return parent, child


def test_the_mark_names_the_other_maps_title_or_its_id() -> None:
    parent, child = _maps()
    step = parent.steps[0]
    assert sub_journey_text(step, RenderContext(maps=(parent, child))) == "↳ sub-journey: Upload <docs>"
    assert sub_journey_text(step, RenderContext()) == "↳ sub-journey: upload"
    assert sub_journey_text(parent.steps[1], RenderContext()) is None


def test_svg_links_the_sub_journey_only_on_a_site() -> None:
    parent, child = _maps()
    plain = render(parent, "svg", RenderContext(maps=(parent, child))).decode()
    assert "↳ sub-journey: Upload &lt;docs&gt;" in plain and "href=" not in plain
    site = RenderContext(maps=(parent, child), options={"links": SITE_LINKS})
    linked = render(parent, "svg", site).decode()
    assert '<a class="jm-sub-journey-link" data-sub-journey="upload" href="upload.html">' in linked
    assert linked.count('class="jm-sub-journey"') == 1  # one step opens a sub-journey


def test_markdown_and_html_pages() -> None:
    parent, child = _maps()
    site = RenderContext(maps=(parent, child), options={"links": SITE_LINKS})
    markdown = render(parent, "markdown", site).decode()
    assert "**Upload documents**<br>↳ sub-journey: [Upload &lt;docs&gt;](upload.md)" in markdown
    page = render(child, "html", site).decode()
    assert '<nav class="breadcrumb" aria-label="Parent journeys"><ol><li><a href="loan.html">Home loan</a></li>' in page
    assert '<li aria-current="page">Upload &lt;docs&gt;</li>' in page
    assert "breadcrumb" not in render(parent, "html", site).decode()  # the root has none
    assert breadcrumb(child, site) == [("loan", "Home loan")]


def test_office_formats_carry_the_mark() -> None:
    pytest.importorskip("pptx")
    pytest.importorskip("openpyxl")
    parent, child = _maps()
    context = RenderContext(maps=(parent, child))
    for fmt, part in (("pptx", "ppt/slides/"), ("vsdx", "visio/pages/page1.xml"), ("xlsx", "xl/")):
        with zipfile.ZipFile(io.BytesIO(render(parent, fmt, context))) as archive:
            text = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith(part))
        wanted = "Upload &lt;docs&gt;"
        assert wanted in text, fmt
    with zipfile.ZipFile(io.BytesIO(render(child, "xlsx", context))) as archive:
        assert "Sub-journeys" not in archive.read("xl/workbook.xml").decode()


def test_the_site_links_the_examples(tmp_path: Path) -> None:
    build_site(EXAMPLES / "home-loan", tmp_path)
    as_is = (tmp_path / "home-loan-as-is.svg").read_text(encoding="utf-8")
    assert 'href="document-upload.html"' in as_is and 'href="helpline-agent-experience.html"' in as_is
    upload = (tmp_path / "document-upload.html").read_text(encoding="utf-8")
    assert '<a href="home-loan-as-is.html">Home loan for a first-time buyer — as is</a>' in upload
