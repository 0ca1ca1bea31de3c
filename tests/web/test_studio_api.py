"""The studio's JSON API through the ASGI test client, on a SQLite store: accounts, workspaces, maps, comments,
versions, exports, the one error shape and the OpenAPI document."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import pytest
from studio_support import (
    PASSWORD,
    TestClient,
    YPeer,
    error_of,
    invite,
    log_in,
    make_app,
    refresh_csrf,
    running,
    set_cookies,
    sign_up,
    ws_headers,
)

from journeymap.model import MapType
from journeymap.render.format_specs import BUILTIN_FORMATS
from journeymap.render.registry import renderers

AS_IS = "maps/home-loan-as-is.yaml"
TO_BE = "maps/home-loan-to-be.yaml"
HOME_LOAN_MAPS = len(list((Path(__file__).resolve().parents[2] / "examples" / "home-loan" / "maps").glob("*.yaml")))
"""How many maps the home-loan example ships (the studio imports them all)."""

# What each export is, by an independent table (content type, and how the file starts)
EXPORTS = {
    "svg": ("image/svg+xml", b"<?xml"),
    "html": ("text/html", b"<!DOCTYPE html"),
    "markdown": ("text/markdown", b"# "),
    "mermaid": ("text/vnd.mermaid", b"journey"),
    "vsdx": ("application/vnd.ms-visio.drawing", b"PK\x03\x04"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK\x03\x04"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}


def workspace(client: TestClient) -> dict[str, Any]:
    """The imported home-loan workspace."""
    listed = client.get("/api/workspaces").json()
    wid = next(w["id"] for w in listed if w["slug"] == "home-loan")
    answer: dict[str, Any] = client.get(f"/api/workspaces/{wid}").json()
    return answer


def map_id(client: TestClient, path: str) -> int:
    ids = {m["path"]: m["id"] for m in workspace(client)["maps"]}
    return int(ids[path])


def versions(client: TestClient, mid: int) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = client.get(f"/api/maps/{mid}/versions").json()
    return answer


def first_step(data: dict[str, Any]) -> dict[str, Any]:
    step: dict[str, Any] = data["stages"][0]["steps"][0]
    return step


# --- accounts ---------------------------------------------------------------------------------------------------


def test_me_signup_and_the_cookies(anonymous: TestClient) -> None:
    me = anonymous.get("/api/auth/me")
    assert me.json() == {
        "user": None,
        "demo": None,
        "signup": "open",  # no account yet: the first one becomes the studio's admin
        "share": None,
        "transport": {"https": True, "cookies_ok": True, "message": None},
    }
    csrf = set_cookies(me)["jm_csrf"]
    assert csrf["secure"] is True and csrf["samesite"].lower() == "strict" and "httponly" not in csrf

    refresh_csrf(anonymous)
    response = anonymous.post(
        "/api/auth/signup", json={"email": "Ann@Example.org", "name": "Ann", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert user["email"] == "ann@example.org" and user["name"] == "Ann" and isinstance(user["id"], int)
    assert user["is_admin"] is True, "the first account is the studio's admin"
    cookies = set_cookies(response)
    session = cookies["jm_session"]
    assert session["httponly"] is True and session["secure"] is True and session["samesite"].lower() == "lax"
    assert session["path"] == "/"
    assert cookies["jm_csrf"]["value"] != csrf["value"], "the session has its own CSRF token"
    assert anonymous.get("/api/auth/me").json()["user"] == user


def test_logout_ends_the_session_on_the_server(client: TestClient) -> None:
    token = client.cookies["jm_session"]
    assert client.post("/api/auth/logout").json() == {}
    assert client.get("/api/auth/me").json()["user"] is None
    error_of(client.get("/api/workspaces"), 401, "unauthorized")
    client.cookies.set("jm_session", token, domain="testserver.local")  # a stolen cookie is useless now
    error_of(client.get("/api/workspaces"), 401, "unauthorized")


def test_login_and_wrong_passwords(client: TestClient) -> None:
    client.post("/api/auth/logout")
    wrong = error_of(client.post("/api/auth/login", json={"email": "ann@example.org", "password": "nope"}), 401)
    assert wrong["code"] == "unauthorized"
    unknown = error_of(client.post("/api/auth/login", json={"email": "bob@example.org", "password": PASSWORD}), 401)
    assert unknown["message"] == wrong["message"], "the answer does not tell which accounts exist"
    assert log_in(client, "ANN@example.org")["email"] == "ann@example.org"
    assert client.get("/api/workspaces").status_code == 200


def test_duplicate_email_and_bad_signups(client: TestClient) -> None:
    client.post("/api/auth/logout")
    body = {"email": "ann@EXAMPLE.org", "name": "Another Ann", "password": PASSWORD}
    refused = error_of(client.post("/api/auth/signup", json={**body, "email": "eve@example.org"}), 403)
    assert refused["code"] == "invitation_required", "after the first account, sign-up needs an invitation"
    assert client.get("/api/auth/me").json()["signup"] == "invite"
    client.app.state.studio.settings.open_signup = True  # type: ignore[attr-defined]
    assert client.get("/api/auth/me").json()["signup"] == "open"
    # an existing address gets the same answer as a new one, and no session: sign-up tells no one who has an account
    existing = client.post("/api/auth/signup", json=body)
    fresh = client.post("/api/auth/signup", json={**body, "email": "newcomer@example.org"})
    assert existing.status_code == fresh.status_code == 200
    assert existing.json() == fresh.json() == {
        "user": None, "workspace_id": None, "signed_in": False, "message": existing.json()["message"]
    }  # fmt: skip
    assert "ann@example.org" not in existing.text.lower()
    assert "jm_session" not in set_cookies(existing) and "jm_session" not in set_cookies(fresh)
    error_of(client.post("/api/auth/login", json={"email": "ann@example.org", "password": "nope"}), 401)
    assert log_in(client, "newcomer@example.org")["name"] == "Another Ann", "the new address has its account"
    client.post("/api/auth/logout")
    assert log_in(client, "ann@example.org")["name"] != "Another Ann", "the existing account is untouched"
    client.post("/api/auth/logout")
    short = error_of(client.post("/api/auth/signup", json={**body, "email": "x@y.z", "password": "short"}), 422)
    assert short["code"] == "invalid" and [p["where"] for p in short["problems"]] == ["password"]
    error_of(client.post("/api/auth/signup", json={**body, "email": "not an email"}), 422, "invalid")


def test_demo_account(tmp_path: Path, home_loan: Path) -> None:
    app = make_app(str(tmp_path / "demo.db"), [home_loan], demo=True)
    with running(app) as client:
        demo = client.get("/api/auth/me").json()["demo"]
        assert demo == {"email": "demo@journeymap.dev", "password": "journeymap-demo"}
        assert log_in(client, demo["email"], demo["password"])["name"]


# --- workspaces -------------------------------------------------------------------------------------------------


def test_workspaces_list_create_get(client: TestClient) -> None:
    listed = client.get("/api/workspaces").json()
    assert listed == [
        {
            "id": listed[0]["id"],
            "slug": "home-loan",
            "name": "Northmere Bank — home loans",
            "map_count": HOME_LOAN_MAPS,
            "role": "owner",  # the first account takes the workspaces the server imported
        }
    ]
    created = client.post("/api/workspaces", json={"name": "Café onboarding"})
    assert created.status_code == 201
    new = created.json()
    assert new["slug"] == "caf-onboarding" and new["name"] == "Café onboarding" and new["map_count"] == 0
    assert new["role"] == "owner"
    again = client.post("/api/workspaces", json={"name": "Café onboarding"}).json()
    assert again["slug"] != new["slug"], "slugs stay unique"
    assert len(client.get("/api/workspaces").json()) == 3
    got = client.get(f"/api/workspaces/{new['id']}").json()
    assert got["maps"] == [] and got["personas"] == [] and got["settings"]["name"] == "Café onboarding"

    home = workspace(client)
    paths = [m["path"] for m in home["maps"]]
    assert {AS_IS, TO_BE} <= set(paths) and len(paths) == HOME_LOAN_MAPS
    assert [i["id"] for i in home["settings"]["initiatives"]] == ["decision-wait"], "the studio keeps initiatives"
    assert {p["id"] for p in home["personas"]} >= {"priya-first-time-buyer"}
    assert home["settings"]["diagnostic"]["challenged"]["rating"] == 5
    error_of(client.post("/api/workspaces", json={"name": ""}), 422, "invalid")
    error_of(client.get("/api/workspaces/9999"), 404, "not_found")


def test_settings_with_the_5cs_diagnostic(client: TestClient) -> None:
    home = workspace(client)
    settings = copy.deepcopy(home["settings"])
    settings["diagnostic"]["costly"] = {"rating": 2, "note": "cheap to fix after all"}
    settings["name"] = "Northmere home loans"
    saved = client.put(f"/api/workspaces/{home['id']}/settings", json=settings)
    assert saved.status_code == 200, saved.text
    assert saved.json()["diagnostic"]["costly"] == {"rating": 2, "note": "cheap to fix after all"}
    again = workspace(client)
    assert again["name"] == "Northmere home loans"
    assert again["settings"]["diagnostic"]["costly"]["rating"] == 2

    settings["diagnostic"]["costly"]["rating"] = 9
    error = error_of(client.put(f"/api/workspaces/{home['id']}/settings", json=settings), 422, "JM104")
    assert [p["where"] for p in error["problems"]] == ["diagnostic › costly › rating"]
    error = error_of(client.put(f"/api/workspaces/{home['id']}/settings", json={"name": "x", "colour": 1}), 422)
    assert error["code"] == "JM101" and error["problems"][0]["where"] == "colour"
    assert workspace(client)["settings"]["diagnostic"]["costly"]["rating"] == 2, "a refused change changes nothing"


def test_personas_put_with_validation(client: TestClient) -> None:
    home = workspace(client)
    priya = next(p for p in home["personas"] if p["id"] == "priya-first-time-buyer")
    url = f"/api/workspaces/{home['id']}/personas/{priya['id']}"
    saved = client.put(url, json={**priya, "name": "Priya S."})
    assert saved.status_code == 200 and saved.json()["name"] == "Priya S."
    assert next(p for p in workspace(client)["personas"] if p["id"] == priya["id"])["name"] == "Priya S."

    error = error_of(client.put(url, json={**priya, "name": ""}), 422, "JM104")
    assert error["problems"][0]["where"] == "name"
    error_of(client.put(url, json={**priya, "id": "someone-else"}), 422, "invalid")
    error = error_of(client.put(url, json={**priya, "nmae": "typo"}), 422, "JM101")
    assert "name" in error["problems"][0]["hint"]

    new = client.put(f"/api/workspaces/{home['id']}/personas/sam", json={"id": "sam", "name": "Sam"})
    assert new.status_code == 200
    assert "sam" in {p["id"] for p in workspace(client)["personas"]}


# --- maps -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("map_type", [t.value for t in MapType])
def test_create_every_map_type_from_its_template(client: TestClient, map_type: str) -> None:
    wid = workspace(client)["id"]
    created = client.post(f"/api/workspaces/{wid}/maps", json={"type": map_type, "title": f"New {map_type}"})
    assert created.status_code == 201, created.text
    summary = created.json()
    assert summary["type"] == map_type and summary["path"] == f"maps/new-{map_type}.yaml"
    got = client.get(f"/api/maps/{summary['id']}").json()
    assert got["data"].get("type", "customer-journey-map") == map_type
    assert got["title"] == f"New {map_type}" and got["workspace_id"] == wid
    assert [p for p in got["problems"] if p["severity"] == "error"] == []
    content = {"mental-model-diagram": "mental_spaces", "ecosystem-map": "actors"}.get(map_type, "stages")
    assert got["data"][content], "a template has starter content"
    assert isinstance(got["lint"], list)
    assert summary["id"] in {m["id"] for m in workspace(client)["maps"]}


def test_create_map_without_template_and_bad_types(client: TestClient) -> None:
    wid = workspace(client)["id"]
    bare = client.post(
        f"/api/workspaces/{wid}/maps", json={"type": "service-blueprint", "title": "Bare", "template": False}
    )
    assert bare.status_code == 201
    data = client.get(f"/api/maps/{bare.json()['id']}").json()["data"]
    assert data.get("stages", []) == [] and data["title"] == "Bare"
    error = error_of(client.post(f"/api/workspaces/{wid}/maps", json={"type": "mind-map", "title": "x"}), 422)
    assert "customer-journey-map" in error["hint"]
    error_of(client.post("/api/workspaces/9999/maps", json={"type": "ecosystem-map", "title": "x"}), 404, "not_found")
    assert len(workspace(client)["maps"]) == HOME_LOAN_MAPS + 1


def test_get_map_with_problems_and_lint(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    got = client.get(f"/api/maps/{mid}").json()
    assert got["path"] == AS_IS and got["type"] == "customer-journey-map" and got["problems"] == []
    assert got["data"]["id"] == "home-loan-as-is" and first_step(got["data"])["id"] == "r-calc"

    # the live document can hold what a PUT refuses (co-editors mid-change): GET shows its problems by element
    studio = client.app.state.studio  # type: ignore[attr-defined]
    broken = copy.deepcopy(got["data"])
    broken["touchpoints"][0]["step"] = "no-such-step"
    client.portal.call(studio.set_map_data, mid, broken, None)  # type: ignore[union-attr]
    got = client.get(f"/api/maps/{mid}").json()
    problem = next(p for p in got["problems"] if p["code"] == "JM202")
    assert problem["element"] == broken["touchpoints"][0]["id"] and "touchpoint" in problem["where"]
    assert got["lint"] == [], "lint waits for a map without errors"
    quick = client.get(f"/api/maps/{mid}", params={"checks": "false"}).json()
    assert quick["data"] == got["data"] and quick["checked"] is False and quick["problems"] == []

    wid = workspace(client)["id"]
    starter = client.post(f"/api/workspaces/{wid}/maps", json={"type": "customer-journey-map", "title": "Starter"})
    lint = client.get(f"/api/maps/{starter.json()['id']}").json()["lint"]
    assert lint and all({"code", "rule", "severity", "message", "hint", "where", "element"} <= set(f) for f in lint)
    assert all(f["code"].startswith("JL") for f in lint)


def test_put_valid_and_invalid_maps(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    data = client.get(f"/api/maps/{mid}").json()["data"]
    edited = copy.deepcopy(data)
    first_step(edited)["name"] = "Estimate what she can borrow"
    edited["title"] = "Home loan, as it runs today"
    saved = client.put(f"/api/maps/{mid}", json=edited)
    assert saved.status_code == 200, saved.text
    assert first_step(saved.json()["data"])["name"] == "Estimate what she can borrow"
    got = client.get(f"/api/maps/{mid}").json()
    assert got["data"] == saved.json()["data"] and got["title"] == "Home loan, as it runs today"
    assert next(m for m in workspace(client)["maps"] if m["id"] == mid)["title"] == "Home loan, as it runs today"

    bad = copy.deepcopy(edited)
    bad["stages"][0]["name"] = ""
    error = error_of(client.put(f"/api/maps/{mid}", json=bad), 422, "JM104")
    assert error["problems"][0]["where"] == "stage 1 › name" and error["problems"][0]["loc"] == ["stages", 0, "name"]

    bad = copy.deepcopy(edited)
    bad["touchpoints"][0]["step"] = "nope"
    error = error_of(client.put(f"/api/maps/{mid}", json=bad), 422, "JM202")
    name = edited["touchpoints"][0]["name"]
    assert error["problems"][0]["where"] == f'touchpoint "{name}" › step' and "known:" in error["problems"][0]["hint"]

    bad = {**edited, "stages": "not a list", "colour": "red"}
    error = error_of(client.put(f"/api/maps/{mid}", json=bad), 422)
    assert {p["code"] for p in error["problems"]} >= {"JM101", "JM104"}
    error_of(client.put(f"/api/maps/{mid}", json=[1, 2]), 422, "invalid")
    error_of(client.put("/api/maps/9999", json=edited), 404, "not_found")
    assert client.get(f"/api/maps/{mid}").json()["data"] == got["data"], "refused changes change nothing"


def test_delete_map(client: TestClient) -> None:
    mid = map_id(client, TO_BE)
    client.post(f"/api/maps/{mid}/comments", json={"anchor": "x", "body": "gone with the map"})
    assert client.delete(f"/api/maps/{mid}").json() == {}
    error_of(client.get(f"/api/maps/{mid}"), 404, "not_found")
    error_of(client.get(f"/api/maps/{mid}/comments"), 404, "not_found")
    error_of(client.delete(f"/api/maps/{mid}"), 404, "not_found")
    paths = [m["path"] for m in workspace(client)["maps"]]
    assert AS_IS in paths and TO_BE not in paths and len(paths) == HOME_LOAN_MAPS - 1
    assert client.get("/api/workspaces").json()[0]["map_count"] == HOME_LOAN_MAPS - 1


def test_derive_to_be_only_from_as_is(client: TestClient) -> None:
    as_is = map_id(client, AS_IS)
    derived = client.post(f"/api/maps/{as_is}/derive", json={"title": "Home loan — what we will build"})
    assert derived.status_code == 201, derived.text
    new = client.get(f"/api/maps/{derived.json()['id']}").json()
    assert new["title"] == "Home loan — what we will build" and new["data"]["state"] == "to-be"
    as_is_steps = {
        s["id"] for stage in client.get(f"/api/maps/{as_is}").json()["data"]["stages"] for s in stage["steps"]
    }
    replaced = {r for stage in new["data"]["stages"] for s in stage["steps"] for r in s.get("replaces", [])}
    assert replaced and replaced <= as_is_steps
    assert [p for p in new["problems"] if p["severity"] == "error"] == []
    assert len(workspace(client)["maps"]) == HOME_LOAN_MAPS + 1
    error = error_of(client.post(f"/api/maps/{map_id(client, TO_BE)}/derive", json={}), 422, "invalid")
    assert "as-is" in error["message"]
    error = error_of(client.post(f"/api/maps/{derived.json()['id']}/derive"), 422, "invalid")


# --- comments ---------------------------------------------------------------------------------------------------


def test_comment_threads_replies_and_resolving(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    url = f"/api/maps/{mid}/comments"
    first = client.post(url, json={"anchor": "r-calc", "body": "Is 7 right here?"})
    assert first.status_code == 201
    thread = first.json()
    assert thread["anchor"] == "r-calc" and thread["parent_id"] is None and thread["resolved"] is False
    assert thread["author"]["name"] == "Ann Analyst"
    reply = client.post(url, json={"anchor": "somewhere-else", "body": "Yes", "parent_id": thread["id"]}).json()
    assert reply["anchor"] == "r-calc", "a reply hangs on its thread's element"
    assert reply["parent_id"] == thread["id"]
    other = client.post(url, json={"anchor": "a-docs", "body": "Second thread"}).json()
    assert [c["id"] for c in client.get(url).json()] == [thread["id"], reply["id"], other["id"]]

    other_map = map_id(client, TO_BE)
    error_of(
        client.post(f"/api/maps/{other_map}/comments", json={"anchor": "x", "body": "y", "parent_id": thread["id"]}),
        422,
    )
    error_of(client.post(url, json={"anchor": "", "body": "y"}), 422, "invalid")
    error_of(client.post("/api/maps/9999/comments", json={"anchor": "x", "body": "y"}), 404, "not_found")

    resolved = client.patch(f"/api/comments/{thread['id']}", json={"resolved": True}).json()
    assert resolved["resolved"] is True and resolved["body"] == "Is 7 right here?"
    assert client.patch(f"/api/comments/{thread['id']}", json={"resolved": False}).json()["resolved"] is False
    edited = client.patch(f"/api/comments/{thread['id']}", json={"body": "Is 7 right?"}).json()
    assert edited["body"] == "Is 7 right?" and edited["updated_at"] >= edited["created_at"]
    error_of(client.patch("/api/comments/9999", json={"resolved": True}), 404, "not_found")


def test_only_the_author_edits_or_deletes_a_comment(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    url = f"/api/maps/{mid}/comments"
    mine = client.post(url, json={"anchor": "r-calc", "body": "Ann's note"}).json()
    client.post(url, json={"anchor": "r-calc", "body": "reply", "parent_id": mine["id"]})
    token = invite(client, client.get(f"/api/maps/{mid}").json()["workspace_id"], "bob@example.org", "editor")
    client.post("/api/auth/logout")
    sign_up(client, "bob@example.org", "Bob Builder", invite=token)

    error_of(client.patch(f"/api/comments/{mine['id']}", json={"body": "Bob was here"}), 403, "forbidden")
    error_of(client.delete(f"/api/comments/{mine['id']}"), 403, "forbidden")
    assert client.patch(f"/api/comments/{mine['id']}", json={"resolved": True}).json()["resolved"] is True
    bobs = client.post(url, json={"anchor": "a-docs", "body": "Bob's note"}).json()
    assert bobs["author"]["name"] == "Bob Builder"

    log_in(client, "ann@example.org")
    error_of(client.patch(f"/api/comments/{bobs['id']}", json={"body": "Ann was here"}), 403, "forbidden")
    assert client.get(url).json()[0]["body"] == "Ann's note"
    assert client.delete(f"/api/comments/{mine['id']}").json() == {}
    assert [c["body"] for c in client.get(url).json()] == ["Bob's note"], "a thread goes with its replies"
    error_of(client.delete(f"/api/comments/{mine['id']}"), 404, "not_found")
    assert client.delete(f"/api/comments/{bobs['id']}").json() == {}, "an owner deletes any comment"
    assert client.get(url).json() == []


# --- versions ---------------------------------------------------------------------------------------------------


def test_named_versions_diff_and_restore(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    imported = versions(client, mid)
    assert [(v["number"], v["kind"]) for v in imported] == [(1, "import")]
    original = client.get(f"/api/versions/{imported[0]['id']}").json()["data"]
    assert original == client.get(f"/api/maps/{mid}").json()["data"]

    edited = copy.deepcopy(original)
    first_step(edited)["name"] = "Work out the budget"
    client.put(f"/api/maps/{mid}", json=edited)
    named = client.post(f"/api/maps/{mid}/versions", json={"name": "after the workshop"})
    assert named.status_code == 201
    version = named.json()
    assert (version["number"], version["kind"], version["name"]) == (2, "named", "after the workshop")
    assert version["authors"] == ["Ann Analyst"] and "renamed" in version["summary"]
    assert [v["number"] for v in versions(client, mid)] == [2, 1]
    error_of(client.post(f"/api/maps/{mid}/versions", json={"name": ""}), 422, "invalid")

    diff = client.get(f"/api/maps/{mid}/diff", params={"from": imported[0]["id"], "to": "current"}).json()
    assert diff["summary"]["steps_renamed"] == 1 and diff["summary"]["steps_added"] == 0
    assert "Work out the budget" in diff["text"] and "Estimate borrowing" in diff["text"]
    assert client.get(f"/api/maps/{mid}/diff", params={"from": imported[0]["id"], "to": version["id"]}).json() == {
        **diff,
        "html_url": diff["html_url"].replace("to=current", f"to={version['id']}"),
    }
    page = client.get(diff["html_url"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Work out the budget" in page.text
    error_of(client.get(f"/api/maps/{mid}/diff", params={"from": "latest"}), 422, "invalid")
    error_of(client.get(f"/api/maps/{mid}/diff", params={"from": 9999}), 404, "not_found")

    first_step(edited)["name"] = "Unsaved idea"
    client.put(f"/api/maps/{mid}", json=edited)
    restored = client.post(f"/api/versions/{imported[0]['id']}/restore")
    assert restored.status_code == 200
    assert restored.json()["data"] == original
    assert client.get(f"/api/maps/{mid}").json()["data"] == original
    history = versions(client, mid)
    assert [(v["number"], v["kind"]) for v in history] == [(4, "restore"), (3, "auto"), (2, "named"), (1, "import")]
    assert history[0]["name"] == "restored version 1"
    assert first_step(client.get(f"/api/versions/{history[1]['id']}").json()["data"])["name"] == "Unsaved idea"
    error_of(client.post("/api/versions/9999/restore"), 404, "not_found")
    error_of(client.get("/api/versions/9999"), 404, "not_found")

    drawn = client.get(f"/api/versions/{history[1]['id']}/export", params={"format": "svg"})
    assert drawn.headers["content-type"] == "image/svg+xml" and b"Unsaved idea" in drawn.content


def test_automatic_version_when_the_last_editor_leaves(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    with client.websocket_connect(f"/api/realtime/map-{mid}", headers=ws_headers(client)) as ws:
        peer = YPeer(ws.send_bytes, ws.receive_bytes)
        data = peer.sync()
        assert data == client.get(f"/api/maps/{mid}").json()["data"]
        peer.wait_ack(peer.edit(lambda root: root["stages"][0]["steps"][0].__setitem__("name", "Live edit")))
        assert [v["kind"] for v in versions(client, mid)] == ["import"], "no version while someone edits"
    deadline = time.monotonic() + 10
    while len(history := versions(client, mid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [(v["kind"], v["authors"]) for v in history] == [("auto", ["Ann Analyst"]), ("import", [])]
    assert "renamed" in history[0]["summary"]
    assert first_step(client.get(f"/api/versions/{history[0]['id']}").json()["data"])["name"] == "Live edit"


def test_automatic_version_while_editing_goes_by_the_clock(tmp_path: Path, home_loan: Path) -> None:
    app = make_app(str(tmp_path / "every-change.db"), [home_loan], auto_version_minutes=0)
    with running(app) as client:
        sign_up(client)
        mid = map_id(client, AS_IS)
        data = client.get(f"/api/maps/{mid}").json()["data"]
        first_step(data)["name"] = "Changed"
        client.put(f"/api/maps/{mid}", json=data)
        assert [v["kind"] for v in versions(client, mid)] == ["auto", "import"]


def test_an_automatic_version_is_not_taken_twice_by_processes_on_one_store(tmp_path: Path, home_loan: Path) -> None:
    import time

    database = str(tmp_path / "shared.db")
    with running(make_app(database, [home_loan], auto_version_minutes=0)) as one:
        sign_up(one)
        mid = map_id(one, AS_IS)
        data = one.get(f"/api/maps/{mid}").json()["data"]
        first_step(data)["name"] = "Changed here"
        one.put(f"/api/maps/{mid}", json=data)
        assert [v["kind"] for v in versions(one, mid)] == ["auto", "import"]
        other = make_app(database, [home_loan], auto_version_minutes=10)
        with running(other) as two:
            log_in(two, "ann@example.org")
            other.state.studio._last_version_at[mid] = time.monotonic() - 3600  # its own clock says: due
            first_step(data)["name"] = "Changed there"
            two.put(f"/api/maps/{mid}", json=data)
            assert [v["kind"] for v in versions(two, mid)] == ["auto", "import"]  # the store's newest is recent


# --- exports ----------------------------------------------------------------------------------------------------


def test_every_builtin_export_format_is_known_here() -> None:
    assert {spec.name for spec in BUILTIN_FORMATS} == set(EXPORTS) <= set(renderers())


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_every_export_format(client: TestClient, fmt: str) -> None:
    mid = map_id(client, AS_IS)
    response = client.get(f"/api/maps/{mid}/export", params={"format": fmt})
    assert response.status_code == 200, response.text[:300]
    content_type, magic = EXPORTS[fmt]
    assert response.headers["content-type"].split(";")[0] == content_type
    assert len(response.content) > 200 and response.content.startswith(magic)
    if fmt not in ("svg", "png", "html"):
        assert response.headers["content-disposition"].startswith("attachment;")


def test_export_errors(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    error = error_of(client.get(f"/api/maps/{mid}/export", params={"format": "docx"}), 422, "invalid")
    assert "svg" in error["hint"]
    error_of(client.get(f"/api/maps/{mid}/export", params={"format": "pdf", "paper": "B5"}), 422, "invalid")
    error_of(client.get("/api/maps/9999/export", params={"format": "svg"}), 404, "not_found")


# --- one error shape, OpenAPI -----------------------------------------------------------------------------------


def test_one_error_shape(client: TestClient) -> None:
    error_of(client.get("/api/no/such/route"), 404, "not_found")
    error_of(client.get("/api/maps/9999"), 404, "not_found")
    error = error_of(client.post("/api/maps/1"), 405, "unsupported")
    assert client.post("/api/maps/1").headers["allow"] == "GET, PUT, PATCH, DELETE"
    error_of(client.delete("/api/health"), 405, "unsupported")
    error = error_of(client.get("/api/maps/abc"), 422, "invalid")
    assert error["problems"][0]["where"] == "path.mid"
    error_of(client.post("/api/workspaces", content=b"{not json", headers={"content-type": "application/json"}), 422)


def test_an_unexpected_failure_is_a_500_in_the_same_shape(studio_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with running(studio_app, raise_server_exceptions=False) as client:
        sign_up(client)

        def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("the disk caught fire")

        monkeypatch.setattr(studio_app.state.studio, "workspace_model", broken)
        response = client.get(f"/api/maps/{map_id(client, AS_IS)}/export")
        error = error_of(response, 500, "internal")
        assert "fire" not in response.text, "no internals leak"
        assert error["hint"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]


def test_openapi_lists_every_route(client: TestClient) -> None:
    from fastapi.routing import APIRoute

    spec = client.get("/api/openapi.json").json()
    listed = {(path, method.upper()) for path, item in spec["paths"].items() for method in item}
    served = set()
    for route in client.app.routes:  # type: ignore[attr-defined]
        for inner in getattr(getattr(route, "original_router", None), "routes", [route]):
            for leaf in getattr(getattr(inner, "original_router", None), "routes", [inner]):
                if isinstance(leaf, APIRoute) and leaf.include_in_schema:
                    prefix = "/api" if not leaf.path.startswith("/api/") else ""
                    served |= {(prefix + leaf.path, m) for m in leaf.methods}
    assert len(served) >= 25
    assert served == listed
    for path, method in [("/api/maps/{mid}", "PUT"), ("/api/maps/{mid}/diff", "GET"), ("/api/auth/login", "POST")]:
        assert (path, method) in listed
    assert client.get("/api/docs").status_code == 200
