"""The Evidence panel's analyses end to end (issue 13, defect 9 polish): the panel asks the map's analyses
(``GET /api/maps/{mid}/analyses``) before any drawing, so on the home-loan to-be map — no event log, no scored
touchpoint — it shows a quiet line saying what to add instead of broken previews, and the browser sees no 404 and
logs no error; on the as-is map every preview is drawn. Screenshots ``out/e2e/evidence-analyses-*.png`` are for a
person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    api,
    browser,  # noqa: F401 - a fixture
    find_map,
    open_map,
    pages_for,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
)
from playwright.sync_api import expect

SLOW_WORK_MS = 90_000
"""How long a drawing may take (the as-is map's discovery reads 14 k events) on a loaded 2-core machine."""


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=30_000) as made:
        yield made


class Watched:
    """A signed-in page whose console errors, uncaught exceptions, failed API answers (4xx, 5xx) and requests for
    drawings are kept."""

    def __init__(self, pages: Pages, server: StudioServer) -> None:
        self.page = pages.new()
        self.errors: list[str] = []
        self.drawings: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("response", self._answered)
        self.page.on("request", lambda r: self.drawings.append(r.url) if "/analysis/" in r.url else None)
        sign_in(self.page, server)

    def _answered(self, response: Any) -> None:
        if "/api/" in response.url and response.status >= 400:
            self.errors.append(f"answer: {response.status} {response.request.method} {response.url}")

    def assert_no_errors(self) -> None:
        assert self.errors == [], f"{len(self.errors)} errors in the browser, the first: {self.errors[:5]}"


def open_analyses(page: Any, server: StudioServer, map_id: int) -> Any:
    """Open the map's Evidence panel; the list of analyses once it is shown."""
    open_map(page, server, map_id)
    page.get_by_role("tab", name="Evidence").click()
    analyses = page.locator(".side-panel ul.analyses")
    expect(analyses).to_be_visible()
    return analyses


def wait_drawn(page: Any, preview: Any) -> None:
    """The preview scrolled into view (they load lazily) and its picture loaded."""
    preview.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle(), timeout=SLOW_WORK_MS
    )


def test_the_to_be_map_says_what_to_add_and_asks_for_nothing_that_fails(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
) -> None:
    watched = Watched(pages, studio)
    page = watched.page
    map_id = find_map(page, "home-loan", "maps/home-loan-to-be.yaml")
    said = {a["name"]: a for a in api(page, f"/api/maps/{map_id}/analyses")["analyses"]}
    missing = sorted(name for name, a in said.items() if not a["available"])
    assert missing == ["conform", "discovery", "ipa"], said

    analyses = open_analyses(page, studio, map_id)
    quiet = analyses.locator("li.analysis-unavailable")
    expect(quiet).to_have_count(len(missing))
    for name in ("discovery", "conform"):
        expect(quiet.and_(page.locator(f"[data-analysis={name}]"))).to_contain_text(
            "To draw it, upload an event log, or list one for this map in the workspace's evidence."
        )
    expect(analyses.locator("li[data-analysis=ipa] .analysis-hint")).to_contain_text(
        "give a touchpoint an importance and a satisfaction score"
    )
    expect(analyses.get_by_role("link", name="Journey discovery")).to_have_count(0)
    expect(analyses.get_by_role("img", name="Importance–performance")).to_have_count(0)
    # what the map has is still drawn: the emotion curve of its estimated levels, the report and freshness links
    wait_drawn(page, analyses.get_by_role("img", name="Emotion curve"))
    for label in ("Evidence report", "Evidence strength and freshness"):
        expect(analyses.get_by_role("link", name=label)).to_be_visible()

    page.wait_for_load_state("networkidle")
    asked = {url.split("/analysis/")[1].split("?")[0] for url in watched.drawings}
    assert asked and not asked & set(missing), f"drawings asked for: {sorted(asked)}"
    quiet.first.scroll_into_view_if_needed()
    shot(page, "evidence-analyses-to-be")
    watched.assert_no_errors()


def test_the_as_is_map_still_shows_every_preview(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
) -> None:
    watched = Watched(pages, studio)
    page = watched.page
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    analyses = open_analyses(page, studio, map_id)
    expect(analyses.locator("li.analysis-unavailable")).to_have_count(0)
    previews = {a["label"] for a in api(page, "/api/catalog")["analyses"] if a["studio"] == "svg"}
    assert {"Emotion curve", "Importance–performance", "Journey discovery"} <= previews
    for label in sorted(previews):
        wait_drawn(page, analyses.get_by_role("img", name=label))
    for label in ("Planned vs actual", "Evidence report"):
        expect(analyses.get_by_role("link", name=label)).to_be_visible()
    page.wait_for_load_state("networkidle")
    shot(page, "evidence-analyses-as-is")
    watched.assert_no_errors()
