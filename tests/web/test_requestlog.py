"""A request id on every request and on every log line it causes; one access line per request; the JSON and text
log formats."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect
from studio_support import TestClient, make_app, running

from journeymap.web import requestlog
from journeymap.web.requestlog import JsonFormatter, RequestIdFilter, RequestLog, TextFormatter

REALTIME = logging.getLogger("journeymap.web.realtime")
HEX_ID = re.compile(r"[0-9a-f]{32}")


# --- a small app that logs ---------------------------------------------------------------------------------------


async def edit(request: Request) -> Response:
    REALTIME.info("edit applied", extra={"map_id": 7})
    return PlainTextResponse("ok")


def sync_edit(request: Request) -> Response:  # runs in a worker thread: the id follows it there
    REALTIME.warning("slow commit")
    return PlainTextResponse("ok")


async def broken(request: Request) -> Response:
    raise RuntimeError("the store went away")


async def live(websocket: WebSocket) -> None:
    if websocket.query_params.get("refuse"):
        await websocket.close(code=4401)
        return
    await websocket.accept()
    REALTIME.info("joined")
    await websocket.send_text(requestlog.current_request_id() or "")
    await websocket.close()


def small_app() -> Starlette:
    routes = [
        Route("/edit", edit),
        Route("/sync", sync_edit),
        Route("/broken", broken),
        Route("/s/{token}", edit),
        WebSocketRoute("/live", live),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(RequestLog)
    return app


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """The project's records (of every ``journeymap`` logger), as JSON lines, through the filter and formatter the
    studio uses."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logging.Filter("journeymap"))
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def access_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [record for record in records(stream) if record["logger"] == "journeymap.access"]


# --- the request id ------------------------------------------------------------------------------------------------


def test_a_sane_request_id_is_echoed_and_carried_by_every_line(lines: io.StringIO) -> None:
    with TestClient(small_app()) as client:
        response = client.get("/edit?token=secret", headers={"X-Request-ID": "lb-7f3a.2_x"})
    assert response.headers["x-request-id"] == "lb-7f3a.2_x"
    [logged] = [record for record in records(lines) if record["logger"] == "journeymap.web.realtime"]
    assert logged["request_id"] == "lb-7f3a.2_x" and logged["map_id"] == 7 and logged["message"] == "edit applied"
    [access] = access_lines(lines)
    assert access["request_id"] == "lb-7f3a.2_x"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/edit", 200)
    assert "secret" not in lines.getvalue()  # the query string is never logged
    assert isinstance(access["duration_ms"], float) and access["duration_ms"] >= 0
    assert access["client"] == "testclient" and access["level"] == "INFO"


def test_a_missing_id_is_made_and_threads_carry_it(lines: io.StringIO) -> None:
    with TestClient(small_app()) as client:
        first = client.get("/sync")
        second = client.get("/sync")
    made = first.headers["x-request-id"]
    assert HEX_ID.fullmatch(made) and second.headers["x-request-id"] != made
    warned = [record for record in records(lines) if record["message"] == "slow commit"]
    assert [record["request_id"] for record in warned] == [made, second.headers["x-request-id"]]


async def raw_request(headers: list[tuple[bytes, bytes]]) -> tuple[str, int]:
    """Call the middleware with exactly these headers (no HTTP client would send some of them); the id it
    answered and the status."""
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/edit",
        "raw_path": b"/edit",
        "query_string": b"",
        "headers": headers,
        "client": ("198.51.100.4", 4711),
        "server": ("testserver", 80),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    await small_app()(scope, receive, send)
    start = sent[0]
    answered = [value.decode() for key, value in start["headers"] if key == b"x-request-id"]
    assert len(answered) == 1, start["headers"]
    return answered[0], start["status"]


@pytest.mark.parametrize(
    "hostile",
    [b"abc\ndef", b"abc\r\nX-Admin: yes", b"x" * 200, b"a b", b"caf\xc3\xa9", b"", b"../../etc", b"<script>"],
)
def test_a_hostile_id_is_replaced(hostile: bytes) -> None:
    answered, status = anyio.run(raw_request, [(b"x-request-id", hostile)])
    assert status == 200 and HEX_ID.fullmatch(answered), answered


def test_sixty_four_characters_are_kept_and_sixty_five_are_not() -> None:
    kept, _ = anyio.run(raw_request, [(b"x-request-id", b"a" * 64)])
    assert kept == "a" * 64
    replaced, _ = anyio.run(raw_request, [(b"x-request-id", b"a" * 65)])
    assert HEX_ID.fullmatch(replaced)


def test_the_id_is_reset_after_the_request() -> None:
    with TestClient(small_app()) as client:
        client.get("/edit", headers={"X-Request-ID": "gone-after"})
    assert requestlog.current_request_id() is None


# --- the access line ----------------------------------------------------------------------------------------------


def test_link_tokens_and_failures_in_the_access_line(lines: io.StringIO) -> None:
    with TestClient(small_app(), raise_server_exceptions=False) as client:
        client.get("/s/Zm9vYmFyLXNoYXJlLXRva2Vu")
        failed = client.get("/broken")
    assert failed.status_code == 500
    shared, broken = access_lines(lines)
    assert shared["path"] == "/s/{token}" and "Zm9vYmFy" not in lines.getvalue()
    assert broken["path"] == "/broken" and broken["status"] == 500
    assert requestlog.loggable_path("/api/auth/reset/abc") == "/api/auth/reset/{token}"
    assert requestlog.loggable_path("/api/auth/reset") == "/api/auth/reset"
    assert requestlog.loggable_path("/api/maps/3") == "/api/maps/3"


def test_websockets_get_an_id_too(lines: io.StringIO) -> None:
    with TestClient(small_app()) as client:
        with client.websocket_connect("/live", headers={"X-Request-ID": "ws-join-1"}) as ws:
            assert ws.receive_text() == "ws-join-1"  # the handler sees the id
        with pytest.raises(WebSocketDisconnect), client.websocket_connect("/live?refuse=1") as ws:
            ws.receive_text()
    joined = next(record for record in records(lines) if record["message"] == "joined")
    assert joined["request_id"] == "ws-join-1"
    accepted, refused = access_lines(lines)
    assert (accepted["method"], accepted["status"], accepted["request_id"]) == ("WEBSOCKET", 101, "ws-join-1")
    assert (refused["status"], refused["close_code"]) == (403, 4401) and HEX_ID.fullmatch(refused["request_id"])


def test_the_studio_answers_with_an_id(tmp_path: Path, lines: io.StringIO) -> None:
    app = make_app(str(tmp_path / "studio.db"), [])
    if not any(middleware.cls is RequestLog for middleware in app.user_middleware):
        app.add_middleware(RequestLog)
    with running(app) as client:
        response = client.get("/api/health", headers={"X-Request-ID": "probe-1"})
    assert response.status_code == 200 and response.headers["x-request-id"] == "probe-1"
    assert any(line["path"] == "/api/health" and line["request_id"] == "probe-1" for line in access_lines(lines))


# --- the formats --------------------------------------------------------------------------------------------------


def record_of(message: str, *args: Any, **extra: Any) -> logging.LogRecord:
    record = logging.LogRecord("journeymap.web.realtime", logging.ERROR, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_json_line_holds_time_level_id_pid_extras_and_the_traceback() -> None:
    try:
        raise ValueError("bad update")
    except ValueError:
        import sys

        record = record_of("commit of map %s failed", 3, map_id=3, request_id="r-1", path=Path("/x"))
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    out = json.loads(line)
    assert out["message"] == "commit of map 3 failed" and out["level"] == "ERROR"
    assert out["logger"] == "journeymap.web.realtime" and out["request_id"] == "r-1"
    assert out["map_id"] == 3 and out["path"] == "/x" and isinstance(out["pid"], int)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", out["time"])
    assert "Traceback" in out["exc_info"] and "ValueError: bad update" in out["exc_info"]


def test_a_json_line_leaves_out_an_unset_request_id() -> None:
    record = record_of("started")
    RequestIdFilter().filter(record)
    assert "request_id" not in json.loads(JsonFormatter().format(record))


def test_a_text_line_is_one_line_with_the_id() -> None:
    line = TextFormatter().format(record_of("path %s", "/a\nFAKE 2026 INFO forged", request_id="r-2"))
    assert "\n" not in line and "[r-2]" in line and "/a\\nFAKE" in line
    assert re.match(r"\d{4}-\d\d-\d\dT\S+Z ERROR\s+journeymap\.web\.realtime \[r-2\] pid=\d+ path ", line)


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Put the loggers that configure_logging changes back as they were."""
    names = ["", "uvicorn", "uvicorn.error", "uvicorn.access"]
    saved = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level, logging.getLogger(name).propagate)
        for name in names
    }
    try:
        yield
    finally:
        for name, (handlers, level, propagate) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate


def test_configure_logging_json_writes_objects_on_stderr(
    restored_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    requestlog.configure_logging("json", "info")
    token = requestlog.request_id_var.set("cfg-1")
    try:
        logging.getLogger("journeymap.web.relay").info("relayed", extra={"map_id": 9})
        logging.getLogger("journeymap.web.relay").debug("below the level")
    finally:
        requestlog.request_id_var.reset(token)
    [line] = capsys.readouterr().err.splitlines()
    out = json.loads(line)
    assert (out["message"], out["request_id"], out["map_id"]) == ("relayed", "cfg-1", 9)


def test_configure_logging_text_and_refusals(restored_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    requestlog.configure_logging("text", "warning")
    logging.getLogger("journeymap.studio").warning("disk nearly full")
    logging.getLogger("journeymap.studio").info("quiet")
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith("disk nearly full") and "[-]" in line
    with pytest.raises(ValueError, match="text or json"):
        requestlog.logging_config("xml")
    with pytest.raises(ValueError, match="log level"):
        requestlog.logging_config("json", "loud")


def test_uvicorn_applies_the_config_in_each_worker(restored_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    """uvicorn's Config.configure_logging (what each worker process runs as it starts) takes the dictionary, even
    when asked for colours, and its access logger is left to RequestLog."""
    import uvicorn

    config = uvicorn.Config(small_app(), log_config=requestlog.logging_config("json"), use_colors=False)
    config.configure_logging()
    logging.getLogger("uvicorn.error").info("Started server process")
    logging.getLogger("uvicorn.access").info("duplicate access line")
    [line] = capsys.readouterr().err.splitlines()
    assert json.loads(line)["logger"] == "uvicorn.error"
