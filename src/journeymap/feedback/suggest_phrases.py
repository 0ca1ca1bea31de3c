"""Pain points phrased as Kalbach asks — a gerund naming what the customer goes through ("Waiting for the
engineer", "Chasing the helpline for an update") — found in the words of negative comments.

:func:`pain_phrases` gives each verb phrase of a comment (:mod:`.suggest_verbs`: the verb made a gerund, with its
object) under two keys: the verb and the object's head noun (``chase|helpline``) and the verb alone (``chase|*``).
:class:`~journeymap.feedback.measure.Tally` counts the keys over a step's negative comments, each comment once a key;
:func:`choose_pains` then picks the phrases several comments share (the most frequent wording names a group), a
verb's group when its objects vary, and keeps only texts the lint's pain-point rule (JL104) accepts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from .suggest_verbs import verb_phrases

__all__ = ["ANY", "as_gerund", "choose_pains", "lints_as_pain", "pain_phrases"]

ANY = "*"
"""The object part of a verb's own key (``wait|*``)."""


def pain_phrases(text: str) -> dict[str, str]:
    """The gerund phrases of ``text``: group key → wording (lower case but for names), one per key."""
    found: dict[str, str] = {}
    for phrase in verb_phrases(text):
        if phrase.head:
            found.setdefault(phrase.key, phrase.words)
        found.setdefault(f"{phrase.verb}|{ANY}", phrase.words)
    return found


def lints_as_pain(text: str) -> bool:
    """Whether the lint's pain-point rule (JL104) accepts ``text``."""
    from ..lint.phrasing import starts_with_gerund

    return bool(starts_with_gerund(text))


def _name(wording: Counter[str]) -> str:
    """A group's name: its most frequent wording, the shorter on a tie, capitalised."""
    words = min(wording.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
    return words[:1].upper() + words[1:]


_LITTLE = frozenset(["the", "a", "an", "for", "to", "on", "with", "about", "of", "at", "in", "into", "by", "from"])


def _shared_prefix(wording: Counter[str]) -> str:
    """The name of a verb's group whose objects vary: the longest start of its wordings that at least half of them
    share ("waiting for the valuation report", "… letter" → "Waiting for the valuation"), else its top wording."""
    total = sum(wording.values())
    starts: Counter[str] = Counter()
    for words, count in wording.items():
        split = words.split()
        for end in range(2, len(split) + 1):
            if split[end - 1] not in _LITTLE:
                starts[" ".join(split[:end])] += count
    shared = [p for p, n in starts.items() if 2 * n >= total]
    if not shared:
        return _name(wording)
    found = max(shared, key=lambda p: (len(p.split()), starts[p], p))
    return found[:1].upper() + found[1:]


def choose_pains(
    counts: Counter[str], wording: Mapping[str, Counter[str]], min_count: int, limit: int
) -> list[tuple[str, str]]:
    """The (key, name) of the groups to suggest, most comments first, at most ``limit``: for each verb, its
    verb-and-object group when that holds at least half of the verb's comments, else the verb's own group (its
    objects vary). A group needs ``min_count`` comments and a name JL104 accepts: its most frequent wording (a
    verb's own group is named by the wording of its largest verb-and-object group: "Waiting for the valuation")."""
    best: dict[str, str] = {}
    for key, count in counts.items():
        verb, _, head = key.partition("|")
        if head != ANY and count >= min_count and count > counts.get(best.get(verb, ""), 0):
            best[verb] = key
    candidates = []
    for key, count in counts.items():
        verb, _, head = key.partition("|")
        if head != ANY or count < min_count:
            continue
        specific = best.get(verb)
        candidates.append(specific if specific and 2 * counts[specific] >= count else key)
    chosen: list[tuple[str, str]] = []
    names: set[str] = set()
    for key in sorted(candidates, key=lambda k: (-counts[k], k)):
        specific = best.get(key.partition("|")[0])
        name = _name(wording[specific]) if specific else _shared_prefix(wording[key])
        if len(chosen) < limit and name.lower() not in names and lints_as_pain(name):
            chosen.append((key, name))
            names.add(name.lower())
    return chosen


def as_gerund(text: str, limit: int = 80) -> str:
    """A pain point's wording from a sentence: its first verb phrase that JL104 accepts (capitalised), else the
    sentence's first clause, cut at ``limit`` characters."""
    for phrase in verb_phrases(text):
        words = phrase.words[:1].upper() + phrase.words[1:]
        if lints_as_pain(words):
            return words
    first = re.split(r"(?<=[.!?;])\s", text.strip(), maxsplit=1)[0].rstrip(".!?; ")
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return first[:1].upper() + first[1:]
