"""Word-level evidence: which classes a word can belong to, its lemma and the forms derived from it
(inflection, nominalisation, adjectives from nouns)."""

from __future__ import annotations

from functools import lru_cache

from .closed_classes import _ADJ_TAGS, _LEAD_ADVERBS, _NOUN_TAGS, _PARTICLES
from .lexicon import _adjective_evidence, _frequency, _lex, _lex_capitalised, _resources, _spellings


def _double_consonant(stem: str) -> bool:
    return len(stem) >= 3 and stem[-1] not in "aeiouwxy" and stem[-2] in "aeiou" and stem[-3] not in "aeiou"


@lru_cache(maxsize=50_000)
def _verb_forms(word: str) -> frozenset[str]:
    """The verb tags the lexicon lists for the inflected forms of ``word`` (read as a base form)."""
    w = word.lower()
    if not w.isalpha() and "-" not in w:
        return frozenset()
    candidates = [(w + "s", "VBZ"), (w + "es", "VBZ"), (w + "ed", "VB?"), (w + "d", "VB?"), (w + "ing", "VBG")]
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        candidates.append((w[:-1] + "ing", "VBG"))
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        candidates += [(w[:-1] + "ies", "VBZ"), (w[:-1] + "ied", "VB?")]
    if _double_consonant(w):
        candidates += [(w + w[-1] + "ed", "VB?"), (w + w[-1] + "ing", "VBG")]
    found: set[str] = set()
    for form, expected in candidates:
        for spelled in _spellings(form):
            tag = _resources().lexicon.get(spelled)
            if tag is None:
                continue
            if expected == "VB?" and tag in ("VBD", "VBN"):
                found.add(str(tag))
            elif tag == expected:
                found.add(str(tag))
    return frozenset(found)


@lru_cache(maxsize=50_000)
def can_be_verb(word: str) -> bool:
    """The lexicon lists ``word`` as a base-form verb, or lists verb forms inflected from it."""
    lex = _lex(word)
    if lex in ("VB", "VBP") or _lex_capitalised(word) in ("VB", "VBP"):
        return True
    if lex == "RB" and word.lower() in _LEAD_ADVERBS:
        return False  # "not", "still": "noted" and "stilled" are other words' forms
    if lex in ("VBN", "VBD") and not word.lower().endswith(("ed", "en")):
        # "reset", "put", "cut": the base form doubles as the past; "lost", "left" are the past of other verbs
        return word.lower() not in _IRREGULAR_PAST
    return bool(_verb_forms(word))


@lru_cache(maxsize=50_000)
def can_be_noun(word: str) -> bool:
    """The lexicon lists ``word`` (or its plural) as a noun, or the word has a noun suffix and is unknown."""
    w = word.lower()
    if _lex(w) in _NOUN_TAGS or _lex_capitalised(w) in ("NN", "NNS"):
        return True
    for plural in (w + "s", w + "es", w[:-1] + "ies" if w.endswith("y") else ""):
        if plural and _resources().lexicon.get(plural) == "NNS":
            return True
    if _lex(w) is None:
        if _particle_compound(w):
            return True
        return w.endswith(("tion", "sion", "ment", "ness", "ity", "ance", "ence", "er", "or", "ist", "ship", "age"))
    return False


def _particle_compound(word: str) -> str | None:
    """A noun made of a verb and a particle ("login", "checkout", "sign-up"): the phrasal verb it comes from."""
    w = word.lower().replace("-", "")
    if w in _PARTICLE_COMPOUNDS:
        return _PARTICLE_COMPOUNDS[w]
    for particle in sorted(_PARTICLES, key=len, reverse=True):
        stem = w[: -len(particle)]
        if w.endswith(particle) and len(stem) >= 2 and _lex(stem) is not None and can_be_verb(stem):
            return f"{stem} {particle}"
    return None


def is_unknown(word: str) -> bool:
    """Neither the word nor any of its inflected forms is in the lexicon."""
    return _lex(word) is None and not _verb_forms(word) and _lex_capitalised(word) is None


@lru_cache(maxsize=50_000)
def can_be_adjective(word: str) -> bool:
    """An adjective in the lexicon or the subjectivity lexicon, or an unknown word with an adjective suffix."""
    w = word.lower()
    if "-" in w:
        return can_be_adjective(w.rsplit("-", 1)[1]) or _lex(w) in _ADJ_TAGS
    if _lex(w) in _ADJ_TAGS or _lex_capitalised(w) in _ADJ_TAGS:
        return True
    sentiment = _resources().sentiment
    if any("JJ" in (sentiment.get(form) or {}) for form in _spellings(w)):
        return True
    if _lex(w) is None:
        return w.endswith(("ous", "ful", "less", "ive", "able", "ible", "ic", "ish", "ent", "ant", "al", "y"))
    return False


@lru_cache(maxsize=50_000)
def is_participle(word: str) -> bool:
    """A past participle (or a past form used as one): "relieved", "let", "lost", "scrutinised"."""
    w = word.lower()
    if "-" in w:
        return is_participle(w.rsplit("-", 1)[1])
    lex = _lex(w)
    if lex in ("VBN", "VBD"):
        return True
    if lex is None and w.endswith("ed") and len(w) > 4:
        return bool(_lemma_candidates(w, "ed"))
    return False


@lru_cache(maxsize=50_000)
def is_gerund_form(word: str) -> bool:
    """An -ing form of a verb: the lexicon tags it VBG, or its stem can be a verb."""
    w = word.lower()
    if "-" in w:
        return is_gerund_form(w.rsplit("-", 1)[1])
    if not w.endswith("ing") or len(w) < 5:
        return False
    if _lex(w) == "VBG":
        return True
    if _lex(w) is None and len(w) > 6:
        return True  # unknown to the lexicon: Brill's morphology rule reads -ing as VBG
    return bool(_lemma_candidates(w, "ing"))


def _lemma_candidates(word: str, suffix: str) -> list[str]:
    """Base forms of an inflected verb, each of which the lexicon shows can be a verb."""
    w = word.lower()
    stem = w[: -len(suffix)]
    options: list[str] = []
    if suffix in ("ing", "ed"):
        options += [stem, stem + "e"]
        if len(stem) >= 2 and stem[-1] == stem[-2]:
            options.append(stem[:-1])
        if suffix == "ed" and stem.endswith("i"):
            options.append(stem[:-1] + "y")
        if suffix == "ing" and stem.endswith("y") and len(stem) > 1:
            options.append(stem[:-1] + "ie")
    elif suffix == "s":
        options += [w[:-1]]
        if w.endswith("es"):
            options.append(w[:-2])
        if w.endswith("ies"):
            options.append(w[:-3] + "y")
    return [o for o in dict.fromkeys(options) if len(o) >= 2 and can_be_verb(o)]


@lru_cache(maxsize=50_000)
def _is_known(word: str) -> bool:
    """The lexicon or the spelling list knows ``word`` (so a generated form is a real word)."""
    return _lex(word) is not None or _frequency(word) > 0


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The base form of a verb form ("called" → "call", "queuing" → "queue"); the word itself otherwise."""
    w = word.lower()
    if "-" in w:
        head, _, last = w.rpartition("-")
        return f"{head}-{lemma(last)}"
    irregular = _IRREGULAR_PAST.get(w)
    if irregular:
        return irregular
    for suffix in ("ing", "ed", "s"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            found = [c for c in _lemma_candidates(w, suffix) if _is_known(c)]
            if found:
                return max(found, key=lambda c: (_lex(c) in ("VB", "VBP"), _frequency(c), -len(c)))
    return w


_IRREGULAR_PAST = {
    "has": "have",
    "does": "do",
    "is": "be",
    "paid": "pay",
    "sent": "send",
    "got": "get",
    "went": "go",
    "took": "take",
    "made": "make",
    "gave": "give",
    "found": "find",
    "told": "tell",
    "bought": "buy",
    "brought": "bring",
    "thought": "think",
    "spoke": "speak",
    "wrote": "write",
    "left": "leave",
    "felt": "feel",
    "kept": "keep",
    "lost": "lose",
    "saw": "see",
    "came": "come",
    "had": "have",
    "was": "be",
    "were": "be",
}
"""Irregular verb forms (a closed class), used only to build suggestions ("Paid twice" → "Paying twice")."""


@lru_cache(maxsize=50_000)
def gerund(verb: str) -> str:
    """The -ing form of a base-form verb, checked against the lexicon and the spelling list."""
    v = verb.lower()
    if "-" in v:
        head, _, last = v.rpartition("-")
        return f"{head}-{gerund(last)}"
    if v in ("be", "see", "flee", "agree"):
        return v + "ing"
    options = [v + "ing"]
    if v.endswith("ie"):
        options.insert(0, v[:-2] + "ying")
    elif v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        options.insert(0, v[:-1] + "ing")
    if _double_consonant(v):
        options.append(v + v[-1] + "ing")
    known = [o for o in options if _lex(o) is not None or _frequency(o) > 0]
    return max(known, key=_frequency) if known else options[0]


@lru_cache(maxsize=50_000)
def nominal_to_verb(noun: str) -> str | None:
    """The verb a nominalisation comes from ("registration" → "register", "payment" → "pay"), if any."""
    n = noun.lower().replace("-", "")
    phrasal = _particle_compound(n)
    if (phrasal and _lex(n) is None) or n in _PARTICLE_COMPOUNDS:
        return phrasal  # login → log in, checkout → check out
    rules = (
        ("ication", ("y",)),
        ("uction", ("uce",)),
        ("iry", ("ire",)),
        ("isation", ("ise", "ize")),
        ("ization", ("ize", "ise")),
        ("tration", ("ter",)),
        ("ation", ("", "e", "ate")),
        ("ition", ("", "e")),
        ("ution", ("ve", "e")),
        ("ption", ("be", "ve")),
        ("ction", ("ct",)),
        ("ssion", ("t", "ss", "de")),
        ("sion", ("d", "de", "se", "t")),
        ("tion", ("te", "")),
        ("ison", ("e",)),
        ("ment", ("",)),
        ("ance", ("", "e")),
        ("ence", ("", "e")),
        ("al", ("", "e")),
        ("ure", ("", "e")),
        ("ery", ("er",)),
        ("ry", ("r",)),
        ("ing", ("", "e")),
        ("age", ("",)),
    )
    found: list[str] = []
    for suffix, replacements in rules:
        if n.endswith(suffix) and len(n) > len(suffix) + 2:
            stem = n[: -len(suffix)]
            stems = [stem, stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [stem]  # cancellation
            found += [s + r for s in stems for r in replacements if _is_known(s + r) and can_be_verb(s + r)]
    if not found:
        return None
    return max(dict.fromkeys(found), key=lambda c: (_lex(c) in ("VB", "VBP"), _frequency(c)))


_PARTICLE_COMPOUNDS = {"signup": "sign up", "signin": "sign in", "logon": "log on", "setup": "set up"}


@lru_cache(maxsize=50_000)
def adjective_from(noun: str) -> str | None:
    """An adjective derived from a feeling noun ("frustration" → "frustrated", "anxiety" → "anxious")."""
    n = noun.lower()
    rules = (
        ("faction", ("fied",)),
        ("ation", ("ated", "ed")),
        ("ition", ("ited",)),
        ("sion", ("sed", "ded")),
        ("tion", ("ted",)),
        ("ment", ("ed", "d")),
        ("ness", ("",)),
        ("iety", ("ious",)),
        ("ity", ("ious", "", "e")),
        ("ty", ("",)),
        ("ance", ("ed", "ant")),
        ("ence", ("ent",)),
        ("dom", ("d", "")),
        ("er", ("ry",)),
        ("ief", ("ieved",)),
        ("y", ("ied",)),
        ("ic", ("icked",)),
        ("", ("ful", "ed", "d", "ing", "y", "ous")),
    )
    for suffix, replacements in rules:
        if suffix and not n.endswith(suffix):
            continue
        stem = n[: len(n) - len(suffix)] if suffix else n
        options = [stem + r for r in replacements]
        good = [o for o in options if o != n and (can_be_adjective(o) or _lex(o) in ("VBN",)) and _lex(o) is not None]
        if good:
            # a participle the lexicons also list as an adjective names the experiencer's state ("delighted"),
            # then an adjective proper ("hopeful"), then any participle
            return max(good, key=lambda c: (c.endswith("ed") and _adjective_evidence(c), _lex(c) in _ADJ_TAGS))
    return None


def word_classes(word: str) -> frozenset[str]:
    """The word classes the lexicon evidence allows for ``word``, whatever its context.

    ``verb`` (a base form, or inflected forms listed), ``noun``, ``adjective``, ``participle``, ``gerund``; and
    ``unknown`` when the lexicon knows neither the word nor its forms. "Book" → {noun, verb}.
    """
    classes = {
        name
        for name, test in (
            ("verb", can_be_verb),
            ("noun", can_be_noun),
            ("adjective", can_be_adjective),
            ("participle", is_participle),
            ("gerund", is_gerund_form),
        )
        if test(word)
    }
    if is_unknown(word):
        classes.add("unknown")
    return frozenset(classes)
