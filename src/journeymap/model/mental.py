"""The mental model diagram: towers of customer behaviour above the line, supports below it.

Mental spaces group towers; each tower gathers the boxes (thoughts, reactions, guiding principles) of one
intent. Supports are what the organisation offers, aligned under the towers they serve; a tower with no
support shows a gap.
"""

from __future__ import annotations

from pydantic import Field

from .base import Element, Id, Text

__all__ = ["MentalSpace", "Support", "Tower", "TowerBox"]


class TowerBox(Element):
    """One thought, reaction or guiding principle inside a tower."""

    text: Text = Field(min_length=1)


class Tower(Element):
    """A group of boxes sharing one intent."""

    name: Text = Field(min_length=1)
    boxes: list[TowerBox] = Field(default_factory=list)


class MentalSpace(Element):
    """A group of towers (above the line)."""

    name: Text = Field(min_length=1)
    towers: list[Tower] = Field(default_factory=list)


class Support(Element):
    """A product feature, service or content that supports towers (below the line)."""

    text: Text = Field(min_length=1)
    towers: list[Id] = Field(default_factory=list, description="Ids of the towers it supports.")
