"""Planned vs actual (``journeymap.evidence.conform``): every per-step figure, the conforming and in-order shares
and the deviations equal an independent pandas reading of the rules in docs/conform.md, on generated logs with
repeats, skips, steps out of order, unmapped activities between mapped ones and many equal timestamps (file
order decides); and the linking of steps to activities, by name and by a mapping file, with its problems."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from journeymap.errors import ProblemsError, Severity
from journeymap.evidence.conform import Conformance, conform, log_activities
from journeymap.evidence.conform_lanes import DROPOFF_LANE, REACH_LANE, with_conform_lanes
from journeymap.evidence.conform_steps import link_by_name, name_key, read_step_mapping
from journeymap.evidence.engine import Engine
from journeymap.evidence.events import read_events
from journeymap.files.dump import save_map
from journeymap.files.loader import read_map
from journeymap.model import Map, check_map_references

STEPS = ["s-one", "s-two", "s-three", "s-four", "s-five"]
MAPPING = {"s-one": ["A"], "s-two": ["B", "C"], "s-three": ["D"], "s-five": ["E", "G"]}
"""s-four is linked to nothing; F and X are activities linked to no step."""
ACTIVITIES = ["A", "B", "C", "D", "E", "F", "G", "X"]


def _map() -> Map:
    data: dict[str, Any] = {
        "journeymap": 1,
        "id": "planned",
        "title": "Planned journey",
        "stages": [
            {"id": "first", "name": "First", "steps": [{"id": s, "name": f"Step {s}"} for s in STEPS[:3]]},
            {"id": "second", "name": "Second", "steps": [{"id": s, "name": f"Step {s}"} for s in STEPS[3:]]},
        ],
        "lanes": [{"id": "actions", "kind": "actions", "cards": [{"step": "s-one", "text": "Do it"}]}],
    }
    return Map.model_validate(data)


def _log(seed: int, cases: int = 400) -> pd.DataFrame:
    """Cases that mostly go A → B/C → D → E with skips, repeats, returns, noise and ties; rows shuffled between
    cases, so file order is not case order."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, dt.datetime]] = []
    start = dt.datetime(2026, 3, 1)
    for n in range(cases):
        path = [a for a in ("A", rng.choice("BC"), "D", rng.choice("EG")) if rng.random() > 0.2]
        path = path[: rng.randint(0, len(path))] if rng.random() < 0.3 else path
        for _ in range(rng.randint(0, 3)):
            path.insert(rng.randint(0, len(path)), rng.choice(ACTIVITIES))
        clock = start + dt.timedelta(hours=rng.randint(0, 500))
        for activity in path or ["X"]:
            clock += dt.timedelta(minutes=rng.choice([0, 0, 1, 5, 90, 600]))  # many ties
            rows.append((f"c{n:04d}", activity, clock))
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"])
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def oracle(frame: pd.DataFrame, mapping: dict[str, list[str]], steps: list[str]) -> dict[str, Any]:
    """The rules of docs/conform.md read literally, case by case, in pandas and plain Python."""
    linked = [s for s in steps if mapping.get(s)]
    index = {a: linked.index(s) for s, acts in mapping.items() for a in acts}
    m = len(linked)
    ordered = frame.assign(order=range(len(frame))).sort_values(["case_id", "timestamp", "order"], kind="stable")
    total = ordered["case_id"].nunique()
    mapped = ordered[ordered["activity"].isin(list(index))]
    blank = {"cases": 0, "dropoff": 0, "skipped": 0, "repeated": 0, "out_of_order": 0}
    figures: list[dict[str, Any]] = [{**blank, "gaps": []} for _ in range(m)]
    conforming = in_order = 0
    deviations: Counter[tuple[str, ...]] = Counter()
    for _, case in mapped.groupby("case_id", sort=False):
        seq = [index[a] for a in case["activity"]]
        times = list(case["timestamp"])
        passes = [s for i, s in enumerate(seq) if i == 0 or seq[i - 1] != s]
        for k in range(m):
            mine = [i for i, s in enumerate(seq) if s == k]
            later = [i for i, s in enumerate(seq) if s > k]
            f = figures[k]
            if not mine:
                f["skipped"] += bool(later)
                deviations[("skip", linked[k])] += bool(later)
                continue
            f["cases"] += 1
            f["dropoff"] += not any(i > mine[0] for i in later)
            f["repeated"] += passes.count(k) >= 2
            f["out_of_order"] += bool(later) and mine[-1] > later[0]
            nxt = [i for i, s in enumerate(seq) if s == k + 1]
            if nxt and nxt[0] > mine[0]:
                f["gaps"].append((times[nxt[0]] - times[mine[0]]).total_seconds())
        forward = all(a < b for a, b in itertools.pairwise(passes))
        in_order += forward
        conforming += passes == list(range(len(passes)))
        for a, b in {(a, b) for a, b in itertools.pairwise(passes) if a > b}:
            deviations[("back", linked[a], linked[b])] += 1
    none = total - mapped["case_id"].nunique()
    if none:
        deviations[("none",)] = none
    steps_out = []
    for k, f in enumerate(figures):
        last = k == m - 1
        steps_out.append(
            {
                "step": linked[k],
                "cases": f["cases"],
                "share": round(f["cases"] / total, 6),
                "dropoff": None if last else f["dropoff"],
                "median_to_next_s": None if last or not f["gaps"] else statistics.median(f["gaps"]),
                "skipped": f["skipped"],
                "repeated": f["repeated"],
                "out_of_order": f["out_of_order"],
            }
        )
    return {
        "cases": total,
        "steps": steps_out,
        "conforming_share": round(conforming / total, 6),
        "in_order_share": round(in_order / total, 6),
        "deviations": {key: n for key, n in deviations.items() if n},
    }


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine() as duck:
        yield duck


def _mapping_file(folder: Path, mapping: dict[str, list[str]]) -> Path:
    path = folder / "steps.yaml"
    path.write_text("".join(f"{s}: [{', '.join(acts)}]\n" for s, acts in mapping.items()), encoding="utf-8")
    return path


def _run(engine: Engine, folder: Path, frame: pd.DataFrame, mapping: dict[str, list[str]]) -> Conformance:
    log = folder / "log.csv"
    frame.to_csv(log, index=False, date_format="%Y-%m-%d %H:%M:%S")
    events = read_events(log, engine)
    counts = log_activities(events.table, engine)
    links = read_step_mapping(_mapping_file(folder, mapping), _map(), list(counts))
    return conform(events.table, engine, links, activities=counts, source="log.csv")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_figure_equals_the_pandas_oracle(engine: Engine, tmp_path: Path, seed: int) -> None:
    frame = _log(seed)
    result = _run(engine, tmp_path, frame, MAPPING)
    expected = oracle(frame, MAPPING, STEPS)
    data = result.to_json()
    keys = ["step", "cases", "share", "dropoff", "median_to_next_s", "skipped", "repeated", "out_of_order"]
    assert [{k: s[k] for k in keys} for s in data["steps"]] == expected["steps"]
    assert data["cases"] == expected["cases"]
    assert data["conforming_share"] == expected["conforming_share"]
    assert data["in_order_share"] == expected["in_order_share"]
    found = {(d["kind"], *d["steps"]): d["cases"] for d in data["deviations"]}
    assert found == expected["deviations"]
    # the generated logs hold every kind of departure, so the comparison means something
    assert all(sum(s[k] or 0 for s in data["steps"]) > 0 for k in ("skipped", "repeated", "out_of_order", "dropoff"))
    assert 0 < data["conforming_share"] < data["in_order_share"] < 1
    assert data["unlinked_steps"] == ["s-four"] and set(data["unmapped_activities"]) == {"F", "X"}


def test_equal_timestamps_keep_file_order(engine: Engine, tmp_path: Path) -> None:
    t = dt.datetime(2026, 3, 1, 9)
    rows = [("k1", "D", t), ("k1", "A", t), ("k2", "A", t), ("k2", "D", t)]
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"])
    result = _run(engine, tmp_path, frame, {"s-one": ["A"], "s-three": ["D"]})
    one = result.step("s-one")
    assert one is not None and one.out_of_order == 1 and one.dropoff == 1 and one.median_to_next_s == 0.0
    assert result.conforming == 1 and result.in_order == 1
    assert [d.label for d in result.deviations] == ["back to Step s-one after Step s-three"]


def test_the_last_step_has_no_dropoff_and_a_log_without_linked_events_counts(engine: Engine, tmp_path: Path) -> None:
    t = dt.datetime(2026, 3, 1, 9)
    rows = [("k1", "A", t), ("k1", "B", t + dt.timedelta(hours=2)), ("k2", "X", t), ("k3", "B", t)]
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"])
    result = _run(engine, tmp_path, frame, {"s-one": ["A"], "s-two": ["B"]})
    one, two = result.steps
    assert (one.cases, one.dropoff, one.median_to_next_s, one.skipped) == (1, 0, 7200.0, 1)
    assert (two.cases, two.dropoff, two.median_to_next_s, two.next_step) == (2, None, None, None)
    assert (result.cases, result.mapped_cases, result.conforming, result.in_order) == (3, 2, 1, 2)
    assert {d.label: d.cases for d in result.deviations} == {"skips Step s-one": 1, "no step of the map": 1}


# ---- linking ------------------------------------------------------------------------------------------------------


def test_name_matching_uses_step_names_ids_then_touchpoints() -> None:
    data = _map().model_dump(mode="json", exclude_none=True)
    data["stages"][0]["steps"][1]["name"] = "Compare rates"
    data["touchpoints"] = [{"id": "tp-chat", "step": "s-three", "name": "Adviser chat"}]
    journey = Map.model_validate(data)
    links = link_by_name(journey, ["compare-rates", "S_ONE", "Adviser  Chat", "Other"], "planned.yaml")
    by_step = {s.step: (s.activities, s.by) for s in links.steps}
    assert by_step["s-two"] == (("compare-rates",), ("step name",))
    assert by_step["s-one"] == (("S_ONE",), ("step id",))
    assert by_step["s-three"] == (("Adviser  Chat",), ("touchpoint",))
    [warning] = links.warnings
    assert warning.code == "JE144" and warning.severity is Severity.WARNING and warning.where == "planned.yaml"
    assert "2 steps linked to no activity" in warning.message and "s-four, s-five" in warning.message
    assert name_key("Agreement-in-principle") == name_key("agreement  in_principle")


def test_no_link_at_all_is_an_error() -> None:
    with pytest.raises(ProblemsError) as caught:
        link_by_name(_map(), ["Nothing", "Alike"], "planned.yaml")
    assert caught.value.problems[0].code == "JE145" and "--steps" in caught.value.problems[0].hint


def test_mapping_problems_are_located_with_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "steps.yaml"
    path.write_text("s-one: [A]\ns-too: [B]\ns-three:\n  - D\n  - Dd\ns-five: [A]\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        read_step_mapping(path, _map(), ["A", "B", "D", "Dx"])
    problems = {p.code: p for p in caught.value.problems}
    assert problems["JE141"].where == f"{path}:2:1" and "'s-too'" in problems["JE141"].message
    assert "did you mean 's-two'?" in problems["JE141"].hint
    assert problems["JE142"].where == f"{path}:5:5" and "'Dd'" in problems["JE142"].message
    assert "did you mean" in problems["JE142"].hint
    assert problems["JE143"].where == f"{path}:6:10" and "'s-one' and 's-five'" in problems["JE143"].message


def test_a_mapping_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "steps.yaml"
    path.write_text("- A\n- B\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        read_step_mapping(path, _map(), ["A"])
    assert caught.value.problems[0].code == "JE140"


# ---- lanes --------------------------------------------------------------------------------------------------------


def test_lanes_carry_a_card_per_step_and_replace_themselves(engine: Engine, tmp_path: Path) -> None:
    result = _run(engine, tmp_path, _log(4, 120), MAPPING)
    day = dt.date(2026, 10, 1)
    once = with_conform_lanes(_map(), result, today=day)
    twice = with_conform_lanes(once, result, today=day)
    assert once == twice
    assert [lane.id for lane in once.lanes] == ["actions", REACH_LANE, DROPOFF_LANE]
    reach, dropoff = once.lanes[1], once.lanes[2]
    assert reach.title == "Reach (event log)" and dropoff.title == "Drop-off (event log)"
    assert [c.step for c in reach.cards] == STEPS
    one = result.steps[0]
    assert reach.cards[0].text.startswith(f"{one.cases:,} cases · {one.share * 100:.0f} %")
    assert reach.cards[3].text == "not in the event log"
    assert [c.step for c in dropoff.cards] == ["s-one", "s-two", "s-three", "s-five"]
    assert dropoff.cards[0].text.startswith(f"−{one.dropoff:,} (") and "to next" in dropoff.cards[0].text
    assert dropoff.cards[-1].text == "end of the mapped journey"
    assert reach.cards[0].evidence[0].n == one.cases and reach.cards[0].evidence[0].measured_on == day
    assert check_map_references(once) == []
    saved = tmp_path / "map.yaml"
    save_map(once, saved)
    again = read_map(saved)
    assert not [p for p in again.problems if p.is_error] and again.map.lanes == once.lanes


# ---- pm4py ---------------------------------------------------------------------------------------------------------


def test_conforming_cases_are_the_traces_that_fit_the_mapped_order_in_pm4py(engine: Engine, tmp_path: Path) -> None:
    """pm4py's token-based replay (a test-only oracle) on a Petri net of the linked steps in order: one transition per
    activity of step k from p(k-1) to p(k), a self-loop per activity on p(k) (a pass may hold several events), a
    silent transition from every p(k), k >= 1, to the end. A trace fits exactly when it conforms by our rule."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pm4py = pytest.importorskip("pm4py")
        from pm4py.objects.petri_net.obj import Marking, PetriNet
        from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    frame = _log(5, 300)
    result = _run(engine, tmp_path, frame, MAPPING)
    linked = [s for s in STEPS if MAPPING.get(s)]
    index = {a: linked.index(s) for s, acts in MAPPING.items() for a in acts}
    net = PetriNet("mapped order")
    places = [PetriNet.Place(f"p{k}") for k in range(len(linked) + 1)]
    end = PetriNet.Place("end")
    net.places.update([*places, end])
    arcs = [(f"enter {a}", a, places[k], places[k + 1]) for a, k in index.items()]
    arcs += [(f"again {a}", a, places[k + 1], places[k + 1]) for a, k in index.items()]
    arcs += [(f"stop {k}", None, places[k], end) for k in range(1, len(linked) + 1)]
    for name, label, source, target in arcs:
        transition = PetriNet.Transition(name, label)
        net.transitions.add(transition)
        add_arc_from_to(source, transition, net)
        add_arc_from_to(transition, target, net)
    log = frame.assign(order=range(len(frame))).sort_values(["case_id", "timestamp", "order"], kind="stable")
    log = log[log["activity"].isin(list(index))]
    log = pm4py.format_dataframe(log, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        replayed = pm4py.conformance_diagnostics_token_based_replay(
            log, net, Marking({places[0]: 1}), Marking({end: 1})
        )
    assert sum(1 for trace in replayed if trace["trace_is_fit"]) == result.conforming > 0
