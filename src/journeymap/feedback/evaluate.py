"""How good the classifier is: accuracy, macro-F1 and the confusion matrix against labelled comments, and a
learning curve — the same figures after 0, 50, 100, 200 and 500 confirmations drawn (with fixed seeds) from a
training file, always measured on a separate test file.

The metrics are computed here (a test checks them against scikit-learn's): macro-F1 is the unweighted mean of
each label's F1 over the labels that occur in the truth or the predictions; a comment about no element counts
as the label ``(none)``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from journeymap.feedback.classify import FeedbackClassifier, KeywordRules
from journeymap.feedback.confirmations import Confirmation
from journeymap.feedback.sentiment import vader_labels
from journeymap.model import Map

__all__ = ["NO_ELEMENT", "SEEDS", "SIZES", "CurvePoint", "Scores", "learning_curve", "scores", "vader_baseline"]

SIZES = (0, 50, 100, 200, 500)
SEEDS = (0, 1, 2)
NO_ELEMENT = "(none)"


@dataclass(frozen=True)
class Scores:
    """Accuracy, macro-F1, each label's F1 and the confusion matrix (rows: truth, columns: prediction)."""

    n: int
    accuracy: float
    macro_f1: float
    labels: tuple[str, ...]
    f1: tuple[float, ...]
    confusion: tuple[tuple[int, ...], ...]


def scores(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None) -> Scores:
    """The scores of ``predicted`` against ``truth`` (same length); ``labels`` orders the matrix (by default the
    sorted union of both)."""
    names = tuple(labels) if labels is not None else tuple(sorted(set(truth) | set(predicted)))
    position = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(names), len(names)), dtype=np.int64)
    for t, p in zip(truth, predicted, strict=True):
        if t in position and p in position:
            matrix[position[t], position[p]] += 1
    hits = np.diag(matrix).astype(float)
    predicted_n, true_n = matrix.sum(axis=0), matrix.sum(axis=1)
    denominator = predicted_n + true_n
    f1 = np.divide(2 * hits, denominator, out=np.zeros(len(names)), where=denominator > 0)
    present = denominator > 0
    return Scores(
        n=len(truth),
        accuracy=float(hits.sum() / len(truth)) if truth else 0.0,
        macro_f1=float(f1[present].mean()) if present.any() else 0.0,
        labels=names,
        f1=tuple(float(x) for x in f1),
        confusion=tuple(tuple(int(x) for x in row) for row in matrix),
    )


@dataclass(frozen=True)
class CurvePoint:
    """The mean scores over the seeds after ``confirmations`` confirmations (the first seed's full scores kept)."""

    confirmations: int
    sentiment_macro_f1: float
    sentiment_accuracy: float
    element_macro_f1: float | None
    element_accuracy: float | None
    sentiment: Scores
    element: Scores | None
    runs: int


def _element_label(element: str | None) -> str:
    return element or NO_ELEMENT


def _run(
    m: Map, test: Sequence[Confirmation], confirmed: Sequence[Confirmation], rules: KeywordRules | None
) -> tuple[Scores, Scores | None]:
    classifier = FeedbackClassifier.for_map(m, confirmations=confirmed, rules=rules)
    answers = classifier.classify([c.text for c in test])
    felt = [(c.sentiment, a.sentiment) for c, a in zip(test, answers, strict=True) if c.sentiment]
    sentiment = scores([t or "" for t, _ in felt], [p for _, p in felt])
    element = scores([_element_label(c.element) for c in test], [_element_label(a.element) for a in answers])
    return sentiment, element


def learning_curve(
    m: Map,
    train: Sequence[Confirmation],
    test: Sequence[Confirmation],
    *,
    sizes: Sequence[int] = SIZES,
    seeds: Sequence[int] = SEEDS,
    rules: KeywordRules | None = None,
    elements: bool = True,
) -> list[CurvePoint]:
    """Scores on ``test`` after ``n`` confirmations drawn from ``train``, for each n in ``sizes`` (sizes above
    the training file's length are left out). ``elements=False`` drops the element labels (a file without them)."""
    points = []
    for size in sizes:
        if size > len(train):
            continue
        runs = []
        for seed in seeds if size else seeds[:1]:
            drawn = random.Random(seed).sample(list(train), size)
            if not elements:
                drawn = [Confirmation(c.text, None, c.sentiment) for c in drawn]
            runs.append(_run(m, test, drawn, rules))
        sentiment = [r[0] for r in runs]
        element = [r[1] for r in runs] if elements else None
        points.append(
            CurvePoint(
                confirmations=size,
                sentiment_macro_f1=float(np.mean([s.macro_f1 for s in sentiment])),
                sentiment_accuracy=float(np.mean([s.accuracy for s in sentiment])),
                element_macro_f1=float(np.mean([e.macro_f1 for e in element if e])) if element else None,
                element_accuracy=float(np.mean([e.accuracy for e in element if e])) if element else None,
                sentiment=sentiment[0],
                element=element[0] if element else None,
                runs=len(runs),
            )
        )
    return points


def vader_baseline(test: Sequence[Confirmation]) -> Scores:
    """VADER's scores on the labelled sentiments of ``test`` (the lexicon baseline)."""
    felt = [c for c in test if c.sentiment]
    return scores([c.sentiment or "" for c in felt], vader_labels([c.text for c in felt]))
