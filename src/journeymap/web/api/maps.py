"""Maps: read, replace, delete, derive a to-be map; comments; versions, diff and restore; the live document."""

from __future__ import annotations

import contextlib
import time
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Body, Query, Request, WebSocket
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from ...analysis.derive import derive_to_be
from ...errors import MapFileError
from ...files.dump import model_data
from ...limits import MAX_ID
from ...model import Map, MapState
from ...store import repo, team
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize, check_access, client_address, principal_from_cookies
from ..errors import ApiError, iso, not_found, problem_dict
from ..permissions import decide
from ..security import DOCUMENT_CSP, SESSION_COOKIE, SHARE_COOKIE
from ..services import live_user
from ..text import NO_NUL
from .workspaces import map_summary

router = APIRouter(tags=["maps"])

RECENT_SESSION_SECONDS = 10.0
"""How long a session that opened a live document is admitted again without asking the store."""


def element_at(data: Any, loc: tuple[str | int, ...] | list[str | int]) -> str | None:
    """The id of the innermost element with an id along ``loc`` (what the editor selects and comments hang on)."""
    found: str | None = None
    node = data
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _problems(problems: list[Any], data: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for p in problems:
        item = problem_dict(p)
        item["element"] = element_at(data, p.loc)
        out.append(item)
    return out


def _checked(studio: Any, row: t.MapRow, data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Problems (validation, references) and lint findings of a map's data, each with the element it is on."""
    from ...files.loader import check_map_data
    from ...lint.engine import lint_map

    personas = [p.id for p in studio._personas(row.workspace_id)]
    try:
        source = check_map_data(data, row.path, personas=personas)
    except MapFileError as error:
        return _problems(list(error.problems), data), []
    lint = [
        {
            "code": f.code,
            "rule": f.rule,
            "severity": f.severity.value,
            "message": f.message,
            "hint": f.suggestion,
            "where": f.element,
            "element": element_at(data, f.loc),
        }
        for f in lint_map(source)
    ]
    return _problems(list(source.problems), data), lint


async def map_view(studio: Any, map_id: int, checks: bool = True, who: Principal | None = None) -> dict[str, Any]:
    """A map with its data and the caller's role on it; with ``checks`` also its problems and lint findings
    (worked out in a worker thread, so a big map does not hold up the live documents)."""
    row = studio.map_row(map_id)
    data = await studio.map_data(map_id)
    role = who.effective_role.value if who is not None and who.effective_role is not None else None
    if not checks:
        return {**map_summary(row), "data": data, "problems": [], "lint": [], "checked": False, "role": role}
    problems, lint = await anyio.to_thread.run_sync(_checked, studio, row, data)
    return {**map_summary(row), "data": data, "problems": problems, "lint": lint, "checked": True, "role": role}


@router.get("/maps/{mid}")
async def get_map(
    mid: int,
    studio: StudioDep,
    who: Annotated[Principal, authorize("map:read")],
    checks: bool = Query(True, description="also check the map and lint it (false: only the data, faster)"),
) -> dict[str, Any]:
    return await map_view(studio, mid, checks, who)


@router.put("/maps/{mid}")
async def put_map(
    mid: int,
    studio: StudioDep,
    data: Annotated[dict[str, Any], Body()],
    user: Annotated[Principal, authorize("map:edit")],
) -> dict[str, Any]:
    journey_map, problems = await studio.check(mid, data)
    if journey_map is None:
        raise MapFileError(problems)
    await studio.set_map_data(mid, model_data(journey_map), user.id)
    return await map_view(studio, mid, who=user)


@router.delete("/maps/{mid}")
async def delete_map(
    mid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("map:delete")]
) -> dict[str, Any]:
    """Move the map to the trash (restorable for 30 days); its live document is closed."""
    await studio.rooms.drop(mid)
    with studio.store.session() as db:
        row = db.get(t.MapRow, mid)
        assert row is not None
        row.deleted_at = team.utcnow()
        team.audit(db, "map.deleted", actor_id=who.id, actor_label=who.email, workspace_id=row.workspace_id,
                   target=row.title, ip=client_address(request))  # fmt: skip
    return {}


class Derive(BaseModel):
    title: str | None = Field(None, max_length=500, pattern=NO_NUL)


@router.post("/maps/{mid}/derive", status_code=201)
async def derive(
    mid: int, studio: StudioDep, user: Annotated[Principal, authorize("map:create")], body: Derive | None = None
) -> dict[str, Any]:
    journey_map, problems = await studio.check(mid)
    if journey_map is None:
        raise MapFileError(problems)
    if journey_map.state is not MapState.AS_IS:
        raise ApiError(422, "only an as-is map derives a to-be map", hint="open the as-is map and derive from it")
    to_be = derive_to_be(journey_map, title=body.title if body else None)
    row = studio.map_row(mid)
    new_id = studio.create_map(row.workspace_id, model_data(to_be), user.id, kind="derived")
    return map_summary(studio.map_row(new_id))


# --- comments -----------------------------------------------------------------------------------------------


class NewComment(BaseModel):
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


class CommentPatch(BaseModel):
    body: str | None = Field(None, min_length=1, max_length=20000, pattern=NO_NUL)
    resolved: bool | None = None


def _comment(c: t.Comment, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": c.id,
        "map_id": c.map_id,
        "anchor": c.anchor,
        "parent_id": c.parent_id,
        "body": c.body,
        "author": {
            "id": c.author_id,
            "name": c.guest_name if c.author_id is None and c.guest_name else names.get(c.author_id or 0, "unknown"),
            "guest": c.author_id is None and c.guest_name is not None,
        },
        "resolved": c.resolved,
        "created_at": iso(c.created_at),
        "updated_at": iso(c.updated_at),
    }


@router.get("/maps/{mid}/comments")
def list_comments(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("comment:read")]
) -> list[dict[str, Any]]:
    with studio.store.session() as db:
        names = team.user_names(db)
        rows = db.scalars(select(t.Comment).where(t.Comment.map_id == mid).order_by(t.Comment.id))
        return [_comment(c, names) for c in rows]


@router.post("/maps/{mid}/comments", status_code=201)
def add_comment(
    mid: int, body: NewComment, studio: StudioDep, user: Annotated[Principal, authorize("comment:create")]
) -> dict[str, Any]:
    """A comment (or a reply); members it mentions (``@Full Name``) find it in their inbox."""
    if user.id is None and not (body.guest_name and body.guest_name.strip()):
        raise ApiError(422, "give your name with your comment", hint="guest_name: the name others will see")
    with studio.store.session() as db:
        anchor = body.anchor
        if body.parent_id is not None:
            parent = db.get(t.Comment, body.parent_id)
            if parent is None or parent.map_id != mid:
                raise ApiError(
                    422,
                    f"comment {body.parent_id} is not a comment of this map",
                    hint="reply to a comment of the same map",
                )
            anchor = parent.anchor
        guest = body.guest_name.strip() if user.id is None and body.guest_name else None
        comment = t.Comment(
            map_id=mid, anchor=anchor, parent_id=body.parent_id, body=body.body, author_id=user.id, guest_name=guest
        )
        db.add(comment)
        db.flush()
        out = _comment(comment, team.user_names(db))
        notified = _notify_mentions(db, user, comment, out["author"]["name"])
    studio.notify_map(mid, {"kind": "comments", "map_id": mid})
    for user_id, unread in notified:
        studio.notify_user(user_id, {"kind": "inbox", "unread": unread})
    return out


def _notify_mentions(db: Any, who: Principal, comment: t.Comment, author: str) -> list[tuple[int, int]]:
    """Inbox entries for the members the comment mentions (not its author); (user id, unread count) each."""
    from .team import mentioned

    assert who.workspace_id is not None
    people = [(u.id, u.name, u.email) for _, u in team.members(db, who.workspace_id) if not u.disabled]
    out = []
    for user_id in mentioned(comment.body, people):
        if user_id == who.id:
            continue
        db.add(
            t.Notification(
                user_id=user_id, kind="mention", map_id=comment.map_id, comment_id=comment.id, actor_id=who.id,
                actor_name=author, excerpt=comment.body[:280],
            )
        )  # fmt: skip
        db.flush()
        out.append((user_id, team.unread_count(db, user_id)))
    return out


def _own_comment(db: Any, cid: int) -> t.Comment:
    comment = db.get(t.Comment, cid)
    if comment is None:
        raise not_found(f"comment {cid}")
    return comment  # type: ignore[no-any-return]


@router.patch("/comments/{cid}")
def patch_comment(
    cid: int, body: CommentPatch, studio: StudioDep, user: Annotated[Principal, authorize("comment:resolve")]
) -> dict[str, Any]:
    """Resolve or reopen a thread (commenters and above); change the text (its author only)."""
    with studio.store.session() as db:
        if body.body is not None:
            check_access(db, user, "comment:edit", {"cid": cid})
        comment = _own_comment(db, cid)
        if body.body is not None:
            comment.body = body.body
        if body.resolved is not None:
            comment.resolved = body.resolved
        comment.updated_at = t.now()
        db.flush()
        out = _comment(comment, team.user_names(db))
    studio.notify_map(out["map_id"], {"kind": "comments", "map_id": out["map_id"]})
    return out


@router.delete("/comments/{cid}")
def delete_comment(
    cid: int, studio: StudioDep, user: Annotated[Principal, authorize("comment:delete")]
) -> dict[str, Any]:
    """Delete a comment and its replies (its author, or an owner of the workspace)."""
    with studio.store.session() as db:
        comment = _own_comment(db, cid)
        map_id = comment.map_id
        if comment.author_id != user.id:  # an owner removing someone else's comment
            team.audit(db, "comment.deleted", actor_id=user.id, actor_label=user.email, workspace_id=user.workspace_id,
                       target=f"map {map_id}", detail={"comment": cid, "excerpt": comment.body[:120]})  # fmt: skip
        db.delete(comment)
    studio.notify_map(map_id, {"kind": "comments", "map_id": map_id})
    return {}


# --- versions -----------------------------------------------------------------------------------------------


class NewVersion(BaseModel):
    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


def _version(v: t.Version, *, with_data: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": v.id,
        "map_id": v.map_id,
        "number": v.number,
        "name": v.name,
        "kind": v.kind,
        "authors": v.authors,
        "summary": v.summary,
        "created_at": iso(v.created_at),
    }
    if with_data:
        out["data"] = v.data
    return out


@router.get("/maps/{mid}/versions")
def list_versions(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("version:read")]
) -> list[dict[str, Any]]:
    with studio.store.session() as db:
        rows = db.scalars(select(t.Version).where(t.Version.map_id == mid).order_by(t.Version.number.desc()))
        return [_version(v) for v in rows]


@router.post("/maps/{mid}/versions", status_code=201)
async def add_named_version(
    mid: int, body: NewVersion, studio: StudioDep, user: Annotated[Principal, authorize("map:edit")]
) -> dict[str, Any]:
    studio.map_row(mid)
    version_id = await studio.take_version(mid, kind="named", name=body.name, user_id=user.id)
    with studio.store.session() as db:
        return _version(db.get(t.Version, version_id) or _missing(version_id))


def _missing(vid: int) -> t.Version:
    raise not_found(f"version {vid}")


@router.get("/versions/{vid}")
def get_version(vid: int, studio: StudioDep, _: Annotated[Principal, authorize("version:read")]) -> dict[str, Any]:
    with studio.store.session() as db:
        return _version(db.get(t.Version, vid) or _missing(vid), with_data=True)


async def _side(studio: Any, mid: int, which: str) -> dict[str, Any]:
    if which == "current":
        return dict(await studio.map_data(mid))
    if not (which.isascii() and which.isdigit()):
        raise ApiError(422, f"{which[:40]!r} is not a version id", hint="give a version id or 'current'")
    with studio.store.session() as db:
        version = db.get(t.Version, int(which)) if len(which) <= 19 and int(which) <= MAX_ID else None
        if version is None or version.map_id != mid:
            raise not_found(f"version {which} of map {mid}")
        return dict(version.data)


@router.get("/maps/{mid}/diff", response_model=None)
async def diff(
    mid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("version:read")],
    from_: str = Query(alias="from"),
    to: str = Query("current"),
    format: str = Query("json", pattern="^(json|html)$"),
) -> dict[str, Any] | HTMLResponse:
    from ...analysis.diff import diff_maps
    from ...render.diff_html import render_diff_html

    try:
        a = Map.model_validate(await _side(studio, mid, from_))
        b = Map.model_validate(await _side(studio, mid, to))
    except ValueError as error:
        raise ApiError(
            422, "a side of the comparison has errors and cannot be compared", hint=str(error).splitlines()[0]
        ) from None
    result = diff_maps(a, b)
    if format == "html":
        return HTMLResponse(render_diff_html(result), headers={"content-security-policy": DOCUMENT_CSP})
    return {
        "text": result.to_text(),
        "summary": result.summary(),
        "html_url": f"/api/maps/{mid}/diff?from={from_}&to={to}&format=html",
    }


@router.post("/versions/{vid}/restore")
async def restore(vid: int, studio: StudioDep, user: Annotated[Principal, authorize("map:edit")]) -> dict[str, Any]:
    with studio.store.session() as db:
        version = db.get(t.Version, vid) or _missing(vid)
        mid, data, number = version.map_id, dict(version.data), version.number
    if await _changed(studio, mid):
        await studio.take_version(mid, kind="auto")
    await studio.set_map_data(mid, data, user.id)
    await studio.take_version(mid, kind="restore", name=f"restored version {number}", user_id=user.id)
    with studio.store.session() as db:
        team.audit(db, "version.restored", actor_id=user.id, actor_label=user.email, workspace_id=user.workspace_id,
                   target=f"map {mid}", detail={"version": number})  # fmt: skip
    return await map_view(studio, mid, who=user)


async def _changed(studio: Any, mid: int) -> bool:
    with studio.store.session() as db:
        return repo.has_changes_since_version(db, mid)


# --- the live document --------------------------------------------------------------------------------------


@router.websocket("/realtime/map-{mid}")
async def realtime(websocket: WebSocket, mid: str) -> None:
    """The map's live document. Members and share-link visitors join; below editor, read-only (the server tells
    the client, and refuses its updates). Close codes: 4401 not signed in, 4403 wrong origin or access revoked,
    4404 no such map (or none the caller may see)."""
    studio = websocket.app.state.studio
    key = (websocket.cookies.get(SESSION_COOKIE) or "", websocket.cookies.get(SHARE_COOKIE) or "", mid)

    def admit() -> tuple[Principal | None, bool]:
        """Who is connecting and whether they may read the map (one worker-thread hop)."""
        principal = principal_from_cookies(studio, websocket.cookies, websocket)
        if principal is None:
            return None, False
        try:
            with studio.store.session() as db:
                principal = check_access(db, principal, "map:read", {"mid": mid})
        except ApiError:
            return principal, False
        now = time.monotonic()
        if len(studio.recent_sessions) > 1000:  # forget the old ones
            studio.recent_sessions = {
                k: v for k, v in studio.recent_sessions.items() if now - v[0] < RECENT_SESSION_SECONDS
            }
        studio.recent_sessions[key] = (now, principal)
        return principal, True

    recent = studio.recent_sessions.get(key)
    open_map = mid.isascii() and mid.isdigit() and int(mid) in studio.rooms.rooms
    if recent is not None and time.monotonic() - recent[0] < RECENT_SESSION_SECONDS and open_map:
        principal, allowed = recent[1], True  # admitted a moment ago, to a map that is open
    else:
        principal, allowed = await anyio.to_thread.run_sync(admit)
    origin = websocket.headers.get("origin")
    host = websocket.headers.get("host")
    if principal is None or (origin is not None and origin.split("://", 1)[-1] != host):
        await websocket.close(code=4401 if principal is None else 4403)
        return
    if not allowed:
        await websocket.close(code=4404)
        return
    role = principal.effective_role
    editable = role is not None and decide(principal.role, "map:edit")
    await websocket.accept()
    with contextlib.suppress(WebSocketDisconnect):
        await studio.rooms.serve(
            websocket,
            int(mid),
            live_user(principal),
            read_only=not editable,
            role=role.value if role else "",
            sees_presence=principal.id is not None and principal.role is not None,  # not a share-link visitor
        )
