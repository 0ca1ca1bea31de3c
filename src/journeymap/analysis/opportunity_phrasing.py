"""The words of a framed opportunity: its "How might we …?" question and its statement from the source's own
text, by a fixed template per source, and the durations a text mentions (see :mod:`.opportunities`)."""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Template", "how_might_we", "mentioned_duration_days"]


_NOT_GERUNDS = frozenset(
    {"thing", "nothing", "something", "anything", "everything", "morning", "evening", "ring", "king", "spring"}
    | {"string", "wing", "ceiling"}
)


def _trim(text: str) -> str:
    return " ".join(text.split()).rstrip(" .!?;:")


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1].isupper() or any(c.isdigit() for c in first)):
        return text  # an acronym or a code ("HEIC photos", "3D tour")
    return text[:1].lower() + text[1:]


def _is_gerund(text: str) -> bool:
    first = text.split(" ", 1)[0].lower().strip("“”\"'")
    return first.endswith("ing") and len(first) > 4 and first not in _NOT_GERUNDS


Template = Literal["pain", "weakness", "challenge", "uncovered", "moment", "effort", "competitor"]


def how_might_we(template: Template, text: str) -> str:
    """The "How might we …?" question of a source text (the templates of the module docstring)."""
    text = _trim(text)
    if template in ("pain", "weakness") and _is_gerund(text):
        return f"How might we reduce {_lower_first(text)}?"
    phrasing = {
        "pain": "How might we reduce “{}”?",
        "weakness": "How might we overcome “{}”?",
        "challenge": "How might we recover when “{}” happens?",
        "uncovered": "How might we support the customer at “{}”?",
        "moment": "How might we meet expectations at “{}”?",
        "effort": "How might we make “{}” take less time and effort?",
        "competitor": "How might we learn from “{}”?",
    }
    return phrasing[template].format(text)


def _statement(template: Template, text: str) -> str:
    """The opportunity itself, starting with a verb of change (Kalbach's phrasing rule)."""
    text = _trim(text)
    if template in ("pain", "weakness") and _is_gerund(text):
        return f"Reduce {_lower_first(text)}"
    phrasing = {
        "pain": "Reduce “{}”",
        "weakness": "Improve on “{}”",
        "challenge": "Reduce the impact of “{}”",
        "uncovered": "Increase support at “{}”",
        "moment": "Improve “{}” as a moment of truth",
        "effort": "Simplify “{}”",
        "competitor": "Improve on the competitor practice “{}”",
    }
    return phrasing[template].format(text)


# ---- durations --------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0}
_DURATION = re.compile(
    r"\b(?P<n>\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")[\s-]+(?:(?:working|business|calendar)\s+)?"
    r"(?P<unit>minute|hour|day|week|month)s?\b(?!\s+of\b)",
    re.IGNORECASE,
)


def mentioned_duration_days(text: str) -> tuple[float, str] | None:
    """The longest duration written in ``text``, in days, with the words that say it; ``None`` if none.

    A duration is a number (digits, or a word from "a" / "one" to "ninety") followed by minute(s), hour(s),
    day(s), week(s) or month(s), optionally "working", "business" or "calendar" in between; a month counts
    30 days. A quantity ("three months of payslips": followed by "of") is not a duration."""
    best: tuple[float, str] | None = None
    for match in _DURATION.finditer(text):
        raw = match.group("n").lower().replace(",", ".")
        count = float(raw) if raw[0].isdigit() else float(_NUMBER_WORDS[raw])
        days = count * _UNIT_DAYS[match.group("unit").lower()]
        if best is None or days > best[0]:
            best = (days, match.group(0))
    return best
