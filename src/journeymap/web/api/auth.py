"""Accounts: sign up (first account = admin; then by invitation unless sign-up is open), sign in (with limits),
sign out, who am I, password change and reset, one's own sessions."""

from __future__ import annotations

import math
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request, Response

from ...errors import Problem
from ...store import DbSession, accounts, repo, team
from ...store import tables as t
from ..deps import Principal, StudioDep, authorize, check_anonymous_csrf, client_address, current_principal
from ..errors import ApiError
from ..passwords import password_problem
from ..schemas.accounts import (
    DemoAccount,
    InvitationOfferPublic,
    MePublic,
    PasswordResetUpdate,
    PasswordUpdate,
    ResetInfoPublic,
    SessionCreate,
    SessionPublic,
    ShareGrantPublic,
    SignedInPublic,
    SignupPolicy,
    SignupPublic,
    TransportPublic,
    UserCreate,
    UserPublic,
    WorkspaceRef,
)
from ..schemas.common import Done, timestamp
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

router = APIRouter(prefix="/auth", tags=["auth"])

_DUMMY_HASH = hash_password("an account that does not exist")
"""Checked against for an unknown email, so that a wrong email takes as long as a wrong password."""

NEUTRAL_SIGNUP = "If this address had no account, it has one now: sign in with it."
"""The answer to an open sign-up, whether or not the address had an account (it tells no one which exist)."""


def signup_policy(studio: Studio, db: DbSession) -> SignupPolicy:
    """``open`` when anyone may sign up (demo, --open-signup, or no account yet), else ``invite``."""
    if studio.settings.demo or studio.settings.open_signup:
        return "open"
    return "open" if repo.user_count(db) == 0 else "invite"


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


def _new_session(db: DbSession, request: Request, user: t.User) -> tuple[str, str]:
    agent = (request.headers.get("user-agent") or "")[:300] or None
    return accounts.sign_in(db, user, client_address(request), agent)


def _signed_in(principal: Principal | None) -> UserPublic | None:
    if principal is None or principal.id is None:
        return None
    return UserPublic(id=principal.id, email=principal.email, name=principal.name, is_admin=principal.is_admin)


@router.get("/me")
def me(
    request: Request, response: Response, studio: StudioDep,
    principal: Annotated[Principal | None, Depends(current_principal)],
) -> MePublic:  # fmt: skip
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
    grant = principal.share if principal else None
    return MePublic(
        user=_signed_in(principal),
        demo=DemoAccount(email=DEMO_EMAIL, password=DEMO_PASSWORD) if studio.settings.demo else None,
        signup=policy,
        share=ShareGrantPublic(link_id=grant.link_id, map_id=grant.map_id, role=grant.role.value, title=grant.title)
        if grant
        else None,
        transport=TransportPublic(https=request.url.scheme == "https", cookies_ok=cookies_ok, message=message),
    )


def _invitation_for(db: DbSession, body: UserCreate) -> t.Invitation | None:
    """The live invitation the sign-up comes with (None without one); refuses a spent one or another address's."""
    if not body.invite:
        return None
    invitation = team.invitation_by_token(db, "invite", body.invite)
    if invitation is None or not team.invitation_live(invitation):
        raise ApiError(410, "this invitation was used, revoked or has expired", hint="ask for a new one")
    if invitation.email != body.email.strip().lower():
        raise ApiError(422, "this invitation is for another email address", hint="sign up with the invited address")
    return invitation


def _open_signup(db: DbSession, body: UserCreate, password_hash: str, ip: str) -> SignupPublic:
    """An open sign-up: the same answer whether or not the address has an account, and no session either way (the
    page signs in next), so that sign-up tells no one which addresses have accounts."""
    existing = repo.user_by_email(db, body.email)
    if existing is None:
        created = repo.create_user(db, body.email, body.name, password_hash)
        team.audit(db, "account.signup", actor_id=created.id, actor_label=created.email, target=created.email,
                   detail={"invited": False, "admin": False}, ip=ip)  # fmt: skip
    else:
        team.audit(db, "account.signup_existing", actor_id=existing.id, actor_label=existing.email,
                   target=existing.email, ip=ip)  # fmt: skip
    return SignupPublic(user=None, workspace_id=None, signed_in=False, message=NEUTRAL_SIGNUP)


@router.post("/signup", dependencies=[Depends(check_anonymous_csrf)])
def signup(body: UserCreate, request: Request, response: Response, studio: StudioDep) -> SignupPublic:
    secure = _require_cookies(request, studio)
    problem = password_problem(body.password, email=body.email, name=body.name)
    if problem:
        raise _password_error(problem)
    password_hash = hash_password(body.password)
    ip = client_address(request)
    with studio.store.session() as db:
        invitation = _invitation_for(db, body)
        if invitation is None and signup_policy(studio, db) != "open":
            raise ApiError(
                403,
                "signing up to this studio needs an invitation",
                code="invitation_required",
                hint="ask a workspace owner or the studio's admin for an invitation link",
            )
        first = repo.user_count(db) == 0
        if invitation is None and not first:
            return _open_signup(db, body, password_hash, ip)
        # an invitation's address (its holder knows it) or the very first account: saying it has one tells no secret
        if repo.user_by_email(db, body.email) is not None:
            raise ApiError(409, "this address has an account already", hint="sign in instead")
        user = repo.create_user(db, body.email, body.name, password_hash)
        workspace_id = None
        if first:
            accounts.set_admin(user, True)
            team.adopt_unowned_workspaces(db, user.id)
        if invitation is not None:
            team.use_invitation(invitation)
            if invitation.workspace_id is not None and invitation.role:
                team.set_member(db, invitation.workspace_id, user.id, invitation.role)
                workspace_id = invitation.workspace_id
        detail = {"invited": invitation is not None, "admin": first}
        team.audit(db, "account.signup", actor_id=user.id, actor_label=user.email, workspace_id=workspace_id,
                   target=user.email, detail=detail, ip=ip)  # fmt: skip
        token, csrf = _new_session(db, request, user)
        public = UserPublic.of(user)
    _set_cookies(response, secure, token, csrf)
    return SignupPublic(user=public, workspace_id=workspace_id, signed_in=True, message="")


def _locked(seconds: float) -> ApiError:
    wait = max(1, math.ceil(seconds))
    return ApiError(
        429,
        f"too many wrong passwords: sign-in is locked for {wait} s",
        hint="wait, then try again (the lock grows with every further wrong password)",
        headers={"retry-after": str(wait)},
    )


@router.post("/login", dependencies=[Depends(check_anonymous_csrf)])
async def login(body: SessionCreate, request: Request, response: Response, studio: StudioDep) -> SignedInPublic:
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
        row = repo.user(db, user.id)
        assert row is not None
        team.clear_failures(db, keys[0])
        token, csrf = _new_session(db, request, row)
        team.audit(db, "auth.login", actor_id=row.id, actor_label=row.email, ip=ip)
        public = UserPublic.of(row)
    _set_cookies(response, secure, token, csrf)
    return SignedInPublic(user=public)


@router.post("/logout")
def logout(request: Request, response: Response, studio: StudioDep) -> Done:
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
    return Done()


@router.post("/password")
def change_password(
    body: PasswordUpdate, request: Request, studio: StudioDep, user: Annotated[Principal, authorize("account")]
) -> Done:
    """Change one's password (the current one is asked again); every other session of the account ends."""
    with studio.store.session() as db:
        row = repo.user(db, user.user_id)
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
        accounts.set_password(row, hash_password(body.password))
        repo.end_user_sessions(db, row.id, keep=user.session)
        team.audit(db, "account.password_changed", actor_id=row.id, actor_label=row.email, ip=client_address(request))
    studio.forget_user_sessions(user.user_id, keep=user.session)
    return Done()


@router.get("/sessions")
def list_sessions(studio: StudioDep, user: Annotated[Principal, authorize("account")]) -> list[SessionPublic]:
    with studio.store.session() as db:
        return [SessionPublic.of(row, user.session) for row, _ in repo.live_sessions(db, user.user_id)]


@router.delete("/sessions/{sid}")
def revoke_session(sid: str, studio: StudioDep, user: Annotated[Principal, authorize("account")]) -> Done:
    with studio.store.session() as db:
        row = repo.session_by_public_id(db, sid, user.user_id)
        if row is None:
            raise ApiError(404, f"session {sid[:40]} not found", hint="list your sessions with GET /api/auth/sessions")
        studio.forget_session_hash(row.token_hash)
        repo.drop_session(db, row)
    return Done()


@router.get("/invitations/{token}")
def invitation(token: str, studio: StudioDep) -> InvitationOfferPublic:
    """What an invitation link offers (anyone holding the link may ask)."""
    with studio.store.session() as db:
        row = team.invitation_by_token(db, "invite", token)
        if row is None:
            raise ApiError(404, "no such invitation", hint="check the link")
        if not team.invitation_live(row):
            raise ApiError(410, "this invitation was used, revoked or has expired", hint="ask for a new one")
        workspace = repo.workspace(db, row.workspace_id) if row.workspace_id else None
        inviter = repo.user(db, row.created_by) if row.created_by else None
        return InvitationOfferPublic(
            email=row.email,
            role=row.role,
            workspace=WorkspaceRef(id=workspace.id, name=workspace.name) if workspace else None,
            invited_by=inviter.name if inviter else None,
            expires_at=timestamp(row.expires_at),
        )


def _live_reset(db: DbSession, token: str) -> t.Invitation:
    row = team.invitation_by_token(db, "reset", token)
    if row is None:
        raise ApiError(404, "no such password-reset link", hint="check the link")
    if not team.invitation_live(row):
        raise ApiError(410, "this password-reset link was used or has expired", hint="ask the admin for a new one")
    return row


@router.get("/reset/{token}")
def reset_info(token: str, studio: StudioDep) -> ResetInfoPublic:
    with studio.store.session() as db:
        return ResetInfoPublic(email=_live_reset(db, token).email)


@router.post("/reset", dependencies=[Depends(check_anonymous_csrf)])
def reset_password(
    body: PasswordResetUpdate, request: Request, response: Response, studio: StudioDep
) -> SignedInPublic:
    """Set a new password with a one-time reset link; every session of the account ends, and this one begins."""
    secure = _require_cookies(request, studio)
    with studio.store.session() as db:
        row = _live_reset(db, body.token)
        user = repo.user(db, row.user_id) if row.user_id else None
        if user is None:
            raise ApiError(410, "the account of this link is gone", hint="ask the admin")
        problem = password_problem(body.password, email=user.email, name=user.name)
        if problem:
            raise _password_error(problem)
        accounts.set_password(user, hash_password(body.password))
        team.use_invitation(row)
        repo.end_user_sessions(db, user.id)
        team.clear_failures(db, f"account:{user.email}")
        team.audit(db, "account.password_reset", actor_id=user.id, actor_label=user.email, ip=client_address(request))
        token, csrf = _new_session(db, request, user)
        public = UserPublic.of(user)
    studio.forget_user_sessions(public.id)
    _set_cookies(response, secure, token, csrf)
    return SignedInPublic(user=public)
