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


_LEADS = frozenset(["being", "having", "to", "not"])


def _shared_prefix(wording: Counter[str]) -> str:
    """The name of a verb's group whose objects vary: the longest start of its wordings that at least half of them
    share, two at least ("waiting for the valuation report", "… letter" → "Waiting for the valuation"), else ""."""
    total = sum(wording.values())
    starts: Counter[str] = Counter()
    for words, count in wording.items():
        split = words.split()
        lead = next((at for at, word in enumerate(split) if word not in _LEADS), 0)  # the verb's place
        for end in range(lead + 2, len(split) + 1):
            if split[end - 1] not in _LITTLE:
                starts[" ".join(split[:end])] += count
    shared = [p for p, n in starts.items() if 2 * n >= total and n >= 2]
    if not shared:
        return ""
    found = max(shared, key=lambda p: (len(p.split()), starts[p], p))
    return found[:1].upper() + found[1:]


def choose_pains(
    counts: Counter[str], wording: Mapping[str, Counter[str]], min_count: int, limit: int
) -> list[tuple[str, str]]:
    """The (key, name) of the groups to suggest, most comments first, at most ``limit`` (one a verb): a group
    needs ``min_count`` comments and a name JL104 accepts (see :func:`_verb_group`)."""
    specific: dict[str, list[tuple[str, int]]] = {}
    for key, count in counts.items():
        verb, _, head = key.partition("|")
        if head != ANY:
            specific.setdefault(verb, []).append((key, count))
    candidates = []
    for key, count in counts.items():
        verb, _, head = key.partition("|")
        if head == ANY and count >= min_count:
            ranked = sorted(specific.get(verb, []), key=lambda kc: (-kc[1], kc[0]))
            found = _verb_group(key, count, ranked, wording, min_count)
            if found is not None:
                candidates.append(found)
    chosen: list[tuple[str, str]] = []
    names: set[str] = set()
    for key, name in sorted(candidates, key=lambda kn: (-counts[kn[0]], kn[0])):
        if len(chosen) < limit and name.lower() not in names and lints_as_pain(name):
            chosen.append((key, name))
            names.add(name.lower())
    return chosen


def _verb_group(
    key: str, count: int, ranked: list[tuple[str, int]], wording: Mapping[str, Counter[str]], min_count: int
) -> tuple[str, str] | None:
    """What a verb said by ``count`` comments suggests, in this order:

    1. its largest verb-and-object group, when that holds at least half the verb's comments ("Waiting for the
       decision", counted by that group's comments);
    2. the verb's own group named by its objects said twice or more ("Uploading bank statements and the payslips");
    3. the verb's own group named by the start at least half its wordings share ("Waiting for the valuation");
    4. its largest verb-and-object group when it has ``min_count`` comments itself;

    else nothing: a verb with varied objects and no shared wording names no pain point."""
    top = ranked[0] if ranked else None
    if top is not None and top[1] >= min_count and 2 * top[1] >= count:
        return top[0], _name(wording[top[0]])
    repeated = [k for k, n in ranked if n >= 2][:3]
    if len(repeated) >= 2 and not key.startswith("be-"):
        joined = _joined([_name(wording[k]) for k in repeated])
        if joined:
            return key, joined
    shared = _shared_prefix(wording[key])
    if shared:
        return key, shared
    if top is not None and top[1] >= min_count:
        return top[0], _name(wording[top[0]])
    return None


def _joined(names: list[str], limit: int = 90) -> str:
    """One name for the phrases of one verb: their shared start, then each one's object ("Waiting for the
    decision", "Waiting for the valuer" → "Waiting for the decision and the valuer"); "" when they share no start."""
    split = [n.split() for n in names]
    lead: list[str] = []
    for words in zip(*split, strict=False):
        if len({w.lower() for w in words}) > 1:
            break
        lead.append(words[0])
    while lead and lead[-1].lower() in ("the", "a", "an"):
        lead.pop()
    objects = [" ".join(words[len(lead) :]) for words in split]
    if not lead or not all(objects):
        return ""
    for size in range(len(objects), 1, -1):
        text = f"{' '.join(lead)} {', '.join(objects[: size - 1])} and {objects[size - 1]}"
        if len(text) <= limit:
            return text
    return ""


def as_gerund(text: str) -> str:
    """A pain point's wording from a sentence: its first verb phrase that JL104 accepts (capitalised), else the
    lint's own rewrite of its first clause when that passes, else "" (no suggestion is better than a sentence)."""
    from ..lint.phrasing import starts_with_gerund

    for phrase in verb_phrases(text):
        words = phrase.words[:1].upper() + phrase.words[1:]
        if lints_as_pain(words):
            return words
    first = re.split(r"(?<=[.!?;])\s", text.strip(), maxsplit=1)[0].rstrip(".!?; ")
    rewrite = starts_with_gerund(first).suggestion
    return rewrite if rewrite and len(rewrite) <= 100 and lints_as_pain(rewrite) else ""
