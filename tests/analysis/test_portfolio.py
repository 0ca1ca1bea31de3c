"""The portfolio: journeys with their health, the tree from parent links and sub-journeys, the heat map (stage means
computed here independently), and the persona index."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analysis.health import map_health
from journeymap.analysis.portfolio import (
    PortfolioWorkspace,
    build_portfolio,
    heat_row,
    journey_tree,
    persona_index,
)
from journeymap.model import Map, Workspace


def _map(map_id: str, **extra: Any) -> Map:
    data: dict[str, Any] = {
        "id": map_id,
        "title": f"Map {map_id}",
        "stages": [{"name": "S", "steps": [f"{map_id} step"]}],
    }
    return Map.model_validate({**data, **extra})


def _ids(node: Any) -> Any:
    return (node.id, [_ids(c) for c in node.children])


def test_tree_from_parent_links_and_sub_journeys() -> None:
    maps = [
        _map("root"),
        _map("child", parent="root"),
        _map("grandchild", parent="child"),
        _map("opened"),  # no parent: opened by a step of "other"
        _map("other", stages=[{"name": "S", "steps": [{"id": "go", "name": "Go deeper", "sub_journey": "opened"}]}]),
        _map("orphan", parent="nowhere"),
    ]
    tree = journey_tree(maps, {"root": 80.0}, "W")
    assert [_ids(r) for r in tree.roots] == [
        ("root", [("child", [("grandchild", [])])]),
        ("other", [("opened", [])]),
        ("orphan", []),
    ]
    assert tree.roots[0].health == 80.0 and tree.roots[0].children[0].health is None
    assert tree.roots[1].children[0].via_step == "Go deeper"
    assert tree.roots[0].children[0].via_step is None


def test_a_cycle_of_parents_is_cut_and_every_map_is_drawn_once() -> None:
    maps = [_map("a", parent="b"), _map("b", parent="a"), _map("c", parent="a")]
    tree = journey_tree(maps)
    drawn = [node.id for root in tree.roots for _, node in root.walk()]
    assert sorted(drawn) == ["a", "b", "c"]


levels = st.lists(st.one_of(st.none(), st.floats(1, 10, allow_nan=False)), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(st.lists(levels, min_size=1, max_size=5))
def test_heat_map_cells_are_the_stage_means(stages: list[list[float | None]]) -> None:
    data = [
        {
            "name": f"Stage {i}",
            "steps": [
                {"id": f"s{i}-{j}", "name": f"Step {i} {j}", **({"emotion": v} if v is not None else {})}
                for j, v in enumerate(values)
            ],
        }
        for i, values in enumerate(stages)
    ]
    row = heat_row(Map.model_validate({"id": "m", "title": "M", "stages": data}))
    assert row is not None and row.measure == "emotion"
    assert [c.stage for c in row.cells] == [f"Stage {i}" for i in range(len(stages))]
    for cell, values in zip(row.cells, stages, strict=True):
        present = [v for v in values if v is not None]
        assert cell.n == len(present)
        if present:
            assert cell.value is not None and abs(cell.value - statistics.fmean(present)) < 1e-9
        else:
            assert cell.value is None


def test_heat_map_of_a_value_moments_planner_is_vmpi_per_stage() -> None:
    m = Map.model_validate(
        {
            "id": "vm",
            "title": "Planner",
            "type": "value-moments-planner",
            "stages": [
                {"name": "Book", "steps": ["A", "B"]},
                {"name": "Fly", "steps": ["C"]},
                {"name": "Land", "steps": ["D"]},
            ],
            "value_moments": [
                {"id": "v1", "step": "a", "name": "Fare", "vmce": 8, "vme": 6, "weight": 1},
                {"id": "v2", "step": "b", "name": "Seat", "vmce": 5, "vme": 5, "weight": 3},
                {"id": "v3", "step": "c", "name": "Crew", "vmce": 5, "vme": 6, "weight": 2},
            ],
        }
    )
    row = heat_row(m, Workspace(name="W"))
    assert row is not None and row.measure == "vmpi"
    book, fly, land = row.cells
    assert book.value is not None and abs(book.value - (1 * 6 + 3 * 5) / (1 * 8 + 3 * 5) * 100) < 1e-9
    assert book.n == 2 and book.band == "Near expectation"  # 91.3 %
    assert fly.value is not None and abs(fly.value - 120.0) < 1e-9 and fly.band == "Meets or exceeds expectation"
    assert land.value is None and land.n == 0


def test_a_map_without_stages_has_no_heat_row() -> None:
    assert heat_row(Map(id="eco", title="Eco", type="ecosystem-map")) is None


def test_personas_list_the_journeys_they_appear_in() -> None:
    w = Workspace.model_validate(
        {
            "name": "W",
            "personas": [
                {"id": "priya", "name": "Priya"},
                {"id": "jo", "name": "Jo", "kind": "employee"},
                {"id": "x", "name": "X"},
            ],
            "maps": [
                {
                    "id": "m1",
                    "title": "M1",
                    "persona": "priya",
                    "stages": [{"name": "S", "steps": [{"name": "A", "actors": ["jo"]}]}],
                },
                {
                    "id": "m2",
                    "title": "M2",
                    "stages": [{"name": "S", "steps": [{"name": "B", "emotions": {"priya": 4}}]}],
                },
            ],
        }
    )
    entries = {e.id: e for e in persona_index(w)}
    assert entries["priya"].journeys == (("m1", "M1", "persona"), ("m2", "M2", "emotions"))
    assert entries["jo"].journeys == (("m1", "M1", "actor"),) and entries["jo"].kind == "employee"
    assert entries["x"].journeys == ()


def test_build_portfolio_joins_owner_status_health_and_sub_journeys() -> None:
    w = Workspace.model_validate(
        {
            "name": "Bank",
            "maps": [
                {"id": "loan", "title": "Loan", "owner": "Ana", "status": "current", "reviewed_on": "2026-01-10",
                 "stages": [{"name": "S", "steps": [{"name": "Wait", "sub_journey": "call"}]}]},
                {"id": "call", "title": "Call", "parent": "loan", "stages": [{"name": "S", "steps": ["Answer"]}]},
            ],
        }
    )  # fmt: skip
    health = [map_health(m) for m in w.maps]
    portfolio = build_portfolio([PortfolioWorkspace(w, health)])
    loan, call = portfolio.journeys
    assert (loan.owner, loan.status, loan.reviewed_on, loan.sub_journeys) == ("Ana", "current", "2026-01-10", ("call",))
    assert call.parent == "loan" and call.status == "draft" and call.owner == ""
    assert loan.health == health[0].total and [p.name for p in loan.health_parts] == [p.name for p in health[0].parts]
    data = portfolio.to_dict()
    assert set(data) == {"workspaces", "generated_on", "journeys", "tree", "heat_map", "personas", "opportunities"}
    assert data["tree"][0]["roots"][0]["children"][0]["id"] == "call"
    assert dt.date.fromisoformat(data["generated_on"])
