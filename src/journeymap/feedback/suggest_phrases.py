"""Pain points phrased as Kalbach asks — a gerund naming what the customer goes through ("Waiting for the
engineer", "Uploading the payslips again") — found in the words of negative comments.

:func:`pain_phrases` finds each verb in its -ing form (a word list keeps out "nothing", "morning", "during", …)
with the words after it, up to four, stopping at punctuation and at words that start a new clause ("because",
"and", "which", …); trailing little words are dropped ("waiting for the" → "waiting"). Phrases are grouped by the
gerund and the first content word after it (``waiting valuation``), so "waiting for the valuation" and "waiting on
a valuation" count together; the most frequent wording names the group.
"""

from __future__ import annotations

import re

__all__ = ["THEME_PAINS", "as_gerund", "pain_phrases", "theme_pain"]

THEME_PAINS = {
    "waiting": "Waiting for {object}",
    "communication": "Chasing updates on {object}",
    "fees": "Paying unexpected fees for {object}",
    "staff": "Getting unhelpful answers about {object}",
    "app": "Fighting the website or app to {action}",
    "documents": "Sending documents again for {object}",
    "booking": "Rebooking {object}",
    "errors": "Correcting mistakes in {object}",
    "ease": "Finding it a hassle to {action}",
    "comfort": "Putting up with discomfort during {object}",
    "children": "Managing children during {object}",
    "security": "Proving who I am to {action}",
}
"""How a theme of negative comments at a step reads as a pain point: ``{object}`` is the step's name without its
verb ("Host the valuation" → "the valuation"), ``{action}`` the name in lower case."""


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TOKENS = re.compile(r"[A-Za-z][A-Za-z'’]*|[0-9]+|[.,;:!?()\"“”]")
_NOT_VERBS = _set(
    "nothing something anything everything thing things morning evening during ceiling king ring sing spring string "
    "wedding pudding sibling bring sting wing swing thing interesting amazing annoying frustrating boring confusing "
    "disappointing shocking worrying exciting charming appalling outstanding amusing embarrassing insulting "
    "surprising terrifying stunning infuriating exhausting overwhelming misleading upsetting alarming pleasing "
    "refreshing reassuring satisfying welcoming willing loving caring fucking bloody building funding pricing "
    "ongoing incoming outgoing remaining following according including regarding concerning notwithstanding "
    "lightning awning icing pending missing"
)
_CLAUSE = _set(
    "and but because so which that when while then or as since if until although though is was are were be been "
    "has had have got gets will would can could did does do i we he she they"
)
_WEAK = _set(
    "being having existing housing marketing wording warning underwriting working doing going getting saying "
    "telling thinking asking trying letting"
)
_OWNER = {"my": "the", "our": "the", "mine": "the"}
_LITTLE = _set(
    "the a an my our your their his her its for to on with about of at in into by from up out back again this "
    "these those it them me us you just all every some any very too really still even over ages"
)


def pain_phrases(text: str) -> dict[str, str]:
    """The gerund phrases of ``text``: group key → wording (lower case), one per key."""
    tokens = _TOKENS.findall(text)
    found: dict[str, str] = {}
    for index, token in enumerate(tokens):
        word = token.lower().replace("’", "'")
        if len(word) < 5 or not word.endswith("ing") or word in _NOT_VERBS or "'" in word:
            continue
        words = [word]
        for following in tokens[index + 1 : index + 6]:
            lower = following.lower()
            if not following[0].isalnum() or lower in _CLAUSE or (lower.endswith("ing") and lower not in _NOT_VERBS):
                break
            words.append(_OWNER.get(lower, lower))
            if len(words) == 5:
                break
        while len(words) > 1 and words[-1] in _LITTLE:
            words.pop()
        content = next((w for w in words[1:] if w not in _LITTLE), "")
        if not content or word in _WEAK:
            continue
        key = f"{word} {content}".strip()
        found.setdefault(key, " ".join(words))
    return found


def as_gerund(text: str, limit: int = 80) -> str:
    """A pain point's wording from a sentence: its first gerund phrase when it has one (capitalised), else the
    sentence's first clause, cut at ``limit`` characters."""
    phrases = pain_phrases(text)
    if phrases:
        words = max(phrases.values(), key=len)
        return words[:1].upper() + words[1:]
    first = re.split(r"(?<=[.!?;])\s", text.strip(), maxsplit=1)[0].rstrip(".!?; ")
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return first[:1].upper() + first[1:]


def theme_pain(theme: str, step_name: str) -> str:
    """A pain point for a theme of negative comments at a step (:data:`THEME_PAINS`; another theme reads
    "Struggling with {theme} to {action}")."""
    name = step_name.strip()
    rest = name.partition(" ")[2].strip()
    rest = re.sub(r"^(?:for|on|to|with|at|in|about|from|up|out|back)\s+", "", rest, flags=re.IGNORECASE)
    thing = rest or name
    if not thing.isupper():
        thing = thing[:1].lower() + thing[1:]
    if not re.match(r"(?:the|a|an|my|your|our)\b", thing, re.IGNORECASE) and not thing.endswith("s"):
        thing = f"the {thing}"
    action = name[:1].lower() + name[1:]
    if theme == "documents" and re.search(r"document|payslip|statement|form|paperwork", thing, re.IGNORECASE):
        return f"Sending {thing} again"
    template = THEME_PAINS.get(theme, f"Struggling with {theme} to {{action}}")
    return template.format(object=thing, action=action)
