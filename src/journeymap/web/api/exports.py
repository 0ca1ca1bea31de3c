"""Every export format of a map, as a download: the renderers of the library, with the workspace's context. The
media type, file extension and options of each format come from the format registry (plugins' formats included).
``/export/check`` says beforehand how big the text prints on the paper chosen (the export menu warns under 7 pt)."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.datastructures import QueryParams

from ...errors import MapFileError
from ...model import Map
from ...render.print_check import print_check
from ...render.registry import FormatSpec, RenderContext, format_spec, render, renderers
from ...render.rows import READABLE_PT
from ...store import repo
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError, not_found
from ..schemas.exports import PrintCheckPublic
from ..security import DOCUMENT_CSP

router = APIRouter(tags=["exports"])

DOCUMENT_TYPES = {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml"}
"""Media types a browser may run script in: answered under the document CSP."""


def _spec(format: str) -> FormatSpec:
    if format not in renderers():
        raise ApiError(422, f"unknown format {format!r}", hint=f"one of: {', '.join(renderers())}")
    return format_spec(format)


def _options(spec: FormatSpec, query: QueryParams) -> dict[str, str]:
    """The format's options found in the query (``paper=A3``), checked as the registry says."""
    options: dict[str, str] = {}
    for option in spec.options:
        raw = query.get(option.name)
        if raw is None or raw == "":
            continue
        try:
            value = option.check(raw)
        except ValueError as error:
            raise ApiError(422, str(error), hint=option.help) from None
        if value:
            options[option.name] = value
    return options


def _media_type(spec: FormatSpec) -> str:
    """The format's media type; a ``text/…`` one says its encoding (renderers write text as UTF-8)."""
    if spec.binary or not spec.media_type.startswith("text/") or "charset=" in spec.media_type:
        return spec.media_type
    return f"{spec.media_type}; charset=utf-8"


async def _file(journey_map: Map, spec: FormatSpec, context: RenderContext, name: str, download: bool) -> Response:
    """The rendered file: a format a browser shows (SVG, PNG, HTML) shown unless ``download``, the rest downloaded;
    documents (HTML, SVG: a plugin's too, by media type) under the document CSP, so nothing of a map runs."""
    content = await anyio.to_thread.run_sync(render, journey_map, spec.name, context)
    headers = {}
    if spec.media_type.split(";")[0].strip() in DOCUMENT_TYPES:
        headers["content-security-policy"] = DOCUMENT_CSP
    if download or not spec.inline:
        headers["content-disposition"] = f'attachment; filename="{name}.{spec.extension}"'
    return Response(content, media_type=_media_type(spec), headers=headers)


@router.get("/maps/{mid}/export")
async def export_map(
    mid: int,
    request: Request,
    studio: StudioDep,
    _: Annotated[Principal, authorize("map:export")],
    format: str = Query("svg", description="a format's name, as GET /api/catalog lists them (svg, pdf, …)"),
    download: bool = False,
) -> Response:
    """The map in ``format``; the format's options (GET /api/catalog: e.g. ``paper``, ``tile``, ``dpi``,
    ``blank``) as query parameters."""
    spec = _spec(format)
    options = _options(spec, request.query_params)
    journey_map, problems = await studio.check(mid)
    if journey_map is None:
        raise MapFileError(problems)
    context = await studio.render_context(mid, options)
    return await _file(journey_map, spec, context, journey_map.id, download)


@router.get("/maps/{mid}/export/check")
async def export_check(
    mid: int,
    request: Request,
    studio: StudioDep,
    _: Annotated[Principal, authorize("map:export")],
    format: str = Query("pdf", description="a format's name, as for the export"),
) -> PrintCheckPublic:
    """Before an export: how big the map's text comes out on the ``paper`` asked (with the export's options as
    query parameters, e.g. ``paper=A4&fit=rows``), and when under 7 pt what would make it readable (fitted by
    rows, a larger paper). Nothing to check (``paper`` null) for a format not printed on paper."""
    spec = _spec(format)
    options = _options(spec, request.query_params)
    journey_map, problems = await studio.check(mid)
    if journey_map is None:
        raise MapFileError(problems)
    context = await studio.render_context(mid, options)
    check = await anyio.to_thread.run_sync(print_check, journey_map, context, spec.name)
    return PrintCheckPublic(
        format=spec.name,
        paper=check.paper,
        card_pt=check.card_pt,
        smallest_pt=check.smallest_pt,
        readable_pt=READABLE_PT,
        small=check.small,
        message=check.message,
        fit_rows_pt=check.fit_rows_pt,
        larger_paper=check.larger_paper,
    )


@router.get("/versions/{vid}/export")
async def export_version(
    vid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("version:read")],
    format: str = Query("svg", description="any export format, as for a map"),
    download: bool = False,
) -> Response:
    """A version of a map drawn as it was (read-only views of the history)."""
    spec = _spec(format)
    with studio.store.session() as db:
        version = repo.version(db, vid)
        if version is None:
            raise not_found(f"version {vid}")
        map_id, data = version.map_id, dict(version.data)
    try:
        journey_map = Map.model_validate(data)
    except ValueError as error:
        raise ApiError(422, "this version has errors and cannot be drawn", hint=str(error).splitlines()[0]) from None
    context = await studio.render_context(map_id)
    return await _file(journey_map, spec, context, f"{journey_map.id}-v{vid}", download)
