"""Studio test support: an app on a temporary store with copies of example workspaces, a signed-in client
(``https://testserver``, so the ``Secure`` cookies flow) that sends the CSRF header, the one error shape, a fresh
PostgreSQL database per test, and the studio as a real server process."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from support import EXAMPLES

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; httpx is what the studio's tests have
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

BASE_URL = "https://testserver"
CSRF_HEADER = "X-CSRF-Token"
PASSWORD = "correct horse battery staple"
POSTGRES_ENV = "JOURNEYMAP_TEST_POSTGRES_URL"
ERROR_KEYS = {"status", "code", "message", "hint", "problems"}
PROBLEM_KEYS = {"code", "where", "message", "hint", "severity"}


# --- workspaces and apps ----------------------------------------------------------------------------------------


def copy_examples(root: Path, names: list[str] | None = None) -> list[Path]:
    """Copies of example workspaces under ``root`` (without their ``.journeymap`` folders)."""
    chosen = names or sorted(p.name for p in EXAMPLES.iterdir() if (p / "journeymap.yaml").is_file())
    folders = []
    for name in chosen:
        target = root / name
        shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns(".journeymap"))
        folders.append(target)
    return folders


def make_app(database: str, workspaces: list[Path], **options: Any) -> Any:
    from journeymap.web.app import create_app
    from journeymap.web.settings import Settings

    return create_app(Settings(database=database, workspaces=workspaces, **options))


@contextmanager
def running(app: Any, **options: Any) -> Iterator[TestClient]:
    """A test client with the app's lifespan running (import on start, rooms closed on stop)."""
    with TestClient(app, **{"base_url": BASE_URL, **options}) as client:
        yield client


# --- accounts -----------------------------------------------------------------------------------------------------


def refresh_csrf(client: TestClient) -> str:
    """Send the ``jm_csrf`` cookie's value in the CSRF header from now on (as the front end does)."""
    token = client.cookies.get("jm_csrf")
    assert token, "no jm_csrf cookie"
    client.headers[CSRF_HEADER] = token
    return token


def sign_up(
    client: TestClient, email: str = "ann@example.org", name: str = "Ann Analyst", invite: str | None = None
) -> dict[str, Any]:
    """Create an account (with an invitation's token, when sign-up needs one) and sign in with it; the client
    sends the session's CSRF token from now on."""
    if not client.cookies.get("jm_csrf"):
        assert client.get("/api/auth/me").status_code == 200
    refresh_csrf(client)
    body = {"email": email, "name": name, "password": PASSWORD, **({"invite": invite} if invite else {})}
    response = client.post("/api/auth/signup", json=body)
    assert response.status_code == 200, response.text
    if response.json()["user"] is None:  # an open sign-up signs no one in (it tells no one which accounts exist)
        return log_in(client, email)
    refresh_csrf(client)
    user: dict[str, Any] = response.json()["user"]
    return user


def invite(client: TestClient, workspace_id: int, email: str, role: str) -> str:
    """As an owner: invite ``email`` into the workspace with ``role``; the invitation's token."""
    response = client.post(f"/api/workspaces/{workspace_id}/members", json={"email": email, "role": role})
    assert response.status_code == 201, response.text
    url: str = response.json()["invite_url"]
    return url.rsplit("/", 1)[-1]


def add_member(client: TestClient, workspace_id: int, email: str, role: str) -> dict[str, Any]:
    """As an owner: add an existing account to the workspace with ``role``."""
    response = client.post(f"/api/workspaces/{workspace_id}/members", json={"email": email, "role": role})
    assert response.status_code == 201, response.text
    member: dict[str, Any] = response.json()["member"]
    return member


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Sign in (as another user, say) and send that session's CSRF token from now on."""
    if not client.cookies.get("jm_csrf"):
        assert client.get("/api/auth/me").status_code == 200
    refresh_csrf(client)
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    refresh_csrf(client)
    user: dict[str, Any] = response.json()["user"]
    return user


def set_cookies(response: httpx.Response) -> dict[str, dict[str, str | bool]]:
    """The response's ``Set-Cookie`` headers by cookie name: ``value`` and each attribute (lower-case)."""
    cookies: dict[str, dict[str, str | bool]] = {}
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = (part.strip() for part in header.split(";"))
        name, _, value = first.partition("=")
        entry: dict[str, str | bool] = {"value": value}
        for attribute in attributes:
            key, has_value, attr_value = attribute.partition("=")
            entry[key.lower()] = attr_value if has_value else True
        cookies[name] = entry
    return cookies


# --- the one error shape ------------------------------------------------------------------------------------------


def error_of(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The error of a response, checked against the one shape; ``code`` when given must match."""
    assert response.status_code == status, f"{response.status_code}: {response.text[:500]}"
    assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) >= ERROR_KEYS, error
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert isinstance(error["hint"], str)
    assert isinstance(error["problems"], list)
    for problem in error["problems"]:
        assert set(problem) >= PROBLEM_KEYS, problem
    if code is not None:
        assert error["code"] == code, error
    return error


# --- PostgreSQL -----------------------------------------------------------------------------------------------


def postgres_server_url() -> str:
    """The PostgreSQL server the tests may create databases on; skips the test when none is configured."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"set {POSTGRES_ENV} to a PostgreSQL server URL to run the studio on PostgreSQL (.ci/run does)")
    return url


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server (dropped afterwards); yields its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"jm_studio_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = make_url(server_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.fail(f"{POSTGRES_ENV} is set but the server does not answer: {error}")
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the studio as a real server process -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ServerProcess:
    """``journeymap serve WORKSPACE… --database DB --port P --no-browser`` in a subprocess: started, killed with
    SIGKILL (as a crash or a pulled plug would stop it) and started again on the same store."""

    def __init__(
        self, workspace: Path | list[Path], database: Path, log: Path, *, demo: bool = False, host: str = "127.0.0.1"
    ) -> None:
        self.workspaces = workspace if isinstance(workspace, list) else [workspace]
        self.database, self.log_path, self.demo = database, log, demo
        self.port = free_port()
        self.url = f"http://{host}:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.options: list[str] = []
        """More ``serve`` options (``--insecure-http``, …)."""

    def start(self, timeout: float = 60) -> None:
        args = [sys.executable, "-m", "journeymap.cli.main", "serve", *map(str, self.workspaces)]
        args += ["--database", str(self.database), "--port", str(self.port), "--no-browser", *self.options]
        args += ["--demo"] if self.demo else []
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the studio exited: {self.log_path.read_text(errors='replace')}")
            try:
                # asked on 127.0.0.1, where it listens (``url`` may name another host, for a browser)
                if httpx.get(f"http://127.0.0.1:{self.port}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the studio did not answer in {timeout} s: {self.log_path.read_text(errors='replace')}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


class HttpSession:
    """A signed-in httpx client for a real server on plain http: the cookies are ``Secure``, which httpx keeps
    to https, so this session sends them itself (as a browser does for ``localhost``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookies: dict[str, str] = {}
        self.http = httpx.Client(base_url=url, timeout=30)

    def _headers(self, unsafe: bool) -> dict[str, str]:
        headers = {"cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if unsafe and "jm_csrf" in self.cookies:
            headers[CSRF_HEADER] = self.cookies["jm_csrf"]
        return headers

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.http.request(method, path, headers=self._headers(method != "GET"), **kwargs)
        for name, cookie in set_cookies(response).items():
            self.cookies[name] = str(cookie["value"])
        return response

    def sign_up(self, email: str = "ann@example.org", name: str = "Ann Analyst") -> None:
        self.request("GET", "/api/auth/me")
        response = self.request("POST", "/api/auth/signup", json={"email": email, "name": name, "password": PASSWORD})
        assert response.status_code == 200, response.text
        if response.json()["user"] is None:  # an open sign-up signs no one in
            self.log_in(email)

    def log_in(self, email: str = "ann@example.org") -> None:
        self.request("GET", "/api/auth/me")
        response = self.request("POST", "/api/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def close(self) -> None:
        self.http.close()


# --- the live document over the test client ---------------------------------------------------------------------


def ws_headers(client: TestClient, origin: str | None = BASE_URL) -> dict[str, str]:
    """Headers a browser sends when it opens the studio's websocket (the test client's websocket requests leave
    the ``Secure`` cookies out, so they go here)."""
    headers = {"cookie": "; ".join(f"{name}={value}" for name, value in client.cookies.items())}
    if origin is not None:
        headers["origin"] = origin
    return headers


def read_ack(message: bytes) -> dict[int, int] | None:
    """The state vector of an ack message (type 100) as ``{client id: clock}``; None for other messages."""
    from pycrdt import Decoder

    decoder = Decoder(message)
    if decoder.read_var_uint() != 100:
        return None
    payload = decoder.read_message()
    assert payload is not None
    vector = Decoder(payload)
    return {vector.read_var_uint(): vector.read_var_uint() for _ in range(vector.read_var_uint())}


def clock_of(doc: Any) -> int:
    """The document's own client's clock (what an ack must cover for its edits to be saved)."""
    from pycrdt import Decoder

    vector = Decoder(doc.get_state())
    clocks = {vector.read_var_uint(): vector.read_var_uint() for _ in range(vector.read_var_uint())}
    return clocks.get(doc.client_id, 0)


class YPeer:
    """A y-websocket client holding a pycrdt document, over any websocket (``send(bytes)``, ``receive() -> bytes``).

    ``sync()`` does the handshake; ``edit(change)`` runs ``change(root Y.Map)`` in a transaction, sends the update
    and returns the clock that an ack must reach for the edit to be saved."""

    def __init__(self, send: Any, receive: Any) -> None:
        from pycrdt import Doc

        self.send, self.receive = send, receive
        self.doc: Any = Doc()
        self.client_id: int = self.doc.client_id
        self.acked = 0
        self._updates: list[bytes] = []
        self.doc.observe(lambda event: self._updates.append(event.update))

    def sync(self) -> dict[str, Any]:
        """Exchange sync steps 1 and 2 with the server; the map's data as the server sent it."""
        from pycrdt import Decoder

        from journeymap.web.realtime import sync_step1_message, sync_step2_message
        from journeymap.web.ydoc import doc_data

        self.send(sync_step1_message(self.doc))
        answered = synced = False
        while not (answered and synced):
            message = self.receive()
            decoder = Decoder(message)
            kind = decoder.read_var_uint()
            if kind == 100:
                self._note_ack(message)
                continue
            if kind != 0:
                continue
            step, payload = decoder.read_var_uint(), decoder.read_message()
            assert payload is not None
            if step == 0:
                self.send(sync_step2_message(self.doc.get_update(payload)))
                answered = True
            elif step in (1, 2):
                self.doc.apply_update(payload)
                synced = synced or step == 1
        self._updates.clear()
        return doc_data(self.doc)

    def edit(self, change: Any) -> int:
        from journeymap.web.realtime import update_message
        from journeymap.web.ydoc import root

        with self.doc.transaction():
            change(root(self.doc))
        updates, self._updates = self._updates, []
        for update in updates:
            self.send(update_message(update))
        return clock_of(self.doc)

    def _note_ack(self, message: bytes) -> None:
        vector = read_ack(message)
        if vector is not None:
            self.acked = max(self.acked, vector.get(self.client_id, 0))

    def wait_ack(self, clock: int) -> None:
        """Read messages until an ack covers ``clock`` (the server applies other peers' updates meanwhile)."""
        from pycrdt import Decoder

        while self.acked < clock:
            message = self.receive()
            decoder = Decoder(message)
            kind = decoder.read_var_uint()
            if kind == 100:
                self._note_ack(message)
            elif kind == 0 and decoder.read_var_uint() in (1, 2):
                payload = decoder.read_message()
                assert payload is not None
                self.doc.apply_update(payload)
                self._updates.clear()
