"""The answer of ``GET /api/catalog``: the output formats, map types and analyses of the registries."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["AnalysisPublic", "Catalog", "FormatOptionPublic", "FormatPublic", "MapTypePublic"]


class FormatOptionPublic(BaseModel):
    """An option of a format, passed as a query parameter of the export routes (``paper=A3``)."""

    name: str
    type: Literal["text", "integer", "boolean"]
    help: str
    default: str | int | bool | None = None
    choices: list[str] = Field(default_factory=list)
    minimum: int | None = None
    maximum: int | None = None


class FormatPublic(BaseModel):
    """An output format of a map."""

    name: str = Field(examples=["svg"])
    label: str = Field(examples=["SVG"])
    description: str
    extension: str = Field(description="the file name's ending, without the dot", examples=["md"])
    media_type: str = Field(examples=["image/svg+xml"])
    binary: bool
    inline: bool = Field(description="a browser shows the file itself (open in a tab) rather than downloading it")
    options: list[FormatOptionPublic]


class MapTypePublic(BaseModel):
    """A kind of map: what the "new map" menu offers."""

    name: str = Field(examples=["service-blueprint"])
    label: str = Field(examples=["Service blueprint"])
    family: Literal["timeline", "network", "mental-model"]
    description: str
    lanes: list[str] = Field(description="the lane kinds a new map of this type starts with")


class AnalysisPublic(BaseModel):
    """An analysis of a map or a workspace."""

    name: str
    label: str
    description: str
    inputs: list[str]
    outputs: list[str]
    options: list[str]
    studio: Literal["svg", "html"] | None
    """How the studio draws it at ``/api/maps/{mid}/analysis/{name}`` (as SVG or an HTML page); null when the studio
    does not draw it (it needs inputs the studio has not, or gives only tables)."""


class Catalog(BaseModel):
    """Everything the registries hold, in menu order."""

    formats: list[FormatPublic]
    map_types: list[MapTypePublic]
    analyses: list[AnalysisPublic]
