"""A workspace: personas, maps and the settings they share."""

from __future__ import annotations

from pydantic import Field

from .base import Colour, Id, Record, Text
from .diagnostic import DiagnosticRule, FiveCs
from .journey_map import FORMAT_VERSION, Map
from .persona import Persona

__all__ = [
    "DEFAULT_VMPI_BANDS",
    "EvidenceSource",
    "SurveySource",
    "VmpiBand",
    "Workspace",
    "WorkspaceSettings",
]


class VmpiBand(Record):
    """A VMPI colour band: values from ``min`` (percent, inclusive) up to the next band's ``min``."""

    min: float = Field(ge=0, description="Lowest VMPI of the band, in percent.")
    label: Text = Field(min_length=1)
    colour: Colour


DEFAULT_VMPI_BANDS: tuple[VmpiBand, ...] = (
    VmpiBand(min=0, label="Below expectation", colour="#e8a0a0"),
    VmpiBand(min=80, label="Near expectation", colour="#f3d58a"),
    VmpiBand(min=100, label="Meets or exceeds expectation", colour="#9fd3a8"),
)
"""Default bands: VMPI < 80 % below, 80 % ≤ VMPI < 100 % near, VMPI ≥ 100 % meets or exceeds."""


class SurveySource(Record):
    """A survey file of the workspace, with the mapping file that says how it is laid out."""

    file: Text = Field(min_length=1, description="Path of the survey (CSV, XLSX, Parquet), relative to the workspace.")
    mapping: Text = Field("", description="Path of its mapping file (see docs/evidence.md), relative to the workspace.")


class EvidenceSource(Record):
    """The evidence behind one map: ``journeymap build`` writes an evidence report for it."""

    map: Id = Field(description="Id of the map.")
    surveys: list[SurveySource] = Field(default_factory=list)
    events: Text = Field("", description="Path of an event log (CSV, Parquet, XES), relative to the workspace.")


class WorkspaceSettings(Record):
    """Settings a workspace can change."""

    vmpi_bands: list[VmpiBand] = Field(default_factory=lambda: list(DEFAULT_VMPI_BANDS))
    diagnostic_rule: DiagnosticRule = Field(default_factory=DiagnosticRule)
    stale_after_days: int = Field(
        180, ge=1, description="A measured value older than this many days is stale (lint, report, studio)."
    )


class Workspace(Record):
    """Personas, maps and settings; on disk a folder with ``journeymap.yaml``."""

    journeymap: int = Field(FORMAT_VERSION, description="Version of the file format.")
    name: Text = Field(min_length=1)
    description: Text = ""
    settings: WorkspaceSettings = Field(default_factory=WorkspaceSettings)
    diagnostic: FiveCs | None = Field(None, description="The 5Cs diagnostic of the experience (go / no-go).")
    evidence: list[EvidenceSource] = Field(default_factory=list, description="Evidence files behind the maps.")
    personas: list[Persona] = Field(default_factory=list)
    maps: list[Map] = Field(default_factory=list)

    def persona(self, persona_id: str) -> Persona | None:
        return next((p for p in self.personas if p.id == persona_id), None)

    def map(self, map_id: str) -> Map | None:
        return next((m for m in self.maps if m.id == map_id), None)
