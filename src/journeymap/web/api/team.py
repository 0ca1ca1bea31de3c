"""Working as a team: members and invitations, share links, the trash (workspaces and maps), the inbox and the
workspace's audit log."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Body, Request

from ...limits import MAX_ID
from ...store import DbSession, maps, repo, team
from ...store import tables as t
from .. import method_service
from ..deps import Principal, StudioDep, authorize, check_access, client_address
from ..errors import ApiError, found, not_found
from ..permissions import ROLES, SHARE_ROLES, Role
from ..schemas.common import Done, timestamp
from ..schemas.team import (
    AuditEntryPublic,
    InboxPublic,
    InboxReadUpdate,
    InvitationPublic,
    MemberAddedPublic,
    MemberCreate,
    MemberPublic,
    MemberUpdate,
    NotificationActor,
    NotificationPublic,
    ShareLinkCreate,
    ShareLinkCreatedPublic,
    ShareLinkPublic,
    TrashedMapPublic,
    TrashedWorkspacePublic,
    TrashPublic,
    UnreadPublic,
)
from ..schemas.workspaces import (
    MapDuplicateCreate,
    MapSummaryPublic,
    MapUpdate,
    WorkspaceDuplicateCreate,
    WorkspaceSummaryPublic,
    WorkspaceUpdate,
)
from ..services import Studio
from .workspaces import workspace_summary

router = APIRouter(tags=["team"])

assert set(ROLES) == {"owner", "editor", "commenter", "viewer"}
assert {role.value for role in SHARE_ROLES} == {"viewer", "commenter"}


def base_url(studio: Studio, request: Request) -> str:
    """Where people reach the studio (``--public-url``, else the request's own address)."""
    return (studio.settings.public_url or str(request.base_url)).rstrip("/")


def audit_by(
    db: DbSession, request: Request, who: Principal, action: str, *, workspace_id: int | None = None,
    target: str = "", detail: dict[str, object] | None = None,
) -> None:  # fmt: skip
    """Write ``action`` to the audit log as done by ``who`` from the request's address."""
    team.audit(db, action, actor_id=who.id, actor_label=who.email or who.name, ip=client_address(request),
               workspace_id=workspace_id, target=target, detail=detail)  # fmt: skip


# --- members and invitations --------------------------------------------------------------------------------------


@router.get("/workspaces/{wid}/members")
def list_members(wid: int, studio: StudioDep, _: Annotated[Principal, authorize("members:read")]) -> list[MemberPublic]:
    with studio.store.session() as db:
        return [MemberPublic.of(m, u) for m, u in team.members(db, wid)]


@router.post("/workspaces/{wid}/members", status_code=201)
def add_member(
    wid: int, body: MemberCreate, request: Request, studio: StudioDep,
    who: Annotated[Principal, authorize("members:manage")],
) -> MemberAddedPublic:  # fmt: skip
    """Add an existing account with a role, or invite an unknown address (the answer holds the one-time
    ``invite_url``; only its hash is kept)."""
    with studio.store.session() as db:
        user = repo.user_by_email(db, body.email)
        if user is not None:
            if team.membership(db, wid, user.id) is not None:
                raise ApiError(409, f"{user.email} is already a member", hint="change their role instead (PATCH)")
            membership = team.set_member(db, wid, user.id, body.role)
            audit_by(db, request, who, "member.added", workspace_id=wid, target=user.email, detail={"role": body.role})
            return MemberAddedPublic(member=MemberPublic.of(membership, user), invitation=None, invite_url=None)
        row, token = team.create_invitation(
            db, kind="invite", email=body.email, created_by=who.user_id, workspace_id=wid, role=body.role
        )
        audit_by(db, request, who, "member.invited", workspace_id=wid, target=row.email, detail={"role": body.role})
        invitation = InvitationPublic.of(row, team.user_names(db))
    url = f"{base_url(studio, request)}/invite/{token}"
    return MemberAddedPublic(member=None, invitation=invitation, invite_url=url)


def _member_or_404(db: DbSession, wid: int, uid: int) -> tuple[t.Membership, t.User]:
    membership = team.membership(db, wid, uid) if 0 < uid <= MAX_ID else None
    user = repo.user(db, uid) if membership else None
    if membership is None or user is None:
        raise not_found(f"member {uid}")
    return membership, user


def _keep_an_owner(db: DbSession, wid: int, membership: t.Membership, new_role: str | None) -> None:
    if membership.role == "owner" and new_role != "owner" and team.owner_count(db, wid) <= 1:
        raise ApiError(409, "a workspace keeps at least one owner", hint="make someone else an owner first")


@router.patch("/workspaces/{wid}/members/{uid}")
def change_member(
    wid: int, uid: int, body: MemberUpdate, request: Request, studio: StudioDep,
    who: Annotated[Principal, authorize("members:manage")],
) -> MemberPublic:  # fmt: skip
    with studio.store.session() as db:
        membership, user = _member_or_404(db, wid, uid)
        _keep_an_owner(db, wid, membership, body.role)
        before = membership.role
        team.set_role(membership, body.role)
        audit_by(db, request, who, "member.role_changed", workspace_id=wid, target=user.email,
               detail={"from": before, "to": body.role})  # fmt: skip
        out = MemberPublic.of(membership, user)
    studio.forget_workspace_member(wid, uid)  # live connections join again with the new role
    return out


@router.delete("/workspaces/{wid}/members/{uid}")
def remove_member(
    wid: int, uid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("members:read")]
) -> Done:
    """Remove a member (owners), or leave the workspace (anyone, for themselves); the last owner stays."""
    with studio.store.session() as db:
        if uid != who.id:
            check_access(db, who, "members:manage", {"wid": wid})
        membership, user = _member_or_404(db, wid, uid)
        _keep_an_owner(db, wid, membership, None)
        team.remove_member(db, membership)
        action = "member.left" if uid == who.id else "member.removed"
        audit_by(db, request, who, action, workspace_id=wid, target=user.email, detail={"role": membership.role})
    studio.forget_workspace_member(wid, uid)
    return Done()


@router.get("/workspaces/{wid}/invitations")
def list_invitations(
    wid: int, studio: StudioDep, _: Annotated[Principal, authorize("members:manage")]
) -> list[InvitationPublic]:
    with studio.store.session() as db:
        names = team.user_names(db)
        return [InvitationPublic.of(row, names) for row in team.open_invitations(db, wid)]


@router.delete("/invitations/{iid}")
def revoke_invitation(
    iid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("members:manage")]
) -> Done:
    with studio.store.session() as db:
        row = found(team.invitation(db, iid), f"invitation {iid}")
        team.revoke_invitation(row)
        audit_by(db, request, who, "invitation.revoked", workspace_id=row.workspace_id, target=row.email)
    return Done()


@router.get("/workspaces/{wid}/audit")
def workspace_audit(
    wid: int, studio: StudioDep, _: Annotated[Principal, authorize("workspace:admin")], limit: int = 200
) -> list[AuditEntryPublic]:
    with studio.store.session() as db:
        return [audit_public(row, db) for row in team.audit_entries(db, wid, max(1, min(limit, 1000)))]


def audit_public(row: t.AuditEntry, db: DbSession) -> AuditEntryPublic:
    return AuditEntryPublic.of(row, repo.user(db, row.actor_id) if row.actor_id else None)


# --- share links --------------------------------------------------------------------------------------------------


@router.post("/maps/{mid}/share-links", status_code=201)
def create_share_link(
    mid: int, body: ShareLinkCreate, request: Request, studio: StudioDep,
    who: Annotated[Principal, authorize("share:manage")],
) -> ShareLinkCreatedPublic:  # fmt: skip
    """A link that opens this map without an account, read-only or with comments, until it expires or is
    revoked."""
    with studio.store.session() as db:
        row = team.create_share_link(db, mid, body.role, body.expires_in_days, who.user_id)
        audit_by(db, request, who, "share_link.created", workspace_id=who.workspace_id, target=f"map {mid}",
               detail={"link": row.id, "role": row.role, "days": body.expires_in_days})  # fmt: skip
        out = ShareLinkPublic.of(row, base_url(studio, request), {})
    return ShareLinkCreatedPublic(id=out.id, url=out.url, role=out.role, expires_at=out.expires_at)


@router.get("/maps/{mid}/share-links")
def list_share_links(
    mid: int, request: Request, studio: StudioDep, _: Annotated[Principal, authorize("share:manage")]
) -> list[ShareLinkPublic]:
    with studio.store.session() as db:
        names, base = team.user_names(db), base_url(studio, request)
        return [ShareLinkPublic.of(row, base, names) for row in team.live_share_links(db, mid)]


@router.delete("/share-links/{lid}")
def revoke_share_link(
    lid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("share:manage")]
) -> Done:
    """Revoke a share link: its URL answers 410 Gone from now on and its visitors are disconnected."""
    with studio.store.session() as db:
        row = found(team.share_link(db, lid), f"share link {lid}")
        team.revoke_share_link(row)
        audit_by(db, request, who, "share_link.revoked", workspace_id=who.workspace_id, target=f"map {row.map_id}",
               detail={"link": lid})  # fmt: skip
    studio.forget({"share_link": lid})
    return Done()


# --- the trash ----------------------------------------------------------------------------------------------------


def _workspace(db: DbSession, wid: int) -> t.Workspace:
    """The workspace the route's permission check found (it exists)."""
    row = repo.workspace(db, wid)
    assert row is not None
    return row


@router.patch("/workspaces/{wid}")
def rename_workspace(
    wid: int, body: WorkspaceUpdate, request: Request, studio: StudioDep,
    who: Annotated[Principal, authorize("workspace:admin")],
) -> WorkspaceSummaryPublic:  # fmt: skip
    with studio.store.session() as db:
        before = _workspace(db, wid).name
    # the name changed in the file as it is when written (a save made meanwhile by anyone is kept)
    method_service.change_settings(studio, wid, lambda settings: {**settings, "name": body.name.strip()})
    with studio.store.session() as db:
        audit_by(db, request, who, "workspace.renamed", workspace_id=wid, target=body.name,
               detail={"from": before})  # fmt: skip
        return workspace_summary(db, wid, "owner")


@router.delete("/workspaces/{wid}")
async def delete_workspace(
    wid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("workspace:admin")]
) -> Done:
    """Move the workspace to the trash (restorable for 30 days); its live maps are closed."""
    with studio.store.session() as db:
        row = _workspace(db, wid)
        maps.trash_workspace(row)
        map_ids = repo.map_ids(db, wid)
        audit_by(db, request, who, "workspace.deleted", workspace_id=wid, target=row.name)
    for map_id in map_ids:
        await studio.rooms.drop(map_id)
    return Done()


@router.post("/workspaces/{wid}/restore")
def restore_workspace(
    wid: int, request: Request, studio: StudioDep,
    who: Annotated[Principal, authorize("workspace:admin", in_trash=True)],
) -> WorkspaceSummaryPublic:  # fmt: skip
    with studio.store.session() as db:
        row = _workspace(db, wid)
        maps.restore_workspace(row)
        audit_by(db, request, who, "workspace.restored", workspace_id=wid, target=row.name)
        return workspace_summary(db, wid, "owner")


@router.post("/workspaces/{wid}/duplicate", status_code=201)
async def duplicate_workspace(
    wid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("workspace:duplicate")],
    body: Annotated[WorkspaceDuplicateCreate | None, Body()] = None,
) -> WorkspaceSummaryPublic:  # fmt: skip
    """A copy of the workspace (its files and maps as they are now), owned by the caller."""
    with studio.store.session() as db:
        source = _workspace(db, wid)
        name = (body.name if body and body.name else None) or f"{source.name} (copy)"
    async with studio.workspace_folder(wid) as folder:
        new_id = studio.import_folder(folder, forget_source=True)
    with studio.store.session() as db:
        team.set_member(db, new_id, who.user_id, "owner")
        settings = dict(_workspace(db, new_id).settings)
    studio.save_settings(new_id, {**settings, "name": name})
    with studio.store.session() as db:
        audit_by(db, request, who, "workspace.duplicated", workspace_id=new_id, target=name, detail={"from": wid})
        return workspace_summary(db, new_id, "owner")


@router.patch("/maps/{mid}")
async def rename_map(
    mid: int, body: MapUpdate, studio: StudioDep, who: Annotated[Principal, authorize("map:edit")]
) -> MapSummaryPublic:
    """Rename a map: its title, in the live document too."""
    data = dict(await studio.map_data(mid))
    data["title"] = body.title.strip()
    await studio.set_map_data(mid, data, who.id)
    return MapSummaryPublic.of(studio.map_row(mid))


@router.post("/maps/{mid}/duplicate", status_code=201)
async def duplicate_map(
    mid: int, studio: StudioDep, who: Annotated[Principal, authorize("map:create")],
    body: Annotated[MapDuplicateCreate | None, Body()] = None,
) -> MapSummaryPublic:  # fmt: skip
    from ..services import canonical

    data = canonical(dict(await studio.map_data(mid)))
    title = (body.title if body and body.title else None) or f"{data.get('title') or 'Map'} (copy)"
    data["title"] = title
    row = studio.map_row(mid)
    with studio.store.session() as db:
        taken = {path.rsplit("/", 1)[-1].rsplit(".", 1)[0] for path in repo.map_paths(db, row.workspace_id)}
    stem, n = repo.slugify(title, "map"), 2
    new = stem
    while new in taken:
        new, n = f"{stem}-{n}", n + 1
    data["id"] = new
    new_id = studio.create_map(row.workspace_id, data, who.id, kind="duplicated")
    return MapSummaryPublic.of(studio.map_row(new_id))


@router.post("/maps/{mid}/restore")
def restore_map(
    mid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("map:delete", in_trash=True)]
) -> MapSummaryPublic:
    with studio.store.session() as db:
        row = repo.map_row(db, mid)
        assert row is not None
        maps.restore_map(row)
        audit_by(db, request, who, "map.restored", workspace_id=row.workspace_id, target=row.title)
    return MapSummaryPublic.of(studio.map_row(mid))


@router.get("/trash")
def trash(studio: StudioDep, who: Annotated[Principal, authorize("account")]) -> TrashPublic:
    """What the caller may restore: the workspaces they own and the maps of workspaces they edit, deleted less
    than 30 days ago (older ones are purged now)."""
    with studio.store.session() as db:
        team.purge_trash(db)
        spaces, maps, roles = team.trash(db, who.user_id)
    editors = {wid for wid, role in roles.items() if Role(role).rank >= Role.EDITOR.rank}
    return TrashPublic(
        workspaces=[
            TrashedWorkspacePublic(
                id=w.id,
                name=w.name,
                deleted_at=timestamp(w.deleted_at),
                purge_at=timestamp(team.purge_date(w.deleted_at)),
            )
            for w in spaces
            if roles.get(w.id) == "owner" and w.deleted_at is not None
        ],
        maps=[
            TrashedMapPublic(
                id=m.id,
                title=m.title,
                workspace_id=m.workspace_id,
                workspace_name=name,
                deleted_at=timestamp(m.deleted_at),
                purge_at=timestamp(team.purge_date(m.deleted_at)),
            )
            for m, name in maps
            if m.workspace_id in editors and m.deleted_at is not None
        ],
    )


# --- the inbox ----------------------------------------------------------------------------------------------------


@router.get("/inbox")
def inbox(studio: StudioDep, who: Annotated[Principal, authorize("account")], limit: int = 100) -> InboxPublic:
    """The caller's mentions, newest first, and how many are unread."""
    with studio.store.session() as db:
        items = [
            NotificationPublic(
                id=item.notification.id,
                kind=item.notification.kind,
                map_id=item.notification.map_id,
                map_title=item.map_title,
                workspace_id=item.workspace_id,
                comment_id=item.notification.comment_id,
                anchor=item.anchor,
                actor=NotificationActor(id=item.notification.actor_id, name=item.notification.actor_name),
                excerpt=item.notification.excerpt,
                created_at=timestamp(item.notification.created_at),
                read=item.notification.read_at is not None,
            )
            for item in team.inbox(db, who.user_id, max(1, min(limit, 500)))
        ]
        return InboxPublic(unread=team.unread_count(db, who.user_id), items=items)


@router.post("/inbox/read")
def inbox_read(
    body: InboxReadUpdate, studio: StudioDep, who: Annotated[Principal, authorize("account")]
) -> UnreadPublic:
    with studio.store.session() as db:
        team.mark_read(db, who.user_id, body.ids)
        return UnreadPublic(unread=team.unread_count(db, who.user_id))


def mentioned(body: str, people: list[tuple[int, str, str]]) -> list[int]:
    """The ids of the people (id, name, email) that ``body`` mentions as ``@Full Name`` or ``@email-name``
    (case-insensitive; the longest name wins where names share a start)."""
    text = body.casefold()
    found: list[int] = []
    for user_id, name, email in people:
        handles = {name.strip().casefold(), email.split("@", 1)[0].casefold()}
        for handle in handles:
            if not handle:
                continue
            for match in re.finditer("@" + re.escape(handle), text):
                after = text[match.end() : match.end() + 1]
                if not after or not (after.isalnum() or after == "_"):
                    found.append(user_id)
                    break
            if user_id in found:
                break
    return found
