"""Queries of the studio's team features: memberships, invitations and password resets, share links, the audit
log, the inbox, sign-in failures and the trash."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session as OrmSession

from ..limits import MAX_ID
from . import tables as t
from .repo import aware, token_hash

TRASH_DAYS = 30
INVITATION_DAYS = 14
RESET_HOURS = 24


def utcnow() -> datetime:
    return datetime.now(UTC)


def user_names(db: OrmSession) -> dict[int, str]:
    """Every account's name by id (to name the authors of comments, invitations and share links)."""
    return dict(db.execute(select(t.User.id, t.User.name)).all())


# --- memberships ------------------------------------------------------------------------------------------------


def role_of(db: OrmSession, user_id: int, workspace_id: int) -> str | None:
    return db.scalar(
        select(t.Membership.role).where(t.Membership.workspace_id == workspace_id, t.Membership.user_id == user_id)
    )


def membership(db: OrmSession, workspace_id: int, user_id: int) -> t.Membership | None:
    return db.scalar(
        select(t.Membership).where(t.Membership.workspace_id == workspace_id, t.Membership.user_id == user_id)
    )


def set_member(db: OrmSession, workspace_id: int, user_id: int, role: str) -> t.Membership:
    """Add the user with ``role``, or change their role."""
    row = membership(db, workspace_id, user_id)
    if row is None:
        row = t.Membership(workspace_id=workspace_id, user_id=user_id, role=role)
        db.add(row)
    else:
        row.role = role
    db.flush()
    return row


def remove_member(db: OrmSession, row: t.Membership) -> None:
    db.delete(row)


def set_role(row: t.Membership, role: str) -> None:
    """Change a member's role (:func:`set_member` when the membership may not exist yet)."""
    row.role = role


def members(db: OrmSession, workspace_id: int) -> list[tuple[t.Membership, t.User]]:
    rows = db.execute(
        select(t.Membership, t.User)
        .join(t.User, t.User.id == t.Membership.user_id)
        .where(t.Membership.workspace_id == workspace_id)
        .order_by(t.User.name, t.User.id)
    ).all()
    return [(m, u) for m, u in rows]


def owner_count(db: OrmSession, workspace_id: int) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(t.Membership)
            .join(t.User, t.User.id == t.Membership.user_id)
            .where(t.Membership.workspace_id == workspace_id, t.Membership.role == "owner", t.User.disabled.is_(False))
        )
        or 0
    )


def adopt_unowned_workspaces(db: OrmSession, user_id: int) -> list[int]:
    """Make the user owner of every workspace that has no member (imported by the server before anyone signed
    up); their ids."""
    with_members = select(t.Membership.workspace_id).distinct()
    ids = list(db.scalars(select(t.Workspace.id).where(t.Workspace.id.not_in(with_members))))
    for workspace_id in ids:
        db.add(t.Membership(workspace_id=workspace_id, user_id=user_id, role="owner"))
    db.flush()
    return ids


# --- invitations and password resets ----------------------------------------------------------------------------


def create_invitation(
    db: OrmSession,
    *,
    kind: str,
    email: str,
    created_by: int | None,
    workspace_id: int | None = None,
    role: str | None = None,
    user_id: int | None = None,
    lifetime: timedelta | None = None,
) -> tuple[t.Invitation, str]:
    """A new one-time token (only its hash is stored) and its row."""
    token = secrets.token_urlsafe(32)
    if lifetime is None:
        lifetime = timedelta(hours=RESET_HOURS) if kind == "reset" else timedelta(days=INVITATION_DAYS)
    row = t.Invitation(
        kind=kind,
        token_hash=token_hash(token),
        email=email.strip().lower(),
        workspace_id=workspace_id,
        role=role,
        user_id=user_id,
        created_by=created_by,
        expires_at=utcnow() + lifetime,
    )
    db.add(row)
    db.flush()
    return row, token


def invitation_by_token(db: OrmSession, kind: str, token: str) -> t.Invitation | None:
    return db.scalar(
        select(t.Invitation).where(t.Invitation.token_hash == token_hash(token), t.Invitation.kind == kind)
    )


def invitation_live(row: t.Invitation) -> bool:
    return row.used_at is None and row.revoked_at is None and aware(row.expires_at) > utcnow()


def use_invitation(row: t.Invitation) -> None:
    """Spend an invitation or a password-reset link: it is no longer live."""
    row.used_at = utcnow()


def revoke_invitation(row: t.Invitation) -> None:
    row.revoked_at = utcnow()


def open_invitations(db: OrmSession, workspace_id: int) -> list[t.Invitation]:
    rows = db.scalars(
        select(t.Invitation)
        .where(t.Invitation.workspace_id == workspace_id, t.Invitation.kind == "invite")
        .order_by(t.Invitation.id.desc())
    )
    return [row for row in rows if invitation_live(row)]


# --- share links ------------------------------------------------------------------------------------------------


def create_share_link(db: OrmSession, map_id: int, role: str, days: int, created_by: int | None) -> t.ShareLink:
    row = t.ShareLink(
        map_id=map_id,
        token=secrets.token_urlsafe(24),
        role=role,
        created_by=created_by,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.add(row)
    db.flush()
    return row


def share_link_live(row: t.ShareLink) -> bool:
    return row.revoked_at is None and aware(row.expires_at) > utcnow()


def revoke_share_link(row: t.ShareLink) -> None:
    """Revoke a share link: it is no longer live (its visitors are disconnected by the studio)."""
    row.revoked_at = utcnow()


def share_link_by_token(db: OrmSession, token: str) -> t.ShareLink | None:
    return db.scalar(select(t.ShareLink).where(t.ShareLink.token == token))


def live_share_links(db: OrmSession, map_id: int) -> list[t.ShareLink]:
    rows = db.scalars(select(t.ShareLink).where(t.ShareLink.map_id == map_id).order_by(t.ShareLink.id.desc()))
    return [row for row in rows if share_link_live(row)]


# --- the audit log ----------------------------------------------------------------------------------------------


def audit(
    db: OrmSession,
    action: str,
    *,
    actor_id: int | None = None,
    actor_label: str = "",
    workspace_id: int | None = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> None:
    db.add(
        t.AuditEntry(
            action=action,
            actor_id=actor_id,
            actor_label=actor_label[:320],
            workspace_id=workspace_id,
            target=target[:500],
            detail=detail or {},
            ip=ip,
        )
    )


def audit_entries(db: OrmSession, workspace_id: int | None = None, limit: int = 200) -> list[t.AuditEntry]:
    query = select(t.AuditEntry).order_by(t.AuditEntry.id.desc()).limit(limit)
    if workspace_id is not None:
        query = query.where(t.AuditEntry.workspace_id == workspace_id)
    return list(db.scalars(query))


# --- the inbox --------------------------------------------------------------------------------------------------


def unread_count(db: OrmSession, user_id: int) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(t.Notification)
            .where(t.Notification.user_id == user_id, t.Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(db: OrmSession, user_id: int, ids: list[int] | None) -> None:
    query = update(t.Notification).where(t.Notification.user_id == user_id, t.Notification.read_at.is_(None))
    if ids is not None:
        query = query.where(t.Notification.id.in_(ids))
    db.execute(query.values(read_at=utcnow()))


# --- sign-in failures -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockPolicy:
    window: float
    """Seconds after which failures are forgotten."""
    limits: dict[str, int]
    """Failures that lock, by key kind (``account``, ``address``)."""
    first_lock: float
    max_lock: float


def locked_for(db: OrmSession, keys: list[str]) -> float:
    """Seconds until every key is unlocked (0 when none is locked)."""
    now = utcnow()
    wait = 0.0
    for row in db.scalars(select(t.LoginFailure).where(t.LoginFailure.key.in_(keys))):
        if row.locked_until is not None:
            wait = max(wait, (aware(row.locked_until) - now).total_seconds())
    return wait


def note_failure(db: OrmSession, keys: list[str], policy: LockPolicy) -> float:
    """Count a wrong password against each key; the lock (seconds) it sets, 0 when none."""
    now = utcnow()
    lock = 0.0
    for key in keys:
        row = db.get(t.LoginFailure, key)
        if row is None or (now - aware(row.first_at)).total_seconds() > policy.window:
            if row is not None:
                db.delete(row)
                db.flush()
            row = t.LoginFailure(key=key, count=0, first_at=now)
            db.add(row)
        row.count += 1
        limit = policy.limits[key.split(":", 1)[0]]
        if row.count >= limit:
            seconds = min(policy.max_lock, policy.first_lock * 2 ** (row.count - limit))
            row.locked_until = now + timedelta(seconds=seconds)
            lock = max(lock, seconds)
    db.flush()
    return lock


def clear_failures(db: OrmSession, key: str) -> None:
    db.execute(delete(t.LoginFailure).where(t.LoginFailure.key == key))


# --- the trash ----------------------------------------------------------------------------------------------------


def purge_date(deleted_at: datetime) -> datetime:
    return aware(deleted_at) + timedelta(days=TRASH_DAYS)


def purge_trash(db: OrmSession) -> int:
    """Delete for good what has been in the trash for more than 30 days; how many workspaces and maps."""
    cutoff = utcnow() - timedelta(days=TRASH_DAYS)
    maps = db.execute(delete(t.MapRow).where(t.MapRow.deleted_at.is_not(None), t.MapRow.deleted_at < cutoff))
    spaces = db.execute(delete(t.Workspace).where(t.Workspace.deleted_at.is_not(None), t.Workspace.deleted_at < cutoff))
    return int(getattr(maps, "rowcount", 0) or 0) + int(getattr(spaces, "rowcount", 0) or 0)


def trash(db: OrmSession, user_id: int) -> tuple[list[t.Workspace], list[tuple[t.MapRow, str]], dict[int, str]]:
    """What is in the trash in the user's workspaces: the workspaces, the maps (with their workspace's name, of
    workspaces not in the trash), and the user's role in each workspace."""
    query = select(t.Membership.workspace_id, t.Membership.role).where(t.Membership.user_id == user_id)
    roles = {wid: role for wid, role in db.execute(query).all()}  # noqa: C416 (rows, typed)
    spaces = db.scalars(select(t.Workspace).where(t.Workspace.deleted_at.is_not(None), t.Workspace.id.in_(roles)))
    maps = db.execute(
        select(t.MapRow, t.Workspace.name)
        .join(t.Workspace, t.Workspace.id == t.MapRow.workspace_id)
        .where(t.MapRow.deleted_at.is_not(None), t.Workspace.deleted_at.is_(None), t.Workspace.id.in_(roles))
    ).all()
    return list(spaces), [(m, name) for m, name in maps], roles


# --- workspaces of a member -------------------------------------------------------------------------------------


def workspaces_of(db: OrmSession, user_id: int) -> list[tuple[t.Workspace, str]]:
    """The workspaces (not in the trash) the user is a member of, with their role, by name."""
    rows = db.execute(
        select(t.Workspace, t.Membership.role)
        .join(t.Membership, t.Membership.workspace_id == t.Workspace.id)
        .where(t.Membership.user_id == user_id, t.Workspace.deleted_at.is_(None))
        .order_by(t.Workspace.name, t.Workspace.id)
    ).all()
    return [(w, role) for w, role in rows]


# --- mentions -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxItem:
    notification: t.Notification
    map_title: str | None
    workspace_id: int | None
    anchor: str | None


def inbox(db: OrmSession, user_id: int, limit: int) -> list[InboxItem]:
    """The user's notifications, newest first, with the map and the comment's anchor they point at."""
    rows = db.execute(
        select(t.Notification, t.MapRow.title, t.MapRow.workspace_id, t.Comment.anchor)
        .outerjoin(t.MapRow, t.MapRow.id == t.Notification.map_id)
        .outerjoin(t.Comment, t.Comment.id == t.Notification.comment_id)
        .where(t.Notification.user_id == user_id)
        .order_by(t.Notification.id.desc())
        .limit(limit)
    ).all()
    return [InboxItem(n, title, workspace_id, anchor) for n, title, workspace_id, anchor in rows]


def add_mention(db: OrmSession, user_id: int, comment: t.Comment, actor_id: int | None, actor_name: str) -> int:
    """Tell the user a comment mentions them; their unread count."""
    db.add(
        t.Notification(
            user_id=user_id, kind="mention", map_id=comment.map_id, comment_id=comment.id, actor_id=actor_id,
            actor_name=actor_name, excerpt=comment.body[:280],
        )
    )  # fmt: skip
    db.flush()
    return unread_count(db, user_id)


# --- rows by id ---------------------------------------------------------------------------------------------------


def invitation(db: OrmSession, invitation_id: int) -> t.Invitation | None:
    return db.get(t.Invitation, invitation_id) if 0 < invitation_id <= MAX_ID else None


def share_link(db: OrmSession, link_id: int) -> t.ShareLink | None:
    return db.get(t.ShareLink, link_id) if 0 < link_id <= MAX_ID else None
