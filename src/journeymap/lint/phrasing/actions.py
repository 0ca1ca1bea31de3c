"""JL101: an action starts with a verb in its base form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .action_cues import (
    noun_with_participle,
    object_then_route,
    plural_verb_later,
    reads_as_label,
    unknown_word_is_name,
)
from .clauses import (
    _compound_head,
    _describe,
    _is_noun_ing,
    _is_object_start,
    _is_past_or_third_person,
    _nounish,
    _skip_of,
    _subject_clause,
)
from .closed_classes import _ADJ_TAGS, _DETERMINER_WORDS, _NOUN_TAGS, _PARTICLES, _SUBJECT_PRONOUNS
from .decision import Decision
from .lexicon import _lex, _lex_capitalised
from .tokens import Token, _capitalise, _join, _texts, _words, tokens
from .word_forms import (
    _IRREGULAR_PAST,
    _lemma_candidates,
    _particle_compound,
    _verb_forms,
    can_be_verb,
    is_gerund_form,
    is_unknown,
    lemma,
    nominal_to_verb,
)

ActionMood = Literal["any", "imperative"]
"""Which verb forms JL101 accepts at the start of an action: ``any`` — the base form ("Compare three sites") or the
third person singular without a subject ("Compares three sites"), as CX teams write cards; ``imperative`` — the
base form only (the workspace setting ``settings.action_mood``)."""


def starts_with_verb(text: str, mood: ActionMood = "any") -> Decision:
    """JL101: an action starts with a verb ("Download software", "call customer service"; with ``mood="any"``
    also "Downloads software", "Calls customer service")."""
    words = _words(tokens(text))
    if not words:
        return Decision(True, "no words to check")
    first = words[0]
    w = first.lower
    rest = words[1:]
    nxt = rest[0] if rest else None

    subject = _subject_clause(words)
    if subject is not None:
        return _subject_start(words, subject)
    if w in _SUBJECT_PRONOUNS or w in ("the", "a", "an", "my", "our", "their"):
        verb_next = nxt is not None and w in _SUBJECT_PRONOUNS and (can_be_verb(nxt.text) or is_unknown(nxt.text))
        suggestion = _capitalise(_join([lemma(nxt.text), *_texts(rest[1:])])) if verb_next and nxt else ""
        return Decision(False, f"starts with {first.text!r}, not a verb", suggestion)
    if _third_person_start(first, rest) and _lex(w) not in ("VB", "VBP"):
        if mood == "any":
            return Decision(True, f"starts with the verb {first.text!r} (third person)")
        return Decision(
            False,
            f"starts with {first.text!r}: use the verb's base form, as an instruction (settings.action_mood is "
            "imperative)",
            _capitalise(_join([_base_of(w), *_texts(rest)])),
        )
    if is_gerund_form(w) and _lex(w) not in ("VB", "VBP") and not _is_noun_ing(first, nxt, rest):
        base = lemma(w)
        return Decision(
            False,
            f"starts with the gerund {first.text!r}: use the verb's base form",
            _capitalise(_join([base, *_texts(rest)])) if base != w else "",
        )
    if _is_past_or_third_person(first, nxt):
        base = _past_base(w)
        tail = _texts(rest)
        if base in ("need", "have", "want") and tail[:1] == ["to"] and len(tail) > 1:
            base, tail = tail[1], tail[2:]
        why = (
            "use the verb's base form, as an instruction"
            if mood == "imperative"
            else "write what the customer does, in the present"
        )
        return Decision(False, f"starts with {first.text!r}: {why}", _capitalise(_join([base, *tail])))
    phrasal = _particle_compound(w) if ("-" in w or _lex(w) is None or _lex(w) in _NOUN_TAGS) else None
    if phrasal and (nxt is None or nxt.lower not in _PARTICLES):
        return Decision(
            False,
            f"starts with the noun {first.text!r}: use the verb {phrasal!r}",
            _capitalise(_join([phrasal, *_texts(_skip_of(rest))])),
        )
    unknown = is_unknown(w) and "-" not in w
    if unknown and (_plural_of_known_noun(w) or unknown_word_is_name(first, rest)):
        return _noun_start(words, f"starts with {first.text!r}, a noun or a name, not a verb")
    if can_be_verb(w) or unknown:
        return _verb_start(words, unknown)
    if nxt is not None and _noun_takes_object(first, rest):
        return Decision(True, f"{first.text!r} takes an object ({nxt.text!r}), so it is used as a verb")
    return _not_a_verb(words)


def _past_base(word: str) -> str:
    """The base form of a past or third-person form, also of a noun used as a verb ("emailed" → "email")."""
    base = lemma(word)
    if base == word and word.endswith("ed"):
        stems = [stem for stem in (word[:-2], word[:-1], word[:-3]) if len(stem) > 2 and _lex(stem) in _NOUN_TAGS]
        return stems[0] if stems else base
    return base


def _not_a_verb(words: Sequence[Token]) -> Decision:
    """A first word that cannot be a verb here; an irregular past ("Lost luggage") gets no noun-based rewrite."""
    first = words[0]
    if first.lower in _IRREGULAR_PAST:
        return Decision(False, f"starts with {first.text!r}, a past form: write what the customer does, in the present")
    return _noun_start(words, f"starts with {_describe(first)} {first.text!r}, not a verb")


def _noun_takes_object(first: Token, rest: Sequence[Token]) -> bool:
    """A word the lexicon knows only as a noun, followed by an object ("Email the branch") or by a bare noun and
    where it goes ("Text STOP to 88088"): a noun used as a verb."""
    w = first.lower
    if first.tag not in ("NN", "NNP") or _lex(w) not in (None, *_NOUN_TAGS) or w.endswith("s"):
        return False
    return _is_object_start(rest[0]) or object_then_route(rest)


_NOT_A_VERB_NEXT = ("of", "and", "or", "&", "/", "nor", "vs", "vs.", "versus")


def _plural_of_known_noun(word: str) -> bool:
    """An -s word unknown to the lexicon whose stem it knows as a noun only ("emails", "onboards"): an inflected
    form, never a base form; a plural noun unless it takes an object (see :func:`_third_person_start`)."""
    stem = word[:-1]
    return word.endswith("s") and len(stem) > 2 and _lex(stem) in _NOUN_TAGS and not can_be_verb(stem)


def _third_person_start(first: Token, rest: Sequence[Token]) -> bool:
    """The first word is a third-person singular verb ("Compares", "Orders fibre 500 online", "Queues at the
    counter"): an -s form whose stem can be a verb (or is unknown to the lexicon), followed by what can follow a
    verb. A word that can be a plural noun or a verb is read as the verb at the start of an action, unless it is
    alone, or followed by "of" or a conjunction ("Orders and returns"), or by a finite verb ("Payments fail")."""
    w = first.lower
    nxt = rest[0] if rest else None
    if len(w) < 3 or not w.endswith("s") or w.endswith(("ss", "us", "is")) or not w.isalpha():
        return False
    if w in ("needs", "wants", "is", "likes", "hopes", "wishes"):
        return False  # a need or a wish, not the action itself ("Needs to upload payslips")
    if w in ("has", "does") and (nxt is None or nxt.lower in ("to", "not")):
        return False  # "Has to call twice", "Does not get the email"; but "Has a call with the adviser"
    stems = _lemma_candidates(w, "s")
    unknown_stem = is_unknown(w[:-1]) and is_unknown(w) and len(w) > 5
    # a noun used as a verb takes an object: "Texts her sister", "Ports the number"
    noun_with_object = (
        nxt is not None
        and _lex(w[:-1]) in _NOUN_TAGS
        and (_is_object_start(nxt) or object_then_route(rest) or (_lex(w) is None and nxt.tag in _NOUN_TAGS))
    )
    if not (stems or unknown_stem or noun_with_object or _lex(w) == "VBZ" or first.tag == "VBZ"):
        return False
    if nxt is None:
        return _lex(w) == "VBZ"
    if plural_verb_later(rest):
        return False
    participle_before_noun = nxt.tag == "VBD" and len(rest) > 1 and rest[1].tag in _NOUN_TAGS  # "signed form"
    if participle_before_noun and (stems or noun_with_object):
        return True
    return not (nxt.lower in _NOT_A_VERB_NEXT or nxt.tag in ("VBZ", "VBD", "VBP", "MD", "POS"))


def _base_of(word: str) -> str:
    """The base form of a third-person singular verb ("Compares" → "compare", "Searches" → "search")."""
    w = word.lower()
    base = lemma(w)
    if base != w:
        return base
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    return w[:-1]


def _subject_start(words: Sequence[Token], subject: int) -> Decision:
    """An action that starts with its subject ("I call the bank"): the rewrite starts with the verb."""
    verb = words[subject]
    tail = _texts(words[subject + 1 :])
    base = lemma(verb.text)
    if base in ("need", "have", "want", "try") and tail[:1] == ["to"] and len(tail) > 1:
        base, tail = tail[1], tail[2:]
    subject_text = _join(_texts(words[:subject]))
    return Decision(
        False,
        f"starts with the subject {subject_text!r}: write the action itself, starting with its verb",
        _capitalise(_join([base, *tail])) if can_be_verb(base) else "",
    )


def _verb_start(words: Sequence[Token], unknown: bool) -> Decision:
    """An action whose first word can be a verb (or is unknown): decided by what follows it."""
    first, rest = words[0], words[1:]
    w = first.lower
    nxt = rest[0] if rest else None
    strong = _lex(w) in ("VB", "VBP") or _lex_capitalised(w) == "VB"
    if nxt is not None and nxt.lower == "of" and not strong:
        return Decision(
            False,
            f"{first.text!r} is a noun here (followed by 'of'): use it as a verb",
            _capitalise(_join([w, *_texts(rest[1:])])),
        )
    if nxt is None:
        if strong or unknown:
            return Decision(True, f"the verb {first.text!r}")
        return Decision(False, f"{first.text!r} on its own reads as a noun: say what the customer does", "")
    if not strong and reads_as_label(rest):
        return _noun_start(words, f"{_join(_texts(words[:2]))!r} reads as a label, not a verb")
    if not strong and noun_with_participle(rest):
        return Decision(False, f"{_join(_texts(words[:2]))!r} is a noun and its participle: say what the customer does")
    if _is_object_start(nxt) or nxt.lower in _PARTICLES:
        return Decision(True, f"starts with the verb {first.text!r}")
    if not strong and nxt.lower == "to" and _lex(w) in _NOUN_TAGS and not _verb_forms(w):
        return Decision(False, f"{first.text!r} is a noun here (followed by 'to')", "")
    if not strong and _lex(w) in _ADJ_TAGS and _nounish(nxt):
        return _noun_start(words, f"starts with the adjective {first.text!r}, not a verb")
    if not strong and _compound_head(rest):
        return _noun_start(words, f"{_join(_texts(words[:2]))!r} reads as a compound noun")
    why = "unknown to the lexicon, read as a verb" if unknown else "the verb"
    return Decision(True, f"starts with {why} {first.text!r}")


def _noun_start(words: Sequence[Token], reason: str) -> Decision:
    """A decision for an action written as a noun phrase, with the verb its head noun comes from."""
    np_end = 0
    while np_end < len(words) and words[np_end].tag not in ("IN", "TO", "CC", "VBZ", "VBD", "MD", "RB"):
        np_end += 1
    noun_phrase = list(words[:np_end])
    tail = list(words[np_end:])
    for position in range(len(noun_phrase) - 1, -1, -1):
        verb = nominal_to_verb(noun_phrase[position].text)
        if verb is None and can_be_verb(noun_phrase[position].text) and position == len(noun_phrase) - 1:
            verb = noun_phrase[position].lower if len(noun_phrase) > 1 else None
        if verb is None:
            continue
        adverbs = [t.lower for t in noun_phrase[:position] if t.lower in ("online", "offline")]
        modifiers = [
            t.text if t.text.isupper() and len(t.text) > 1 else t.lower
            for t in noun_phrase[:position]
            if t.tag not in _ADJ_TAGS
            and _lex(t.text) not in _ADJ_TAGS
            and t.lower not in _DETERMINER_WORDS
            and t.lower not in adverbs
        ]
        if tail and tail[0].lower == "of":
            parts = [verb, *_texts(tail[1:]), *adverbs]
        else:
            parts = [verb, *modifiers, *_texts(tail), *adverbs]
        return Decision(False, reason, _capitalise(_join(parts)))
    return Decision(False, reason, "")
