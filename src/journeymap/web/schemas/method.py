"""The method page's answers: where each initiative of a workspace stands (the core's
:class:`~journeymap.analysis.method.MethodReport`, as ``journeymap method --format json`` writes it), and the edit
of an initiative written back to the workspace file."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .common import JsonObject

__all__ = [
    "ExperimentOutcomePublic",
    "GatePublic",
    "InitiativeEdit",
    "InitiativeMethodPublic",
    "InitiativeReportPublic",
    "InitiativeSaved",
    "IterationPublic",
    "MethodPublic",
    "OpportunityTakenPublic",
    "StagePublic",
]

State = Literal["done", "in-progress", "not-started"]


class StagePublic(BaseModel):
    number: int
    key: str
    title: str
    state: State
    have: list[str] = Field(description="what the stage has")
    missing: list[str] = Field(description="what is missing to move on (empty: done)")


class GatePublic(BaseModel):
    state: Literal["go", "no-go", "not-rated"]
    reason: str


class IterationPublic(BaseModel):
    number: int
    title: str
    state: State
    covered: int
    total: int
    detail: str


class ExperimentOutcomePublic(BaseModel):
    id: str
    option: str
    hypothesis: str | None
    metric: str
    unit: str
    baseline: float | None
    target: float | None
    result: float | None
    met: bool | None = Field(description="the result reaches the target (null without result, target or hypothesis)")
    decision: str | None


class InitiativeReportPublic(BaseModel):
    """The core's report (``journeymap method --format json``, one initiative)."""

    id: str
    name: str
    owner: str
    current_stage: int | None = Field(description="the first stage not done (null: all eight are)")
    reached_stage: int = Field(description="the furthest stage started (0: none)")
    five_cs: GatePublic
    stages: list[StagePublic]
    iterations: list[IterationPublic]
    experiments: list[ExperimentOutcomePublic]


class OpportunityTakenPublic(BaseModel):
    """An opportunity the initiative takes up, as its map states it."""

    map: str
    opportunity: str
    found: bool = Field(description="the map has it")
    name: str
    how_might_we: str


class InitiativeMethodPublic(BaseModel):
    report: InitiativeReportPublic
    initiative: JsonObject = Field(description="the initiative as the workspace file holds it (the Initiative schema)")
    opportunities: list[OpportunityTakenPublic]


class MethodPublic(BaseModel):
    workspace: str
    version: str = Field(description="the workspace file's version: send it back with an edit")
    initiatives: list[InitiativeMethodPublic]


class InitiativeEdit(BaseModel):
    """An initiative to write, and the version of the workspace file it was edited from."""

    version: str = Field(min_length=1, description="`version` of GET /api/workspaces/{wid}/method")
    initiative: JsonObject = Field(description="the whole initiative (the Initiative schema)")


class InitiativeSaved(BaseModel):
    version: str = Field(description="the workspace file's new version")
    initiative: JsonObject
