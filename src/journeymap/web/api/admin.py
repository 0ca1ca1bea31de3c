"""The instance admin's page: accounts (disable, enable, admin or not, a password-reset link), everyone's sessions,
invitations to the studio, and the whole audit log. The admin manages accounts, not content."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request

from ...store import DbSession, accounts, repo, team
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError, found
from ..schemas.accounts import AdminSessionPublic, AdminUserPublic, AdminUserUpdate, ResetLinkPublic, SessionPublic
from ..schemas.common import Done, UserRef, timestamp
from ..schemas.team import AuditEntryPublic, InvitationCreatedPublic, InvitationPublic, StudioInvitationCreate
from .team import audit_by, audit_public, base_url

router = APIRouter(prefix="/admin", tags=["admin"])


def _user(db: DbSession, uid: int) -> t.User:
    return found(repo.user(db, uid), f"user {uid}")


@router.get("/users")
def users(studio: StudioDep, _: Annotated[Principal, authorize("admin")]) -> list[AdminUserPublic]:
    with studio.store.session() as db:
        return [AdminUserPublic.of(u) for u in repo.users(db)]


@router.patch("/users/{uid}")
def change_user(
    uid: int, body: AdminUserUpdate, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]
) -> AdminUserPublic:
    """Disable or enable an account (a disabled one is signed out everywhere at once), make or unmake an admin."""
    with studio.store.session() as db:
        user = _user(db, uid)
        if uid == who.id and (body.disabled or body.is_admin is False):
            raise ApiError(409, "you cannot disable yourself or drop your own admin role", hint="ask another admin")
        if body.is_admin is False and user.is_admin and repo.admin_count(db) <= 1:
            raise ApiError(409, "the studio keeps at least one admin", hint="make someone else an admin first")
        changes: dict[str, bool] = {}
        if body.disabled is not None and body.disabled != user.disabled:
            accounts.set_disabled(user, body.disabled)
            changes["disabled"] = body.disabled
            if body.disabled:
                repo.end_user_sessions(db, uid)
        if body.is_admin is not None and body.is_admin != user.is_admin:
            accounts.set_admin(user, body.is_admin)
            changes["is_admin"] = body.is_admin
        if changes:
            audit_by(db, request, who, "admin.user_changed", target=user.email, detail=dict(changes))
        out = AdminUserPublic.of(user)
    if body.disabled:
        studio.forget_user_sessions(uid)
    return out


@router.post("/users/{uid}/reset-link", status_code=201)
def reset_link(
    uid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]
) -> ResetLinkPublic:
    """A one-time link (valid 24 hours) with which the user sets a new password; hand it over yourself."""
    with studio.store.session() as db:
        user = _user(db, uid)
        row, token = team.create_invitation(db, kind="reset", email=user.email, created_by=who.user_id, user_id=uid)
        audit_by(db, request, who, "admin.reset_link", target=user.email)
        return ResetLinkPublic(url=f"{base_url(studio, request)}/reset/{token}", expires_at=timestamp(row.expires_at))


@router.post("/invitations", status_code=201)
def invite_to_studio(
    body: StudioInvitationCreate, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]
) -> InvitationCreatedPublic:
    """An invitation to sign up to the studio (no workspace yet)."""
    with studio.store.session() as db:
        if repo.user_by_email(db, body.email) is not None:
            raise ApiError(409, f"{body.email} has an account already", hint="add them to a workspace instead")
        row, token = team.create_invitation(db, kind="invite", email=body.email, created_by=who.user_id)
        audit_by(db, request, who, "admin.invited", target=row.email)
        out = InvitationPublic.of(row, team.user_names(db))
    return InvitationCreatedPublic(invitation=out, invite_url=f"{base_url(studio, request)}/invite/{token}")


@router.get("/sessions")
def sessions(studio: StudioDep, who: Annotated[Principal, authorize("admin")]) -> list[AdminSessionPublic]:
    with studio.store.session() as db:
        return [
            AdminSessionPublic(
                **SessionPublic.of(s, who.session).model_dump(), user=UserRef(id=u.id, email=u.email, name=u.name)
            )
            for s, u in repo.live_sessions(db)
        ]


@router.delete("/sessions/{sid}")
def end_session(sid: str, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]) -> Done:
    with studio.store.session() as db:
        row = found(repo.session_by_public_id(db, sid), f"session {sid}")
        user = repo.user(db, row.user_id)
        studio.forget_session_hash(row.token_hash)
        repo.drop_session(db, row)
        audit_by(db, request, who, "admin.session_ended", target=user.email if user else "")
    return Done()


@router.get("/audit")
def audit(studio: StudioDep, _: Annotated[Principal, authorize("admin")], limit: int = 200) -> list[AuditEntryPublic]:
    with studio.store.session() as db:
        return [audit_public(row, db) for row in team.audit_entries(db, None, max(1, min(limit, 1000)))]
