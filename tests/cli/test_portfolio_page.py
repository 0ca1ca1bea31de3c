"""The portfolio page in Chromium: its one inline script runs under the page's Content-Security-Policy (no
violation), and the search box filters the page — matching elements listed, other journeys dimmed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import EXAMPLES, run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("portfolio") / "portfolio.html"
    from journeymap.cli.main import main

    assert main(["portfolio", str(EXAMPLES), "--format", "html", "-o", str(target)]) == 0
    return target


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def test_search_box_filters_the_page_under_the_csp(browser: object, page_file: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()  # type: ignore[attr-defined]
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(page_file.as_uri())
    page.fill("#q", "underwriting")
    expect(page.locator("#hit-count")).to_contain_text("elements match", timeout=30_000)
    assert page.locator("#hits li").count() > 0
    as_is = page.locator('tr[data-map="home-loan-as-is"]')
    planner = page.locator('tr[data-map="business-return-value-moments"]').first
    expect(planner).to_have_class("dim", timeout=30_000)
    assert "dim" not in (as_is.first.get_attribute("class") or "")
    page.fill("#q", "")
    expect(planner).not_to_have_class("dim", timeout=30_000)
    assert page.locator("#hits li").count() == 0
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    page.close()


def test_the_command_writes_the_page(capsys: pytest.CaptureFixture[str], page_file: Path) -> None:
    code, out, _ = run(capsys, "portfolio", str(EXAMPLES / "home-loan"), "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and page_file.stat().st_size > 10_000
