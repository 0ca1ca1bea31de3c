"""Exporting a long map on paper from the studio, end to end (issue 14): a 16-step map exported as a PDF on A4
would print its text at under 7 pt; the export menu says so (the size in pt, and why) before the download, offers
the PDF fitted by rows in one click — which downloads — and a larger paper, which silences the warning.
Screenshot: ``export-check-warning.png`` (under ``JOURNEYMAP_E2E_SHOTS``, default ``out/e2e``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    all_steps,
    browser,  # noqa: F401 - a fixture
    find_map,
    map_data,
    open_map,
    pages_for,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
)

SLOW_MS = 45_000
"""How long the page may take to settle on a busy 2-core machine."""


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=SLOW_MS) as made:
        yield made


def open_export_menu(page: Any) -> Any:
    page.get_by_role("button", name="Export").click()
    menu = page.locator(".export-menu")
    menu.wait_for()
    return menu


def test_pdf_on_a4_warns_and_exports_fitted_by_rows(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page = pages.new()
    sign_in(page, studio)
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    assert len(all_steps(map_data(page, map_id))) == 16
    open_map(page, studio, map_id)

    menu = open_export_menu(page)
    assert page.get_by_test_id("export-warning").count() == 0  # no paper chosen: nothing to warn about
    menu.get_by_label("PDF paper").select_option("A4")
    warning = page.get_by_test_id("export-warning")
    expect(warning).to_be_visible(timeout=SLOW_MS)
    text = warning.inner_text()
    sizes = [float(v) for v in re.findall(r"([0-9]+(?:\.[0-9])) pt", text.split("Export")[0])]
    assert "On A4" in text and "hard to read" in text, text
    assert sizes and all(size < 7 for size in sizes), text  # the cards' text and the smallest text, both under 7
    pdf_item = menu.get_by_role("menuitem", name=re.compile(r"^PDF"))
    expect(pdf_item).to_contain_text(f"text {sizes[0]:.1f} pt")  # the menu's PDF entry notes the size too
    fit_rows = page.get_by_test_id("export-fit-rows")
    expect(fit_rows).to_contain_text("fitted by rows")
    expect(page.get_by_test_id("export-larger-paper")).to_be_visible()
    shot(page, "export-check-warning")

    with page.expect_download(timeout=SLOW_MS) as info:
        fit_rows.click()
    download = info.value
    assert download.failure() is None
    asked = parse_qs(urlparse(download.url).query)
    assert asked["format"] == ["pdf"] and asked["paper"] == ["A4"] and asked["fit"] == ["rows"], download.url
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    expect(menu).to_be_hidden()  # the menu closed with the download

    # the paper is still A4: the warning again, and choosing the larger paper it names silences it
    menu = open_export_menu(page)
    expect(warning).to_be_visible(timeout=SLOW_MS)
    larger = page.get_by_test_id("export-larger-paper")
    paper = re.search(r"A[0-3]", larger.inner_text())
    assert paper, larger.inner_text()
    larger.click()
    expect(menu.get_by_label("PDF paper")).to_have_value(paper.group(0))
    expect(warning).to_have_count(0, timeout=SLOW_MS)
    expect(page.get_by_test_id("export-checking")).to_have_count(0, timeout=SLOW_MS)
    expect(warning).to_have_count(0)
