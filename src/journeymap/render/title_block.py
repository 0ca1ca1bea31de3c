"""The title block of the ecosystem map and the mental model diagram: the shared map header (title, type, state,
persona, scope, description) with a thin rule under it."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Map
from .header import header_lines
from .network.parts import MARGIN
from .registry import RenderContext
from .svg import element, num

__all__ = ["PAGE_MARGIN", "TitleBlock", "title_block"]

PAGE_MARGIN = MARGIN


@dataclass(frozen=True)
class TitleBlock:
    """The markup of a title block and the height it takes from the top of the page."""

    markup: str
    height: float


def title_block(m: Map, context: RenderContext, width: float) -> TitleBlock:
    """The shared map header (title, type, state, persona, scope, description) under which a thin rule runs."""
    header = header_lines(m, context, width - 2 * PAGE_MARGIN)
    y = PAGE_MARGIN + header.height + 4
    ends = {"x1": num(PAGE_MARGIN), "y1": num(y), "x2": num(width - PAGE_MARGIN), "y2": num(y)}
    rule = element("line", {**ends, "class": "jm-rule"})
    return TitleBlock(element("g", {"class": "jm-title-block"}, [header.draw(PAGE_MARGIN, PAGE_MARGIN), rule]), y + 12)
