"""Passwords (argon2), session and CSRF cookies, and the security headers of every response."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "jm_session"
CSRF_COOKIE = "jm_csrf"
SHARE_COOKIE = "jm_share"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

_hasher = PasswordHasher()

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)
"""No inline script or style anywhere; websockets to the same origin are covered by ``connect-src 'self'``."""

DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox"
"""For the documents made of user data that the studio serves to view (SVG and HTML exports, reports, diffs): their
own inline style sheets may apply, but nothing runs — no script at all, sandboxed, nothing loaded from anywhere."""

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def transport(request: Any, settings: Any) -> tuple[bool, bool, str | None]:
    """How the request came: whether cookies are ``Secure``, whether the browser will keep them, and what to do
    when it will not.

    Over HTTPS (directly, or through a proxy the studio trusts: uvicorn then reports the scheme the proxy saw)
    cookies are ``Secure``. Browsers keep ``Secure`` cookies on ``http://localhost`` too. On plain HTTP to any other
    host they drop them, so sign-in is refused with a message, unless the studio runs with ``--insecure-http``."""
    if request.url.scheme in ("https", "wss"):
        return True, True, None
    host = (request.url.hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True, True, None
    if settings.insecure_http:
        return False, True, None
    return (
        True,
        False,
        f"This studio is reached over plain HTTP at {host}, so your browser would drop the sign-in cookies. Open it "
        "over HTTPS (see docs/deploy.md: TLS behind Caddy or nginx, then --behind-proxy), or — only on a network "
        "you trust — restart it with --insecure-http.",
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response (API, pages, assets)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if scope["path"].startswith("/api/"):
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)
