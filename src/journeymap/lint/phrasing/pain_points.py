"""JL104: a pain point starts with a gerund."""

from __future__ import annotations

from collections.abc import Sequence

from .clauses import _describe, _is_noun_ing, _is_object_start, _is_past_or_third_person, _nounish, _subject_clause
from .closed_classes import _ADJ_TAGS, _AUXILIARIES, _LEAD_ADVERBS, _NOUN_TAGS, _SUBJECT_PRONOUNS
from .decision import Decision
from .lexicon import _lex, _lex_capitalised
from .tokens import Token, _capitalise, _join, _lower_first, _texts, _words, normalise, tokens
from .word_forms import _lemma_candidates, can_be_adjective, gerund, is_gerund_form, lemma


def starts_with_gerund(text: str) -> Decision:
    """JL104: a pain point starts with a gerund ("Waiting for installation", "paying invoice")."""
    clean = normalise(text)
    words = _words(tokens(clean))
    if not words:
        return Decision(True, "no words to check")
    start = 0
    while start < len(words) - 1 and (
        words[start].lower in _LEAD_ADVERBS or (words[start].lower.endswith("ly") and words[start].tag == "RB")
    ):
        start += 1
    first = words[start]
    rest = words[start + 1 :]
    nxt = rest[0] if rest else None
    if clean.rstrip().endswith("?"):
        return Decision(False, "a question, not a pain point", "")
    if first.lower.endswith("ing") and is_gerund_form(first.lower):
        if not _is_noun_ing(first, nxt, rest):
            return Decision(True, f"starts with the gerund {first.text!r}")
        return Decision(
            False,
            f"{first.text!r} is a noun here: start with what the customer goes through",
            _pain_suggestion(words),
        )
    return Decision(False, _pain_reason(words), _pain_suggestion(words))


def _pain_reason(words: Sequence[Token]) -> str:
    first = words[0]
    if _subject_clause(words) is not None or first.lower in _SUBJECT_PRONOUNS:
        return "a sentence: start with a gerund naming what the customer goes through"
    if _is_past_or_third_person(first, words[1] if len(words) > 1 else None):
        return f"starts with {first.text!r}: use the gerund"
    return f"starts with {_describe(first)} {first.text!r}, not a gerund"


def _pain_suggestion(words: Sequence[Token]) -> str:
    """A rewrite starting with a gerund, when the text's shape gives one; "" otherwise."""
    lowered = [t.lower for t in words]
    texts = _texts(words)
    first = words[0]
    nxt = words[1] if len(words) > 1 else None
    if lowered[:2] in (["unable", "to"], ["can", "not"], ["could", "not"]) and len(words) > 2:
        return _capitalise(_join(["not being able to", *texts[2:]]))
    for index in range(1, min(4, len(words))):
        if lowered[index : index + 2] in (["has", "to"], ["have", "to"], ["needs", "to"], ["need", "to"]):
            return _capitalise(_join(["having to", *texts[index + 2 :]]))
        if lowered[index] == "must" and index + 1 < len(words):
            return _capitalise(_join(["having to", *texts[index + 1 :]]))
    if first.lower.endswith("ed") and _lex(first.text) == "VBD" and (nxt is None or not _nounish(nxt)):
        return _capitalise(_join([gerund(lemma(first.text)), *texts[1:]]))  # "Waited 40 minutes" → "Waiting …"
    if lowered[0] == "no" and nxt is not None and lowered[1] != "one":
        return _capitalise(_join(["getting no", *texts[1:]]))
    if can_be_adjective(first.text) and nxt is not None and nxt.lower == "to" and len(words) > 2:
        return _capitalise(_join(["finding it", first.lower, *texts[1:]]))  # "Difficult to compare …"
    for index in range(1, min(3, len(words))):
        token = words[index]
        follows = words[index + 1] if index + 1 < len(words) else None
        if token.tag == "VBG" and is_gerund_form(token.lower) and follows is not None and not _nounish(follows):
            return _capitalise(_join(texts[index:]))  # "Difficulty finding the timetable" → "Finding …"
    if first.lower in _SUBJECT_PRONOUNS or first.lower in ("why", "what", "how") or _subject_clause(words) is not None:
        return ""
    head = 0
    while head < len(words) and words[head].tag not in ("IN", "TO", "VBZ", "VBD", "MD", "CC", "RB", "WDT"):
        head += 1
    if 0 < head < len(words) and words[head].tag in ("IN", "TO"):
        noun = words[head - 1]
        if _lex(noun.text) == "VB" or (_lex(noun.text) is None and _lex_capitalised(noun.text) == "VB"):
            tail = texts[head + 1 :] if lowered[head] == "of" else texts[head:]
            return _capitalise(_join([gerund(noun.lower), *tail]))  # "Long wait for installation" → "Waiting for …"
    if any(_clause_verb(words, i) for i in range(1, min(4, len(words)))):
        return ""  # a sentence ("Refund takes six weeks"): no mechanical rewrite
    if nxt is not None and not _nounish(nxt) and not _nounish(first) and first.lower not in ("too", "no"):
        return ""  # "Frustrated with the bot": a feeling, not a thing to deal with
    if len(words) > 2 and words[-1].tag in _ADJ_TAGS | {"VBG", "VBN"} and words[-2].tag in _NOUN_TAGS:
        return ""  # "Booking confirmation missing": a predicate
    return _capitalise(_join(["dealing with", *_lower_first(texts)]))


def _clause_verb(words: Sequence[Token], index: int) -> bool:
    """A finite verb by the lexicon ("takes", "is", "can"), or an -s form followed by an object or adverb."""
    token = words[index]
    if token.lower in _AUXILIARIES or token.tag == "MD" or _lex(token.text) in ("VBZ", "VBD"):
        return True
    after = words[index + 1] if index + 1 < len(words) else None
    plural_or_verb = token.lower.endswith("s") and bool(_lemma_candidates(token.lower, "s"))
    return plural_or_verb and after is not None and (_is_object_start(after) or after.tag == "RB")
