"""Card texts as tagged tokens: normalising (quotes, contractions, symbols) and joining words back into text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import _resources

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_CONTRACTIONS = (
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"),
    (r"\b(what|who|where|how|when|why|it|that|there|here|he|she)'s\b", r"\1 is"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"\bi'm\b", "I am"),
    (r"\b(i|you|we|they|he|she)'d\b", r"\1 would"),
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a card text with the tagger's tag in context."""

    text: str
    tag: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.tag != "POS" and any(ch.isalnum() for ch in self.text)


def normalise(text: str) -> str:
    """The text without emoji and symbols, with straight quotes and contractions spelled out."""
    text = text.translate(_APOSTROPHES)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "S" or ch in "+&/$£€%")
    text = re.sub(r"^[\s\-•*·>]+", "", text).strip()
    for pattern, replacement in _CONTRACTIONS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=20_000)
def tokens(text: str) -> tuple[Token, ...]:
    """The tagged tokens of ``text`` (normalised first)."""
    clean = normalise(text)
    if not clean:
        return ()
    tagged = _resources().tag(clean)
    out: list[Token] = []
    index = 0
    while index < len(tagged):
        word, pos = tagged[index]
        if word == "'" and index + 1 < len(tagged) and tagged[index + 1][0] == "s":
            out.append(Token("'s", "POS"))  # the tokenizer splits a possessive "'s" in two
            index += 2
            continue
        out.append(Token(word, "POS" if word == "'" else pos))
        index += 1
    return tuple(out)


def _words(toks: Sequence[Token]) -> list[Token]:
    return [t for t in toks if t.is_word]


def _join(words: Sequence[str]) -> str:
    text = " ".join(words)
    text = re.sub(r"\s+([,.;:!?%)])", r"\1", text)
    text = re.sub(r"([(\"])\s+", r"\1", text)
    return re.sub(r"\s+'s\b", "'s", text).strip()


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(words: Sequence[str]) -> list[str]:
    """Lower-case the first word unless it is "I", an acronym or a name inside the text."""
    if not words:
        return []
    first = words[0]
    keep = first == "I" or (len(first) > 1 and first[1:2].isupper())
    return [first if keep else first.lower(), *words[1:]]


def _texts(toks: Sequence[Token]) -> list[str]:
    return [t.text for t in toks]
