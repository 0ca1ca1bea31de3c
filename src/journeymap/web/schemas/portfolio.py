"""The answers of the portfolio routes: the shapes of :mod:`journeymap.analysis.portfolio`'s ``to_dict()`` (the JSON
``journeymap portfolio --format json`` prints), with the store ids the studio links to."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "BoardCardPublic",
    "BoardPublic",
    "HealthPartPublic",
    "JourneyPublic",
    "OpportunityPatch",
    "OpportunityPublic",
    "PortfolioPublic",
    "SearchHitPublic",
    "StudioWorkspacePublic",
]

Status = Literal["idea", "testing", "validated", "rejected", "delivered"]


class HealthPartPublic(BaseModel):
    name: str = Field(examples=["evidence"])
    label: str = Field(examples=["Evidence coverage"])
    value: float | int | None
    score: float = Field(description="0–100")
    weight: float = Field(description="its share of the total (0–1)")
    why: str = Field(description="the score in words")


class JourneyPublic(BaseModel):
    workspace: str
    id: str
    title: str
    type: str
    type_label: str
    state: str
    owner: str
    status: str
    reviewed_on: str | None
    persona: str | None
    persona_name: str
    parent: str | None
    sub_journeys: list[str]
    tags: list[str]
    stages: int
    steps: int
    opportunities: int
    health: float | None = Field(description="0–100, the weighted mean of the parts")
    health_parts: list[HealthPartPublic]


class TreeNodePublic(BaseModel):
    id: str
    title: str
    status: str
    health: float | None
    via_step: str | None = Field(description="the step of the parent that opens this journey")
    children: list[TreeNodePublic]


class TreePublic(BaseModel):
    workspace: str
    roots: list[TreeNodePublic]


class HeatCellPublic(BaseModel):
    stage: str
    value: float | None
    n: int
    band: str
    colour: str


class HeatRowPublic(BaseModel):
    workspace: str
    map_id: str
    title: str
    measure: Literal["emotion", "vmpi"]
    cells: list[HeatCellPublic]


class PersonaJourneyPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    map: str
    title: str
    how: str = Field(alias="as", description="persona, defined, actor or emotions")


class PersonaEntryPublic(BaseModel):
    workspace: str
    id: str
    name: str
    kind: str
    segment: str
    journeys: list[PersonaJourneyPublic]


class BoardStepPublic(BaseModel):
    map_id: str
    step_id: str
    step: str | None = Field(description="the step's name (null when the map has no such step)")


class BoardCardPublic(BaseModel):
    workspace: str
    map_id: str
    map_title: str
    id: str
    text: str
    how_might_we: str
    source: str
    score: float | None
    effort: float | None
    impact: float | None
    value: float | None
    owner: str
    status: Status
    quadrant: Literal["quick-win", "big-bet", "fill-in", "money-pit"] | None
    steps: list[BoardStepPublic]
    hypotheses: int
    maps: list[str]


class BoardPublic(BaseModel):
    sort: str
    statuses: list[str]
    midpoint: float
    opportunities: list[BoardCardPublic]
    counts: dict[str, int]
    quadrants: dict[str, list[str]]


class StudioWorkspacePublic(BaseModel):
    """A workspace of the portfolio in the studio: its store id, and its maps' store ids by map id."""

    id: int
    name: str = Field(description="the workspace's name, as the portfolio names it")
    maps: dict[str, int] = Field(description="map id (of the file format) → the studio's map id")


class PortfolioPublic(BaseModel):
    """The portfolio (``journeymap portfolio --format json``) and where its maps are in the studio."""

    workspaces: list[str]
    generated_on: str
    journeys: list[JourneyPublic]
    tree: list[TreePublic]
    heat_map: list[HeatRowPublic]
    personas: list[PersonaEntryPublic]
    opportunities: BoardPublic
    studio: list[StudioWorkspacePublic] = Field(description="the workspaces, in the order of ``workspaces``")


class SearchHitPublic(BaseModel):
    workspace: str
    map_id: str
    map_title: str
    kind: str
    id: str
    text: str
    where: str
    step: str | None
    studio_map: int | None = Field(description="the studio's id of the map (to open it)")


class OpportunityPatch(BaseModel):
    """What to change of an opportunity (at least one field)."""

    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    owner: str | None = Field(None, max_length=200)
    effort: float | None = Field(None, ge=1, le=10)
    impact: float | None = Field(None, ge=1, le=10)

    @model_validator(mode="after")
    def _something(self) -> OpportunityPatch:
        if not self.model_fields_set:
            raise ValueError("give at least one of status, owner, effort, impact")
        return self


class OpportunityPublic(BaseModel):
    """The opportunity as it is now in the map."""

    map_id: int
    id: str
    text: str
    status: Status
    owner: str
    effort: float | None
    impact: float | None
