"""Journeys that link, end to end in Chromium: the home-loan as-is map's step "Upload documents" shows the
"↳ sub-journey" link; clicking it opens the sub-journey with the breadcrumb "Home loan … › Upload documents ›
Uploading the application documents"; the breadcrumb goes back up. A step's sub-journey is chosen in its toolbar
(through the live document: the server has it). Screenshots: ``out/e2e/studio-drilldown-*.png``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    browser,  # noqa: F401 - a fixture
    find_map,
    open_map,
    pages_for,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
    wait_for_server,
)

SLOW_MS = 45_000
"""How long the page may take to settle on a busy 2-core machine."""


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=SLOW_MS) as made:
        yield made


def test_drill_into_a_sub_journey_and_back(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    sign_in(page, studio)
    as_is = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    upload = find_map(page, "home-loan", "maps/document-upload.yaml")
    open_map(page, studio, as_is)

    link = page.locator("[data-testid=sub-journey-link][data-step=a-docs]")
    link.wait_for()
    assert link.inner_text().startswith("↳ sub-journey: Uploading the application documents")
    # the as-is map is the root: its bar names it and the sub-journeys it opens
    trail = page.get_by_test_id("journey-trail")
    trail.wait_for()
    assert trail.get_by_test_id("journey-child").count() == 2
    link.scroll_into_view_if_needed()
    shot(page, "studio-drilldown-parent")

    link.click()
    page.wait_for_url(f"**/m/{upload}")
    page.get_by_test_id("map-editor").wait_for()
    crumbs = page.get_by_test_id("journey-trail")
    crumbs.get_by_test_id("journey-crumb").first.wait_for()
    assert [c.strip() for c in crumbs.locator("li").all_inner_texts()] == [
        "Home loan for a first-time buyer — as is",
        "Upload documents",
        "Uploading the application documents — as is",
    ]
    assert page.get_by_label("Map title").input_value() == "Uploading the application documents — as is"
    shot(page, "studio-drilldown-child")

    crumbs.get_by_test_id("journey-crumb").first.click()
    page.wait_for_url(f"**/m/{as_is}")
    page.locator("[data-testid=sub-journey-link][data-step=a-docs]").wait_for()
    assert page.get_by_label("Map title").input_value() == "Home loan for a first-time buyer — as is"
    assert pages.dialogs == []
    errors = [m for m in pages.console if m.startswith("error")]
    assert errors == [], errors


def test_choose_a_steps_sub_journey_in_its_toolbar(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    sign_in(page, studio)
    to_be = find_map(page, "home-loan", "maps/home-loan-to-be.yaml")
    open_map(page, studio, to_be)
    step = page.get_by_test_id("step").first
    step_id = step.get_attribute("data-id")
    step.click()
    choice = page.get_by_test_id("sub-journey-choice")
    choice.wait_for()
    choice.select_option("document-upload")
    link = page.locator(f"[data-testid=sub-journey-link][data-step={step_id}]")
    link.wait_for()
    assert "Uploading the application documents" in link.inner_text()
    shot(page, "studio-drilldown-choose")

    def has_link(data: dict[str, Any]) -> bool:
        steps = [s for stage in data["stages"] for s in stage["steps"]]
        return any(s["id"] == step_id and s.get("sub_journey") == "document-upload" for s in steps)

    wait_for_server(page, to_be, has_link, timeout=30)
    # cleared the same way
    page.get_by_test_id("step").first.click()
    page.get_by_test_id("sub-journey-choice").select_option("")
    link.wait_for(state="detached")
    wait_for_server(page, to_be, lambda data: not has_link(data), timeout=30)
