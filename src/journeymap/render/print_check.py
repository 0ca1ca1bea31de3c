"""Before a map is printed: how big its text comes out on the chosen paper, and when that is under
:data:`~journeymap.render.rows.READABLE_PT` points, what would make it readable — the steps fitted by rows on
the same paper, or the smallest larger paper. The studio asks this before its export menu offers a PDF; the
sizes come from :func:`journeymap.render.paper.printed_text`, the function behind ``render --paper``'s warning.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Map
from .paper import PAPER_MM, printed_text
from .printable import fits_rows
from .registry import RenderContext
from .rows import READABLE_PT

__all__ = ["PRINTED_FORMATS", "PrintCheck", "print_check"]

PRINTED_FORMATS = ("pdf",)
"""The formats printed on a paper size (their ``paper`` option)."""


@dataclass(frozen=True)
class PrintCheck:
    """How big a map's text comes out on ``paper`` (None: no paper chosen, nothing to check), and what fixes it."""

    paper: str | None = None
    card_pt: float | None = None
    smallest_pt: float | None = None
    fit_rows_pt: float | None = None
    """The cards' text (pt) with the steps fitted by rows on the same paper, untiled: when that is offered."""
    larger_paper: str | None = None
    """The smallest larger paper on which the cards' text is readable, as the map is now drawn."""

    @property
    def small(self) -> bool:
        """The cards' text comes out under :data:`READABLE_PT` points."""
        return self.card_pt is not None and self.card_pt < READABLE_PT

    @property
    def message(self) -> str | None:
        """The warning, in words (None when the text is readable)."""
        if not self.small or self.card_pt is None or self.smallest_pt is None:
            return None
        return (
            f"On {self.paper} the cards' text prints at {self.card_pt:.1f} pt and the smallest text at "
            f"{self.smallest_pt:.1f} pt: text under {READABLE_PT:g} pt is hard to read."
        )


def _with(context: RenderContext, **options: str) -> RenderContext:
    merged = {**context.options, **options}
    return replace(context, options={k: v for k, v in merged.items() if v})


def print_check(m: Map, context: RenderContext, format: str) -> PrintCheck:
    """How big ``m``'s text prints in ``format`` with the options of ``context``, and what would make it readable
    (computed only when it is too small)."""
    if format not in PRINTED_FORMATS:
        return PrintCheck()
    text = printed_text(m, context)
    if text is None:
        return PrintCheck()
    check = PrintCheck(text.paper, text.card_pt, text.smallest_pt)
    if text.readable:
        return check
    fit_rows_pt = None
    if m.type.is_timeline and (not fits_rows(m, context) or context.options.get("tile")):
        wrapped = printed_text(m, _with(context, fit="rows", tile=""))
        fit_rows_pt = wrapped.card_pt if wrapped is not None else None
    larger = None
    papers = list(PAPER_MM)  # largest first: A0 … A4
    for name in reversed(papers[: papers.index(text.paper)] if text.paper in papers else []):
        bigger = printed_text(m, _with(context, paper=name))
        if bigger is not None and bigger.readable:
            larger = name
            break
    return replace(check, fit_rows_pt=fit_rows_pt, larger_paper=larger)
