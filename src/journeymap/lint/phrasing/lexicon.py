"""textblob's tagger and the lexicons in its wheel (loaded on first use), and look-ups in them."""

from __future__ import annotations

import gc
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...errors import MissingExtraError
from .closed_classes import _ADJ_TAGS


@dataclass(frozen=True)
class _Resources:
    tag: Callable[[str], list[tuple[str, str]]]
    lexicon: Any
    sentiment: Any
    spelling: Any


@lru_cache(maxsize=1)
def _resources() -> _Resources:
    """textblob's tagger and the lexicons in its wheel, loaded on first use (so the CLI starts fast)."""
    try:
        from textblob.en import lexicon, sentiment, spelling
        from textblob.en.taggers import PatternTagger
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("the phrasing rules of lint", "lint") from exc
    tagger = PatternTagger()

    def tag(text: str) -> list[tuple[str, str]]:
        return [(str(word), str(pos)) for word, pos in tagger.tag(text)]

    # Pattern's reader leaves its files to the garbage collector: load everything now, then collect, so no
    # ResourceWarning escapes later (the tagger's lexicon, morphology and context rules, and our two lexicons).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        tag("Warm up the tagger, please.")
        sentiment.get("good")
        spelling.get("the")
        gc.collect()
    return _Resources(tag=tag, lexicon=lexicon, sentiment=sentiment, spelling=spelling)


def _lex(word: str) -> str | None:
    """The lexicon's tag for ``word`` (its most frequent one), trying the lower-case and American spellings."""
    lexicon = _resources().lexicon
    for form in _spellings(word):
        found = lexicon.get(form)
        if found:
            return str(found)
    return None


def _lex_capitalised(word: str) -> str | None:
    found = _resources().lexicon.get(word.lower().capitalize())
    return str(found) if found else None


def _frequency(word: str) -> int:
    return max((int(_resources().spelling.get(form, 0)) for form in _spellings(word)), default=0)


@lru_cache(maxsize=50_000)
def _spellings(word: str) -> tuple[str, ...]:
    """``word`` in lower case, then its American spellings (the lexicon is from American corpora)."""
    w = word.lower()
    forms = [w]
    swaps = (
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("our", "or"),
        ("tre", "ter"),
        ("ogue", "og"),
        ("elled", "eled"),
        ("elling", "eling"),
        ("alled", "aled"),
        ("alling", "aling"),
        ("ence", "ense"),
    )
    for british, american in swaps:
        if w.endswith(british):
            forms.append(w[: -len(british)] + american)
    if re.fullmatch(r"[a-z]*[aeiou]l", w) and len(w) > 4:
        forms.append(w + "l")  # enrol → enroll, fulfil → fulfill
    forms += [f.replace("our", "or") for f in forms if "our" in f[1:-1]]  # behaviour → behavior
    return tuple(dict.fromkeys(forms))


def _adjective_evidence(word: str) -> bool:
    """Stronger evidence than the lexicon's first tag: the subjectivity lexicon lists the word as an adjective."""
    sentiment = _resources().sentiment
    return any("JJ" in (sentiment.get(form) or {}) for form in _spellings(word)) or _lex_capitalised(word) in _ADJ_TAGS
