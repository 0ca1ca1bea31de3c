"""Workspaces: list, create, settings (incl. the 5Cs diagnostic), personas, new maps and the folder export."""

from __future__ import annotations

import io
import zipfile
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from ...files.dump import model_data
from ...files.templates import starter_map
from ...model import Map, MapType
from ...store import repo, team
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError, iso, not_found
from ..text import NO_NUL

router = APIRouter(tags=["workspaces"])


class NewWorkspace(BaseModel):
    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


class NewMap(BaseModel):
    type: str = Field(description="map type, e.g. customer-journey-map")
    title: str = Field(min_length=1, max_length=500, pattern=NO_NUL)
    template: bool = Field(True, description="start from the starter content of the type")


def map_summary(row: t.MapRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "workspace_id": row.workspace_id,
        "path": row.path,
        "type": row.map_type,
        "title": row.title,
        "updated_at": iso(row.updated_at),
    }


def workspace_summary(db: Any, wid: int, role: str | None) -> dict[str, Any]:
    row = db.get(t.Workspace, wid)
    if row is None:
        raise not_found(f"workspace {wid}")
    count = db.scalar(
        select(func.count()).select_from(t.MapRow).where(t.MapRow.workspace_id == wid, t.MapRow.deleted_at.is_(None))
    )
    return {"id": row.id, "slug": row.slug, "name": row.name, "map_count": count or 0, "role": role}


@router.get("/workspaces")
def list_workspaces(studio: StudioDep, who: Annotated[Principal, authorize("account")]) -> list[dict[str, Any]]:
    """The caller's workspaces (those they are a member of), with their role in each."""
    with studio.store.session() as db:
        counts = dict(
            db.execute(
                select(t.MapRow.workspace_id, func.count())
                .where(t.MapRow.deleted_at.is_(None))
                .group_by(t.MapRow.workspace_id)
            ).all()
        )
        rows = db.execute(
            select(t.Workspace, t.Membership.role)
            .join(t.Membership, t.Membership.workspace_id == t.Workspace.id)
            .where(t.Membership.user_id == who.user_id, t.Workspace.deleted_at.is_(None))
            .order_by(t.Workspace.name, t.Workspace.id)
        ).all()
        return [
            {"id": w.id, "slug": w.slug, "name": w.name, "map_count": counts.get(w.id, 0), "role": role}
            for w, role in rows
        ]


@router.post("/workspaces", status_code=201)
def create_workspace(
    body: NewWorkspace, studio: StudioDep, who: Annotated[Principal, authorize("workspace:create")]
) -> dict[str, Any]:
    """A new workspace; its creator is its owner."""
    with studio.store.session() as db:
        row = repo.create_workspace(db, body.name)
        team.set_member(db, row.id, who.user_id, "owner")
        return {"id": row.id, "slug": row.slug, "name": row.name, "map_count": 0, "role": "owner"}


@router.get("/workspaces/{wid}")
def get_workspace(
    wid: int, studio: StudioDep, who: Annotated[Principal, authorize("workspace:read")]
) -> dict[str, Any]:
    with studio.store.session() as db:
        row = db.get(t.Workspace, wid)
        if row is None:
            raise not_found(f"workspace {wid}")
        maps = [
            map_summary(m)
            for m in db.scalars(
                select(t.MapRow)
                .where(t.MapRow.workspace_id == wid, t.MapRow.deleted_at.is_(None))
                .order_by(t.MapRow.path)
            )
        ]
        out = {
            "id": row.id,
            "slug": row.slug,
            "name": row.name,
            "settings": row.settings,
            "maps": maps,
            "role": who.role.value if who.role else None,
        }
    out["personas"] = [model_data(p) for p in studio._personas(wid)]
    return out


@router.put("/workspaces/{wid}/settings")
def put_settings(
    wid: int,
    studio: StudioDep,
    settings: Annotated[dict[str, Any], Body()],
    _: Annotated[Principal, authorize("workspace:edit")],
) -> dict[str, Any]:
    return studio.save_settings(wid, settings)


@router.put("/workspaces/{wid}/personas/{pid}")
def put_persona(
    wid: int,
    pid: str,
    studio: StudioDep,
    persona: Annotated[dict[str, Any], Body()],
    _: Annotated[Principal, authorize("workspace:edit")],
) -> dict[str, Any]:
    if persona.setdefault("id", pid) != pid:
        raise ApiError(
            422, f"the persona's id {persona['id']!r} differs from the URL's {pid!r}", hint="ids cannot change here"
        )
    return studio.save_persona(wid, persona)


@router.post("/workspaces/{wid}/maps", status_code=201)
def create_map(
    wid: int, body: NewMap, studio: StudioDep, user: Annotated[Principal, authorize("map:create")]
) -> dict[str, Any]:
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
    return map_summary(studio.map_row(map_id))


@router.get("/workspaces/{wid}/export")
async def export_workspace(
    wid: int, studio: StudioDep, _: Annotated[Principal, authorize("workspace:export")]
) -> Response:
    files = await studio.exported_files(wid)
    with studio.store.session() as db:
        row = db.get(t.Workspace, wid)
        slug = row.slug if row else "workspace"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            info = zipfile.ZipInfo(f"{slug}/{item.path}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, item.content)
    headers = {"content-disposition": f'attachment; filename="{slug}.zip"'}
    return Response(buffer.getvalue(), media_type="application/zip", headers=headers)
