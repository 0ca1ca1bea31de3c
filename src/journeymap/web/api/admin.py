"""The instance admin's page: accounts (disable, enable, admin or not, a password-reset link), everyone's sessions,
invitations to the studio, and the whole audit log. The admin manages accounts, not content."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select

from ...limits import MAX_ID
from ...store import repo, team
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize, client_address
from ..errors import ApiError, iso, not_found
from ..text import EMAIL
from .auth import session_by_id, session_public
from .team import audit_public, base_url, invitation_public

router = APIRouter(prefix="/admin", tags=["admin"])


class UserPatch(BaseModel):
    disabled: bool | None = None
    is_admin: bool | None = None


class StudioInvitation(BaseModel):
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL)


def admin_user(user: t.User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "is_admin": user.is_admin,
        "disabled": user.disabled,
        "created_at": iso(user.created_at),
        "last_sign_in_at": iso(user.last_sign_in_at) if user.last_sign_in_at else None,
    }


def _user(db: Any, uid: int) -> t.User:
    user = db.get(t.User, uid) if 0 < uid <= MAX_ID else None
    if user is None:
        raise not_found(f"user {uid}")
    return user  # type: ignore[no-any-return]


@router.get("/users")
def users(studio: StudioDep, _: Annotated[Principal, authorize("admin")]) -> list[dict[str, Any]]:
    with studio.store.session() as db:
        return [admin_user(u) for u in db.scalars(select(t.User).order_by(t.User.id))]


@router.patch("/users/{uid}")
def change_user(
    uid: int, body: UserPatch, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]
) -> dict[str, Any]:
    """Disable or enable an account (a disabled one is signed out everywhere at once), make or unmake an admin."""
    with studio.store.session() as db:
        user = _user(db, uid)
        if uid == who.id and (body.disabled or body.is_admin is False):
            raise ApiError(409, "you cannot disable yourself or drop your own admin role", hint="ask another admin")
        if body.is_admin is False and user.is_admin:
            admins = db.scalar(select(func.count()).select_from(t.User).where(t.User.is_admin.is_(True)))
            if (admins or 0) <= 1:
                raise ApiError(409, "the studio keeps at least one admin", hint="make someone else an admin first")
        changes: dict[str, Any] = {}
        if body.disabled is not None and body.disabled != user.disabled:
            user.disabled = changes["disabled"] = body.disabled
            if body.disabled:
                db.execute(delete(t.Session).where(t.Session.user_id == uid))
        if body.is_admin is not None and body.is_admin != user.is_admin:
            user.is_admin = changes["is_admin"] = body.is_admin
        if changes:
            team.audit(db, "admin.user_changed", actor_id=who.id, actor_label=who.email, target=user.email,
                       detail=changes, ip=client_address(request))  # fmt: skip
        out = admin_user(user)
    if body.disabled:
        studio.forget_user_sessions(uid)
    return out


@router.post("/users/{uid}/reset-link", status_code=201)
def reset_link(
    uid: int, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]
) -> dict[str, Any]:
    """A one-time link (valid 24 hours) with which the user sets a new password; hand it over yourself."""
    with studio.store.session() as db:
        user = _user(db, uid)
        row, token = team.create_invitation(db, kind="reset", email=user.email, created_by=who.user_id, user_id=uid)
        team.audit(db, "admin.reset_link", actor_id=who.id, actor_label=who.email, target=user.email,
                   ip=client_address(request))  # fmt: skip
        return {"url": f"{base_url(studio, request)}/reset/{token}", "expires_at": iso(row.expires_at)}


@router.post("/invitations", status_code=201)
def invite_to_studio(
    body: StudioInvitation, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]
) -> dict[str, Any]:
    """An invitation to sign up to the studio (no workspace yet)."""
    with studio.store.session() as db:
        if repo.user_by_email(db, body.email) is not None:
            raise ApiError(409, f"{body.email} has an account already", hint="add them to a workspace instead")
        row, token = team.create_invitation(db, kind="invite", email=body.email, created_by=who.user_id)
        team.audit(db, "admin.invited", actor_id=who.id, actor_label=who.email, target=row.email,
                   ip=client_address(request))  # fmt: skip
        out = invitation_public(row, team.user_names(db))
    return {"invitation": out, "invite_url": f"{base_url(studio, request)}/invite/{token}"}


@router.get("/sessions")
def sessions(studio: StudioDep, who: Annotated[Principal, authorize("admin")]) -> list[dict[str, Any]]:
    with studio.store.session() as db:
        rows = db.execute(
            select(t.Session, t.User).join(t.User, t.User.id == t.Session.user_id).order_by(t.Session.created_at.desc())
        ).all()
        return [
            {**session_public(s, who.session), "user": {"id": u.id, "email": u.email, "name": u.name}}
            for s, u in rows
            if repo.aware(s.expires_at) > team.utcnow()
        ]


@router.delete("/sessions/{sid}")
def end_session(
    sid: str, request: Request, studio: StudioDep, who: Annotated[Principal, authorize("admin")]
) -> dict[str, Any]:
    with studio.store.session() as db:
        row = session_by_id(db, sid)
        if row is None:
            raise not_found(f"session {sid}")
        user = db.get(t.User, row.user_id)
        studio.forget_session_hash(row.token_hash)
        db.delete(row)
        team.audit(db, "admin.session_ended", actor_id=who.id, actor_label=who.email,
                   target=user.email if user else "", ip=client_address(request))  # fmt: skip
    return {}


@router.get("/audit")
def audit(studio: StudioDep, _: Annotated[Principal, authorize("admin")], limit: int = 200) -> list[dict[str, Any]]:
    with studio.store.session() as db:
        return [audit_public(row, db) for row in team.audit_entries(db, None, max(1, min(limit, 1000)))]
