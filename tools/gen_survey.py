"""Generate the example survey data sets (deterministic; the data is made up, not real).

* ``examples/home-loan/evidence/post-completion-survey.csv`` — wide form: one row per respondent, a 1–10
  rating per step of the as-is map (0 = "not answered"), satisfaction and importance 1–10 for six touchpoints,
  an overall rating, the segment and a weight; with ``post-completion-survey.mapping.yaml``.
* ``examples/clinic-visit/evidence/patient-survey.csv`` — long form (respondent, element, measure, value) on a
  1–5 scale.

Each rating is drawn around a "true" level per step with noise, so the measured curve has the shape of the
story in the example maps. Run: ``python tools/gen_survey.py`` (``--rows N`` for benchmark-sized files).
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOME_LOAN_STEPS = {
    "r-calc": 7.1, "r-compare": 5.4, "r-aip": 7.3, "a-start": 5.6, "a-docs": 3.5, "a-submit": 6.0,
    "s-query": 3.9, "s-valuation": 5.2, "s-wait": 2.8, "o-receive": 8.3, "o-review": 5.1, "o-accept": 7.0,
    "c-exchange": 6.1, "c-funds": 4.2, "c-keys": 9.1, "c-first-payment": 6.4,
}  # fmt: skip
HOME_LOAN_TOUCHPOINTS = {  # id: (satisfaction, importance)
    "tp-calculator": (7.5, 6.0), "tp-upload": (3.4, 8.8), "tp-underwriter-call": (5.0, 7.0),
    "tp-tracker": (3.0, 9.1), "tp-offer-doc": (6.8, 8.0), "tp-funds-notice": (4.1, 9.4),
}  # fmt: skip
CLINIC_STEPS = {"b-book": 3.3, "b-remind": 3.6, "v-checkin": 3.1, "v-wait": 2.2, "c-nurse": 4.1, "c-doctor": 3.8,
                "f-prescription": 2.9, "f-results": 2.6, "f-follow": 3.4}  # fmt: skip


def rating(rng: random.Random, level: float, low: int, high: int, spread: float = 1.6) -> int:
    return max(low, min(high, round(rng.gauss(level, spread))))


def home_loan(path: Path, rows: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    steps, tps = list(HOME_LOAN_STEPS), list(HOME_LOAN_TOUCHPOINTS)
    header = [
        "respondent_id",
        "segment",
        "weight",
        *steps,
        *(f"{t}_sat" for t in tps),
        *(f"{t}_imp" for t in tps),
        "overall",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            segment = "first-time buyer" if rng.random() < 0.62 else "remortgage"
            shift = -0.4 if segment == "first-time buyer" else 0.5
            answers = [
                0 if rng.random() < 0.06 else rating(rng, level + shift, 1, 10) for level in HOME_LOAN_STEPS.values()
            ]
            sats = [rating(rng, s + shift, 1, 10) for s, _ in HOME_LOAN_TOUCHPOINTS.values()]
            imps = [rating(rng, m, 1, 10, 1.2) for _, m in HOME_LOAN_TOUCHPOINTS.values()]
            answered = [a for a in answers if a]
            overall = rating(rng, 0.3 * sum(answered) / len(answered) + 0.7 * (sats[1] + sats[3]) / 2, 1, 10, 1.0)
            weight = 0.8 if segment == "first-time buyer" else 1.3
            writer.writerow([f"R{i + 1:05d}", segment, weight, *answers, *sats, *imps, overall])


def home_loan_mapping(path: Path) -> None:
    lines = [
        "# How post-completion-survey.csv is laid out (see docs/evidence.md).",
        "form: wide",
        "respondent: respondent_id",
        "segment: segment",
        "weight: weight",
        "scale: 1-10",
        "missing: [0]",
        "overall: overall",
        "columns:",
        *(f"  {s}: {s}" for s in HOME_LOAN_STEPS),
        *(f"  {t}_sat: {{element: {t}, measure: satisfaction}}" for t in HOME_LOAN_TOUCHPOINTS),
        *(f"  {t}_imp: {{element: {t}, measure: importance}}" for t in HOME_LOAN_TOUCHPOINTS),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def clinic(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "element", "measure", "value"])
        for i in range(rows):
            for step, level in CLINIC_STEPS.items():
                if rng.random() < 0.9:
                    writer.writerow([f"P{i + 1:04d}", step, "rating", rating(rng, level, 1, 5, 0.8)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=0, help="respondents (default: the example sizes)")
    args = parser.parse_args()
    home_loan(ROOT / "examples/home-loan/evidence/post-completion-survey.csv", args.rows or 640)
    home_loan_mapping(ROOT / "examples/home-loan/evidence/post-completion-survey.mapping.yaml")
    clinic(ROOT / "examples/clinic-visit/evidence/patient-survey.csv", args.rows or 180)
    print("wrote the example surveys")


if __name__ == "__main__":
    main()
