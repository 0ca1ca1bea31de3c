"""Precision and recall of the phrasing rules of ``journeymap lint`` on the labelled card texts.

    python tools/lint_quality.py                 # the table for the development and held-out splits
    python tools/lint_quality.py --errors dev    # also list every misclassified text of a split, with the reason

The labelled set is ``tests/lint/labelled/<lane>-<split>.yaml``: card texts written for this project from
realistic CX domains, each labelled ``good`` (follows the rule) or ``bad``. The positive class is *bad*: a finding
is a prediction that the text is badly phrased. Precision = the share of findings that are right; recall = the
share of badly phrased texts that get a finding. The development split was written first and tuned on; the
held-out split was written before the classifiers were run on it and is never tuned on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "lint" / "labelled"
SPLITS = ("dev", "holdout")


@dataclass
class Example:
    rule: str
    split: str
    text: str
    bad: bool


@dataclass
class Score:
    """Counts on the *bad* class: tp = bad and flagged, fp = good but flagged, fn = bad but passed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[tuple[Example, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn


def load_examples(folder: Path = LABELLED) -> list[Example]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    examples: list[Example] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for label in ("good", "bad"):
            for text in data.get(label) or []:
                examples.append(Example(str(data["rule"]), str(data["split"]), str(text), label == "bad"))
    return examples


def measure(examples: Iterable[Example]) -> dict[tuple[str, str], Score]:
    """Scores per (rule, split), plus (rule, "all"), ("all", split) and ("all", "all")."""
    from journeymap.lint.rules import RULES_BY_CODE, phrasing_check

    scores: dict[tuple[str, str], Score] = {}
    for example in examples:
        check = phrasing_check(RULES_BY_CODE[example.rule])
        decision = check(example.text)
        flagged = not bool(decision)
        score = scores.setdefault((example.rule, example.split), Score())
        if flagged and example.bad:
            score.tp += 1
        elif flagged:
            score.fp += 1
            score.errors.append((example, "false finding", getattr(decision, "reason", "")))
        elif example.bad:
            score.fn += 1
            score.errors.append((example, "missed", getattr(decision, "reason", "")))
        else:
            score.tn += 1
    for (rule, split), score in list(scores.items()):
        for key in ((rule, "all"), ("all", split), ("all", "all")):
            scores.setdefault(key, Score()).add(score)
    return scores


def table(scores: dict[tuple[str, str], Score]) -> str:
    from journeymap.lint.rules import RULES_BY_CODE

    rules = [*sorted({rule for rule, _ in scores if rule != "all"}), "all"]
    lines = [
        f"{'rule':<7} {'name':<36} {'split':<8} {'texts':>5} {'bad':>4} "
        f"{'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>9} {'recall':>7} {'F1':>6}"
    ]
    lines.append("-" * len(lines[0]))
    for rule in rules:
        name = RULES_BY_CODE[rule].name if rule in RULES_BY_CODE else "all phrasing rules"
        for split in (*SPLITS, "all"):
            s = scores.get((rule, split))
            if s is None:
                continue
            lines.append(
                f"{rule:<7} {name:<36} {split:<8} {s.total:>5} {s.tp + s.fn:>4} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
                f"{s.tn:>4} {s.precision:>9.1%} {s.recall:>7.1%} {s.f1:>6.1%}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def confusion(scores: dict[tuple[str, str], Score], split: str = "all") -> str:
    s = scores[("all", split)]
    return (
        f"confusion table, all phrasing rules, split {split} (positive = badly phrased):\n"
        f"                 predicted bad   predicted good\n"
        f"  labelled bad   {s.tp:>13}   {s.fn:>14}\n"
        f"  labelled good  {s.fp:>13}   {s.tn:>14}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", choices=(*SPLITS, "all"), help="list the misclassified texts of a split")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    examples = load_examples()
    scores = measure(examples)
    sys.stdout.write(table(scores))
    for split in (*SPLITS, "all"):
        if ("all", split) in scores:
            sys.stdout.write("\n" + confusion(scores, split))
    if args.errors:
        sys.stdout.write("\nmisclassified:\n")
        for (rule, split), score in sorted(scores.items()):
            if rule == "all" or split == "all" or (args.errors != "all" and split != args.errors):
                continue
            for example, kind, reason in score.errors:
                sys.stdout.write(f"  {rule} {split:<7} {kind:<13} {example.text!r}: {reason}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
