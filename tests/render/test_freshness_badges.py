"""Evidence badges on rendered maps, their legend and coverage line, and the report's freshness section."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from journeymap.core.context import context_for
from journeymap.files.loader import read_workspace
from journeymap.model import Map
from journeymap.render.drawing import render_svg
from journeymap.render.printable import blank_planner
from journeymap.render.registry import RenderContext
from journeymap.render.report_html import ReportData, render_report

from support import EXAMPLES


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")  # 2026-12-02


def _map(state: str = "as-is", **extra: Any) -> Map:
    steps = [
        {"id": "a", "name": "Apply", "emotion": {"mean": 6.0, "n": 212, "ci95": [5.5, 6.5], "dataset": "survey-q3",
                                                "measured_on": "2026-10-01"}},
        {"id": "b", "name": "Wait", "emotion": 4},
        {"id": "c", "name": "Pay"},
        {"id": "d", "name": "Move in", "emotion": {"mean": 7.0, "n": 18, "n_effective": 12.4, "ci95": [6.0, 8.0],
                                                  "dataset": "diary", "measured_on": "2026-03-15"}},
    ]  # fmt: skip
    data = {"id": "m", "title": "M", "state": state, "stages": [{"id": "s", "name": "S", "steps": steps}], **extra}
    return Map.model_validate(data)


def _badges(svg: str) -> list[tuple[str, str]]:
    """(kind, words) of each step badge, in map order."""
    found = re.findall(r'<g class="jm-evidence jm-evidence-(\w+)">.*?<tspan[^>]*>([^<]*)</tspan>', svg)
    return [(kind, words) for kind, words in found]


def test_a_badge_under_each_step_with_its_words() -> None:
    svg = render_svg(_map(), RenderContext())
    assert _badges(svg) == [
        ("current", "n=212 · 62 days"),
        ("estimated", "team estimate"),
        ("none", "no evidence"),
        ("stale", "n=18 (eff. 12) weak · 262 days · stale"),
    ]
    assert "measured from diary on 2026-03-15, n = 18, strength weak; stale (older than 180 days)" in svg


def test_the_legend_and_the_header_say_what_the_badges_mean() -> None:
    svg = render_svg(_map(), RenderContext())
    for text in (
        "evidence measured ≤ 180 days ago (n · age; weak: n &lt; 30)",
        "evidence stale: measured &gt; 180 days ago or undated",
        "team estimate, no evidence",
        "no evidence",
        "Evidence: 2 of 4 steps measured (50 %) · 1 stale value (older than 180 days): step “Move in”",
    ):
        assert text in svg, text


def test_the_workspace_setting_changes_what_is_stale() -> None:
    svg = render_svg(_map(), RenderContext(stale_after_days=365))
    assert [kind for kind, _ in _badges(svg)] == ["current", "estimated", "none", "current"]
    assert "· none stale" in svg and "365 days" in svg


def test_no_badges_without_scores_on_a_blank_planner_or_a_to_be_map_of_estimates() -> None:
    bare = Map.model_validate({"id": "m", "title": "M", "stages": [{"id": "s", "name": "S", "steps": [
        {"id": "a", "name": "A"}]}]})  # fmt: skip
    assert "jm-evidence" not in render_svg(bare, RenderContext())
    assert "jm-evidence" not in render_svg(blank_planner(_map()), RenderContext())
    to_be = _map("to-be")
    estimates_only = to_be.model_copy(
        update={"stages": [s.model_copy(update={"steps": s.steps[1:3]}) for s in to_be.stages]}
    )
    assert "jm-evidence" not in render_svg(estimates_only, RenderContext())
    assert "jm-evidence" in render_svg(to_be, RenderContext())  # it has measured steps: shown


def test_the_home_loan_example_shows_coverage_and_staleness() -> None:
    read = read_workspace(EXAMPLES / "home-loan")
    journey_map = read.workspace.map("home-loan-as-is")
    assert journey_map is not None
    svg = render_svg(journey_map, context_for(read.workspace))
    kinds = [kind for kind, _ in _badges(svg)]
    assert (kinds.count("current"), kinds.count("stale"), kinds.count("estimated")) == (6, 1, 9)
    assert "Evidence: 7 of 16 steps measured (44 %) · 2 stale values (older than 180 days)" in svg
    assert ("stale", "n=58 · 261 days · stale") in _badges(svg)


def test_the_report_has_a_freshness_section(tmp_path: Path) -> None:
    data = ReportData(_map(touchpoints=[{"id": "t", "step": "a", "name": "Portal", "satisfaction": 5.0}]),
                      RenderContext(), "m.yaml", generated_on=dt.date(2026, 12, 2))  # fmt: skip
    html = render_report(data)
    assert '<section id="freshness"><h2>Evidence strength and freshness</h2>' in html
    assert '<a href="#freshness">Evidence strength and freshness</a>' in html
    section = html.split('<section id="freshness">', 1)[1].split("</section>", 1)[0]
    assert "Evidence: 2 of 4 steps measured (50 %) · 1 stale value (older than 180 days)" in section
    assert "<h3>Steps (emotional level)</h3>" in section and "<h3>Touchpoints (satisfaction)</h3>" in section
    assert '<span class="ev-stale">stale</span>' in section and "262 days" in section and "weak" in section
    assert section.count('role="img"') == 1  # the strip of steps


def test_no_freshness_section_for_a_map_without_scores() -> None:
    bare = Map.model_validate({"id": "m", "title": "M"})
    html = render_report(ReportData(bare, RenderContext(), "m.yaml", generated_on=dt.date(2026, 12, 2)))
    assert 'id="freshness"' not in html


def test_visio_writes_the_badge_as_text() -> None:
    import io
    import zipfile

    from journeymap.render.registry import render

    data = render(_map(), "vsdx", RenderContext())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        page = archive.read("visio/pages/page1.xml").decode("utf-8")
    assert "● n=212 · 62 days" in page and "○ team estimate" in page and "262 days · stale" in page
