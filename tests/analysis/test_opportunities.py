"""Framing opportunities: the four sources, the "How might we …?" templates, the score and the ranking."""

from __future__ import annotations

from typing import Any

import pytest

from journeymap.analysis.opportunities import (
    NO_HYPOTHESIS,
    FramingRule,
    frame_opportunities,
    how_might_we,
    mentioned_duration_days,
    opportunity_score,
    rank_opportunities,
    step_importance,
)
from journeymap.files.loader import load_map
from journeymap.model import Map, OpportunitySource

from support import EXAMPLES


@pytest.mark.parametrize(
    ("template", "text", "question"),
    [
        ("pain", "Waiting for the valuer", "How might we reduce waiting for the valuer?"),
        ("pain", "waiting for the valuer.", "How might we reduce waiting for the valuer?"),
        ("pain", "Slow upload", "How might we reduce “Slow upload”?"),
        ("pain", "Nothing happens for days", "How might we reduce “Nothing happens for days”?"),
        ("weakness", "Re-entering HEIC photos", "How might we reduce re-entering HEIC photos?"),
        ("weakness", "No status between steps", "How might we overcome “No status between steps”?"),
        (
            "challenge",
            "Kiosk cannot find the booking",
            "How might we recover when “Kiosk cannot find the booking” happens?",
        ),
        ("uncovered", "Collect keys", "How might we support the customer at “Collect keys”?"),
        ("moment", "Mortgage helpline", "How might we meet expectations at “Mortgage helpline”?"),
        ("effort", "Upload documents", "How might we make “Upload documents” take less time and effort?"),
        ("competitor", "Rival app shows the belt!", "How might we learn from “Rival app shows the belt”?"),
    ],
)
def test_how_might_we_templates(template: Any, text: str, question: str) -> None:
    assert how_might_we(template, text) == question


def test_acronyms_keep_their_case() -> None:
    assert how_might_we("pain", "HEIC photos rejected") == "How might we reduce “HEIC photos rejected”?"
    assert how_might_we("pain", "Uploading HEIC photos") == "How might we reduce uploading HEIC photos?"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Median nine working days from submission to decision", 9),
        ("waited 3 weeks and 2 days", 21),
        ("Forty minutes in the waiting room", 40 / 1440),
        ("a two-week wait", 14),
        ("about 1.5 months", 45),
        ("Three months of payslips", None),
        ("no duration here", None),
    ],
)
def test_durations(text: str, days: float | None) -> None:
    found = mentioned_duration_days(text)
    if days is None:
        assert found is None
    else:
        assert found is not None and found[0] == pytest.approx(days)


def small_map(**extra: Any) -> Map:
    data: dict[str, Any] = {
        "title": "Small",
        "stages": [
            {
                "name": "S",
                "steps": [
                    {"id": "a", "name": "Fill in the form", "emotion": 3, "description": "Takes 3 days"},
                    {"id": "b", "name": "Wait", "emotion": {"mean": 6, "n": 50, "ci95": [5.5, 6.5], "dataset": "d"}},
                    {"id": "c", "name": "Celebrate"},
                ],
            }
        ],
        "touchpoints": [
            {"id": "tp-a", "step": "a", "name": "Form", "importance": 8, "satisfaction": 3},
            {"id": "tp-b", "step": "b", "name": "Letter", "importance": 6, "satisfaction": 7},
        ],
        "moments_of_truth": [{"id": "mot-b", "step": "b", "title": "The letter", "importance": 9}],
        "lanes": [
            {"id": "pains", "kind": "pain-points", "cards": [
                {"id": "p1", "step": "a", "text": "Typing the same address twice", "weight": 4},
                {"id": "p2", "step": "a", "text": "Losing the form"},
                {"id": "p3", "step": "c", "text": "Nobody says well done"},
            ]},
            {"id": "org", "kind": "organisation-activities", "cards": [{"id": "o1", "step": "a", "text": "Check"}]},
            {"id": "rivals", "kind": "custom", "title": "Competitors' practices", "cards": [
                {"id": "r1", "step": "b", "text": "Rival sends a text the same day"},
            ]},
            {"id": "notes", "kind": "thoughts", "cards": [
                {"id": "t1", "step": "c", "text": "Others do this in an app", "tags": ["Competitor"]},
            ]},
        ],
        "service_challenges": [
            {"id": "sc1", "step": "b", "text": "Letter lost in the post", "likelihood": 3},
            {"id": "sc2", "step": "b", "text": "Printer broken", "contingencies": [{"id": "c1", "text": "Email it"}]},
        ],
        **extra,
    }  # fmt: skip
    return Map.model_validate(data)


def test_every_source_with_hand_computed_scores() -> None:
    m = small_map()
    framed = {o.id: o for o in frame_opportunities(m)}
    assert step_importance(m, "a") == 8 and step_importance(m, "b") == 9 and step_importance(m, "c") is None
    # pain point with weight 4 at a: importance 8 × shortfall 2·4 / 10
    assert framed["hmw-p1"].score == pytest.approx(6.4)
    assert framed["hmw-p1"].how_might_we == "How might we reduce typing the same address twice?"
    assert framed["hmw-p1"].text == "Reduce typing the same address twice"
    # unweighted pain at a: importance 8 × (10 − emotion 3) / 10
    assert framed["hmw-p2"].score == pytest.approx(5.6)
    # at c: no importance (default 5), no emotion (default shortfall 5)
    assert framed["hmw-p3"].score == pytest.approx(2.5)
    assert "default" in framed["hmw-p3"].score_basis
    # service challenge without contingency at b: importance 9 (the moment) × 2·likelihood 3 / 10
    assert framed["hmw-sc1"].score == pytest.approx(5.4)
    assert "hmw-sc2" not in framed
    assert framed["hmw-sc1"].source is OpportunitySource.WEAKNESS
    # uncovered: c has no touchpoint and no organisation activity; b has no organisation activity
    assert "no touchpoint and no organisation activity" in framed["hmw-uncovered-c"].reason
    assert framed["hmw-uncovered-b"].score == pytest.approx(9 * 4 / 10)
    assert "hmw-uncovered-a" not in framed
    # overlooked moment: the form (8, satisfaction 3) and step a (emotion 3)
    assert framed["hmw-moment-tp-a"].score == pytest.approx(8 * 7 / 10)
    assert framed["hmw-moment-a"].source is OpportunitySource.UNCOVERED_AREA
    # customer effort at a: emotion 3 ≤ 4, two pain points, "3 days" ≥ 2 days
    effort = framed["hmw-effort-a"]
    assert effort.source is OpportunitySource.CUSTOMER_EFFORT and effort.score == pytest.approx(5.6)
    assert "emotional level 3 (estimated) ≤ 4" in effort.reason
    assert "2 pain points" in effort.reason and "“3 days”" in effort.reason
    assert "hmw-effort-b" not in framed
    # competitors: a card of a competitors lane, and a card tagged competitor (any case) in another lane
    assert framed["hmw-r1"].source is OpportunitySource.COMPETITOR
    assert framed["hmw-r1"].how_might_we == "How might we learn from “Rival sends a text the same day”?"
    assert "tagged" in framed["hmw-t1"].reason
    assert opportunity_score(8, 7) == pytest.approx(5.6)


def test_rule_changes_thresholds() -> None:
    rule = FramingRule(low_emotion=2, many_pain_points=5, long_duration_days=10, competitor_tag="rival")
    ids = {o.id for o in frame_opportunities(small_map(), rule)}
    assert "hmw-effort-a" not in ids and "hmw-t1" not in ids and "hmw-r1" not in ids
    assert "hmw-p1" in ids and "hmw-moment-a" in ids


def test_merge_rank_and_flags() -> None:
    opportunities = [
        {"id": "mine", "text": "Reduce forms", "score": 6.4, "steps": ["a"]},
        {
            "id": "tested",
            "text": "Increase texts",
            "how_might_we": "How might we text?",
            "score": 9,
            "hypotheses": [{"id": "h", "statement": "We believe", "metric": "calls", "baseline": 3, "target": 1}],
        },
        {"id": "vague", "text": "Improve things", "hypotheses": [{"id": "h2", "statement": "x", "metric": "y"}]},
    ]
    report = rank_opportunities(small_map(opportunities=opportunities))
    ids = [o.id for o in report.items]
    assert ids[0] == "tested"
    assert ids.index("mine") < ids.index("hmw-p1")  # equal scores: the map's own first
    assert ids[-1] == "vague"  # no score: last
    by_id = {o.id: o for o in report.items}
    assert by_id["tested"].flags == () and by_id["tested"].score_basis == "the map's own score"
    assert NO_HYPOTHESIS in by_id["mine"].flags and "add a “How might we …?” question" in by_id["mine"].flags
    assert any("h2 has no target" in f for f in by_id["vague"].flags) and "add a score" in by_id["vague"].flags
    assert by_id["hmw-p1"].addressed_by == ("mine",)
    assert [o.rank for o in report.items] == list(range(1, len(ids) + 1))
    assert {o.id for o in report.flagged} == {"mine", "vague"}
    assert report.to_dict()["opportunities"][0]["id"] == "tested"
    model = by_id["hmw-p1"].as_model()
    assert model.source is OpportunitySource.WEAKNESS and model.score == 6.4 and model.steps == ["a"]


def test_home_loan_example() -> None:
    report = rank_opportunities(load_map(EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"))
    top = report.items[0]
    assert top.how_might_we == "How might we reduce waiting nine working days without any update?"
    assert top.score == pytest.approx(9.5) and top.addressed_by == ("opp-tracker",)
    sources = {o.source for o in report.items if o.origin == "framed"}
    assert sources == set(OpportunitySource) - {OpportunitySource.OTHER}
    competitor = next(o for o in report.items if o.origin == "framed" and o.source is OpportunitySource.COMPETITOR)
    assert "Broker-only lenders" in competitor.how_might_we
    own = [o for o in report.items if o.origin == "map"]
    assert [o.score for o in own] == [8.6, 7.9, 6.2, 5.4] and all(not o.flags for o in own)
    assert all(o.how_might_we.startswith("How might we ") and o.how_might_we.endswith("?") for o in report.items)
