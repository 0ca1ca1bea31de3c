"""Turning one row of a feedback table into a :class:`Comment`, or the reason it is skipped.

Shared by every table reader (CSV, XLSX, Parquet, JSON Lines): the columns are found once by name
(:class:`ColumnSpec` → :class:`RowShape`), then each row is built by position. A row is skipped — never a crash —
when its text is empty or longer than ``limits().text_chars``, or its date or rating cannot be read; the reasons
are counted in a :class:`SkipLog`, which keeps the first few located warnings (JE221).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, ProblemsError, Severity
from ..limits import limits
from ..model.references import did_you_mean
from .comments import Comment

__all__ = ["OPTIONAL_COLUMNS", "ColumnSpec", "RowShape", "SkipLog", "batches", "parse_date", "parse_rating"]

OPTIONAL_COLUMNS = ("id", "date", "segment", "rating", "channel", "element")
SHOWN_SKIPS = 20
"""Located warnings kept per file; the rest are counted."""


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """Which column holds what (by name): ``text`` is required, the others optional."""

    text: str
    id: str | None = None
    date: str | None = None
    segment: str | None = None
    rating: str | None = None
    channel: str | None = None
    element: str | None = None

    def named(self) -> list[tuple[str, str]]:
        """(role, column name) of the columns given, text first."""
        found = [("text", self.text)]
        found += [(role, name) for role in OPTIONAL_COLUMNS if (name := getattr(self, role)) is not None]
        return found


@dataclass(slots=True)
class SkipLog:
    """Rows skipped while reading: counted by reason, the first :data:`SHOWN_SKIPS` located."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0

    def skip(self, where: str, reason: str, detail: str = "") -> None:
        """Count a row skipped for ``reason`` (counted together); ``detail`` is shown in its located warning."""
        self.counts[reason] += 1
        if len(self.problems) < SHOWN_SKIPS:
            hint = "the row is left out; fix it in the file to count it"
            message = f"row skipped: {reason}" + (f" ({detail})" if detail else "")
            self.problems.append(Problem("JE221", where, message, hint, Severity.WARNING))

    @property
    def skipped(self) -> int:
        return sum(self.counts.values())

    def summary(self, source: str) -> Problem | None:
        """One warning naming how many rows were skipped and why (None when none was)."""
        if not self.counts:
            return None
        reasons = ", ".join(f"{reason}: {count:,}" for reason, count in self.counts.most_common())
        shown = f" (the first {SHOWN_SKIPS} are located above)" if self.skipped > SHOWN_SKIPS else ""
        message = f"{self.skipped:,} rows skipped ({reasons}){shown}"
        return Problem("JE221", source, message, "", Severity.WARNING)

    def all_problems(self, source: str) -> list[Problem]:
        summary = self.summary(source)
        return [*self.problems, *([summary] if summary else [])]


def parse_date(value: Any) -> dt.date | None:
    """An ISO date (``2026-03-04``, also with a time) or a date/time value; None for empty; ValueError if bad."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) > 10 and text[10] in "T ":
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    return dt.date.fromisoformat(text)


def parse_rating(value: Any) -> tuple[bool, float | None]:
    """(readable, the rating): a finite number, None for empty; (False, None) for text that is no number, a
    true/false value, NaN or infinity. A decimal comma is read (``4,5``)."""
    if value is None:
        return True, None
    if isinstance(value, bool):
        return False, None
    text = value if isinstance(value, int | float) else str(value).strip()
    if text == "":
        return True, None
    if isinstance(text, str) and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return False, None
    return (True, number) if math.isfinite(number) else (False, None)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True, slots=True)
class RowShape:
    """The positions of the spec's columns in a header, found once per file."""

    source: str
    positions: dict[str, int]

    @classmethod
    def find(cls, spec: ColumnSpec, header: Sequence[str], source: str, where: str) -> RowShape:
        """Positions by name (exact, else ignoring case); a missing column is a JE220 error naming the columns."""
        names = [str(name).strip() for name in header]
        lowered = {name.lower(): index for index, name in reversed(list(enumerate(names)))}
        positions: dict[str, int] = {}
        problems: list[Problem] = []
        for role, name in spec.named():
            if name in names:
                positions[role] = names.index(name)
            elif name.strip().lower() in lowered:
                positions[role] = lowered[name.strip().lower()]
            else:
                known = ", ".join(names[:30]) + (" …" if len(names) > 30 else "")
                hint = did_you_mean(name, names) or f"the columns are: {known}"
                problems.append(Problem("JE220", where, f"no column {name!r} (--{role})", hint))
        if problems:
            raise ProblemsError(problems)
        return cls(source, positions)

    def comment(self, values: Sequence[Any], row: int, line: int | None, where: str, log: SkipLog) -> Comment | None:
        """The comment of one row (values by position), or None when it is skipped (logged at ``where``)."""
        got = self.positions
        width = len(values)

        def value(role: str) -> Any:
            index = got.get(role)
            return values[index] if index is not None and index < width else None

        text = _clean(value("text"))
        if text is None:
            log.skip(where, "empty text")
            return None
        if len(text) > limits().text_chars:
            log.skip(where, f"text longer than {limits().text_chars:,} characters (text_chars)")
            return None
        try:
            date = parse_date(value("date"))
        except (ValueError, TypeError):
            log.skip(where, "bad date", f"{str(value('date'))[:40]!r} is not a date such as 2026-03-31")
            return None
        readable, rating = parse_rating(value("rating"))
        if not readable:
            log.skip(where, "bad rating", f"{str(value('rating'))[:40]!r} is not a number")
            return None
        log.read += 1
        return Comment(
            row=row,
            text=text,
            id=_clean(value("id")),
            date=date,
            segment=_clean(value("segment")),
            rating=rating,
            channel=_clean(value("channel")),
            element=_clean(value("element")),
            source=self.source,
            line=line,
        )


def batches(comments: Iterable[Comment | None], size: int) -> Iterator[list[Comment]]:
    """The comments read, row after row (None: a row skipped), in lists of at most ``size``; none empty."""
    found: list[Comment] = []
    for comment in comments:
        if comment is not None:
            found.append(comment)
            if len(found) >= size:
                yield found
                found = []
    if found:
        yield found
