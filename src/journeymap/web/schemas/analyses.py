"""The answer of ``GET /api/maps/{mid}/analyses``: which analyses the studio can draw for a map now, and what the map
lacks for the others (the Evidence panel asks this before it asks for any drawing)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["AnalysisAvailabilityPublic", "MapAnalysesPublic"]


class AnalysisAvailabilityPublic(BaseModel):
    """One analysis the studio draws, and whether it can draw it for this map now."""

    name: str = Field(examples=["ipa"])
    label: str = Field(examples=["Importance–performance"])
    description: str
    studio: Literal["svg", "html"] = Field(
        description="how the studio draws it at /api/maps/{mid}/analysis/{name}: an SVG picture or an HTML page"
    )
    available: bool = Field(description="the map has what the analysis needs: asking for the drawing answers it")
    hint: str | None = Field(
        None,
        description="when it is not available: what to add to the map or its evidence (null when available)",
        examples=["upload an event log, or list one for this map in the workspace's evidence"],
    )


class MapAnalysesPublic(BaseModel):
    """The analyses the studio draws, in menu order, each with whether this map can have it drawn now."""

    map_id: int
    analyses: list[AnalysisAvailabilityPublic]
