"""A request id on every request and every log line it causes, one access line per request, and the studio's log
formats (readable text, or one JSON object per line for a log shipper).

:class:`RequestLog` is a pure ASGI middleware: it takes the request's ``X-Request-ID`` when it is a sane token (at
most 64 of ``A-Z a-z 0-9 . _ -``) or makes one, keeps it in a context variable for as long as the request (or the
websocket) runs, answers it in the ``X-Request-ID`` header, and writes one line on the ``journeymap.access`` logger
at the end: method, path (without its query string, and with the token of a share, invitation or reset link
blanked), status, duration, request id, client address.

:func:`configure_logging` (or :func:`logging_config`, the same as a :func:`logging.config.dictConfig` dictionary,
for uvicorn's ``log_config`` so that every worker process applies it) sends every logger's records to stderr,
each with the request id of the request it was logged in."""

from __future__ import annotations

import json
import logging
import logging.config
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS = logging.getLogger("journeymap.access")
HEADER = "x-request-id"
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
FORMATS = ("text", "json")

TOKEN_PATHS = re.compile(r"^(/s|/invite|/reset|/api/auth/invitations|/api/auth/reset)/[^/]+")
"""Paths whose next segment is a secret (a share link, an invitation, a password reset): never written to a log."""

request_id_var: ContextVar[str | None] = ContextVar("journeymap_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled (None outside of one)."""
    return request_id_var.get()


def sane_request_id(value: str | None) -> str | None:
    """``value`` when it is a request id fit for logs and headers, else None."""
    return value if value is not None and SANE_ID.fullmatch(value) else None


def loggable_path(path: str) -> str:
    """The path with the secret of a link blanked (the query string is never passed in)."""
    return TOKEN_PATHS.sub(r"\1/{token}", path)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class RequestLog:
    """Pure ASGI: a request id for every HTTP request and websocket, its header on the answer, one access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = sane_request_id(_header(scope, HEADER.encode())) or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        seen: dict[str, Any] = {"status": None}

        async def send_with_id(message: Message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                seen["status"] = message["status"]
                MutableHeaders(scope=message)[HEADER] = request_id
            elif kind == "websocket.accept":
                seen["status"] = 101
                headers = [(k, v) for k, v in message.get("headers") or () if bytes(k).lower() != HEADER.encode()]
                message = {**message, "headers": [*headers, (HEADER.encode(), request_id.encode())]}
            elif kind == "websocket.close":
                seen.setdefault("close_code", message.get("code", 1000))
                if seen["status"] is None:  # refused before acceptance: the client gets a 403
                    seen["status"] = 403
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except BaseException:
            if seen["status"] is None:
                seen["status"] = 500
            raise
        finally:
            try:
                _access_line(scope, request_id, seen, time.perf_counter() - started)
            finally:
                request_id_var.reset(token)


def _access_line(scope: Scope, request_id: str, seen: dict[str, Any], seconds: float) -> None:
    if not ACCESS.isEnabledFor(logging.INFO):
        return
    method = scope.get("method") or "WEBSOCKET"
    path = loggable_path(scope.get("path") or "/")
    client = scope.get("client")
    fields: dict[str, Any] = {
        "method": method,
        "path": path,
        "status": seen["status"],
        "duration_ms": round(seconds * 1000, 1),
        "request_id": request_id,
        "client": str(client[0]) if client else None,
    }
    if "close_code" in seen:
        fields["close_code"] = seen["close_code"]
    status = seen["status"] if seen["status"] is not None else "-"
    ACCESS.info("%s %s %s %.1f ms", method, path, status, fields["duration_ms"], extra=fields)


# --- log records and their formats ------------------------------------------------------------------------------


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request it was logged in (``request_id``, None outside of a request).
    Attached to a handler, it marks the records of every logger that reach it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


_PLAIN = logging.LogRecord("", 0, "", 0, "", None, None)
STANDARD_FIELDS = frozenset(vars(_PLAIN)) | {"message", "asctime", "request_id", "color_message", "taskName"}
"""A record's own attributes; any other is an extra field passed by the caller (``extra={"map_id": 3}``)."""

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def utc_time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {key: value for key, value in vars(record).items() if key not in STANDARD_FIELDS and key[:1] != "_"}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (ISO 8601, UTC), level, logger, message, request_id (when set), pid,
    exc_info (the traceback as text, when there is one) and the caller's extra fields."""

    def __init__(self, *args: Any, use_colors: bool | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # use_colors: what uvicorn may set on its formatters; meaningless here

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            out["request_id"] = request_id
        out["pid"] = record.process
        for key, value in extra_fields(record).items():
            out.setdefault(key, _jsonable(value))
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            out["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A readable line: ``time level logger [request id] pid=… message``; control characters of the message are
    escaped so that no message forges a line of its own; a traceback follows on its own lines."""

    def __init__(self, *args: Any, use_colors: bool | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        message = CONTROL.sub(lambda found: repr(found.group())[1:-1], record.getMessage())
        line = f"{utc_time(record)} {record.levelname:<7} {record.name} [{request_id or '-'}] pid={record.process} "
        line += message
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


def _level(level: str) -> str:
    name = level.upper()
    if name not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(f"log level {level!r}: give debug, info, warning, error or critical")
    return name


def logging_config(fmt: str, level: str = "info") -> dict[str, Any]:
    """The :func:`logging.config.dictConfig` dictionary of :func:`configure_logging`: hand it to uvicorn as
    ``log_config`` and each worker process applies it as it starts. uvicorn's own access log is silenced:
    :class:`RequestLog` writes the access lines (with the request id)."""
    if fmt not in FORMATS:
        raise ValueError(f"log format {fmt!r}: give text or json")
    formatter = {"()": f"{__name__}.{'JsonFormatter' if fmt == 'json' else 'TextFormatter'}"}
    name = _level(level)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        # uvicorn sets use_colors on formatters of these two names when asked to: both are ours
        "formatters": {"default": dict(formatter), "access": dict(formatter)},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True, "level": name},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": name},
            "uvicorn.access": {"handlers": [], "propagate": False},
            "alembic": {"level": "WARNING"},  # every process checks the schema as it starts: not news
        },
        "root": {"handlers": ["stderr"], "level": name},
    }


def configure_logging(fmt: str, level: str = "info") -> None:
    """Every logger's records on stderr, as ``text`` (readable lines) or ``json`` (one object per line), at
    ``level`` and above, each with its request's id."""
    logging.config.dictConfig(logging_config(fmt, level))
