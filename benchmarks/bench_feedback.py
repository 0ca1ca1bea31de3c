"""Feedback classification benchmark: 1 k, 10 k and 100 k comments classified against the home-loan map (element,
sentiment, themes) — journeymap's classifier without confirmations, with 200 confirmations, and VADER alone as
the named peer (the lexicon baseline: sentiment only). Each case is a fresh process, so its peak memory (VmHWM)
is its own; seconds are the classification alone (after the imports and the map's loading).

The comments are the home-loan and cross-industry dev texts, drawn with replacement by a fixed seed, so every run
classifies the same rows. They repeat (800 distinct texts), and the classifier answers a text it has met once only
once, so the case ``journeymap distinct`` makes every comment distinct (a reference number appended: "… (ref 17)")
to time the classifier's work on each comment, as on a file where no comment repeats.

Run: ``python benchmarks/bench_feedback.py [--sizes 1000,10000,100000]``. Last measured (docs/feedback.md has the
whole before/after table): 100 k comments, journeymap 27.9 s → 0.3 s (repeated texts classified once), with 200
confirmations 39.4 s → 0.8 s, all distinct 32.7 s → 29.2 s; VADER alone 3.1–3.5 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import machine, peak_mb

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "feedback" / "data"
MAP = ROOT / "examples" / "home-loan" / "maps" / "home-loan-as-is.yaml"
CASES = ("vader", "journeymap", "journeymap+200", "journeymap distinct")


def texts(rows: int) -> list[str]:
    pool: list[str] = []
    for name in ("home-loan-dev.csv", "sentiment-dev.csv"):
        with (DATA / name).open(newline="", encoding="utf-8") as handle:
            pool.extend(r["text"] for r in csv.DictReader(handle))
    rng = random.Random(7)
    return [rng.choice(pool) for _ in range(rows)]


def child(case: str, rows: int) -> None:
    comments = texts(rows)
    if case.endswith("distinct"):
        comments = [f"{text} (ref {i})" for i, text in enumerate(comments)]
    if case == "vader":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
        start = time.perf_counter()
        answers = [analyzer.polarity_scores(t)["compound"] for t in comments]
    else:
        from journeymap.feedback.classify import FeedbackClassifier
        from journeymap.feedback.confirmations import Confirmation
        from journeymap.files.loader import load_map

        confirmed = []
        if case.endswith("+200"):
            with (DATA / "home-loan-dev.csv").open(newline="", encoding="utf-8") as handle:
                rows_ = list(csv.DictReader(handle))[:200]
            confirmed = [Confirmation(r["text"], r["element"] or None, r["sentiment"] or None) for r in rows_]
        journey_map = load_map(MAP)
        start = time.perf_counter()
        classifier = FeedbackClassifier.for_map(journey_map, confirmations=confirmed)
        answers = classifier.classify(comments)  # type: ignore[assignment]
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "answers": len(answers)}))


def run_case(case: str, rows: int) -> dict[str, float]:
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import bench_feedback as b; b.child({case!r}, {rows})"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="numbers of comments, comma-separated")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("seconds = classification only (imports and map loading excluded); peak MB = the whole process\n")
    print("| rows | case | seconds | rows/s | peak MB | time vs VADER alone |")
    print("|---|---|---|---|---|---|")
    for rows in (int(s) for s in args.sizes.split(",")):
        results = {case: run_case(case, rows) for case in CASES}
        vader = results["vader"]["seconds"]
        for case, result in results.items():
            seconds = result["seconds"]
            print(
                f"| {rows:,} | {case} | {seconds:.1f} | {rows / seconds:,.0f} | {result['peak_mb']:.0f} | "
                f"{seconds / vader:.1f}× |",
                flush=True,
            )


if __name__ == "__main__":
    main()
