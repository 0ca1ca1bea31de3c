"""Workspaces: list, create, settings (incl. the 5Cs diagnostic), personas, new maps and the folder export."""

from __future__ import annotations

import io
import zipfile
from typing import Annotated

from fastapi import APIRouter, Body, Header
from fastapi.responses import Response

from ...files.dump import model_data
from ...files.templates import starter_map
from ...model import Map, MapType, Persona, Workspace
from ...store import DbSession, repo, team
from .. import method_service
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError, found
from ..schemas.common import JsonObject
from ..schemas.workspaces import (
    MapCreate,
    MapSummaryPublic,
    WorkspaceCreate,
    WorkspacePublic,
    WorkspaceSummaryPublic,
)

router = APIRouter(tags=["workspaces"])

ZIP = {
    "description": "the workspace folder, zipped",
    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
}


def workspace_summary(db: DbSession, wid: int, role: str | None) -> WorkspaceSummaryPublic:
    row = found(repo.workspace(db, wid), f"workspace {wid}")
    count = repo.map_counts(db, wid).get(wid, 0)
    return WorkspaceSummaryPublic(id=row.id, slug=row.slug, name=row.name, map_count=count, role=role)


@router.get("/workspaces")
def list_workspaces(studio: StudioDep, who: Annotated[Principal, authorize("account")]) -> list[WorkspaceSummaryPublic]:
    """The caller's workspaces (those they are a member of), with their role in each."""
    with studio.store.session() as db:
        counts = repo.map_counts(db)
        return [
            WorkspaceSummaryPublic(id=w.id, slug=w.slug, name=w.name, map_count=counts.get(w.id, 0), role=role)
            for w, role in team.workspaces_of(db, who.user_id)
        ]


@router.post("/workspaces", status_code=201)
def create_workspace(
    body: WorkspaceCreate, studio: StudioDep, who: Annotated[Principal, authorize("workspace:create")]
) -> WorkspaceSummaryPublic:
    """A new workspace; its creator is its owner."""
    with studio.store.session() as db:
        row = repo.create_workspace(db, body.name)
        team.set_member(db, row.id, who.user_id, "owner")
        return WorkspaceSummaryPublic(id=row.id, slug=row.slug, name=row.name, map_count=0, role="owner")


@router.get("/workspaces/{wid}")
def get_workspace(
    wid: int, studio: StudioDep, who: Annotated[Principal, authorize("workspace:read")]
) -> WorkspacePublic:
    with studio.store.session() as db:
        row = found(repo.workspace(db, wid), f"workspace {wid}")
        maps = repo.live_maps(db, wid)
    personas: list[JsonObject] = [model_data(p) for p in studio._personas(wid)]
    return WorkspacePublic.of(
        row, maps, who.role.value if who.role else None, personas, method_service.file_version(dict(row.settings))
    )


@router.put("/workspaces/{wid}/settings", response_model=None, responses={200: {"model": Workspace}})
def put_settings(
    wid: int,
    studio: StudioDep,
    settings: Annotated[JsonObject, Body(description="journeymap.yaml as data (the Workspace schema)")],
    _: Annotated[Principal, authorize("workspace:edit")],
    response: Response,
    if_match: Annotated[
        str | None,
        Header(
            max_length=200,
            description="the version of the workspace file the settings were made on (``settings_version`` of "
            "GET /api/workspaces/{wid}, or the ETag of the last save): refused with 409 when the file changed "
            "since. Without it the settings replace the file as it is.",
        ),
    ] = None,
) -> JsonObject:
    """Replace the workspace's settings (``journeymap.yaml``); the answer is the file's data as stored, its new
    version in the ``ETag`` header."""
    version = if_match.strip().removeprefix("W/").strip('"') if if_match and if_match.strip() != "*" else None
    try:
        new_version, stored = method_service.save_settings(studio, wid, settings, version)
    except method_service.StaleWorkspaceFile as exc:
        raise ApiError(409, str(exc), hint=method_service.STALE_SETTINGS_HINT) from None
    response.headers["ETag"] = f'"{new_version}"'
    return stored


@router.put("/workspaces/{wid}/personas/{pid}", response_model=None, responses={200: {"model": Persona}})
def put_persona(
    wid: int,
    pid: str,
    studio: StudioDep,
    persona: Annotated[JsonObject, Body(description="the persona file as data (the Persona schema)")],
    _: Annotated[Principal, authorize("workspace:edit")],
) -> JsonObject:
    """Create or replace a persona; the answer is the persona file's data as stored."""
    if persona.setdefault("id", pid) != pid:
        raise ApiError(
            422, f"the persona's id {persona['id']!r} differs from the URL's {pid!r}", hint="ids cannot change here"
        )
    return studio.save_persona(wid, persona)


@router.post("/workspaces/{wid}/maps", status_code=201)
def create_map(
    wid: int, body: MapCreate, studio: StudioDep, user: Annotated[Principal, authorize("map:create")]
) -> MapSummaryPublic:
    try:
        map_type = MapType(body.type)
    except ValueError:
        known = ", ".join(m.value for m in MapType)
        raise ApiError(422, f"unknown map type {body.type!r}", hint=f"one of: {known}") from None
    model = (
        starter_map(map_type, body.title)
        if body.template
        else Map.model_validate({"type": map_type, "title": body.title})
    )
    data = model_data(model)
    data["id"] = repo.slugify(body.title, "map")
    map_id = studio.create_map(wid, data, user.id)
    return MapSummaryPublic.of(studio.map_row(map_id))


@router.get("/workspaces/{wid}/export", response_class=Response, responses={200: ZIP})
async def export_workspace(
    wid: int, studio: StudioDep, _: Annotated[Principal, authorize("workspace:export")]
) -> Response:
    """The workspace as a folder of files, zipped."""
    files = await studio.exported_files(wid)
    with studio.store.session() as db:
        row = repo.workspace(db, wid)
        slug = row.slug if row else "workspace"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            info = zipfile.ZipInfo(f"{slug}/{item.path}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, item.content)
    headers = {"content-disposition": f'attachment; filename="{slug}.zip"'}
    return Response(buffer.getvalue(), media_type="application/zip", headers=headers)
