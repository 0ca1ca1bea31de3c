"""JL105: a touchpoint is a noun phrase."""

from __future__ import annotations

from collections.abc import Sequence

from .clauses import _is_object_start, _is_past_or_third_person, _noun_phrase_after, _nounish, _subject_clause
from .closed_classes import (
    _ADJ_TAGS,
    _AUXILIARIES,
    _CONNECTORS,
    _DETERMINER_WORDS,
    _NOUN_TAGS,
    _PARTICLES,
    _SUBJECT_PRONOUNS,
)
from .decision import Decision
from .lexicon import _lex, _lex_capitalised
from .tokens import Token, _capitalise, _join, _words, normalise, tokens
from .word_forms import can_be_adjective, can_be_noun, can_be_verb, is_gerund_form, is_participle, is_unknown


def is_noun_phrase(text: str) -> Decision:
    """JL105: a touchpoint is a noun phrase naming the interface ("email", "customer hotline").

    In a touchpoints lane a word that can be a noun gets the noun reading unless the context makes it a verb: an
    object after it ("Call the hotline"), a particle that ends the phrase ("Log in", "Check in online"), or a
    preposition after a word the lexicon knows first as a verb ("Talk to the receptionist").
    """
    clean = normalise(text).rstrip(" .!")
    words = _words(tokens(clean))
    if not words:
        return Decision(True, "no words to check")
    if clean.endswith("?"):
        return Decision(False, "a question, not the name of an interface", "")
    first = words[0]
    rest = words[1:]
    nxt = rest[0] if rest else None
    w = first.lower
    last_part = w.rsplit("-", 1)[-1]
    suggestion = _capitalise(_join(_interface_in(words)))

    if first.tag in ("IN", "WRB") or w in ("via", "through", "when", "if", "after", "before", "while", "by"):
        return Decision(False, f"starts with {first.text!r}: name the interface itself", suggestion)
    if w in _AUXILIARIES and w not in ("do",):
        return Decision(False, f"a clause starting with {first.text!r}: name the interface", suggestion)
    if _subject_clause(words) is not None or (w in _SUBJECT_PRONOUNS and len(words) > 1):
        return Decision(False, "a sentence: name the interface with a noun", suggestion)
    modifier = w in _DETERMINER_WORDS or (first.tag in ("CD", "JJ", "JJR", "JJS", "DT") and _lex(w) not in ("VB",))
    if nxt is not None and _is_object_start(nxt) and not modifier and "-" not in w:
        return Decision(False, f"a verb phrase ({first.text!r} takes an object): name the interface", suggestion)
    if "-" not in w and w.endswith("ing") and is_gerund_form(w):
        if nxt is None:
            if _lex(w) in _NOUN_TAGS:
                return Decision(True, f"the noun {first.text!r}")
            return Decision(False, f"the verb form {first.text!r}: name the interface", suggestion)
        if nxt.tag in ("IN", "TO", "RB", "RP") or nxt.lower in _PARTICLES or nxt.lower in ("online", "offline"):
            return Decision(False, f"starts with the verb form {first.text!r}: name the interface", suggestion)
        return Decision(True, f"a noun phrase with the modifier {first.text!r}")
    if nxt is not None and "-" not in w and _is_past_or_third_person(first, nxt) and not can_be_noun(w):  # noqa: SIM102
        if not (can_be_adjective(w) or is_participle(w)) or not _nounish(nxt):
            return Decision(False, f"starts with the verb {first.text!r}: name the interface", suggestion)
    if "-" not in w and (can_be_verb(w) or is_unknown(w)):
        verb_reading = _verb_reading(first, nxt, rest[1:])
        if verb_reading:
            return Decision(False, f"a verb phrase ({verb_reading}): name the interface", suggestion)
        return Decision(True, f"a noun phrase headed by {_head(words).text!r}")
    lex = _lex(w)
    noun = can_be_noun(w) or can_be_noun(last_part)
    only_adjective = (lex in _ADJ_TAGS or (lex is None and first.tag in _ADJ_TAGS)) and not noun
    if only_adjective and (nxt is None or nxt.lower in _CONNECTORS or nxt.tag in ("TO", "IN", "CC")):
        return Decision(False, f"the adjective {first.text!r} describes the interface but does not name it", "")
    if lex in ("RB",) and nxt is None:
        return Decision(False, f"the adverb {first.text!r}, not a noun", "")
    return Decision(True, f"a noun phrase headed by {_head(words).text!r}")


def _verb_reading(first: Token, nxt: Token | None, after: Sequence[Token]) -> str:
    """Why ``first`` reads as a verb here, or "" when a noun reading is as good (the touchpoint lane's prior)."""
    w = first.lower
    noun = can_be_noun(w) or is_unknown(w)
    modifier = can_be_adjective(w) or is_participle(w)
    verb_first = _lex(w) in ("VB", "VBP") or (_lex(w) is None and _lex_capitalised(w) == "VB")
    if nxt is None:
        return "" if noun or modifier or verb_first else f"the verb {first.text!r}"
    if is_unknown(w):
        return ""  # no evidence that the word is a verb: the lane's noun reading stands
    if nxt.lower in _PARTICLES and nxt.tag in ("RP", "IN", "RB"):
        following = after[0] if after else None
        if following is None or not _nounish(following) or following.lower in ("online", "offline"):
            return f"the phrasal verb '{first.text} {nxt.text}'"
        return ""
    if nxt.tag in ("IN", "TO") and nxt.lower != "of":
        if (verb_first and not modifier) or nxt.lower in ("via", "at", "into", "onto", "with", "through", "to"):
            if noun and not verb_first and nxt.lower == "to":
                return ""
            return f"'{first.text} {nxt.text}'"
        return ""
    if not noun and not modifier:
        return f"the verb {first.text!r}"
    return ""


def _head(words: Sequence[Token]) -> Token:
    head = words[0]
    for token in words:
        if token.tag in ("IN", "TO", "CC", "WDT"):
            break
        head = token
    return head


def _interface_in(words: Sequence[Token]) -> list[str]:
    """The noun phrase naming the interface inside a verb phrase or clause ("Call the hotline" → "hotline")."""
    candidates: list[list[str]] = []
    for index, token in enumerate(words):
        if index == 0:
            continue
        if _is_object_start(token) or token.tag in ("IN", "TO"):
            phrase = _noun_phrase_after(words, index)
            if phrase:
                candidates.append(phrase)
    return candidates[0] if candidates else []
