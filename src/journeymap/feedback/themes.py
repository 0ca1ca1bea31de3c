"""Themes of a comment: a short, explainable list ("waiting", "fees", "staff"…).

A theme is named when one of its keywords occurs in the comment as a whole word or phrase. The keywords come
from the bundled lexicon (``feedback/data/themes.json``) and from a team's keyword rules (theme → keywords), which
add to the lexicon's themes or bring new ones. The keyword that matched is the explanation (:meth:`explain`).
Themes are ranked by the number of keywords found, then by the lexicon's order, and at most
:data:`MAX_THEMES` are kept. (yake's keyphrases were measured as an extra source: see docs/feedback.md.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["MAX_THEMES", "ThemeLexicon", "bundled_themes"]

MAX_THEMES = 3


@lru_cache(maxsize=1)
def bundled_themes() -> dict[str, list[str]]:
    """The bundled lexicon: theme → keywords."""
    source = resources.files("journeymap.feedback") / "data" / "themes.json"
    lexicon: dict[str, list[str]] = json.loads(source.read_text(encoding="utf-8"))
    return lexicon


def _pattern(keywords: Sequence[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(k.lower()) for k in keywords if k.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])") if alternatives else re.compile(r"$^")


@dataclass(frozen=True)
class ThemeLexicon:
    """Compiled theme keywords; :meth:`themes` names a comment's themes, :meth:`explain` says why."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def build(cls, extra: Mapping[str, Sequence[str]] | None = None) -> ThemeLexicon:
        merged: dict[str, list[str]] = {k: list(v) for k, v in bundled_themes().items()}
        for theme, keywords in (extra or {}).items():
            merged.setdefault(theme, []).extend(keywords)
        return cls(tuple((theme, _pattern(words)) for theme, words in merged.items()))

    def explain(self, text: str) -> dict[str, list[str]]:
        """Each theme found in ``text`` with the keywords that matched, in lexicon order."""
        lowered = text.lower()
        found: dict[str, list[str]] = {}
        for theme, pattern in self.patterns:
            hits = sorted(set(pattern.findall(lowered)))
            if hits:
                found[theme] = hits
        return found

    def themes(self, text: str) -> tuple[str, ...]:
        found = self.explain(text)
        order = {theme: i for i, (theme, _) in enumerate(self.patterns)}
        ranked = sorted(found, key=lambda t: (-len(found[t]), order[t]))
        return tuple(ranked[:MAX_THEMES])
