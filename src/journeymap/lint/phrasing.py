"""Kalbach's phrasing rules as part-of-speech classifiers.

Each classifier takes the text of a card and returns a :class:`Decision`: whether the text is phrased as the rule
asks, the reason (naming the evidence used) and, when the text is not, a concrete rewrite where one can be derived
(else a hint).

How a word's part of speech is decided
--------------------------------------
textblob's ``PatternTagger`` (Brill's tagger from Pattern, which works offline) gives each token one tag in
context. On card texts it is often wrong: imperatives ("Download software" → NNP), lower-case starts and words that
are both nouns and verbs ("Book", "Check", "Email", "Review", "Transfer"). So the tag is only one piece of
evidence; the others come from the resources that ship inside textblob's wheel:

* the **Pattern lexicon** (``en-lexicon.txt``, Brill's lexicon from the Brown corpus and Penn Treebank): a word's
  most frequent tag, and — because the lexicon lists inflected forms too — the word's **possible** tags: "book" is
  listed as NN, but "booked" (VBN) shows it can be a verb and "books" (NNS) that it can be a noun;
* Pattern's **subjectivity lexicon** (``en-sentiment.xml``): adjectives (JJ) such as "calm" or "confused";
* the **spelling list** (``en-spelling.txt``): word frequencies, used to choose between generated word forms;
* **morphology**: inflection (-s, -ed, -ing with e-drop, consonant doubling and y → i), derivation
  (nominalisations such as "registration" → "register", "frustration" → "frustrated"), adjective and noun
  suffixes for words the lexicon lacks, and British spellings mapped to the lexicon's American ones
  ("scrutinised" → "scrutinized", "enrol" → "enroll", "travelling" → "traveling").

Context then decides between the possible readings, with the lane's own expectation as the tie-break: in an
actions lane "Check balance" is read as a verb phrase, in a touchpoints lane "Review page" as a compound noun. A
word followed directly by a determiner ("Email the branch") is a verb; followed by "of" ("Transfer of funds") a
noun.

Hand lists are used only for closed classes: the verbs of change (:data:`CHANGE_VERBS`, defined by the rule),
question words and auxiliaries, pronouns, degree words, verb particles and a few discourse lead-ins. Each is
documented where it is defined.
"""

from __future__ import annotations

import gc
import re
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import MissingExtraError

__all__ = [
    "CHANGE_PHRASAL_VERBS",
    "CHANGE_VERBS",
    "Decision",
    "is_adjective_phrase",
    "is_noun_phrase",
    "is_question",
    "starts_with_change_verb",
    "starts_with_gerund",
    "starts_with_verb",
    "word_classes",
]


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of a phrasing check: ``ok`` when the text follows the rule, with the reason and a suggestion."""

    ok: bool
    reason: str
    suggestion: str = ""

    def __bool__(self) -> bool:
        return self.ok


# ---- closed classes ----------------------------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    """A closed class of words, written as a space-separated list."""
    return frozenset(text.split())


CHANGE_VERBS: frozenset[str] = _wordset(
    """
    increase raise boost lift maximise maximize improve enhance strengthen extend expand broaden widen grow
    accelerate speed deepen double triple heighten upgrade optimise optimize elevate amplify intensify

    reduce decrease lower cut shorten minimise minimize lessen halve shrink trim ease curb limit

    eliminate remove drop abolish scrap end stop prevent avoid retire eradicate

    simplify streamline automate clarify consolidate unify standardise standardize centralise centralize
    personalise personalize digitise digitize modernise modernize redesign restructure rework rethink reshape
    reorganise reorganize revamp refresh transform convert replace shift move switch merge combine integrate
    align fix resolve repair tighten loosen soften smooth harmonise harmonize humanise humanize declutter
    deduplicate change adjust adapt tailor rebalance reroute rewrite reword rephrase reorder quicken
    """
)
"""The verbs of change (rule JL106), a closed class defined by the rule itself (Kalbach: "begin each with a verb
that shows change; e.g., increase the ease of installation, eliminate unnecessary steps"). Grouped by meaning:
more of something (increase … intensify), less of it (reduce … limit), none of it (eliminate … eradicate), and a
change of state or form (simplify … quicken). British and American spellings are both listed. Verbs that introduce
a solution without saying what changes (offer, provide, add, create, launch, introduce, send, explain, use, ensure,
enable, explore, consider) are deliberately not in the class. "make" counts when followed by a comparative
("Make renewal easier"), see :func:`starts_with_change_verb`."""

CHANGE_PHRASAL_VERBS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("speed", "up"),
        ("cut", "down"),
        ("cut", "back"),
        ("cut", "out"),
        ("bring", "down"),
        ("drive", "down"),
        ("drive", "up"),
        ("push", "down"),
        ("scale", "up"),
        ("scale", "down"),
        ("ramp", "up"),
        ("step", "up"),
        ("slim", "down"),
        ("pare", "down"),
        ("phase", "out"),
        ("strip", "out"),
        ("free", "up"),
        ("open", "up"),
        ("smooth", "out"),
        ("get", "rid", "of"),
        ("do", "away", "with"),
    }
)
"""Phrasal verbs of change whose first word alone is not one ("bring down costs", "get rid of duplicate forms")."""

_SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they", "it", "someone", "somebody", "nobody"})
_QUESTION_WORDS = frozenset({"what", "who", "whom", "whose", "which", "when", "where", "why", "how"})
_AUXILIARIES = _wordset(
    """
    is are was were am do does did have has had can could will would shall should may might must
    """
)
_PARTICLES = frozenset({"in", "up", "out", "on", "off", "down", "back", "over", "through", "away", "around"})
"""Verb particles (a closed class): "log in", "top up", "drop off"."""
_DEGREE_WORDS = _wordset(
    """
    very slightly quite really so rather somewhat fairly pretty too increasingly extremely deeply totally
    utterly completely incredibly mildly more less most least not still already almost bit
    little super cautiously genuinely truly well
    """
)
"""Degree and negation words allowed before a feeling's adjective ("slightly nervous", "not confident")."""
_LEAD_ADVERBS = _wordset(
    """
    not never still always constantly repeatedly just only again also even often frequently sometimes
    """
)
"""Adverbs allowed before a pain point's gerund ("Not receiving …", "Still waiting …")."""
_CONNECTORS = frozenset({"and", "but", "yet", "or", "then", "&", "/", "+"})
_DISCOURSE = frozenset({"so", "and", "but", "then", "ok", "okay", "hmm", "well", "oh", "right", "wait", "also"})
"""Words a thought may open with before its question ("So what happens next?")."""
_STATEMENT_LEADS: tuple[tuple[str, ...], ...] = (
    ("i", "wonder", "if"),
    ("i", "wonder", "whether"),
    ("i", "wonder"),
    ("wondering", "if"),
    ("wondering", "whether"),
    ("wondering",),
    ("not", "sure", "if"),
    ("not", "sure", "whether"),
    ("not", "sure"),
    ("unsure", "if"),
    ("unsure", "whether"),
    ("unsure",),
    ("i", "hope"),
    ("i", "wish"),
    ("i", "think"),
    ("i", "guess"),
    ("i", "bet"),
    ("hopefully",),
    ("maybe",),
    ("surely",),
    ("sure", "hope"),
)
"""Openings of statements that hide a question ("Wondering if the fee is refundable" → "Is the fee refundable?")."""
_COMPARATIVE_TO_CHANGE = {
    "better": "Improve",
    "faster": "Speed up",
    "quicker": "Speed up",
    "clearer": "Clarify",
    "simpler": "Simplify",
    "easier": "Simplify",
    "smoother": "Improve",
    "more": "Increase",
    "greater": "Increase",
    "higher": "Increase",
    "less": "Reduce",
    "fewer": "Reduce",
    "lower": "Lower",
    "cheaper": "Lower the cost of",
    "shorter": "Shorten",
    "no": "Eliminate",
}
"""Suggestions only: the change verb that turns "Better onboarding" into "Improve onboarding"."""

_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_ADJ_TAGS = frozenset({"JJ", "JJR", "JJS"})
_OBJECT_TAGS = frozenset({"DT", "PRP$", "PRP", "CD", "WP$", "PDT"})
_DETERMINER_WORDS = _wordset(
    """
    the a an my your his her its our their this that these those some any every each no all both
    """
)

# ---- resources ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resources:
    tag: Callable[[str], list[tuple[str, str]]]
    lexicon: Any
    sentiment: Any
    spelling: Any


@lru_cache(maxsize=1)
def _resources() -> _Resources:
    """textblob's tagger and the lexicons in its wheel, loaded on first use (so the CLI starts fast)."""
    try:
        from textblob.en import lexicon, sentiment, spelling
        from textblob.en.taggers import PatternTagger
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("the phrasing rules of lint", "lint") from exc
    tagger = PatternTagger()

    def tag(text: str) -> list[tuple[str, str]]:
        return [(str(word), str(pos)) for word, pos in tagger.tag(text)]

    # Pattern's reader leaves its files to the garbage collector: load everything now, then collect, so no
    # ResourceWarning escapes later (the tagger's lexicon, morphology and context rules, and our two lexicons).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        tag("Warm up the tagger, please.")
        sentiment.get("good")
        spelling.get("the")
        gc.collect()
    return _Resources(tag=tag, lexicon=lexicon, sentiment=sentiment, spelling=spelling)


def _lex(word: str) -> str | None:
    """The lexicon's tag for ``word`` (its most frequent one), trying the lower-case and American spellings."""
    lexicon = _resources().lexicon
    for form in _spellings(word):
        found = lexicon.get(form)
        if found:
            return str(found)
    return None


def _lex_capitalised(word: str) -> str | None:
    found = _resources().lexicon.get(word.lower().capitalize())
    return str(found) if found else None


def _frequency(word: str) -> int:
    return max((int(_resources().spelling.get(form, 0)) for form in _spellings(word)), default=0)


@lru_cache(maxsize=50_000)
def _spellings(word: str) -> tuple[str, ...]:
    """``word`` in lower case, then its American spellings (the lexicon is from American corpora)."""
    w = word.lower()
    forms = [w]
    swaps = (
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("our", "or"),
        ("tre", "ter"),
        ("ogue", "og"),
        ("elled", "eled"),
        ("elling", "eling"),
        ("alled", "aled"),
        ("alling", "aling"),
        ("ence", "ense"),
    )
    for british, american in swaps:
        if w.endswith(british):
            forms.append(w[: -len(british)] + american)
    if re.fullmatch(r"[a-z]*[aeiou]l", w) and len(w) > 4:
        forms.append(w + "l")  # enrol → enroll, fulfil → fulfill
    forms += [f.replace("our", "or") for f in forms if "our" in f[1:-1]]  # behaviour → behavior
    return tuple(dict.fromkeys(forms))


# ---- word-level evidence -----------------------------------------------------------------------------------------


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
    if lex in ("VBN", "VBD") and not word.lower().endswith(("ed", "en")):
        return True  # "reset", "put", "cut": the base form doubles as the past
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


# ---- tokens ------------------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_CONTRACTIONS = (
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"),
    (r"\b(what|who|where|how|when|why|it|that|there|here|he|she)'s\b", r"\1 is"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"\bi'm\b", "I am"),
    (r"\b(i|you|we|they|he|she)'d\b", r"\1 would"),
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a card text with the tagger's tag in context."""

    text: str
    tag: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.tag != "POS" and any(ch.isalnum() for ch in self.text)


def normalise(text: str) -> str:
    """The text without emoji and symbols, with straight quotes and contractions spelled out."""
    text = text.translate(_APOSTROPHES)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "S" or ch in "+&/$£€%")
    text = re.sub(r"^[\s\-•*·>]+", "", text).strip()
    for pattern, replacement in _CONTRACTIONS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=20_000)
def tokens(text: str) -> tuple[Token, ...]:
    """The tagged tokens of ``text`` (normalised first)."""
    clean = normalise(text)
    if not clean:
        return ()
    tagged = _resources().tag(clean)
    out: list[Token] = []
    index = 0
    while index < len(tagged):
        word, pos = tagged[index]
        if word == "'" and index + 1 < len(tagged) and tagged[index + 1][0] == "s":
            out.append(Token("'s", "POS"))  # the tokenizer splits a possessive "'s" in two
            index += 2
            continue
        out.append(Token(word, "POS" if word == "'" else pos))
        index += 1
    return tuple(out)


def _words(toks: Sequence[Token]) -> list[Token]:
    return [t for t in toks if t.is_word]


def _join(words: Sequence[str]) -> str:
    text = " ".join(words)
    text = re.sub(r"\s+([,.;:!?%)])", r"\1", text)
    text = re.sub(r"([(\"])\s+", r"\1", text)
    return re.sub(r"\s+'s\b", "'s", text).strip()


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(words: Sequence[str]) -> list[str]:
    """Lower-case the first word unless it is "I", an acronym or a name inside the text."""
    if not words:
        return []
    first = words[0]
    keep = first == "I" or (len(first) > 1 and first[1:2].isupper())
    return [first if keep else first.lower(), *words[1:]]


def _texts(toks: Sequence[Token]) -> list[str]:
    return [t.text for t in toks]


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


# ---- JL101 actions -----------------------------------------------------------------------------------------------


def starts_with_verb(text: str) -> Decision:
    """JL101: an action starts with a verb in its base form ("Download software", "call customer service")."""
    words = _words(tokens(text))
    if not words:
        return Decision(True, "no words to check")
    first = words[0]
    w = first.lower
    rest = words[1:]
    nxt = rest[0] if rest else None

    subject = _subject_clause(words)
    if subject is not None:
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
    if w in _SUBJECT_PRONOUNS or w in ("the", "a", "an", "my", "our", "their"):
        verb_next = nxt is not None and w in _SUBJECT_PRONOUNS and (can_be_verb(nxt.text) or is_unknown(nxt.text))
        suggestion = _capitalise(_join([lemma(nxt.text), *_texts(rest[1:])])) if verb_next and nxt else ""
        return Decision(False, f"starts with {first.text!r}, not a verb", suggestion)
    if is_gerund_form(w) and _lex(w) not in ("VB", "VBP") and not _is_noun_ing(first, nxt, rest):
        base = lemma(w)
        return Decision(
            False,
            f"starts with the gerund {first.text!r}: use the verb's base form",
            _capitalise(_join([base, *_texts(rest)])) if base != w else "",
        )
    if _is_past_or_third_person(first, nxt):
        base = lemma(w)
        tail = _texts(rest)
        if base in ("need", "have", "want") and tail[:1] == ["to"] and len(tail) > 1:
            base, tail = tail[1], tail[2:]
        return Decision(
            False,
            f"starts with {first.text!r}: use the verb's base form, as an instruction",
            _capitalise(_join([base, *tail])),
        )
    phrasal = _particle_compound(w) if ("-" in w or _lex(w) is None or _lex(w) in _NOUN_TAGS) else None
    if phrasal and (nxt is None or nxt.lower not in _PARTICLES):
        return Decision(
            False,
            f"starts with the noun {first.text!r}: use the verb {phrasal!r}",
            _capitalise(_join([phrasal, *_texts(_skip_of(rest))])),
        )
    unknown = is_unknown(w) and "-" not in w
    if can_be_verb(w) or unknown:
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
    if nxt is not None and _is_object_start(nxt) and first.tag in ("NN", "NNP") and not w.endswith("s"):
        return Decision(True, f"{first.text!r} takes an object ({nxt.text!r}), so it is used as a verb")
    return _noun_start(words, f"starts with {_describe(first)} {first.text!r}, not a verb")


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
    if w.endswith("s") and not w.endswith("ss") and (lex == "VBZ" or first.tag == "VBZ"):
        return True
    if w.endswith("s") and not w.endswith("ss") and _lemma_candidates(w, "s") and nxt is not None:
        return _is_object_start(nxt) or nxt.lower in ("to",) or nxt.tag in ("RB", "RP")
    return False


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
        return index
    return None


def _describe(token: Token) -> str:
    lex = _lex(token.text)
    if lex in _ADJ_TAGS or token.tag in _ADJ_TAGS:
        return "the adjective"
    if lex in ("RB",) or token.tag == "RB":
        return "the adverb"
    if token.tag in ("IN", "TO"):
        return "the preposition"
    return "the noun"


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


# ---- JL102 thoughts ----------------------------------------------------------------------------------------------


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


# ---- JL103 feelings ----------------------------------------------------------------------------------------------

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


def _adjective_evidence(word: str) -> bool:
    """Stronger evidence than the lexicon's first tag: the subjectivity lexicon lists the word as an adjective."""
    sentiment = _resources().sentiment
    return any("JJ" in (sentiment.get(form) or {}) for form in _spellings(word)) or _lex_capitalised(word) in _ADJ_TAGS


# ---- JL104 pain points -------------------------------------------------------------------------------------------


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


# ---- JL105 touchpoints -------------------------------------------------------------------------------------------


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


# ---- JL106 opportunities -----------------------------------------------------------------------------------------


def starts_with_change_verb(text: str) -> Decision:
    """JL106: an opportunity begins with a verb of change ("Increase the ease of installation")."""
    clean = normalise(text).rstrip(" .!")
    words = _words(tokens(clean))
    if not words:
        return Decision(True, "no words to check")
    lowered = [t.lower for t in words]
    if lowered[:3] == ["how", "might", "we"] or lowered[:3] == ["how", "can", "we"]:
        inner = words[3:]
        inner_decision = starts_with_change_verb(_join(_texts(inner)).rstrip("?")) if inner else None
        suggestion = inner_decision.suggestion if inner_decision and not inner_decision.ok else ""
        if inner_decision and inner_decision.ok:
            suggestion = _capitalise(_join(_texts(inner)).rstrip("?").strip())
        return Decision(False, "a 'How might we …?' question: keep it in how_might_we", suggestion)
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


def _has_comparative(rest: Sequence[Token]) -> bool:
    for index, token in enumerate(rest):
        if token.tag in ("JJR", "RBR") or token.lower in ("more", "less"):
            return True
        if token.lower == "as" and index + 2 < len(rest) and rest[index + 2].lower == "as":
            return True
        if token.lower.endswith("er") and _lex(token.lower) in ("JJR", "RBR"):
            return True
    return False
