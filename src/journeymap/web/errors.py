"""One error shape for the whole API: ``{"error": {status, code, message, hint, problems}}``.

Routes and the service layer raise errors of the project's tree (:mod:`journeymap.errors`); one handler for
:class:`~journeymap.errors.JourneymapError` answers each in this shape with its status: an :class:`ApiError` with
its own, a :class:`~journeymap.errors.ProblemsError` 422 with its problems, a
:class:`~journeymap.errors.NotFoundError` 404, any other 400. A problem is written in its one JSON form
(:meth:`journeymap.errors.Problem.to_dict`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import JourneymapError, NotFoundError, Problem, ProblemsError
from ..limits import LIMIT_CODE
from .bodylimit import LIMIT_KEY, too_large_message
from .realtime import PersistError
from .security import HEADERS

log = logging.getLogger("journeymap.studio")

STATUS_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "unsupported",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported",
    422: "invalid",
    429: "rate_limited",
}


class ApiError(JourneymapError):
    """An error the API answers with its HTTP ``status``; ``code`` is a word from the contract or a problem code."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        hint: str = "",
        problems: list[Problem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.headers = headers or {}
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.hint = hint
        self.problems = problems or []


_T = TypeVar("_T")


def iso(moment: datetime) -> str:
    """A stored time in ISO 8601 with its zone (SQLite hands back naive UTC times)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def not_found(what: str) -> ApiError:
    """The 404 of a route, worded as :class:`~journeymap.errors.NotFoundError` (which the service layer raises)."""
    error = NotFoundError(what)
    return ApiError(404, str(error), hint=error.hint)


def found(row: _T | None, what: str) -> _T:
    """``row``, or the route's 404 for ``what`` when the store found nothing."""
    if row is None:
        raise not_found(what)
    return row


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem in its one JSON form (the same the CLI writes with ``--format json``)."""
    return problem.to_dict()


SHOWN_CHARS = 2000
"""An error's texts are cut to this length (a message quoting a 9 MB value is not sent back whole)."""
SHOWN_PROBLEMS = 200


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def body(status: int, code: str, message: str, hint: str = "", problems: list[Problem] | None = None) -> JSONResponse:
    shown = [problem_dict(p) for p in (problems or [])[:SHOWN_PROBLEMS]]
    for item in shown:
        item.update({key: _cut(item[key]) for key in ("where", "message", "hint")})
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": _cut(message), "hint": _cut(hint), "problems": shown}},
        status_code=status,
    )


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    @app.exception_handler(JourneymapError)
    async def journeymap_error(_: Request, exc: JourneymapError) -> JSONResponse:
        if isinstance(exc, PersistError):  # the store failed under a live document: a server failure
            return _unexpected(exc)
        return answer(exc)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            Problem("invalid", "body", f"not JSON: {e.get('ctx', {}).get('error', 'decode error')} at character "
                    f"{e['loc'][-1]}", "send a JSON document")
            if e.get("type") == "json_invalid"
            else Problem("invalid", _where(tuple(e.get("loc", ()))), str(e.get("msg", "invalid value")), "")
            for e in exc.errors()
        ]  # fmt: skip
        first = problems[0] if problems else None
        message = f"{first.where}: {first.message}" if first else "invalid request"
        return body(422, "invalid", message, "see the API reference at /api/docs", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = STATUS_CODES.get(exc.status_code, "error")
        if exc.status_code == 413 and LIMIT_KEY in request.scope:  # a body over the limit, found while it streamed
            name, size = request.scope[LIMIT_KEY]
            message, hint = too_large_message(name, size)
            return body(413, code, f"body: {message}", hint, [Problem(LIMIT_CODE, "body", message, hint)])
        message = str(exc.detail) if exc.detail else code.replace("_", " ")
        if exc.status_code == 400:  # the body could not be parsed (JSON too deep, a number too long, bad multipart)
            hint = "send a JSON document, or a multipart form for uploads, within the limits (docs/limits.md)"
            return body(400, code, f"body: {message}", hint, [Problem("invalid", "body", message, hint)])
        return body(exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        return _unexpected(exc)


def answer(exc: JourneymapError) -> JSONResponse:
    """The error shape and status of one of the project's errors."""
    if isinstance(exc, ApiError):
        response = body(exc.status, exc.code, exc.message, exc.hint, exc.problems)
        response.headers.update(exc.headers)
        return response
    if isinstance(exc, ProblemsError):
        problems = list(exc.problems)
        first = problems[0] if problems else None
        return body(
            422,
            first.code if first else "invalid",
            str(first.message if first else exc),
            first.hint if first else "",
            problems,
        )
    if isinstance(exc, NotFoundError):
        return body(404, STATUS_CODES[404], str(exc), exc.hint)
    return body(400, "invalid", str(exc))


def _unexpected(exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    response = body(500, "internal", "the studio failed to handle this request", "the server log has the details")
    # Starlette answers this one outside every middleware, so the security headers are added here
    response.headers.update({**HEADERS, "cache-control": "no-store"})
    return response
