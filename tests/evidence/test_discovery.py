"""Journey discovery: the counts equal pm4py's (a test-only oracle) and a plain-Python reading of the rules in
PRODUCT.md; the main path, the funnel and the draft map follow their documented rules."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import statistics
import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.evidence.discovery import (
    MAIN_PATH_RULE,
    Discovery,
    Flow,
    discover,
    format_duration,
    funnel,
    main_path,
)
from journeymap.evidence.draft import (
    DRAFT_STAGE,
    MAX_OUTCOMES,
    MIN_OUTCOME_SHARE,
    OUTCOME_STAGE,
    draft_map,
    touchpoint_kind,
)
from journeymap.evidence.engine import ORDER, Engine
from journeymap.evidence.events import read_events
from journeymap.files.dump import save_map
from journeymap.files.loader import read_map
from journeymap.model import LaneKind, TouchpointKind, check_map_references

from support import EXAMPLES, FIXTURES, HOSTILE, ROOT

EVENTS = FIXTURES / "events"
EXAMPLE_LOG = EXAMPLES / "home-loan" / "evidence" / "applications-events.csv"
ALL = 1_000_000  # keep every variant


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine() as duck:
        yield duck


@pytest.fixture(scope="module")
def pm4py() -> Any:
    """pm4py, the process-mining oracle (AGPL: tests only). Its import prints a banner on stderr; any warning
    it raises while importing is kept out of the test run's warnings-as-errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pytest.importorskip("pm4py")


def gen_events() -> ModuleType:
    """tools/gen_events.py, imported from its path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_events", ROOT / "tools" / "gen_events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_events", module)  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def run(engine: Engine, path: Path, **options: Any) -> Discovery:
    log = read_events(path, engine, **options)
    return discover(log.table, engine, source=path.name, top=ALL)


# ---- pm4py as the oracle -----------------------------------------------------------------------------------------
def oracle(pm4py: Any, frame: pd.DataFrame, case: str, activity: str, time: str) -> dict[str, Any]:
    """What pm4py says about a log (``format_dataframe`` sorts by case, then time, stably: ties keep file order)."""
    df = pm4py.format_dataframe(frame, case_id=case, activity_key=activity, timestamp_key=time)
    dfg, start, end = pm4py.discover_dfg(df)
    performance, _, _ = pm4py.discover_performance_dfg(df)
    variants = pm4py.get_variants(df)
    return {
        "dfg": dict(dfg),
        "start": dict(start),
        "end": dict(end),
        "variants": {tuple(k): (v if isinstance(v, int) else len(v)) for k, v in variants.items()},
        "medians": {edge: stats["median"] for edge, stats in performance.items()},
        "cases": df["case:concept:name"].nunique(),
        "events": len(df),
    }


def ours(d: Discovery) -> dict[str, Any]:
    return {
        "dfg": {(f.source, f.target): f.count for f in d.directly_follows},
        "start": dict(d.start_activities),
        "end": dict(d.end_activities),
        "variants": {v.activities: v.cases for v in d.top_variants},
        "medians": {(f.source, f.target): f.median_seconds for f in d.directly_follows},
        "cases": d.cases,
        "events": d.events,
    }


def assert_same(mine: dict[str, Any], theirs: dict[str, Any]) -> None:
    for key in ("dfg", "start", "end", "variants", "cases", "events"):
        assert mine[key] == theirs[key], key
    assert mine["medians"].keys() == theirs["medians"].keys()
    for edge, median in theirs["medians"].items():
        assert mine["medians"][edge] == pytest.approx(float(median), abs=1e-6), edge


def csv_frame(path: Path, time: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[time] = pd.to_datetime(frame[time])
    return frame


def test_ties_keep_file_order(engine: Engine) -> None:
    d = run(engine, EVENTS / "ties.csv")
    assert {v.activities: v.cases for v in d.top_variants} == {
        ("Apply", "Search", "Compare"): 1,  # c1: Search and Compare share a time: file order
        ("Search", "Call", "Compare"): 1,  # c2
        ("Compare", "Search", "Apply"): 1,  # c3: three events at one time
        ("Search", "Search"): 1,  # c4
    }
    assert d.start_activities == {"Search": 2, "Apply": 1, "Compare": 1}
    assert d.end_activities == {"Compare": 2, "Apply": 1, "Search": 1}
    assert d.flow("Search", "Search") == Flow("Search", "Search", 1, 300.0, 1)


def test_ties_fixture_matches_pm4py(engine: Engine, pm4py: Any) -> None:
    path = EVENTS / "ties.csv"
    assert_same(ours(run(engine, path)), oracle(pm4py, csv_frame(path, "time"), "customer", "touchpoint", "time"))


def test_example_log_matches_pm4py(engine: Engine, pm4py: Any) -> None:
    d = run(engine, EXAMPLE_LOG)
    theirs = oracle(pm4py, csv_frame(EXAMPLE_LOG, "timestamp"), "case_id", "activity", "timestamp")
    assert_same(ours(d), theirs)
    assert d.cases == 3000 and d.variant_count == len(theirs["variants"])


@pytest.mark.parametrize("name", ["small.xes", "small.xes.gz"])
def test_xes_matches_pm4py_read_xes(engine: Engine, pm4py: Any, name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pm4py's XES importer may warn about its own optional parts
        frame = pm4py.read_xes(str(EVENTS / name))
    theirs = oracle(pm4py, frame, "case:concept:name", "concept:name", "time:timestamp")
    assert_same(ours(run(engine, EVENTS / name)), theirs)


def test_generated_logs_match_pm4py(engine: Engine, pm4py: Any, tmp_path: Path) -> None:
    gen = gen_events()
    path = tmp_path / "gen.parquet"
    gen.write_log(path, gen.generate(99, events=20_000))
    frame = pd.read_parquet(path)
    assert_same(ours(run(engine, path)), oracle(pm4py, frame, "case_id", "activity", "timestamp"))


# ---- a plain-Python reading of the rules, on random logs ---------------------------------------------------------
def plain(rows: list[tuple[str, str, int]]) -> dict[str, Any]:
    """The PRODUCT.md rules read literally: ``rows`` are (case, activity, minute) in file order."""
    by_case: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for order, (case, activity, minute) in enumerate(rows):
        by_case[case].append((minute, order, activity))
    dfg: Counter[tuple[str, str]] = Counter()
    gaps: dict[tuple[str, str], list[float]] = defaultdict(list)
    variants: Counter[tuple[str, ...]] = Counter()
    reach: Counter[str] = Counter()
    for events in by_case.values():
        events.sort()
        sequence = tuple(a for _, _, a in events)
        variants[sequence] += 1
        reach.update(set(sequence))
        for (m1, _, a), (m2, _, b) in itertools.pairwise(events):
            dfg[(a, b)] += 1
            gaps[(a, b)].append((m2 - m1) * 60.0)
    return {
        "dfg": dict(dfg),
        "start": dict(Counter(v[0] for v in variants.elements())),
        "end": dict(Counter(v[-1] for v in variants.elements())),
        "variants": dict(variants),
        "medians": {edge: statistics.median(values) for edge, values in gaps.items()},
        "cases": len(by_case),
        "events": len(rows),
        "reach": dict(reach),
    }


ORIGIN = dt.datetime(2026, 5, 1, 9)

logs = st.lists(
    st.tuples(st.sampled_from(["c1", "c2", "c3", "c4", "c5"]), st.sampled_from(["a", "b", "c", "d"]),
              st.integers(0, 6)),
    min_size=1,
    max_size=30,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(rows=logs)
def test_counts_equal_the_rules_on_random_logs(engine: Engine, rows: list[tuple[str, str, int]]) -> None:
    table = pa.table(
        {
            "case": [r[0] for r in rows],
            "activity": [r[1] for r in rows],
            "time": pa.array([ORIGIN + dt.timedelta(minutes=r[2]) for r in rows], pa.timestamp("us")),
            ORDER: pa.array(range(len(rows)), pa.int64()),
        }
    )
    d = discover(engine.from_arrow(table), engine, top=ALL)
    expected = plain(rows)
    mine = ours(d)
    for key in ("dfg", "start", "end", "variants", "cases", "events"):
        assert mine[key] == expected[key], key
    assert mine["medians"] == pytest.approx(expected["medians"])
    assert d.variant_count == len(expected["variants"])
    assert {a.activity: a.cases for a in d.activities} == expected["reach"]
    assert [s.cases for s in d.funnel] == [expected["reach"][a] for a in d.main_path]
    assert d.main_path == main_path(expected["start"], d.directly_follows, expected["cases"])


# ---- the rules on the aggregates ---------------------------------------------------------------------------------
def flows(*items: tuple[str, str, int]) -> list[Flow]:
    return [Flow(s, t, n, None, n) for s, t, n in items]


def test_main_path_is_a_greedy_walk() -> None:
    edges = flows(("a", "b", 50), ("a", "c", 40), ("b", "a", 60), ("b", "c", 45), ("c", "d", 30), ("c", "e", 30))
    # from the top start a: b (50); from b: a is on the path already, so c (45); from c: d and e tie: d
    assert main_path({"a": 90, "x": 10}, edges, 100) == ("a", "b", "c", "d")
    # edges taken by fewer than 5 % of the cases end the walk
    assert main_path({"a": 90}, flows(("a", "b", 50), ("b", "c", 4)), 100) == ("a", "b")
    assert main_path({"b": 5, "a": 5}, [], 10) == ("a",)  # a tie of starts: the first name
    assert main_path({}, [], 0) == ()
    assert "greedy walk" in MAIN_PATH_RULE and "5 %" in MAIN_PATH_RULE


def test_funnel_drop_off_can_be_negative() -> None:
    from journeymap.evidence.discovery import ActivityStats

    stats = [ActivityStats("a", 10, 10, 10, 4, 60.0), ActivityStats("b", 12, 12, 0, 12, None)]
    steps = funnel(["a", "b"], stats, flows(("a", "b", 6)))
    assert [(s.cases, s.share, s.drop_off, s.stopped_here) for s in steps] == [(10, 1.0, 0, 4), (12, 1.2, -2, 12)]
    assert steps[1].stop_share == 1.0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "–"), (0, "0 s"), (59.4, "59 s"), (60, "1 min"), (3599, "59 min"), (3600, "1 h"), (7800, "2 h 10 min"),
     (86400, "1 d"), (86400 * 3 + 3600 * 4 + 59, "3 d 4 h")],
)  # fmt: skip
def test_format_duration(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


def test_json_shape(engine: Engine) -> None:
    d = run(engine, EXAMPLE_LOG)
    data = json.loads(json.dumps(d.to_json(), default=str))
    assert {"cases", "events", "activities", "variants", "directly_follows", "start_activities", "end_activities",
            "funnel", "main_path", "top_variants"} <= data.keys()  # fmt: skip
    assert (data["cases"], data["activities"]) == (3000, 12)
    assert isinstance(data["variants"], int)
    assert set(data["directly_follows"][0]) == {"source", "target", "count", "cases", "median_seconds"}
    assert {"activity", "cases"} <= set(data["funnel"][0])
    assert [s["activity"] for s in data["funnel"]] == data["main_path"]
    assert data["main_path"] == [
        "Borrowing calculator", "Agreement in principle", "Application portal", "Document upload",
        "Underwriter call", "Valuation", "Offer letter", "Completion",
    ]  # fmt: skip


def test_discovery_leaves_no_tables_behind(engine: Engine) -> None:
    log = read_events(EVENTS / "ties.csv", engine)
    before = engine.table_names()
    discover(log.table, engine)
    assert engine.table_names() == before


# ---- the draft map -----------------------------------------------------------------------------------------------
def test_draft_map_of_the_example_log(engine: Engine, tmp_path: Path) -> None:
    d = run(engine, EXAMPLE_LOG)
    m = draft_map(d, "Home-loan applications — discovered journey")
    outcomes = [o for o in d.outcomes[:MAX_OUTCOMES] if o.share >= MIN_OUTCOME_SHARE and o.activity not in d.main_path]
    assert [s.name for s in m.stages] == [DRAFT_STAGE, OUTCOME_STAGE]
    assert [s.name for s in m.steps] == [*d.main_path, *(o.activity for o in outcomes)]
    assert m.state.value == "as-is" and "applications-events.csv" in m.description and "3,000 cases" in m.description
    kinds = {(t.name, t.channel): t.kind for t in m.touchpoints}
    assert kinds[("Underwriter call", "phone")] is TouchpointKind.HUMAN
    assert kinds[("Valuation", "in-person")] is TouchpointKind.HUMAN
    assert kinds[("Offer letter (email)", "email")] is TouchpointKind.STATIC
    assert kinds[("Application portal (web)", "web")] is TouchpointKind.INTERACTIVE
    assert all(any(t.step == s.id for t in m.touchpoints) for s in m.steps)  # every step has a touchpoint
    metrics = m.lane(LaneKind.METRICS)
    assert metrics is not None and m.lane(LaneKind.TOUCHPOINTS) is not None
    second = m.steps[1]
    texts = [c.text for c in m.cards_at(metrics, second.id)]
    step = d.funnel[1]
    assert step.median_seconds_from_previous == step.median_seconds_first  # first-occurrence waits by default
    assert texts[0] == f"{step.cases:,} cases reach this step ({step.share * 100:.0f} %)"
    wait = format_duration(step.median_seconds_first)
    assert texts[1] == f"Median wait {wait} after Borrowing calculator (first → first)"
    # 12 % of the cases end at this step: an outcome on the path, whose card gives its share of all cases
    ends = next(o for o in d.outcomes if o.activity == step.activity)
    assert texts[2] == f"{ends.share * 100:.0f} % of all cases end here ({ends.cases:,})"
    shown = {o.activity for o in d.outcomes[:MAX_OUTCOMES] if o.share >= MIN_OUTCOME_SHARE}
    for index, funnel_step in enumerate(d.funnel):  # a step that is no outcome says how many stop there
        cards = [c.text for c in m.cards_at(metrics, m.steps[index].id)]
        stops = f"{funnel_step.stop_share * 100:.0f} % stop here ({funnel_step.stopped_here:,} cases)"
        assert (stops in cards) == (funnel_step.stopped_here > 0 and funnel_step.activity not in shown)
    assert "after Borrowing calculator (first → first)" in second.description
    assert "of cases stop here" in second.description
    last = m.steps[-1]
    outcome = outcomes[-1]
    assert m.cards_at(metrics, last.id)[0].text == (
        f"{outcome.share * 100:.0f} % of all cases end here ({outcome.cases:,})"
    )
    assert check_map_references(m) == []
    path = tmp_path / "draft.yaml"
    save_map(m, path)
    assert read_map(path).map == m


def test_draft_map_without_channels_and_with_hostile_names(engine: Engine) -> None:
    names = [*HOSTILE, "Apply!", "Apply?"]
    table = pa.table(
        {
            "case": ["k"] * len(names),
            "activity": names,
            "time": pa.array([ORIGIN + dt.timedelta(hours=i) for i in range(len(names))], pa.timestamp("us")),
            ORDER: pa.array(range(len(names)), pa.int64()),
        }
    )
    d = discover(engine.from_arrow(table), engine, source="<b>log</b>.csv")
    m = draft_map(d, HOSTILE[0])
    assert [s.name for s in m.steps] == names
    assert len({s.id for s in m.steps}) == len(names)
    assert m.touchpoints == []  # no channels: nothing to say about touchpoints
    assert check_map_references(m) == []


@pytest.mark.parametrize(
    ("channel", "kind"),
    [("phone", "human"), ("Branch", "human"), ("store", "human"), ("live chat", "human"), ("in-person", "human"),
     ("letter", "static"), ("email", "static"), ("SMS", "static"), ("web", "interactive"), ("app", "interactive"),
     ("kiosk", "interactive"), ("other", "interactive")],
)  # fmt: skip
def test_touchpoint_kind_from_channel(channel: str, kind: str) -> None:
    assert touchpoint_kind(channel).value == kind
