"""Cues from the words after the first one that tell a verb from a noun at the start of an action (JL101).

Each cue is syntactic, not a list of card words: what can follow a verb (an object, then where it goes), what can
follow a noun (a participle, a name, "vs."), and agreement between a subject and its verb.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from .closed_classes import _AUXILIARIES, _DETERMINER_WORDS, _NOUN_TAGS
from .lexicon import _frequency, _lex
from .tokens import Token
from .word_forms import can_be_verb, nominal_to_verb

_ROUTE_PREPOSITIONS = frozenset({"to", "via", "through", "into"})
"""Prepositions that say where an object goes ("Text STOP to 88088", "Reset password via email link")."""
_CLAUSE_BREAKS = frozenset(
    {"to", "that", "which", "who", "because", "when", "if", "and", "but", "so", "while", "as", "where", "or", ","}
)
_COMPARISON_WORDS = frozenset({"vs", "vs.", "versus"})


def object_then_route(rest: Sequence[Token]) -> bool:
    """After the first word, a bare noun (its object) then a route preposition or a second object: "Texts PAC to
    65075", "Email receipts to finance", "Texts friends the ETA". A noun phrase is not followed by a determiner,
    and a compound noun rarely by "to", "via" or "through"; so the first word is a verb even when the lexicon
    knows it only as a noun (text, email, message, port)."""
    if len(rest) < 2:
        return False
    obj, after = rest[0], rest[1]
    if obj.tag not in _NOUN_TAGS or obj.lower in _DETERMINER_WORDS or _names_an_action(obj):
        return False
    return after.lower in _ROUTE_PREPOSITIONS or (after.lower in _DETERMINER_WORDS and after.lower != "that")


def _names_an_action(token: Token) -> bool:
    """A noun that names an action ("report", "booking", "submission"): a compound's head ("Fraud report to the
    bank", "Appointment booking via phone"), not the object of a verb."""
    w = token.lower
    if token.text.isupper():
        return False  # a keyword or an acronym ("Text STOP to 88088")
    if w.endswith("ing") or nominal_to_verb(w) is not None:
        return True
    if token.tag != "NN" or not can_be_verb(w):
        return False
    # a noun used unchanged as a verb names an action when the verb is common: its past form is at least a
    # quarter as frequent as the noun in the spelling list ("report", "visit", "claim"; not "number", "doctor")
    past = max(_frequency(form) for form in (w + "ed", w + "d", w + w[-1:] + "ed"))
    return past > 0 and past * 4 >= _frequency(w)


def plural_verb_later(rest: Sequence[Token]) -> bool:
    """A preposition right after the first word, then a plural finite verb after a noun of that phrase ("Orders
    over £40 get free delivery", "Signs at the car park are confusing"): the first word is the plural subject,
    not a third-person verb."""
    if not rest or rest[0].tag != "IN":
        return False
    for before, token in pairwise(rest):
        if token.lower in _CLAUSE_BREAKS:
            return False
        finite = token.lower in ("are", "were") or (token.tag in ("VB", "VBP") and _lex(token.lower) in ("VB", "VBP"))
        if finite and before.tag in (*_NOUN_TAGS, "CD") and token.text.islower() and token is not rest[-1]:
            return True
    return False


def noun_with_participle(rest: Sequence[Token]) -> bool:
    """The first word is a noun followed by a past participle that ends the text or is followed by a
    preposition, adverb or number: a passive without its auxiliary ("Account locked after 3 attempts",
    "Parcel left with neighbour"), not an imperative with an object ("Return signed form")."""
    if not rest:
        return False
    participle = rest[0]
    if _lex(participle.lower) not in ("VBN", "VBD") or participle.tag not in ("VBN", "VBD"):
        return False
    after = rest[1] if len(rest) > 1 else None
    return after is None or after.tag in ("IN", "TO", "RB", "CD")


def reads_as_label(rest: Sequence[Token]) -> bool:
    """The first word is followed by "vs." ("Price vs. coverage") or by "<number> of" ("Step 3 of 7"): a label,
    not a verb with its object."""
    if not rest:
        return False
    if rest[0].lower in _COMPARISON_WORDS:
        return True
    return rest[0].tag == "CD" and len(rest) > 1 and rest[1].lower in ("of", "/")


def unknown_word_is_name(first: Token, rest: Sequence[Token]) -> bool:
    """A first word unknown to the lexicon that is an acronym ("NHS 111 online", "OTP never arrived") or the
    first of a multi-word name ("Uber Eats order tracking") is a noun, not a verb the lexicon lacks."""
    text = first.text
    if text.isupper() and len(text) > 1 and text.isalpha():
        return True
    nxt = rest[0] if rest else None
    return (
        nxt is not None
        and text[:1].isupper()
        and nxt.text[:1].isupper()
        and not nxt.text.isupper()
        and nxt.lower not in _AUXILIARIES
    )
