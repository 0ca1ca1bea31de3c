"""How every format shows a step that opens a sub-journey (``Step.sub_journey``, another map of the workspace), and
the breadcrumb of a map's parents on a site's pages.

The mark is one line under the step's header, ``↳ sub-journey: <title of the other map>`` (its id when the map is
not among the context's maps). On a site (``context.options["links"] == "site"``, set by ``journeymap site``)
SVG and HTML pages link it to the other map's page, ``<id>.html`` in the same folder.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Map, Step
from ..model.links import ancestors
from .registry import RenderContext

__all__ = [
    "LINK_COLOUR",
    "SITE_LINKS",
    "breadcrumb",
    "map_href",
    "sub_journey_href",
    "sub_journey_md",
    "sub_journey_text",
    "sub_journey_title",
]

SITE_LINKS = "site"
"""``context.options["links"]`` on a site: the pages of the maps sit side by side as ``<id>.html``."""

MARK = "↳ sub-journey: "

LINK_COLOUR = "#1d4e89"
"""The colour of the mark in every format: the blue of links and headings (amber is for moments of truth)."""


def sub_journey_title(step: Step, context: RenderContext) -> str | None:
    """The title of the map ``step`` opens (its id when that map is unknown), or None when it opens none."""
    if not step.sub_journey:
        return None
    found = next((m for m in context.maps if m.id == step.sub_journey), None)
    return found.title if found is not None else step.sub_journey


def sub_journey_text(step: Step, context: RenderContext) -> str | None:
    """``↳ sub-journey: <title>``, or None when the step opens no sub-journey."""
    title = sub_journey_title(step, context)
    return None if title is None else MARK + title


def map_href(map_id: str, context: RenderContext) -> str | None:
    """The address of a map's page on a site, or None outside a site."""
    return f"{map_id}.html" if context.options.get("links") == SITE_LINKS else None


def sub_journey_href(step: Step, context: RenderContext) -> str | None:
    """The address of the page of the map ``step`` opens on a site (only a map of the site has one)."""
    if not step.sub_journey or not any(m.id == step.sub_journey for m in context.maps):
        return None
    return map_href(step.sub_journey, context)


def breadcrumb(m: Map, context: RenderContext) -> list[tuple[str, str]]:
    """(id, title) of the maps above ``m``, the root first (empty for a map without a parent)."""
    return [(a.id, a.title) for a in ancestors(m, context.maps)]


def sub_journey_md(step: Step, context: RenderContext, escape: Callable[[str], str]) -> str:
    """The mark for a Markdown table's step header (after a ``<br>``; a link to ``<id>.md`` on a site), or ``""``."""
    title = sub_journey_title(step, context)
    if title is None:
        return ""
    shown = escape(title)
    if sub_journey_href(step, context) is not None:
        shown = f"[{shown}]({step.sub_journey}.md)"
    return f"<br>{escape(MARK.strip())} {shown}"
