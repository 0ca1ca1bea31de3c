"""Every export format of a map, as a download: the renderers of the library, with the workspace's context."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Query
from fastapi.responses import Response

from ...errors import MapFileError
from ...model import Map
from ...render.registry import RenderContext, render, renderers
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError, not_found
from ..security import DOCUMENT_CSP

router = APIRouter(tags=["exports"])

MEDIA_TYPES = {
    "svg": "image/svg+xml",
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "mermaid": "text/plain; charset=utf-8",
    "vsdx": "application/vnd.ms-visio.drawing",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "png": "image/png",
}
SUFFIXES = {"markdown": "md", "mermaid": "mmd"}


def _known(format: str) -> None:
    if format not in renderers():
        raise ApiError(422, f"unknown format {format!r}", hint=f"one of: {', '.join(renderers())}")


async def _file(journey_map: Map, format: str, context: RenderContext, name: str, download: bool) -> Response:
    """The rendered file: SVG, PNG and HTML shown in the browser (HTML and SVG under the document CSP: nothing of
    a map runs), the rest downloaded."""
    content = await anyio.to_thread.run_sync(render, journey_map, format, context)
    headers = {}
    if download or format not in ("svg", "png", "html"):
        headers["content-disposition"] = f'attachment; filename="{name}.{SUFFIXES.get(format, format)}"'
    if format in ("svg", "html"):
        headers["content-security-policy"] = DOCUMENT_CSP
    return Response(content, media_type=MEDIA_TYPES.get(format, "application/octet-stream"), headers=headers)


@router.get("/maps/{mid}/export")
async def export_map(
    mid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("map:export")],
    format: str = Query("svg", description="svg, html, markdown, mermaid, vsdx, pptx, xlsx, pdf or png"),
    paper: str | None = Query(None, pattern="^A[0-4]$"),
    tile: str | None = Query(None, pattern="^A[34]$"),
    dpi: int | None = Query(None, ge=30, le=1200),
    blank: bool = False,
    download: bool = False,
) -> Response:
    _known(format)
    journey_map, problems = await studio.check(mid)
    if journey_map is None:
        raise MapFileError(problems)
    options = {k: str(v) for k, v in {"paper": paper, "tile": tile, "dpi": dpi}.items() if v is not None}
    if blank:
        options["blank"] = "1"
    context = await studio.render_context(mid, options)
    return await _file(journey_map, format, context, journey_map.id, download)


@router.get("/versions/{vid}/export")
async def export_version(
    vid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("version:read")],
    format: str = Query("svg", description="any export format, as for a map"),
    download: bool = False,
) -> Response:
    """A version of a map drawn as it was (read-only views of the history)."""
    _known(format)
    with studio.store.session() as db:
        version = db.get(t.Version, vid)
        if version is None:
            raise not_found(f"version {vid}")
        map_id, data = version.map_id, dict(version.data)
    try:
        journey_map = Map.model_validate(data)
    except ValueError as error:
        raise ApiError(422, "this version has errors and cannot be drawn", hint=str(error).splitlines()[0]) from None
    context = await studio.render_context(map_id)
    return await _file(journey_map, format, context, f"{journey_map.id}-v{vid}", download)
