"""Map health (analysis/health.py): each part's score on small maps, the total as the weighted mean of the parts
that apply (a property over generated maps), and the edge cases — no evidence, a retired map, never reviewed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analysis.health import WEIGHTS, HealthContext, map_health
from journeymap.analysis.registry import Subject, run_analysis
from journeymap.cli.main import main
from journeymap.core.health import health_of_paths
from journeymap.errors import Problem, Severity
from journeymap.model import Map, WorkspaceSettings

TODAY = dt.date(2026, 6, 1)
MEASURED = {"mean": 6.0, "n": 80, "ci95": [5.5, 6.5], "measured_on": "2026-05-01", "dataset": "survey"}
OLD = {**MEASURED, "measured_on": "2025-01-01"}


def _map(**extra: Any) -> Map:
    steps = [{"id": f"s{k}", "name": f"Step {k}", **extra.pop(f"s{k}", {})} for k in range(1, 5)]
    stages = [{"id": "st", "name": "All", "steps": steps}]
    return Map.model_validate({"id": "m", "title": "M", "stages": stages, **extra})


def _health(m: Map, problems: list[Problem] | None = None, **settings_: Any) -> Any:
    return map_health(m, HealthContext(WorkspaceSettings(**settings_), TODAY, problems if problems is not None else []))


def _score(m: Map, name: str, **kwargs: Any) -> float | None:
    part = _health(m, **kwargs).part(name)
    return None if part is None else part.score


def test_evidence_is_the_share_of_steps_backed() -> None:
    m = _map(
        s1={"emotion": MEASURED},
        s2={"emotion": 4},
        touchpoints=[{"id": "t", "step": "s3", "name": "Portal", "evidence": [{"dataset": "panel", "n": 40}]}],
    )
    part = _health(m).part("evidence")
    assert part is not None and part.value == 0.5 and part.score == 50.0
    assert part.why == "2 of 4 steps backed by evidence"


def test_freshness_counts_stale_measured_values() -> None:
    assert _score(_map(s1={"emotion": MEASURED}, s2={"emotion": OLD}), "freshness") == 50.0
    assert _score(_map(s1={"emotion": MEASURED}), "freshness") == 100.0
    assert _score(_map(s1={"emotion": OLD}), "freshness", stale_after_days=1000) == 100.0


def test_vmpi_is_capped_at_100() -> None:
    low = _map(value_moments=[{"id": "v", "step": "s1", "name": "Keys", "vmce": 8, "vme": 6}])
    high = _map(value_moments=[{"id": "v", "step": "s1", "name": "Keys", "vmce": 5, "vme": 8}])
    assert _score(low, "vmpi") == 75.0
    assert _score(high, "vmpi") == 100.0


def test_moments_score_falls_with_the_top_priority() -> None:
    def with_gap(experience: float) -> Map:
        mot = {"id": "mt", "step": "s1", "title": "Wait", "importance": 10, "expectation": 9, "experience": experience}
        return _map(moments_of_truth=[mot, {"id": "m2", "step": "s2", "title": "Unscored", "importance": 9}])

    assert _score(with_gap(9), "moments") == 100.0  # priority 0
    assert _score(with_gap(7), "moments") == pytest.approx(60.0)  # priority 20
    assert _score(with_gap(2), "moments") == 0.0  # priority 70, past 50
    assert _score(_map(moments_of_truth=[{"id": "m2", "step": "s2", "title": "U", "importance": 9}]), "moments") is None


def test_opportunities_score_the_share_settled() -> None:
    tested = {"id": "h", "statement": "We believe", "metric": "rate", "status": "validated"}
    m = _map(opportunities=[{"id": "o1", "text": "Reduce waiting", "hypotheses": [tested]}, {"id": "o2", "text": "X"}])
    part = _health(m).part("opportunities")
    assert part is not None and part.value == 1 and part.score == 50.0


def test_an_opportunitys_status_settles_it() -> None:
    statuses = ["idea", "testing", "validated", "rejected", "delivered"]
    m = _map(opportunities=[{"id": f"o{k}", "text": "Reduce waiting", "status": st} for k, st in enumerate(statuses)])
    part = _health(m).part("opportunities")
    assert part is not None and part.value == 2 and part.score == 60.0


def test_lint_costs_25_per_error_and_5_per_warning() -> None:
    error, warning = Problem("JL201", "f", "e"), Problem("JL101", "f", "w", severity=Severity.WARNING)
    assert _score(_map(), "lint", problems=[]) == 100.0
    assert _score(_map(), "lint", problems=[error, warning, warning]) == 65.0
    assert _score(_map(), "lint", problems=[error] * 5) == 0.0


def test_lint_without_findings_checks_the_references() -> None:
    m = _map(s1={"sub_journey": "gone"})
    health = map_health(m, HealthContext(today=TODAY, map_ids=frozenset({"m"})))
    part = health.part("lint")
    assert part is not None and part.value == 1 and part.score == 75.0


def test_review_is_full_within_the_cycle_then_falls_to_zero_at_twice_it() -> None:
    def reviewed(days: int, every: int | None = None) -> float | None:
        return _score(_map(reviewed_on=TODAY - dt.timedelta(days=days), review_every_days=every), "review")

    assert reviewed(0) == 100.0 and reviewed(180) == 100.0
    assert reviewed(270) == 50.0 and reviewed(360) == 0.0 and reviewed(1000) == 0.0
    assert reviewed(45, every=30) == 50.0
    assert _score(_map(reviewed_on=TODAY - dt.timedelta(days=45)), "review", review_every_days=30) == 50.0


def test_never_reviewed_scores_zero() -> None:
    part = _health(_map()).part("review")
    assert part is not None and part.value is None and part.score == 0.0 and part.why.startswith("never reviewed")


def test_a_retired_map_is_not_reviewed() -> None:
    health = _health(_map(status="retired"))
    assert health.part("review") is None and "review" in health.left_out
    assert health.status == "retired"


def test_no_evidence_at_all() -> None:
    health = _health(_map(reviewed_on=TODAY))
    assert [p.name for p in health.parts] == ["evidence", "lint", "review"]
    assert health.left_out == ["freshness", "vmpi", "moments", "opportunities"]
    assert health.total == pytest.approx((25 * 0 + 10 * 100 + 10 * 100) / 45)


def test_a_to_be_map_is_not_scored_on_evidence() -> None:
    health = _health(_map(state="to-be"))
    assert health.part("evidence") is None and health.part("freshness") is None


def test_a_map_without_steps_keeps_lint_and_review() -> None:
    m = Map.model_validate({"id": "e", "title": "Ecosystem", "type": "ecosystem-map", "reviewed_on": "2026-05-30"})
    health = _health(m)
    assert [p.name for p in health.parts] == ["lint", "review"]
    assert health.total == 100.0 and sum(p.weight for p in health.parts) == pytest.approx(1.0)


_EMOTIONS = st.one_of(st.none(), st.integers(1, 10), st.sampled_from([MEASURED, OLD]))


@settings(max_examples=60, deadline=None)
@given(
    emotions=st.lists(_EMOTIONS, min_size=4, max_size=4),
    vme=st.one_of(st.none(), st.floats(0, 10)),
    experience=st.one_of(st.none(), st.floats(1, 10)),
    opportunities=st.integers(0, 3),
    errors=st.integers(0, 6),
    reviewed=st.one_of(st.none(), st.integers(0, 800)),
    status=st.sampled_from(["draft", "in-review", "current", "retired"]),
    state=st.sampled_from(["as-is", "to-be"]),
)
def test_the_total_is_the_weighted_mean_of_the_parts(
    emotions: list[Any], vme: float | None, experience: float | None, opportunities: int, errors: int,
    reviewed: int | None, status: str, state: str,
) -> None:  # fmt: skip
    extra: dict[str, Any] = {f"s{k + 1}": {"emotion": e} for k, e in enumerate(emotions) if e is not None}
    if vme is not None:
        extra["value_moments"] = [{"id": "v", "step": "s1", "name": "V", "vmce": 7, "vme": vme}]
    if experience is not None:
        extra["moments_of_truth"] = [
            {"id": "mt", "step": "s2", "title": "T", "importance": 8, "expectation": 7, "experience": experience}
        ]
    extra["opportunities"] = [{"id": f"o{k}", "text": "Reduce waiting"} for k in range(opportunities)]
    if reviewed is not None:
        extra["reviewed_on"] = TODAY - dt.timedelta(days=reviewed)
    m = _map(status=status, state=state, **extra)
    health = _health(m, problems=[Problem("JL201", "f", "e")] * errors)
    weights = {p.name: WEIGHTS[p.name] for p in health.parts}
    expected = sum(WEIGHTS[p.name] * p.score for p in health.parts) / sum(weights.values())
    assert health.total == pytest.approx(expected)
    assert sum(p.weight for p in health.parts) == pytest.approx(1.0)
    assert all(0.0 <= p.score <= 100.0 for p in health.parts) and 0.0 <= health.total <= 100.0
    assert {p.name for p in health.parts} | set(health.left_out) == set(WEIGHTS)
    assert (health.part("review") is None) == (status == "retired")


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_examples_health_and_the_analysis_agree() -> None:
    found = {h.map_id: h for h in health_of_paths([EXAMPLES / "home-loan"], today=TODAY)}
    as_is = found["home-loan-as-is"]
    assert as_is.part("evidence") is not None and as_is.part("lint") is not None
    path = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"
    from journeymap.core.context import load_map_and_context

    m, context = load_map_and_context(path)
    result = run_analysis("health", Subject(m, context, source=path), today="2026-06-01")
    assert result.data["total"] == round(as_is.total, 1)
    assert "health" in result.output("table")


def test_the_command_prints_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES / "home-loan")
    assert main(["health", path, "--format", "json", "--today", "2026-06-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2026-06-01"
    ids = [m["map"] for m in data["maps"]]
    assert "home-loan-as-is" in ids
    first = data["maps"][0]
    assert first["total"] == pytest.approx(sum(p["score"] * p["weight"] for p in first["parts"]), abs=0.2)
    assert main(["health", path, "--today", "2026-06-01", "--below", "101"]) == 1
    out = capsys.readouterr()
    assert "Evidence coverage" in out.out and "below 101" in out.err
    assert main(["health", path, "--today", "June"]) != 0
