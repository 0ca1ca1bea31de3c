"""Survey benchmark: per-step n / mean / 95 % CI over 1, 10 and 30 million survey rows (long form), from
Parquet and from CSV — journeymap's engine (Ibis on DuckDB) against the same computation written plainly in
pandas and against a hand-written DuckDB SQL query (the limit). Targets: ≥ 3× pandas, ≤ 1.3× the raw query,
identical numbers. Each run is a fresh process, so peak memory (max RSS) is its own.

Run: ``python benchmarks/bench_survey.py [--sizes 1,10,30] [--keep]``; data goes to ``~/.cache/journeymap-bench``.
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

from generate import machine, peak_mb

CACHE = Path(os.environ.get("JOURNEYMAP_BENCH_CACHE", Path.home() / ".cache" / "journeymap-bench"))
ELEMENTS = 40


def make_data(millions: int) -> dict[str, Path]:
    """Long-form survey rows (respondent, element, measure, value), written by DuckDB (fast, deterministic)."""
    import duckdb

    base = CACHE / f"survey-{millions}m"
    files = {"parquet": base.with_suffix(".parquet"), "csv": base.with_suffix(".csv")}
    if all(f.exists() for f in files.values()):
        return files
    CACHE.mkdir(parents=True, exist_ok=True)
    rows = millions * 1_000_000
    query = f"""
        SELECT i // {ELEMENTS} AS respondent, 'step-' || (i % {ELEMENTS}) AS element, 'rating' AS measure,
               1 + ((hash(i) % 1000) * (hash(i // 7) % 13) % 10)::INTEGER AS value
        FROM range({rows}) t(i) ORDER BY i
    """
    con = duckdb.connect()
    con.execute(f"COPY ({query}) TO '{files['parquet']}' (FORMAT parquet)")
    con.execute(f"COPY ({query}) TO '{files['csv']}' (FORMAT csv, HEADER)")
    return files


def run_case(engine: str, path: Path) -> dict[str, object]:
    """Run one case in a child process; returns its wall time (start to exit), the compute time (after the
    imports), peak RSS (MB) and the per-step results."""
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import bench_survey as b; b.child({engine!r}, {str(path)!r})"
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - start
    return result


def child(engine: str, path: str) -> None:
    compute = {"journeymap": _journeymap, "pandas": _pandas, "duckdb-sql": _duckdb_sql}[engine]
    compute(Path(path), warm_up=True)  # imports only
    start = time.perf_counter()
    results = compute(Path(path))
    seconds = time.perf_counter() - start
    print(json.dumps({"compute": seconds, "peak_mb": peak_mb(), "results": results}))


def _round(rows: list[tuple[str, int, float, float, float, float]]) -> list[list[object]]:
    return [[e, n, round(m, 9), round(s, 9), round(lo, 9), round(hi, 9)] for e, n, m, s, lo, hi in sorted(rows)]


def _journeymap(path: Path, warm_up: bool = False) -> list[list[object]]:
    from types import SimpleNamespace

    import ibis.backends.duckdb  # noqa: F401  (the backend's import is not part of the computation)

    from journeymap.evidence.engine import Engine
    from journeymap.evidence.survey import summarize_survey
    from journeymap.evidence.survey_spec import spec_from_options

    if warm_up:
        return []
    options = SimpleNamespace(wide=None, long=True, mapping=None, scale=None, missing=None, by=None, weight=None,
                              sheet=None, overall=None)  # fmt: skip
    with Engine() as engine:
        summary = summarize_survey(
            engine, path, spec_from_options(options), distribution=False, count_respondents=False
        )
    return _round([(r.element, r.n, r.mean, r.std, *r.ci95) for r in summary.rows if r.ci95 and r.mean and r.std])


def _ci(n: int, mean: float, std: float) -> tuple[float, float]:
    from journeymap.evidence.stats import student_t_quantile

    half = student_t_quantile(0.975, n - 1) * std / n**0.5
    return mean - half, mean + half


def _pandas(path: Path, warm_up: bool = False) -> list[list[object]]:
    import pandas as pd
    import pyarrow  # noqa: F401

    if warm_up:
        return []
    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    frame = frame[(frame["value"] >= 1) & (frame["value"] <= 10)]
    stats = frame.groupby("element")["value"].agg(["count", "mean", "std"])
    return _round([(e, int(r["count"]), r["mean"], r["std"], *_ci(int(r["count"]), r["mean"], r["std"]))
                   for e, r in stats.iterrows()])  # fmt: skip


def _duckdb_sql(path: Path, warm_up: bool = False) -> list[list[object]]:
    import duckdb

    if warm_up:
        return []
    scan = f"read_parquet('{path}')" if path.suffix == ".parquet" else f"read_csv('{path}', header = true)"
    rows = duckdb.sql(
        f"SELECT element, count(value), avg(value), stddev_samp(value) FROM {scan} "
        "WHERE value BETWEEN 1 AND 10 GROUP BY element"
    ).fetchall()
    return _round([(e, n, m, s, *_ci(n, m, s)) for e, n, m, s in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,30", help="millions of rows, comma-separated")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("compute = after the imports, in process; process = the whole run, from start to exit\n")
    head = (
        "| rows | format | journeymap compute / process | pandas compute / process | raw DuckDB SQL compute / process"
    )
    print(head + " | vs pandas (compute) | vs raw (compute) | same numbers | peak MB (jm / pandas / raw) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for millions in (int(s) for s in args.sizes.split(",")):
        files = make_data(millions)
        for fmt in ("parquet", "csv"):
            runs = {name: run_case(name, files[fmt]) for name in ("journeymap", "pandas", "duckdb-sql")}
            cells = [f"{float(runs[k]['compute']):.2f} s / {float(runs[k]['seconds']):.2f} s" for k in runs]  # type: ignore[arg-type]
            ours, pandas, raw = (float(runs[k]["compute"]) for k in ("journeymap", "pandas", "duckdb-sql"))  # type: ignore[arg-type]
            same = runs["journeymap"]["results"] == runs["pandas"]["results"] == runs["duckdb-sql"]["results"]
            peaks = " / ".join(f"{float(runs[k]['peak_mb']):.0f}" for k in runs)  # type: ignore[arg-type]
            print(f"| {millions} M | {fmt} | {' | '.join(cells)} | {pandas / ours:.1f}× faster | {ours / raw:.2f}× "
                  f"| {'yes' if same else 'NO'} | {peaks} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
