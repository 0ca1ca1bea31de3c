"""The studio's defences: CSRF on every unsafe route, sign-in on every route, security headers on every kind of
response, the websocket's checks, and hostile text kept literally in the data and escaped in the drawings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect
from studio_support import CSRF_HEADER, TestClient, error_of, make_app, running, sign_up, ws_headers

from support import HOSTILE, hostile_map_data

AS_IS = "maps/home-loan-as-is.yaml"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_ROUTES = {
    "/api/auth/me",
    "/api/auth/signup",
    "/api/auth/login",
    "/api/auth/logout",
    "/api/health",
    "/api/catalog",  # the formats, map types and analyses the studio offers: nothing of any workspace
    "/api/auth/invitations/tok",  # what an invitation link offers: its holder asks before having an account
    "/api/auth/reset/tok",
    "/api/auth/reset",
}
OPERATOR_ROUTES = {"/api/metrics"}
"""Routes for a scraper, let in by its address or a token rather than a session (the admin's session aside): any
other caller gets 403."""


def ids(client: TestClient) -> dict[str, str]:
    """A real id for every path parameter of the API."""
    wid = client.get("/api/workspaces").json()[0]["id"]
    ws = client.get(f"/api/workspaces/{wid}").json()
    mid = next(m["id"] for m in ws["maps"] if m["path"] == AS_IS)
    comment = client.post(f"/api/maps/{mid}/comments", json={"anchor": "r-calc", "body": "x"}).json()
    version = client.get(f"/api/maps/{mid}/versions").json()[0]
    link = client.post(f"/api/maps/{mid}/share-links", json={"role": "viewer", "expires_in_days": 1}).json()
    invited = client.post(f"/api/workspaces/{wid}/members", json={"email": "x@example.org", "role": "viewer"}).json()
    me = client.get("/api/auth/me").json()["user"]
    session = next(s for s in client.get("/api/auth/sessions").json() if s["current"])
    return {
        "lid": str(link["id"]),
        "iid": str(invited["invitation"]["id"]),
        "uid": str(me["id"]),
        "sid": session["id"],
        "token": "tok",
        "wid": str(wid),
        "mid": str(mid),
        "cid": str(comment["id"]),
        "vid": str(version["id"]),
        "pid": ws["personas"][0]["id"],
        "eid": "1",
        "oid": "opp-any",
        "initiative": "decision-wait",
        "name": "ipa",
    }


def routes(client: TestClient) -> list[tuple[str, str]]:
    """Every (method, path with real ids) of the OpenAPI document."""
    spec = client.get("/api/openapi.json").json()
    values = ids(client)
    found = []
    for path, item in spec["paths"].items():
        for method in item:
            found.append((method.upper(), path.format(**{k: v for k, v in values.items() if "{" + k + "}" in path})))
    return sorted(found)


def test_every_unsafe_route_wants_the_csrf_token(client: TestClient) -> None:
    unsafe = [(method, path) for method, path in routes(client) if method in UNSAFE]
    assert len(unsafe) >= 15
    token = client.headers.pop(CSRF_HEADER)
    for method, path in unsafe:
        missing = client.request(method, path, json={})
        assert error_of(missing, 403)["code"] == "csrf", (method, path)
        wrong = client.request(method, path, json={}, headers={CSRF_HEADER: token[::-1]})
        assert error_of(wrong, 403)["code"] == "csrf", (method, path)
    client.headers[CSRF_HEADER] = token
    # nothing happened: the map, the comment and the session are all still there
    values = ids(client)
    assert client.get(f"/api/maps/{values['mid']}").status_code == 200
    assert len(client.get(f"/api/maps/{values['mid']}/comments").json()) == 2
    assert client.get("/api/auth/me").json()["user"] is not None


def test_every_route_but_signing_in_wants_a_session(client: TestClient) -> None:
    all_routes = routes(client)
    client.post("/api/auth/logout")
    guarded = [(method, path) for method, path in all_routes if path not in OPEN_ROUTES | OPERATOR_ROUTES]
    assert len(guarded) >= 25
    for method, path in guarded:
        assert error_of(client.request(method, path, json={}), 401)["code"] == "unauthorized", (method, path)
    for method, path in all_routes:
        if path in OPERATOR_ROUTES:
            assert error_of(client.request(method, path), 403)["code"] == "forbidden", (method, path)


def check_headers(response: Any) -> None:
    csp = response.headers["content-security-policy"]
    directives = {d.strip().partition(" ")[0]: d.strip().partition(" ")[2] for d in csp.split(";")}
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'self'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    assert response.headers["referrer-policy"] == "same-origin"


def test_security_headers_on_api_page_and_asset_responses(tmp_path: Path, home_loan: Path) -> None:
    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text('<!doctype html><script type="module" src="/assets/app.js"></script>')
    (static / "assets" / "app.js").write_text("console.log('studio')\n")
    (tmp_path / "secret.txt").write_text("not for the web")
    app = make_app(str(tmp_path / "studio.db"), [home_loan], static_dir=static)
    with running(app) as client:
        api = client.get("/api/health")
        assert api.json()["ok"] is True and api.headers["cache-control"] == "no-store"
        page = client.get("/workspaces/1/maps/2")
        assert page.text.startswith("<!doctype html>") and page.headers["content-type"].startswith("text/html")
        asset = client.get("/assets/app.js")
        assert asset.text == "console.log('studio')\n"
        for response in (api, page, asset, client.get("/"), client.get("/api/nothing"), client.get("/api/workspaces")):
            check_headers(response)
        sign_up(client)
        # a document of user data to view (SVG/HTML export, diff, report): its own inline styles apply, nothing runs
        for fmt in ("svg", "html"):
            document = client.get("/api/maps/1/export", params={"format": fmt})
            csp = document.headers["content-security-policy"]
            directives = {d.strip().partition(" ")[0]: d.strip().partition(" ")[2] for d in csp.split(";")}
            assert directives["default-src"] == "'none'" and "sandbox" in directives
            assert "script-src" not in directives and "'unsafe-eval'" not in csp
            assert document.headers["x-content-type-options"] == "nosniff"
        check_headers(client.get("/api/maps/1/export", params={"format": "markdown"}))
        traversal = client.get("/%2e%2e/secret.txt")
        assert "not for the web" not in traversal.text


def test_the_websocket_refuses_anonymous_users_and_foreign_origins(client: TestClient) -> None:
    mid = ids(client)["mid"]
    url = f"/api/realtime/map-{mid}"
    with client.websocket_connect(url, headers=ws_headers(client)) as ws:
        assert ws.receive_bytes()[:2] == b"\x00\x00", "a signed-in user on the studio's own origin gets sync step 1"
    for headers, code in [
        ({"origin": "https://testserver"}, 4401),
        (ws_headers(client, origin="https://evil.example"), 4403),
        (ws_headers(client, origin="https://testserver.evil.example"), 4403),
        ({**ws_headers(client), "cookie": "jm_session=forged"}, 4401),
    ]:
        with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect(url, headers=headers) as ws:
            ws.receive_bytes()
        assert closed.value.code == code, headers
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("/api/realtime/map-9999", headers=ws_headers(client)) as ws,
    ):
        ws.receive_bytes()
    assert closed.value.code == 4404
    headers = ws_headers(client)
    client.post("/api/auth/logout")
    with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect(url, headers=headers) as ws:
        ws.receive_bytes()
    assert closed.value.code == 4401, "a signed-out session opens no websocket"


# --- hostile text -----------------------------------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_hostile_text_is_kept_literally_and_escaped_in_drawings(client: TestClient) -> None:
    mid = ids(client)["mid"]
    hostile = hostile_map_data()
    saved = client.put(f"/api/maps/{mid}", json=hostile)
    assert saved.status_code == 200, saved.text
    data = client.get(f"/api/maps/{mid}").json()["data"]
    text = " ".join(HOSTILE)
    assert data["title"] == text and data["stages"][0]["name"] == text
    assert [c["text"] for c in data["lanes"][0]["cards"]] == HOSTILE
    assert data["comments"][0]["author"] == text and data["touchpoints"][0]["channel"] == text
    comment = client.post(f"/api/maps/{mid}/comments", json={"anchor": "a", "body": HOSTILE[0]}).json()
    assert client.get(f"/api/maps/{mid}/comments").json()[-1]["body"] == HOSTILE[0] == comment["body"]

    svg = client.get(f"/api/maps/{mid}/export", params={"format": "svg"}).text
    tree = ET.fromstring(svg)  # well-formed despite the ]]> and CDATA in the text
    for element in tree.iter():
        assert element.tag.rsplit("}", 1)[-1] not in ("script", "foreignObject", "img")
        assert not [name for name in element.attrib if name.lower().startswith("on")], element.attrib
    assert "alert('x')" in "".join(tree.itertext()), "the text is drawn, as text"

    page = client.get(f"/api/maps/{mid}/export", params={"format": "html"}).text
    for raw in ("<script>alert", "<img src=x", "<svg onload", "<b>bold</b>", '" onload="'):
        assert raw not in page and raw not in svg, raw
    parser = Tags()
    parser.feed(page)
    assert not [tag for tag, _ in parser.tags if tag in ("script", "img", "iframe", "object")]
    for _, attrs in parser.tags:
        assert not [name for name, _ in attrs if name.startswith("on")]
        assert not [value for name, value in attrs if name == "href" and (value or "").startswith("javascript:")]
    assert "&lt;script&gt;alert(" in page
