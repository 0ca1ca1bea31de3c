"""The studio on a laptop screen, end to end: a 16-step map in a 1440 × 900 window is fitted whole (every step
header inside the window), zoomed in and out, shown in the overview and presented stage by stage, with no error
in the browser's console. Screenshots: ``out/e2e/studio-fit.png`` and ``studio-present.png``."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    all_steps,
    browser,  # noqa: F401 - a fixture
    create_empty_map,
    find_map,
    map_data,
    open_map,
    pages_for,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
    wait_for_server,
)

LAPTOP = {"width": 1440, "height": 900}
SLOW_MS = 45_000
"""How long the page may take to settle on a busy 2-core machine."""


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=SLOW_MS) as made:
        yield made


def scale_of(page: Any) -> float:
    return float(page.get_by_test_id("viewport").get_attribute("data-scale"))


def wait_scale(page: Any, check: str) -> None:
    """Wait until the viewport's scale satisfies ``check`` (JavaScript on ``s``) and the layout has followed."""
    page.wait_for_function(
        "() => { const s = Number(document.querySelector('[data-testid=viewport]').dataset.scale);"
        f" return {check}; }}",
        timeout=SLOW_MS,
    )


def step_boxes(page: Any) -> list[dict[str, float]]:
    steps = page.get_by_test_id("step")
    return [steps.nth(i).bounding_box() for i in range(steps.count())]


def inside(box: dict[str, float], width: float, height: float) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


def test_fit_zoom_and_present_a_16_step_map_on_a_laptop(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    page.set_viewport_size(LAPTOP)
    sign_in(page, studio)
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    assert len(all_steps(map_data(page, map_id))) == 16
    open_map(page, studio, map_id)
    assert page.get_by_test_id("step").count() == 16
    assert scale_of(page) == 1
    # at 100 % a laptop shows only a few of the 16 steps
    at_full = sum(inside(b, LAPTOP["width"], LAPTOP["height"]) for b in step_boxes(page))
    assert at_full < 16

    # Fit: the whole map in the window, every step header inside it
    page.get_by_test_id("zoom-fit").click()
    wait_scale(page, "s < 1")
    page.wait_for_function(
        """([w, h]) => [...document.querySelectorAll('[data-testid=step]')].every((el) => {
             const r = el.getBoundingClientRect();
             return r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h;
           })""",
        arg=[LAPTOP["width"], LAPTOP["height"]],
        timeout=SLOW_MS,
    )
    boxes = step_boxes(page)
    assert len(boxes) == 16
    assert all(inside(b, LAPTOP["width"], LAPTOP["height"]) for b in boxes), boxes
    # left to right, in order, not on top of each other
    assert all(a["x"] + a["width"] <= b["x"] + 1 for a, b in itertools.pairwise(boxes))
    fitted = scale_of(page)
    assert page.get_by_test_id("zoom-100").inner_text() == f"{round(fitted * 100)} %"
    assert page.get_by_test_id("overview-view").count() == 1
    shot(page, "studio-fit")

    # zoom in and out: the scale and the steps' drawn width change with it
    width_fitted = boxes[0]["width"]
    page.get_by_test_id("zoom-in").click()
    wait_scale(page, f"s > {fitted}")
    zoomed_in = scale_of(page)
    assert page.get_by_test_id("step").first.bounding_box()["width"] > width_fitted
    page.get_by_test_id("zoom-out").click()
    wait_scale(page, f"s < {zoomed_in}")
    before = scale_of(page)
    page.get_by_test_id("map-editor").focus()
    page.keyboard.press("Minus")  # the keyboard zooms too
    wait_scale(page, f"s < {before} - 0.001")
    page.keyboard.press("Equal")
    wait_scale(page, f"s > {before} - 0.001")
    page.get_by_test_id("zoom-100").click()
    wait_scale(page, "s === 1")
    # Ctrl + wheel over the map zooms (and is not the browser's own zoom)
    page.mouse.move(600, 500)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    wait_scale(page, "s > 1")
    page.get_by_test_id("zoom-100").click()
    wait_scale(page, "s === 1")
    # the overview moves the view: a press near its bottom right scrolls there
    editor = page.get_by_test_id("map-editor")
    editor.evaluate("el => el.scrollTo(0, 0)")
    page.wait_for_function("() => document.querySelector('[data-testid=map-editor]').scrollTop === 0")
    overview = page.get_by_test_id("overview").bounding_box()
    page.mouse.click(overview["x"] + overview["width"] * 0.9, overview["y"] + overview["height"] * 0.9)
    page.wait_for_function(
        """() => { const el = document.querySelector('[data-testid=map-editor]');
                   return el.scrollTop > 0 && el.scrollLeft > 0; }""",
        timeout=SLOW_MS,
    )
    editor.evaluate("el => el.scrollTo(0, 0)")

    # presentation: full window, no side panel or top bar, stage by stage with the arrow keys, Esc leaves
    page.get_by_test_id("present").click()
    bar = page.get_by_test_id("present-stage")
    bar.wait_for()
    assert bar.inner_text().startswith("Stage 1 of ")
    viewport_box = page.get_by_test_id("viewport").bounding_box()
    assert viewport_box["x"] == 0 and viewport_box["y"] == 0
    assert viewport_box["width"] == LAPTOP["width"] and viewport_box["height"] == LAPTOP["height"]
    first_stage = page.get_by_test_id("stage").first.bounding_box()
    assert first_stage["width"] > LAPTOP["width"] / 3  # the stage fills the screen's width
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=present-stage]').textContent.startsWith('Stage 2 of ')",
        timeout=SLOW_MS,
    )
    second = page.get_by_test_id("stage").nth(1)
    page.wait_for_function(
        """() => { const r = document.querySelectorAll('[data-testid=stage]')[1].getBoundingClientRect();
                   return r.left >= 0 && r.right <= window.innerWidth; }""",
        timeout=SLOW_MS,
    )
    assert second.bounding_box()["x"] >= 0
    assert page.get_by_test_id("add-stage").count() == 0  # nothing to edit while presenting
    shot(page, "studio-present")
    page.keyboard.press("Escape")
    page.get_by_test_id("zoombar").wait_for()
    assert page.get_by_test_id("present-bar").count() == 0
    assert page.get_by_test_id("add-stage").count() == 1

    errors = [line for line in pages.console if line.startswith("error")]
    assert errors == [], errors


PANEL_CLIPPED = """() => {
  const panel = document.querySelector('.side-panel').getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('.side-panel button, .side-panel [role=tab]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.left < panel.left - 0.5 || r.right > panel.right + 0.5 || el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.textContent.trim() || el.title}: ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  const tabs = document.querySelector('.panel-tabs');
  if (tabs.scrollWidth > tabs.clientWidth + 1) out.push(`tabs ${tabs.scrollWidth} > ${tabs.clientWidth}`);
  return out;
}"""


@pytest.mark.parametrize("width", [1440, 1500, 1600])
def test_the_side_panel_clips_nothing_on_laptop_screens(pages: Pages, studio: StudioServer, width: int) -> None:  # noqa: F811
    page = pages.new()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, studio)
    open_map(page, studio, find_map(page, "home-loan", "maps/home-loan-as-is.yaml"))
    for tab in ["Comments", "History", "Evidence", "Lint"]:
        page.get_by_role("tab", name=tab).click()
        page.locator(".panel-tab.active").filter(has_text=tab).wait_for()
        page.locator(".side-panel .panel-body, .side-panel .empty, .side-panel form").first.wait_for()
        clipped = page.evaluate(PANEL_CLIPPED)
        assert clipped == [], f"{tab} at {width} px: {clipped}"
        # every tab keeps its whole label at these widths
        labels = page.locator(".panel-tab-label")
        for i in range(labels.count()):
            assert labels.nth(i).evaluate("el => el.scrollWidth <= el.clientWidth && el.offsetWidth > 0")
    shot(page, f"studio-panel-{width}")


def test_new_elements_take_their_ids_from_the_names_typed(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    page.set_viewport_size(LAPTOP)
    sign_in(page, studio)
    map_id = create_empty_map(page, studio, "Ids from names")
    # a new stage is named at once (its name is being edited): its id comes from the name
    page.get_by_test_id("add-stage").click()
    page.get_by_test_id("inline-editor").fill("Check eligibility")
    page.get_by_test_id("inline-editor").press("Enter")
    page.locator('[data-testid=stage][data-id="check-eligibility"]').wait_for()
    page.wait_for_function("document.activeElement !== document.body", timeout=30_000)  # the keyboard stays in the map
    # its first step, then "+ after": the new step's name is edited at once, the focus is not lost to <body>
    first = page.get_by_test_id("step").first
    first.click()
    first.locator(".jm-step-name").click()
    page.get_by_test_id("inline-editor").fill("Read the criteria")
    page.get_by_test_id("inline-editor").press("Enter")
    page.locator('[data-testid=step][data-id="read-the-criteria"]').wait_for()
    page.locator('[data-testid=step][data-id="read-the-criteria"]').click()
    stage_box = page.get_by_test_id("stage").first.bounding_box()
    page.get_by_test_id("add-step-after").click()
    editor = page.get_by_test_id("inline-editor")
    editor.wait_for()
    page.wait_for_function("document.activeElement?.dataset.testid === 'inline-editor'", timeout=30_000)
    editor.fill("Ask the broker")
    editor.press("Enter")
    page.locator('[data-testid=step][data-id="ask-the-broker"]').wait_for()
    page.wait_for_function("document.activeElement !== document.body", timeout=30_000)
    # selecting a stage does not grow its row (a second click lands where the first did)
    page.get_by_test_id("stage").first.click()
    page.get_by_test_id("add-stage-after").wait_for()
    assert page.get_by_test_id("stage").first.bounding_box()["height"] == stage_box["height"]
    page.get_by_test_id("stage").first.click()  # its middle: no new stage
    assert page.get_by_test_id("stage").count() == 1
    # the emotional level typed
    page.locator('[data-testid=step][data-id="ask-the-broker"]').click()
    level = page.get_by_test_id("emotion-input")
    level.fill("3.5")
    level.press("Enter")
    # "+ Add a lane" offers the journey map's lanes, labelled as the format does
    options = page.get_by_test_id("add-lane").locator("option").all_inner_texts()
    assert "Pain points" in options and "Custom lane" in options
    assert "VMPI results" not in options and "Vmpi results" not in options
    assert len(options) < 15, options

    def stored(data: dict[str, Any]) -> bool:
        steps = {s["id"]: s for s in all_steps(data)}
        return "ask-the-broker" in steps and steps["ask-the-broker"].get("emotion") == 3.5

    data = wait_for_server(page, map_id, stored, timeout=30)
    assert [s["id"] for s in data["stages"]] == ["check-eligibility"]
    assert [s["id"] for s in all_steps(data)] == ["read-the-criteria", "ask-the-broker"]
