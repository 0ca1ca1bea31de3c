"""Evidence strength and freshness: statuses, ages, staleness, strength, coverage, and the registered analysis."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from journeymap.analysis.freshness import current_date, evidence_freshness, freshness_table
from journeymap.analysis.registry import Subject, run_analysis
from journeymap.core.context import context_for
from journeymap.errors import JourneymapError
from journeymap.files.loader import read_workspace
from journeymap.model import Map, WorkspaceSettings

from support import EXAMPLES

TODAY = dt.date(2026, 12, 2)


def _measured(day: str | None, n: int = 120, **extra: Any) -> dict[str, Any]:
    emotion: dict[str, Any] = {"mean": 6.0, "n": n, "ci95": [5.5, 6.5], "dataset": "survey-q3", **extra}
    if day is not None:
        emotion["measured_on"] = day
    return emotion


def _map(**parts: Any) -> Map:
    steps = parts.pop(
        "steps",
        [
            {"id": "a", "name": "Apply", "emotion": _measured("2026-10-01", 212)},
            {"id": "b", "name": "Wait", "emotion": 4},
            {"id": "c", "name": "Pay"},
            {"id": "d", "name": "Move in", "emotion": _measured("2026-03-15", 58)},
        ],
    )
    data = {"id": "m", "title": "M", "stages": [{"id": "s", "name": "S", "steps": steps}], **parts}
    return Map.model_validate(data)


def test_steps_measured_estimated_and_none() -> None:
    result = evidence_freshness(_map(), today=TODAY)
    statuses = [(i.id, i.status, i.age_days, i.stale) for i in result.steps]
    assert statuses == [
        ("a", "measured", 62, False),
        ("b", "estimated", None, False),
        ("c", "none", None, False),
        ("d", "measured", 262, True),
    ]
    assert result.measured_steps == 2 and result.coverage == 0.5
    assert [i.id for i in result.stale] == ["d"]
    assert result.summary() == "Evidence: 2 of 4 steps measured (50 %) · 1 stale value (older than 180 days)"
    assert result.summary(named=True).endswith(": step “Move in”")


def test_the_boundary_and_the_workspace_setting() -> None:
    steps = [
        {"id": "x", "name": "X", "emotion": _measured("2026-06-05")},  # 180 days before 2026-12-02
        {"id": "y", "name": "Y", "emotion": _measured("2026-06-04")},  # 181 days
    ]
    result = evidence_freshness(_map(steps=steps), today=TODAY)
    assert [(i.age_days, i.stale) for i in result.steps] == [(180, False), (181, True)]
    longer = evidence_freshness(_map(steps=steps), WorkspaceSettings(stale_after_days=365), today=TODAY)
    assert not longer.stale and longer.stale_after_days == 365
    shorter = evidence_freshness(_map(steps=steps), WorkspaceSettings(stale_after_days=30), today=TODAY)
    assert len(shorter.stale) == 2


def test_an_undated_measurement_is_stale_with_its_age_unknown() -> None:
    result = evidence_freshness(_map(steps=[{"id": "x", "name": "X", "emotion": _measured(None)}]), today=TODAY)
    [item] = result.steps
    assert item.measured and item.stale and item.age_days is None and item.age_text == "date unknown"


@pytest.mark.parametrize(
    ("n", "n_effective", "strength"),
    [(29, None, "weak"), (30, None, "moderate"), (99, None, "moderate"), (100, None, "strong"), (400, 25.5, "weak")],
)
def test_strength_from_the_effective_n(n: int, n_effective: float | None, strength: str) -> None:
    emotion = _measured("2026-10-01", n, n_effective=n_effective)
    [item] = evidence_freshness(_map(steps=[{"id": "x", "name": "X", "emotion": emotion}]), today=TODAY).steps
    assert item.strength == strength and item.effective_n == (n_effective if n_effective is not None else n)


def test_touchpoints_measured_by_their_satisfaction_evidence() -> None:
    touchpoints = [
        {"id": "sat", "step": "a", "name": "Portal", "satisfaction": 6.1, "evidence": [
            {"dataset": "survey", "measure": "importance", "n": 500, "measured_on": "2025-01-01"},
            {"dataset": "survey", "measure": "satisfaction", "n": 80, "measured_on": "2026-11-01"},
        ]},
        {"id": "plain", "step": "a", "name": "Letter", "satisfaction": 5.0, "evidence": [
            {"dataset": "funnel", "n": 1840},
        ]},
        {"id": "imp-only", "step": "a", "name": "Call", "satisfaction": 7.0, "evidence": [
            {"dataset": "survey", "measure": "importance", "n": 200, "measured_on": "2026-11-01"},
        ]},
        {"id": "quote", "step": "a", "name": "Chat", "evidence": [{"dataset": "interviews", "quote": "Slow"}]},
        {"id": "again", "step": "a", "name": "Calculator", "satisfaction": 7.8, "evidence": [
            {"dataset": "panel", "measure": "satisfaction", "n": 24, "measured_on": "2026-04-08"},
            {"dataset": "survey", "measure": "satisfaction", "n": 212, "measured_on": "2026-11-30"},
        ]},
    ]  # fmt: skip
    result = evidence_freshness(_map(touchpoints=touchpoints), today=TODAY)
    got = {i.id: (i.status, i.n, i.age_days, i.stale) for i in result.of("touchpoint")}
    assert got == {
        "sat": ("measured", 80, 31, False),  # the importance reference does not count for satisfaction
        "plain": ("measured", 1840, None, True),  # no measure named, with n: counts; undated: stale
        "imp-only": ("estimated", None, None, False),
        "quote": ("none", None, None, False),
        "again": ("measured", 212, 2, False),  # measured again: the latest measurement counts
    }
    assert result.of("touchpoint")[1].loc == ("touchpoints", 1, "evidence", 0)


def test_moments_measured_estimated_or_none_and_the_weakest_link() -> None:
    moments = [
        {"id": "two", "step": "a", "title": "Two sources", "importance": 9, "evidence": [
            {"dataset": "funnel", "n": 1840, "measured_on": "2026-10-05"},
            {"dataset": "survey", "n": 45, "n_effective": 38.2, "measured_on": "2026-04-01"},
        ]},
        {"id": "guess", "step": "a", "title": "Guess", "importance": 9, "estimated": True, "evidence": [
            {"dataset": "survey", "n": 300, "measured_on": "2026-11-01"},
        ]},
        {"id": "quotes", "step": "a", "title": "Quotes", "importance": 9, "evidence": [{"dataset": "interviews"}]},
        {"id": "bare", "step": "a", "title": "Bare", "importance": 9},
    ]  # fmt: skip
    result = evidence_freshness(_map(moments_of_truth=moments), today=TODAY)
    two, guess, quotes, bare = result.of("moment")
    assert (two.status, two.n, two.n_effective, two.strength) == ("measured", 45, 38.2, "moderate")
    assert (two.measured_on, two.age_days, two.stale) == (dt.date(2026, 4, 1), 245, True)
    assert two.loc == ("moments_of_truth", 0, "evidence", 1) and two.dataset == "survey"
    assert [guess.status, quotes.status, bare.status] == ["estimated", "estimated", "none"]


def test_json_and_table() -> None:
    result = evidence_freshness(_map(), today=TODAY)
    data = json.loads(json.dumps(result.to_dict()))
    assert {k: data[k] for k in ("steps", "measured_steps", "coverage", "stale", "stale_after_days", "today")} == {
        "steps": 4, "measured_steps": 2, "coverage": 0.5, "stale": 1, "stale_after_days": 180, "today": "2026-12-02",
    }  # fmt: skip
    first = data["items"][0]
    assert first == {
        "kind": "step", "id": "a", "name": "Apply", "step": "a", "status": "measured", "n": 212, "n_effective": None,
        "strength": "strong", "dataset": "survey-q3", "source": "", "measured_on": "2026-10-01", "age_days": 62,
        "stale": False,
    }  # fmt: skip
    table = freshness_table(result)
    assert table.startswith("Evidence: 2 of 4 steps measured")
    assert "262 days" in table and "stale" in table and "Today 2026-12-02" in table


def test_today_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")
    assert current_date() == TODAY
    assert evidence_freshness(_map()).today == TODAY
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert current_date() == dt.date.today()


def test_a_map_without_steps() -> None:
    result = evidence_freshness(Map.model_validate({"id": "m", "title": "M"}), today=TODAY)
    assert result.coverage is None and not result.has_scores
    assert result.summary() == "Evidence: 0 of 0 steps measured · none stale"


def test_the_registered_analysis_on_the_home_loan_example() -> None:
    read = read_workspace(EXAMPLES / "home-loan")
    journey_map = read.workspace.map("home-loan-as-is")
    assert journey_map is not None
    subject = Subject(journey_map, context_for(read.workspace), read.workspace)
    result = run_analysis("freshness", subject, today="2026-12-02")
    assert set(result.formats) == {"table", "json", "html"}
    data = result.data
    assert (data["steps"], data["measured_steps"], data["stale"]) == (16, 7, 2)
    stale = {(i["kind"], i["name"]) for i in data["items"] if i["stale"]}
    assert stale == {("step", "Make first payment"), ("touchpoint", "Borrowing calculator")}
    html = result.output("html")
    assert "Evidence strength and freshness" in html and "Make first payment" in html and "<script" not in html
    assert result.output("table").startswith("Evidence: 7 of 16 steps measured (44 %) · 2 stale values")


def test_the_analysis_reads_the_setting_from_the_render_context_and_refuses_a_bad_date() -> None:
    from journeymap.render.registry import RenderContext

    subject = Subject(_map(), RenderContext(stale_after_days=400))
    assert run_analysis("freshness", subject, today="2026-12-02").data["stale"] == 0
    with pytest.raises(JourneymapError, match="not a date"):
        run_analysis("freshness", subject, today="yesterday")
