"""Request dependencies: the studio, who is asking, and the one permission check every route goes through.

:func:`authorize` is the enforcement point: it finds the caller (a session, and/or a share link), checks the CSRF
token of an unsafe method, finds the workspace that owns the route's target (:func:`resolve`), takes the caller's
role there and asks :func:`journeymap.web.permissions.decide`. Routes only name their action."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Request

from ..errors import Problem
from ..store import DbSession, accounts, repo, team
from .errors import ApiError, not_found
from .permissions import ACCOUNT_ACTIONS, Role, decide
from .security import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SESSION_COOKIE,
    SHARE_COOKIE,
    UNSAFE_METHODS,
    same_token,
    transport,
)
from .services import Studio

SEEN_EVERY = timedelta(minutes=1)
"""A session's last-seen time is written at most this often."""


@dataclass(frozen=True)
class ShareGrant:
    """What a live share link opens: one map, as a viewer or a commenter."""

    link_id: int
    map_id: int
    workspace_id: int
    role: Role
    title: str


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in user (``id`` set), a share-link visitor (``share`` set, ``id`` None), or both;
    with, once :func:`authorize` resolved the route's target, the caller's role there."""

    id: int | None
    email: str
    name: str
    csrf: str
    is_admin: bool = False
    session: str | None = None
    """The session's id (its token's hash)."""
    share: ShareGrant | None = None
    role: Role | None = None
    """The member role on the target's workspace (None: no membership; a share grant may still apply)."""
    workspace_id: int | None = None
    map_id: int | None = None

    @property
    def user_id(self) -> int:
        """The signed-in user's id (routes of actions only users have)."""
        if self.id is None:
            raise ApiError(401, "sign in first", hint="POST /api/auth/login with your email and password")
        return self.id

    @property
    def effective_role(self) -> Role | None:
        """The role the caller acts with on the target: the membership, or the share link's role on its map."""
        roles = [self.role] if self.role is not None else []
        if self.share is not None and self.map_id == self.share.map_id:
            roles.append(self.share.role)
        return max(roles, key=lambda role: role.rank) if roles else None


def get_studio(request: Request) -> Studio:
    studio: Studio = request.app.state.studio
    return studio


StudioDep = Annotated[Studio, Depends(get_studio)]


def client_address(request: Any) -> str:
    """The client's address (behind a trusted proxy, uvicorn already put X-Forwarded-For's here)."""
    client = getattr(request, "client", None)
    return str(client.host) if client and client.host else "unknown"


def _user_principal(db: DbSession, token: str, request: Any | None) -> Principal | None:
    found = repo.session_user(db, token)
    if found is None:
        return None
    user, session = found
    if user.disabled:
        return None
    now = team.utcnow()
    if session.last_seen_at is None or now - repo.aware(session.last_seen_at) > SEEN_EVERY:
        if request is None:
            accounts.note_seen(session, now, None, None)
        else:
            agent = (request.headers.get("user-agent") or "")[:300] or None
            accounts.note_seen(session, now, client_address(request), agent)
    return Principal(user.id, user.email, user.name, session.csrf_token, user.is_admin, session.token_hash)


def share_grant(db: DbSession, token: str) -> ShareGrant | None:
    """The grant of a live share link to a map that is not in the trash."""
    link = team.share_link_by_token(db, token)
    if link is None or not team.share_link_live(link):
        return None
    place = repo.map_place(db, link.map_id)
    if place is None or place.trashed or place.workspace_trashed:
        return None
    return ShareGrant(link.id, link.map_id, place.workspace_id, Role(link.role), place.title)


def principal_from_cookies(studio: Studio, cookies: Any, request: Any | None = None) -> Principal | None:
    """The caller from the ``jm_session`` and ``jm_share`` cookies (None when neither grants anything)."""
    token = cookies.get(SESSION_COOKIE)
    share_token = cookies.get(SHARE_COOKIE)
    if not token and not share_token:
        return None
    with studio.store.session() as db:
        principal = _user_principal(db, token, request) if token else None
        grant = share_grant(db, share_token) if share_token else None
    if grant is None:
        return principal
    if principal is None:
        return Principal(None, "", "", cookies.get(CSRF_COOKIE) or "", share=grant)
    return replace(principal, share=grant)


def principal_from_cookie(studio: Studio, token: str | None) -> Principal | None:
    """The signed-in user of a session token (no share link)."""
    return principal_from_cookies(studio, {SESSION_COOKIE: token} if token else {})


def current_principal(request: Request, studio: StudioDep) -> Principal | None:
    return principal_from_cookies(studio, request.cookies, request)


# --- targets ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The workspace (and map) that own a route's target, and whether it is in the trash."""

    workspace_id: int
    map_id: int | None = None
    trashed: bool = False
    author_id: int | None = None
    """The author of the comment the route is on."""


def _map_target(db: DbSession, map_id: int, author_id: int | None = None) -> Target | None:
    place = repo.map_place(db, map_id)
    if place is None or place.workspace_trashed:  # a map of a workspace in the trash is gone with it
        return None
    return Target(place.workspace_id, map_id, place.trashed, author_id)


MAX_ID = 2**63 - 1


def _ids(params: dict[str, Any]) -> dict[str, int] | None:
    """The route's id parameters as integers (None when one is beyond what the store can hold: no such thing)."""
    out: dict[str, int] = {}
    for key in ("mid", "cid", "vid", "eid", "lid", "iid", "wid"):
        if key in params:
            text = str(params[key])
            if not text.isascii() or not text.isdigit():
                where = f"path.{key}"
                raise ApiError(
                    422,
                    f"{where}: {text[:40]!r} is not an id",
                    hint="ids are whole numbers",
                    problems=[Problem("invalid", where, "not a whole number", "")],
                )
            if len(text) > 19 or int(text) > MAX_ID:
                return None
            out[key] = int(text)
    return out


def resolve(db: DbSession, raw: dict[str, Any]) -> Target | None:
    """The target of a route from its path parameters (None: there is no such thing)."""
    params = _ids(raw)
    if params is None:
        return None
    if "mid" in params:
        return _map_target(db, params["mid"])
    if "cid" in params:
        comment = repo.comment(db, params["cid"])
        return _map_target(db, comment.map_id, comment.author_id) if comment else None
    if "vid" in params:
        map_id = repo.version_map_id(db, params["vid"])
        return _map_target(db, map_id) if map_id is not None else None
    if "eid" in params:
        map_id = repo.evidence_map_id(db, params["eid"])
        return _map_target(db, map_id) if map_id is not None else None
    if "lid" in params:
        link = team.share_link(db, params["lid"])
        target = _map_target(db, link.map_id) if link and link.revoked_at is None else None
        return target if target is not None and not target.trashed else None
    if "iid" in params:
        invitation = team.invitation(db, params["iid"])
        if invitation is None or invitation.kind != "invite" or not team.invitation_live(invitation):
            return None
        if invitation.workspace_id is None:
            return Target(0)  # an invitation to the studio alone: the admin's
        params = {"wid": invitation.workspace_id}
    if "wid" in params:
        trashed = repo.workspace_trashed(db, params["wid"])
        return Target(params["wid"], trashed=trashed) if trashed is not None else None
    return None


def _check_csrf(request: Request, principal: Principal) -> None:
    if request.method not in UNSAFE_METHODS:
        return
    expected = principal.csrf if principal.id is not None else request.cookies.get(CSRF_COOKIE)
    if not same_token(request.headers.get(CSRF_HEADER), expected):
        raise ApiError(
            403,
            "missing or wrong CSRF token",
            code="csrf",
            hint=f"send the {CSRF_COOKIE} cookie's value in X-CSRF-Token",
        )


def _what(params: dict[str, Any]) -> str:
    for key, noun in (("mid", "map"), ("cid", "comment"), ("vid", "version"), ("eid", "evidence file")):
        if key in params:
            return f"{noun} {params[key]}"
    for key, noun in (("lid", "share link"), ("iid", "invitation"), ("wid", "workspace")):
        if key in params:
            return f"{noun} {params[key]}"
    return "it"


def check_access(
    db: DbSession, principal: Principal, action: str, params: dict[str, Any], *, in_trash: bool = False
) -> Principal:
    """The caller with their role on the target, when they may do ``action`` on it; raises the answer otherwise:
    404 when the caller has no role on the target (as for an id that does not exist), 403 when the role is not
    enough."""
    if action in ACCOUNT_ACTIONS:
        if principal.id is None:
            raise ApiError(401, "sign in first", hint="a share link opens only its map")
        if action == "admin" and not principal.is_admin:
            raise ApiError(403, "only the studio's admin may do this", hint="ask your admin")
        return principal
    target = resolve(db, params)
    if target is None or target.trashed != in_trash:
        raise not_found(_what(params))
    if target.workspace_id == 0:  # an invitation to the studio alone
        if not principal.is_admin:
            raise not_found(_what(params))
        return principal
    role = None
    if principal.id is not None:
        found = team.role_of(db, principal.id, target.workspace_id)
        role = Role(found) if found else None
    share = principal.share.role if principal.share and principal.share.map_id == target.map_id else None
    if role is None and share is None:
        raise not_found(_what(params))
    is_author = target.author_id is not None and target.author_id == principal.id
    if not decide(role, action, share=share, is_author=is_author):
        if action == "comment:edit":
            raise ApiError(403, "only the author edits a comment", hint="reply instead")
        if action == "comment:delete":
            raise ApiError(403, "only the author (or an owner) deletes a comment", hint="resolve it instead")
        shown = (role or share or Role.VIEWER).value
        raise ApiError(403, f"a {shown} may not {action.replace(':', ' ')}", hint="ask an owner of the workspace")
    return replace(principal, role=role, workspace_id=target.workspace_id, map_id=target.map_id)


def authorize(action: str, *, in_trash: bool = False) -> Any:
    """A dependency that lets the request through when the caller is known (session or share link), sent the CSRF
    token on an unsafe method, and may do ``action`` on the route's target; it answers the caller, with their role
    on the target."""

    def check(
        request: Request, studio: StudioDep, principal: Annotated[Principal | None, Depends(current_principal)]
    ) -> Principal:
        if principal is None:
            raise ApiError(401, "sign in first", hint="POST /api/auth/login with your email and password")
        _check_csrf(request, principal)
        with studio.store.session() as db:
            return check_access(db, principal, action, dict(request.path_params), in_trash=in_trash)

    return Depends(check)


def check_anonymous_csrf(request: Request) -> None:
    """Sign-in and sign-up have no session yet: the CSRF header must match the CSRF cookie (double submit). First,
    a connection whose cookies the browser would drop is told what to do (rather than that a token is missing)."""
    _secure, cookies_ok, message = transport(request, request.app.state.studio.settings)
    if not cookies_ok:
        raise ApiError(403, message or "", code="insecure_transport", hint="see docs/deploy.md")
    if not same_token(request.headers.get(CSRF_HEADER), request.cookies.get(CSRF_COOKIE)):
        raise ApiError(
            403, "missing or wrong CSRF token", code="csrf", hint="GET /api/auth/me first; it sets the jm_csrf cookie"
        )
