"""JL106: an opportunity starts with a verb of change."""

from __future__ import annotations

from collections.abc import Sequence

from .clauses import _describe, _subject_clause
from .closed_classes import (
    _ADJ_TAGS,
    _COMPARATIVE_TO_CHANGE,
    _NOUN_TAGS,
    _SUBJECT_PRONOUNS,
    CHANGE_PHRASAL_VERBS,
    CHANGE_VERBS,
)
from .decision import Decision
from .lexicon import _lex, _spellings
from .tokens import Token, _capitalise, _join, _texts, _words, normalise, tokens
from .word_forms import can_be_adjective, can_be_noun, can_be_verb, lemma, nominal_to_verb


def starts_with_change_verb(text: str) -> Decision:
    """JL106: an opportunity begins with a verb of change ("Increase the ease of installation")."""
    clean = normalise(text).rstrip(" .!")
    words = _words(tokens(clean))
    if not words:
        return Decision(True, "no words to check")
    lowered = [t.lower for t in words]
    if lowered[:3] == ["how", "might", "we"] or lowered[:3] == ["how", "can", "we"]:
        return _how_might_we(words[3:])
    start = 0
    while start < len(words) - 1 and (
        (words[start].lower.endswith("ly") and _lex(words[start].lower) in ("RB", None)) or lowered[start] == "further"
    ):
        start += 1
    first = words[start]
    rest = words[start + 1 :]
    w = first.lower
    variants = set(_spellings(w))
    for phrasal in CHANGE_PHRASAL_VERBS:
        if tuple(lowered[start : start + len(phrasal)]) == phrasal:
            return Decision(True, f"starts with the verb of change {' '.join(phrasal)!r}")
    if variants & CHANGE_VERBS:
        return _change_verb_start(first, rest)
    if w == "make" and _has_comparative(rest):
        return Decision(True, "'make' with a comparative shows the change")
    base = lemma(w)
    if base != w and set(_spellings(base)) & CHANGE_VERBS:
        form = "gerund" if w.endswith("ing") else "participle" if w.endswith(("ed", "en")) else "form"
        return Decision(
            False,
            f"starts with the {form} {first.text!r}: use the verb's base form",
            _capitalise(_join([base, *_texts(rest)])),
        )
    derived = nominal_to_verb(w)
    if derived and set(_spellings(derived)) & CHANGE_VERBS:
        tail = rest[1:] if rest and rest[0].lower in ("of", "in", "to") else rest
        return Decision(
            False,
            f"starts with the noun {first.text!r}: use the verb {derived!r}",
            _capitalise(_join([derived, *_texts(tail)])),
        )
    if w in _COMPARATIVE_TO_CHANGE:
        tail = rest[1:] if w == "no" and rest and rest[0].lower == "more" else rest
        return Decision(
            False,
            f"starts with {first.text!r}: say what changes with a verb",
            _join([_COMPARATIVE_TO_CHANGE[w], *_texts(tail)]),
        )
    if first.tag in ("JJR", "RBR") and can_be_adjective(w):
        return Decision(
            False, f"starts with {first.text!r}: say what changes with a verb", _join(["Improve", *_texts(rest)])
        )
    if (can_be_verb(w) and first.tag not in _NOUN_TAGS | _ADJ_TAGS) or (can_be_verb(w) and _lex(w) in ("VB", "VBP")):
        return Decision(False, f"{first.text!r} is a verb, but not a verb of change", "")
    if _subject_clause(words) is not None or w in _SUBJECT_PRONOUNS or w in ("the", "a", "an"):
        return Decision(False, "a sentence, not an opportunity", "")
    return Decision(False, f"starts with {_describe(first)} {first.text!r}, not a verb of change", "")


def _how_might_we(inner: Sequence[Token]) -> Decision:
    """A "How might we …?" question: the rewrite is the change it asks about, when that starts with a verb of change."""
    inner_decision = starts_with_change_verb(_join(_texts(inner)).rstrip("?")) if inner else None
    suggestion = inner_decision.suggestion if inner_decision and not inner_decision.ok else ""
    if inner_decision and inner_decision.ok:
        suggestion = _capitalise(_join(_texts(inner)).rstrip("?").strip())
    return Decision(False, "a 'How might we …?' question: keep it in how_might_we", suggestion)


def _change_verb_start(first: Token, rest: Sequence[Token]) -> Decision:
    """An opportunity whose first word is a verb of change, unless what follows makes it a noun."""
    w = first.lower
    nxt = rest[0] if rest else None
    if nxt is not None and nxt.lower in ("of", "in", "on") and can_be_noun(w) and nxt.lower != "on":
        return Decision(
            False,
            f"{first.text!r} is a noun here (followed by {nxt.text!r}): use it as a verb",
            _capitalise(_join([w, *_texts(rest[1:])])),
        )
    if nxt is None and _lex(w) in _NOUN_TAGS:
        return Decision(False, f"{first.text!r} on its own reads as a noun: say what changes", "")
    return Decision(True, f"starts with the verb of change {first.text!r}")


def _has_comparative(rest: Sequence[Token]) -> bool:
    for index, token in enumerate(rest):
        if token.tag in ("JJR", "RBR") or token.lower in ("more", "less"):
            return True
        if token.lower == "as" and index + 2 < len(rest) and rest[index + 2].lower == "as":
            return True
        if token.lower.endswith("er") and _lex(token.lower) in ("JJR", "RBR"):
            return True
    return False
