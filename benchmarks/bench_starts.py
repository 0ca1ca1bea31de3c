"""Fast starts (issue 12, point 6): every figure beside its peer, in one run, whole process.

* ``journeymap render big.mmd --format svg`` (100 tasks) against Mermaid's CLI ``mmdc`` on the same file
  (target: at least 20× faster); ``mmdc`` is installed once into ``~/.cache/journeymap-bench`` with Debian's
  Chromium (``--mermaid-cli``, as ``bench_render.py`` does); without it its row says so;
* ``journeymap --version`` against the 0.1 s target (and the interpreter starting and doing nothing, for scale);
* ``journeymap discover LOG`` against a plain pandas script doing the same (directly-follows counts, variants,
  start and end activities, median case duration), on the home-loan example's log and on generated logs of
  10 k, 100 k and 1 M events (30 M with ``--large``);
* ``journeymap evidence summarize`` on a wide survey (respondent, segment, weight, ten ratings, overall: 14
  columns) against a plain pandas script doing the same (per element and segment: weighted n, mean, std, 95 % CI;
  the distribution of answers; importance derived by correlation with the overall rating), on 20 k rows and on
  10 k, 100 k and 1 M rows (30 M with ``--large``).

Targets: each evidence command under 1 s on the example sizes, and never slower than pandas (ratio ≥ 1).
Each time is the median of ``--runs`` whole processes started with ``subprocess`` (a single run from 1 M rows up).
Run: ``python benchmarks/bench_starts.py [--runs 5] [--mermaid-cli] [--large]``.

Where the time goes (``python -X importtime``, pyinstrument; CPU times on the 2-core machine of issue 12):

* render: the interpreter itself (~0.03 s), pydantic (~0.05 s), the model's classes (~0.08 s before
  ``defer_build``), then parsing and drawing (~0.05 s). Mermaid's CLI starts Chromium (~1.3 s of CPU).
* evidence commands: Ibis and sqlglot (~0.35 s: Ibis loads every SQL compiler and dialect), DuckDB (~0.06 s),
  then ~10-30 ms to compile each query. pandas alone imports in ~0.25 s, so at 10 k-20 k rows a plain pandas
  script finishes first; from ~100 k events (1 M survey rows) on, the engine's work dominates and is faster.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_discovery import CACHE, ROOT, log
from bench_render import ensure_mermaid_cli, run_mmdc
from peers import PANDAS_DISCOVER, PANDAS_SURVEY, wide_survey

from generate import big_mermaid, machine

EXAMPLE_LOG = ROOT / "examples" / "home-loan" / "evidence" / "applications-events.csv"
RATINGS = ",".join(f"s{i}" for i in range(1, 11))
SURVEY_OPTIONS = ["--wide", RATINGS, "--by", "segment", "--weight", "weight", "--overall", "overall"]
Timing = tuple[float, float]
"""Median wall time and median CPU time (user + system, of the process and its children) of several runs."""
Row = tuple[str, str, Timing | None, str, Timing | None, str]
"""figure, size, journeymap's timing, peer, the peer's timing, target"""


def journeymap(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("journeymap")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "journeymap.cli.main", *args]


def median_run(command: Sequence[str], runs: int) -> Timing | None:
    """None when the process fails (at 30 M rows a pandas script can run out of memory): its row says so."""
    try:
        return median_action(lambda: subprocess.run(command, check=True, capture_output=True), runs)
    except subprocess.CalledProcessError as exc:
        reason = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-1:] or [f"exit {exc.returncode}"]
        print(f"  failed: {' '.join(command[:3])}…: {reason[0][:200]}", file=sys.stderr)
        return None


def median_action(action: Callable[[], object], runs: int) -> Timing:
    """Medians of ``runs`` runs, after one that warms the file cache. The CPU time says more than the wall time
    on a busy machine (it does not count the time spent waiting for a core)."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        before, start = _children_cpu(), time.perf_counter()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - before)
    return statistics.median(walls), statistics.median(cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _runs(size: int, runs: int) -> int:
    return runs if size < 1_000_000 else 1


def render_rows(runs: int, mermaid_cli: bool, tmp: Path) -> list[Row]:
    source = tmp / "big.mmd"
    source.write_text(big_mermaid(100), encoding="utf-8")
    ours = median_run(journeymap("render", str(source), "--format", "svg", "-o", str(tmp / "big.svg")), runs)
    mmdc = ensure_mermaid_cli() if mermaid_cli else None
    peer = None
    if mmdc is not None:
        peer = median_action(lambda: run_mmdc(mmdc, source, tmp / "peer.svg"), max(3, runs // 2))
    label = "mmdc (Mermaid CLI)" if mermaid_cli else "mmdc: pass --mermaid-cli"
    return [("render big.mmd --format svg", "100 tasks", ours, label, peer, "≥ 20×")]


def version_rows(runs: int) -> list[Row]:
    ours = median_run(journeymap("--version"), runs)
    floor = median_run([sys.executable, "-c", "pass"], runs)
    return [("--version", "", ours, "0.1 s target", (0.1, 0.1), "≥ 1×"), ("python -c pass", "", floor, "", None, "")]


def discover_rows(runs: int, sizes: list[int]) -> list[Row]:
    logs = [("13,992 (home-loan)", 14_000, EXAMPLE_LOG)] + [(f"{n:,}", n, log(n, ".csv")) for n in sizes]
    rows: list[Row] = []
    for label, n, path in logs:
        ours = median_run(journeymap("discover", str(path), "--format", "json"), _runs(n, runs))
        peer = median_run([sys.executable, "-c", PANDAS_DISCOVER, str(path)], _runs(n, runs))
        target = "≥ 1×, < 1 s" if path == EXAMPLE_LOG else "≥ 1×"
        rows.append(("discover (events)", label, ours, "pandas script", peer, target))
    return rows


def survey_rows(runs: int, sizes: list[int]) -> list[Row]:
    rows: list[Row] = []
    for n in sizes:
        path = wide_survey(CACHE, n)
        ours = median_run(journeymap("evidence", "summarize", str(path), *SURVEY_OPTIONS), _runs(n, runs))
        peer = median_run([sys.executable, "-c", PANDAS_SURVEY, str(path)], _runs(n, runs))
        target = "≥ 1×, < 1 s" if n == 20_000 else "≥ 1×"
        rows.append(("evidence summarize (wide, 14 col.)", f"{n:,}", ours, "pandas script", peer, target))
    return rows


def print_table(rows: list[Row]) -> None:
    print("| figure | size | journeymap | peer | peer time | ratio (peer / journeymap) | target | CPU s (jm / peer) |")
    print("|---|---|---|---|---|---|---|---|")
    for figure, size, ours, peer, theirs, target in rows:
        ours_text = "—" if ours is None else f"{ours[0]:.3f} s"
        theirs_text = "—" if theirs is None else f"{theirs[0]:.3f} s"
        ratio = "—" if ours is None or theirs is None else f"{theirs[0] / ours[0]:.1f}×"
        cpu = " / ".join("—" if t is None else f"{t[1]:.2f}" for t in (ours, theirs))
        print(f"| {figure} | {size} | {ours_text} | {peer} | {theirs_text} | {ratio} | {target} | {cpu} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mermaid-cli", action="store_true", help="install and time Mermaid's CLI as the peer")
    parser.add_argument("--large", action="store_true", help="add 30 million rows (takes minutes, a few GB)")
    parser.add_argument("--only", choices=("render", "version", "discover", "survey"), help="one figure only")
    args = parser.parse_args()
    sizes = [10_000, 100_000, 1_000_000] + ([30_000_000] if args.large else [])
    print(f"machine: {machine()}")
    print(
        f"whole process, median of {args.runs} runs (1 run from 1 M rows up); load average {os.getloadavg()[0]:.1f}\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        parts: dict[str, Callable[[], list[Row]]] = {
            "render": lambda: render_rows(args.runs, args.mermaid_cli, Path(tmp)),
            "version": lambda: version_rows(args.runs),
            "discover": lambda: discover_rows(args.runs, sizes),
            "survey": lambda: survey_rows(args.runs, [20_000, *sizes]),
        }
        rows: list[Row] = []
        for name, part in parts.items():
            if args.only in (None, name):
                rows += part()
    print_table(rows)


if __name__ == "__main__":
    main()
