"""Local accounts: sign up, sign in, sign out, who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from ...store import repo
from ..deps import Principal, StudioDep, check_anonymous_csrf, current_principal
from ..errors import ApiError
from ..security import CSRF_COOKIE, SESSION_COOKIE, hash_password, new_csrf_token, verify_password
from ..settings import DEMO_EMAIL, DEMO_PASSWORD

router = APIRouter(prefix="/auth", tags=["auth"])


class Signup(BaseModel):
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=1000)


class Login(BaseModel):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=1000)


def _set_cookies(response: Response, studio: Any, token: str, csrf: str) -> None:
    secure = studio.settings.secure_cookies
    age = repo.SESSION_DAYS * 86400
    response.set_cookie(SESSION_COOKIE, token, max_age=age, httponly=True, secure=secure, samesite="lax", path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=age, httponly=False, secure=secure, samesite="strict", path="/")


@router.get("/me")
def me(
    request: Request, response: Response, studio: StudioDep,
    principal: Annotated[Principal | None, Depends(current_principal)],
) -> dict[str, Any]:  # fmt: skip
    """The signed-in user (or null), and the demo account when the studio runs with ``--demo``."""
    if principal is not None:
        if request.cookies.get(CSRF_COOKIE) != principal.csrf:
            response.set_cookie(
                CSRF_COOKIE,
                principal.csrf,
                httponly=False,
                secure=studio.settings.secure_cookies,
                samesite="strict",
                path="/",
            )
    elif not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE,
            new_csrf_token(),
            httponly=False,
            secure=studio.settings.secure_cookies,
            samesite="strict",
            path="/",
        )
    demo = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD} if studio.settings.demo else None
    return {"user": principal.public() if principal else None, "demo": demo}


@router.post("/signup", dependencies=[Depends(check_anonymous_csrf)])
def signup(body: Signup, response: Response, studio: StudioDep) -> dict[str, Any]:
    with studio.store.session() as db:
        if repo.user_by_email(db, body.email) is not None:
            raise ApiError(409, f"an account with {body.email} exists", hint="sign in instead")
        user = repo.create_user(db, body.email, body.name, hash_password(body.password))
        token, csrf = repo.create_session(db, user.id)
        public = {"id": user.id, "email": user.email, "name": user.name}
    _set_cookies(response, studio, token, csrf)
    return {"user": public}


@router.post("/login", dependencies=[Depends(check_anonymous_csrf)])
def login(body: Login, response: Response, studio: StudioDep) -> dict[str, Any]:
    with studio.store.session() as db:
        user = repo.user_by_email(db, body.email)
        if user is None or not verify_password(user.password_hash, body.password):
            raise ApiError(401, "wrong email or password", hint="check both, or create an account")
        token, csrf = repo.create_session(db, user.id)
        public = {"id": user.id, "email": user.email, "name": user.name}
    _set_cookies(response, studio, token, csrf)
    return {"user": public}


@router.post("/logout")
def logout(request: Request, response: Response, studio: StudioDep) -> dict[str, Any]:
    token = request.cookies.get(SESSION_COOKIE)
    principal = current_principal(request, studio)
    if principal is not None:
        from ..security import CSRF_HEADER, same_token

        if not same_token(request.headers.get(CSRF_HEADER), principal.csrf):
            raise ApiError(403, "missing or wrong CSRF token", code="csrf")
        with studio.store.session() as db:
            repo.end_session(db, token or "")
        studio.recent_sessions.pop(token or "", None)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {}
