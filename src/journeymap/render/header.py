"""The header block of a map picture: title, type and state, persona, scope, description and legend lines.

Shared by every SVG so a map is always introduced the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.value_moments import map_vmpi, vmpi_band
from ..model import Map
from .freshness_badges import map_freshness
from .persona_card import PersonaCard, persona_card
from .registry import RenderContext
from .svg import element, text_block
from .text import wrap

__all__ = ["Header", "header_lines"]

TITLE_SIZE = 22.0
TITLE_LINE_H = 27.0
BODY_SIZE = 12.0
BODY_LINE_H = 16.0
CARD_GAP = 12.0


@dataclass(frozen=True)
class Header:
    title: tuple[str, ...]
    body: tuple[str, ...]
    card: PersonaCard | None = None
    """The card of the map's persona, under the text (see :mod:`.persona_card`)."""

    @property
    def text_height(self) -> float:
        return len(self.title) * TITLE_LINE_H + len(self.body) * BODY_LINE_H + 14

    @property
    def height(self) -> float:
        return self.text_height + (self.card.height + CARD_GAP if self.card is not None else 0.0)

    def draw(self, x: float, y: float) -> str:
        title = text_block(list(self.title), x, y + 20, size=TITLE_SIZE, line_height=TITLE_LINE_H, bold=True)
        body_y = y + len(self.title) * TITLE_LINE_H + 12
        body = text_block(list(self.body), x, body_y, size=BODY_SIZE, line_height=BODY_LINE_H, css_class="jm-muted")
        card = [self.card.draw(x, y + self.text_height)] if self.card is not None else []
        return element("g", {"class": "jm-header"}, [title, body, *card])


def subtitle(m: Map, context: RenderContext) -> str:
    parts = [m.type.label, m.state.value]
    if m.derived_from:
        parts.append(f"derived from {m.derived_from}")
    persona = context.persona(m)
    if persona is not None:
        parts.append(f"persona: {persona.name}" + (f" ({persona.segment})" if persona.segment else ""))
    elif m.persona:
        parts.append(f"persona: {m.persona}")
    return " · ".join(parts)


def header_lines(m: Map, context: RenderContext, width: float) -> Header:
    """The header of ``m`` wrapped to ``width`` px."""
    body = [subtitle(m, context)]
    scope = m.scope
    if scope.point_of_view:
        body.append(f"Point of view: {scope.point_of_view}")
    if scope.purpose:
        body.append(f"Purpose: {scope.purpose}")
    if scope.start or scope.end:
        body.append(f"Scope: from “{scope.start or '?'}” to “{scope.end or '?'}”")
    if m.description:
        body.append(m.description)
    if m.type.spec.vmpi_planner and m.value_moments:
        value = map_vmpi(m.value_moments)
        if value is not None:
            band = vmpi_band(value, context.vmpi_bands)
            body.append(f"Map VMPI (weighted): {value:.0f} % — {band.label}")
    freshness = map_freshness(m, context)
    if freshness is not None:
        body.append(freshness.summary(named=True))
    wrapped = tuple(line for text in body for line in wrap(text, width, BODY_SIZE))
    card = persona_card(m, context, width)
    return Header(tuple(wrap(m.title, width, TITLE_SIZE, bold=True)), wrapped, card)
