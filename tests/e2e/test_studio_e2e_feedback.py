"""Customer feedback in the studio, end to end (issue 15, point 5): the home-loan example's 600 comments uploaded in
the Evidence panel are drawn as a heat strip under the step headers (count and share negative per step, the
numbers of the API); a step's strip opens the drawer of its comments; 50 comments confirmed or corrected there, one
click each, retrain the classifier — the strip's counts change and comments nobody confirmed are answered
differently; a suggested pain point is accepted as a card with its quotes. The browser console stays free of
errors. Screenshots ``out/e2e/feedback-strip.png``, ``feedback-drawer.png`` and ``feedback-panel.png`` are for a
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
    map_data,
    needs_browser,
    open_map,
    pages_for,
    shot,
    sign_in,
)
from playwright.sync_api import expect

from support import EXAMPLES

COMMENTS = EXAMPLES / "home-loan" / "evidence" / "feedback" / "comments.csv"
SLOW_MS = 120_000
"""How long the page may take over classifying or retraining on a loaded 2-core machine."""
TARGET = "c-first-payment"
"""The step the corrected comments are moved to."""


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudioServer]:
    needs_browser()
    server = StudioServer(tmp_path_factory.mktemp("studio"), ["home-loan"])
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=30_000) as made:
        yield made


def strip_counts(page: Any) -> dict[str, int]:
    """Step id → the number of comments its heat cell shows."""
    cells = page.get_by_test_id("heat-cell")
    return {
        str(cells.nth(i).get_attribute("data-step")): int(cells.nth(i).get_attribute("data-comments") or 0)
        for i in range(cells.count())
    }


def answers(page: Any, map_id: int, feedback: dict[str, Any]) -> dict[int, tuple[Any, str, bool]]:
    """Every comment's row → (element, sentiment, confirmed), read through the API a step at a time."""
    out: dict[int, tuple[Any, str, bool]] = {}
    for step in [e["id"] for e in feedback["elements"] if e["kind"] == "step"] + [""]:
        offset = 0
        while True:
            page_of = api(page, f"/api/maps/{map_id}/feedback/comments?step={step}&offset={offset}&limit=100")
            for c in page_of["comments"]:
                out[c["row"]] = (c["element"], c["sentiment"], c["confirmed"])
            offset += 100
            if offset >= page_of["total"]:
                break
    return out


def confirm_in_drawer(page: Any, n: int) -> int:
    """Confirm or correct ``n`` comments not confirmed yet in the open drawer, one click each (every fifth
    confirmed as it is, every fifth made positive, the others moved to :data:`TARGET`); the clicks made."""
    drawer = page.get_by_test_id("feedback-drawer")
    done = 0
    while done < n:
        item = drawer.locator("[data-testid=feedback-comment]:not(.is-confirmed)").first
        if item.count() == 0:
            next_page = drawer.get_by_test_id("feedback-next")
            assert next_page.is_enabled(), f"only {done} comments to confirm"
            shown = drawer.get_by_test_id("feedback-page").inner_text()
            next_page.click()
            expect(drawer.get_by_test_id("feedback-page")).not_to_have_text(shown, timeout=SLOW_MS)
            continue
        row = item.get_attribute("data-row")
        if done % 5 == 0:
            item.get_by_test_id("confirm-comment").click()
        elif done % 5 == 1:
            item.get_by_test_id("sentiment-positive").click()
        else:
            item.get_by_test_id("correct-element").select_option(TARGET)
        # the answer came back: the comment is marked confirmed (the next one is then looked for)
        expect(drawer.locator(f"[data-testid=feedback-comment][data-row='{row}']")).to_have_class(
            "feedback-comment is-confirmed", timeout=SLOW_MS
        )
        done += 1
    return done


def test_feedback_heat_strip_drawer_confirmations_and_accepting(pages: Pages, studio: StudioServer) -> None:
    page = pages.new()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, studio)
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)

    # upload the comments in the Evidence panel: classified, the heat strip drawn under every step
    page.get_by_role("tab", name="Evidence").click()
    section = page.get_by_test_id("feedback-section")
    section.get_by_test_id("feedback-file").set_input_files(str(COMMENTS))
    section.get_by_test_id("feedback-upload").click()
    expect(section.get_by_test_id("feedback-summary")).to_contain_text("600 comments", timeout=SLOW_MS)
    expect(section.get_by_test_id("feedback-column")).to_have_value("text")
    steps = len(page.get_by_test_id("step").all())
    expect(page.get_by_test_id("heat-cell")).to_have_count(steps)
    before = api(page, f"/api/maps/{map_id}/feedback")
    step_ids = [e["id"] for e in before["elements"] if e["kind"] == "step"]
    measured = {m["element"]: m["comments"] for m in before["measures"]}
    assert strip_counts(page) == {s: measured.get(s, 0) for s in step_ids}  # the strip draws the API's measures
    shot(page, "feedback-strip")
    answered = answers(page, map_id, before)

    # open the busiest step: the drawer lists its comments with their step and sentiment
    busiest = max(step_ids, key=lambda s: measured.get(s, 0))
    page.locator(f"[data-testid=heat-cell][data-step='{busiest}']").click()
    drawer = page.get_by_test_id("feedback-drawer")
    expect(drawer.get_by_role("heading")).to_have_text(
        next(e["name"] for e in before["elements"] if e["id"] == busiest)
    )
    expect(drawer.get_by_test_id("feedback-page")).to_contain_text(f"of {measured[busiest]}", timeout=SLOW_MS)
    shot(page, "feedback-drawer")

    # 50 comments confirmed or corrected, one click each: the strip follows the retrained classifier
    assert confirm_in_drawer(page, 50) == 50
    after = api(page, f"/api/maps/{map_id}/feedback")
    assert after["confirmations"] >= before["confirmations"] + 45  # a text said twice is one confirmation
    counts = {m["element"]: m["comments"] for m in after["measures"]}
    expect(page.locator(f"[data-testid=heat-cell][data-step='{TARGET}']")).to_have_attribute(
        "data-comments", str(counts.get(TARGET, 0))
    )
    assert counts.get(TARGET, 0) > measured.get(TARGET, 0)
    assert counts.get(busiest, 0) < measured[busiest]
    reanswered = answers(page, map_id, after)
    untouched = [row for row, (_, _, confirmed) in reanswered.items() if not confirmed]
    changed = [row for row in untouched if reanswered[row][:2] != answered[row][:2]]
    assert changed, "no comment that was not confirmed is answered differently"
    page.get_by_test_id("feedback-drawer-close").click()
    expect(drawer).to_have_count(0)

    # accept the first suggested pain point: a card with its quotes, the suggestion gone from the list
    suggestion = after["suggestions"][0]
    item = page.locator(f"[data-testid=feedback-suggestion][data-id='{suggestion['id']}']")
    item.scroll_into_view_if_needed()
    shot(page, "feedback-panel")
    item.get_by_test_id("accept-suggestion").click()
    expect(item).to_have_count(0, timeout=SLOW_MS)
    data = map_data(page, map_id)
    cards = [c for lane in data["lanes"] if lane["kind"] == "pain-points" for c in lane["cards"]]
    card = next(c for c in cards if c["text"] == suggestion["text"])
    assert card["step"] == suggestion["step"]
    assert [e["quote"] for e in card["evidence"]] == [q["text"] for q in suggestion["quotes"]]
    expect(page.get_by_text(suggestion["text"], exact=True).first).to_be_visible(timeout=SLOW_MS)  # drawn live
    assert errors == [], errors[:5]
