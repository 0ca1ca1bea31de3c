"""The features the sentiment model reads: hashed TF-IDF word and character n-grams of a comment (negation marked),
and a few dense cues — VADER's scores, negations (and the VADER valence of the words they turn: "not helpful"
counts helpful's +1.9 as negated positive), contrast and sarcasm markers.

The same functions build the features when the bundled model is trained (``tools/build_sentiment_model.py``), when
it classifies, and when a model is retrained on an analyst's confirmations, so the three always agree. Hashing
(scikit-learn's ``HashingVectorizer``: MurmurHash3, stable across releases) keeps the bundled model a table of
numbers, with no vocabulary to pickle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "CUE_NAMES",
    "N_FEATURES",
    "cue_matrix",
    "hashed_counts",
    "mark_negation",
    "vader_scores",
]

N_FEATURES = 2**19
"""Buckets for each of the two hashed spaces (words, characters): 2 × 2¹⁹ columns in all."""

_NEGATOR_WORDS = (
    "not no never nothing nobody none nowhere neither nor cannot without hardly barely isnt wasnt dont doesnt didnt "
    "cant couldnt wont wouldnt shouldnt arent werent havent hasnt hadnt aint"
)
NEGATORS = frozenset(_NEGATOR_WORDS.split(" "))
_TOKEN = re.compile(r"[a-z0-9£$€%]+(?:['’][a-z]+)?|[!?]+|[.,;:()]")
_CLAUSE_END = frozenset(".,;:!?()")
_CONTRAST = frozenset({"but", "however", "although", "though", "yet", "except"})

_SARCASM = re.compile(
    r"\b(?:thanks? (?:a lot |so much )?for nothing|yeah,? right|oh,? (?:great|wonderful|brilliant|joy|fantastic)|"
    r"just what i (?:needed|wanted)|(?:love|loved|lovely|great|brilliant|fantastic|wonderful|amazing|nice) (?:how|that|"
    r"to|when) .{0,40}\b(?:again|another|hours?|days?|weeks?|nobody|no one|never|lost|wait(?:ing|ed)?|still|twice)\b|"
    r"(?:great|brilliant|fantastic|excellent|stellar|top) (?:job|work|service|stuff),? (?:guys|team|everyone|as usual)|"
    r"as usual|what a (?:joke|surprise|shock)|how (?:lovely|nice|thoughtful|convenient)|"
    r"(?:clearly|obviously|apparently) (?:a|the|my|our|customers?)|\bsure+ly?,? because|"
    r"\bcan'?t wait to do (?:it|this) again|10/10 would|five stars? for)\b",
    re.IGNORECASE,
)
_SHOUT = re.compile(r"\b[A-Z]{3,}\b")

CUE_NAMES = (
    "vader_neg",
    "vader_neu",
    "vader_pos",
    "vader_compound",
    "negations",
    "negated_positive",
    "negated_negative",
    "contrasts",
    "sarcasm",
    "exclamations",
    "questions",
    "shouting",
    "log_length",
)


def _normalise_token(token: str) -> str:
    return token.replace("’", "'").replace("n't", "nt").replace("'", "")


def mark_negation(text: str) -> str:
    """The comment's words, lower-cased, with every word after a negator up to the end of its clause (or a
    "but") prefixed ``not_``: "not helpful at all" → "not not_helpful not_at not_all"."""
    out: list[str] = []
    negated = False
    for raw in _TOKEN.findall(text.lower()):
        if raw[0] in _CLAUSE_END:
            negated = False
            out.append(raw[0])
            continue
        token = _normalise_token(raw)
        if token in _CONTRAST:
            negated = False
            out.append(token)
        elif token in NEGATORS or (token.endswith("nt") and raw.endswith(("n't", "n’t"))):
            negated = True
            out.append(token)
        else:
            out.append("not_" + token if negated else token)
    return " ".join(out)


@lru_cache(maxsize=1)
def _vectorizers() -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import HashingVectorizer

    common: dict[str, Any] = {"n_features": N_FEATURES, "alternate_sign": False, "norm": None, "dtype": np.float32}
    words = HashingVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), lowercase=False, **common)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False, **common)
    return words, chars


def hashed_counts(texts: Sequence[str], marked: Sequence[str] | None = None) -> Any:
    """Sublinear term counts (1 + log tf) of the word 1–2-grams (negation marked) and character 2–5-grams (within
    words; a negated word in capitals, so "not helpful" shares no n-gram with "helpful"): a CSR matrix of
    ``len(texts)`` × 2·N_FEATURES, before IDF and normalisation. ``marked``: the texts' :func:`mark_negation`,
    when already computed."""
    import scipy.sparse as sp

    words, chars = _vectorizers()
    marked = [mark_negation(t) for t in texts] if marked is None else list(marked)
    cased = [" ".join(w[4:].upper() if w.startswith("not_") else w for w in m.split(" ")) for m in marked]
    matrix = sp.hstack([words.transform(marked), chars.transform(cased)], format="csr")
    matrix.data = np.log1p(matrix.data).astype(np.float32)
    return matrix


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_scores(texts: Sequence[str]) -> np.ndarray:
    """VADER's (neg, neu, pos, compound) for each text: an array of ``len(texts)`` × 4."""
    analyzer = _vader()
    rows = [analyzer.polarity_scores(t) for t in texts]
    return np.array([[r["neg"], r["neu"], r["pos"], r["compound"]] for r in rows], dtype=np.float64).reshape(-1, 4)


def cue_matrix(
    texts: Sequence[str], vader: np.ndarray | None = None, marked: Sequence[str] | None = None
) -> np.ndarray:
    """The dense cues of :data:`CUE_NAMES` for each text (``marked``: their :func:`mark_negation`, if known)."""
    scores = vader_scores(texts) if vader is None else vader
    lexicon: dict[str, float] = _vader().lexicon
    rows = []
    for text, negation in zip(texts, [mark_negation(t) for t in texts] if marked is None else marked, strict=True):
        marked_words = negation.split()
        negated = [lexicon.get(t[4:], 0.0) for t in marked_words if t.startswith("not_")]
        rows.append(
            [
                sum(1 for t in marked_words if t in NEGATORS),
                sum(v for v in negated if v > 0),
                -sum(v for v in negated if v < 0),
                sum(1 for t in marked_words if t in _CONTRAST),
                len(_SARCASM.findall(text)),
                min(text.count("!"), 5),
                min(text.count("?"), 5),
                min(len(_SHOUT.findall(text)), 5),
                np.log1p(len(marked_words)),
            ]
        )
    extra = np.array(rows, dtype=np.float64).reshape(-1, len(CUE_NAMES) - 4)
    return np.hstack([scores, extra])
