"""The closed classes of words the phrasing rules name by hand (verbs of change, question words,
auxiliaries, pronouns, degree words, particles, discourse lead-ins) and the tag sets of the tagger."""

from __future__ import annotations


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
