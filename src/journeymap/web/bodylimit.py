"""Request body limits: uploads up to ``upload_mb``, every other request up to ``request_mb`` (journeymap.limits).

A body whose ``Content-Length`` is over the limit is refused at once with 413, before a byte of it is read; a
chunked body is counted while it streams (Starlette's :class:`RequestBodyLimitMiddleware`), so the studio never holds
more than the limit of one request (multipart files are spooled to disk as they arrive)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from ..limits import ENV_PREFIX, LIMIT_CODE, limits
from .security import HEADERS

UPLOAD_PATHS = re.compile(r"/api/maps/[^/]+/evidence/?")
"""The routes that take files (multipart), under ``upload_mb``."""
LIMIT_KEY = "journeymap.body_limit"
"""Scope key: (limit name, bytes) of the request, for the 413's message."""


def too_large_message(name: str, size: int) -> tuple[str, str]:
    """The message and hint of a 413 for the limit ``name`` of ``size`` bytes."""
    what = "the file" if name == "upload_mb" else "the request body"
    return (
        f"{what} is larger than {size // (1 << 20)} MB (limit {name})",
        f"send less (an extract of the data), or raise the limit with {ENV_PREFIX}{name.upper()}"
        + (" or serve --max-upload-mb" if name == "upload_mb" else ""),
    )


def too_large_body(name: str, size: int) -> bytes:
    message, hint = too_large_message(name, size)
    where = "body"
    error = {
        "status": 413,
        "code": "too_large",
        "message": f"{where}: {message}",
        "hint": hint,
        "problems": [
            {"code": LIMIT_CODE, "where": where, "message": message, "hint": hint, "severity": "error",
             "path": "", "loc": []}
        ],
    }  # fmt: skip
    return json.dumps({"error": error}).encode()


class BodyLimit:
    """ASGI middleware: the body limit of each request (``upload_bytes()`` for uploads, ``request_bytes()`` else)."""

    def __init__(self, app: ASGIApp, upload_bytes: Callable[[], int], request_bytes: Callable[[], int]) -> None:
        self.app = app
        self.upload_bytes = upload_bytes
        self.request_bytes = request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = UPLOAD_PATHS.fullmatch(scope["path"]) is not None
        name, size = ("upload_mb", self.upload_bytes()) if upload else ("request_mb", self.request_bytes())
        if upload:
            size += 1 << 16  # the multipart envelope around the file
        scope[LIMIT_KEY] = (name, size)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.strip().isdigit() and int(declared) > size:
            await self._refuse(name, size - (1 << 16 if upload else 0), send)
            return
        await RequestBodyLimitMiddleware(self.app, size)(scope, receive, send)

    @staticmethod
    async def _refuse(name: str, size: int, send: Send) -> None:
        content = too_large_body(name, size)
        headers = [(k.encode(), v.encode()) for k, v in HEADERS.items()]
        headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": content})


def upload_limit(settings_mb: int | None) -> Callable[[], int]:
    return lambda: (settings_mb or limits().upload_mb) * (1 << 20)


def request_limit() -> int:
    return limits().request_mb * (1 << 20)
