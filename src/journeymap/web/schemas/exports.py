"""The answer of ``GET /api/maps/{mid}/export/check``: how big a map's text comes out on the paper chosen in the
export menu, and what would make it readable (:func:`journeymap.render.print_check.print_check`, the same sizes as
``journeymap render --paper`` warns about)."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["PrintCheckPublic"]


class PrintCheckPublic(BaseModel):
    """How big the map's text prints in a format with the options asked; ``small`` when under ``readable_pt``."""

    format: str = Field(examples=["pdf"])
    paper: str | None = Field(None, description="the paper the text is measured on; null: no paper, nothing to check")
    card_pt: float | None = Field(None, description="the cards' text on paper (pt)", examples=[2.8])
    smallest_pt: float | None = Field(None, description="the smallest text on paper (pt)", examples=[2.1])
    readable_pt: float = Field(description="text under this size (pt) is hard to read", examples=[7.0])
    small: bool = Field(description="the cards' text comes out under readable_pt: the export menu warns")
    message: str | None = Field(
        None,
        description="the warning in words (null when the text is readable)",
        examples=[
            "On A4 the cards' text prints at 2.8 pt and the smallest text at 2.1 pt: text under 7 pt is hard to read."
        ],
    )
    fit_rows_pt: float | None = Field(
        None,
        description="the cards' text (pt) when the steps are fitted by rows (fit=rows, untiled) on the same paper; "
        "null when that is not offered (not too small, not a timeline map, or already fitted by rows)",
        examples=[9.0],
    )
    larger_paper: str | None = Field(
        None,
        description="the smallest larger paper on which the cards' text is readable (null: none, or not too small)",
        examples=["A1"],
    )
