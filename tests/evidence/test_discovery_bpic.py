"""Discovery a CX analyst can use (issue 13), on a log shaped like BPIC 2012 (tools/gen_loan_log.py): the main
path's 5 % rule counts cases (defect 7), activity filters, lifecycle handling, the ordered funnel, outcomes and
first-occurrence waits, each against a pandas reading of its documented rule on the generator's own events (not
on what journeymap read); the names file; and the located problems."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import gzip
import importlib.util
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from journeymap.errors import ProblemsError
from journeymap.evidence.discovery import Discovery, discover
from journeymap.evidence.discovery_filters import EventFilter, LifecycleKeep, filter_events
from journeymap.evidence.discovery_run import DiscoverRequest, discover_log
from journeymap.evidence.draft import OUTCOME_STAGE, draft_map
from journeymap.evidence.engine import ORDER, Engine
from journeymap.evidence.events import read_events
from journeymap.evidence.step_names import read_step_names
from journeymap.model import check_map_references

from support import ROOT

CASES = 300
FUNNEL = ["A_SUBMITTED", "A_PREACCEPTED", "A_ACCEPTED", "A_APPROVED"]


def gen_loan_log() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_loan_log", ROOT / "tools" / "gen_loan_log.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_loan_log", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine() as duck:
        yield duck


@pytest.fixture(scope="module")
def loans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The XES file and the generator's events as a frame (the oracle's input), in file order."""
    gen = gen_loan_log()
    path = tmp_path_factory.mktemp("loans") / "loans.xes"
    gen.write_xes(path, gen.generate(CASES, 2012))
    rows = list(gen.generate(CASES, 2012))
    frame = pd.DataFrame(rows, columns=["case", "activity", "lifecycle", "time"])
    frame["order"] = range(len(frame))
    return path, frame


def run(engine: Engine, path: Path, rule: EventFilter, **options: Any) -> Discovery:
    log = read_events(path, engine, with_lifecycle=True)
    table, summary, _ = filter_events(log.table, engine, rule)
    return discover(table, engine, source=path.name, filters=summary, top=1_000_000, **options)


# ---- the oracles: the documented rules in pandas --------------------------------------------------------------
def kept(frame: pd.DataFrame, include: list[str], exclude: list[str], keep: str) -> pd.DataFrame:
    names = frame["activity"]
    mask = names.map(lambda n: not include or any(fnmatch.fnmatchcase(n, p) for p in include))
    mask &= ~names.map(lambda n: any(fnmatch.fnmatchcase(n, p) for p in exclude))
    out = frame[mask]
    transition = out["lifecycle"].str.lower()
    if keep == "complete":
        out = out[transition == "complete"]
    elif keep == "start":
        with_start = set(out.loc[transition == "start", "activity"])
        out = out[(transition == "start") | ((transition == "complete") & ~out["activity"].isin(with_start))]
    return out.sort_values(["case", "time", "order"], kind="stable")


def oracle_funnel(frame: pd.DataFrame, steps: list[str]) -> list[tuple[int, float | None]]:
    """Greedy earliest match per case: cases reaching each step in order, median seconds from the match before."""
    reached: list[list[float]] = [[] for _ in steps]
    for _, events in frame.groupby("case", sort=False):
        position, before = -1, None
        names, times = list(events["activity"]), list(events["time"])
        for k, step in enumerate(steps):
            found = next((i for i in range(position + 1, len(names)) if names[i] == step), None)
            if found is None:
                break
            reached[k].append(0.0 if before is None else (times[found] - before).total_seconds())
            position, before = found, times[found]
    return [(len(r), None if k == 0 or not r else float(pd.Series(r).median())) for k, r in enumerate(reached)]


def oracle_first_wait(frame: pd.DataFrame, a: str, b: str) -> tuple[int, float | None]:
    ranked = frame.assign(position=frame.groupby("case").cumcount())
    firsts = ranked.groupby(["case", "activity"]).first().reset_index()
    both = firsts[firsts["activity"] == a].merge(firsts[firsts["activity"] == b], on="case", suffixes=("_a", "_b"))
    later = both[both["position_b"] > both["position_a"]]
    waits = (later["time_b"] - later["time_a"]).dt.total_seconds()
    return len(later), float(waits.median()) if len(later) else None


# ---- defect 7 ---------------------------------------------------------------------------------------------------
def test_main_path_rule_counts_cases_not_transitions(engine: Engine) -> None:
    """One case loops A → B fifty times; forty cases go A → C. By transitions A → B (50) beats A → C (40); by
    cases A → B is one case of 41, under 5 %, so the main path is A → C."""
    origin = dt.datetime(2026, 1, 1)
    rows = [("loop", "A" if i % 2 == 0 else "B") for i in range(101)]
    rows += [(f"c{n}", step) for n in range(40) for step in ("A", "C")]
    table = pa.table(
        {
            "case": [c for c, _ in rows],
            "activity": [a for _, a in rows],
            "time": pa.array([origin + dt.timedelta(minutes=i) for i in range(len(rows))], pa.timestamp("us")),
            ORDER: pa.array(range(len(rows)), pa.int64()),
        }
    )
    d = discover(engine.from_arrow(table), engine)
    loop = d.flow("A", "B")
    assert loop is not None and (loop.count, loop.cases) == (50, 1)
    c = d.flow("A", "C")
    assert c is not None and (c.count, c.cases) == (40, 40)
    assert d.main_path == ("A", "C")
    assert {"source": "A", "target": "B", "count": 50, "cases": 1, "median_seconds": 60.0} in d.to_json()[
        "directly_follows"
    ]


# ---- filters and lifecycle -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("include", "exclude", "keep"),
    [(["A_*"], [], "complete"), ([], ["W_*"], "complete"), (["A_*", "O_SENT"], ["A_PARTLYSUBMITTED"], "complete"),
     (["W_*"], [], "start"), ([], [], "start"), ([], [], "all"), (["W_Nabellen offertes"], [], "all")],
)  # fmt: skip
def test_filters_and_lifecycle_equal_pandas(
    engine: Engine, loans: tuple[Path, pd.DataFrame], include: list[str], exclude: list[str], keep: LifecycleKeep
) -> None:
    path, frame = loans
    d = run(engine, path, EventFilter(tuple(include), tuple(exclude), keep))
    expected = kept(frame, include, exclude, keep)
    assert d.events == len(expected) and d.cases == expected["case"].nunique()
    assert {a.activity: a.events for a in d.activities} == expected["activity"].value_counts().to_dict()
    assert d.filters["events_read"] == len(frame) and d.filters["events_kept"] == len(expected)
    assert d.filters["lifecycle"] == keep
    variants = expected.groupby("case", sort=False)["activity"].agg(tuple).value_counts().to_dict()
    assert {v.activities: v.cases for v in d.top_variants} == variants


def test_lifecycle_start_and_complete_are_one_step(engine: Engine, loans: tuple[Path, pd.DataFrame]) -> None:
    path, frame = loans
    d = run(engine, path, EventFilter(("W_Completeren aanvraag",), (), "complete"))
    work = frame[frame["activity"] == "W_Completeren aanvraag"]
    assert d.events == (work["lifecycle"] == "complete").sum() == work["case"].nunique()  # one event per item
    assert d.variant_count == 1 and d.top_variants[0].activities == ("W_Completeren aanvraag",)
    everything = run(engine, path, EventFilter(("W_Completeren aanvraag",), (), "all"))
    assert everything.events == 3 * d.events  # schedule, start, complete


def test_outcomes_equal_pandas(engine: Engine, loans: tuple[Path, pd.DataFrame]) -> None:
    path, frame = loans
    d = run(engine, path, EventFilter(("A_*",)))
    expected = kept(frame, ["A_*"], [], "complete").groupby("case").tail(1)["activity"].value_counts()
    assert [(o.activity, o.cases) for o in d.outcomes] == list(expected.items())
    assert sum(o.share for o in d.outcomes) == pytest.approx(1.0)
    declined = next(o for o in d.outcomes if o.activity == "A_DECLINED")
    assert 0.5 < declined.share < 0.66  # shaped like BPIC 2012: most cases end declined
    a_first = kept(frame, ["A_*"], [], "complete")
    _, median = oracle_first_wait(a_first, "A_SUBMITTED", "A_DECLINED")
    assert declined.median_seconds_from_first_step == pytest.approx(median, abs=1e-3)
    assert d.to_json()["outcomes"][0] == {
        "activity": declined.activity, "cases": declined.cases, "share": round(declined.share, 6),
        "median_seconds_from_first_step": declined.median_seconds_from_first_step,
    }  # fmt: skip


def test_ordered_funnel_equals_pandas(engine: Engine, loans: tuple[Path, pd.DataFrame]) -> None:
    path, frame = loans
    d = run(engine, path, EventFilter(), funnel_steps=FUNNEL)
    expected = oracle_funnel(kept(frame, [], [], "complete"), FUNNEL)
    assert [s.activity for s in d.funnel] == FUNNEL
    assert [s.cases for s in d.funnel] == [n for n, _ in expected]
    for step, (_, median) in zip(d.funnel[1:], expected[1:], strict=True):
        assert step.median_seconds_from_previous == pytest.approx(median, abs=1e-3)
        assert step.median_seconds_first == step.median_seconds_from_previous
    assert [s.drop_off for s in d.funnel] == [0, *(a.cases - b.cases for a, b in itertools.pairwise(d.funnel))]
    assert all(s.drop_off >= 0 for s in d.funnel)
    assert d.funnel_rule.startswith("ordered") and d.to_json()["funnel"][1]["activity"] == FUNNEL[1]


def test_ordered_funnel_counts_order_not_presence(engine: Engine) -> None:
    """A case with B before A reaches A but not 'A then B'; with B after A as well, it reaches both."""
    origin = dt.datetime(2026, 1, 1)
    rows = [("x", "B", 0), ("x", "A", 60), ("y", "B", 0), ("y", "A", 60), ("y", "B", 180)]
    table = pa.table(
        {
            "case": [r[0] for r in rows],
            "activity": [r[1] for r in rows],
            "time": pa.array([origin + dt.timedelta(seconds=r[2]) for r in rows], pa.timestamp("us")),
            ORDER: pa.array(range(len(rows)), pa.int64()),
        }
    )
    d = discover(engine.from_arrow(table), engine, funnel_steps=["A", "B"])
    assert [(s.cases, s.median_seconds_from_previous) for s in d.funnel] == [(2, None), (1, 120.0)]


def test_first_occurrence_waits_equal_pandas_and_differ_from_direct(
    engine: Engine, loans: tuple[Path, pd.DataFrame]
) -> None:
    path, frame = loans
    d = run(engine, path, EventFilter(("A_*",)))
    a_only = kept(frame, ["A_*"], [], "complete")
    for previous, step in itertools.pairwise(d.funnel):
        _, median = oracle_first_wait(a_only, previous.activity, step.activity)
        assert step.median_seconds_first == pytest.approx(median, abs=1e-3), step.activity
        flow = d.flow(previous.activity, step.activity)
        assert step.median_seconds_direct == (flow.median_seconds if flow else None)
    approved = next(s for s in d.funnel if s.activity == "A_APPROVED")
    # days between finalizing and approval (first to first), as in the log; the wait shown is that one
    assert approved.median_seconds_first is not None and approved.median_seconds_first > 86_400
    assert approved.median_seconds_from_previous == approved.median_seconds_first
    direct = run(engine, path, EventFilter(("A_*",)), waits="direct")
    shown = [s.median_seconds_from_previous for s in direct.funnel]
    assert shown == [s.median_seconds_direct for s in direct.funnel]
    assert direct.to_json()["waits"]["shown"] == "direct"


# ---- the names file and the draft -----------------------------------------------------------------------------
NAMES = """\
activities:
  A_SUBMITTED: Submit application
  A_PARTLYSUBMITTED: Application received
  A_PREACCEPTED: Pre-accepted
  A_DECLINED: Application declined
stages:
  Apply: [A_SUBMITTED, A_PARTLYSUBMITTED]
  Assess: [A_PREACCEPTED, A_ACCEPTED, A_FINALIZED]
  Decide: [A_APPROVED, A_REGISTERED, A_ACTIVATED]
"""


def test_names_and_stages_make_the_draft_a_journey(loans: tuple[Path, pd.DataFrame], tmp_path: Path) -> None:
    path, _ = loans
    names_file = tmp_path / "names.yaml"
    names_file.write_text(NAMES, encoding="utf-8")
    request = DiscoverRequest(rule=EventFilter(("A_*",)), names=names_file)
    d, names = discover_log(path, request)
    m = draft_map(d, "Loans", names=names)
    assert [s.name for s in m.stages] == ["Apply", "Assess", "Decide", OUTCOME_STAGE]
    apply, assess, decide, outcome = m.stages
    assert [s.name for s in apply.steps] == ["Submit application", "Application received"]
    assert [s.name for s in assess.steps][:1] == ["Pre-accepted"] and "A_ACCEPTED" in [s.name for s in assess.steps]
    assert "Application declined" in [s.name for s in outcome.steps]
    declined = next(s for s in outcome.steps if s.name == "Application declined")
    assert "end here" in declined.description and "(first → first)" in declined.description
    waits = [s.description for s in decide.steps]
    assert any(" d " in text or text.count(" d") for text in waits)  # days, not seconds
    assert check_map_references(m) == []
    assert "Outcomes: " in m.description and "Application declined" in m.description


def test_names_file_problems_are_located(tmp_path: Path) -> None:
    names_file = tmp_path / "names.yaml"
    names_file.write_text("activities:\n  A_SUBMITED: Submit\nstages:\n  Apply: [A_SUBMITTED, A_PARTLY]\n")
    with pytest.raises(ProblemsError) as caught:
        read_step_names(names_file, ["A_SUBMITTED", "A_PARTLYSUBMITTED"])
    found = [str(p) for p in caught.value.problems]
    assert found[0].startswith(f"{names_file}:2:3: JE122 no activity 'A_SUBMITED' in the log")
    assert "did you mean 'A_SUBMITTED'" in found[0]
    assert found[1].startswith(f"{names_file}:4:24: JE122 no activity 'A_PARTLY'")


def test_names_reach_every_output_and_change_no_number(loans: tuple[Path, pd.DataFrame], tmp_path: Path) -> None:
    from journeymap.render.discovery.text import render_discovery_text
    from journeymap.render.svg_discovery import render_flow_svg, render_funnel_svg

    path, _ = loans
    names_file = tmp_path / "names.yaml"
    names_file.write_text(NAMES, encoding="utf-8")
    rule = EventFilter(("A_*",))
    named, _ = discover_log(path, DiscoverRequest(rule=rule, names=names_file))
    plain, _ = discover_log(path, DiscoverRequest(rule=rule))
    assert named.names["A_DECLINED"] == "Application declined" and plain.names == {}
    assert named.step_name("A_SUBMITTED") == "Submit application" and named.step_name("A_ACCEPTED") == "A_ACCEPTED"
    assert dataclasses.replace(named, names={}) == plain
    text = render_discovery_text(named)
    assert "Submit application (A_SUBMITTED)" in text and "Application declined (A_DECLINED)" in text
    funnel, flow = render_funnel_svg(named), render_flow_svg(named)
    assert ">Submit application<" in funnel and ">A_SUBMITTED<" in funnel
    assert ">Application declined<" in flow and ">A_DECLINED<" not in flow
    stages_only = tmp_path / "stages.yaml"
    stages_only.write_text("stages:\n  Apply: [A_SUBMITTED]\n", encoding="utf-8")
    staged, _ = discover_log(path, DiscoverRequest(rule=rule, names=stages_only))
    assert staged.to_json() == plain.to_json() and render_funnel_svg(staged) == render_funnel_svg(plain)


def test_the_generator_gzips_a_xes_gz(loans: tuple[Path, pd.DataFrame], tmp_path: Path) -> None:
    gen = gen_loan_log()
    packed = tmp_path / "loans.xes.gz"
    assert gen.main([str(packed), "--cases", str(CASES)]) == 0
    data = packed.read_bytes()
    assert data[:2] == b"\x1f\x8b"  # a gzip stream, not plain XML
    assert gzip.decompress(data) == loans[0].read_bytes()
    again = tmp_path / "again.xes.gz"
    gen.main([str(again), "--cases", str(CASES)])
    assert again.read_bytes() == data  # no time or file name in the header: the same bytes each time
    rule = EventFilter(("A_*",))
    from_gz, _ = discover_log(packed, DiscoverRequest(rule=rule))
    from_xml, _ = discover_log(loans[0], DiscoverRequest(rule=rule))
    assert dataclasses.replace(from_gz, source="") == dataclasses.replace(from_xml, source="")
