"""``GET /api/catalog``: what this studio can do, from the registries: the output formats (plugins' included),
the map types and the analyses. The studio builds its export and "new map" menus from it. Anyone may read it
(a share link's visitor exports too); it says nothing about any workspace."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ...analysis.registry import analyses
from ...map_types import MAP_TYPES
from ...render.registry import FormatSpec, formats

router = APIRouter(tags=["meta"])


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


class Catalog(BaseModel):
    """Everything the registries hold, in menu order."""

    formats: list[FormatPublic]
    map_types: list[MapTypePublic]
    analyses: list[AnalysisPublic]


def format_public(spec: FormatSpec) -> FormatPublic:
    options = [
        FormatOptionPublic(
            name=o.name, type=o.type, help=o.help, default=o.default, choices=list(o.choices), minimum=o.minimum,
            maximum=o.maximum,
        )
        for o in spec.options
    ]  # fmt: skip
    return FormatPublic(
        name=spec.name, label=spec.label, description=spec.description, extension=spec.extension,
        media_type=spec.media_type, binary=spec.binary, inline=spec.inline, options=options,
    )  # fmt: skip


def catalog() -> Catalog:
    """The catalog of this process's registries."""
    return Catalog(
        formats=[format_public(spec) for spec in formats()],
        map_types=[
            MapTypePublic(name=t.name, label=t.label, family=t.family, description=t.description, lanes=list(t.lanes))
            for t in MAP_TYPES.values()
        ],
        analyses=[
            AnalysisPublic(
                name=a.name, label=a.label, description=a.description, inputs=list(a.inputs),
                outputs=list(a.outputs), options=list(a.options),
            )
            for a in analyses()
        ],
    )  # fmt: skip


@router.get("/catalog")
def get_catalog() -> Catalog:
    """The output formats (with their options), map types and analyses this studio offers."""
    return catalog()
