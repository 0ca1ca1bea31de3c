"""Models trained on an analyst's confirmations, on top of the label-free ones. Both retrain in a fraction of a
second for a few hundred confirmations (the studio retrains on every click).

Both are ridge classifiers (one-vs-rest least squares: a closed form, some ten times faster to fit than a
logistic regression here), their decision values turned into shares by a softmax (:data:`TEMPERATURE`).

Elements: a ridge classifier over TF-IDF words and character n-grams of the confirmed comments, *plus the
map's own element documents as one example each* (so every step and touchpoint stays a possible answer, even one
no confirmation names yet), plus the label-free scores of each element as extra columns (the map-derived prior).
"None" is a class of its own when confirmations say a comment is about no element.

Sentiment: a ridge classifier (classes balanced) over TF-IDF words (negation marked) of the confirmed comments,
the bundled model's stacked features (its logits and cues) and its hashed TF-IDF rows (words and character
n-grams, so a confirmed "valuer" also teaches "valuation"); its answer is mixed with the bundled model's, weighing
n / (n + HALF_TRUST) after n confirmations, so a few confirmations move it towards a domain's words without
forgetting what it knew (measured on the dev sets: without the mix, 50 confirmations made it worse). The bundled
model's share of the mix is first shifted towards how often each sentiment is confirmed (a domain where comments
are more often neutral than in the bundled model's training set). Each choice was made by cross-validation on the
dev sets: see docs/feedback.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from journeymap.feedback.elements import ElementIndex, stem_text
from journeymap.feedback.sentiment import LABELS, SentimentModel, softmax
from journeymap.feedback.sentiment_features import mark_negation

__all__ = ["NONE", "ElementModel", "SentimentAdapter", "train_elements", "train_sentiment"]

NONE = "__none__"
"""The class of a comment about no element."""
TEMPERATURE = 6.0
"""Decision values × this, then a softmax: the probabilities the scores report."""
PRIOR_WEIGHT = 4.0
"""Scale of the label-free scores among the element model's columns."""
ELEMENT_ALPHA = 1.0
SENTIMENT_ALPHA = 1.0
HALF_TRUST = 100
"""The number of confirmations at which the adapter's answer and the bundled model's weigh the same. In
cross-validation on the dev sets 100, 150 and 200 were within 0.003 macro-F1 of each other; 100 lets a domain
word taught by a hundred-odd clicks override a bundled model that is sure of the opposite (a test checks it)."""
SHIFT_SMOOTHING = 5.0
"""Added to each sentiment's count among the confirmations before its share shifts the bundled model's answer."""
SHIFT_LIMIT = 3.0
"""The shift of a sentiment's probability stays between 1/3 and 3 times (a handful of odd confirmations cannot
swamp the bundled model)."""
INTERCEPT_COLUMN = 100.0
"""The value of the sentiment adapter's constant column, its intercept (fitted in the ridge's dual form)."""
HASHED_WEIGHT = 1.0
"""Scale of the bundled model's TF-IDF rows (hashed words and character n-grams) among the adapter's columns."""

BASE_WEIGHT = 1.0
"""Scale of the bundled model's features among the sentiment adapter's columns."""


def _shares(model: Any, features: Any) -> np.ndarray:
    decision = np.asarray(model.decision_function(features), dtype=float)
    if decision.ndim == 1:  # two classes: one column, positive for the second
        decision = np.column_stack([-decision, decision])
    return softmax(decision * TEMPERATURE)


def _sparse_stack(blocks: list[Any]) -> Any:
    import scipy.sparse as sp

    return sp.hstack(blocks, format="csr")


@dataclass(frozen=True)
class ElementModel:
    """Element classes and a fitted logistic regression; :meth:`proba` gives one column per class."""

    classes: tuple[str, ...]
    words: Any
    chars: Any
    model: Any
    confirmed: int = 0

    def _features(self, texts: Sequence[str], prior: np.ndarray) -> Any:
        import scipy.sparse as sp

        return _sparse_stack(
            [
                self.words.transform(list(texts)),
                self.chars.transform([t.lower() for t in texts]),
                sp.csr_matrix(prior * PRIOR_WEIGHT),
            ]
        )

    def proba(self, texts: Sequence[str], prior: np.ndarray) -> np.ndarray:
        return _shares(self.model, self._features(texts, prior))


def train_elements(
    index: ElementIndex, docs: Sequence[str], texts: Sequence[str], labels: Sequence[str | None]
) -> ElementModel | None:
    """Train on confirmed (text, element) pairs; ``None`` when there is nothing to learn from (no element ids)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import RidgeClassifier

    known = set(index.ids)
    pairs = [(t, lab or NONE) for t, lab in zip(texts, labels, strict=True) if lab is None or lab in known]
    if not pairs or not index.ids:
        return None
    all_texts = [*docs, *(t for t, _ in pairs)]
    y = [*index.ids, *(lab for _, lab in pairs)]
    words = TfidfVectorizer(preprocessor=stem_text, ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
    words.fit(all_texts)
    chars.fit([t.lower() for t in all_texts])
    prior = index.scores(all_texts)
    shell = ElementModel((), words, chars, None)
    model = RidgeClassifier(alpha=ELEMENT_ALPHA)
    model.fit(shell._features(all_texts, prior), y)
    return ElementModel(tuple(str(c) for c in model.classes_), words, chars, model, len(pairs))


@dataclass(frozen=True)
class SentimentAdapter:
    """The bundled model's features and TF-IDF rows plus the confirmed comments' words, in one ridge classifier,
    mixed with the bundled model's answer shifted towards the sentiments' shares among the confirmations."""

    base: SentimentModel
    words: Any
    model: Any
    confirmed: int = 0
    columns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    """The bundled model's TF-IDF columns found in the confirmed comments (the others weigh nothing in a ridge)."""
    shift: np.ndarray = field(default_factory=lambda: np.ones(3))
    """Factors on the bundled model's probabilities: the confirmed share of each sentiment over the bundled
    model's mean probability of it on the confirmed comments (shares smoothed by :data:`SHIFT_SMOOTHING`)."""

    def _features(
        self, texts: Sequence[str], base_features: np.ndarray, marked: Sequence[str] | None = None, tfidf: Any = None
    ) -> Any:
        import scipy.sparse as sp

        marked = [mark_negation(t) for t in texts] if marked is None else list(marked)
        rows = self.base.tfidf(texts, marked) if tfidf is None else tfidf
        return _sparse_stack(
            [
                self.words.transform(marked),
                sp.csr_matrix(base_features * BASE_WEIGHT),
                rows[:, self.columns] * HASHED_WEIGHT,
                sp.csr_matrix(np.full((len(marked), 1), INTERCEPT_COLUMN)),
            ]
        )

    def proba(
        self, texts: Sequence[str], base_features: np.ndarray, marked: Sequence[str] | None = None, tfidf: Any = None
    ) -> np.ndarray:
        """Probabilities of (negative, neutral, positive); a class no confirmation names keeps the base's share
        (``marked``, ``tfidf``: the texts' ``mark_negation`` and the bundled model's TF-IDF rows, if known)."""
        found = _shares(self.model, self._features(texts, base_features, marked, tfidf))
        base = self.base.proba_from_features(base_features) * self.shift
        base /= base.sum(axis=1, keepdims=True)
        result = np.zeros((len(texts), 3))
        classes = [LABELS.index(c) for c in self.model.classes_]
        result[:, classes] = found
        share = self.confirmed / (self.confirmed + HALF_TRUST)
        mixed: np.ndarray = share * result + (1 - share) * base
        return mixed


def train_sentiment(base: SentimentModel, texts: Sequence[str], labels: Sequence[str]) -> SentimentAdapter | None:
    """Train on confirmed (text, sentiment) pairs; ``None`` when fewer than two sentiments are confirmed."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import RidgeClassifier

    pairs = [(t, lab) for t, lab in zip(texts, labels, strict=True) if lab in LABELS]
    if len({lab for _, lab in pairs}) < 2:
        return None
    confirmed = [t for t, _ in pairs]
    marked = [mark_negation(t) for t in confirmed]
    words = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, lowercase=False)
    words.fit(marked)
    tfidf = base.tfidf(confirmed, marked)
    base_features = base.features(confirmed, tfidf=tfidf, marked=marked)
    adapter = SentimentAdapter(base, words, None, columns=np.unique(tfidf.indices))
    # The dual (kernel) form: a few hundred rows against tens of thousands of columns; sparse data allows it
    # without a fitted intercept, so a constant column stands in for it (barely penalised at this scale).
    model = RidgeClassifier(alpha=SENTIMENT_ALPHA, class_weight="balanced", solver="cholesky", fit_intercept=False)
    model.fit(adapter._features(confirmed, base_features, marked, tfidf), [lab for _, lab in pairs])
    counts = np.array([sum(1 for _, lab in pairs if lab == c) for c in LABELS], dtype=float)
    shares = (counts + SHIFT_SMOOTHING) / (len(pairs) + 3 * SHIFT_SMOOTHING)
    shift = np.clip(shares / base.proba_from_features(base_features).mean(axis=0), 1 / SHIFT_LIMIT, SHIFT_LIMIT)
    return SentimentAdapter(base, words, model, len(pairs), adapter.columns, shift)
