"""Refreshing a map's evidence from its workspace's sources: what was read and what changed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from .common import ProblemPublic
from .maps import MapPublic

if TYPE_CHECKING:
    from ...core.refresh import MapRefresh, SourceResult, ValueChange

__all__ = ["RefreshPublic", "SourceReadPublic", "ValueChangePublic"]


class SourceReadPublic(BaseModel):
    """A source read: its name and kind, what it was read with (table, query or file pattern), the rows read."""

    name: str
    kind: str = Field(description="file, duckdb, postgres or spark")
    read_with: str = Field(description="the table, the query or the file pattern")
    rows: int

    @classmethod
    def of(cls, source: SourceResult) -> SourceReadPublic:
        return cls(name=source.name, kind=source.kind, read_with=source.read_with, rows=source.rows)


class ValueChangePublic(BaseModel):
    """A measured value that changed: a step's emotional level, a touchpoint's satisfaction or importance."""

    element: str = Field(description="the id of the step or touchpoint")
    kind: str = Field(description="step or touchpoint")
    field: str = Field(description="emotion, satisfaction or importance")
    old: float | None
    new: float | None
    source: str = Field(description="the source the new value was read from")

    @classmethod
    def of(cls, change: ValueChange) -> ValueChangePublic:
        return cls(
            element=change.element,
            kind=change.kind,
            field=change.field,
            old=change.old,
            new=change.new,
            source=change.source,
        )


class RefreshPublic(BaseModel):
    """The map measured again from its sources: the sources read, the values that changed, the warnings, the
    named version taken, and the map as it is now."""

    measured_on: dt.date
    sources: list[SourceReadPublic]
    changes: list[ValueChangePublic]
    warnings: list[ProblemPublic]
    version: str = Field(description="the name of the version taken after the refresh")
    map: MapPublic

    @classmethod
    def of(cls, refresh: MapRefresh, version: str, view: MapPublic) -> RefreshPublic:
        return cls(
            measured_on=refresh.measured_on,
            sources=[SourceReadPublic.of(s) for s in refresh.sources],
            changes=[ValueChangePublic.of(c) for c in refresh.changes],
            warnings=[ProblemPublic.of(p, None) for p in refresh.warnings],
            version=version,
            map=view,
        )
