"""Planned-vs-actual benchmark: ``journeymap conform`` (Ibis on DuckDB) against two peers on the same home-loan logs
(``tools/gen_events.py``, CSV) and the home-loan as-is map with its step mapping:

* **pandas**: the rules of docs/conform.md written a second time, vectorised in pandas (read, sort, passes,
  per-case and per-step aggregates). Every per-step figure, the conforming and the in-order counts must be equal.
* **pm4py token-based replay** on a Petri net built from the map's linked steps in order: places p0 … pm, one
  transition per activity of step *k* from p(k-1) to p(k), a self-loop per activity of step *k* on p(k) (a pass
  may hold several events), and a silent transition from every p(k), k ≥ 1, to the end (stopping early is
  drop-off, not a deviation). The log is filtered to the linked activities first. A trace fits this net exactly
  when it conforms by our rule, so pm4py's count of fitting traces must equal ``conforming``.

Each case runs in a fresh process (its wall time, reading the CSV included, and peak memory are its own).
Run: ``python benchmarks/bench_conform.py`` (10 k, 100 k, 1 M events) or ``--large`` (and 10 M);
``--no-pm4py-over N`` skips pm4py above N events (it is given up to ``--pm4py-timeout`` seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import machine, peak_mb

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("JOURNEYMAP_BENCH_CACHE", Path.home() / ".cache" / "journeymap-bench"))
HOME = ROOT / "examples" / "home-loan"
MAP = HOME / "maps" / "home-loan-as-is.yaml"
STEPS = HOME / "evidence" / "applications-steps.yaml"
os.environ.setdefault("JOURNEYMAP_LIMIT_FILE_MB", "4096")  # a 10-million-event CSV is about 520 MB
FIGURES = ("cases", "dropoff", "skipped", "repeated", "out_of_order", "median_to_next_s")


def log(events: int) -> Path:
    path = CACHE / f"events-{events}.csv"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "tools" / "gen_events.py"), str(path), "--events", str(events)],
                       check=True, capture_output=True)  # fmt: skip
    return path


def run(case: str, path: Path, timeout: float | None = None) -> dict[str, Any] | None:
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import bench_conform as b; b.child({case!r}, {str(path)!r})"
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - start
    return result


def child(case: str, path: str) -> None:
    import warnings

    warnings.simplefilter("ignore")
    result = {"ours": _ours, "pandas": _pandas, "pm4py": _pm4py}[case](Path(path))
    print(json.dumps({**result, "peak_mb": peak_mb()}))


def _linked() -> tuple[list[str], dict[str, int]]:
    """The linked step ids in map order and activity → index of its step."""
    import yaml

    from journeymap.files.loader import load_map

    mapping = yaml.safe_load(STEPS.read_text(encoding="utf-8"))
    order = [s.id for s in load_map(MAP).steps if s.id in mapping]
    return order, {a: order.index(step) for step, acts in mapping.items() for a in acts}


def _ours(path: Path) -> dict[str, Any]:
    from journeymap.evidence.conform import conform_log
    from journeymap.files.loader import load_map

    result = conform_log(load_map(MAP), path, steps=STEPS)
    steps = [{k: getattr(s, k) for k in FIGURES} for s in result.steps]
    return {"cases": result.cases, "conforming": result.conforming, "in_order": result.in_order, "steps": steps}


def _pandas(path: Path) -> dict[str, Any]:
    import numpy as np
    import pandas as pd

    order, index = _linked()
    m = len(order)
    frame = pd.read_csv(path, usecols=["case_id", "activity", "timestamp"], parse_dates=["timestamp"])
    frame["order"] = np.arange(len(frame))
    cases = int(frame["case_id"].nunique())
    ev = frame[frame["activity"].isin(list(index))].copy()
    ev["step"] = ev["activity"].map(index).astype("int64")
    ev = ev.sort_values(["case_id", "timestamp", "order"], kind="mergesort")
    new_case = ev["case_id"].ne(ev["case_id"].shift())
    prev = ev["step"].shift().where(~new_case)
    start = new_case | ev["step"].ne(prev)
    passes = ev.loc[start, ["case_id", "step", "timestamp"]].assign(prev=prev[start])
    passes["pos"] = passes.groupby("case_id", sort=False).cumcount()
    per_case = passes.groupby("case_id", sort=False).agg(n=("pos", "size"), top=("step", "max"))
    per_case["backs"] = (passes["prev"] > passes["step"]).groupby(passes["case_id"], sort=False).sum()
    forward = per_case["backs"] == 0
    cs = (
        passes.groupby(["case_id", "step"], sort=True)
        .agg(n=("pos", "size"), first=("pos", "min"), last=("pos", "max"), t=("timestamp", "min"))
        .reset_index()
    )
    by_case = cs.groupby("case_id", sort=False)
    cs["next_step"], cs["next_first"], cs["next_t"] = (by_case[c].shift(-1) for c in ("step", "first", "t"))
    rev = cs.iloc[::-1]
    rev_by = rev.groupby("case_id", sort=False)
    cs["later_last"] = rev_by["last"].cummax().groupby(rev["case_id"], sort=False).shift(1)
    cs["later_first"] = rev_by["first"].cummin().groupby(rev["case_id"], sort=False).shift(1)
    cs["gap"] = (
        (cs["next_t"] - cs["t"])
        .dt.total_seconds()
        .where((cs["next_step"] == cs["step"] + 1) & (cs["next_first"] > cs["first"]))
    )
    tops = per_case["top"].value_counts()
    steps = []
    for k in range(m):
        s = cs[cs["step"] == k]
        last = k == m - 1
        median = s["gap"].median()
        steps.append({
            "cases": len(s),
            "dropoff": None if last else int((s["later_last"].isna() | (s["later_last"] < s["first"])).sum()),
            "skipped": int(tops[tops.index > k].sum()) - int(s["later_last"].notna().sum()),
            "repeated": int((s["n"] >= 2).sum()),
            "out_of_order": int((s["later_first"] < s["last"]).sum()),
            "median_to_next_s": None if last or pd.isna(median) else round(float(median), 6),
        })  # fmt: skip
    conforming = int((forward & (per_case["n"] == per_case["top"] + 1)).sum())
    return {"cases": cases, "conforming": conforming, "in_order": int(forward.sum()), "steps": steps}


def _net(order: list[str], index: dict[str, int]) -> tuple[Any, Any, Any]:
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    net = PetriNet("mapped order")
    places = [PetriNet.Place(f"p{k}") for k in range(len(order) + 1)]
    end = PetriNet.Place("end")
    for place in [*places, end]:
        net.places.add(place)

    def transition(name: str, label: str | None, source: Any, target: Any) -> None:
        t = PetriNet.Transition(name, label)
        net.transitions.add(t)
        add_arc_from_to(source, t, net)
        add_arc_from_to(t, target, net)

    for activity, k in index.items():
        transition(f"enter {activity}", activity, places[k], places[k + 1])
        transition(f"again {activity}", activity, places[k + 1], places[k + 1])
    for k in range(1, len(order) + 1):
        transition(f"stop {k}", None, places[k], end)
    return net, Marking({places[0]: 1}), Marking({end: 1})


def _pm4py(path: Path) -> dict[str, Any]:
    import pandas as pd
    import pm4py

    order, index = _linked()
    frame = pd.read_csv(path, usecols=["case_id", "activity", "timestamp"])
    cases = int(frame["case_id"].nunique())
    frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
    frame = frame[frame["concept:name"].isin(list(index))]
    net, initial, final = _net(order, index)
    replayed = pm4py.conformance_diagnostics_token_based_replay(frame, net, initial, final)
    fit = sum(1 for trace in replayed if trace["trace_is_fit"])
    return {"cases": cases, "conforming": fit}


def _row(events: int, ours: dict[str, Any], peer: dict[str, Any] | None, name: str, same: str) -> str:
    if peer is None:
        return f"| {events:,} | {name} | {ours['seconds']:.1f} s | did not finish | – | – | {ours['peak_mb']:.0f} / – |"
    ratio = peer["seconds"] / ours["seconds"]
    return (f"| {events:,} | {name} | {ours['seconds']:.1f} s | {peer['seconds']:.1f} s | {ratio:.1f}× | {same} | "
            f"{ours['peak_mb']:.0f} / {peer['peak_mb']:.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="also 10 million events")
    parser.add_argument("--sizes", help="comma-separated event counts instead of the defaults")
    parser.add_argument("--no-pm4py-over", type=int, default=10**12, metavar="N", help="skip pm4py above N events")
    parser.add_argument("--pm4py-timeout", type=float, default=1800, metavar="S", help="give pm4py at most S seconds")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [10_000, 100_000, 1_000_000]
    if args.large and not args.sizes:
        sizes.append(10_000_000)
    print(f"machine: {machine()}\n")
    print("| events | peer | journeymap conform | peer | peer / journeymap | same result | peak MB (jm / peer) |")
    print("|---|---|---|---|---|---|---|")
    for events in sizes:
        path = log(events)
        ours = run("ours", path)
        assert ours is not None
        theirs = run("pandas", path)
        assert theirs is not None
        same = all(ours[k] == theirs[k] for k in ("cases", "conforming", "in_order", "steps"))
        print(_row(events, ours, theirs, "pandas (same rules)", "yes" if same else "NO"), flush=True)
        if events > args.no_pm4py_over:
            print(f"| {events:,} | pm4py token replay | {ours['seconds']:.1f} s | skipped | – | – | – |", flush=True)
            continue
        replay = run("pm4py", path, timeout=args.pm4py_timeout)
        same = "–" if replay is None else "yes" if replay["conforming"] == ours["conforming"] else "NO"
        print(_row(events, ours, replay, "pm4py token replay (fit traces)", same), flush=True)


if __name__ == "__main__":
    main()
