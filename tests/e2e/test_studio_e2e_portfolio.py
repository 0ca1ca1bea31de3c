"""The portfolio and the opportunity board in the studio, end to end in Chromium: the workspace page opens the
portfolio, which shows the tree of journeys (a sub-journey under its parent), each journey's health with its parts
(the why on hover), the heat map with its legend and the personas; on the board an opportunity moves to another
column with its status menu (the keyboard's way) and by drag-and-drop, the map's live data changes, and the move
is still there after a reload. Screenshots: ``out/e2e/studio-portfolio.png``, ``studio-board.png`` and
``studio-matrix.png``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    api,
    browser,  # noqa: F401 - a fixture
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


def home_loan(page: Any) -> int:
    return int(next(w["id"] for w in api(page, "/api/workspaces") if w["slug"] == "home-loan"))


def status_in(data: dict[str, Any], oid: str) -> str | None:
    return next((o.get("status", "idea") for o in data.get("opportunities", []) if o["id"] == oid), None)


def test_the_portfolio_shows_the_tree_health_and_heat_map(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    sign_in(page, studio)
    wid = home_loan(page)
    page.goto(f"{studio.url}/w/{wid}")
    page.get_by_test_id("open-portfolio").click()
    page.wait_for_url(f"**/w/{wid}/portfolio")
    tree = page.get_by_test_id("journey-tree")
    tree.wait_for()
    portfolio = api(page, f"/api/workspaces/{wid}/portfolio")
    # the tree: every journey once, a sub-journey drawn inside its parent's node
    assert tree.get_by_test_id("tree-node").count() == len(portfolio["journeys"])
    parent = next(j for j in portfolio["journeys"] if j["sub_journeys"])
    child = {"id": parent["sub_journeys"][0]}
    nested = tree.locator(f"[data-id='{parent['id']}'] [data-id='{child['id']}']")
    assert nested.count() == 1
    # health: the total and a bar per part, each with its why on hover
    rows = page.get_by_test_id("journey")
    assert rows.count() == len(portfolio["journeys"])
    first = portfolio["journeys"][0]
    parts = page.locator(f"[data-testid=journey][data-id='{first['id']}'] .health-part")
    assert parts.count() == len(first["health_parts"]) > 0
    assert first["health_parts"][0]["why"] in (parts.first.get_attribute("title") or "")
    assert (
        str(round(first["health"]))
        in page.locator(f"[data-testid=journey][data-id='{first['id']}'] .health-pill").inner_text()
    )
    # the heat map, a row per journey with stages, and its legend
    assert page.get_by_test_id("heat-row").count() == len(portfolio["heat_map"]) > 0
    assert page.get_by_test_id("heat-legend").is_visible()
    # the search finds elements and links to their maps
    page.get_by_label("Search for").fill("upload")
    page.get_by_test_id("portfolio-search").get_by_role("button", name="Search").click()
    results = page.get_by_test_id("search-results")
    results.locator("a").first.wait_for()
    assert results.locator("a").first.get_attribute("href", timeout=SLOW_MS).startswith("/m/")
    page.set_viewport_size({"width": 1400, "height": 1900})
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "studio-portfolio")
    assert not [m for m in pages.console if m.startswith("error")], pages.console


def column(page: Any, status: str) -> Any:
    return page.locator(f"[data-testid=board-column][data-status={status}]")


def test_move_an_opportunity_across_the_board(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    sign_in(page, studio)
    wid = home_loan(page)
    portfolio = api(page, f"/api/workspaces/{wid}/portfolio")
    ids = portfolio["studio"][0]["maps"]
    ideas = [c for c in portfolio["opportunities"]["opportunities"] if c["status"] == "idea"]
    assert len(ideas) >= 2, "the example has two opportunities at the idea stage"
    first, second = ideas[0], ideas[1]
    page.goto(f"{studio.url}/w/{wid}/opportunities")
    board = page.get_by_test_id("board")
    board.wait_for()
    assert column(page, "idea").locator(f"[data-id='{first['id']}']").count() == 1

    # the keyboard's way: the card's status menu
    column(page, "idea").locator(f"[data-id='{first['id']}']").get_by_test_id("move").select_option("testing")
    column(page, "testing").locator(f"[data-id='{first['id']}']").wait_for()
    wait_for_server(page, ids[first["map_id"]], lambda d: status_in(d, first["id"]) == "testing", timeout=30)

    # drag-and-drop: the second idea onto the validated column
    card = column(page, "idea").locator(f"[data-id='{second['id']}']")
    card.drag_to(column(page, "validated"))
    column(page, "validated").locator(f"[data-id='{second['id']}']").wait_for()
    wait_for_server(page, ids[second["map_id"]], lambda d: status_in(d, second["id"]) == "validated", timeout=30)

    # still there after a reload
    page.reload()
    column(page, "testing").locator(f"[data-id='{first['id']}']").wait_for()
    column(page, "validated").locator(f"[data-id='{second['id']}']").wait_for()
    assert column(page, "idea").locator(f"[data-id='{first['id']}']").count() == 0
    page.set_viewport_size({"width": 1500, "height": 1000})
    shot(page, "studio-board")

    # the value-vs-effort matrix
    page.get_by_role("tab", name="Value vs effort").click()
    page.get_by_test_id("matrix").wait_for()
    assert page.get_by_test_id("quadrant").count() == 4
    placed = [c for c in portfolio["opportunities"]["opportunities"] if c["quadrant"]]
    for quadrant in {c["quadrant"] for c in placed}:
        want = sum(c["quadrant"] == quadrant for c in placed)
        assert page.locator(f"[data-quadrant={quadrant}] li").count() == want
    shot(page, "studio-matrix")
    assert not [m for m in pages.console if m.startswith("error")], pages.console
