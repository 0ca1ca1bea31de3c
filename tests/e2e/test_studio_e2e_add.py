"""The studio end to end: add a service challenge (with contingencies) and an opportunity on a step in the browser,
and check the server stored them (``GET /api/maps/{id}``). Its own module server."""

from __future__ import annotations

import time
from typing import Any

from e2e_support import (
    StudioServer,
    all_steps,
    browser,  # noqa: F401 - a fixture
    create_empty_map,
    map_data,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
    wait_acked,
    watch_saving,
)


def type_inline(page: Any, text: str) -> None:
    editor = page.get_by_test_id("inline-editor")
    editor.fill(text)
    editor.press("Enter")
    editor.wait_for(state="detached")


def stored(page: Any, map_id: int, check: Any, timeout: float = 10.0) -> dict[str, Any]:
    """The stored map once ``check(data)`` holds (the server writes the document shortly after the ack)."""
    end = time.monotonic() + timeout
    while True:
        data = map_data(page, map_id)
        if check(data) or time.monotonic() > end:
            return data
        time.sleep(0.2)


def test_add_a_challenge_with_contingencies_and_an_opportunity(browser: Any, studio: StudioServer) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        sign_in(page, studio)
        map_id = create_empty_map(page, studio, "Challenges added in the browser")
        page.get_by_test_id("add-stage").click()
        page.keyboard.press("Escape")
        step = page.get_by_test_id("step").first
        step_id = step.get_attribute("data-id")
        assert step_id

        # a challenge from the step's toolbar: it comes with a first contingency and is edited inline at once
        step.click()
        step.get_by_test_id("add-challenge").click()
        type_inline(page, "The valuer cancels the visit")
        challenge = page.get_by_test_id("challenge").first
        assert challenge.get_attribute("data-id")
        # a second contingency from the selected challenge
        challenge.get_by_test_id("add-contingency").click()
        type_inline(page, "Rebook within 24 hours")
        # an opportunity on the same step, from the step's toolbar
        page.keyboard.press("Escape")
        step.click()
        watch_saving(page)
        step.get_by_test_id("add-opportunity").click()
        type_inline(page, "Reduce waiting for the valuation")
        wait_acked(page)
        shot(page, "add-challenge-and-opportunity")

        def done(data: dict[str, Any]) -> bool:
            return any(o.get("text") == "Reduce waiting for the valuation" for o in data.get("opportunities", []))

        data = stored(page, map_id, done)
        challenges = data.get("service_challenges", [])
        assert [c["text"] for c in challenges] == ["The valuer cancels the visit"]
        assert challenges[0]["step"] == step_id
        assert [c["text"] for c in challenges[0]["contingencies"]] == ["New contingency", "Rebook within 24 hours"]
        opportunities = data.get("opportunities", [])
        assert [(o["text"], o["steps"]) for o in opportunities] == [("Reduce waiting for the valuation", [step_id])]
        assert step_id in [s["id"] for s in all_steps(data)]
        # the opportunity shows in its own row (a virtual one: the map has no opportunities lane)
        assert page.get_by_test_id("opportunity").filter(has_text="Reduce waiting").count() == 1
        assert dialogs == []
    finally:
        context.close()
