"""Importance–performance analysis: crossing point, quadrants, explicit survey scores."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analysis.ipa import Quadrant, crossing_value, importance_performance, quadrant
from journeymap.files.loader import load_map
from journeymap.model import Map

from support import EXAMPLES


def ipa_map(points: list[tuple[float | None, float | None]], evidence_n: int | None = None) -> Map:
    touchpoints: list[dict[str, Any]] = []
    for k, (imp, sat) in enumerate(points):
        tp: dict[str, Any] = {"id": f"tp{k}", "step": "s", "name": f"Touchpoint {k}"}
        if imp is not None:
            tp["importance"] = imp
        if sat is not None:
            tp["satisfaction"] = sat
        if evidence_n is not None:
            tp["evidence"] = [{"dataset": "survey", "n": evidence_n}, {"dataset": "other", "n": 3}]
        touchpoints.append(tp)
    return Map.model_validate(
        {"title": "IPA", "stages": [{"name": "S", "steps": [{"id": "s", "name": "Step"}]}], "touchpoints": touchpoints}
    )


def test_means_split_four_quadrants_by_hand() -> None:
    # importance mean (9 + 8 + 4 + 5) / 4 = 6.5; satisfaction mean (3 + 8 + 2 + 9) / 4 = 5.5
    result = importance_performance(ipa_map([(9, 3), (8, 8), (4, 2), (5, 9)]))
    assert result.importance_cross == pytest.approx(6.5)
    assert result.satisfaction_cross == pytest.approx(5.5)
    assert [p.quadrant for p in result.points] == [
        Quadrant.CONCENTRATE_HERE,
        Quadrant.KEEP_UP_THE_GOOD_WORK,
        Quadrant.LOW_PRIORITY,
        Quadrant.POSSIBLE_OVERKILL,
    ]
    assert result.crossing == "means of the 4 touchpoints"
    assert [p.touchpoint_id for p in result.in_quadrant(Quadrant.CONCENTRATE_HERE)] == ["tp0"]


def test_midpoint_and_explicit_crossing() -> None:
    m = ipa_map([(9, 3), (8, 8), (7, 7)])
    midpoint = importance_performance(m, crossing="midpoint")
    assert (midpoint.importance_cross, midpoint.satisfaction_cross) == (5.5, 5.5)
    assert [p.quadrant for p in midpoint.points] == [Quadrant.CONCENTRATE_HERE] + [Quadrant.KEEP_UP_THE_GOOD_WORK] * 2
    given_values = importance_performance(m, importance_cross=8.5, satisfaction_cross=7.5)
    assert given_values.crossing == "values given"
    assert [p.quadrant for p in given_values.points] == [
        Quadrant.CONCENTRATE_HERE,
        Quadrant.POSSIBLE_OVERKILL,
        Quadrant.LOW_PRIORITY,
    ]
    one = importance_performance(m, importance_cross=8.5)
    assert one.importance_cross == 8.5 and one.satisfaction_cross == pytest.approx(6.0)
    assert "importance given" in one.crossing
    with pytest.raises(ValueError, match="unknown crossing rule"):
        crossing_value([1.0], "median")  # type: ignore[arg-type]


def test_a_point_on_a_line_counts_as_high() -> None:
    assert quadrant(5, 5, 5, 5) is Quadrant.KEEP_UP_THE_GOOD_WORK
    assert quadrant(5, 4.99, 5, 5) is Quadrant.CONCENTRATE_HERE
    assert quadrant(4.99, 5, 5, 5) is Quadrant.POSSIBLE_OVERKILL


def test_explicit_scores_win_and_unknown_ids_are_reported() -> None:
    m = ipa_map([(9, 3), (None, None), (4, 8)], evidence_n=40)
    result = importance_performance(m, {"tp1": (7.0, 6.0, 120), "tp0": (2.0, 2.0, None), "nope": (5.0, 5.0, 1)})
    by_id = {p.touchpoint_id: p for p in result.points}
    assert by_id["tp0"].importance == 2.0 and by_id["tp0"].source == "survey" and by_id["tp0"].n is None
    assert by_id["tp1"].n == 120
    assert by_id["tp2"].source == "map" and by_id["tp2"].n == 40  # the largest sample of its evidence
    assert result.unmatched == ("nope",)
    assert result.unscored == ()


def test_unscored_touchpoints_and_an_empty_chart() -> None:
    result = importance_performance(ipa_map([(9, None), (None, 3)]))
    assert result.points == () and result.unscored == ("tp0", "tp1")
    assert result.importance_cross == 5.5 and "no scored touchpoint" in result.crossing
    data = result.to_dict()
    assert data["points"] == [] and set(data["quadrants"]) == {q.value for q in Quadrant}


def test_home_loan_example() -> None:
    result = importance_performance(load_map(EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"))
    concentrate = [p.touchpoint_id for p in result.in_quadrant(Quadrant.CONCENTRATE_HERE)]
    assert concentrate == ["tp-tracker", "tp-upload"]
    assert len(result.points) == 8 and len(result.unscored) == 14
    # mean importance of the eight rated touchpoints, by hand
    assert result.importance_cross == pytest.approx((7.1 + 8.0 + 7.5 + 8.6 + 8.2 + 9.3 + 7.9 + 9.0) / 8)


scores = st.floats(min_value=1, max_value=10, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=12), st.sampled_from(["mean", "midpoint"]))
def test_quadrants_follow_the_rule(points: list[tuple[float, float]], rule: str) -> None:
    result = importance_performance(ipa_map(list(points)), crossing=rule)  # type: ignore[arg-type]
    if rule == "mean":
        assert result.importance_cross == pytest.approx(sum(i for i, _ in points) / len(points))
        assert result.satisfaction_cross == pytest.approx(sum(s for _, s in points) / len(points))
    else:
        assert result.importance_cross == result.satisfaction_cross == 5.5
    for p in result.points:
        high_i = p.importance >= result.importance_cross
        high_s = p.satisfaction >= result.satisfaction_cross
        expected = {
            (True, False): Quadrant.CONCENTRATE_HERE,
            (True, True): Quadrant.KEEP_UP_THE_GOOD_WORK,
            (False, False): Quadrant.LOW_PRIORITY,
            (False, True): Quadrant.POSSIBLE_OVERKILL,
        }[(high_i, high_s)]
        assert p.quadrant is expected
    assert sum(len(result.in_quadrant(q)) for q in Quadrant) == len(points)
