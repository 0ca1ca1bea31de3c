"""Sentiment of a comment: negative, neutral or positive, with a score.

The bundled model (``feedback/data/sentiment.npz``, rebuilt by ``tools/build_sentiment_model.py`` from
``tests/feedback/data/sentiment-train.csv``) has two layers, both plain tables of numbers:

1. a linear model (multinomial logistic regression) over hashed TF-IDF word 1–2-grams, negation marked, and
   character 2–5-grams (:mod:`journeymap.feedback.sentiment_features`);
2. a small stacked logistic regression over the linear model's three logits and the dense cues — VADER's four
   scores, negations, contrasts ("but"), sarcasm markers, exclamation and question marks, shouting, length.

:func:`vader_label` is the lexicon baseline the figures in ``docs/feedback.md`` compare against. An analyst's
confirmations retrain a third layer on top (:mod:`journeymap.feedback.train`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np

from journeymap.feedback.sentiment_features import N_FEATURES, cue_matrix, hashed_counts, mark_negation, vader_scores

__all__ = ["LABELS", "Sentiment", "SentimentModel", "bundled_model", "softmax", "vader_label", "vader_labels"]

Sentiment = Literal["negative", "neutral", "positive"]
LABELS: tuple[Sentiment, Sentiment, Sentiment] = ("negative", "neutral", "positive")
VADER_THRESHOLD = 0.05
"""VADER's own published cut-off on its compound score for a positive (≥) or negative (≤ −) text."""


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return result


def vader_label(compound: float) -> Sentiment:
    """VADER's label for a compound score, with VADER's published thresholds."""
    if compound >= VADER_THRESHOLD:
        return "positive"
    if compound <= -VADER_THRESHOLD:
        return "negative"
    return "neutral"


@dataclass(frozen=True)
class SentimentModel:
    """The two-layer model; :meth:`features` and :meth:`proba` classify, :meth:`save` / :meth:`load` keep it."""

    idf: np.ndarray
    """IDF of every hashed column (2·N_FEATURES)."""
    coef: Any
    """The linear layer's weights: a CSR matrix of 2·N_FEATURES × 3."""
    intercept: np.ndarray
    stack_coef: np.ndarray
    """The stacked layer: 3 × (3 + number of cues)."""
    stack_intercept: np.ndarray
    cue_mean: np.ndarray
    cue_scale: np.ndarray
    meta: dict[str, Any]

    def tfidf(self, texts: Sequence[str], marked: Sequence[str] | None = None) -> Any:
        """The L2-normalised TF-IDF rows of ``texts`` (CSR); ``marked``: their ``mark_negation``, if known."""
        from sklearn.preprocessing import normalize

        counts = hashed_counts(texts, marked)
        counts.data *= self.idf[counts.indices]
        return normalize(counts, copy=False)

    def linear_logits(self, tfidf: Any) -> np.ndarray:
        logits: np.ndarray = np.asarray((tfidf @ self.coef).toarray()) + self.intercept
        return logits

    def features(self, texts: Sequence[str], tfidf: Any = None, marked: Sequence[str] | None = None) -> np.ndarray:
        """The stacked layer's inputs: the linear logits and the standardised cues (``marked``: the texts'
        ``mark_negation``, when already computed)."""
        marked = [mark_negation(t) for t in texts] if marked is None else marked
        rows = self.tfidf(texts, marked) if tfidf is None else tfidf
        cues = (cue_matrix(texts, marked=marked) - self.cue_mean) / self.cue_scale
        return np.hstack([self.linear_logits(rows), cues])

    def proba_from_features(self, features: np.ndarray) -> np.ndarray:
        return softmax(features @ self.stack_coef.T + self.stack_intercept)

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities of (negative, neutral, positive) for each text."""
        if not texts:
            return np.zeros((0, 3))
        return self.proba_from_features(self.features(texts))

    def save(self, path: Path) -> None:
        coef = self.coef.tocsr()
        seen = self.idf != np.float32(self.meta["idf_default"])
        np.savez_compressed(
            path,
            idf_index=np.flatnonzero(seen).astype(np.int32),
            idf_value=self.idf[seen].astype(np.float32),
            coef_indptr=coef.indptr.astype(np.int32),
            coef_indices=coef.indices.astype(np.int32),
            coef_data=coef.data.astype(np.float32),
            intercept=self.intercept,
            stack_coef=self.stack_coef,
            stack_intercept=self.stack_intercept,
            cue_mean=self.cue_mean,
            cue_scale=self.cue_scale,
            meta=np.array(json.dumps(self.meta, sort_keys=True)),
        )

    @classmethod
    def load(cls, source: Any) -> SentimentModel:
        import scipy.sparse as sp

        with np.load(source, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            idf = np.full(2 * N_FEATURES, meta["idf_default"], dtype=np.float32)
            idf[data["idf_index"]] = data["idf_value"]
            shape = (2 * N_FEATURES, 3)
            coef = sp.csr_matrix((data["coef_data"], data["coef_indices"], data["coef_indptr"]), shape=shape)
            return cls(
                idf=idf,
                coef=coef,
                intercept=data["intercept"],
                stack_coef=data["stack_coef"],
                stack_intercept=data["stack_intercept"],
                cue_mean=data["cue_mean"],
                cue_scale=data["cue_scale"],
                meta=meta,
            )


@lru_cache(maxsize=1)
def bundled_model() -> SentimentModel:
    """The model shipped in the package (loaded once)."""
    with resources.as_file(resources.files("journeymap.feedback") / "data" / "sentiment.npz") as path:
        return SentimentModel.load(path)


def vader_labels(texts: Sequence[str]) -> list[Sentiment]:
    """The lexicon baseline: VADER's label for each text."""
    return [vader_label(float(c)) for c in vader_scores(texts)[:, 3]]
