"""Office and print formats: time each format for the generated 12 stages × 100 steps × 12 lanes map
(median of several runs, in process), target < 2 s each. Run: ``python benchmarks/bench_office.py [--runs 3]``."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from journeymap.model import Map
from journeymap.render.registry import RenderContext, render

from generate import big_map_data, machine

CASES = [("vsdx", {}), ("pptx", {}), ("xlsx", {}), ("pdf", {}), ("pdf", {"paper": "A0", "tile": "A3"}), ("png", {})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    journey_map = Map.model_validate(big_map_data(stages=12, steps=100, lanes=12))
    print(f"machine: {machine()}")
    print(f"map: 12 stages × 100 steps × 12 lanes; median of {args.runs} runs\n")
    print("| format | options | time | size | target |")
    print("|---|---|---|---|---|")
    for fmt, options in CASES:
        context = replace(RenderContext(), options=options)
        render(journey_map, fmt, context)  # warm-up: imports
        times, size = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            size = len(render(journey_map, fmt, context))
            times.append(time.perf_counter() - start)
        shown = " ".join(f"--{k} {v}" for k, v in options.items()) or "—"
        seconds = statistics.median(times)
        print(f"| {fmt} | {shown} | {seconds:.2f} s | {size / 1e6:.1f} MB | < 2 s {'✔' if seconds < 2 else '✗'} |")


if __name__ == "__main__":
    main()
