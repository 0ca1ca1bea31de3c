"""The 5Cs diagnostic: should a team map this experience at all (go / no-go)?

Each criterion — changeable, challenged, complex, climactic, costly — is rated 1 (not at all) to 5 (very
much) with a note. The rule that turns the ratings into a recommendation lives in
``journeymap.analysis.diagnose`` and its thresholds in :class:`DiagnosticRule` (a workspace can change them).
"""

from __future__ import annotations

from pydantic import Field

from .base import Record, Text

__all__ = ["CRITERIA", "Criterion", "DiagnosticRule", "FiveCs"]

CRITERIA = ("changeable", "challenged", "complex", "climactic", "costly")


class Criterion(Record):
    """One of the five Cs: a rating and why."""

    rating: int = Field(ge=1, le=5, description="1 not at all … 5 very much.")
    note: Text = Field("", description="The evidence or reasoning behind the rating.")


class FiveCs(Record):
    """The five ratings of a 5Cs diagnostic."""

    changeable: Criterion = Field(description="Relationships and the customer experience are changing over time.")
    challenged: Criterion = Field(description="High dissatisfaction where expectations are high.")
    complex: Criterion = Field(description="Many customer groups, contacts, channels; crosses departments.")
    climactic: Criterion = Field(description="Life-or-death issues, emotions run high, people vulnerable or at risk.")
    costly: Criterion = Field(description="High cost of service, of things going wrong, of waste.")


class DiagnosticRule(Record):
    """When the 5Cs say "go": enough strong criteria, or a high total, or one decisive criterion."""

    strong_rating: int = Field(4, ge=1, le=5, description="A criterion rated at least this counts as strong.")
    min_strong: int = Field(2, ge=0, le=5, description="Go when at least this many criteria are strong …")
    min_total: int = Field(16, ge=5, le=25, description="… or when the five ratings add up to at least this …")
    decisive: list[str] = Field(
        default_factory=lambda: ["climactic"],
        description="… or when one of these criteria is rated 5 (people at risk justify mapping on their own).",
    )
