"""Workspaces and the maps listed in them: create, rename, duplicate; settings and personas as documents of the file
format."""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel, Field

from ...store import tables as t
from ..text import NO_NUL
from .common import JsonObject, Timestamp, timestamp

# --- what the routes read -----------------------------------------------------------------------------------------


class WorkspaceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


class WorkspaceUpdate(BaseModel):
    """Rename a workspace."""

    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


class WorkspaceDuplicateCreate(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=300, pattern=NO_NUL)


class MapCreate(BaseModel):
    type: str = Field(description="map type, e.g. customer-journey-map")
    title: str = Field(min_length=1, max_length=500, pattern=NO_NUL)
    template: bool = Field(True, description="start from the starter content of the type")


class MapUpdate(BaseModel):
    """Rename a map (its title, in the live document too)."""

    title: str = Field(min_length=1, max_length=500, pattern=NO_NUL)


class MapDuplicateCreate(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=500, pattern=NO_NUL)


# --- what the routes answer ---------------------------------------------------------------------------------------


class MapSummaryPublic(BaseModel):
    """A map as listed, without its document."""

    id: int
    workspace_id: int
    path: str
    type: str
    title: str
    updated_at: Timestamp

    @classmethod
    def of(cls, row: t.MapRow) -> MapSummaryPublic:
        return cls(
            id=row.id,
            workspace_id=row.workspace_id,
            path=row.path,
            type=row.map_type,
            title=row.title,
            updated_at=timestamp(row.updated_at),
        )


class WorkspaceSummaryPublic(BaseModel):
    """A workspace as listed: its name, how many maps it has, and the caller's role in it."""

    id: int
    slug: str
    name: str
    map_count: int
    role: str | None


class WorkspacePublic(BaseModel):
    """A workspace opened: its settings (``journeymap.yaml``), its maps and personas, the caller's role."""

    id: int
    slug: str
    name: str
    settings: JsonObject = Field(description="journeymap.yaml as data (the Workspace schema)")
    settings_version: str = Field(
        description="the version of journeymap.yaml: send it as If-Match when saving the settings (409 when the "
        "file changed since)"
    )
    maps: list[MapSummaryPublic]
    role: str | None
    personas: list[JsonObject] = Field(description="each persona file as data (the Persona schema)")

    @classmethod
    def of(
        cls,
        row: t.Workspace,
        maps: list[t.MapRow],
        role: str | None,
        personas: list[JsonObject],
        settings_version: str,
    ) -> WorkspacePublic:
        return cls(
            id=row.id,
            slug=row.slug,
            name=row.name,
            settings=cast(JsonObject, row.settings),
            settings_version=settings_version,
            maps=[MapSummaryPublic.of(m) for m in maps],
            role=role,
            personas=personas,
        )
