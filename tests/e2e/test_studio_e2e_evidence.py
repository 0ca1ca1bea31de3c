"""The Evidence panel end to end with event logs (issue 13, defect 9): applying one showed nothing and flooded the
page with "Cannot convert undefined or null to object". Now the panel shows what the log found — cases, events,
the main path, the funnel with its drop-off, the outcomes — says that the map is unchanged, and links to the
discovery drawing; the browser console stays free of errors. A CSV log (the home-loan example, 14 k events), the
same events as XES, and a small XES log; the screenshot ``out/e2e/evidence-events.png`` is for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    api,
    browser,  # noqa: F401 - a fixture
    find_map,
    map_data,
    open_map,
    pages_for,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
)
from playwright.sync_api import expect

from support import EXAMPLES, FIXTURES

SLOW_WORK_MS = 90_000
"""How long the page may take over reading and discovering a log on a loaded 2-core machine."""
CSV_LOG = EXAMPLES / "home-loan" / "evidence" / "applications-events.csv"
XES_LOG = FIXTURES / "events" / "small.xes"


def as_xes(log: Path, target: Path) -> Path:
    """The CSV event log (case_id, activity, timestamp, channel) written as an XES log of the same events."""
    import csv
    from xml.sax.saxutils import quoteattr

    traces: dict[str, list[dict[str, str]]] = {}
    with log.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            traces.setdefault(row["case_id"], []).append(row)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">']
    for case, events in traces.items():
        lines.append(f'<trace><string key="concept:name" value={quoteattr(case)}/>')
        for event in events:
            lines.append(
                f'<event><string key="concept:name" value={quoteattr(event["activity"])}/>'
                f'<date key="time:timestamp" value="{event["timestamp"].replace(" ", "T")}+00:00"/>'
                f'<string key="org:channel" value={quoteattr(event["channel"])}/></event>'
            )
        lines.append("</trace>")
    lines.append("</log>")
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=30_000) as made:
        yield made


class Watched:
    """A signed-in page whose console messages of level error and uncaught exceptions are kept."""

    def __init__(self, pages: Pages, server: StudioServer) -> None:
        self.page = pages.new()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        sign_in(self.page, server)

    def assert_no_errors(self) -> None:
        assert self.errors == [], f"{len(self.errors)} errors in the browser, the first: {self.errors[:5]}"


def apply_log(page: Any, log: Path) -> Any:
    """Upload an event log in the open map's Evidence panel and apply it with the suggested columns; the panel."""
    page.get_by_role("tab", name="Evidence").click()
    panel = page.locator(".side-panel")
    panel.get_by_role("radio", name="Event log").click()
    panel.get_by_test_id("evidence-file").set_input_files(str(log))
    upload = panel.get_by_role("button", name="Upload", exact=True)
    expect(upload).to_be_enabled(timeout=SLOW_WORK_MS)
    upload.click()
    apply = panel.get_by_role("button", name="Apply to the map")
    expect(apply).to_be_enabled(timeout=SLOW_WORK_MS)
    apply.click()
    expect(panel.get_by_role("heading", name="What the event log shows")).to_be_visible(timeout=SLOW_WORK_MS)
    return panel


def thousands(n: int) -> str:
    return f"{n:,}"


def test_an_event_log_shows_its_journey_funnel_and_outcomes_without_errors(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
) -> None:
    from journeymap.core.evidence import discover_file

    watched = Watched(pages, studio)
    page = watched.page
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    before = map_data(page, map_id)
    panel = apply_log(page, CSV_LOG)
    want = discover_file(CSV_LOG)  # what the library finds in the same file

    counts = f"{thousands(want.cases)} cases, {thousands(want.events)} events, {want.activity_count} activities"
    expect(panel.locator(".discovered-counts")).to_contain_text(counts)
    expect(panel.locator(".discovered-change")).to_contain_text("The map is unchanged")
    expect(panel.locator("ol.main-path > li")).to_have_text(list(want.main_path))

    # the funnel: a block per step of the main path, the cases reaching it and those lost since the step before
    steps = panel.locator("ol.funnel > li")
    expect(steps).to_have_count(len(want.funnel))
    expect(steps.locator(".funnel-name")).to_have_text([step.activity for step in want.funnel])
    expect(steps.locator(".funnel-cases")).to_have_text([thousands(step.cases) for step in want.funnel])
    expect(steps.locator(".funnel-ended")).to_have_text([thousands(step.stopped_here) for step in want.funnel])
    second = want.funnel[1]
    lost = f"{thousands(second.drop_off)} ({second.drop_off / want.funnel[0].cases * 100:.1f} %)"
    expect(steps.nth(1).locator(".funnel-lost")).to_have_text(lost)
    # the first funnel step is an element of the map (matched by name)
    expect(steps.first.locator(".on-map")).to_have_text(f"on the map: {want.funnel[0].activity}")

    # where journeys end: the most frequent last step first, with its share of all cases
    outcome, ended = max(want.end_activities.items(), key=lambda item: (item[1], item[0]))
    first_outcome = panel.locator("table.outcomes tbody tr").first.locator("td")
    expect(first_outcome).to_have_text([outcome, thousands(ended), f"{ended / want.cases * 100:.1f} %"])
    paths = [" → ".join(variant.activities) for variant in want.top_variants[:5]]
    expect(panel.locator("table.discovered tbody tr td:first-child")).to_have_text(paths)

    # the link to the discovery drawing opens the flows of this log
    link = panel.get_by_role("link", name="Open the discovery drawing")
    href = link.get_attribute("href")
    assert href == f"/api/maps/{map_id}/analysis/discovery"
    drawing = page.request.get(f"{studio.url}{href}", timeout=SLOW_WORK_MS)
    assert drawing.status == 200 and drawing.headers["content-type"].startswith("image/svg+xml")
    assert want.funnel[0].activity in drawing.text()

    uploaded = api(page, f"/api/maps/{map_id}/evidence")[0]  # kept with the columns it was read with
    assert (uploaded["kind"], uploaded["filename"]) == ("events", CSV_LOG.name)
    assert map_data(page, map_id) == before  # an event log measures nothing on the map
    # the panel brought its result into view (it appears below the upload form)
    heading = panel.get_by_role("heading", name="What the event log shows")
    page.wait_for_function(
        "e => { const p = e.closest('.side-panel').getBoundingClientRect(); const r = e.getBoundingClientRect();"
        " return r.top >= p.top && r.top < p.top + 150; }",
        arg=heading.element_handle(),
    )
    shot(page, "evidence-events")
    panel.locator("table.discovered").scroll_into_view_if_needed()
    shot(page, "evidence-events-outcomes")
    watched.assert_no_errors()


@pytest.mark.parametrize("log", ["small.xes", "applications-events.xes"])
def test_an_xes_event_log_shows_what_it_found(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
    tmp_path: Path,
    log: str,
) -> None:
    from journeymap.core.evidence import discover_file

    # a small XES log with nested attributes and time zones; the home-loan example's 14 k events as XES
    xes = XES_LOG if log == XES_LOG.name else as_xes(CSV_LOG, tmp_path / log)
    watched = Watched(pages, studio)
    page = watched.page
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    panel = apply_log(page, xes)
    want = discover_file(xes)
    if xes != XES_LOG:  # the same events as the CSV: the same journey
        assert (want.cases, want.events, want.main_path) == (3000, 13992, discover_file(CSV_LOG).main_path)

    expect(panel.locator(".discovered-counts")).to_contain_text(
        f"{thousands(want.cases)} cases, {thousands(want.events)} events"
    )
    expect(panel.locator("ol.main-path > li")).to_have_text(list(want.main_path))
    expect(panel.locator("ol.funnel > li")).to_have_count(len(want.funnel))
    expect(panel.locator("table.outcomes tbody tr")).to_have_count(min(6, len(want.end_activities)))
    # the discovery drawing is now the latest uploaded log's (not the workspace's), and so is its preview
    preview = panel.get_by_role("img", name="Journey discovery")
    expect(preview).to_have_attribute("src", re.compile(r"/analysis/discovery\?v=\d+$"))
    drawing = page.request.get(f"{studio.url}/api/maps/{map_id}/analysis/discovery", timeout=SLOW_WORK_MS)
    assert drawing.status == 200 and want.main_path[0] in drawing.text()
    shot(page, f"evidence-events-{xes.stem}")
    watched.assert_no_errors()
