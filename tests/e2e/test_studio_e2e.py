"""The studio end to end: a real ``journeymap serve`` process and headless Chromium. Every test checks what the
server stored (``GET /api/maps/{id}`` and friends), not only what the page shows, and saves a screenshot to
``out/e2e/`` for a person to look at. One server for the module; the test that kills it runs last."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    DEMO_EMAIL,
    Pages,
    StudioServer,
    all_steps,
    api,
    browser,  # noqa: F401 - a fixture
    card_by_id,
    create_empty_map,
    edit_card,
    find_map,
    map_data,
    open_map,
    pages_for,
    save_status,
    shot,
    sign_in,
    sign_up,
    studio,  # noqa: F401 - a fixture
    wait_acked,
    wait_for_server,
    wait_saved,
    watch_saving,
)
from playwright.sync_api import expect

from support import EXAMPLES

SLOW_WORK_MS = 60_000
"""How long the page may take over work that is seconds on a loaded 2-core machine (reading an upload, a survey)."""
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "<script>alert('owned')</script> & \"quotes\""


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request) as made:
        yield made


@pytest.fixture
def demo(pages: Pages, studio: StudioServer) -> Any:  # noqa: F811
    """A page signed in with the demo account."""
    page = pages.new()
    sign_in(page, studio)
    return page


def card(page: Any, text: str) -> Any:
    return page.get_by_test_id("card").filter(has_text=text).first


def emotion_value(step: dict[str, Any]) -> float | None:
    emotion = step.get("emotion")
    if isinstance(emotion, (int, float)):
        return float(emotion)
    if isinstance(emotion, dict) and "estimate" in emotion:
        return float(emotion["estimate"])
    return None


def step_of(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in all_steps(data) if s["id"] == step_id)


# --- 1. sign in ---------------------------------------------------------------------------------------------


def test_sign_in_with_the_demo_account_and_create_an_account(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    page.goto(f"{studio.url}/")
    page.wait_for_url(re.compile(r"/login"))  # signed out: the studio sends you to the sign-in page
    assert "demo@journeymap.dev" in page.locator(".demo-box").inner_text()

    # a wrong password is refused with a message, not a crash
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill("not-the-password")
    page.locator("form").get_by_role("button", name="Sign in").click()
    page.locator(".login-card .error-note").wait_for()
    assert api(page, "/api/auth/me")["user"] is None

    page.get_by_role("button", name="Use the demo account").click()
    page.get_by_role("heading", name="Workspaces").wait_for()
    assert api(page, "/api/auth/me")["user"]["email"] == DEMO_EMAIL
    page.locator(".tile-title").filter(has_text="Northmere Bank — home loans").first.wait_for()
    shot(page, "01-workspaces-demo")

    page.get_by_title("Sign out").click()
    page.wait_for_url(re.compile(r"/login"))
    assert api(page, "/api/auth/me")["user"] is None

    sign_up(page, studio, "ada.e2e@example.org", "Ada Lovelace", "correct horse battery")
    me = api(page, "/api/auth/me")["user"]
    assert (me["email"], me["name"]) == ("ada.e2e@example.org", "Ada Lovelace")
    assert page.locator(".user-name").inner_text() == "Ada Lovelace"
    shot(page, "01-workspaces-new-account")

    # the new account signs in again with its password
    page.get_by_title("Sign out").click()
    page.wait_for_url(re.compile(r"/login"))
    sign_in(page, studio, "ada.e2e@example.org", "correct horse battery")
    assert api(page, "/api/auth/me")["user"]["name"] == "Ada Lovelace"


# --- 2. build a map from nothing ----------------------------------------------------------------------------


def test_create_a_map_and_build_it_in_the_editor(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    map_id = create_empty_map(page, studio, "Remortgage — built in the browser")
    editor = page.get_by_test_id("map-editor")
    assert editor.get_attribute("data-map-type") == "customer-journey-map"
    assert page.get_by_test_id("stage").count() == 0

    # a stage (it comes with one step), named inline
    page.get_by_test_id("add-stage").click()
    stage = page.get_by_test_id("stage").first
    stage.locator(".jm-stage-name").click()
    page.get_by_test_id("inline-editor").fill("Review the deal")
    page.get_by_test_id("inline-editor").press("Enter")
    first_step = page.get_by_test_id("step").first
    page.keyboard.press("Escape")  # drop the stage's selection (its toolbar floats over the step)
    first_step.click()
    first_step.locator(".jm-step-name").click()
    page.get_by_test_id("inline-editor").fill("Get the renewal letter")
    page.get_by_test_id("inline-editor").press("Enter")
    # a second step after it, from the step's toolbar
    first_step.click()
    page.get_by_test_id("add-step-after").click()
    second_step = page.get_by_test_id("step").nth(1)
    second_step.locator(".jm-step-name").click()
    page.get_by_test_id("inline-editor").fill("Compare offers")
    page.get_by_test_id("inline-editor").press("Enter")
    # a lane, and a card in each step
    page.get_by_test_id("add-lane").select_option("actions")
    lane = page.get_by_test_id("lane").first
    assert lane.get_attribute("data-kind") == "actions"
    lane_id = lane.get_attribute("data-id")
    steps = page.get_by_test_id("step").evaluate_all("els => els.map((e) => e.dataset.id)")
    assert len(steps) == 2
    for step_id, text in zip(steps, ["Read the letter twice", "Ask the broker for three quotes"], strict=True):
        page.locator(f'[data-testid=add-card][data-lane="{lane_id}"][data-step="{step_id}"]').click()
        page.get_by_test_id("inline-editor").fill(text)
        page.get_by_test_id("inline-editor").press("Enter")
        page.locator(f'[data-testid=cell][data-lane="{lane_id}"][data-step="{step_id}"]').get_by_text(text).wait_for()

    def built(data: dict[str, Any]) -> bool:
        lanes = data.get("lanes", [])
        return bool(lanes) and len(lanes[0].get("cards", [])) == 2

    data = wait_for_server(page, map_id, built)
    assert [s["name"] for s in data["stages"]] == ["Review the deal"]
    assert [s["name"] for s in all_steps(data)] == ["Get the renewal letter", "Compare offers"]
    assert data["lanes"][0]["kind"] == "actions"
    assert [(c["step"], c["text"]) for c in data["lanes"][0]["cards"]] == [
        (steps[0], "Read the letter twice"),
        (steps[1], "Ask the broker for three quotes"),
    ]
    assert api(page, f"/api/maps/{map_id}")["problems"] == []
    shot(page, "02-built-map")


# --- 3. inline editing, hostile text ------------------------------------------------------------------------


def test_edit_a_card_inline_and_hostile_text_stays_text(demo: Any, studio: StudioServer, pages: Pages) -> None:  # noqa: F811
    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-to-be.yaml")
    open_map(page, studio, map_id)
    cards = page.get_by_test_id("card")
    first, second = cards.nth(0), cards.nth(1)
    first_id, second_id = first.get_attribute("data-id"), second.get_attribute("data-id")
    assert first_id and second_id
    before = card_by_id(map_data(page, map_id), second_id)
    assert before is not None

    edit_card(page, first, HOSTILE_IMG)
    edit_card(page, second, HOSTILE_SCRIPT)
    data = wait_for_server(page, map_id, lambda d: (card_by_id(d, second_id) or {}).get("text") == HOSTILE_SCRIPT)
    assert (card_by_id(data, first_id) or {}).get("text") == HOSTILE_IMG

    # shown literally, no element made from it, nothing ran
    first_card = page.locator(f'[data-testid=card][data-id="{first_id}"]')
    second_card = page.locator(f'[data-testid=card][data-id="{second_id}"]')
    assert first_card.locator(".jm-card-text").inner_text() == HOSTILE_IMG
    assert second_card.locator(".jm-card-text").inner_text() == HOSTILE_SCRIPT
    assert page.locator('img[src="x"]').count() == 0
    assert page.get_by_test_id("map-editor").locator("script, img").count() == 0
    assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0

    # Esc cancels an edit: nothing changes, here or on the server
    second_card.click()
    second_card.locator(".jm-card-text").click()
    page.get_by_test_id("inline-editor").fill("this is thrown away")
    page.get_by_test_id("inline-editor").press("Escape")
    page.get_by_test_id("inline-editor").wait_for(state="detached")
    assert second_card.locator(".jm-card-text").inner_text() == HOSTILE_SCRIPT
    # the page reloaded from the server still shows the text literally and runs nothing
    page.reload()
    wait_saved(page)
    assert page.locator(f'[data-testid=card][data-id="{first_id}"] .jm-card-text').inner_text() == HOSTILE_IMG
    assert (card_by_id(map_data(page, map_id), second_id) or {}).get("text") == HOSTILE_SCRIPT
    assert page.locator('img[src="x"]').count() == 0
    page.locator(f'[data-testid=card][data-id="{first_id}"]').scroll_into_view_if_needed()
    shot(page, "03-hostile-text")
    assert pages.dialogs == []


# --- 4. reorder steps by dragging ---------------------------------------------------------------------------


def test_drag_a_step_to_reorder(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    research = map_data(page, map_id)["stages"][0]
    order = [s["id"] for s in research["steps"]]
    assert order[:3] == ["r-calc", "r-compare", "r-aip"]

    source = page.locator('[data-testid=step][data-id="r-calc"]')
    target = page.locator('[data-testid=step][data-id="r-aip"]')
    box = target.bounding_box()
    assert box is not None
    source.drag_to(target, target_position={"x": box["width"] * 0.8, "y": box["height"] / 2})

    expected = ["r-compare", "r-aip", "r-calc", *order[3:]]
    data = wait_for_server(page, map_id, lambda d: [s["id"] for s in d["stages"][0]["steps"]] == expected)
    assert sum(len(s["steps"]) for s in data["stages"]) == sum(1 for _ in all_steps(data))
    shown = page.get_by_test_id("step").evaluate_all("els => els.map((e) => e.dataset.id)")
    assert shown[:3] == expected[:3]
    shot(page, "04-step-dragged")


# --- 5. the emotion curve -----------------------------------------------------------------------------------


def test_drag_the_emotion_estimate_and_measured_points_are_locked(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    before = map_data(page, map_id)
    assert emotion_value(step_of(before, "a-start")) == 5.5
    measured_before = step_of(before, "a-docs")["emotion"]
    assert isinstance(measured_before, dict) and measured_before["mean"] == 3.6

    point = page.locator('[data-testid=curve-point][data-id="a-start"]')
    assert point.get_attribute("data-kind") == "estimate"
    hit = point.locator("circle.jm-curve-hit")
    hit.scroll_into_view_if_needed()
    box = hit.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 20, steps=4)
    page.mouse.move(x, y - 40, steps=4)
    page.mouse.up()

    data = wait_for_server(page, map_id, lambda d: emotion_value(step_of(d, "a-start")) != 5.5)
    value = emotion_value(step_of(data, "a-start"))
    assert value is not None and 7.5 <= value <= 9.5  # 40 px up on a 114 px scale of 9 points ≈ +3.2
    assert value * 2 == int(value * 2)  # rounded to halves
    label = point.locator("text.jm-curve-label")
    assert label.text_content() == f"≈{value:g} est."

    # a measured point: a tooltip with the sample, and dragging it changes nothing
    measured = page.locator('[data-testid=curve-point][data-id="a-docs"]')
    assert measured.get_attribute("data-kind") == "measured"
    tooltip = measured.get_attribute("data-tooltip") or ""
    assert "n=198" in tooltip and "locked" in tooltip
    dot = measured.locator("circle")
    box = dot.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    watch_saving(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 40, steps=5)
    page.mouse.up()
    # a local change would show "Saving…" at once (the status follows the document synchronously)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("() => window.__jmSawSaving") is False
    after = map_data(page, map_id)
    assert step_of(after, "a-docs")["emotion"] == measured_before
    assert measured.get_attribute("data-kind") == "measured"
    assert emotion_value(step_of(after, "a-start")) == value
    page.get_by_test_id("map-editor").press("Escape")  # drop the selection: the step's toolbar covers the curve
    page.evaluate("() => window.getSelection()?.removeAllRanges()")
    shot(page, "05-emotion-curve")


# --- 6. comments --------------------------------------------------------------------------------------------


def test_comment_on_an_element_and_resolve_it(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    target = card(page, "Request an agreement in principle online")
    card_id = target.get_attribute("data-id")
    target.click()
    target.get_by_test_id("comment-badge").click()
    panel = page.locator(".comments-panel")
    # the panel names the element (the names follow the live document, so wait for it rather than read once)
    expect(panel.locator(".composer-target")).to_contain_text("Request an agreement in principle online")
    body = "Which lenders do a soft search here? <b>not bold</b>"
    panel.locator("textarea").first.fill(body)
    panel.get_by_role("button", name="Comment", exact=True).click()
    thread = panel.locator("li.thread").filter(has_text="Which lenders do a soft search")
    thread.wait_for()
    assert thread.locator(".comment-text").inner_text() == body
    assert thread.locator("b").count() == 0
    page.locator(f'[data-testid=comment-badge][data-id="{card_id}"]').filter(has_text="1").wait_for()
    comments = api(page, f"/api/maps/{map_id}/comments")
    mine = [c for c in comments if c["body"] == body]
    assert len(mine) == 1 and mine[0]["anchor"] == card_id and mine[0]["resolved"] is False
    assert mine[0]["author"]["name"]
    shot(page, "06-comment-posted")

    thread.get_by_role("button", name="Resolve").click()
    thread.wait_for(state="detached")  # the "Open" filter hides it
    comment = next(c for c in api(page, f"/api/maps/{map_id}/comments") if c["id"] == mine[0]["id"])
    assert comment["resolved"] is True
    panel.get_by_role("tab", name="Resolved").click()
    panel.locator("li.thread.resolved").filter(has_text="Which lenders do a soft search").wait_for()
    assert page.locator(f'[data-testid=comment-badge][data-id="{card_id}"]').inner_text().strip() != "1"
    shot(page, "06-comment-resolved")


# --- 7. two people on one map -------------------------------------------------------------------------------


def test_two_users_edit_the_same_map_live(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    alice = pages.new()
    sign_in(alice, studio)
    bob = pages.new()
    sign_up(bob, studio, "bob.e2e@example.org", "Bob Second", "another long password")
    map_id = find_map(alice, "airline-trip", "maps/family-trip-experience.yaml")
    # Bob joins the workspace as an editor (a non-member would not find the map)
    workspace = next(w for w in api(alice, "/api/workspaces") if w["slug"] == "airline-trip")
    api(alice, f"/api/workspaces/{workspace['id']}/members", "POST", {"email": "bob.e2e@example.org", "role": "editor"})
    open_map(alice, studio, map_id)
    open_map(bob, studio, map_id)

    # presence: each sees the other in the top bar
    bob.locator(".presence-person[title^='Demo']").wait_for()
    alice.locator(".presence-person[title^='Bob Second']").wait_for()

    # Alice selects a card: Bob sees her name tag on it
    alice_card = alice.get_by_test_id("card").first
    card_id = alice_card.get_attribute("data-id")
    assert card_id
    alice_card.click()
    bob_card = bob.locator(f'[data-testid=card][data-id="{card_id}"]')
    bob_card.get_by_test_id("presence-tag").wait_for()
    assert bob_card.get_by_test_id("presence-tag").inner_text().startswith("Demo")

    # Alice edits: the text arrives at Bob's, and the server has it
    edit_card(alice, alice_card, "Edited by Alice, seen by Bob")
    bob_card.locator(".jm-card-text").filter(has_text="Edited by Alice, seen by Bob").wait_for()
    # Bob edits another card: it arrives at Alice's
    other = bob.get_by_test_id("card").nth(1)
    other_id = other.get_attribute("data-id")
    edit_card(bob, other, "Bob's answer")
    alice.locator(f'[data-testid=card][data-id="{other_id}"] .jm-card-text').filter(has_text="Bob's answer").wait_for()
    data = wait_for_server(alice, map_id, lambda d: (card_by_id(d, str(other_id)) or {}).get("text") == "Bob's answer")
    assert (card_by_id(data, card_id) or {}).get("text") == "Edited by Alice, seen by Bob"
    bob_card.scroll_into_view_if_needed()
    alice_card.click()  # selected again: Bob sees where Alice is
    bob_card.get_by_test_id("presence-tag").wait_for()
    shot(bob, "07-bob-sees-alice")
    shot(alice, "07-alice-sees-bob")


# --- 8. versions --------------------------------------------------------------------------------------------


def test_save_a_named_version_change_the_map_and_restore_it(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    map_id = find_map(page, "clinic-visit", "maps/diabetes-review-blueprint.yaml")
    open_map(page, studio, map_id)
    first = page.get_by_test_id("card").first
    card_id = first.get_attribute("data-id")
    assert card_id
    original = (card_by_id(map_data(page, map_id), card_id) or {}).get("text")
    assert original

    page.get_by_role("tab", name="History").click()
    history = page.locator(".history-panel")
    history.get_by_placeholder(re.compile("Name this version")).fill("Before the e2e edit")
    history.get_by_role("button", name="Save version").click()
    version = history.locator("li.version").filter(has_text="Before the e2e edit")
    version.wait_for()
    saved = [v for v in api(page, f"/api/maps/{map_id}/versions") if v["name"] == "Before the e2e edit"]
    assert len(saved) == 1 and saved[0]["kind"] == "named"

    changed = "Changed after the named version"
    edit_card(page, first, changed)
    wait_for_server(page, map_id, lambda d: (card_by_id(d, card_id) or {}).get("text") == changed)

    version.get_by_role("button", name="Restore").click()
    confirm = page.get_by_role("dialog", name=re.compile(r"Restore version \d+\?"))
    confirm.get_by_role("button", name="Restore").click()
    data = wait_for_server(page, map_id, lambda d: (card_by_id(d, card_id) or {}).get("text") == original)
    assert (card_by_id(data, card_id) or {}).get("text") == original
    # the live editor follows the restore
    page.locator(f'[data-testid=card][data-id="{card_id}"] .jm-card-text').filter(has_text=original).wait_for()
    # the state before the restore was kept as a version, and the restore is a version of its own
    versions = api(page, f"/api/maps/{map_id}/versions")
    assert [v["kind"] for v in versions[:3]] == ["restore", "auto", "named"], versions
    kept = api(page, f"/api/versions/{versions[1]['id']}")["data"]
    assert (card_by_id(kept, card_id) or {}).get("text") == changed
    history.locator("li.version").filter(has_text=f"restored version {saved[0]['number']}").wait_for()
    shot(page, "08-version-restored")


# --- 9. exports ---------------------------------------------------------------------------------------------


def test_export_svg_pptx_and_xlsx_from_the_menu(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    files: dict[str, bytes] = {}
    for label, extension in [("SVG", ".svg"), ("PowerPoint", ".pptx"), ("Excel", ".xlsx")]:
        page.get_by_role("button", name="Export").click()
        menu = page.locator(".export-menu")
        if label == "SVG":
            shot(page, "09-export-menu")
        with page.expect_download() as info:
            menu.get_by_role("menuitem").filter(has_text=label).click()
        download = info.value
        assert download.failure() is None
        assert download.suggested_filename.endswith(extension), download.suggested_filename
        path = download.path()
        files[extension] = path.read_bytes()
        assert len(files[extension]) > 1000

    svg = files[".svg"].decode("utf-8")
    assert "<svg" in svg[:500] and svg.rstrip().endswith("</svg>")
    assert "Estimate borrowing" in svg  # a step name of the map
    with zipfile.ZipFile(io.BytesIO(files[".pptx"])) as pptx:
        names = pptx.namelist()
        assert "ppt/presentation.xml" in names and any(n.startswith("ppt/slides/slide") for n in names)
    with zipfile.ZipFile(io.BytesIO(files[".xlsx"])) as xlsx:
        assert "xl/workbook.xml" in xlsx.namelist()


# --- derive a to-be map -------------------------------------------------------------------------------------


def test_derive_a_to_be_map_from_the_as_is_map(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    as_is = find_map(page, "home-loan-2", "maps/home-loan-as-is.yaml")
    open_map(page, studio, as_is)
    source = map_data(page, as_is)
    page.get_by_role("button", name="Derive to-be map").click()
    page.get_by_role("dialog", name="Derive a to-be map?").get_by_role("button", name="Derive").click()
    page.wait_for_url(re.compile(rf"/m/(?!{as_is}$)\d+$"))
    to_be = int(page.url.rsplit("/", 1)[1])
    wait_saved(page)
    page.locator(".type-badge").filter(has_text="to be").wait_for()
    data = map_data(page, to_be)
    assert data["state"] == "to-be"
    derived_steps = all_steps(data)
    source_steps = all_steps(source)
    assert len(derived_steps) == len(source_steps)
    for new_step, old_step in zip(derived_steps, source_steps, strict=True):
        replaces = new_step.get("replaces")
        assert old_step["id"] in (replaces if isinstance(replaces, list) else [replaces]), new_step
        if isinstance(old_step.get("emotion"), dict) and "mean" in old_step["emotion"]:
            estimate = emotion_value(new_step)  # a measured mean becomes an estimate near it
            assert estimate is not None and abs(estimate - old_step["emotion"]["mean"]) <= 0.5
    kinds = page.get_by_test_id("curve-point").evaluate_all("els => els.map((e) => e.dataset.kind)")
    assert "measured" not in kinds and "estimate" in kinds
    assert page.get_by_test_id("step").count() == len(derived_steps)
    shot(page, "12-derived-to-be")


# --- 11. the other editors ----------------------------------------------------------------------------------


def test_ecosystem_network_and_mental_model_towers(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    eco = find_map(page, "energy-ecosystem", "maps/home-energy-value-chain.yaml")
    open_map(page, studio, eco)
    assert page.get_by_test_id("map-editor").get_attribute("data-map-type") == "ecosystem-map"
    page.get_by_test_id("network").wait_for()
    data = map_data(page, eco)
    assert page.get_by_test_id("actor").count() == len(data["actors"])
    assert page.get_by_test_id("flow").count() == len(data["value_flows"])
    first_actor = data["actors"][0]
    assert page.locator(f'[data-testid=actor][data-id="{first_actor["id"]}"]').is_visible()
    shot(page, "11-ecosystem-network")

    mm = find_map(page, "streaming-mental-model", "maps/choosing-what-to-watch.yaml")
    open_map(page, studio, mm)
    assert page.get_by_test_id("map-editor").get_attribute("data-map-type") == "mental-model-diagram"
    page.get_by_test_id("mental-model").wait_for()
    data = map_data(page, mm)
    towers = [t for space in data["mental_spaces"] for t in space.get("towers", [])]
    assert towers and page.get_by_test_id("tower").count() == len(towers)
    # a support is drawn under each tower it supports
    shown = page.get_by_test_id("support").evaluate_all("els => els.map((e) => [e.dataset.id, e.dataset.tower])")
    assert sorted(map(tuple, shown)) == sorted((s["id"], t) for s in data["supports"] for t in s["towers"])
    assert page.get_by_test_id("box").count() == sum(len(t.get("boxes", [])) for t in towers)
    shot(page, "11-mental-model-towers")


# --- 10. a crash right after "Saved" loses nothing (last: it restarts the server) -----------------------------


def test_an_acknowledged_edit_survives_killing_the_server(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    target = card(page, "Compare two-year and five-year fixes")
    card_id = target.get_attribute("data-id")
    assert card_id
    watch_saving(page)
    edit_card(page, target, "Survives a pulled plug")
    wait_acked(page)
    studio.kill()  # at once: no time for anything to be flushed later
    page.locator(".save-status.status-offline").wait_for()
    studio.start()
    # the open page reconnects by itself and shows the edit; a reload (no "leave the page?" prompt: nothing is
    # pending) reads it from the restarted server
    wait_saved(page)
    page.locator(f'[data-testid=card][data-id="{card_id}"] .jm-card-text').filter(
        has_text="Survives a pulled plug"
    ).wait_for()
    page.reload()
    wait_saved(page)
    assert (
        page.locator(f'[data-testid=card][data-id="{card_id}"] .jm-card-text').inner_text() == "Survives a pulled plug"
    )
    assert (card_by_id(map_data(page, map_id), card_id) or {}).get("text") == "Survives a pulled plug"
    assert save_status(page).inner_text().strip() == "Saved"
    page.locator(f'[data-testid=card][data-id="{card_id}"]').scroll_into_view_if_needed()
    shot(page, "10-after-kill-and-restart")


def test_upload_an_event_log_and_see_the_journey_discovered_in_it(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    from journeymap.core.evidence import discover_file

    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    before = map_data(page, map_id)
    page.get_by_role("tab", name="Evidence").click()
    panel = page.locator(".side-panel")
    panel.get_by_role("radio", name="Event log").click()
    log = EXAMPLES / "home-loan" / "evidence" / "applications-events.csv"
    panel.get_by_test_id("evidence-file").set_input_files(str(log))
    upload = panel.get_by_role("button", name="Upload", exact=True)
    expect(upload).to_be_enabled(timeout=SLOW_WORK_MS)
    upload.click()
    first = panel.locator("table.data").first.locator("tbody tr").first.locator("td")
    expect(first).to_have_text(log.read_text(encoding="utf-8").splitlines()[1].split(","), timeout=SLOW_WORK_MS)
    apply = panel.get_by_role("button", name="Apply to the map")
    expect(apply).to_be_enabled(timeout=SLOW_WORK_MS)
    apply.click()
    # the journey found in the log: the panel shows its cases and most common paths
    found = panel.locator("table.discovered tbody tr")
    expect(found.first).to_be_visible(timeout=SLOW_WORK_MS)
    uploaded = api(page, f"/api/maps/{map_id}/evidence")[0]  # kept with the columns it was read with
    assert (uploaded["kind"], uploaded["filename"]) == ("events", log.name)
    assert uploaded["mapping"] == {"case": "case_id", "activity": "activity", "time": "timestamp", "channel": "channel"}
    want = discover_file(log)  # what the library finds in the same file
    expect(panel.get_by_text(f"{want.cases:,} cases, {want.events:,} events,")).to_be_visible()
    paths = [" → ".join(variant.activities) for variant in want.top_variants[:5]]
    expect(found.locator("td:first-child")).to_have_text(paths)
    assert map_data(page, map_id) == before  # an event log measures nothing on the map
    shot(page, "12b-event-log-discovered")


def test_upload_a_survey_preview_it_map_its_columns_and_measure_the_map(demo: Any, studio: StudioServer) -> None:  # noqa: F811
    # last in the module: it turns the as-is map's estimates into measured values
    page = demo
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    page.get_by_role("tab", name="Evidence").click()
    panel = page.locator(".side-panel")
    survey = EXAMPLES / "home-loan" / "evidence" / "post-completion-survey.csv"
    panel.get_by_test_id("evidence-file").set_input_files(str(survey))
    upload = panel.get_by_role("button", name="Upload", exact=True)
    expect(upload).to_be_enabled(timeout=SLOW_WORK_MS)  # the file is chosen
    upload.click()
    # the first rows, cell by cell as in the file: reading the upload (the evidence engine, 2,000 rows sampled)
    # takes seconds on a loaded machine, so the page is given a minute, not expect's default 5 s
    lines = survey.read_text(encoding="utf-8").splitlines()
    rows = panel.locator("table.data").first.locator("tbody tr")  # the first rows (the mapping is a table too)
    expect(rows.first.locator("td")).to_have_text(lines[1].split(","), timeout=SLOW_WORK_MS)
    expect(rows).to_have_count(min(10, len(lines) - 1))
    # the suggested mapping fills the form; applying it measures the map (a survey summary: seconds when loaded)
    apply = panel.get_by_role("button", name="Apply to the map")
    expect(apply).to_be_enabled(timeout=SLOW_WORK_MS)
    apply.click()
    point = page.locator('[data-testid=curve-point][data-id="r-calc"]')
    expect(point).to_have_attribute("data-kind", "measured", timeout=SLOW_WORK_MS)
    # the server stored it: the first step's emotion is measured from the survey
    data = wait_for_server(
        page, map_id, lambda d: "ci95" in (all_steps(d)[0].get("emotion") or {}), timeout=SLOW_WORK_MS / 1000
    )
    emotion = all_steps(data)[0]["emotion"]
    assert emotion["dataset"] == survey.name
    assert emotion["n"] > 0 and emotion["ci95"][0] <= emotion["mean"] <= emotion["ci95"][1]
    # the analyses the panel links to are those the catalog says the studio draws, with their labels
    drawn = [a["label"] for a in page.request.get(f"{studio.url}/api/catalog").json()["analyses"] if a["studio"]]
    expect(panel.locator("ul.analyses > li > a strong")).to_have_text(drawn, timeout=SLOW_WORK_MS)
    shot(page, "13-survey-measured")
