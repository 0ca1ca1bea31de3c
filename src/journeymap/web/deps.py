"""Request dependencies: the studio, the signed-in user, and the one permission check every route goes through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from ..store import repo
from .errors import ApiError
from .security import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, UNSAFE_METHODS, same_token
from .services import Studio


@dataclass(frozen=True)
class Principal:
    """Who is asking: the signed-in user."""

    id: int
    email: str
    name: str
    csrf: str

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "email": self.email, "name": self.name}


def get_studio(request: Request) -> Studio:
    studio: Studio = request.app.state.studio
    return studio


StudioDep = Annotated[Studio, Depends(get_studio)]


def principal_from_cookie(studio: Studio, token: str | None) -> Principal | None:
    if not token:
        return None
    with studio.store.session() as db:
        found = repo.session_user(db, token)
        if found is None:
            return None
        user, session = found
        return Principal(user.id, user.email, user.name, session.csrf_token)


def current_principal(request: Request, studio: StudioDep) -> Principal | None:
    return principal_from_cookie(studio, request.cookies.get(SESSION_COOKIE))


def may(principal: Principal, action: str, target: dict[str, Any]) -> bool:
    """The permission rule: every signed-in user may do everything for now. Roles, invitations and share links
    slot in here (``action`` is e.g. ``map:edit``; ``target`` holds the route's ids)."""
    return True


def authorize(action: str) -> Any:
    """A dependency that lets the request through when the user is signed in, sent the CSRF token on an unsafe
    method, and may do ``action`` on the route's target."""

    def check(request: Request, principal: Annotated[Principal | None, Depends(current_principal)]) -> Principal:
        if principal is None:
            raise ApiError(401, "sign in first", hint="POST /api/auth/login with your email and password")
        if request.method in UNSAFE_METHODS and not same_token(request.headers.get(CSRF_HEADER), principal.csrf):
            raise ApiError(
                403,
                "missing or wrong CSRF token",
                code="csrf",
                hint=f"send the {CSRF_COOKIE} cookie's value in X-CSRF-Token",
            )
        if not may(principal, action, dict(request.path_params)):
            raise ApiError(403, f"you may not {action.replace(':', ' ')}")
        return principal

    return Depends(check)


def check_anonymous_csrf(request: Request) -> None:
    """Sign-in and sign-up have no session yet: the CSRF header must match the CSRF cookie (double submit)."""
    if not same_token(request.headers.get(CSRF_HEADER), request.cookies.get(CSRF_COOKIE)):
        raise ApiError(
            403, "missing or wrong CSRF token", code="csrf", hint="GET /api/auth/me first; it sets the jm_csrf cookie"
        )
