"""``GET /api/catalog``: what this studio can do, from the registries: the output formats (plugins' included),
the map types and the analyses. The studio builds its export and "new map" menus from it. Anyone may read it
(a share link's visitor exports too); it says nothing about any workspace."""

from __future__ import annotations

from fastapi import APIRouter

from ...analysis.registry import analyses
from ...map_types import MAP_TYPES
from ...render.registry import FormatSpec, formats
from ..analysis_service import studio_output
from ..schemas.catalog import AnalysisPublic, Catalog, FormatOptionPublic, FormatPublic, MapTypePublic

router = APIRouter(tags=["meta"])


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
                outputs=list(a.outputs), options=list(a.options), studio=studio_output(a),
            )
            for a in analyses()
        ],
    )  # fmt: skip


@router.get("/catalog")
def get_catalog() -> Catalog:
    """The output formats (with their options), map types and analyses this studio offers."""
    return catalog()
