"""The verb phrases of a comment — what the customer did or went through, in their words — as gerund phrases
("I had to chase your helpline three times for an update" → "chasing the helpline for an update").

The text is tagged by the lint's phrasing helpers (textblob's Pattern tagger with the lexicon's word forms, see
:mod:`journeymap.lint.phrasing`). A verb is a token tagged as one (not a passive participle after "be"/"get", not
an -ing word after a determiner), or a word the lexicon knows as a verb after "to" (the tagger reads "to chase" as
a noun). Light verbs that name no experience ("be", "have", "get", "say", "want", …) are passed over. The verb's
object is read after it: particles, prepositions, determiners, adjectives and nouns, at most two chunks (an object
and one prepositional phrase) and seven words, stopping at punctuation, conjunctions, pronouns that start a
clause and other verbs; a duration ("for three weeks", "for ages") is left out, "my"/"our"/"your" become "the".
A phrase needs a noun in its object, and the customer as its subject (a verb after a noun or "it", "they", …
tells what someone else did).

Each phrase is keyed twice: by the verb's lemma and the object's head noun in the singular (``wait|valuation``),
and by the verb alone (``wait|*``), so the suggestions can name the shared phrase, or the shared verb with its most
common object when the objects vary.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lint.phrasing.lexicon import _lex
from ..lint.phrasing.tokens import Token, normalise, tokens
from ..lint.phrasing.word_forms import can_be_verb, gerund, lemma

__all__ = ["VerbPhrase", "verb_phrases"]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_LIGHT = _set(
    "be have do get go come say said tell think know seem feel want need like let make take try start mean sit "
    "happen become put give use see hope wish guess suppose love hate expect manage decide bother end begin can "
    "will would could should must may might shall look sound appear include involve remain stay turn leave move "
    "work help ask thank recommend choose find apply am is are was were been being"
)
"""Verbs that name no experience of their own (auxiliaries, saying and thinking, "make", "take", …)."""
_IRREGULAR = {
    "rang": "ring", "rung": "ring", "sat": "sit", "spent": "spend", "heard": "hear", "held": "hold",
    "ran": "run", "fell": "fall", "stood": "stand", "lent": "lend", "chose": "choose", "forgot": "forget",
    "forgotten": "forget", "threw": "throw", "caught": "catch", "taught": "teach", "woke": "wake",
    "understood": "understand", "dealt": "deal", "meant": "mean", "waited": "wait", "queued": "queue",
    "lost": "lose", "sent": "send", "paid": "pay", "told": "tell", "got": "get", "gave": "give", "read": "read",
}  # fmt: skip
_CHUNK_START = _set("for on about with to from up back out in into through at over by off around down")
_NP_TAGS = frozenset({"DT", "PRP$", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "POS", "CD"})
_OWNER = {"my": "the", "our": "the", "your": "the", "their": "the"}
_OBJECT_PRONOUNS = _set("me us them it him her you myself ourselves")
"""Left out of an object (they name nothing on their own); "them" is first read as the last plural noun."""
_TIME = _set(
    "minute minutes hour hours day days week weeks month months year years ages time times age fortnight morning "
    "afternoon evening night today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december weekend"
)
_NEGATIONS = _set("not never")
_BE_GET = _set("be is are was were been being get gets got getting")
_MAX_WORDS = 7
_TO_THE_CUSTOMER = {
    "told": "told", "called": "called", "rang": "rung", "rung": "rung", "phoned": "phoned", "emailed": "emailed",
    "contacted": "contacted", "updated": "updated", "informed": "informed", "warned": "warned", "helped": "helped",
    "explained": "told", "replied": "answered", "answered": "answered", "responded": "answered",
}  # fmt: skip
"""Past forms of verbs whose object is the customer, with the participle the customer's phrase uses."""
_REPORTING = _set("tell say hear find know think explain realise realize notice learn discover see read")
_PARTICLE_ENDS = _set("up back out in off down over around")
_AUX = _set("have has had did does do was is were are will would could can not never just still then also")
_OTHERS = _set("it they he she someone somebody nobody everyone everybody this that which who")


@dataclass(frozen=True, slots=True)
class VerbPhrase:
    """One verb phrase of a comment: the gerund phrase, the verb's lemma and the object's head noun."""

    words: str
    verb: str
    head: str

    @property
    def key(self) -> str:
        return f"{self.verb}|{self.head}"


def _base(word: str, tag: str) -> str:
    """The verb's base form; "" when it cannot be found (an irregular form the lemmatiser does not know)."""
    low = word.lower()
    base = _IRREGULAR.get(low) or lemma(low)
    if base == low and tag == "VBG" and low.endswith("ing"):  # a gerund the lemmatiser does not know ("binning")
        stem = low[:-3]
        verbs = [c for c in (stem, stem + "e", stem[:-1]) if len(c) > 1 and _lex(c) in ("VB", "VBP")]
        return verbs[0] if verbs else (stem if stem.isalpha() and _lex(stem) is None else "")  # "upload"
    if base == low and tag in ("VBD", "VBN"):
        if not low.endswith("ed"):
            return ""
        shorter = [low[:-1], low[:-2]]
        known = next((s for s in shorter if _lex(s) in ("VB", "VBP")), "")
        return known or (low[:-2] if _lex(low[:-2]) is None and _lex(low[:-1]) is None else "")  # "uploaded"
    return base


def _is_verb(toks: tuple[Token, ...], index: int) -> bool:
    token = toks[index]
    previous = toks[index - 1] if index else None
    if not token.text.isalpha() or len(token.text) < 3:
        return False
    if previous is not None and previous.tag in ("DT", "PRP$", "POS", "JJ"):
        return False  # "the missing papers", "a booking"
    if token.tag.startswith("VB"):
        # a passive participle: the customer did not do it
        return not (token.tag == "VBN" and previous is not None and previous.lower in _BE_GET)
    return previous is not None and previous.tag == "TO" and can_be_verb(token.lower)


def _singular(word: str) -> str:
    from textblob import Word

    low = word.lower()
    return str(Word(low).singularize()) if low.endswith("s") and not low.endswith("ss") else low


def _object(toks: tuple[Token, ...], start: int, reporting: bool = False) -> tuple[list[str], str]:
    """The words after a verb that make its object (see the module docstring) and the head noun; none when a
    reporting verb's "object" is the subject of a clause ("told the valuation was fine")."""
    chunks: list[list[Token]] = []
    current: list[Token] = []
    clause = False
    for token in toks[start : start + 14]:
        low = token.lower
        starts = (low in _CHUNK_START and token.tag in ("IN", "TO", "RP", "RB")) or low in ("all", "every", "each")
        if starts or (token.tag == "CD" and current):
            if current and any(t.tag.startswith("NN") for t in current):
                chunks.append(current)
                current = []
                if sum(1 for c in chunks if not _duration(c)) == 2:
                    break
            current.append(token)
        elif (token.tag in _NP_TAGS or (low == "of" and current)) and low not in ("that", "which", "this", "these"):
            current.append(token)
        elif token.tag in ("VB", "VBP") and current and current[-1].tag in ("DT", "JJ", "PRP$"):
            current.append(Token(token.text, "NN"))  # "an update": the tagger's verb after a determiner
        elif low in _OBJECT_PRONOUNS and token.tag == "PRP":
            continue  # "chased them for an update": the pronoun names nothing
        else:
            clause = reporting and token.tag in ("VBD", "VBZ", "VBP", "MD") and not chunks
            break
    if current:
        chunks.append(current)
    if clause:
        return [], ""
    kept = [c for c in chunks if not _duration(c)]
    toks_kept = [t for c in kept for t in c][:_MAX_WORDS]
    while toks_kept and not (toks_kept[-1].tag.startswith("NN") or toks_kept[-1].lower in _PARTICLE_ENDS):
        toks_kept.pop()  # end on a noun or a particle ("waiting eleven" → "waiting")
    words = [_OWNER.get(t.lower, t.text if t.tag.startswith("NNP") else t.lower) for t in toks_kept]
    return words, _head(toks_kept)


def _head(toks: list[Token]) -> str:
    """The last noun of the object's first run of nouns that is not a time span ("the valuation report" → report)."""
    run: list[Token] = []
    for token in [*toks, Token(".", ".")]:
        if token.tag == "POS":
            run = []  # "the wife's statements": the possessor is not the head
        elif token.tag.startswith("NN"):
            run.append(token)
        elif run and not all(t.lower in _TIME for t in run):
            return _singular(run[-1].text)
        else:
            run = []
    return ""


def _duration(chunk: list[Token]) -> bool:
    """ "for three weeks", "for ages", "over a month": a time span, not the thing gone through."""
    nouns = [t for t in chunk if t.tag.startswith("NN")]
    return bool(nouns) and all(t.lower in _TIME for t in nouns)


@lru_cache(maxsize=20_000)
def verb_phrases(text: str) -> tuple[VerbPhrase, ...]:
    """The verb phrases of ``text`` as gerund phrases, in order (lower case but for names). "them" after a verb
    stands for the last plural noun before it ("I had paper payslips, so I photographed them" → "photographing
    the paper payslips")."""
    found: list[VerbPhrase] = []
    plural: tuple[Token, ...] = ()
    for sentence in _sentences(normalise(text)):
        resolved: list[Token] = []
        for token in tokens(sentence):
            if token.lower == "them" and plural:
                resolved += [Token("the", "DT"), *plural]
                continue
            resolved.append(token)
            if token.tag == "NNS" and token.lower not in _TIME:
                plural = _noun_run(resolved, len(resolved) - 1)
        toks = tuple(resolved)
        found += [p for p in (_phrase_at(toks, i) for i in range(len(toks))) if p is not None]
    return tuple(found)


def _noun_run(toks: list[Token], index: int) -> tuple[Token, ...]:
    """The plural noun at ``index`` with the nouns and adjectives just before it ("paper payslips")."""
    start = index
    while start > 0 and toks[start - 1].tag in ("NN", "JJ", "NNP") and toks[start - 1].lower not in _TIME:
        start -= 1
    return tuple(toks[start : index + 1])


def _phrase_at(toks: tuple[Token, ...], index: int) -> VerbPhrase | None:
    """The phrase of the verb at ``index``: "chasing …", "having to chase …" after "had to", "being asked …" for
    a passive whose subject is the customer ("I was asked for …"), "having the payslips rejected" for a regular
    past verb whose subject is someone or something else ("the portal rejected my payslips"); None otherwise."""
    token = toks[index]
    unanswered = _nobody_did(toks, index)
    if unanswered is not None:
        return unanswered
    passive = _customer_passive(toks, index)
    if not passive and not _is_verb(toks, index):
        return None
    verb = _base(token.text, token.tag)
    if not verb or (verb in _LIGHT and not passive) or verb in ("be", "have"):
        return None
    if not (can_be_verb(verb) or _lex(verb) is None) or _before_verb(toks, index):
        return None
    undergone = not passive and _done_by_other(toks, index)
    if undergone and not (token.tag in ("VBD", "VBN") and token.lower.endswith("ed") and verb not in _REPORTING):
        return None
    words, head = _object(toks, index + 1, passive or verb in _REPORTING)
    if not words or (undergone and not head):
        return None
    if undergone:  # "the portal rejected my payslips" → "having the payslips rejected"
        return VerbPhrase(" ".join(["having", *words, token.lower]).replace(" 's", "'s"), f"be-{verb}", head)
    before = [t.lower for t in toks[max(0, index - 2) : index]]
    if passive:
        lead, form, verb = ["being"], token.lower, f"be-{verb}"
    elif len(before) == 2 and before[1] == "to" and before[0] in ("had", "have", "has", "having"):
        lead, form = ["having", "to"], verb
    else:
        lead, form = (["not"] if before and before[-1] in _NEGATIONS else []), gerund(verb)
    phrase = " ".join([*lead, form, *words]).replace(" 's", "'s")
    return VerbPhrase(phrase, verb, head)


def _nobody_did(toks: tuple[Token, ...], index: int) -> VerbPhrase | None:
    """What nobody did for the customer, as the customer went through it: "nobody had told me" → "not being told",
    "no one called us back about the valuation" → "not being called back about the valuation" (verbs that take the
    customer as their object: :data:`_TO_THE_CUSTOMER`)."""
    token = toks[index]
    participle = _TO_THE_CUSTOMER.get(token.lower)
    if participle is None or token.tag not in ("VBD", "VBN", "VB", "NN"):
        return None
    at = index - 1
    while at >= 0 and (toks[at].tag in ("RB", "MD") or toks[at].lower in _AUX):
        at -= 1
    nobody = at >= 0 and (
        toks[at].lower in ("nobody", "noone") or (toks[at].lower == "one" and at and toks[at - 1].lower == "no")
    )
    if not nobody:
        return None
    start = index + 1
    if start < len(toks) and toks[start].lower in ("me", "us"):
        start += 1
    elif start < len(toks) and toks[start].tag in ("DT", "PRP$", "NN", "NNS", "NNP", "PRP"):
        return None  # "nobody told the agent": someone else was not told
    words, head = _object(toks, start)
    if words and words[0] == "to":
        words, head = [], ""  # "nobody replied to my emails" → "not being answered"
    verb = _base(token.text, "VBD") or token.lower
    return VerbPhrase(" ".join(["not", "being", participle, *words]), f"not-be-{verb}", head)


def _customer_passive(toks: tuple[Token, ...], index: int) -> bool:
    """A participle after "was"/"were"/"being"/"got" whose subject is the customer ("I was asked", "we got told",
    "being asked")."""
    token = toks[index]
    if token.tag not in ("VBN", "VBD") or not token.lower.endswith(("ed", "en", "ld", "ght", "id")):
        return False
    at = index - 1
    while at >= 0 and toks[at].tag == "RB":
        at -= 1
    if at < 0 or toks[at].lower not in _BE_GET:
        return False
    if toks[at].lower == "being":
        return True
    subject = at - 1
    while subject >= 0 and (toks[subject].tag in ("RB", "MD") or toks[subject].lower in _AUX):
        subject -= 1
    return subject >= 0 and toks[subject].lower in ("i", "we")


def _done_by_other(toks: tuple[Token, ...], index: int) -> bool:
    """The verb's subject is someone or something else ("the portal rejected", "it arrived"): not what the
    customer did or went through."""
    at = index - 1
    while at >= 0 and (toks[at].tag in ("RB", "MD") or toks[at].lower in _AUX):
        at -= 1
    return at >= 0 and (toks[at].lower in _OTHERS or toks[at].tag in ("NN", "NNS", "NNP", "NNPS"))


def _before_verb(toks: tuple[Token, ...], index: int) -> bool:
    """The verb is followed by "to" and another verb ("tried to upload"): that verb says what happened."""
    return index + 2 < len(toks) and toks[index + 1].tag == "TO" and _is_verb(toks, index + 2)


def _sentences(text: str) -> list[str]:
    import re

    return [s for s in re.split(r"(?<=[.!?;])\s+|\s+-\s+", text) if s.strip()]
