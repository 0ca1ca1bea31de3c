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

The rules live one a module (:mod:`.actions`, :mod:`.thoughts`, :mod:`.feelings`, :mod:`.pain_points`,
:mod:`.touchpoints`, :mod:`.opportunities`), over the shared :mod:`.lexicon`, :mod:`.word_forms`, :mod:`.tokens`,
:mod:`.clauses` and :mod:`.closed_classes`.
"""

from __future__ import annotations

from .actions import starts_with_verb
from .closed_classes import CHANGE_PHRASAL_VERBS, CHANGE_VERBS
from .decision import Decision
from .feelings import is_adjective_phrase
from .lexicon import _resources as _resources
from .opportunities import starts_with_change_verb
from .pain_points import starts_with_gerund
from .thoughts import is_question
from .touchpoints import is_noun_phrase
from .word_forms import word_classes

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
