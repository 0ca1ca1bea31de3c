"""A workspace: personas, maps and the settings they share."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from .base import Colour, Id, Record, Text
from .diagnostic import DiagnosticRule, FiveCs
from .initiative import Initiative
from .journey_map import FORMAT_VERSION, Map
from .persona import Persona

__all__ = [
    "DEFAULT_VMPI_BANDS",
    "DataSource",
    "DataSourceKind",
    "EvidenceSource",
    "RefreshSettings",
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


DataSourceKind = Literal["file", "duckdb", "postgres", "spark"]


class DataSource(Record):
    """A named evidence source that ``journeymap refresh`` reads again each time (see docs/refresh.md): files or a
    glob, a table or query of a DuckDB file or of a PostgreSQL server, or files read by Spark."""

    name: Id = Field(description="Name of the source (what measured values record as their source).")
    kind: DataSourceKind = Field("file", description="file, duckdb, postgres or spark.")
    path: Text = Field(
        "", description="file and spark: a file or a glob (CSV, XLSX, Parquet); duckdb: the database file."
    )
    url: Text = Field("", description="postgres: a postgresql:// URL without a password (see url_env).")
    url_env: Text = Field("", description="postgres: the environment variable that holds the URL (with a password).")
    table: Text = Field("", description="duckdb and postgres: the table (or schema.table) to read.")
    query: Text = Field("", description="duckdb and postgres: a SELECT to read (run read-only), instead of a table.")
    mapping: Text = Field("", description="Path of the survey's mapping file (see docs/evidence.md).")
    master: Text = Field("", description="spark: the Spark master URL (default local[2]).")

    @field_validator("url")
    @classmethod
    def _no_password(cls, url: str) -> str:
        if url and urlsplit(url).password:
            raise ValueError("the URL holds a password: put the URL in an environment variable and name it in url_env")
        return url

    @model_validator(mode="after")
    def _fields_of_kind(self) -> DataSource:
        given = {name for name in ("path", "url", "url_env", "table", "query", "master") if getattr(self, name)}
        allowed = _SOURCE_FIELDS[self.kind]
        if given - allowed:
            raise ValueError(f"a {self.kind} source takes no {', '.join(sorted(given - allowed))}")
        if self.kind in ("file", "duckdb", "spark") and not self.path:
            raise ValueError(f"a {self.kind} source needs a path")
        if self.kind == "postgres" and len(given & {"url", "url_env"}) != 1:
            raise ValueError("a postgres source needs one of url and url_env")
        if self.kind in ("duckdb", "postgres") and len(given & {"table", "query"}) != 1:
            raise ValueError(f"a {self.kind} source needs one of table and query")
        return self

    @property
    def read_with(self) -> str:
        """What the source reads: the query, the table or the file pattern (recorded beside measured values)."""
        return self.query or self.table or self.path


_SOURCE_FIELDS: dict[str, set[str]] = {
    "file": {"path"},
    "duckdb": {"path", "table", "query"},
    "postgres": {"url", "url_env", "table", "query"},
    "spark": {"path", "master"},
}


class EvidenceSource(Record):
    """The evidence behind one map: ``journeymap build`` writes an evidence report for it, and ``journeymap
    refresh`` measures it again from its ``sources``."""

    map: Id = Field(description="Id of the map.")
    surveys: list[SurveySource] = Field(default_factory=list)
    events: Text = Field("", description="Path of an event log (CSV, Parquet, XES), relative to the workspace.")
    sources: list[Id] = Field(
        default_factory=list,
        description="Names of the workspace's sources (under sources:) that journeymap refresh measures the map "
        "from, in order.",
    )


class RefreshSettings(Record):
    """How often the studio refreshes the maps from their sources by itself."""

    every_hours: float | None = Field(
        None, gt=0, description="Refresh every map with sources this often (hours); never when absent."
    )


class WorkspaceSettings(Record):
    """Settings a workspace can change."""

    vmpi_bands: list[VmpiBand] = Field(default_factory=lambda: list(DEFAULT_VMPI_BANDS))
    diagnostic_rule: DiagnosticRule = Field(default_factory=DiagnosticRule)
    stale_after_days: int = Field(
        180, ge=1, description="A measured value older than this many days is stale (lint, report, studio)."
    )
    refresh: RefreshSettings = Field(default_factory=RefreshSettings)
    review_every_days: int = Field(
        180, ge=1, description="A map not reviewed for this many days is due for review (health, portfolio)."
    )
    action_mood: Literal["any", "imperative"] = Field(
        "any",
        description="Which verb forms lint accepts at the start of an action (JL101): any — 'Compare three sites' "
        "or 'Compares three sites'; imperative — only 'Compare three sites'.",
    )


class Workspace(Record):
    """Personas, maps and settings; on disk a folder with ``journeymap.yaml``."""

    journeymap: int = Field(FORMAT_VERSION, description="Version of the file format.")
    name: Text = Field(min_length=1)
    description: Text = ""
    settings: WorkspaceSettings = Field(default_factory=WorkspaceSettings)
    diagnostic: FiveCs | None = Field(None, description="The 5Cs diagnostic of the experience (go / no-go).")
    sources: list[DataSource] = Field(
        default_factory=list, description="Evidence sources journeymap refresh reads (files, DuckDB, PostgreSQL…)."
    )
    evidence: list[EvidenceSource] = Field(default_factory=list, description="Evidence files behind the maps.")
    initiatives: list[Initiative] = Field(
        default_factory=list,
        description="Initiatives walking the method from strategy to tested options (docs/method.md).",
    )
    personas: list[Persona] = Field(default_factory=list)
    maps: list[Map] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sources_named(self) -> Workspace:
        names = [s.name for s in self.sources]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"sources: the name {twice[0]!r} is used twice")
        for entry in self.evidence:
            unknown = [n for n in entry.sources if n not in names]
            if unknown:
                listed = ", ".join(names) or "none declared"
                raise ValueError(f"evidence › {entry.map}: unknown source {unknown[0]!r} (sources: {listed})")
        ids = [i.id for i in self.initiatives]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"initiatives: the id {twice[0]!r} is used twice")
        return self

    def initiative(self, initiative_id: str) -> Initiative | None:
        return next((i for i in self.initiatives if i.id == initiative_id), None)

    def source(self, name: str) -> DataSource | None:
        return next((s for s in self.sources if s.name == name), None)

    def persona(self, persona_id: str) -> Persona | None:
        return next((p for p in self.personas if p.id == persona_id), None)

    def map(self, map_id: str) -> Map | None:
        return next((m for m in self.maps if m.id == map_id), None)
