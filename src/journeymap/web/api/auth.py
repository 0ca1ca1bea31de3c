"""Accounts: sign up (first account = admin; then by invitation unless sign-up is open), sign in (with limits),
sign out, who am I, password change and reset, one's own sessions."""

from __future__ import annotations

import math
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select

from ...errors import Problem
from ...store import repo, team
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize, check_anonymous_csrf, client_address, current_principal
from ..errors import ApiError, iso
from ..passwords import MAX_LENGTH, password_problem
from ..security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SHARE_COOKIE,
    hash_password,
    new_csrf_token,
    transport,
    verify_password,
)
from ..services import Studio
from ..settings import DEMO_EMAIL, DEMO_PASSWORD
from ..text import EMAIL, NO_NUL

router = APIRouter(prefix="/auth", tags=["auth"])

_DUMMY_HASH = hash_password("an account that does not exist")
"""Checked against for an unknown email, so that a wrong email takes as long as a wrong password."""


class Signup(BaseModel):
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL)
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)
    invite: str | None = Field(None, max_length=200, description="the token of an invitation link")


class Login(BaseModel):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordChange(BaseModel):
    current: str = Field(min_length=1, max_length=MAX_LENGTH)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class Reset(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


NEUTRAL_SIGNUP = "If this address had no account, it has one now: sign in with it."
"""The answer to an open sign-up, whether or not the address had an account (it tells no one which exist)."""


def public_user(user: t.User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name, "is_admin": user.is_admin}


def signup_policy(studio: Studio, db: Any) -> str:
    """``open`` when anyone may sign up (demo, --open-signup, or no account yet), else ``invite``."""
    if studio.settings.demo or studio.settings.open_signup:
        return "open"
    return "open" if db.scalar(select(func.count()).select_from(t.User)) == 0 else "invite"


def _require_cookies(request: Request, studio: Studio) -> bool:
    """Whether cookies are ``Secure``; refuses a sign-in whose cookies the browser would drop."""
    secure, ok, message = transport(request, studio.settings)
    if not ok:
        raise ApiError(403, message or "", code="insecure_transport", hint="see docs/deploy.md")
    return secure


def _set_cookies(response: Response, secure: bool, token: str, csrf: str) -> None:
    age = repo.SESSION_DAYS * 86400
    response.set_cookie(SESSION_COOKIE, token, max_age=age, httponly=True, secure=secure, samesite="lax", path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=age, httponly=False, secure=secure, samesite="strict", path="/")


def _password_error(problem: str) -> ApiError:
    return ApiError(
        422, problem, hint="a few unrelated words make a long password that is easy to remember",
        problems=[Problem("invalid", "password", problem, "")],
    )  # fmt: skip


def _new_session(db: Any, request: Request, user: t.User) -> tuple[str, str]:
    token, csrf = repo.create_session(db, user.id)
    row = db.get(t.Session, repo.token_hash(token))
    if row is not None:
        row.ip = client_address(request)
        row.user_agent = (request.headers.get("user-agent") or "")[:300] or None
        row.last_seen_at = team.utcnow()
    user.last_sign_in_at = team.utcnow()
    return token, csrf


@router.get("/me")
def me(
    request: Request, response: Response, studio: StudioDep,
    principal: Annotated[Principal | None, Depends(current_principal)],
) -> dict[str, Any]:  # fmt: skip
    """The signed-in user (or null), the share link this browser opened (or null), the sign-up policy, whether the
    connection can keep the sign-in cookies, and the demo account when the studio runs with ``--demo``."""
    secure, cookies_ok, message = transport(request, studio.settings)
    if principal is not None and principal.id is not None:
        if request.cookies.get(CSRF_COOKIE) != principal.csrf:
            response.set_cookie(CSRF_COOKIE, principal.csrf, httponly=False, secure=secure, samesite="strict", path="/")
    elif not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, new_csrf_token(), httponly=False, secure=secure, samesite="strict", path="/")
    with studio.store.session() as db:
        policy = signup_policy(studio, db)
    demo = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD} if studio.settings.demo else None
    return {
        "user": principal.public() if principal and principal.id is not None else None,
        "demo": demo,
        "signup": policy,
        "share": principal.share.public() if principal and principal.share else None,
        "transport": {"https": request.url.scheme == "https", "cookies_ok": cookies_ok, "message": message},
    }


@router.post("/signup", dependencies=[Depends(check_anonymous_csrf)])
def signup(body: Signup, request: Request, response: Response, studio: StudioDep) -> dict[str, Any]:
    secure = _require_cookies(request, studio)
    problem = password_problem(body.password, email=body.email, name=body.name)
    if problem:
        raise _password_error(problem)
    password_hash = hash_password(body.password)
    with studio.store.session() as db:
        invitation = None
        if body.invite:
            invitation = team.invitation_by_token(db, "invite", body.invite)
            if invitation is None or not team.invitation_live(invitation):
                raise ApiError(410, "this invitation was used, revoked or has expired", hint="ask for a new one")
            if invitation.email != body.email.strip().lower():
                raise ApiError(
                    422, "this invitation is for another email address", hint="sign up with the invited address"
                )
        elif signup_policy(studio, db) != "open":
            raise ApiError(
                403,
                "signing up to this studio needs an invitation",
                code="invitation_required",
                hint="ask a workspace owner or the studio's admin for an invitation link",
            )
        first = db.scalar(select(func.count()).select_from(t.User)) == 0
        existing = repo.user_by_email(db, body.email)
        if invitation is None and not first:
            # open sign-up: the same answer whether or not the address has an account, and no session either way
            # (the page signs in next), so that sign-up tells no one which addresses have accounts
            if existing is None:
                created = repo.create_user(db, body.email, body.name, password_hash)
                team.audit(db, "account.signup", actor_id=created.id, actor_label=created.email, target=created.email,
                           detail={"invited": False, "admin": False}, ip=client_address(request))  # fmt: skip
            else:
                team.audit(db, "account.signup_existing", actor_id=existing.id, actor_label=existing.email,
                           target=existing.email, ip=client_address(request))  # fmt: skip
            return {"user": None, "workspace_id": None, "signed_in": False, "message": NEUTRAL_SIGNUP}
        if existing is not None:  # an invitation's address (its holder knows it) or the very first account
            raise ApiError(409, "this address has an account already", hint="sign in instead")
        user = repo.create_user(db, body.email, body.name, password_hash)
        workspace_id = None
        if first:
            user.is_admin = True
            team.adopt_unowned_workspaces(db, user.id)
        if invitation is not None:
            invitation.used_at = team.utcnow()
            if invitation.workspace_id is not None and invitation.role:
                team.set_member(db, invitation.workspace_id, user.id, invitation.role)
                workspace_id = invitation.workspace_id
        ip = client_address(request)
        detail = {"invited": invitation is not None, "admin": first}
        team.audit(db, "account.signup", actor_id=user.id, actor_label=user.email, workspace_id=workspace_id,
                   target=user.email, detail=detail, ip=ip)  # fmt: skip
        token, csrf = _new_session(db, request, user)
        public = public_user(user)
    _set_cookies(response, secure, token, csrf)
    return {"user": public, "workspace_id": workspace_id, "signed_in": True, "message": ""}


def _locked(seconds: float) -> ApiError:
    wait = max(1, math.ceil(seconds))
    return ApiError(
        429,
        f"too many wrong passwords: sign-in is locked for {wait} s",
        hint="wait, then try again (the lock grows with every further wrong password)",
        headers={"retry-after": str(wait)},
    )


@router.post("/login", dependencies=[Depends(check_anonymous_csrf)])
async def login(body: Login, request: Request, response: Response, studio: StudioDep) -> dict[str, Any]:
    """Sign in. Wrong passwords are counted per account and per client address; while either is locked every
    sign-in answers 429 with ``Retry-After``, the right password too."""
    secure = _require_cookies(request, studio)
    email = body.email.strip().lower()
    ip = client_address(request)
    keys = [f"account:{email}", f"address:{ip}"]
    settings = studio.settings
    policy = team.LockPolicy(
        settings.login_window_seconds,
        {"account": settings.account_failures, "address": settings.address_failures},
        settings.lock_seconds,
        settings.max_lock_seconds,
    )

    def check() -> tuple[t.User | None, float]:
        """The user when the password is right; else the seconds to wait (0: no lock, just wrong)."""
        with studio.store.session() as db:
            wait = team.locked_for(db, keys)
            if wait > 0:
                return None, wait
            user = repo.user_by_email(db, email)
            good = verify_password(user.password_hash if user else _DUMMY_HASH, body.password)
            if user is not None and good:
                return user, 0.0
            lock = team.note_failure(db, keys, policy)
            team.audit(db, "auth.login_failed", actor_id=user.id if user else None, actor_label=email, ip=ip)
            return None, lock

    user, wait = await anyio.to_thread.run_sync(check)
    if user is None:
        if wait > 0:
            raise _locked(wait)
        raise ApiError(401, "wrong email or password", hint="check both; ask your admin for a reset link if needed")
    if user.disabled:
        raise ApiError(403, "this account is disabled", code="disabled", hint="ask the studio's admin")
    with studio.store.session() as db:
        row = db.get(t.User, user.id)
        assert row is not None
        team.clear_failures(db, keys[0])
        token, csrf = _new_session(db, request, row)
        team.audit(db, "auth.login", actor_id=row.id, actor_label=row.email, ip=ip)
        public = public_user(row)
    _set_cookies(response, secure, token, csrf)
    return {"user": public}


@router.post("/logout")
def logout(request: Request, response: Response, studio: StudioDep) -> dict[str, Any]:
    token = request.cookies.get(SESSION_COOKIE)
    principal = current_principal(request, studio)
    if principal is not None and principal.id is not None:
        from ..security import CSRF_HEADER, same_token

        if not same_token(request.headers.get(CSRF_HEADER), principal.csrf):
            raise ApiError(403, "missing or wrong CSRF token", code="csrf")
        with studio.store.session() as db:
            repo.end_session(db, token or "")
        studio.forget_session(token or "")
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(SHARE_COOKIE, path="/")
    return {}


@router.post("/password")
def change_password(
    body: PasswordChange, request: Request, studio: StudioDep, user: Annotated[Principal, authorize("account")]
) -> dict[str, Any]:
    """Change one's password (the current one is asked again); every other session of the account ends."""
    with studio.store.session() as db:
        row = db.get(t.User, user.user_id)
        if row is None or not verify_password(row.password_hash, body.current):
            raise ApiError(
                403,
                "the current password is wrong",
                hint="type it again",
                problems=[Problem("invalid", "current", "wrong", "")],
            )
        problem = password_problem(body.password, email=row.email, name=row.name)
        if problem:
            raise _password_error(problem)
        row.password_hash = hash_password(body.password)
        db.execute(delete(t.Session).where(t.Session.user_id == row.id, t.Session.token_hash != user.session))
        team.audit(db, "account.password_changed", actor_id=row.id, actor_label=row.email, ip=client_address(request))
    studio.forget_user_sessions(user.user_id, keep=user.session)
    return {}


def session_public(row: t.Session, current: str | None = None) -> dict[str, Any]:
    return {
        "id": row.token_hash[:16],
        "created_at": iso(row.created_at),
        "last_seen_at": iso(row.last_seen_at) if row.last_seen_at else None,
        "expires_at": iso(row.expires_at),
        "ip": row.ip,
        "user_agent": row.user_agent,
        "current": row.token_hash == current,
    }


def session_by_id(db: Any, sid: str, user_id: int | None = None) -> t.Session | None:
    """A session by its public id (the first 16 hex digits of its token's hash)."""
    if len(sid) != 16 or any(c not in "0123456789abcdef" for c in sid):
        return None
    query = select(t.Session).where(t.Session.token_hash.startswith(sid))
    if user_id is not None:
        query = query.where(t.Session.user_id == user_id)
    return db.scalars(query).first()  # type: ignore[no-any-return]


@router.get("/sessions")
def list_sessions(studio: StudioDep, user: Annotated[Principal, authorize("account")]) -> list[dict[str, Any]]:
    with studio.store.session() as db:
        rows = db.scalars(
            select(t.Session).where(t.Session.user_id == user.user_id).order_by(t.Session.created_at.desc())
        )
        return [session_public(row, user.session) for row in rows if repo.aware(row.expires_at) > team.utcnow()]


@router.delete("/sessions/{sid}")
def revoke_session(sid: str, studio: StudioDep, user: Annotated[Principal, authorize("account")]) -> dict[str, Any]:
    with studio.store.session() as db:
        row = session_by_id(db, sid, user.user_id)
        if row is None:
            raise ApiError(404, f"session {sid[:40]} not found", hint="list your sessions with GET /api/auth/sessions")
        studio.forget_session_hash(row.token_hash)
        db.delete(row)
    return {}


@router.get("/invitations/{token}")
def invitation(token: str, studio: StudioDep) -> dict[str, Any]:
    """What an invitation link offers (anyone holding the link may ask)."""
    with studio.store.session() as db:
        row = team.invitation_by_token(db, "invite", token)
        if row is None:
            raise ApiError(404, "no such invitation", hint="check the link")
        if not team.invitation_live(row):
            raise ApiError(410, "this invitation was used, revoked or has expired", hint="ask for a new one")
        workspace = db.get(t.Workspace, row.workspace_id) if row.workspace_id else None
        inviter = db.get(t.User, row.created_by) if row.created_by else None
        return {
            "email": row.email,
            "role": row.role,
            "workspace": {"id": workspace.id, "name": workspace.name} if workspace else None,
            "invited_by": inviter.name if inviter else None,
            "expires_at": iso(row.expires_at),
        }


def _live_reset(db: Any, token: str) -> t.Invitation:
    row = team.invitation_by_token(db, "reset", token)
    if row is None:
        raise ApiError(404, "no such password-reset link", hint="check the link")
    if not team.invitation_live(row):
        raise ApiError(410, "this password-reset link was used or has expired", hint="ask the admin for a new one")
    return row


@router.get("/reset/{token}")
def reset_info(token: str, studio: StudioDep) -> dict[str, Any]:
    with studio.store.session() as db:
        return {"email": _live_reset(db, token).email}


@router.post("/reset", dependencies=[Depends(check_anonymous_csrf)])
def reset_password(body: Reset, request: Request, response: Response, studio: StudioDep) -> dict[str, Any]:
    """Set a new password with a one-time reset link; every session of the account ends, and this one begins."""
    secure = _require_cookies(request, studio)
    with studio.store.session() as db:
        row = _live_reset(db, body.token)
        user = db.get(t.User, row.user_id) if row.user_id else None
        if user is None:
            raise ApiError(410, "the account of this link is gone", hint="ask the admin")
        problem = password_problem(body.password, email=user.email, name=user.name)
        if problem:
            raise _password_error(problem)
        user.password_hash = hash_password(body.password)
        row.used_at = team.utcnow()
        db.execute(delete(t.Session).where(t.Session.user_id == user.id))
        team.clear_failures(db, f"account:{user.email}")
        team.audit(db, "account.password_reset", actor_id=user.id, actor_label=user.email, ip=client_address(request))
        token, csrf = _new_session(db, request, user)
        public = public_user(user)
    studio.forget_user_sessions(public["id"])
    _set_cookies(response, secure, token, csrf)
    return {"user": public}
