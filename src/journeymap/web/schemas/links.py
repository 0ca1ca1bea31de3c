"""The answer of ``GET /api/maps/{mid}/links``: the map's place among the workspace's journeys (the breadcrumb of
its parents, its children, the sub-journeys its steps open) and the maps a step may open."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["LinkedMapPublic", "MapLinksPublic", "StepLinkPublic"]


class LinkedMapPublic(BaseModel):
    """A map of the workspace."""

    map_id: int = Field(description="the studio's id of the map (/m/{map_id})")
    ref: str = Field(
        description="the map's own id, the one `sub_journey` and `parent` name", examples=["home-loan-as-is"]
    )
    title: str
    step_id: str | None = Field(
        None,
        description="in `parents`: the step of this map that opens the next map of the chain; in `children`: the "
        "step of the current map that opens this one (null when the link is the child's `parent`)",
    )
    step_name: str | None = None


class StepLinkPublic(BaseModel):
    """A step of the map that opens a sub-journey."""

    step_id: str
    step_name: str
    ref: str = Field(description="the id of the map it opens, as the step names it")
    map_id: int | None = Field(description="the studio's id of that map (null: no map of the workspace has the id)")
    title: str | None = Field(description="that map's title (null when it is missing)")


class MapLinksPublic(BaseModel):
    """A map among the workspace's journeys (docs/portfolio.md: the parent of a map is its `parent`, else the first
    map whose step opens it)."""

    map_id: int
    ref: str = Field(description="the map's own id (empty when the map cannot be read)")
    title: str
    parents: list[LinkedMapPublic] = Field(description="the chain of parents, the root first (the breadcrumb)")
    children: list[LinkedMapPublic] = Field(description="the maps whose parent is this map")
    steps: list[StepLinkPublic] = Field(description="the steps of this map that open a sub-journey")
    maps: list[LinkedMapPublic] = Field(description="every map of the workspace (what a step may open)")
