"""Maps: read, replace, delete, derive a to-be map; comments; versions, diff and restore; the live document."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated

import anyio
from fastapi import APIRouter, Body, Query, Request, WebSocket
from fastapi.responses import HTMLResponse
from pydantic import JsonValue
from starlette.websockets import WebSocketDisconnect

from ...analysis.derive import derive_to_be
from ...errors import MapFileError, Problem
from ...files.dump import model_data
from ...model import Map, MapState
from ...store import DbSession, maps, repo, team
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize, check_access, principal_from_cookies
from ..errors import ApiError, found, not_found
from ..permissions import decide
from ..schemas.common import Done, JsonObject, ProblemPublic
from ..schemas.maps import (
    CommentCreate,
    CommentPublic,
    CommentUpdate,
    DiffPublic,
    DiffSummary,
    MapDeriveCreate,
    MapPublic,
    VersionCreate,
    VersionDataPublic,
    VersionPublic,
)
from ..schemas.workspaces import MapSummaryPublic
from ..security import DOCUMENT_CSP, SESSION_COOKIE, SHARE_COOKIE
from ..services import Studio, live_user
from .team import audit_by, mentioned

router = APIRouter(tags=["maps"])

RECENT_SESSION_SECONDS = 10.0
"""How long a session that opened a live document is admitted again without asking the store."""


def element_at(data: JsonValue, loc: Sequence[str | int]) -> str | None:
    """The id of the innermost element with an id along ``loc`` (what the editor selects and comments hang on)."""
    found: str | None = None
    node = data
    for key in loc:
        try:
            node = node[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = str(node["id"])
    return found


def _problems(problems: Sequence[Problem], data: JsonObject) -> list[ProblemPublic]:
    return [ProblemPublic.of(p, element_at(data, p.loc)) for p in problems]


def _checked(studio: Studio, row: t.MapRow, data: JsonObject) -> tuple[list[ProblemPublic], list[ProblemPublic]]:
    """Problems (validation, references) and lint findings of a map's data, each with the element it is on."""
    from ...files.loader import check_map_data
    from ...lint.engine import lint_map

    personas = [p.id for p in studio._personas(row.workspace_id)]
    try:
        source = check_map_data(data, row.path, personas=personas)
    except MapFileError as error:
        return _problems(list(error.problems), data), []
    settings = studio.workspace_model(row.workspace_id).settings  # its stale_after_days for JL207
    return _problems(list(source.problems), data), _problems(lint_map(source, settings), data)


async def map_view(studio: Studio, map_id: int, checks: bool = True, who: Principal | None = None) -> MapPublic:
    """A map with its data and the caller's role on it; with ``checks`` also its problems and lint findings
    (worked out in a worker thread, so a big map does not hold up the live documents)."""
    row = studio.map_row(map_id)
    data: JsonObject = await studio.map_data(map_id)
    role = who.effective_role.value if who is not None and who.effective_role is not None else None
    summary = MapSummaryPublic.of(row).model_dump()
    if not checks:
        return MapPublic(**summary, data=data, problems=[], lint=[], checked=False, role=role)
    problems, lint = await anyio.to_thread.run_sync(_checked, studio, row, data)
    return MapPublic(**summary, data=data, problems=problems, lint=lint, checked=True, role=role)


@router.get("/maps/{mid}")
async def get_map(
    mid: int,
    studio: StudioDep,
    who: Annotated[Principal, authorize("map:read")],
    checks: bool = Query(True, description="also check the map and lint it (false: only the data, faster)"),
) -> MapPublic:
    return await map_view(studio, mid, checks, who)


@router.put("/maps/{mid}")
async def put_map(
    mid: int,
    studio: StudioDep,
    data: Annotated[JsonObject, Body(description="the map document as data (the Map schema of the file format)")],
    user: Annotated[Principal, authorize("map:edit")],
) -> MapPublic:
    """Replace the map's document (checked first: a map with errors is refused with its problems)."""
    journey_map, problems = await studio.check(mid, data)
    if journey_map is None:
        raise MapFileError(problems)
    await studio.set_map_data(mid, model_data(journey_map), user.id)
    return await map_view(studio, mid, who=user)


@router.delete("/maps/{mid}")
async def delete_map(
    mid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("map:delete")]
) -> Done:
    """Move the map to the trash (restorable for 30 days); its live document is closed."""
    await studio.rooms.drop(mid)
    with studio.store.session() as db:
        row = repo.map_row(db, mid)
        assert row is not None
        maps.trash_map(row)
        audit_by(db, request, who, "map.deleted", workspace_id=row.workspace_id, target=row.title)
    return Done()


@router.post("/maps/{mid}/derive", status_code=201)
async def derive(
    mid: int, studio: StudioDep, user: Annotated[Principal, authorize("map:create")],
    body: MapDeriveCreate | None = None,
) -> MapSummaryPublic:  # fmt: skip
    journey_map, problems = await studio.check(mid)
    if journey_map is None:
        raise MapFileError(problems)
    if journey_map.state is not MapState.AS_IS:
        raise ApiError(422, "only an as-is map derives a to-be map", hint="open the as-is map and derive from it")
    to_be = derive_to_be(journey_map, title=body.title if body else None)
    row = studio.map_row(mid)
    new_id = studio.create_map(row.workspace_id, model_data(to_be), user.id, kind="derived")
    return MapSummaryPublic.of(studio.map_row(new_id))


# --- comments -----------------------------------------------------------------------------------------------


@router.get("/maps/{mid}/comments")
def list_comments(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("comment:read")]
) -> list[CommentPublic]:
    with studio.store.session() as db:
        names = team.user_names(db)
        return [CommentPublic.of(c, names) for c in repo.comments(db, mid)]


@router.post("/maps/{mid}/comments", status_code=201)
def add_comment(
    mid: int, body: CommentCreate, studio: StudioDep, user: Annotated[Principal, authorize("comment:create")]
) -> CommentPublic:
    """A comment (or a reply); members it mentions (``@Full Name``) find it in their inbox."""
    if user.id is None and not (body.guest_name and body.guest_name.strip()):
        raise ApiError(422, "give your name with your comment", hint="guest_name: the name others will see")
    with studio.store.session() as db:
        anchor = body.anchor
        if body.parent_id is not None:
            parent = repo.comment(db, body.parent_id)
            if parent is None or parent.map_id != mid:
                raise ApiError(
                    422,
                    f"comment {body.parent_id} is not a comment of this map",
                    hint="reply to a comment of the same map",
                )
            anchor = parent.anchor
        guest = body.guest_name.strip() if user.id is None and body.guest_name else None
        comment = repo.add_comment(
            db, mid, anchor, body.body, parent_id=body.parent_id, author_id=user.id, guest_name=guest
        )
        out = CommentPublic.of(comment, team.user_names(db))
        notified = _notify_mentions(db, user, comment, out.author.name)
    studio.notify_map(mid, {"kind": "comments", "map_id": mid})
    for user_id, unread in notified:
        studio.notify_user(user_id, {"kind": "inbox", "unread": unread})
    return out


def _notify_mentions(db: DbSession, who: Principal, comment: t.Comment, author: str) -> list[tuple[int, int]]:
    """Inbox entries for the members the comment mentions (not its author); (user id, unread count) each."""
    assert who.workspace_id is not None
    people = [(u.id, u.name, u.email) for _, u in team.members(db, who.workspace_id) if not u.disabled]
    return [
        (user_id, team.add_mention(db, user_id, comment, who.id, author))
        for user_id in mentioned(comment.body, people)
        if user_id != who.id
    ]


def _own_comment(db: DbSession, cid: int) -> t.Comment:
    return found(repo.comment(db, cid), f"comment {cid}")


@router.patch("/comments/{cid}")
def patch_comment(
    cid: int, body: CommentUpdate, studio: StudioDep, user: Annotated[Principal, authorize("comment:resolve")]
) -> CommentPublic:
    """Resolve or reopen a thread (commenters and above); change the text (its author only)."""
    with studio.store.session() as db:
        if body.body is not None:
            check_access(db, user, "comment:edit", {"cid": cid})
        comment = _own_comment(db, cid)
        maps.edit_comment(db, comment, body=body.body, resolved=body.resolved)
        out = CommentPublic.of(comment, team.user_names(db))
    studio.notify_map(out.map_id, {"kind": "comments", "map_id": out.map_id})
    return out


@router.delete("/comments/{cid}")
def delete_comment(cid: int, studio: StudioDep, user: Annotated[Principal, authorize("comment:delete")]) -> Done:
    """Delete a comment and its replies (its author, or an owner of the workspace)."""
    with studio.store.session() as db:
        comment = _own_comment(db, cid)
        map_id = comment.map_id
        if comment.author_id != user.id:  # an owner removing someone else's comment
            team.audit(db, "comment.deleted", actor_id=user.id, actor_label=user.email, workspace_id=user.workspace_id,
                       target=f"map {map_id}", detail={"comment": cid, "excerpt": comment.body[:120]})  # fmt: skip
        repo.delete_comment(db, comment)
    studio.notify_map(map_id, {"kind": "comments", "map_id": map_id})
    return Done()


# --- versions -----------------------------------------------------------------------------------------------


@router.get("/maps/{mid}/versions")
def list_versions(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("version:read")]
) -> list[VersionPublic]:
    with studio.store.session() as db:
        return [VersionPublic.of(v) for v in repo.versions(db, mid)]


@router.post("/maps/{mid}/versions", status_code=201)
async def add_named_version(
    mid: int, body: VersionCreate, studio: StudioDep, user: Annotated[Principal, authorize("map:edit")]
) -> VersionPublic:
    studio.map_row(mid)
    version_id = await studio.take_version(mid, kind="named", name=body.name, user_id=user.id)
    with studio.store.session() as db:
        return VersionPublic.of(_version(db, version_id))


def _version(db: DbSession, vid: int) -> t.Version:
    return found(repo.version(db, vid), f"version {vid}")


@router.get("/versions/{vid}")
def get_version(vid: int, studio: StudioDep, _: Annotated[Principal, authorize("version:read")]) -> VersionDataPublic:
    with studio.store.session() as db:
        return VersionDataPublic.with_data(_version(db, vid))


async def _side(studio: Studio, mid: int, which: str) -> JsonObject:
    if which == "current":
        return dict(await studio.map_data(mid))
    if not (which.isascii() and which.isdigit()):
        raise ApiError(422, f"{which[:40]!r} is not a version id", hint="give a version id or 'current'")
    with studio.store.session() as db:
        version = repo.version(db, int(which)) if len(which) <= 19 else None
        if version is None or version.map_id != mid:
            raise not_found(f"version {which} of map {mid}")
        return dict(version.data)  # type: ignore[arg-type]


DIFF_ANSWERS: dict[int | str, dict[str, object]] = {
    200: {"model": DiffPublic, "content": {"text/html": {"schema": {"type": "string"}}}}
}


@router.get("/maps/{mid}/diff", response_model=None, responses=DIFF_ANSWERS)
async def diff(
    mid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("version:read")],
    from_: str = Query(alias="from"),
    to: str = Query("current"),
    format: str = Query("json", pattern="^(json|html)$"),
) -> DiffPublic | HTMLResponse:
    """Compare two versions of the map (``current``: the map as it is now): counts and text, or a page (html)."""
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
    return DiffPublic(
        text=result.to_text(),
        summary=DiffSummary(**result.summary()),
        html_url=f"/api/maps/{mid}/diff?from={from_}&to={to}&format=html",
    )


@router.post("/versions/{vid}/restore")
async def restore(vid: int, studio: StudioDep, user: Annotated[Principal, authorize("map:edit")]) -> MapPublic:
    """Make a version the map's document again (the map as it was is kept as a version first)."""
    with studio.store.session() as db:
        version = _version(db, vid)
        mid, data, number = version.map_id, dict(version.data), version.number
    if await _changed(studio, mid):
        await studio.take_version(mid, kind="auto")
    await studio.set_map_data(mid, data, user.id)
    await studio.take_version(mid, kind="restore", name=f"restored version {number}", user_id=user.id)
    with studio.store.session() as db:
        team.audit(db, "version.restored", actor_id=user.id, actor_label=user.email, workspace_id=user.workspace_id,
                   target=f"map {mid}", detail={"version": number})  # fmt: skip
    return await map_view(studio, mid, who=user)


async def _changed(studio: Studio, mid: int) -> bool:
    with studio.store.session() as db:
        return repo.has_changes_since_version(db, mid)


# --- the live document --------------------------------------------------------------------------------------


AdmissionKey = tuple[str, str, str]
"""A connection's session cookie, share cookie and map id: who asks to open what."""


@dataclass(eq=False)
class _Admission:
    """An admission being worked out: connections with the same key that arrive meanwhile wait for its answer."""

    done: anyio.Event = field(default_factory=anyio.Event)
    answer: tuple[Principal | None, bool] = (None, False)
    error: BaseException | None = None


_admitting: dict[tuple[int, AdmissionKey], _Admission] = {}
"""The admissions in progress, by studio and key (a burst of connections of one session asks the store once)."""


def _admit(studio: Studio, websocket: WebSocket, key: AdmissionKey) -> tuple[Principal | None, bool]:
    """Who is connecting and whether they may read the map (in a worker thread); remembered for a few seconds."""
    principal = principal_from_cookies(studio, websocket.cookies, websocket)
    if principal is None:
        return None, False
    try:
        with studio.store.session() as db:
            principal = check_access(db, principal, "map:read", {"mid": key[2]})
    except ApiError:
        return principal, False
    now = time.monotonic()
    if len(studio.recent_sessions) > 1000:  # forget the old ones
        studio.recent_sessions = {
            k: v for k, v in studio.recent_sessions.items() if now - v[0] < RECENT_SESSION_SECONDS
        }
    studio.recent_sessions[key] = (now, principal)  # type: ignore[index]
    return principal, True


async def admission(studio: Studio, websocket: WebSocket, mid: str) -> tuple[Principal | None, bool]:
    """The caller of a live connection and whether they may read the map: from the admission cache when the same
    session opened this (open) map a moment ago, else from the store in one worker-thread hop, shared by the
    connections of the same session that arrive while it runs."""
    key = (websocket.cookies.get(SESSION_COOKIE) or "", websocket.cookies.get(SHARE_COOKIE) or "", mid)
    recent: tuple[float, object] | None = studio.recent_sessions.get(key)  # type: ignore[call-overload]
    open_map = mid.isascii() and mid.isdigit() and int(mid) in studio.rooms.rooms
    fresh = recent is not None and time.monotonic() - recent[0] < RECENT_SESSION_SECONDS
    if recent is not None and fresh and open_map and isinstance(recent[1], Principal):
        return recent[1], True  # admitted a moment ago, to a map that is open
    flight = (id(studio), key)
    running = _admitting.get(flight)
    if running is not None:
        await running.done.wait()
        if running.error is not None:
            raise running.error
        return running.answer
    running = _admitting[flight] = _Admission()
    try:
        running.answer = await anyio.to_thread.run_sync(_admit, studio, websocket, key)
    except BaseException as error:
        running.error = error
        raise
    finally:
        del _admitting[flight]
        running.done.set()
    return running.answer


@router.websocket("/realtime/map-{mid}")
async def realtime(websocket: WebSocket, mid: str) -> None:
    """The map's live document. Members and share-link visitors join; below editor, read-only (the server tells
    the client, and refuses its updates). Close codes: 4401 not signed in, 4403 wrong origin or access revoked,
    4404 no such map (or none the caller may see), 4409 the client's document belongs to an older generation of the
    map's (``?generation=N``; ``?generation=`` asks to be told the generation joined)."""
    studio: Studio = websocket.app.state.studio
    principal, allowed = await admission(studio, websocket, mid)
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
    asked = websocket.query_params.get("generation")
    await websocket.accept()
    with contextlib.suppress(WebSocketDisconnect):
        await studio.rooms.serve(
            websocket,
            int(mid),
            live_user(principal),
            read_only=not editable,
            role=role.value if role else "",
            sees_presence=principal.id is not None and principal.role is not None,  # not a share-link visitor
            generation=int(asked) if asked is not None and asked.isdecimal() and len(asked) < 10 else None,
            announce=asked is not None,
        )
