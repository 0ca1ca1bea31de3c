"""Reading a clause from tagged tokens: subjects, finite verbs, objects and noun phrases, shared by the rules."""

from __future__ import annotations

from collections.abc import Sequence

from .closed_classes import (
    _ADJ_TAGS,
    _AUXILIARIES,
    _DETERMINER_WORDS,
    _NOUN_TAGS,
    _OBJECT_TAGS,
    _PARTICLES,
    _SUBJECT_PRONOUNS,
)
from .lexicon import _adjective_evidence, _lex, _lex_capitalised
from .tokens import Token
from .word_forms import (
    _IRREGULAR_PAST,
    _lemma_candidates,
    can_be_noun,
    can_be_verb,
    is_gerund_form,
    is_unknown,
    nominal_to_verb,
)


def _is_object_start(token: Token) -> bool:
    """Does ``token`` open the object of a verb (a determiner, possessive, pronoun or number)?"""
    return token.lower in _DETERMINER_WORDS or token.tag in _OBJECT_TAGS or token.lower in ("me", "us", "them", "him")


def _is_deverbal_noun(word: str) -> bool:
    w = word.lower()
    return w.endswith(("tion", "sion", "ment", "ance", "ence", "ing", "al", "ure", "ison", "ery")) and (
        nominal_to_verb(w) is not None
    )


def _finite_verb_at(words: Sequence[Token], index: int) -> bool:
    """Is the word at ``index`` a finite verb of a clause whose subject comes before it?"""
    if index >= len(words):
        return False
    token = words[index]
    w = token.lower
    if w in _AUXILIARIES or token.tag == "MD":
        return True
    nxt = words[index + 1] if index + 1 < len(words) else None
    if token.tag in ("VBZ", "VBD") or _lex(w) in ("VBZ", "VBD"):
        plural_noun = w.endswith("s") and _lex(w) == "NNS" and nxt is not None and nxt.tag in _NOUN_TAGS
        return not plural_noun
    if w.endswith("s") and not w.endswith("ss") and _lemma_candidates(w, "s"):
        # "costs", "logs": a plural noun or a third-person verb; a verb when an object or adverb follows
        return (
            nxt is not None
            and nxt.lower not in ("that", "which", "who", "of", "for", "with")
            and (_is_object_start(nxt) or nxt.tag in ("RB", "IN", "RP", "TO") or nxt.lower in _PARTICLES)
        )
    return False


def _noun_phrase_after(words: Sequence[Token], start: int) -> list[str]:
    """The words of the first noun phrase from ``start`` (determiners and prepositions dropped), ending with a noun."""
    i = start
    while i < len(words) and (words[i].lower in _DETERMINER_WORDS or words[i].tag in ("IN", "TO", "RP", "PRP$")):
        i += 1
    phrase: list[Token] = []
    while i < len(words):
        t = words[i]
        if t.lower in ("online", "offline") or t.tag in ("IN", "TO", "DT", "CC", "RB", "MD", "WDT", "WRB"):
            break
        modifier_of_next = i + 1 < len(words) and words[i + 1].tag in _NOUN_TAGS
        if t.tag in _NOUN_TAGS | _ADJ_TAGS | {"VBG", "CD"} or "-" in t.text or can_be_noun(t.text) or modifier_of_next:
            phrase.append(t)
            i += 1
            continue
        break
    while phrase and not (phrase[-1].tag in _NOUN_TAGS or can_be_noun(phrase[-1].text)):
        phrase.pop()
    return [t.text for t in phrase]


def _nounish(token: Token) -> bool:
    return token.tag in _NOUN_TAGS or (can_be_noun(token.text) and token.tag not in ("IN", "TO", "DT", "CC", "RB"))


def _skip_of(rest: Sequence[Token]) -> Sequence[Token]:
    return rest[1:] if rest and rest[0].lower == "of" else rest


def _compound_head(rest: Sequence[Token]) -> bool:
    """Is the word after the first one the head of a compound noun ("Claim submission", "Engineer visit")?

    The head is a noun made from a verb — by a suffix ("submission", "tracking") or unchanged ("upload",
    "visit") — that ends the phrase or is followed by a preposition, so the first word is its modifier.
    """
    head = rest[0]
    after = rest[1] if len(rest) > 1 else None
    if head.tag in ("NNS", "NNPS") or _is_object_start(head):
        return False
    suffixed = _is_deverbal_noun(head.text)
    zero = head.tag in ("NN", "NNP") and can_be_verb(head.text) and _lex(head.text) in ("NN", None)
    if not (suffixed or zero or head.lower.endswith("ing")):
        return False
    return after is None or after.tag in ("IN", "TO") or _is_deverbal_noun(after.text)


def _is_noun_ing(first: Token, nxt: Token | None, rest: Sequence[Token]) -> bool:
    """An -ing word used as a noun or adjective, not as a gerund.

    "Booking confirmation missing", "Pricing is unclear", "Billing errors", "Confusing instructions",
    "Nothing happens": the lexicon's tag (NN or JJ rather than VBG), a missing verb stem, a finite verb after
    the word, or a bare noun after an -ing adjective tell them from "Booking an appointment by phone".
    """
    w = first.lower
    if "-" in w:
        prefix, _, w = w.rpartition("-")
        if prefix in ("re", "pre", "co", "double", "over", "under", "mis", "de"):
            return False
    lex = _lex(w)
    tail = list(rest)
    bare_noun_next = nxt is not None and nxt.tag in _NOUN_TAGS and not _is_object_start(nxt)
    if lex == "VBG" or (lex is None and is_gerund_form(w)):
        if tail and lex is None and _finite_verb_at(tail, 0):
            return True
        return bare_noun_next and _adjective_evidence(w)
    if lex in _ADJ_TAGS:
        return nxt is None or bare_noun_next
    if not _lemma_candidates(w, "ing"):
        return True
    if nxt is None or (tail and _finite_verb_at(tail, 0)):
        return True
    if bare_noun_next:
        after = tail[1:]
        if not after:
            return True
        if any(_finite_verb_at(after, i) for i in range(min(3, len(after)))):
            return True
        return nxt.tag in ("NN", "NNP") and after[-1].tag in _ADJ_TAGS | {"VBG", "VBN"} and len(after) <= 2
    return False


def _is_past_or_third_person(first: Token, nxt: Token | None) -> bool:
    w = first.lower
    lex = _lex(w)
    if lex in ("VB", "VBP") or _lex_capitalised(w) in ("VB",):
        return False
    if w in _IRREGULAR_PAST and w not in ("lost", "left", "found"):
        return True
    if w.endswith("ed") and (lex in ("VBD", "VBN") or _lemma_candidates(w, "ed")):
        return True
    if w.endswith("ed") and lex is None and _denominal_stem(w):
        return True  # the past of a noun used as a verb ("Emailed the agent", "Texted her"), never a base form
    if w.endswith("s") and not w.endswith("ss") and (lex == "VBZ" or first.tag == "VBZ"):
        return True
    if w.endswith("s") and not w.endswith("ss") and _lemma_candidates(w, "s") and nxt is not None:
        return _is_object_start(nxt) or nxt.lower in ("to",) or nxt.tag in ("RB", "RP")
    return False


def _denominal_stem(word: str) -> bool:
    """The stem of an -ed word unknown to the lexicon is a noun it knows ("emailed", "texted", "messaged")."""
    return any(_lex(stem) in _NOUN_TAGS for stem in (word[:-2], word[:-1], word[:-3]) if len(stem) > 2)


def _subject_clause(words: Sequence[Token]) -> int | None:
    """The index of the finite verb when the text opens with a subject ("Customer calls the hotline").

    The subject is a pronoun or a short noun phrase (an optional determiner, then adjectives and nouns, ending
    with a noun). When its first word could itself be an imperative verb ("Import contacts from a file"), the
    next word must be a finite verb by the lexicon (VBZ or VBD: "Engineer arrives late").
    """
    start = 0
    if len(words) > 2 and words[0].lower == "a" and words[1].lower in ("bit", "little"):
        return None
    for index in range(1, min(4, len(words))):
        before = words[start:index]
        head = before[0]
        opener = head.lower in _SUBJECT_PRONOUNS or head.lower in _DETERMINER_WORDS or head.tag in _NOUN_TAGS
        opener = opener or (head.tag in _ADJ_TAGS and index > 1)
        # a noun the tagger read as a verb, before a verb that can only be finite ("Claim gets rejected")
        opener = opener or (index == 1 and can_be_noun(head.text) and _lex(words[1].lower) == "VBZ")
        if not opener or not all(t.tag in _NOUN_TAGS | _ADJ_TAGS for t in before[1:]):
            return None
        if before[-1].tag in _ADJ_TAGS and before[-1].lower not in _SUBJECT_PRONOUNS:
            continue
        if head.lower in _SUBJECT_PRONOUNS and index > 1:
            return None
        if not _finite_verb_at(words, index) or words[index].lower.endswith("ing"):
            continue
        if words[index].tag in ("NNS",) and index + 1 < len(words) and words[index + 1].tag in _NOUN_TAGS:
            return None
        pronoun_or_determiner = head.lower in _SUBJECT_PRONOUNS or head.lower in _DETERMINER_WORDS
        imperative_possible = can_be_verb(head.text) or is_unknown(head.text)
        finite_by_lexicon = _lex(words[1].text) in ("VBZ", "VBD") or words[1].lower in _AUXILIARIES
        if index == 1 and not pronoun_or_determiner and imperative_possible and not finite_by_lexicon:
            return None
        if not pronoun_or_determiner and _third_person_possible(head) and not _finite_by_lexicon(words, index):
            return None
        return index
    return None


def _third_person_possible(token: Token) -> bool:
    """An -s word that can be a third-person verb ("Filters", "Visits"), so the text may start with its verb."""
    w = token.lower
    if not w.endswith("s") or w.endswith("ss"):
        return False
    unknown = len(w) > 5 and is_unknown(w) and is_unknown(w[:-1])  # "Configures": a verb the lexicon lacks
    return _lex(w) == "VBZ" or bool(_lemma_candidates(w, "s")) or unknown


def _finite_by_lexicon(words: Sequence[Token], index: int) -> bool:
    """The word at ``index`` is finite by the lexicon (VBZ, VBD or an auxiliary), not merely an -s plural that
    could be a verb ("Filters results by price") nor a participle before a noun ("Faxes signed claim form").
    Needed to read the first word as a subject when it could itself be a third-person verb; a plural subject
    would also take a plural verb, never an -s form."""
    token = words[index]
    if token.lower in _AUXILIARIES:
        return True
    if _lex(token.lower) not in ("VBZ", "VBD"):
        return False
    after = words[index + 1] if index + 1 < len(words) else None
    return not (_lex(token.lower) == "VBD" and after is not None and after.tag in _NOUN_TAGS)


def _describe(token: Token) -> str:
    lex = _lex(token.text)
    if lex in _ADJ_TAGS or token.tag in _ADJ_TAGS:
        return "the adjective"
    if lex in ("RB",) or token.tag == "RB":
        return "the adverb"
    if token.tag in ("IN", "TO"):
        return "the preposition"
    return "the noun"
