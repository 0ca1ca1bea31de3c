"""``journeymap feedback evaluate``: how good the classifier is on a labelled file (the maths is
:mod:`journeymap.feedback.evaluate`'s; this module reads, splits and prints).

The ``--truth`` column holds either sentiments (negative / neutral / positive) or step and touchpoint ids (empty:
about none); which one is told by its values unless ``--task`` says. The comments are scored by the classifier as
it runs: trained on ``--labels`` when given, else with no confirmation. The learning curve trains on confirmations
drawn from ``--labels`` — or, without it, from a random half of the file (seed 0), scoring on the other half, which
it never trains on.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import Problem, ProblemsError

__all__ = ["evaluate_command"]

SENTIMENTS = ("negative", "neutral", "positive")


def _task(values: Sequence[str | None], given: str | None) -> str:
    if given:
        return given
    named = {v.strip().lower() for v in values if v}
    return "sentiment" if named and named <= set(SENTIMENTS) else "element"


def _labelled(args: argparse.Namespace, read: Callable[..., Any]) -> tuple[str, list[Any]]:
    from ..feedback.confirmations import Confirmation

    args.element = args.truth  # the truth column is read where an element column would be
    reader = read(args, progress=False)
    comments = [c for batch in reader.batches() for c in batch]
    from .output import print_problems

    print_problems(reader.problems())
    task = _task([c.element for c in comments], args.task)
    if task == "sentiment":
        items = [Confirmation(c.text, None, c.element.lower()) for c in comments if c.element]
        bad = sorted({i.sentiment or "" for i in items if i.sentiment not in SENTIMENTS})
        if bad:
            message = f"--truth {args.truth!r} holds {bad[0]!r}, not negative, neutral or positive"
            raise ProblemsError([Problem("JE227", str(reader.path), message, "give --task element for element ids")])
    else:
        items = [Confirmation(c.text, c.element, None) for c in comments]
    if not items:
        raise ProblemsError([Problem("JE227", str(reader.path), "no labelled comment", "fill in the --truth column")])
    return task, items


def evaluate_command(args: argparse.Namespace, read: Callable[..., Any], load_map: Callable[[str], Any]) -> int:
    from ..feedback.classify import FeedbackClassifier, read_keyword_rules
    from ..feedback.confirmations import read_confirmations
    from ..feedback.evaluate import NO_ELEMENT, learning_curve, scores, vader_baseline

    journey_map = load_map(args.map)
    task, items = _labelled(args, read)
    rules = read_keyword_rules(args.rules) if args.rules else None
    if args.labels:
        train, test, split = read_confirmations(args.labels), items, f"trained on {args.labels}"
    else:
        shuffled = items[:]
        random.Random(0).shuffle(shuffled)
        half = len(shuffled) // 2
        train, test, split = [], shuffled, "no confirmations"
        curve_train, curve_test = shuffled[:half], shuffled[half:]
    classifier = FeedbackClassifier.for_map(journey_map, confirmations=train, rules=rules)
    answers = classifier.classify([c.text for c in test])
    if task == "sentiment":
        main = scores([c.sentiment for c in test], [a.sentiment for a in answers], SENTIMENTS)
    else:
        main = scores([c.element or NO_ELEMENT for c in test], [a.element or NO_ELEMENT for a in answers])
    if args.labels:
        curve_train, curve_test = train, test
    sizes = [int(n) for n in str(args.curve).split(",") if n.strip()]
    curve = learning_curve(journey_map, curve_train, curve_test, sizes=sizes, rules=rules, elements=task == "element")
    baseline = vader_baseline(test) if task == "sentiment" else None
    result = _result(task, split, main, curve, baseline, len(curve_train), len(curve_test))
    if args.format == "json":
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_table(result))
    return 0


def _scores_json(found: Any) -> dict[str, Any]:
    return {
        "n": found.n,
        "accuracy": round(found.accuracy, 4),
        "macro_f1": round(found.macro_f1, 4),
        "labels": list(found.labels),
        "f1": [round(x, 4) for x in found.f1],
        "confusion": [list(row) for row in found.confusion],
    }


def _result(task: str, split: str, main: Any, curve: Any, baseline: Any, trained: int, tested: int) -> dict[str, Any]:
    points = []
    for point in curve:
        f1 = point.sentiment_macro_f1 if task == "sentiment" else point.element_macro_f1
        accuracy = point.sentiment_accuracy if task == "sentiment" else point.element_accuracy
        points.append({"confirmations": point.confirmations, "accuracy": round(accuracy or 0.0, 4),
                       "macro_f1": round(f1 or 0.0, 4), "runs": point.runs})  # fmt: skip
    return {
        "task": task,
        "classifier": split,
        "scores": _scores_json(main),
        "baseline": {"name": "VADER", **_scores_json(baseline)} if baseline is not None else None,
        "learning_curve": {"train": trained, "test": tested, "points": points},
    }


def _table(result: dict[str, Any]) -> str:
    found = result["scores"]
    lines = [
        f"task: {result['task']} ({result['classifier']}), n = {found['n']}",
        f"accuracy {found['accuracy']:.3f}   macro-F1 {found['macro_f1']:.3f}",
    ]
    if result["baseline"]:
        base = result["baseline"]
        lines.append(f"baseline {base['name']}: accuracy {base['accuracy']:.3f}   macro-F1 {base['macro_f1']:.3f}")
    labels = found["labels"]
    width = max(8, *(len(label) for label in labels))
    lines += ["", "confusion matrix (rows: truth, columns: prediction)", " " * (width + 2) + " ".join(
        f"{label[:8]:>8}" for label in labels)]  # fmt: skip
    for label, row in zip(labels, found["confusion"], strict=True):
        lines.append(f"{label:<{width}}  " + " ".join(f"{count:>8}" for count in row))
    curve = result["learning_curve"]
    lines += ["", f"learning curve (confirmations drawn from {curve['train']}, scored on {curve['test']} others)"]
    lines.append(f"{'confirmations':>13}  {'accuracy':>8}  {'macro-F1':>8}")
    for point in curve["points"]:
        lines.append(f"{point['confirmations']:>13}  {point['accuracy']:>8.3f}  {point['macro_f1']:>8.3f}")
    return "\n".join(lines) + "\n"
