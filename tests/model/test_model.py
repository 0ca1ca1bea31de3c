from __future__ import annotations

import pytest
from pydantic import ValidationError

from journeymap.analysis.value_moments import map_vmpi, vmpi, vmpi_band
from journeymap.model import (
    DEFAULT_VMPI_BANDS,
    EstimatedEmotion,
    Map,
    MeasuredEmotion,
    ValueMoment,
    check_map_references,
)


def small_map(**extra: object) -> Map:
    data = {
        "title": "Loan",
        "stages": [{"name": "Research", "steps": ["Compare rates", {"name": "Call adviser", "emotion": 4}]}],
        "lanes": [{"kind": "actions", "cards": [{"step": "compare-rates", "text": "Compare rates"}]}],
    }
    data.update(extra)
    return Map.model_validate(data)


def test_ids_are_filled_from_names_and_positions() -> None:
    m = small_map()
    assert m.id == "loan"
    assert [s.id for s in m.steps] == ["compare-rates", "call-adviser"]
    assert m.lanes[0].id == "actions"
    assert m.lanes[0].cards[0].id == "actions-1"


def test_filled_ids_never_clash_with_written_ones() -> None:
    m = Map.model_validate(
        {"title": "T", "stages": [{"id": "a", "name": "A", "steps": [{"name": "A"}, {"name": "A"}]}]}
    )
    ids = [m.stages[0].id, *(s.id for s in m.steps)]
    assert ids == ["a", "a-2", "a-3"]
    assert check_map_references(m) == []


def test_emotion_shorthand_and_kinds() -> None:
    m = small_map()
    emotion = m.steps[1].emotion
    assert isinstance(emotion, EstimatedEmotion) and emotion.value == 4
    measured = (
        Map.model_validate(
            {
                "title": "T",
                "stages": [
                    {
                        "name": "S",
                        "steps": [{"name": "x", "emotion": {"mean": 6, "n": 10, "ci95": [5, 7], "dataset": "s"}}],
                    }
                ],
            }
        )
        .steps[0]
        .emotion
    )
    assert isinstance(measured, MeasuredEmotion) and measured.is_measured


@pytest.mark.parametrize(
    "emotion",
    [
        11,
        0,
        {"mean": 6, "n": 10, "ci95": [6.5, 7], "dataset": "s"},
        {"mean": 6, "n": 0, "ci95": [5, 7], "dataset": "s"},
    ],
)
def test_bad_emotion_is_rejected(emotion: object) -> None:
    with pytest.raises(ValidationError):
        Map.model_validate({"title": "T", "stages": [{"name": "S", "steps": [{"name": "x", "emotion": emotion}]}]})


def test_unknown_key_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        Map.model_validate({"title": "T", "titel": "x"})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_references_are_problems_not_crashes() -> None:
    m = small_map(
        touchpoints=[{"step": "nowhere", "name": "Website"}],
        value_flows=[{"source": "a", "target": "b", "label": "money"}],
        comments=[{"target": "missing", "author": "Ann", "text": "?"}],
        persona="ghost",
    )
    problems = check_map_references(m)
    messages = sorted(p.message for p in problems)
    assert messages == [
        "unknown actor 'a'",
        "unknown actor 'b'",
        "unknown element 'missing'",
        "unknown persona 'ghost'",
        "unknown step 'nowhere'",
    ]
    step_problem = next(p for p in problems if "nowhere" in p.message)
    assert step_problem.loc == ("touchpoints", 0, "step")
    assert 'touchpoint "Website"' in step_problem.where


def test_duplicate_ids_are_reported() -> None:
    m = Map.model_validate({"title": "T", "stages": [{"id": "x", "name": "S", "steps": [{"id": "x", "name": "y"}]}]})
    [problem] = check_map_references(m)
    assert problem.code == "JM201"


def test_vmpi_formulas() -> None:
    a = ValueMoment(id="a", step="s", name="a", vmce=8, vme=6, weight=3)
    b = ValueMoment(id="b", step="s", name="b", vmce=5, vme=6, weight=1)
    assert vmpi(a) == pytest.approx(75.0)
    assert vmpi(b) == pytest.approx(120.0)
    assert map_vmpi([a, b]) == pytest.approx((3 * 6 + 1 * 6) / (3 * 8 + 1 * 5) * 100)
    assert map_vmpi([]) is None
    assert vmpi_band(75.0).label == DEFAULT_VMPI_BANDS[0].label
    assert vmpi_band(80.0).label == DEFAULT_VMPI_BANDS[1].label
    assert vmpi_band(100.0).label == DEFAULT_VMPI_BANDS[2].label


def test_elements_walks_everything() -> None:
    m = small_map(touchpoints=[{"step": "compare-rates", "name": "Website"}])
    ids = [e.id for e in m.elements()]
    assert ids[0] == "loan"
    assert {"research", "compare-rates", "call-adviser", "actions", "actions-1", "tp-1"} <= set(ids)
