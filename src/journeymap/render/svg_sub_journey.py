"""The ``↳ sub-journey: <title>`` line under a step's header in SVG (see :mod:`.sub_journeys`): a link to the other
map's page on a site."""

from __future__ import annotations

from .layout import CELL_PAD, META_FONT, META_LINE_H, ColumnBox
from .sub_journeys import LINK_COLOUR
from .svg import element, text_block

__all__ = ["draw_sub_journey"]


def draw_sub_journey(col: ColumnBox, y: float) -> str:
    """The step's sub-journey line(s) with their first baseline at ``y``."""
    text = text_block(
        list(col.sub_lines), col.x + CELL_PAD, y, size=META_FONT, line_height=META_LINE_H, fill=LINK_COLOUR,
        css_class="jm-sub-journey",
    )  # fmt: skip
    attrs = {"class": "jm-sub-journey-link", "data-sub-journey": col.step.sub_journey or ""}
    if col.sub_href is None:
        return element("g", attrs, text)
    return element("a", {**attrs, "href": col.sub_href}, [element("title", None, "Open the sub-journey"), text])
