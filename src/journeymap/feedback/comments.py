"""One comment of free-text feedback, read from a file, ready to classify and measure."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

__all__ = ["Comment"]


@dataclass(frozen=True, slots=True)
class Comment:
    """A unit of feedback and where it came from.

    ``row`` is the 1-based data row of a table (the header is not counted); for interview
    notes it is the unit number within the file. ``line`` is the file line of a CSV row,
    so a warning or a quote can point at ``file.csv:LINE``. ``unit`` names the unit of a
    note ("paragraph 3", "turn 7"). ``element`` is a step or touchpoint id that the input's
    own column already names.
    """

    row: int
    text: str
    id: str | None = None
    date: datetime.date | None = None
    segment: str | None = None
    rating: float | None = None
    channel: str | None = None
    element: str | None = None
    source: str = ""
    line: int | None = None
    unit: str | None = None
    speaker: str | None = None

    @property
    def location(self) -> str:
        """``file.csv:LINE`` when the line is known, else ``file:row N`` or ``file (unit)``."""
        if self.line is not None:
            return f"{self.source}:{self.line}"
        if self.unit is not None:
            return f"{self.source} ({self.unit})"
        return f"{self.source}:row {self.row}"
