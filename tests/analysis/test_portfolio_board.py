"""The opportunity board: value, quadrants, sorting, filtering by status, steps of several maps, and the cross-map
step references checked like other references (a missing map or step is a located JM202)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journeymap.analysis.opportunity_board import MIDPOINT, build_board, opportunity_value, quadrant
from journeymap.errors import JourneymapError, MapFileError
from journeymap.files.loader import read_workspace
from journeymap.model import Opportunity, Workspace


def _opp(opp_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": opp_id, "text": f"Reduce {opp_id}", **extra}


def _workspace(*opportunities: dict[str, Any], name: str = "W") -> Workspace:
    maps = [
        {
            "id": "a",
            "title": "A",
            "stages": [{"name": "S", "steps": ["Search", "Pay"]}],
            "opportunities": list(opportunities),
        },
        {"id": "b", "title": "B", "stages": [{"name": "S", "steps": ["Call"]}]},
    ]
    return Workspace.model_validate({"name": name, "maps": maps})


@pytest.mark.parametrize(
    ("value", "effort", "expected"),
    [
        (9, 2, "quick-win"),
        (9, 9, "big-bet"),
        (2, 2, "fill-in"),
        (2, 9, "money-pit"),
        (MIDPOINT, MIDPOINT, "big-bet"),
        (5.4, 5.4, "fill-in"),
        (None, 3, None),
        (7, None, None),
    ],
)
def test_quadrants(value: float | None, effort: float | None, expected: str | None) -> None:
    assert quadrant(value, effort) == expected


def test_value_is_impact_else_the_score_capped() -> None:
    assert opportunity_value(Opportunity(id="o", text="Reduce x", impact=3, score=9)) == 3
    assert opportunity_value(Opportunity(id="o", text="Reduce x", score=14)) == 10
    assert opportunity_value(Opportunity(id="o", text="Reduce x")) is None


def test_sorting_and_filtering() -> None:
    w = _workspace(
        _opp("o1", score=5, effort=8, impact=2, status="testing"),
        _opp("o2", score=9, effort=2, status="idea"),
        _opp("o3", effort=5, impact=9, status="delivered"),
        _opp("o4", status="idea"),
    )
    ids = lambda **kw: [c.id for c in build_board([w], **kw).cards]  # noqa: E731
    assert ids(sort="score") == ["o2", "o1", "o3", "o4"]  # none last, in file order
    assert ids(sort="effort") == ["o2", "o3", "o1", "o4"]  # lowest first
    assert ids(sort="impact") == ["o3", "o1", "o2", "o4"]
    assert ids(sort="value") == ["o2", "o3", "o1", "o4"]  # o2: score 9; o3: impact 9 (tie keeps order); o1: 2
    assert ids(statuses=["idea"]) == ["o2", "o4"]
    assert ids(statuses=["testing", "delivered"], sort="impact") == ["o3", "o1"]
    board = build_board([w])
    assert {k: [c.id for c in v] for k, v in board.by_quadrant().items()} == {
        "quick-win": ["o2", "o3"], "big-bet": [], "fill-in": [], "money-pit": ["o1"],
    }  # fmt: skip
    assert [c.id for c in board.unplaced] == ["o4"]
    assert [len(v) for v in board.by_status().values()] == [2, 1, 0, 0, 1]


def test_unknown_sort_or_status_is_a_clear_error() -> None:
    with pytest.raises(JourneymapError, match="unknown sort"):
        build_board([_workspace()], sort="colour")
    with pytest.raises(JourneymapError, match="unknown status 'done'"):
        build_board([_workspace()], statuses=["done"])


def test_an_opportunity_names_steps_of_several_maps() -> None:
    w = _workspace(_opp("o1", steps=["search", "b:call", "a:pay"]))
    [card] = build_board([w]).cards
    assert [(s.map_id, s.step_id, s.step) for s in card.steps] == [
        ("a", "search", "Search"),
        ("b", "call", "Call"),
        ("a", "pay", "Pay"),
    ]
    assert card.maps == ("a", "b")
    assert card.to_dict()["maps"] == ["a", "b"]


def _write(root: Path, steps: str) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.yaml").write_text("journeymap: 1\nname: W\n", encoding="utf-8")
    (root / "maps" / "a.yaml").write_text(
        "id: a\ntitle: A\nstages:\n  - name: S\n    steps: [Search]\nopportunities:\n"
        f"  - text: Reduce waiting\n    steps: {steps}\n",
        encoding="utf-8",
    )
    (root / "maps" / "b.yaml").write_text("id: b\ntitle: B\nstages:\n  - name: S\n    steps: [Pay]\n", encoding="utf-8")
    return root


def test_cross_map_references_are_checked(tmp_path: Path) -> None:
    assert read_workspace(_write(tmp_path / "ok", '[search, "b:pay", "a:search"]')).workspace.map("a") is not None
    for steps, message in (
        ('[search, "b:nope"]', "unknown step 'nope' in map 'b'"),
        ('["zzz:pay"]', "unknown map 'zzz'"),
        ('["a:nah"]', "unknown step 'nah'"),
    ):
        with pytest.raises(MapFileError) as caught:
            read_workspace(_write(tmp_path / steps.strip('[]"').replace(":", "_").replace(", ", "_"), steps))
        [problem] = caught.value.problems
        assert problem.code == "JM202" and message in problem.message
        assert problem.position[1] == 8  # the line of the steps in a.yaml
        assert problem.path.startswith('opportunity "Reduce waiting" › step')


def test_a_malformed_cross_map_reference_is_refused() -> None:
    with pytest.raises(ValueError):
        Opportunity(id="o", text="Reduce x", steps=["a:b:c"])
