"""Which drawing each family of map types gets, in every format: the one place renderers dispatch on a map's kind.

A map type's family comes from the table of map types (:mod:`journeymap.map_types`). A new map type of an
existing family needs nothing here; a new family needs one :class:`FamilyDrawings` row in :data:`FAMILIES`.

Each entry names its function as ``module:function`` (relative to :mod:`journeymap.render`) and is imported only
when a map of the family is drawn in that format, so rendering an SVG does not import the office libraries'
helpers, and no shared module imports a format module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ..errors import JourneymapError
from ..map_types import Family
from ..model import Map
from .registry import RenderContext

if TYPE_CHECKING:
    from .visio.shapes import Drawing

__all__ = ["FAMILIES", "FamilyDrawings", "Lazy", "drawings_for"]

T = TypeVar("T")


@dataclass(frozen=True)
class Lazy(Generic[T]):
    """A function named ``module:function`` (the module relative to :mod:`journeymap.render`), imported on call."""

    path: str

    def __call__(self) -> T:
        module, _, name = self.path.partition(":")
        return cast(T, getattr(importlib.import_module(module, __package__), name))


@dataclass(frozen=True)
class FamilyDrawings:
    """How one family of map types is drawn in each format."""

    svg: Lazy[Callable[[Map, RenderContext], str]]
    """The picture (SVG, and through it HTML, PNG and PDF)."""
    markdown: Lazy[Callable[[Map, RenderContext], Iterable[str]]]
    """The lines of the Markdown body below the map's header."""
    slides: Lazy[Callable[[Any, Map, RenderContext], None]]
    """Adds the map's slides to a python-pptx deck."""
    visio: Lazy[Callable[[Map, RenderContext], Drawing]]
    """The shapes of the Visio page."""
    sheets: Lazy[Callable[[Any, Map, RenderContext, str], None]]
    """Adds the map's own sheets (names after a prefix) to an openpyxl workbook."""
    summary: Lazy[Callable[[Any, Map, RenderContext], None]]
    """Writes the map's body below its header on one sheet of a workspace workbook."""


FAMILIES: Mapping[Family, FamilyDrawings] = MappingProxyType(
    {
        "timeline": FamilyDrawings(
            svg=Lazy(".svg_timeline:render_timeline_svg"),
            markdown=Lazy(".markdown:timeline_lines"),
            slides=Lazy(".slides.stages:timeline_slides"),
            visio=Lazy(".visio.maps:timeline_drawing"),
            sheets=Lazy(".xlsx:timeline_sheets"),
            summary=Lazy(".xlsx:timeline_summary"),
        ),
        "network": FamilyDrawings(
            svg=Lazy(".svg_network:render_ecosystem_svg"),
            markdown=Lazy(".markdown:network_lines"),
            slides=Lazy(".slides.diagrams:ecosystem_slide"),
            visio=Lazy(".visio.maps:network_drawing"),
            sheets=Lazy(".xlsx:network_sheets"),
            summary=Lazy(".xlsx:network_summary"),
        ),
        "mental-model": FamilyDrawings(
            svg=Lazy(".svg_mental:render_mental_model_svg"),
            markdown=Lazy(".markdown:mental_lines"),
            slides=Lazy(".slides.diagrams:mental_slide"),
            visio=Lazy(".visio.maps:mental_drawing"),
            sheets=Lazy(".xlsx:mental_sheets"),
            summary=Lazy(".xlsx:mental_summary"),
        ),
    }
)
"""Every family's drawings, by family name."""


def drawings_for(m: Map) -> FamilyDrawings:
    """The drawings of ``m``'s family; a :class:`~journeymap.errors.JourneymapError` for a family with none."""
    family = m.type.family
    drawings = FAMILIES.get(family)
    if drawings is None:
        raise JourneymapError(
            f"no drawing for maps of the {family!r} family ({m.type.label}); known: {', '.join(FAMILIES)}"
        )
    return drawings
