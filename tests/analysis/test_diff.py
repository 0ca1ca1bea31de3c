"""Comparing two maps: matching rules, changes, emotion deltas, and the symmetry of the diff."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from journeymap.analysis.diff import MapDiff, diff_maps, name_similarity
from journeymap.files.loader import load_map
from journeymap.model import Map
from journeymap.render.diff_text import render_diff_text

from support import EXAMPLES

HOME_LOAN = EXAMPLES / "home-loan" / "maps"


@pytest.fixture(scope="module")
def home_loan() -> MapDiff:
    return diff_maps(load_map(HOME_LOAN / "home-loan-as-is.yaml"), load_map(HOME_LOAN / "home-loan-to-be.yaml"))


def test_home_loan_steps(home_loan: MapDiff) -> None:
    replaced = {(s.a.id, s.b.id) for s in home_loan.steps_replaced}
    assert replaced == {("a-docs", "a-connect"), ("s-query", "a-connect")}
    assert {(s.a.name, s.b.name) for s in home_loan.steps_renamed} == {
        ("Start application", "Continue from the agreement"),
        ("Host the valuation", "Choose a valuation slot"),
        ("Wait for decision", "Follow the decision tracker"),
    }
    assert home_loan.steps_added == () and home_loan.steps_removed == () and home_loan.steps_moved == []
    assert len(home_loan.step_matches) == 16
    assert home_loan.summary()["steps_replaced"] == 2


def test_home_loan_emotion_deltas(home_loan: MapDiff) -> None:
    deltas = {(d.a.id, d.b.id): d for d in home_loan.emotion_deltas}
    wait = deltas[("s-wait", "s-wait")]
    assert wait.delta == pytest.approx(5.5 - 2.9)
    assert wait.a.measured and wait.a.n == 205 and not wait.b.measured
    assert deltas[("a-docs", "a-connect")].delta == pytest.approx(7 - 3.6)
    assert deltas[("c-funds", "c-funds")].delta == pytest.approx(3.5)
    assert [d.b.id for d in home_loan.emotion_deltas][:5] == ["r-calc", "r-compare", "r-aip", "a-start", "a-connect"]


def test_home_loan_moments_touchpoints_cards(home_loan: MapDiff) -> None:
    assert [m.id for m in home_loan.moments_gained] == ["mot-income"]
    assert [m.id for m in home_loan.moments_lost] == ["mot-docs"]
    wait = next(c for c in home_loan.moments_changed if c.b.id == "mot-wait")
    assert wait.changes == ("experience", "estimated")
    assert wait.a.priority == pytest.approx(9.5 * 5.3) and wait.b.priority == pytest.approx(9.5 * 2)
    assert "tp-open-banking" in {t.id for t in home_loan.touchpoints_added}
    assert "tp-upload" in {t.id for t in home_loan.touchpoints_removed}
    renamed = {c.a.name: c.b.name for c in home_loan.touchpoints_changed if "name" in c.changes}
    assert renamed["Application tracker"] == "Milestone tracker"
    gift = next(c for c in home_loan.cards_changed if c.a.text.startswith("Ask her parents"))
    assert gift.b.text == "Invite her parents to confirm the gifted deposit online"
    assert gift.changes == ("text",)  # a-docs → a-connect is a replacement: the same place
    relieved = next(c for c in home_loan.cards_changed if c.a.text == "Relieved")
    assert relieved.changes == ("step",) and relieved.moved
    assert home_loan.cards_unchanged == 10


def test_home_loan_text_and_json(home_loan: MapDiff) -> None:
    text = render_diff_text(home_loan)
    assert "= replaced  “Upload documents”, “Answer underwriter queries” by “Share income through open banking”" in text
    assert re.search(r"Wait for decision → Follow the decision tracker +2\.9 \(n=205\) → 5\.5 est\. +\+2\.6", text)
    assert "+ gained    “Proving income in one go”" in text and "- lost      “Getting the documents accepted”" in text
    data = json.loads(home_loan.to_json())
    assert data["summary"]["steps_replaced"] == 2 and data["identical"] is False
    assert {"a", "b", "steps", "emotion_deltas", "cards", "moments_of_truth", "touchpoints"} <= set(data)


def test_rows_put_replaced_steps_where_they_stood(home_loan: MapDiff) -> None:
    rows = [(r.status, r.a.id if r.a else None, r.b.id if r.b else None) for r in home_loan.rows()]
    assert rows[4:7] == [
        ("replaced", "a-docs", "a-connect"),
        ("changed", "a-submit", "a-submit"),
        ("replaced", "s-query", None),
    ]
    assert len(rows) == 16  # the 15 steps of B and the replaced "Answer underwriter queries"


def m(steps: list[dict[str, Any]], stages: int = 1, **extra: Any) -> Map:
    per = -(-len(steps) // stages)
    grouped = [{"id": f"st{k}", "name": f"Stage {k}", "steps": steps[k * per : (k + 1) * per]} for k in range(stages)]
    return Map.model_validate({"title": "T", "stages": grouped, **extra})


def test_match_by_name_similarity_rename_and_move() -> None:
    a = m([{"id": "x1", "name": "Upload documents"}, {"id": "x2", "name": "Wait"}, {"id": "x3", "name": "Pay"}])
    b = m([{"id": "y1", "name": "Upload  Documents"}, {"id": "x3", "name": "Pay"}, {"id": "x2", "name": "Waiting"}])
    d = diff_maps(a, b)
    how = {(s.a.id, s.b.id): s for s in d.step_matches}
    assert how[("x1", "y1")].how == "name" and not how[("x1", "y1")].renamed  # case and spacing only
    assert how[("x2", "x2")].renamed
    assert [s.b.id for s in d.steps_moved] in (["x2"], ["x3"])  # one of the two swapped steps moved
    assert name_similarity("Upload documents", "upload DOCUMENTS") == 1.0
    assert name_similarity("Wait", "Celebrate") < 0.8


def test_moved_between_stages_and_added_removed() -> None:
    a = m([{"id": "p", "name": "P"}, {"id": "q", "name": "Q"}, {"id": "r", "name": "R"}], stages=3)
    b = m([{"id": "p", "name": "P"}, {"id": "r", "name": "R"}, {"id": "z", "name": "Brand new"}], stages=1)
    d = diff_maps(a, b)
    moved = {s.b.id for s in d.steps_moved if s.moved_stage}
    assert moved == {"r"}
    assert [s.id for s in d.steps_added] == ["z"] and [s.id for s in d.steps_removed] == ["q"]
    assert "> moved     “R” from stage “Stage 2” to “Stage 0”" in render_diff_text(d)


def test_cards_moved_between_lanes_and_edited() -> None:
    steps = [{"id": "s", "name": "S"}, {"id": "t", "name": "T"}]
    a = m(
        steps,
        lanes=[
            {"id": "actions", "kind": "actions", "cards": [{"step": "s", "text": "Fill the form in twice"}]},
            {"id": "pains", "kind": "pain-points", "cards": [{"step": "t", "text": "Waiting", "weight": 2}]},
        ],
    )
    b = m(
        steps,
        lanes=[
            {"id": "actions", "kind": "actions", "cards": [{"step": "s", "text": "Fill the form in once"}]},
            {"id": "feelings", "kind": "feelings", "cards": [{"step": "t", "text": "waiting", "weight": 3}]},
        ],
    )
    d = diff_maps(a, b)
    changes = {c.a.text: c.changes for c in d.cards_changed}
    assert changes == {"Fill the form in twice": ("text",), "Waiting": ("text", "lane", "weight")}
    assert d.cards_added == () and d.cards_removed == ()


def test_a_diff_notes_a_foreign_derivation() -> None:
    a = m([{"id": "s", "name": "S"}])
    b = m([{"id": "s", "name": "S"}], state="to-be", derived_from="somewhere-else")
    assert diff_maps(a, b).notes == ("B says it derives from 'somewhere-else', not from A ('t')",)


# ---- properties --------------------------------------------------------------------------------------------

NAMES = ["Search", "Compare rates", "Compare rate", "Apply", "Upload documents", "Wait", "Sign", "Pay"]
TEXTS = ["Hopeful", "Anxious", "Fill the form", "Fill the forms", "Call the bank", "Wait for the letter"]
IDS = [f"s{k}" for k in range(8)]


@st.composite
def maps(draw: st.DrawFn) -> Map:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=6, unique=True))
    steps = []
    for step_id in ids:
        step: dict[str, Any] = {"id": step_id, "name": draw(st.sampled_from(NAMES))}
        emotion = draw(st.one_of(st.none(), st.integers(1, 10)))
        if emotion is not None:
            measured = draw(st.booleans())
            step["emotion"] = (
                {"mean": emotion, "n": 10, "ci95": [emotion, emotion], "dataset": "d"} if measured else emotion
            )
        step["replaces"] = draw(st.lists(st.sampled_from(IDS), max_size=2, unique=True))
        steps.append(step)
    lanes = []
    for lane_id, kind in (("actions", "actions"), ("pains", "pain-points")):
        cards = draw(st.lists(st.tuples(st.sampled_from(TEXTS), st.sampled_from(ids)), max_size=4))
        lanes.append({"id": lane_id, "kind": kind, "cards": [{"step": s, "text": t} for t, s in cards]})
    tp_ids = draw(st.lists(st.sampled_from(["tp1", "tp2", "tp3"]), max_size=3, unique=True))
    touchpoints = [{"id": t, "step": draw(st.sampled_from(ids)), "name": draw(st.sampled_from(NAMES))} for t in tp_ids]
    mot_ids = draw(st.lists(st.sampled_from(["m1", "m2"]), max_size=2, unique=True))
    moments = [
        {"id": k, "step": draw(st.sampled_from(ids)), "title": draw(st.sampled_from(TEXTS)), "importance": 5}
        for k in mot_ids
    ]
    return m(
        steps,
        stages=draw(st.integers(1, min(3, len(steps)))),
        lanes=lanes,
        touchpoints=touchpoints,
        moments_of_truth=moments,
    )


@settings(max_examples=120, deadline=None)
@given(maps())
def test_a_map_compared_with_itself_is_empty(a: Map) -> None:
    d = diff_maps(a, a)
    assert d.is_empty
    assert all(s.how == "id" for s in d.step_matches) and len(d.step_matches) == len(a.steps)
    assert d.cards_unchanged == sum(len(lane.cards) for lane in a.lanes)
    assert "No differences." in render_diff_text(d)


def _pairs(d: MapDiff) -> set[tuple[str, str, str]]:
    return {(s.a.id, s.b.id, s.how) for s in d.step_matches}


@settings(max_examples=150, deadline=None)
@given(maps(), maps())
def test_the_reverse_diff_swaps_added_and_removed(a: Map, b: Map) -> None:
    forward, back = diff_maps(a, b), diff_maps(b, a)
    assert _pairs(forward) == {(y, x, how) for x, y, how in _pairs(back)}
    assert [s.id for s in forward.steps_added] == [s.id for s in back.steps_removed]
    assert [s.id for s in forward.steps_removed] == [s.id for s in back.steps_added]
    assert {(s.a.id, s.b.id) for s in forward.steps_renamed} == {(s.b.id, s.a.id) for s in back.steps_renamed}
    assert {(s.a.id, s.b.id) for s in forward.step_matches if s.moved_stage} == {
        (s.b.id, s.a.id) for s in back.step_matches if s.moved_stage
    }
    assert {(d.a.id, d.b.id, d.delta) for d in forward.emotion_deltas} == {
        (d.b.id, d.a.id, -d.delta) for d in back.emotion_deltas
    }
    assert [(c.lane_id, c.index) for c in forward.cards_added] == [(c.lane_id, c.index) for c in back.cards_removed]
    assert [(c.lane_id, c.index) for c in forward.cards_removed] == [(c.lane_id, c.index) for c in back.cards_added]
    assert {(c.a.index, c.b.index, c.changes) for c in forward.cards_changed} == {
        (c.b.index, c.a.index, c.changes) for c in back.cards_changed
    }
    assert forward.cards_unchanged == back.cards_unchanged
    assert [x.id for x in forward.moments_gained] == [x.id for x in back.moments_lost]
    assert [x.id for x in forward.touchpoints_added] == [x.id for x in back.touchpoints_removed]
    assert forward.is_empty == back.is_empty
    assert {(c.a.id, c.b.id, c.from_basis, c.to_basis) for c in forward.emotion_changes} == {
        (c.b.id, c.a.id, c.to_basis, c.from_basis) for c in back.emotion_changes
    }
    assert [x.id for x in forward.lanes_added] == [x.id for x in back.lanes_removed]
    assert sorted((c.kind, c.field, c.change) for c in forward.other_changes) == sorted(
        (c.kind, c.field, {"added": "removed", "removed": "added"}.get(c.change, c.change)) for c in back.other_changes
    )


# ---- issue 13, defect 5: value moments, lanes, emotion bases, significant drops -----------------------------


def _write(path: Any, data: dict[str, Any]) -> str:
    import yaml

    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def _map_data(**extra: Any) -> dict[str, Any]:
    steps = [{"id": "s1", "name": "Apply"}, {"id": "s2", "name": "Wait"}]
    return {"title": "T", "stages": [{"id": "st", "name": "Stage", "steps": steps}], **extra}


def _diff_cli(tmp_path: Any, capsys: pytest.CaptureFixture[str], a: dict[str, Any], b: dict[str, Any]) -> Any:
    from support import run

    files = _write(tmp_path / "a.yaml", a), _write(tmp_path / "b.yaml", b)
    code, text, err = run(capsys, "diff", *files)
    assert code == 0, err
    code, out, err = run(capsys, "diff", *files, "--format", "json")
    assert code == 0, err
    return text, json.loads(out)


def test_a_vmce_change_is_reported_with_the_maps_vmpi(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    moments = [
        {"id": "v1", "step": "s1", "name": "Know the rate", "vmce": 6, "vme": 4.6},
        {"id": "v2", "step": "s2", "name": "Hear back", "vmce": 4, "vme": 3.1},
    ]
    changed = [moments[0], {**moments[1], "vmce": 4.65}]
    text, data = _diff_cli(tmp_path, capsys, _map_data(value_moments=moments), _map_data(value_moments=changed))
    assert "No differences" not in text and data["identical"] is False
    assert "VMPI of the map: 77.0 % → 72.3 %" in text
    assert "~ changed   “Hear back”: VMCE 4 → 4.65" in text
    vm = data["value_moments"]
    assert vm["vmpi"]["a"] == pytest.approx(77.0) and vm["vmpi"]["b"] == pytest.approx(7.7 / 10.65 * 100)
    assert [c["changes"] for c in vm["changed"]] == [["vmce"]] and data["summary"]["value_moments_changed"] == 1
    added = _map_data(value_moments=[*moments, {"id": "v3", "step": "s2", "name": "Keys", "vmce": 9, "vme": 9}])
    d = diff_maps(Map.model_validate(_map_data(value_moments=moments)), Map.model_validate(added))
    assert [v.id for v in d.value_moments_added] == ["v3"] and d.value_moments_removed == ()
    weighted = _map_data(value_moments=[moments[0], {**moments[1], "weight": 3}])
    d = diff_maps(Map.model_validate(_map_data(value_moments=moments)), Map.model_validate(weighted))
    assert [c.changes for c in d.value_moments_changed] == [("weight",)]


def test_touchpoint_scores_are_reported(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tp = {"id": "tp1", "step": "s1", "name": "Portal", "satisfaction": 6.0, "importance": 8.0}
    changed = {**tp, "satisfaction": 4.5, "importance": 9.0}
    text, data = _diff_cli(tmp_path, capsys, _map_data(touchpoints=[tp]), _map_data(touchpoints=[changed]))
    assert "~ changed   “Portal”: importance 8 → 9; satisfaction 6 → 4.5" in text
    assert data["touchpoints"]["changed"][0]["changes"] == ["importance", "satisfaction"]


def test_an_added_lane_is_reported(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    lanes = [{"id": "actions", "kind": "actions", "cards": [{"step": "s1", "text": "Fill the form"}]}]
    more = [*lanes, {"id": "pains", "kind": "pain-points", "title": "Pains"}]
    text, data = _diff_cli(tmp_path, capsys, _map_data(lanes=lanes), _map_data(lanes=more))
    assert "No differences" not in text and "+ added     “Pains” (pain-points, 0 cards)" in text
    assert [x["id"] for x in data["lanes"]["added"]] == ["pains"] and data["summary"]["lanes_added"] == 1
    renamed = [{**lanes[0], "title": "What she does"}]
    d = diff_maps(Map.model_validate(_map_data(lanes=lanes)), Map.model_validate(_map_data(lanes=renamed)))
    assert [c.renamed for c in d.lanes_changed] == [True] and d.cards_unchanged == 1
    back = diff_maps(Map.model_validate(_map_data(lanes=more)), Map.model_validate(_map_data(lanes=lanes)))
    assert [x.id for x in back.lanes_removed] == ["pains"]


MEASURED = {"mean": 7.2, "n": 50, "ci95": [6.8, 7.6], "std": 1.4, "dataset": "survey-q1"}


def _with_emotion(emotion: Any) -> dict[str, Any]:
    data = _map_data()
    if emotion is not None:
        data["stages"][0]["steps"][1]["emotion"] = emotion
    return data


def test_no_emotion_to_a_measured_one_is_reported(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text, data = _diff_cli(tmp_path, capsys, _with_emotion(None), _with_emotion(MEASURED))
    assert "No differences" not in text
    assert re.search(r"Wait +— → 7\.2 \(n=50\)  \(none → measured\)", text)
    (change,) = data["emotion_changes"]
    assert (change["from"], change["to"], change["b_emotion"]) == ("none", "measured", 7.2)


@pytest.mark.parametrize(
    ("a", "b", "basis"),
    [
        (None, 6, ("none", "estimated")),
        (6, MEASURED, ("estimated", "measured")),
        (MEASURED, None, ("measured", "none")),
        (MEASURED, {**MEASURED, "mean": 7.0, "ci95": [6.6, 7.4]}, ("measured", "measured")),
    ],
)
def test_every_change_of_emotional_basis_and_mean(a: Any, b: Any, basis: tuple[str, str]) -> None:
    d = diff_maps(Map.model_validate(_with_emotion(a)), Map.model_validate(_with_emotion(b)))
    (change,) = d.emotion_changes
    assert (change.from_basis, change.to_basis) == basis and not d.is_empty
    assert d.summary()["emotions_changed"] == 1


def test_a_significant_drop_of_a_measured_level_is_flagged(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    before = {**MEASURED, "mean": 7.2, "n": 200, "std": 1.5, "ci95": [7.0, 7.4]}
    after = {**MEASURED, "mean": 6.6, "n": 180, "std": 1.8, "ci95": [6.3, 6.9], "n_effective": 150.0}
    text, data = _diff_cli(tmp_path, capsys, _with_emotion(before), _with_emotion(after))
    welch = data["emotion_changes"][0]["welch"]
    result = stats.ttest_ind_from_stats(6.6, 1.8, 150.0, 7.2, 1.5, 200, equal_var=False)
    assert welch["p"] == pytest.approx(result.pvalue, abs=1e-10) and welch["diff"] == pytest.approx(-0.6)
    assert data["significant_drops"] == ["s2"] and data["summary"]["drops_flagged"] == 1
    assert "▼ significant drop" in text and "▼ Significant drops of a measured emotional level" in text
    from journeymap.render.diff_html import render_diff_html

    page = render_diff_html(
        diff_maps(Map.model_validate(_with_emotion(before)), Map.model_validate(_with_emotion(after)))
    )
    assert "Significant drops" in page and "▼" in page
    small = {**after, "mean": 7.1, "ci95": [6.8, 7.4]}
    d = diff_maps(Map.model_validate(_with_emotion(before)), Map.model_validate(_with_emotion(small)))
    assert d.emotion_changes[0].test is not None and d.significant_drops == []
