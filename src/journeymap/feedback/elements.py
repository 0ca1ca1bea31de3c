"""To which step or touchpoint of a map a comment belongs, with no labels: from the map's own words.

Each step and each touchpoint gets a description document built from the map — the step's name (counted three
times), its description, its stage's name, the texts of the cards in its column (actions, thoughts, pain points…)
and the names of its touchpoints; a touchpoint's name (three times), its channel with the channel's everyday words
(``feedback/data/channels.json``: "app" → mobile, phone app…) and its step's name — plus the keywords a team's
rules give the element. A comment is scored against every document by TF-IDF cosine on stemmed words (1–2-grams)
and on character 3–5-grams; the best element wins when its score reaches the threshold, else the comment is about
none of them (``None``). The score is the cosine itself, so the answer can be explained by the words shared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from journeymap.model import LaneKind, Map

__all__ = ["DEFAULT_THRESHOLD", "ElementIndex", "element_documents", "stem_text"]

DEFAULT_THRESHOLD = 0.13
"""Cosine below which a comment is about no element (chosen on the dev sets; see docs/feedback.md)."""
CHAR_WEIGHT = 0.5
"""Share of the character n-gram cosine in the score (the rest is the word cosine)."""

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s", "ly")
_SKIPPED_LANES = frozenset({LaneKind.EMOTION, LaneKind.TOUCHPOINTS, LaneKind.MOMENTS_OF_TRUTH})


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def stem_text(text: str) -> str:
    """Lower-cased words with common English suffixes cut: "uploading documents" → "upload docu"."""
    return " ".join(_stem(w) for w in _WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def _channel_words() -> dict[str, list[str]]:
    source = resources.files("journeymap.feedback") / "data" / "channels.json"
    words: dict[str, list[str]] = json.loads(source.read_text(encoding="utf-8"))
    return words


def element_documents(m: Map, rules: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """The description document of each step and touchpoint of ``m``, by id (steps first, in map order)."""
    rules = rules or {}
    docs: dict[str, list[str]] = {}
    for stage in m.stages:
        for step in stage.steps:
            docs[step.id] = [step.name] * 3 + [step.description, stage.name]
    for lane in m.lanes:
        if lane.kind in _SKIPPED_LANES:
            continue
        for card in lane.cards:
            if card.step in docs:
                docs[card.step].append(card.text)
    step_names = {s.id: s.name for s in m.steps}
    for tp in m.touchpoints:
        channel = [tp.channel, *_channel_words().get(tp.channel.lower(), [])]
        docs[tp.id] = [tp.name] * 3 + channel * 2 + [step_names.get(tp.step, "")]
        if tp.step in docs:
            docs[tp.step].append(tp.name)
    for element, keywords in rules.items():
        if element in docs:
            docs[element].extend(list(keywords) * 3)
    return {key: " . ".join(t for t in parts if t) for key, parts in docs.items()}


@dataclass(frozen=True)
class ElementIndex:
    """The map's elements as TF-IDF vectors; :meth:`scores` compares comments with them."""

    ids: tuple[str, ...]
    parents: dict[str, str]
    """Touchpoint id → its step's id."""
    words: Any
    chars: Any
    word_matrix: Any
    char_matrix: Any

    @classmethod
    def for_map(cls, m: Map, rules: Mapping[str, Sequence[str]] | None = None) -> ElementIndex:
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = element_documents(m, rules)
        ids = tuple(docs)
        texts = [docs[i] for i in ids]
        words = TfidfVectorizer(preprocessor=stem_text, stop_words=_stop_words(), ngram_range=(1, 2), sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        word_matrix = words.fit_transform(texts) if texts else None
        char_matrix = chars.fit_transform([t.lower() for t in texts]) if texts else None
        parents = {tp.id: tp.step for tp in m.touchpoints}
        return cls(ids, parents, words, chars, word_matrix, char_matrix)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine of each text with each element: ``len(texts)`` × ``len(ids)``."""
        if not self.ids or not texts:
            return np.zeros((len(texts), len(self.ids)))
        word = self.words.transform(list(texts)) @ self.word_matrix.T
        char = self.chars.transform([t.lower() for t in texts]) @ self.char_matrix.T
        result: np.ndarray = (1 - CHAR_WEIGHT) * word.toarray() + CHAR_WEIGHT * char.toarray()
        return result

    def best(self, scores: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> list[tuple[str | None, float]]:
        """The best element of each row of ``scores`` and its score; ``None`` below the threshold."""
        if not self.ids:
            return [(None, 0.0)] * scores.shape[0]
        top = scores.argmax(axis=1)
        return [(self.ids[j] if scores[i, j] >= threshold else None, float(scores[i, j])) for i, j in enumerate(top)]


@lru_cache(maxsize=1)
def _stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words: set[str] = set()
    for word in ENGLISH_STOP_WORDS:
        stem = stem_text(word)
        while stem and stem not in words:  # stemming twice can cut again: keep every form
            words.add(stem)
            stem = stem_text(stem)
    return sorted(words)
