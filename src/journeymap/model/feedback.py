"""What free-text feedback says about a step or a touchpoint, measured from comments (``journeymap feedback
measure``): how many comments, the share negative with its 95 % Wilson interval, the top themes and a few
representative quotes, each traceable to its source file and row."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .base import Record, Text

__all__ = ["FeedbackMeasure", "FeedbackQuote", "FeedbackTheme", "Sentiment"]

Sentiment = Literal["negative", "neutral", "positive"]


class FeedbackTheme(Record):
    """A theme of the comments and how many comments carry it."""

    theme: Text = Field(min_length=1)
    count: int = Field(ge=1, description="Number of comments with the theme.")


class FeedbackQuote(Record):
    """A verbatim comment chosen to represent the others, with where it comes from."""

    text: Text = Field(min_length=1)
    source: Text = Field(min_length=1, description="The file the comment was read from.")
    row: int = Field(ge=1, description="Its data row in the file (1 = the first row after the header); for "
                     "interview notes, its unit in the file.")  # fmt: skip
    line: int | None = Field(None, ge=1, description="Its line in the file, when known (CSV, JSON Lines, notes).")
    date: dt.date | None = None
    sentiment: Sentiment
    unit: Text = Field("", description="For interview notes: the unit, e.g. 'turn 7' or 'paragraph 3'.")


class FeedbackMeasure(Record):
    """The comments about one step or touchpoint: count, share negative with its 95 % interval, themes, quotes."""

    comments: int = Field(ge=1, description="Number of comments (n).")
    negative: int = Field(ge=0, description="Number of negative comments.")
    share_negative: float = Field(ge=0, le=1, description="negative / comments.")
    ci95: tuple[float, float] = Field(description="Wilson 95 % interval of the share negative, [low, high].")
    themes: list[FeedbackTheme] = Field(default_factory=list, description="Top themes with their counts.")
    quotes: list[FeedbackQuote] = Field(default_factory=list, description="Representative quotes.")
    dataset: Text = Field(min_length=1, description="Name of the feedback data set.")
    measured_on: dt.date | None = Field(None, description="Date the value was computed.")

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackMeasure:
        if self.negative > self.comments:
            raise ValueError(f"negative ({self.negative}) must not exceed comments ({self.comments})")
        if abs(self.share_negative - self.negative / self.comments) > 0.0005:
            raise ValueError(f"share_negative must be negative / comments ({self.negative}/{self.comments})")
        low, high = self.ci95
        if not (0 <= low <= self.share_negative + 0.0005 <= high + 0.001 and high <= 1):
            raise ValueError(f"ci95 [{low}, {high}] must lie in [0, 1] and contain share_negative")
        return self
