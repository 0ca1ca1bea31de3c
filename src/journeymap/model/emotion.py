"""The emotional level of a step: an author's estimate or a value measured from evidence.

Scale: 1 (very negative) to 10 (very positive), the scale of the survey ratings the product collects.
An estimate is drawn dashed with hollow markers; a measured value is drawn solid with its 95 % interval (a value
of one rating has none: it is drawn as a point labelled "n=1, no interval").
Labels round a value once, half up, from its shortest decimal form (:func:`rounded`).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from .base import Record, Text

__all__ = [
    "EMOTION_MAX",
    "EMOTION_MIN",
    "EmotionalLevel",
    "EstimatedEmotion",
    "MeasuredEmotion",
    "rounded",
]

EMOTION_MIN = 1.0
EMOTION_MAX = 10.0

Score = Annotated[float, Field(ge=EMOTION_MIN, le=EMOTION_MAX)]


def rounded(value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, rounded once, half up, from its shortest decimal form: 6.3503 → "6.4",
    6.35 → "6.4" (``f"{6.35:.1f}"`` gives "6.3": the float 6.35 is 6.3499…), 6.25 → "6.3"."""
    return str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


class EstimatedEmotion(Record):
    """The author's estimate of the emotional level, used where no evidence exists."""

    estimate: Score = Field(description="Estimated emotional level, 1 (very negative) to 10 (very positive).")
    note: Text = Field("", description="Why the author thinks so (e.g. workshop consensus).")

    @property
    def value(self) -> float:
        return self.estimate

    @property
    def is_measured(self) -> Literal[False]:
        return False


class MeasuredEmotion(Record):
    """The mean of the 1–10 ratings of a sample, with its size and 95 % confidence interval."""

    mean: Score = Field(description="Mean rating of the sample.")
    n: int = Field(ge=1, description="Sample size (number of ratings).")
    ci95: tuple[Score, Score] | None = Field(
        None, description="95 % confidence interval of the mean, [low, high]; none for a single rating (n = 1)."
    )
    std: float | None = Field(None, ge=0, description="Standard deviation of the ratings.")
    dataset: Text = Field(description="Name of the evidence data set the value was computed from.")
    measured_on: dt.date | None = Field(None, description="Date the value was computed.")
    n_effective: float | None = Field(
        None, ge=0, description="Kish's effective sample size, (Σw)² / Σw², when the ratings are weighted."
    )
    source: Text = Field("", description="Name of the workspace's evidence source the value was refreshed from.")
    query: Text = Field("", description="The table, query or file pattern the value was read with.")

    @model_validator(mode="after")
    def _interval_holds_mean(self) -> MeasuredEmotion:
        if self.ci95 is None:
            return self
        low, high = self.ci95
        if not low <= self.mean <= high:
            raise ValueError(f"ci95 [{low}, {high}] must contain the mean {self.mean}")
        return self

    @property
    def value(self) -> float:
        return self.mean

    @property
    def sample_label(self) -> str:
        """``n=40``; ``n=1, no interval`` for a value without an interval (one rating)."""
        return f"n={self.n}" if self.ci95 is not None else f"n={self.n}, no interval"

    @property
    def is_measured(self) -> Literal[True]:
        return True


def _emotion_kind(data: Any) -> str:
    if isinstance(data, dict):
        return "measured" if "mean" in data else "estimated"
    return "measured" if isinstance(data, MeasuredEmotion) else "estimated"


EmotionalLevel = Annotated[
    Annotated[EstimatedEmotion, Tag("estimated")] | Annotated[MeasuredEmotion, Tag("measured")],
    Discriminator(_emotion_kind),
]
"""Either an :class:`EstimatedEmotion` or a :class:`MeasuredEmotion` (told apart by the ``mean`` key)."""
