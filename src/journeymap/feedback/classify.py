"""Classify comments against a map: the step or touchpoint each is about (or none), its sentiment and its themes.

Without labels it works from the map's own words (:mod:`journeymap.feedback.elements`), the bundled sentiment model
(:mod:`journeymap.feedback.sentiment`) and the theme lexicon (:mod:`journeymap.feedback.themes`); a team's keyword
rules add words to elements and themes. An analyst's confirmations train models on top
(:mod:`journeymap.feedback.train`), so confirmed and corrected comments change the answers.

Scores: ``element_score`` is the label-free cosine of the best element (0–1) or, with confirmations naming
elements, its probability (the trained model's mixed with the label-free answer's); ``sentiment_score`` is the
probability of the sentiment given. Comments go through in batches, so 100 k comments need no more memory than
a few thousand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from journeymap.errors import MissingExtraError

try:
    import numpy as np
    import sklearn  # noqa: F401  (the models' library: checked here, imported where used)
    import vaderSentiment  # noqa: F401
except ImportError as exc:  # the feedback extra is not installed: say which pip command installs it
    raise MissingExtraError("classifying feedback", "feedback") from exc

from journeymap.feedback.classify_rules import KeywordRules, read_keyword_rules
from journeymap.feedback.confirmations import Confirmation
from journeymap.feedback.elements import DEFAULT_THRESHOLD, ElementIndex, element_documents
from journeymap.feedback.sentiment import LABELS, SentimentModel, bundled_model, softmax
from journeymap.feedback.sentiment_features import mark_negation
from journeymap.feedback.themes import ThemeLexicon
from journeymap.feedback.train import NONE, ElementModel, SentimentAdapter, train_elements, train_sentiment
from journeymap.model import Map

__all__ = ["Classification", "FeedbackClassifier", "KeywordRules", "read_keyword_rules"]

BATCH = 2000
CACHE = 20_000
"""Distinct texts whose answers :meth:`FeedbackClassifier.classify` keeps for texts met again."""
ELEMENT_HALF_TRUST = 25
"""Confirmations at which the trained element model and the label-free answer weigh the same (without the mix,
50 confirmations made the clinic dev set worse than none; 25 beat 50 and 100 in cross-validation on the dev sets)."""
PRIOR_TEMPERATURE = 30.0
"""The label-free cosines × this, then a softmax, when they are mixed with the trained model."""
RULE_BONUS = 0.3
"""Added to an element's label-free score when the comment contains one of the element's rule keywords."""


@dataclass(frozen=True, slots=True)
class Classification:
    """The answer for one comment."""

    element: str | None
    element_score: float
    sentiment: Literal["negative", "neutral", "positive"]
    sentiment_score: float
    themes: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackClassifier:
    """A classifier for one map; build it with :meth:`for_map`."""

    index: ElementIndex
    sentiment_model: SentimentModel
    themes: ThemeLexicon
    rules: KeywordRules
    element_model: ElementModel | None = None
    sentiment_adapter: SentimentAdapter | None = None
    threshold: float = DEFAULT_THRESHOLD

    @classmethod
    def for_map(
        cls,
        m: Map,
        *,
        confirmations: Sequence[Confirmation] = (),
        rules: KeywordRules | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> FeedbackClassifier:
        """The classifier of ``m``; confirmations naming an element or a sentiment train models on top."""
        rules = rules or KeywordRules()
        index = ElementIndex.for_map(m, rules.elements)
        base = bundled_model()
        docs = element_documents(m, rules.elements)
        placed = [c for c in confirmations if c.element is not None]
        # Once some confirmations name elements, one with an empty element says the comment is about none.
        element_model = None
        if placed:
            element_model = train_elements(
                index, [docs[i] for i in index.ids], [c.text for c in confirmations], [c.element for c in confirmations]
            )
        felt = [c for c in confirmations if c.sentiment]
        adapter = train_sentiment(base, [c.text for c in felt], [c.sentiment or "" for c in felt]) if felt else None
        return cls(index, base, ThemeLexicon.build(rules.themes), rules, element_model, adapter, threshold)

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        """One :class:`Classification` per text, in order. A text met again (in this call) is not classified
        again: its answer is the same, taken from a cache of at most :data:`CACHE` texts."""
        results: list[Classification] = []
        cache: dict[str, Classification] = {}
        for start in range(0, len(texts), BATCH):
            batch = list(texts[start : start + BATCH])
            fresh = [t for t in dict.fromkeys(batch) if t not in cache]
            answers = dict(zip(fresh, self._batch(fresh), strict=True))
            results.extend(answers[t] if t in answers else cache[t] for t in batch)
            if len(cache) + len(answers) > CACHE:
                cache.clear()
            cache.update(answers)
        return results

    def element_scores(self, texts: Sequence[str]) -> np.ndarray:
        """The label-free score of each element (columns in ``index.ids`` order), rule keywords included."""
        scores = self.index.scores(texts)
        for column, element in enumerate(self.index.ids):
            keywords = [k.lower() for k in self.rules.elements.get(element, ())]
            if keywords:
                hits = [any(k in t.lower() for k in keywords) for t in texts]
                scores[:, column] += RULE_BONUS * np.array(hits, dtype=float)
        return scores

    def elements(self, texts: Sequence[str]) -> list[tuple[str | None, float]]:
        prior = self.element_scores(texts)
        if self.element_model is None:
            return self.index.best(prior, self.threshold)
        proba = self.element_model.proba(texts, prior)
        classes = self.element_model.classes
        proba = self._mix_prior(proba, prior, classes)
        named = np.array([j for j, c in enumerate(classes) if c != NONE], dtype=np.intp)
        best = named[proba[:, named].argmax(axis=1)]  # the likeliest named element (first on a tie)
        none = np.array([classes[j] == NONE for j in proba.argmax(axis=1)])
        best_score = proba[np.arange(len(proba)), best]
        return [
            (None if is_none else classes[j], float(score))
            for is_none, j, score in zip(none.tolist(), best.tolist(), best_score.tolist(), strict=True)
        ]

    def _mix_prior(self, proba: np.ndarray, prior: np.ndarray, classes: tuple[str, ...]) -> np.ndarray:
        """The trained model's shares mixed with the label-free answer's (a softmax of the cosines, "none" at the
        threshold), weighing n / (n + ELEMENT_HALF_TRUST) after n confirmations."""
        n = self.element_model.confirmed if self.element_model is not None else 0
        column = {c: j for j, c in enumerate(self.index.ids)}
        logits = np.column_stack(
            [prior[:, column[c]] if c in column else np.full(len(prior), self.threshold) for c in classes]
        )
        label_free = softmax(logits * PRIOR_TEMPERATURE)
        share = n / (n + ELEMENT_HALF_TRUST)
        mixed: np.ndarray = share * proba + (1 - share) * label_free
        return mixed

    def sentiments(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities of (negative, neutral, positive) for each text."""
        marked = [mark_negation(t) for t in texts]
        tfidf = self.sentiment_model.tfidf(texts, marked)
        features = self.sentiment_model.features(texts, tfidf=tfidf, marked=marked)
        if self.sentiment_adapter is None:
            return self.sentiment_model.proba_from_features(features)
        return self.sentiment_adapter.proba(texts, features, marked=marked, tfidf=tfidf)

    def _batch(self, texts: list[str]) -> list[Classification]:
        if not texts:
            return []
        elements = self.elements(texts)
        proba = self.sentiments(texts)
        labels = proba.argmax(axis=1).tolist()
        confidence = proba.max(axis=1).tolist()
        return [
            Classification(
                element=element,
                element_score=round(score, 4),
                sentiment=LABELS[label],
                sentiment_score=round(p, 4),
                themes=self.themes.themes(text),
            )
            for text, (element, score), label, p in zip(texts, elements, labels, confidence, strict=True)
        ]
