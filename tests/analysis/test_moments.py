"""Moments of truth: gap, priority, ranking and suggestions, against hand-computed values."""

from __future__ import annotations

from typing import Any

import pytest

from journeymap.analysis.moments import (
    MomentRule,
    gap,
    priority,
    rank_moments,
    suggest_moments,
    suggestion_strength,
)
from journeymap.files.loader import load_map
from journeymap.model import Map

from support import EXAMPLES


def test_formulas_by_hand() -> None:
    assert gap(8.5, 3.2) == pytest.approx(5.3)
    assert priority(9.5, 5.3) == pytest.approx(50.35)
    assert gap(5, 7) == -2  # an experience above expectation is a negative gap
    assert suggestion_strength(8.2, 3.9) == pytest.approx(8.2 * 6.1)


def moments_map(moments: list[dict[str, Any]], **extra: Any) -> Map:
    steps = [{"id": f"s{k}", "name": f"Step {k}"} for k in range(4)]
    return Map.model_validate(
        {"title": "M", "stages": [{"name": "S", "steps": steps}], "moments_of_truth": moments, **extra}
    )


def test_ranking_priority_then_importance_then_order_unscored_last() -> None:
    m = moments_map(
        [
            {"id": "low", "step": "s0", "title": "Low", "importance": 5, "expectation": 6, "experience": 5},  # 5
            {"id": "unscored", "step": "s1", "title": "Unscored", "importance": 10},
            {"id": "tie-a", "step": "s2", "title": "Tie A", "importance": 4, "expectation": 8, "experience": 3},  # 20
            {"id": "tie-b", "step": "s3", "title": "Tie B", "importance": 10, "expectation": 8, "experience": 6},  # 20
            {"id": "neg", "step": "s0", "title": "Negative", "importance": 9, "expectation": 5, "experience": 7},
        ]
    )
    ranked = rank_moments(m)
    assert [s.moment_id for s in ranked] == ["tie-b", "tie-a", "low", "neg", "unscored"]
    assert [s.rank for s in ranked] == [1, 2, 3, 4, 5]
    assert ranked[0].priority == 20 and ranked[0].gap == 2
    assert ranked[3].priority == -18
    assert ranked[4].gap is None and ranked[4].priority is None and ranked[4].basis == "no evidence linked"


def test_home_loan_ranking() -> None:
    ranked = rank_moments(load_map(EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"))
    assert [s.moment_id for s in ranked] == ["mot-wait", "mot-docs", "mot-funds"]
    assert [s.priority for s in ranked] == pytest.approx([9.5 * 5.3, 8 * 3.9, 10 * 2.5])
    assert ranked[0].basis == "evidence (n = 205)" and ranked[2].basis == "team estimate"


def test_suggestions_from_the_home_loan_map() -> None:
    suggestions = suggest_moments(load_map(EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"))
    assert [(s.kind, s.element_id) for s in suggestions] == [("step", "s-query"), ("touchpoint", "tp-helpline")]
    step, helpline = suggestions
    assert step.importance == 8.2 and step.level == 3.9 and step.measured
    assert step.strength == pytest.approx(8.2 * (10 - 3.9))
    assert "3.9 ≤ 4, measured, n = 87" in step.reason and "8.2" in step.reason
    assert "7.9 ≥ 7" in helpline.reason and "satisfaction 4.1 ≤ 5" in helpline.reason


def test_what_a_moment_covers() -> None:
    touchpoints = [
        {"id": "named", "step": "s0", "name": "Named", "importance": 9, "satisfaction": 2},
        {"id": "at-whole-step", "step": "s1", "name": "At whole step", "importance": 9, "satisfaction": 2},
        {"id": "beside", "step": "s2", "name": "Beside", "importance": 9, "satisfaction": 2},
        {"id": "named-2", "step": "s2", "name": "Named 2", "importance": 9, "satisfaction": 2},
        {"id": "fine", "step": "s3", "name": "Fine", "importance": 9, "satisfaction": 6},
        {"id": "minor", "step": "s3", "name": "Minor", "importance": 6, "satisfaction": 1},
    ]
    m = moments_map(
        [
            {"id": "m0", "step": "s0", "touchpoint": "named", "title": "A", "importance": 5},
            {"id": "m1", "step": "s1", "title": "B", "importance": 5},
            {"id": "m2", "step": "s2", "touchpoint": "named-2", "title": "C", "importance": 5},
        ],
        touchpoints=touchpoints,
    )
    assert [s.element_id for s in suggest_moments(m)] == ["beside"]
    looser = MomentRule(min_importance=5, max_satisfaction=6)
    assert [s.element_id for s in suggest_moments(m, looser)] == ["beside", "minor", "fine"]


def test_step_suggestions_with_unknown_importance() -> None:
    m = Map.model_validate(
        {
            "title": "M",
            "stages": [{"name": "S", "steps": [{"id": "a", "name": "A", "emotion": 2}, {"id": "b", "name": "B"}]}],
        }
    )
    [suggestion] = suggest_moments(m)
    assert suggestion.importance is None and not suggestion.measured
    assert suggestion.strength == pytest.approx(5 * 8)
    assert "importance unknown (taken as 5)" in suggestion.reason and "estimated" in suggestion.reason
