"""Maps opened with their document, comments, versions and the comparison of two versions."""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel, Field

from ...limits import MAX_ID
from ...store import tables as t
from ..text import NO_NUL
from .common import JsonObject, ProblemPublic, Timestamp, timestamp
from .workspaces import MapSummaryPublic

# --- what the routes read -----------------------------------------------------------------------------------------


class MapDeriveCreate(BaseModel):
    """Derive a to-be map from an as-is map."""

    title: str | None = Field(None, max_length=500, pattern=NO_NUL)


class CommentCreate(BaseModel):
    anchor: str = Field(min_length=1, max_length=300, description="id of the element the comment is on", pattern=NO_NUL)
    body: str = Field(min_length=1, max_length=20000, pattern=NO_NUL)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    guest_name: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="a share-link visitor's name (they have no account)",
        pattern=NO_NUL,
    )


class CommentUpdate(BaseModel):
    body: str | None = Field(None, min_length=1, max_length=20000, pattern=NO_NUL)
    resolved: bool | None = None


class VersionCreate(BaseModel):
    """Name the map as it is now."""

    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


# --- what the routes answer ---------------------------------------------------------------------------------------


class MapPublic(MapSummaryPublic):
    """A map with its document and the caller's role on it; when ``checked``, also its problems and lint findings."""

    data: JsonObject = Field(
        description="the map document as data (the Map schema of the file format; it may hold the problems listed)"
    )
    problems: list[ProblemPublic]
    lint: list[ProblemPublic] = Field(description="the lint findings, problems of the same shape with their rule")
    checked: bool
    role: str | None


class CommentAuthor(BaseModel):
    id: int | None
    name: str
    guest: bool = Field(description="a share-link visitor, who has no account")


class CommentPublic(BaseModel):
    id: int
    map_id: int
    anchor: str
    parent_id: int | None
    body: str
    author: CommentAuthor
    resolved: bool
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def of(cls, c: t.Comment, names: dict[int, str]) -> CommentPublic:
        guest = c.author_id is None and c.guest_name is not None
        name = c.guest_name if c.author_id is None and c.guest_name else names.get(c.author_id or 0, "unknown")
        return cls(
            id=c.id,
            map_id=c.map_id,
            anchor=c.anchor,
            parent_id=c.parent_id,
            body=c.body,
            author=CommentAuthor(id=c.author_id, name=name, guest=guest),
            resolved=c.resolved,
            created_at=timestamp(c.created_at),
            updated_at=timestamp(c.updated_at),
        )


class VersionPublic(BaseModel):
    id: int
    map_id: int
    number: int
    name: str | None
    kind: str
    authors: list[str]
    summary: str
    created_at: Timestamp

    @classmethod
    def of(cls, v: t.Version) -> VersionPublic:
        return cls(
            id=v.id,
            map_id=v.map_id,
            number=v.number,
            name=v.name,
            kind=v.kind,
            authors=list(v.authors),
            summary=v.summary,
            created_at=timestamp(v.created_at),
        )


class VersionDataPublic(VersionPublic):
    """A version with the map document it kept."""

    data: JsonObject

    @classmethod
    def with_data(cls, v: t.Version) -> VersionDataPublic:
        return cls(**VersionPublic.of(v).model_dump(), data=cast(JsonObject, v.data))


class DiffSummary(BaseModel):
    """How many of each change the comparison found."""

    steps_added: int
    steps_removed: int
    steps_renamed: int
    steps_moved: int
    steps_replaced: int
    cards_added: int
    cards_removed: int
    cards_changed: int
    cards_unchanged: int
    moments_gained: int
    moments_lost: int
    moments_changed: int
    touchpoints_added: int
    touchpoints_removed: int
    touchpoints_changed: int


class DiffPublic(BaseModel):
    """The comparison of two versions of a map (or a version and the map as it is now)."""

    text: str
    summary: DiffSummary
    html_url: str
