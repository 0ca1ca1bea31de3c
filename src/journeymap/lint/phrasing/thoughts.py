"""JL102: a thought is phrased as a question."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .clauses import _subject_clause
from .closed_classes import (
    _ADJ_TAGS,
    _AUXILIARIES,
    _DETERMINER_WORDS,
    _DISCOURSE,
    _NOUN_TAGS,
    _QUESTION_WORDS,
    _STATEMENT_LEADS,
    _SUBJECT_PRONOUNS,
)
from .decision import Decision
from .tokens import Token, _capitalise, _join, _lower_first, _texts, _words, normalise, tokens
from .word_forms import can_be_adjective, can_be_verb, lemma


def is_question(text: str) -> Decision:
    """JL102: a thought is phrased as a question ("Are there hidden fees?")."""
    clean = normalise(text).rstrip(" \"')]")
    if not clean:
        return Decision(True, "no words to check")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", clean) if s]
    if any(s.rstrip(" \"')").endswith("?") for s in sentences):
        return Decision(True, "ends with a question mark")
    for sentence in sentences:
        words = _words(tokens(sentence))
        while words and words[0].lower in _DISCOURSE and len(words) > 1:
            words = words[1:]
        if not words:
            continue
        kind = _question_form(words)
        if kind:
            return Decision(True, f"phrased as a question ({kind}); add a question mark", "")
    words = _words(tokens(clean))
    if clean.endswith("!"):
        reason = "an exclamation, not a question"
    elif words and _question_exclamative(words):
        reason = f"an exclamation ({words[0].text!r} …), not a question"
    elif words and (words[0].lower in _SUBJECT_PRONOUNS or _subject_clause(words) is not None):
        reason = "a statement, not a question"
    else:
        reason = "not phrased as a question"
    return Decision(False, reason, _as_question(words))


def _question_exclamative(words: Sequence[Token]) -> bool:
    """ "What a relief", "How frustrating": a question word that opens an exclamation."""
    first = words[0].lower
    if first == "what" and len(words) > 1 and words[1].lower in ("a", "an"):
        return True
    if first == "how" and len(words) > 1 and words[1].lower not in ("much", "many", "long", "often", "far", "soon"):
        second = words[1]
        if can_be_adjective(second.text) or second.tag in _ADJ_TAGS or second.tag == "RB":
            return not any(t.lower in _AUXILIARIES or t.tag in ("MD", "VBZ", "VBP", "VBD") for t in words[2:])
    return False


def _question_form(words: Sequence[Token]) -> str:
    """Why ``words`` read as a question ("question word" / "inverted auxiliary"), or "" when they do not."""
    first = words[0].lower
    if first in _QUESTION_WORDS:
        return "" if _question_exclamative(words) else "question word"
    if first in _AUXILIARIES and len(words) > 1:
        second = words[1]
        if second.lower == "not" and len(words) > 2:
            second = words[2]
        if second.lower in _SUBJECT_PRONOUNS | {"there", "this", "that", "these", "those", "anyone", "anybody"}:
            return "inverted auxiliary"
        if second.tag in {"DT", "PRP$", "EX", "CD", "NNP", "PRP"} or second.lower in _DETERMINER_WORDS:
            return "inverted auxiliary"
        if second.tag in _NOUN_TAGS and not can_be_verb(second.text):
            return "inverted auxiliary"
    return ""


def _as_question(words: Sequence[Token]) -> str:
    """A yes/no or wh-question made from a statement, when its shape allows one; "" otherwise."""
    if not words or words[0].lower in ("please", "no", "what", "how"):
        return ""
    lowered = [t.lower for t in words]
    start = 0
    for lead in sorted(_STATEMENT_LEADS, key=len, reverse=True):
        if tuple(lowered[: len(lead)]) == lead:
            start = len(lead)
            break
    clause = list(words[start:])
    if not clause:
        return ""
    first = clause[0].lower
    if start and lowered[start - 1] in ("whether", "if") and first == "to" and len(clause) > 1:
        return _question(["should I", *_texts(clause[1:])])  # "Not sure whether to fix …" → "Should I fix …?"
    if first in ("whether", "if") and len(clause) > 2 and clause[1].lower == "to":
        return _question(["should I", *_texts(clause[2:])])
    if first in _QUESTION_WORDS and len(clause) > 2 and clause[1].lower == "to":
        return _question([first, "should I", *_texts(clause[2:])])  # "Unsure which plan to choose"
    if first in _QUESTION_WORDS and len(clause) > 3 and clause[1].tag in _NOUN_TAGS and clause[2].lower == "to":
        return _question([first, clause[1].text, "should I", *_texts(clause[3:])])
    if first in _QUESTION_WORDS and start:
        inner = clause[1:]
        for index in range(1, len(inner)):
            if inner[index].lower in _AUXILIARIES and all(_in_subject(t) for t in inner[:index]):
                moved = [first, inner[index].lower, *_lower_first(_texts(inner[:index])), *_texts(inner[index + 1 :])]
                return _question(moved)  # "Wondering where the engineer is" → "Where is the engineer?"
        return ""
    if first in ("must", "should") and start == 0 and len(clause) > 1 and clause[1].lower != "be":
        return _question([first, "I", *_texts(clause[1:])])  # "Must remember to …" → "Must I remember to …?"
    for index in range(1, min(5, len(clause))):
        token = clause[index]
        subject = clause[:index]
        if not all(_in_subject(t) for t in subject):
            break
        after = clause[index + 1] if index + 1 < len(clause) else None
        if token.lower in _AUXILIARIES or token.tag == "MD":
            if after is not None and after.lower in ("not", "better"):
                return ""
            if token.lower in ("have", "has", "had") and (after is None or after.tag != "VBN"):
                return ""
            moved = [token.lower, *_lower_first(_texts(subject)), *_texts(clause[index + 1 :])]
            return _question(moved)  # "This is taking forever" → "Is this taking forever?"
        base = lemma(token.text)
        if token.tag in ("VBZ", "VBP", "VBD") or (index == 1 and subject[0].lower in _SUBJECT_PRONOUNS):
            if not can_be_verb(base) or (after is not None and after.lower == "not"):
                break
            past = token.tag == "VBD" or (token.lower != base and token.lower.endswith("ed"))
            aux = "did" if past else "does" if token.lower != base and token.lower.endswith("s") else "do"
            moved = [aux, *_lower_first(_texts(subject)), base, *_texts(clause[index + 1 :])]
            return _question(moved)  # "Maybe the broker knows" → "Does the broker know?"
    if start == 0 and clause[0].lower in ("need", "have", "want"):
        return _question(["do I", *_lower_first(_texts(clause))])  # "Need to find my payslips"
    return ""


def _in_subject(token: Token) -> bool:
    tags = _NOUN_TAGS | _ADJ_TAGS | {"DT", "PRP", "PRP$", "POS", "CD", "EX"}
    return token.tag in tags or token.lower in _SUBJECT_PRONOUNS or token.lower == "there"


def _question(parts: Sequence[str]) -> str:
    return _capitalise(_join(list(parts))) + "?"
