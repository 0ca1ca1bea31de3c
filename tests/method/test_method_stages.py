"""Each stage's state and the four iterations are computed from what the workspace holds (docs/method.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journeymap.analysis.method import iterations, method_report
from journeymap.model import Map
from method_support import workspace, workspace_data


def _report(change: Callable[[dict[str, Any]], None] | None = None) -> Any:
    data = workspace_data()
    if change is not None:
        change(data)
    ws = workspace(data)
    return method_report(ws, ws.initiatives[0])


def _states(report: Any) -> dict[str, str]:
    return {s.key: s.state for s in report.stages}


def _initiative(data: dict[str, Any]) -> dict[str, Any]:
    initiative: dict[str, Any] = data["initiatives"][0]
    return initiative


def test_a_complete_initiative_has_every_stage_done() -> None:
    report = _report()
    assert list(_states(report).values()) == ["done"] * 8
    assert report.current is None and report.reached == 8
    assert report.gate.state == "go"
    assert [i.state for i in report.iterations] == ["done"] * 4


def test_an_empty_initiative_has_started_nothing() -> None:
    def empty(data: dict[str, Any]) -> None:
        data["initiatives"] = [{"id": "new", "name": "New initiative"}]
        del data["diagnostic"]

    report = _report(empty)
    assert list(_states(report).values()) == ["not-started"] * 8
    assert report.current == 1 and report.reached == 0
    assert report.gate.state == "not-rated"
    assert [i.state for i in report.iterations] == ["not-started"] * 4
    assert "mission" in report.stages[0].missing


def _strategy_partial(data: dict[str, Any]) -> None:
    _initiative(data)["strategy"]["hypotheses"] = []


def _scope_partial(data: dict[str, Any]) -> None:
    _initiative(data)["scope"]["end"] = ""


def _scope_no_go(data: dict[str, Any]) -> None:
    data["diagnostic"] = {c: {"rating": 1} for c in ("changeable", "challenged", "complex", "climactic", "costly")}


def _scope_chain_not_ecosystem(data: dict[str, Any]) -> None:
    _initiative(data)["scope"]["value_chain_map"] = "as-is"


def _framing_partial(data: dict[str, Any]) -> None:
    _initiative(data)["framing"]["costs"] = ""


def _research_without_evidence(data: dict[str, Any]) -> None:
    _initiative(data)["research"].append({"method": "critical-incidents", "description": "Five interviews"})


def _as_is_empty(data: dict[str, Any]) -> None:
    data["maps"][1]["lanes"] = []


def _as_is_wrong_persona(data: dict[str, Any]) -> None:
    data["personas"].append({"id": "ben", "name": "Ben"})
    _initiative(data)["scope"]["persona"] = "ben"


def _empathy_no_session(data: dict[str, Any]) -> None:
    _initiative(data)["empathy"] = []


def _opportunity_not_framed(data: dict[str, Any]) -> None:
    data["maps"][1]["opportunities"][0]["how_might_we"] = ""


def _option_not_measurable(data: dict[str, Any]) -> None:
    del _initiative(data)["options"][0]["hypotheses"][0]["target"]


def _experiment_without_decision(data: dict[str, Any]) -> None:
    del _initiative(data)["experiments"][0]["decision"]


def _nothing_adopted(data: dict[str, Any]) -> None:
    _initiative(data)["experiments"][0]["decision"] = "iterate"


def _to_be_is_as_is(data: dict[str, Any]) -> None:
    _initiative(data)["to_be_map"] = "as-is"


IN_PROGRESS = [
    ("strategy", _strategy_partial, "hypotheses behind the strategy"),
    ("scope", _scope_partial, "end"),
    ("scope", _scope_no_go, "a 5Cs go (the workspace's diagnostic says no-go)"),
    ("scope", _scope_chain_not_ecosystem, "value-chain map"),
    ("framing", _framing_partial, "costs"),
    ("research", _research_without_evidence, "evidence for critical-incidents: Five interviews"),
    ("as-is", _as_is_empty, "cards in the map's lanes"),
    ("as-is", _as_is_wrong_persona, "the map to show the scope's persona 'ben'"),
    ("empathy", _empathy_no_session, "an empathy session with the comments or stories gathered"),
    ("empathy", _opportunity_not_framed, "opportunity as-is/opp-wait framed as 'How might we …?'"),
    (
        "options",
        _option_not_measurable,
        "a hypothesis with a measurable outcome (metric and target) for option 'tracker'",
    ),
    ("options", _experiment_without_decision, "an experiment with a result and a decision for option 'tracker'"),
    ("options", _nothing_adopted, "an option adopted by an experiment"),
    ("to-be", _to_be_is_as_is, "the map to be to-be"),
]


@pytest.mark.parametrize(("key", "change", "missing"), IN_PROGRESS, ids=lambda v: getattr(v, "__name__", None))
def test_a_stage_with_something_missing_is_in_progress_and_says_what(
    key: str, change: Callable[[dict[str, Any]], None], missing: str
) -> None:
    report = _report(change)
    stage = next(s for s in report.stages if s.key == key)
    assert stage.state == "in-progress"
    assert missing in stage.missing
    others = [s.state for s in report.stages if s.key != key]
    assert others == ["done"] * 7, "only the stage changed moves"
    assert report.current == stage.number


NOT_STARTED: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("strategy", lambda d: _initiative(d).update(strategy={})),
    ("framing", lambda d: _initiative(d).update(framing={})),
    ("research", lambda d: _initiative(d).update(research=[])),
    ("as-is", lambda d: _initiative(d).update(as_is_map=None)),
    ("empathy", lambda d: _initiative(d).update(empathy=[], opportunities=[], options=[], experiments=[])),
    ("options", lambda d: _initiative(d).update(options=[], experiments=[])),
    ("to-be", lambda d: _initiative(d).update(to_be_map=None)),
]


@pytest.mark.parametrize(("key", "change"), NOT_STARTED, ids=[k for k, _ in NOT_STARTED])
def test_a_stage_with_nothing_is_not_started(key: str, change: Callable[[dict[str, Any]], None]) -> None:
    stage = next(s for s in _report(change).stages if s.key == key)
    assert stage.state == "not-started" and stage.missing and not stage.have


def test_the_scope_is_not_started_without_any_part_nor_a_diagnostic() -> None:
    def bare(data: dict[str, Any]) -> None:
        _initiative(data)["scope"] = {}
        del data["diagnostic"]

    assert _states(_report(bare))["scope"] == "not-started"


def test_a_diagnostic_alone_starts_the_scope() -> None:
    report = _report(lambda d: _initiative(d).update(scope={}))
    assert _states(report)["scope"] == "in-progress"
    assert "5Cs: go" in report.stages[1].have


def _map(change: Callable[[dict[str, Any]], None] | None = None) -> Map:
    data = workspace_data()["maps"][1]
    if change is not None:
        change(data)
    return Map.model_validate(data)


def test_iterations_count_what_the_map_covers() -> None:
    def half(data: dict[str, Any]) -> None:
        data["lanes"][0]["cards"].pop()  # 'wait' has no card
        data["touchpoints"].pop()  # 'wait' has no touchpoint
        data["opportunities"][0]["steps"] = ["fill"]  # the moment of truth below expectation is not served
        data["service_challenges"].append({"id": "sc-down", "step": "fill", "text": "Form down"})

    found = iterations(_map(half))
    assert [(i.state, i.covered, i.total) for i in found] == [
        ("in-progress", 1, 2),
        ("in-progress", 1, 2),
        ("in-progress", 0, 1),
        ("in-progress", 1, 2),
    ]
    assert found[1].detail == "1 of 2 steps have a touchpoint"


def test_iterations_not_started_on_a_bare_map() -> None:
    def bare(data: dict[str, Any]) -> None:
        data.update(lanes=[], touchpoints=[], moments_of_truth=[], service_challenges=[], opportunities=[])

    found = iterations(_map(bare))
    assert [i.state for i in found] == ["not-started"] * 4
    assert found[0].covered == 0 and found[0].total == 2


def test_iterations_read_touchpoint_cards_and_value_moments_too() -> None:
    def lanes_only(data: dict[str, Any]) -> None:
        data["touchpoints"] = []
        data["opportunities"] = []
        data["lanes"].append(
            {
                "id": "tp",
                "kind": "touchpoints",
                "cards": [{"step": "fill", "text": "Form"}, {"step": "wait", "text": "Tracker"}],
            }
        )
        data["value_moments"] = [{"id": "vm", "step": "wait", "name": "Date known", "vmce": 8, "vme": 4}]

    found = iterations(_map(lanes_only))
    assert [(i.state, i.covered, i.total) for i in found[1:3]] == [("done", 2, 2), ("done", 1, 1)]


def _jl206_iterations(m: Map) -> set[int]:
    from journeymap.files.loader import MapSource
    from journeymap.lint.engine import lint_map

    found = [p.message for p in lint_map(MapSource(m, Path("m.yaml"), None)) if p.code == "JL206"]
    return {int(text.split()[1]) for text in found}


@pytest.mark.parametrize(
    "change",
    [
        lambda d: None,
        lambda d: d.update(lanes=[]),
        lambda d: d.update(touchpoints=[]),
        lambda d: d.update(opportunities=[]),
        lambda d: d.update(lanes=[], touchpoints=[], opportunities=[]),
        lambda d: d.update(moments_of_truth=[], opportunities=[{"id": "o", "text": "Reduce the wait"}]),
    ],
)
def test_an_iteration_lint_says_shows_no_progress_is_not_started(change: Callable[[dict[str, Any]], None]) -> None:
    m = _map(change)
    silent = _jl206_iterations(m)
    states = {i.number: i.state for i in iterations(m)}
    assert {n for n in (1, 2, 3) if states[n] == "not-started"} == silent - {4}


def test_value_iteration_without_a_gap_is_done_by_any_opportunity() -> None:
    found = iterations(_map(lambda d: d.update(moments_of_truth=[])))
    assert found[2].state == "done" and "no moment of truth scored below expectation" in found[2].detail


def test_the_report_as_json_names_every_stage_and_iteration() -> None:
    data = _report(_nothing_adopted).to_dict()
    assert data["current_stage"] == 7 and data["reached_stage"] == 8
    assert [s["key"] for s in data["stages"]] == [
        "strategy", "scope", "framing", "research", "as-is", "empathy", "options", "to-be",
    ]  # fmt: skip
    assert [i["number"] for i in data["iterations"]] == [1, 2, 3, 4]
    assert data["five_cs"]["state"] == "go"


@pytest.mark.parametrize(
    ("baseline", "target", "result", "met"),
    [
        (2, 1, 0.9, True),
        (2, 1, 1, True),
        (2, 1, 1.2, False),
        (40, 60, 61, True),
        (40, 60, 55, False),
        (None, 5, 6, True),
    ],
)
def test_an_experiment_meets_its_outcome_in_the_direction_of_the_target(
    baseline: float | None, target: float, result: float, met: bool
) -> None:
    def measured(data: dict[str, Any]) -> None:
        hypothesis = _initiative(data)["options"][0]["hypotheses"][0]
        hypothesis.update(baseline=baseline, target=target)
        _initiative(data)["experiments"][0]["result"] = result

    (outcome,) = _report(measured).experiments
    assert outcome.met is met and outcome.hypothesis == "h-calls"


def test_an_experiment_without_a_result_meets_nothing_yet() -> None:
    (outcome,) = _report(_experiment_without_decision).experiments
    assert outcome.met is True and outcome.decision is None
    (outcome,) = _report(lambda d: _initiative(d)["experiments"][0].pop("result")).experiments
    assert outcome.met is None and outcome.summary == "pilot → adopt"
