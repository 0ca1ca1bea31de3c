"""``journeymap discover`` beside pm4py, on the same CSV event logs (``tools/gen_events.py``, deterministic).

journeymap: the whole discovery of the ``discover`` command — read the CSV into DuckDB and check it, then
directly-follows counts (and distinct cases per edge), variants, start and end activities (outcomes), the main
path, its funnel and the first-occurrence waits between its steps (:func:`journeymap.evidence.discovery_run
.discover_log`). pm4py 2.7: ``pandas.read_csv``, ``format_dataframe``, ``discover_dfg`` (which gives the start and
end activities too), ``get_variants``. Both answers are checked: same cases, events, directly-follows counts,
variant count, start and end activities. Each side runs in a fresh process (its own wall time and peak memory).

Run: ``python benchmarks/bench_discover_pm4py.py`` (10,000 and 100,000 events) or with ``--large`` (adds 10
million). Logs are cached in ``~/.cache/journeymap-bench`` (``JOURNEYMAP_BENCH_CACHE``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_discovery import log

from generate import machine, peak_mb

SMALL = (10_000, 100_000)
LARGE = 10_000_000


def run(side: str, path: Path, timeout: float) -> dict[str, object]:
    here = str(Path(__file__).parent)
    code = (
        f"import sys; sys.path.insert(0, {here!r}); import bench_discover_pm4py as b; b.child({side!r}, {str(path)!r})"
    )
    env = {**os.environ, "JOURNEYMAP_LIMIT_FILE_MB": os.environ.get("JOURNEYMAP_LIMIT_FILE_MB", "4000")}  # 10 M: 517 MB
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=timeout, env=env
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - start
    return result


def child(side: str, path: str) -> None:
    import warnings

    warnings.simplefilter("ignore")
    result = _ours(Path(path)) if side == "journeymap" else _pm4py(Path(path))
    print(json.dumps({**result, "peak_mb": peak_mb()}))


def _ours(path: Path) -> dict[str, object]:
    from journeymap.evidence.discovery_run import DiscoverRequest, discover_log

    found, _ = discover_log(path, DiscoverRequest())
    return {
        "cases": found.cases,
        "events": found.events,
        "dfg": {f"{f.source}\u2192{f.target}": f.count for f in found.directly_follows},
        "variants": found.variant_count,
        "start": dict(found.start_activities),
        "end": dict(found.end_activities),
    }


def _pm4py(path: Path) -> dict[str, object]:
    import pandas as pd
    import pm4py

    frame = pd.read_csv(path)
    frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
    dfg, start, end = pm4py.discover_dfg(frame)
    variants = pm4py.get_variants(frame)
    return {
        "cases": int(frame["case:concept:name"].nunique()),
        "events": len(frame),
        "dfg": {f"{a}\u2192{b}": int(c) for (a, b), c in dfg.items()},
        "variants": len(variants),
        "start": {k: int(v) for k, v in start.items()},
        "end": {k: int(v) for k, v in end.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help=f"add {LARGE:,} events")
    parser.add_argument("--events", type=int, action="append", help="sizes instead of the defaults (repeatable)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per side and size")
    args = parser.parse_args()
    sizes = list(args.events or SMALL) + ([LARGE] if args.large else [])
    print(f"machine: {machine()}\n")
    print("| events | journeymap discover | pm4py | pm4py / journeymap | same answer | peak MB (jm / pm4py) |")
    print("|---:|---:|---:|---:|---|---|")
    for size in sizes:
        path = log(size, ".csv")
        ours, theirs = run("journeymap", path, args.timeout), run("pm4py", path, args.timeout)
        keys = ("cases", "events", "dfg", "variants", "start", "end")
        same = all(ours[k] == theirs[k] for k in keys)
        mine, other = float(ours["seconds"]), float(theirs["seconds"])  # type: ignore[arg-type]
        print(f"| {size:,} | {mine:.2f} s | {other:.2f} s | {other / mine:.2f}× | {'yes' if same else 'NO'} | "
              f"{float(ours['peak_mb']):.0f} / {float(theirs['peak_mb']):.0f} |", flush=True)  # type: ignore[arg-type]  # fmt: skip


if __name__ == "__main__":
    main()
