"""Rendering benchmark (issue: maps as code).

(a) Render a generated customer journey map of 12 stages, 100 steps and 12 lanes to SVG and HTML, in
    process: median of several runs (target: SVG under 0.3 s on one core). A 1,200-step map is timed too,
    as a stress case without a target.
(b) Import and render a generated 100-task Mermaid journey to SVG, whole process
    (``journeymap render big.mmd --format svg``), side by side with Mermaid's own CLI (``mmdc``) rendering the
    same file (target: at least 20× faster end to end); the in-process time is printed too.

Mermaid's CLI is not part of the project: pass ``--mermaid-cli`` to install it (once) into a cache outside
the repository (``~/.cache/journeymap-bench``) with Debian's Chromium, as TOOLCHAIN.md describes; without the
flag, or when it cannot be installed, its row says so and no ratio is printed.

Run: ``python benchmarks/bench_render.py [--runs 7] [--mermaid-cli]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from journeymap.model import Map
from journeymap.render.registry import render

from generate import big_map_data, big_mermaid, machine

CACHE = Path(os.environ.get("JOURNEYMAP_BENCH_CACHE", Path.home() / ".cache" / "journeymap-bench"))


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ensure_mermaid_cli() -> Path | None:
    """Install @mermaid-js/mermaid-cli into the cache (no browser download: Debian's chromium is used)."""
    mmdc = CACHE / "node_modules" / ".bin" / "mmdc"
    if mmdc.exists():
        return mmdc
    if not shutil.which("npm") or not Path("/usr/bin/chromium").exists():
        print("  (mermaid-cli needs npm and /usr/bin/chromium: apt-get install -y chromium)", file=sys.stderr)
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1"}
    result = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), "@mermaid-js/mermaid-cli"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        print(f"  (npm install failed: {result.stderr.strip()[-300:]})", file=sys.stderr)
        return None
    return mmdc if mmdc.exists() else None


def run_mmdc(mmdc: Path, source: Path, target: Path) -> None:
    config = CACHE / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": "/usr/bin/chromium", "args": ["--no-sandbox", "--disable-gpu"]}))
    subprocess.run(
        [str(mmdc), "-q", "-p", str(config), "-i", str(source), "-o", str(target)], check=True, capture_output=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--mermaid-cli", action="store_true", help="install and time Mermaid's CLI as the peer")
    args = parser.parse_args()

    rows: list[tuple[str, str, str]] = []
    for steps, label in ((100, "12 stages × 100 steps × 12 lanes"), (1200, "12 stages × 1,200 steps × 12 lanes")):
        journey_map = Map.model_validate(big_map_data(stages=12, steps=steps, lanes=12))
        for fmt in ("svg", "html"):
            seconds = median_seconds(lambda m=journey_map, f=fmt: render(m, f), args.runs)
            target = "< 0.300 s" if (fmt == "svg" and steps == 100) else "—"
            rows.append((f"(a) render {fmt.upper()}, {label}", f"{seconds:.3f} s", target))

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "big.mmd"
        source.write_text(big_mermaid(100), encoding="utf-8")
        out = Path(tmp) / "big.svg"
        command = [
            sys.executable,
            "-m",
            "journeymap.cli.main",
            "render",
            str(source),
            "--format",
            "svg",
            "-o",
            str(out),
        ]
        ours = median_seconds(lambda: subprocess.run(command, check=True), args.runs)
        from journeymap.files.mermaid_import import import_mermaid

        text = source.read_text()
        in_process = median_seconds(lambda: render(import_mermaid(text)[0], "svg"), args.runs)
        floor = median_seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.runs)
        rows.append(("(b) journeymap render big.mmd --format svg (whole process)", f"{ours:.3f} s", ""))
        rows.append(("(b) for scale: the Python interpreter starting and doing nothing", f"{floor:.3f} s", ""))
        rows.append(("(b) import + render in process", f"{in_process:.4f} s", ""))
        mmdc = ensure_mermaid_cli() if args.mermaid_cli else None
        if mmdc is None:
            rows.append(("(b) mmdc -i big.mmd -o big.svg (Mermaid CLI)", "not run", "pass --mermaid-cli"))
        else:
            peer = median_seconds(lambda: run_mmdc(mmdc, source, Path(tmp) / "peer.svg"), max(3, args.runs // 2))
            rows.append(("(b) mmdc -i big.mmd -o big.svg (Mermaid CLI)", f"{peer:.3f} s", ""))
            rows.append(("(b) speed-up, end to end (mmdc / journeymap)", f"{peer / ours:.1f}×", "≥ 20×"))

    print(f"machine: {machine()}")
    print(f"median of {args.runs} runs\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'case'.ljust(width)} | time | target |")
    print(f"|{'-' * (width + 2)}|------|--------|")
    for case, value, target in rows:
        print(f"| {case.ljust(width)} | {value} | {target} |")


if __name__ == "__main__":
    main()
