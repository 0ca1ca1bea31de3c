"""Working as a team: members and invitations, share links, the audit log, the trash and the inbox."""

from __future__ import annotations

from typing import Annotated, Literal, cast

from pydantic import BaseModel, Field

from ...limits import MAX_ID
from ...store import tables as t
from ..text import EMAIL
from .common import JsonObject, Timestamp, UserRef, timestamp

RoleName = Literal["owner", "editor", "commenter", "viewer"]
ShareRoleName = Literal["viewer", "commenter"]

# --- what the routes read -----------------------------------------------------------------------------------------


class MemberCreate(BaseModel):
    """Add an account to the workspace with a role, or invite an address that has none."""

    email: str = Field(min_length=3, max_length=320, pattern=EMAIL)
    role: RoleName


class MemberUpdate(BaseModel):
    role: RoleName


class StudioInvitationCreate(BaseModel):
    """The admin invites someone to sign up to the studio (no workspace yet)."""

    email: str = Field(min_length=3, max_length=320, pattern=EMAIL)


class ShareLinkCreate(BaseModel):
    role: ShareRoleName
    expires_in_days: int = Field(30, ge=1, le=365)


class InboxReadUpdate(BaseModel):
    """Mark mentions read: these ids, or all of them when ``ids`` is null."""

    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(None, max_length=10000)


# --- what the routes answer ---------------------------------------------------------------------------------------


class MemberPublic(BaseModel):
    user_id: int
    email: str
    name: str
    role: str
    joined_at: Timestamp
    disabled: bool

    @classmethod
    def of(cls, membership: t.Membership, user: t.User) -> MemberPublic:
        return cls(
            user_id=user.id,
            email=user.email,
            name=user.name,
            role=membership.role,
            joined_at=timestamp(membership.created_at),
            disabled=user.disabled,
        )


class InvitationPublic(BaseModel):
    id: int
    email: str
    role: str | None
    workspace_id: int | None
    invited_by: str | None
    created_at: Timestamp
    expires_at: Timestamp

    @classmethod
    def of(cls, row: t.Invitation, names: dict[int, str]) -> InvitationPublic:
        return cls(
            id=row.id,
            email=row.email,
            role=row.role,
            workspace_id=row.workspace_id,
            invited_by=names.get(row.created_by or 0),
            created_at=timestamp(row.created_at),
            expires_at=timestamp(row.expires_at),
        )


class InvitationCreatedPublic(BaseModel):
    """A new invitation and its one-time link (only the link's hash is kept: this is the one chance to copy it)."""

    invitation: InvitationPublic
    invite_url: str


class MemberAddedPublic(BaseModel):
    """Either the new member (the address had an account) or the invitation sent to the address."""

    member: MemberPublic | None
    invitation: InvitationPublic | None
    invite_url: str | None


class AuditEntryPublic(BaseModel):
    id: int
    at: Timestamp
    actor: UserRef | None
    actor_label: str
    action: str
    workspace_id: int | None
    target: str
    detail: JsonObject
    ip: str | None

    @classmethod
    def of(cls, row: t.AuditEntry, actor: t.User | None) -> AuditEntryPublic:
        return cls(
            id=row.id,
            at=timestamp(row.at),
            actor=UserRef(id=actor.id, name=actor.name, email=actor.email) if actor else None,
            actor_label=row.actor_label,
            action=row.action,
            workspace_id=row.workspace_id,
            target=row.target,
            detail=cast(JsonObject, row.detail),
            ip=row.ip,
        )


class ShareLinkCreatedPublic(BaseModel):
    id: int
    url: str
    role: str
    expires_at: Timestamp


class ShareLinkAuthor(BaseModel):
    id: int | None
    name: str | None


class ShareLinkPublic(ShareLinkCreatedPublic):
    created_at: Timestamp
    created_by: ShareLinkAuthor

    @classmethod
    def of(cls, row: t.ShareLink, base: str, names: dict[int, str]) -> ShareLinkPublic:
        return cls(
            id=row.id,
            url=f"{base}/s/{row.token}",
            role=row.role,
            expires_at=timestamp(row.expires_at),
            created_at=timestamp(row.created_at),
            created_by=ShareLinkAuthor(id=row.created_by, name=names.get(row.created_by or 0)),
        )


class TrashedWorkspacePublic(BaseModel):
    id: int
    name: str
    deleted_at: Timestamp
    purge_at: Timestamp


class TrashedMapPublic(BaseModel):
    id: int
    title: str
    workspace_id: int
    workspace_name: str
    deleted_at: Timestamp
    purge_at: Timestamp


class TrashPublic(BaseModel):
    """What the caller may restore (deleted less than 30 days ago)."""

    workspaces: list[TrashedWorkspacePublic]
    maps: list[TrashedMapPublic]


class NotificationActor(BaseModel):
    id: int | None
    name: str


class NotificationPublic(BaseModel):
    id: int
    kind: str
    map_id: int | None
    map_title: str | None
    workspace_id: int | None
    comment_id: int | None
    anchor: str | None
    actor: NotificationActor
    excerpt: str
    created_at: Timestamp
    read: bool


class UnreadPublic(BaseModel):
    unread: int


class InboxPublic(UnreadPublic):
    """The caller's mentions, newest first, and how many are unread."""

    items: list[NotificationPublic]
