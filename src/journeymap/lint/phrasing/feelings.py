"""JL103: a feeling is an adjective phrase."""

from __future__ import annotations

from collections.abc import Sequence

from .clauses import _describe, _is_object_start, _subject_clause
from .closed_classes import _ADJ_TAGS, _CONNECTORS, _DEGREE_WORDS, _NOUN_TAGS, _PARTICLES, _SUBJECT_PRONOUNS, _wordset
from .decision import Decision
from .lexicon import _adjective_evidence, _lex
from .tokens import Token, _capitalise, _words, normalise, tokens
from .word_forms import adjective_from, can_be_adjective, can_be_noun, can_be_verb, is_gerund_form, is_participle, lemma

_COMPLEMENT_STARTS = _wordset(
    """
    about by at with that to for of over from in on when what whether if how who which after before as than
    """
)


def is_adjective_phrase(text: str) -> Decision:
    """JL103: a feeling is an adjective, or several ("Nervous", "Relieved but tired", "Nervous about the fees")."""
    clean = normalise(text).rstrip(" .!")
    words = _words(tokens(clean))
    if not words:
        return Decision(True, "no words to check")
    if clean.endswith("?"):
        return Decision(False, "a question, not a feeling", "")
    first = words[0]
    if _is_feeling_verb(first) and len(words) > 1:
        adjective = _first_adjective(words[1:])
        return Decision(False, f"a verb phrase ({first.text!r} …): name the feeling itself", _capitalise(adjective))
    subject = _subject_clause(words)
    if subject is not None or (first.lower in _SUBJECT_PRONOUNS and len(words) > 1):
        linking = [i for i, t in enumerate(words) if lemma(t.lower) in ("be", "feel", "seem", "look", "get", "become")]
        adjective = _first_adjective(words[linking[0] + 1 :]) if linking else ""
        return Decision(False, "a sentence: name the feeling with an adjective", _capitalise(adjective))
    items = _split_items(words)
    for item in items:
        decision = _adjective_item(item)
        if not decision.ok:
            return decision
    heads = ", ".join(repr(head.text) for head in map(_item_head, items) if head is not None)
    return Decision(True, f"adjective{'s' if len(items) > 1 else ''} {heads}")


def _is_feeling_verb(token: Token) -> bool:
    base = lemma(token.lower)
    return (base in ("feel", "get", "become", "start", "begin", "seem", "grow") and token.lower != base) or (
        token.lower in ("feels", "felt", "feeling", "seems", "gets", "getting", "becoming", "starting", "beginning")
    )


def _first_adjective(words: Sequence[Token]) -> str:
    for index, token in enumerate(words):
        if token.lower in _DEGREE_WORDS or token.lower in ("to", "be", "like", "being"):
            continue
        after = words[index + 1] if index + 1 < len(words) else None
        if can_be_verb(token.text) and after is not None and after.lower in _PARTICLES:
            return f"{token.lower} {after.lower}"  # "Feels let down by the bank" → "Let down"
        if can_be_adjective(token.text) or is_participle(token.text):
            return token.lower
        if token.lower in ("worry", "panic"):
            return adjective_from(token.lower) or ""
    return ""


def _split_items(words: Sequence[Token]) -> list[list[Token]]:
    items: list[list[Token]] = [[]]
    for token in words:
        if token.lower in _CONNECTORS and items[-1]:
            items.append([])
            continue
        items[-1].append(token)
    return [item for item in items if item]


def _strip_degree(item: Sequence[Token]) -> list[Token]:
    out = list(item)
    while out:
        w = out[0].lower
        if w == "a" and len(out) > 1 and out[1].lower in ("bit", "little", "touch"):
            out = out[2:]
            continue
        if w in _DEGREE_WORDS or (w.endswith("ly") and out[0].tag == "RB" and len(out) > 1):
            out = out[1:]
            continue
        break
    return out


def _item_head(item: Sequence[Token]) -> Token | None:
    stripped = _strip_degree(item)
    return stripped[0] if stripped else None


def _adjective_item(item: Sequence[Token]) -> Decision:
    stripped = _strip_degree(item)
    if not stripped:
        return Decision(True, "degree words only")
    head = stripped[0]
    after = stripped[1:]
    nxt = after[0] if after else None
    w = head.lower
    if head.tag in ("IN", "TO") or w in ("like", "in", "on", "at", "over", "out", "under"):
        return Decision(False, f"a phrase starting with {head.text!r}, not an adjective", "")
    adjective = can_be_adjective(w) or head.tag in _ADJ_TAGS
    participle = is_participle(w)
    if not adjective and not participle and can_be_verb(w) and nxt is not None and nxt.lower in _PARTICLES:  # noqa: SIM102
        if len(after) == 1 or after[1].lower in _COMPLEMENT_STARTS:
            return Decision(True, f"the participle of the phrasal verb {head.text!r} {nxt.text!r}")
    if not adjective and not participle and nxt is None and _lex(w) == "RB" and not w.endswith("ly"):
        return Decision(True, f"{head.text!r}, used as a predicative adjective")
    if not adjective and not participle:
        derived = adjective_from(w) if (can_be_noun(w) or _lex(w) in ("VB", "NN")) else None
        kind = "the noun" if can_be_noun(w) or head.tag in _NOUN_TAGS else f"{_describe(head)}"
        if _lex(w) in ("VB", "VBP") and not can_be_noun(w):
            kind = "the verb"
        if w.endswith("ing") and is_gerund_form(w):
            return Decision(False, f"starts with the verb form {head.text!r}: name the feeling itself", "")
        return Decision(False, f"{kind} {head.text!r}, not an adjective", _capitalise(derived or ""))
    if adjective and _lex(w) in _NOUN_TAGS and not participle and nxt is None and not _adjective_evidence(w):
        derived = adjective_from(w)
        return Decision(False, f"{head.text!r} reads as a noun here", _capitalise(derived or ""))
    if nxt is None:
        return Decision(True, "adjective")
    if nxt.lower in _COMPLEMENT_STARTS or nxt.lower in _PARTICLES or nxt.tag in ("IN", "TO", "RP", "WDT", "WRB"):
        return Decision(True, "adjective with a complement")
    if participle and not adjective and (_is_object_start(nxt) or nxt.tag == "RB" or nxt.tag == "CD"):
        return Decision(False, f"{head.text!r} is a verb with an object here, not a feeling", "")
    attributive = nxt.tag in _NOUN_TAGS and not _is_object_start(nxt) and nxt.lower not in _COMPLEMENT_STARTS
    if attributive and (len(after) == 1 or after[1].tag not in ("MD", "VBZ", "VBD", "VBP")):
        return Decision(False, f"a noun phrase ({head.text!r} {nxt.text!r}): name the person's feeling", "")
    return Decision(True, "adjective with a complement")
