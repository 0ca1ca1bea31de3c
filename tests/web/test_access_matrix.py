"""Who may do what, checked on every route of the OpenAPI document and on the websocket, for every kind of caller.

The expectations here are written from the roles table of docs/studio.md by hand (not read from the code's own
table): each route names who may use it. A route the OpenAPI document lists and this table does not fails the
test, so a new route cannot slip in unchecked; a row whose route is gone fails too.

Each caller gets a world of their own (a fresh store), so that what an allowed caller changes — a map moved to the
trash, a member removed — never decides another caller's answer. Within a world the routes run reads first, then
changes, then deletions, and signing out last.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.websockets import WebSocketDisconnect
from studio_support import (
    CSRF_HEADER,
    PASSWORD,
    TestClient,
    YPeer,
    fresh_postgres_database,
    make_app,
    postgres_server_url,
    running,
    ws_headers,
)

ROLES = {"viewer": 1, "commenter": 2, "editor": 3, "owner": 4}
MEMBERS = ("viewer", "commenter", "editor", "owner")
PRINCIPALS = (
    "anonymous",
    "outsider",
    "admin",
    "viewer",
    "commenter",
    "editor",
    "owner",
    "share_viewer",
    "share_commenter",
    "revoked_share",
)
SHARE_ROLE = {"share_viewer": "viewer", "share_commenter": "commenter"}


# --- who may use each route -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    """``anyone``; ``account`` (any signed-in user); ``admin``; ``operator`` (the admin, or a scraper on the
    studio's own host or with the metrics token: the test client is neither, so everyone else gets 403);
    ``author_or_owner``; or a role: members from ``least`` up, and share-link visitors from ``share`` up on the
    link's map (``on_map``: the route's target is that map, or a thing of it)."""

    kind: str
    least: str = ""
    share: str | None = None
    on_map: bool = False


ANYONE, ACCOUNT, ADMIN, OPERATOR = Who("anyone"), Who("account"), Who("admin"), Who("operator")


def role(least: str, *, share: str | None = None, on_map: bool = False) -> Who:
    return Who("role", least, share, on_map or share is not None)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    who: Who
    query: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    """Which world's ids fill the path (default: the workspace W, map M, …)."""


ROWS = [
    Row("GET", "/api/health", ANYONE),
    Row("GET", "/api/metrics", OPERATOR),
    Row("GET", "/api/catalog", ANYONE),
    Row("GET", "/api/auth/me", ANYONE),
    Row("POST", "/api/auth/signup", ANYONE),
    Row("POST", "/api/auth/login", ANYONE),
    Row("POST", "/api/auth/logout", ANYONE),
    Row("GET", "/api/auth/invitations/{token}", ANYONE),
    Row("GET", "/api/auth/reset/{token}", ANYONE, ids={"token": "reset_token"}),
    Row("POST", "/api/auth/reset", ANYONE),
    Row("POST", "/api/auth/password", ACCOUNT),
    Row("GET", "/api/auth/sessions", ACCOUNT),
    Row("DELETE", "/api/auth/sessions/{sid}", ACCOUNT),
    Row("GET", "/api/workspaces", ACCOUNT),
    Row("POST", "/api/workspaces", ACCOUNT),
    Row("GET", "/api/trash", ACCOUNT),
    Row("GET", "/api/inbox", ACCOUNT),
    Row("POST", "/api/inbox/read", ACCOUNT),
    Row("GET", "/api/workspaces/{wid}", role("viewer")),
    Row("PATCH", "/api/workspaces/{wid}", role("owner")),
    Row("DELETE", "/api/workspaces/{wid}", role("owner")),
    Row("POST", "/api/workspaces/{wid}/restore", role("owner"), ids={"wid": "trashed_wid"}),
    Row("POST", "/api/workspaces/{wid}/duplicate", role("editor")),
    Row("PUT", "/api/workspaces/{wid}/settings", role("editor")),
    Row("PUT", "/api/workspaces/{wid}/personas/{pid}", role("editor")),
    Row("GET", "/api/workspaces/{wid}/export", role("editor")),
    Row("GET", "/api/workspaces/{wid}/portfolio", role("viewer")),
    Row("GET", "/api/workspaces/{wid}/portfolio/search", role("viewer")),
    Row("GET", "/api/portfolio", ACCOUNT),
    Row("GET", "/api/workspaces/{wid}/method", role("viewer")),
    Row("PUT", "/api/workspaces/{wid}/initiatives/{initiative}", role("editor"), ids={"initiative": "pid"}),
    Row("POST", "/api/workspaces/{wid}/maps", role("editor")),
    Row("GET", "/api/workspaces/{wid}/members", role("viewer")),
    Row("POST", "/api/workspaces/{wid}/members", role("owner")),
    Row("PATCH", "/api/workspaces/{wid}/members/{uid}", role("owner")),
    Row("DELETE", "/api/workspaces/{wid}/members/{uid}", role("owner")),
    Row("GET", "/api/workspaces/{wid}/invitations", role("owner")),
    Row("DELETE", "/api/invitations/{iid}", role("owner")),
    Row("GET", "/api/workspaces/{wid}/audit", role("owner")),
    Row("GET", "/api/maps/{mid}", role("viewer", share="viewer")),
    Row("PUT", "/api/maps/{mid}", role("editor", on_map=True)),
    Row("PATCH", "/api/maps/{mid}", role("editor", on_map=True)),
    Row("DELETE", "/api/maps/{mid}", role("editor", on_map=True)),
    Row("POST", "/api/maps/{mid}/restore", role("editor"), ids={"mid": "trashed_mid"}),
    Row("POST", "/api/maps/{mid}/duplicate", role("editor", on_map=True)),
    Row("POST", "/api/maps/{mid}/derive", role("editor", on_map=True)),
    Row("GET", "/api/maps/{mid}/comments", role("viewer", share="viewer")),
    Row("POST", "/api/maps/{mid}/comments", role("commenter", share="commenter")),
    Row("PATCH", "/api/comments/{cid}", role("commenter", on_map=True)),
    Row("DELETE", "/api/comments/{cid}", Who("author_or_owner", on_map=True)),
    Row("GET", "/api/maps/{mid}/versions", role("viewer", on_map=True)),
    Row("POST", "/api/maps/{mid}/versions", role("editor", on_map=True)),
    Row("GET", "/api/versions/{vid}", role("viewer", on_map=True)),
    Row("GET", "/api/versions/{vid}/export", role("viewer", on_map=True), query="?format=svg"),
    Row("POST", "/api/versions/{vid}/restore", role("editor", on_map=True)),
    Row("GET", "/api/maps/{mid}/diff", role("viewer", on_map=True), query="?from={vid}"),
    Row("GET", "/api/maps/{mid}/export", role("viewer", share="viewer"), query="?format=svg"),
    Row("GET", "/api/maps/{mid}/export/check", role("viewer", share="viewer"), query="?format=pdf&paper=A4"),
    Row("POST", "/api/maps/{mid}/evidence", role("editor", on_map=True)),
    Row("GET", "/api/maps/{mid}/evidence", role("viewer", on_map=True)),
    Row("POST", "/api/evidence/{eid}/apply", role("editor", on_map=True)),
    Row("POST", "/api/maps/{mid}/refresh", role("editor", on_map=True)),
    Row("POST", "/api/maps/{mid}/feedback", role("editor", on_map=True)),
    Row("GET", "/api/maps/{mid}/feedback", role("viewer", on_map=True)),
    Row("PUT", "/api/maps/{mid}/feedback/column", role("editor", on_map=True)),
    Row("GET", "/api/maps/{mid}/feedback/comments", role("viewer", on_map=True)),
    Row("POST", "/api/maps/{mid}/feedback/confirmations", role("editor", on_map=True)),
    Row("POST", "/api/maps/{mid}/feedback/accept", role("editor", on_map=True)),
    Row("GET", "/api/maps/{mid}/analysis/{name}", role("viewer", on_map=True)),
    Row("GET", "/api/maps/{mid}/analyses", role("viewer", on_map=True)),
    Row("PATCH", "/api/maps/{mid}/opportunities/{oid}", role("editor", on_map=True), ids={"oid": "pid"}),
    Row("GET", "/api/maps/{mid}/links", role("viewer", on_map=True)),
    Row("POST", "/api/maps/{mid}/share-links", role("editor", on_map=True)),
    Row("GET", "/api/maps/{mid}/share-links", role("editor", on_map=True)),
    Row("DELETE", "/api/share-links/{lid}", role("editor", on_map=True)),
    Row("GET", "/api/admin/users", ADMIN),
    Row("PATCH", "/api/admin/users/{uid}", ADMIN, ids={"uid": "extra_uid"}),
    Row("POST", "/api/admin/users/{uid}/reset-link", ADMIN, ids={"uid": "extra_uid"}),
    Row("POST", "/api/admin/invitations", ADMIN),
    Row("GET", "/api/admin/sessions", ADMIN),
    Row("DELETE", "/api/admin/sessions/{sid}", ADMIN, ids={"sid": "extra_sid"}),
    Row("GET", "/api/admin/audit", ADMIN),
]

ALLOWED = "allowed"


def expected(row: Row, principal: str) -> int | str:
    """What ``principal`` gets: ``allowed`` (any answer but 401, 403, 404, 410 and 5xx), or the status."""
    who = row.who
    anonymous = principal in ("anonymous", "revoked_share")
    share = SHARE_ROLE.get(principal)
    if who.kind == "anyone":
        return ALLOWED
    if who.kind == "account":
        return 401 if anonymous or share else ALLOWED
    if who.kind == "admin":
        return 401 if anonymous or share else (ALLOWED if principal == "admin" else 403)
    if who.kind == "operator":
        return ALLOWED if principal == "admin" else 403
    if anonymous:
        return 401
    if principal in ("outsider", "admin"):
        return 404
    if share is not None:
        if not who.on_map:
            return 404
        return ALLOWED if who.share is not None and ROLES[share] >= ROLES[who.share] else 403
    if who.kind == "author_or_owner":  # the comment of the world is the owner's
        return ALLOWED if principal == "owner" else 403
    return ALLOWED if ROLES[principal] >= ROLES[who.least] else 403


def phase(row: Row) -> tuple[int, str, str]:
    """Reads, then changes, then deletions (a map, then the workspace, last of all), then signing out."""
    if row.path == "/api/auth/logout":
        order = 6
    elif row.method == "DELETE" and row.path == "/api/workspaces/{wid}":
        order = 5
    elif row.method == "DELETE" and row.path == "/api/maps/{mid}":
        order = 4
    elif row.method == "DELETE":
        order = 3
    elif row.method == "GET":
        order = 1
    else:
        order = 2
    return order, row.path, row.method


# --- a world ----------------------------------------------------------------------------------------------------


class World:
    """A studio with a workspace W (map M with a comment, a version, an evidence upload, share links), a second
    map and a second workspace in the trash, the members of every role, an outsider and the admin."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.jars: dict[str, httpx.Cookies] = {}
        self.ids: dict[str, str] = {}

    # cookie jars: one client, one jar per caller
    @contextmanager
    def acting(self, name: str) -> Iterator[TestClient]:
        self.client.cookies = self.jars.setdefault(name, httpx.Cookies())
        self.client.headers.pop(CSRF_HEADER, None)
        if not self.client.cookies.get("jm_csrf"):
            self.client.get("/api/auth/me")
        token = self.client.cookies.get("jm_csrf")
        if token:
            self.client.headers[CSRF_HEADER] = token
        try:
            yield self.client
        finally:
            self.jars[name] = httpx.Cookies(self.client.cookies)

    def ok(self, response: httpx.Response) -> Any:
        assert response.status_code < 300, (
            f"set-up failed: {response.request.method} {response.request.url}: " + (response.text[:300])
        )
        return response.json()

    def account(self, name: str) -> int:
        with self.acting(name) as c:
            body = {"email": f"{name}@example.org", "name": name.title(), "password": PASSWORD}
            user = self.ok(c.post("/api/auth/signup", json=body))["user"]
            if user is None:  # an open sign-up signs no one in: sign in next
                user = self.ok(c.post("/api/auth/login", json={"email": body["email"], "password": PASSWORD}))["user"]
            c.headers[CSRF_HEADER] = c.cookies["jm_csrf"]
        return int(user["id"])

    def second_session(self, name: str) -> str:
        """Sign the user in once more (another device); that session's id."""
        with self.acting(f"{name}-device") as c:
            self.ok(c.post("/api/auth/login", json={"email": f"{name}@example.org", "password": PASSWORD}))
            c.headers[CSRF_HEADER] = c.cookies["jm_csrf"]
            return str(next(s["id"] for s in self.ok(c.get("/api/auth/sessions")) if s["current"]))

    def build(self) -> None:
        self.account("admin")  # the first account: the studio's admin
        uids = {name: self.account(name) for name in ("owner", "editor", "commenter", "viewer", "outsider", "extra")}
        ids = self.ids
        with self.acting("owner") as c:
            wid = self.ok(c.post("/api/workspaces", json={"name": "Retail banking"}))["id"]
            trashed_wid = self.ok(c.post("/api/workspaces", json={"name": "Old journeys"}))["id"]
            for workspace in (wid, trashed_wid):
                for name in ("editor", "commenter", "viewer", "extra"):
                    member = "viewer" if name == "extra" else name
                    body = {"email": f"{name}@example.org", "role": member}
                    self.ok(c.post(f"/api/workspaces/{workspace}/members", json=body))
            new_map = {"type": "customer-journey-map", "title": "Open an account"}
            mid = self.ok(c.post(f"/api/workspaces/{wid}/maps", json=new_map))["id"]
            new_map["title"] = "Old map"
            trashed_mid = self.ok(c.post(f"/api/workspaces/{wid}/maps", json=new_map))["id"]
            self.ok(c.delete(f"/api/maps/{trashed_mid}"))
            self.ok(c.delete(f"/api/workspaces/{trashed_wid}"))
            persona = {"id": "saver", "name": "Sam Saver"}
            self.ok(c.put(f"/api/workspaces/{wid}/personas/saver", json=persona))
            cid = self.ok(c.post(f"/api/maps/{mid}/comments", json={"anchor": "x", "body": "Is this right?"}))["id"]
            vid = self.ok(c.post(f"/api/maps/{mid}/versions", json={"name": "baseline"}))["id"]
            upload = {"file": ("survey.csv", b"respondent,rating\n1,7\n2,8\n", "text/csv")}
            eid = self.ok(c.post(f"/api/maps/{mid}/evidence", files=upload, data={"kind": "survey"}))["id"]
            links = {}
            for name, share_role in (("sv", "viewer"), ("sc", "commenter"), ("sr", "viewer"), ("sx", "viewer")):
                body = {"role": share_role, "expires_in_days": 7}
                links[name] = self.ok(c.post(f"/api/maps/{mid}/share-links", json=body))
            invited = self.ok(
                c.post(f"/api/workspaces/{wid}/members", json={"email": "new@example.org", "role": "viewer"})
            )
        with self.acting("admin") as c:
            reset = self.ok(c.post(f"/api/admin/users/{uids['extra']}/reset-link"))
        for principal, link in (("share_viewer", "sv"), ("share_commenter", "sc"), ("revoked_share", "sr")):
            with self.acting(principal) as c:
                page = c.get("/s/" + links[link]["url"].rsplit("/", 1)[-1])
                assert page.status_code == 200 and c.cookies.get("jm_share"), page.text[:200]
        with self.acting("owner") as c:
            self.ok(c.delete(f"/api/share-links/{links['sr']['id']}"))
        ids.update(
            wid=str(wid),
            trashed_wid=str(trashed_wid),
            mid=str(mid),
            trashed_mid=str(trashed_mid),
            cid=str(cid),
            vid=str(vid),
            eid=str(eid),
            lid=str(links["sx"]["id"]),
            iid=str(invited["invitation"]["id"]),
            token=invited["invite_url"].rsplit("/", 1)[-1],
            reset_token=reset["url"].rsplit("/", 1)[-1],
            uid=str(uids["extra"]),
            extra_uid=str(uids["extra"]),
            extra_sid=self.second_session("extra"),
            pid="saver",
            name="emotion",
        )

    def url(self, row: Row, principal: str) -> str:
        values = {**self.ids, **{key: self.ids[source] for key, source in row.ids.items()}}
        if "{sid}" in row.path and "sid" not in row.ids:
            # one's own other session (a share-link visitor or an anonymous caller has none)
            values["sid"] = self.ids.get(f"{principal}_sid", "0" * 16)
        return (row.path + row.query).format(**values)


def build_world(client: TestClient, principal: str) -> World:
    world = World(client)
    world.build()
    if principal in MEMBERS or principal in ("outsider", "admin"):
        world.ids[f"{principal}_sid"] = world.second_session(principal)
    return world


# --- the matrix ---------------------------------------------------------------------------------------------------


def openapi_routes(client: TestClient) -> set[tuple[str, str]]:
    spec = client.get("/api/openapi.json").json()
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item}


def test_every_route_has_a_row(tmp_path: Path) -> None:
    with running(make_app(str(tmp_path / "s.db"), [])) as client:
        listed = openapi_routes(client)
    rows = {(row.method, row.path) for row in ROWS}
    assert not listed - rows, f"routes with no row in the access matrix: {sorted(listed - rows)}"
    assert not rows - listed, f"rows for routes that are gone: {sorted(rows - listed)}"
    assert len(rows) == len(ROWS), "a route has two rows"


def studio(database: str, static: Path) -> Any:
    """The studio with sign-up open (the matrix is about roles) and a stand-in for the built front end."""
    static.mkdir(parents=True, exist_ok=True)
    (static / "index.html").write_text("<!doctype html><title>studio</title>")
    return make_app(database, [], open_signup=True, static_dir=static)


def run_matrix(database: str, static: Path, principal: str) -> list[str]:
    """Every route as ``principal``, in a world of their own; the differences from what is expected."""
    app = studio(database, static)
    wrong: list[str] = []
    with running(app) as client:
        world = build_world(client, principal)
        wrong += check_websocket(world, principal)
        for row in sorted(ROWS, key=phase):
            url = world.url(row, principal)
            with world.acting(principal) as c:
                response = c.request(row.method, url, json={})
            want = expected(row, principal)
            got = response.status_code
            if got >= 500:
                wrong.append(f"{row.method} {url}: {got} (server error) {response.text[:200]}")
            elif want == ALLOWED and got in (401, 403, 404, 410):
                wrong.append(f"{row.method} {url}: {got}, expected it allowed: {response.text[:200]}")
            elif want != ALLOWED and got != want:
                wrong.append(f"{row.method} {url}: {got}, expected {want}: {response.text[:200]}")
    return wrong


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_access_matrix_on_sqlite(tmp_path: Path, principal: str) -> None:
    wrong = run_matrix(str(tmp_path / "studio.db"), tmp_path / "static", principal)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_access_matrix_on_postgresql(tmp_path: Path, principal: str) -> None:
    with fresh_postgres_database(postgres_server_url()) as url:
        wrong = run_matrix(url, tmp_path / "static", principal)
    assert not wrong, "\n".join(wrong)


# --- the websocket's rows ---------------------------------------------------------------------------------------


def notices(ws: Any, kind: str, limit: int = 50) -> dict[str, Any]:
    """Read messages until a notice (type 101) of ``kind`` comes."""
    import json

    from pycrdt import Decoder

    for _ in range(limit):
        message = ws.receive_bytes()
        decoder = Decoder(message)
        if decoder.read_var_uint() == 101:
            payload = decoder.read_message()
            assert payload is not None
            notice: dict[str, Any] = json.loads(payload.decode())
            if notice["kind"] == kind:
                return notice
    raise AssertionError(f"no {kind!r} notice in {limit} messages")


def check_websocket(world: World, principal: str) -> list[str]:
    """Joining map M live: anonymous callers are refused (4401), non-members find no map (4404); below editor the
    connection is read-only (a forged update is refused and changes nothing); editors' edits are acknowledged."""
    mid = world.ids["mid"]
    url = f"/api/realtime/map-{mid}"
    with world.acting("owner") as c:
        before = c.get(f"/api/maps/{mid}").json()["data"]
    with world.acting(principal) as c:
        headers = ws_headers(c)
        refused = {"anonymous": 4401, "revoked_share": 4401, "outsider": 4404, "admin": 4404}
        if principal in refused:
            try:
                with c.websocket_connect(url, headers=headers) as ws:
                    ws.receive_bytes()
            except WebSocketDisconnect as closed:
                if closed.code != refused[principal]:
                    return [f"websocket: closed with {closed.code}, expected {refused[principal]}"]
                return []
            return [f"websocket: admitted, expected {refused[principal]}"]
        with c.websocket_connect(url, headers=headers) as ws:
            peer = YPeer(ws.send_bytes, ws.receive_bytes)
            peer.sync()
            if principal in ("editor", "owner"):
                clock = peer.edit(lambda root: root.__setitem__("title", f"Edited by {principal}"))
                peer.wait_ack(clock)
                expected_title = f"Edited by {principal}"
            else:
                peer.edit(lambda root: root.__setitem__("title", "Forged by a reader"))
                notice = notices(ws, "refused")
                if "read" not in notice["reason"]:
                    return [f"websocket: the refusal does not say why: {notice}"]
                expected_title = before["title"]
    with world.acting("owner") as c:
        after = c.get(f"/api/maps/{mid}").json()["data"]
    if after["title"] != expected_title:
        return [f"websocket: the map's title is {after['title']!r}, expected {expected_title!r}"]
    if principal not in ("editor", "owner") and after != before:
        return ["websocket: a read-only connection changed the map"]
    return []


def test_a_read_only_connection_is_told_so_on_joining(tmp_path: Path) -> None:
    app = studio(str(tmp_path / "studio.db"), tmp_path / "static")
    with running(app) as client:
        world = build_world(client, "viewer")
        with (
            world.acting("viewer") as c,
            c.websocket_connect(f"/api/realtime/map-{world.ids['mid']}", headers=ws_headers(c)) as ws,
        ):
            notice = notices(ws, "read-only")
        assert notice["role"] == "viewer" and "not saved" in notice["reason"]
