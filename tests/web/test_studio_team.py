"""Teams through the API: the first account and invitations, members and the last owner, share links (410 once
revoked), the trash, mentions and the inbox, the audit log, the admin's page, passwords, sessions and the sign-in
lock, and cookies by transport (``--insecure-http``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from studio_support import (
    PASSWORD,
    TestClient,
    add_member,
    error_of,
    invite,
    log_in,
    make_app,
    refresh_csrf,
    running,
    set_cookies,
    sign_up,
)

AS_IS = "maps/home-loan-as-is.yaml"


def workspace_id(client: TestClient) -> int:
    return int(client.get("/api/workspaces").json()[0]["id"])


def map_id(client: TestClient, path: str = AS_IS) -> int:
    maps = client.get(f"/api/workspaces/{workspace_id(client)}").json()["maps"]
    return int(next(m["id"] for m in maps if m["path"] == path))


def switch(client: TestClient, email: str) -> None:
    client.post("/api/auth/logout")
    log_in(client, email)


# --- accounts and invitations -------------------------------------------------------------------------------------


def test_the_first_account_owns_the_imported_workspace_and_later_ones_need_an_invitation(client: TestClient) -> None:
    wid = workspace_id(client)
    members = client.get(f"/api/workspaces/{wid}/members").json()
    assert [(m["email"], m["role"]) for m in members] == [("ann@example.org", "owner")]

    token = invite(client, wid, "Cem@Example.org", "commenter")
    peek = client.get(f"/api/auth/invitations/{token}").json()
    assert peek["email"] == "cem@example.org" and peek["role"] == "commenter"
    assert peek["workspace"]["id"] == wid and peek["invited_by"] == "Ann Analyst"
    assert [i["email"] for i in client.get(f"/api/workspaces/{wid}/invitations").json()] == ["cem@example.org"]

    client.post("/api/auth/logout")
    body = {"email": "eve@example.org", "name": "Eve", "password": PASSWORD}
    error_of(client.post("/api/auth/signup", json=body), 403, "invitation_required")
    error_of(client.post("/api/auth/signup", json={**body, "invite": token}), 422)  # another address
    error_of(client.post("/api/auth/signup", json={**body, "invite": "forged"}), 410, "gone")

    joined = client.post("/api/auth/signup", json={**body, "email": "cem@example.org", "invite": token}).json()
    assert joined["workspace_id"] == wid and joined["user"]["is_admin"] is False
    refresh_csrf(client)
    assert [(w["id"], w["role"]) for w in client.get("/api/workspaces").json()] == [(wid, "commenter")]
    error_of(client.get(f"/api/auth/invitations/{token}"), 410, "gone")  # one-time
    client.post("/api/auth/logout")
    error_of(client.post("/api/auth/signup", json={**body, "invite": token}), 410, "gone")


def test_a_member_sees_only_their_workspaces_and_a_non_member_learns_nothing(client: TestClient) -> None:
    wid = workspace_id(client)
    private = client.post("/api/workspaces", json={"name": "Ann's drafts"}).json()["id"]
    token = invite(client, wid, "bob@example.org", "viewer")
    client.post("/api/auth/logout")
    sign_up(client, "bob@example.org", "Bob Builder", invite=token)
    assert [w["id"] for w in client.get("/api/workspaces").json()] == [wid]
    missing = error_of(client.get("/api/workspaces/999999"), 404, "not_found")
    hidden = error_of(client.get(f"/api/workspaces/{private}"), 404, "not_found")
    assert hidden["hint"] == missing["hint"] and hidden["message"].replace(str(private), "N") == missing[
        "message"
    ].replace("999999", "N"), "the answer for another's workspace is the one for no workspace"
    error_of(client.get("/api/workspaces/99999999999999999999"), 404, "not_found")  # beyond 64 bits: no such id


def test_members_roles_and_the_last_owner(client: TestClient, tmp_path: Path) -> None:
    wid = workspace_id(client)
    me = client.get("/api/auth/me").json()["user"]
    token = invite(client, wid, "bob@example.org", "editor")
    client.post("/api/auth/logout")
    bob = sign_up(client, "bob@example.org", "Bob Builder", invite=token)
    switch(client, "ann@example.org")
    url = f"/api/workspaces/{wid}/members"
    error_of(client.post(url, json={"email": "bob@example.org", "role": "viewer"}), 409, "conflict")
    assert client.patch(f"{url}/{bob['id']}", json={"role": "viewer"}).json()["role"] == "viewer"
    error_of(client.patch(f"{url}/{bob['id']}", json={"role": "boss"}), 422, "invalid")
    error_of(client.patch(f"{url}/{me['id']}", json={"role": "editor"}), 409, "conflict")  # the last owner
    error_of(client.delete(f"{url}/{me['id']}"), 409, "conflict")
    assert client.patch(f"{url}/{bob['id']}", json={"role": "owner"}).json()["role"] == "owner"
    assert client.patch(f"{url}/{me['id']}", json={"role": "editor"}).json()["role"] == "editor"
    # Ann is an editor now: she may not manage members, but she may leave
    error_of(client.patch(f"{url}/{bob['id']}", json={"role": "viewer"}), 403, "forbidden")
    assert client.delete(f"{url}/{me['id']}").json() == {}
    error_of(client.get(f"/api/workspaces/{wid}"), 404, "not_found")
    switch(client, "bob@example.org")
    error_of(client.delete(f"{url}/{bob['id']}"), 409, "conflict")  # Bob is the last owner now
    actions = [entry["action"] for entry in client.get(f"/api/workspaces/{wid}/audit").json()]
    for action in ("member.invited", "member.role_changed", "member.left"):
        assert action in actions, actions
    assert client.get("/api/admin/users").status_code == 403, "Bob is no admin"


# --- share links --------------------------------------------------------------------------------------------------


def test_a_share_link_opens_one_map_read_only_and_dies_when_revoked(client: TestClient, tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>studio</title>")
    mid = map_id(client)
    link = client.post(f"/api/maps/{mid}/share-links", json={"role": "viewer", "expires_in_days": 7})
    assert link.status_code == 201
    shared = link.json()
    assert set(shared) == {"id", "url", "role", "expires_at"} and shared["role"] == "viewer"
    assert shared["url"].startswith("https://testserver/s/")
    assert [s["id"] for s in client.get(f"/api/maps/{mid}/share-links").json()] == [shared["id"]]
    error_of(client.post(f"/api/maps/{mid}/share-links", json={"role": "editor", "expires_in_days": 7}), 422)
    path = "/s/" + shared["url"].rsplit("/", 1)[-1]

    with running(make_app(client.app.state.studio.settings.database, [], static_dir=static)) as visitor:  # type: ignore[attr-defined]
        page = visitor.get(path)
        assert page.status_code == 200 and "jm_share" in set_cookies(page)
        assert set_cookies(page)["jm_share"]["httponly"] is True
        me = visitor.get("/api/auth/me").json()
        assert me["user"] is None and me["share"]["map_id"] == mid and me["share"]["role"] == "viewer"
        refresh_csrf(visitor)
        assert visitor.get(f"/api/maps/{mid}").json()["role"] == "viewer"
        assert visitor.get(f"/api/maps/{mid}/export?format=svg").status_code == 200
        error_of(visitor.post(f"/api/maps/{mid}/comments", json={"anchor": "x", "body": "hi", "guest_name": "V"}), 403)
        error_of(visitor.get(f"/api/maps/{mid}/versions"), 403, "forbidden")
        error_of(visitor.get(f"/api/workspaces/{workspace_id(client)}"), 404, "not_found")
        error_of(visitor.get("/api/workspaces"), 401, "unauthorized")
        other = map_id(client, "maps/home-loan-to-be.yaml")
        error_of(visitor.get(f"/api/maps/{other}"), 404, "not_found")

        assert client.delete(f"/api/share-links/{shared['id']}").json() == {}
        gone = visitor.get(path)
        assert gone.status_code == 410 and "no longer valid" in gone.text
        assert "jm_share" not in set_cookies(gone)
        error_of(visitor.get(f"/api/maps/{mid}"), 401, "unauthorized")
        assert visitor.get("/s/not-a-link").status_code == 404
    assert client.get(f"/api/maps/{mid}/share-links").json() == []


def test_a_commenter_link_lets_a_named_visitor_comment(client: TestClient, tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>studio</title>")
    mid = map_id(client)
    shared = client.post(f"/api/maps/{mid}/share-links", json={"role": "commenter", "expires_in_days": 1}).json()
    with running(make_app(client.app.state.studio.settings.database, [], static_dir=static)) as visitor:  # type: ignore[attr-defined]
        visitor.get("/s/" + shared["url"].rsplit("/", 1)[-1])
        visitor.get("/api/auth/me")
        refresh_csrf(visitor)
        url = f"/api/maps/{mid}/comments"
        error_of(visitor.post(url, json={"anchor": "r-calc", "body": "Who are you?"}), 422)
        posted = visitor.post(url, json={"anchor": "r-calc", "body": "Rates are unclear", "guest_name": "Dana (CFO)"})
        assert posted.status_code == 201, posted.text
        assert posted.json()["author"] == {"id": None, "name": "Dana (CFO)", "guest": True}
        error_of(visitor.patch(f"/api/comments/{posted.json()['id']}", json={"resolved": True}), 403)
    assert client.get(url).json()[-1]["author"]["name"] == "Dana (CFO)"


# --- the trash ----------------------------------------------------------------------------------------------------


_HOME_LOAN_MAPS = len(list((Path(__file__).resolve().parents[2] / "examples" / "home-loan" / "maps").glob("*.yaml")))
"""How many maps the home-loan example ships (the studio imports them all; the test duplicates one more)."""


def test_deleted_maps_and_workspaces_go_to_the_trash_and_come_back(client: TestClient) -> None:
    wid, mid = workspace_id(client), map_id(client)
    renamed = client.patch(f"/api/maps/{mid}", json={"title": "Home loan — as is"}).json()
    assert renamed["title"] == "Home loan — as is"
    assert client.get(f"/api/maps/{mid}").json()["data"]["title"] == "Home loan — as is"
    copy = client.post(f"/api/maps/{mid}/duplicate", json={}).json()
    assert copy["title"] == "Home loan — as is (copy)" and copy["id"] != mid
    assert client.delete(f"/api/maps/{mid}").json() == {}
    error_of(client.get(f"/api/maps/{mid}"), 404, "not_found")
    assert mid not in [m["id"] for m in client.get(f"/api/workspaces/{wid}").json()["maps"]]
    trash = client.get("/api/trash").json()
    assert [m["id"] for m in trash["maps"]] == [mid] and trash["maps"][0]["purge_at"] > trash["maps"][0]["deleted_at"]
    assert client.post(f"/api/maps/{mid}/restore").json()["id"] == mid
    assert client.get(f"/api/maps/{mid}").status_code == 200
    error_of(client.post(f"/api/maps/{mid}/restore"), 404, "not_found")  # not in the trash

    assert client.patch(f"/api/workspaces/{wid}", json={"name": "Home loans"}).json()["name"] == "Home loans"
    copied = client.post(f"/api/workspaces/{wid}/duplicate", json={"name": "Home loans sandbox"})
    assert (
        copied.status_code == 201
        and copied.json()["role"] == "owner"
        and copied.json()["map_count"] == _HOME_LOAN_MAPS + 1
    )
    assert client.delete(f"/api/workspaces/{wid}").json() == {}
    assert [w["name"] for w in client.get("/api/workspaces").json()] == ["Home loans sandbox"]
    error_of(client.get(f"/api/maps/{mid}"), 404, "not_found")  # its maps went with it
    assert [w["id"] for w in client.get("/api/trash").json()["workspaces"]] == [wid]
    assert client.post(f"/api/workspaces/{wid}/restore").json()["name"] == "Home loans"
    assert client.get(f"/api/maps/{mid}").status_code == 200


def test_the_trash_is_purged_after_30_days(client: TestClient, studio_app: Any) -> None:
    from datetime import timedelta

    from journeymap.store import tables as t
    from journeymap.store.team import utcnow

    mid = map_id(client)
    client.delete(f"/api/maps/{mid}")
    with studio_app.state.studio.store.session() as db:
        db.get(t.MapRow, mid).deleted_at = utcnow() - timedelta(days=31)
    assert client.get("/api/trash").json()["maps"] == []
    with studio_app.state.studio.store.session() as db:
        assert db.get(t.MapRow, mid) is None


# --- mentions and the inbox ---------------------------------------------------------------------------------------


def test_a_mention_reaches_the_inbox(client: TestClient) -> None:
    wid, mid = workspace_id(client), map_id(client)
    token = invite(client, wid, "bob@example.org", "commenter")
    client.post("/api/auth/logout")
    sign_up(client, "bob@example.org", "Bob Builder", invite=token)
    note = {"anchor": "r-calc", "body": "@Ann Analyst can you check the rate? cc @bob"}
    assert client.post(f"/api/maps/{mid}/comments", json=note).status_code == 201
    assert client.get("/api/inbox").json() == {"unread": 0, "items": []}, "no notice of one's own mention"
    switch(client, "ann@example.org")
    inbox = client.get("/api/inbox").json()
    assert inbox["unread"] == 1
    item = inbox["items"][0]
    assert item["kind"] == "mention" and item["actor"]["name"] == "Bob Builder" and item["map_id"] == mid
    assert item["anchor"] == "r-calc" and item["excerpt"].startswith("@Ann Analyst") and item["read"] is False
    assert client.post("/api/inbox/read", json={"ids": [item["id"]]}).json() == {"unread": 0}
    assert client.get("/api/inbox").json()["items"][0]["read"] is True


def test_mentions_match_whole_names() -> None:
    from journeymap.web.api.team import mentioned

    people = [(1, "Ann Analyst", "ann@example.org"), (2, "Ann", "annie@example.org"), (3, "Bo", "bo@x.org")]
    assert mentioned("@Ann Analyst, please", people) == [1, 2]  # "@Ann" is in "@Ann Analyst" too: both named
    assert mentioned("ask @annie", people) == [2]
    assert mentioned("@Bob was here", people) == [], "@Bo is not @Bob"
    assert mentioned("mail ann@example.org", people) == []


# --- the admin, passwords, sessions -------------------------------------------------------------------------------


def test_the_admin_disables_an_account_and_hands_out_a_reset_link(client: TestClient) -> None:
    wid = workspace_id(client)
    token = invite(client, wid, "bob@example.org", "editor")
    client.post("/api/auth/logout")
    bob = sign_up(client, "bob@example.org", "Bob Builder", invite=token)
    switch(client, "ann@example.org")
    users = {u["email"]: u for u in client.get("/api/admin/users").json()}
    assert users["ann@example.org"]["is_admin"] and not users["bob@example.org"]["is_admin"]
    assert {s["user"]["email"] for s in client.get("/api/admin/sessions").json()} == {"ann@example.org"}
    error_of(client.patch(f"/api/admin/users/{users['ann@example.org']['id']}", json={"disabled": True}), 409)
    assert client.patch(f"/api/admin/users/{bob['id']}", json={"disabled": True}).json()["disabled"] is True
    assert [s["user"]["email"] for s in client.get("/api/admin/sessions").json()] == ["ann@example.org"]
    client.post("/api/auth/logout")
    error_of(client.post("/api/auth/login", json={"email": "bob@example.org", "password": PASSWORD}), 403, "disabled")
    log_in(client, "ann@example.org")
    client.patch(f"/api/admin/users/{bob['id']}", json={"disabled": False})
    link = client.post(f"/api/admin/users/{bob['id']}/reset-link").json()
    reset = link["url"].rsplit("/", 1)[-1]
    client.post("/api/auth/logout")
    assert client.get(f"/api/auth/reset/{reset}").json() == {"email": "bob@example.org"}
    error_of(client.post("/api/auth/reset", json={"token": reset, "password": "password1"}), 422)
    new = "a brand new passphrase"
    assert client.post("/api/auth/reset", json={"token": reset, "password": new}).json()["user"]["id"] == bob["id"]
    client.post("/api/auth/logout")
    refresh_csrf(client)
    error_of(client.post("/api/auth/reset", json={"token": reset, "password": new}), 410, "gone")
    client.post("/api/auth/logout")
    log_in(client, "bob@example.org", new)
    switch(client, "ann@example.org")
    actions = [entry["action"] for entry in client.get("/api/admin/audit").json()]
    for action in ("admin.user_changed", "admin.reset_link", "account.password_reset", "auth.login"):
        assert action in actions, actions


def test_change_password_and_revoke_sessions(client: TestClient, studio_app: Any) -> None:
    with running(studio_app) as other:  # a second device
        log_in(other, "ann@example.org")
        sessions = client.get("/api/auth/sessions").json()
        assert len(sessions) == 2 and sum(s["current"] for s in sessions) == 1
        theirs = next(s for s in sessions if not s["current"])
        assert client.delete(f"/api/auth/sessions/{theirs['id']}").json() == {}
        error_of(other.get("/api/workspaces"), 401, "unauthorized")
        error_of(client.delete("/api/auth/sessions/0123456789abcdef"), 404)
        log_in(other, "ann@example.org")
        error_of(client.post("/api/auth/password", json={"current": "wrong", "password": "x" * 12}), 403)
        weak = error_of(client.post("/api/auth/password", json={"current": PASSWORD, "password": "qwerty12345"}), 422)
        assert "common" in weak["message"]
        new = "orange kettle under the stairs"
        assert client.post("/api/auth/password", json={"current": PASSWORD, "password": new}).json() == {}
        error_of(other.get("/api/workspaces"), 401, "unauthorized")  # every other session ended
        assert client.get("/api/workspaces").status_code == 200
        client.post("/api/auth/logout")
        log_in(client, "ann@example.org", new)


def test_password_policy_on_sign_up(anonymous: TestClient) -> None:
    anonymous.get("/api/auth/me")
    refresh_csrf(anonymous)
    for password, word in (("12345678", "short"), ("Password2026!", "common"), ("ann@example.org", "email")):
        body = {"email": "ann@example.org", "name": "Ann", "password": password}
        error = error_of(anonymous.post("/api/auth/signup", json=body), 422)
        assert word in error["message"] and error["problems"][0]["where"] == "password", error


def test_fifty_wrong_passwords_lock_sign_in_and_the_right_one_waits_it_out(tmp_path: Path, home_loan: Path) -> None:
    app = make_app(str(tmp_path / "studio.db"), [home_loan], lock_seconds=2, max_lock_seconds=4)
    with running(app) as client:
        sign_up(client)
        client.post("/api/auth/logout")
        answers = [
            client.post("/api/auth/login", json={"email": "ann@example.org", "password": f"guess {n}"})
            for n in range(50)
        ]
        assert [a.status_code for a in answers[:4]] == [401] * 4
        assert {a.status_code for a in answers[4:]} == {429}, "locked from the 5th wrong password on"
        for answer in answers[4:]:
            assert int(answer.headers["retry-after"]) >= 1
            assert error_of(answer, 429, "rate_limited")["message"].startswith("too many wrong passwords")
        right = client.post("/api/auth/login", json={"email": "ann@example.org", "password": PASSWORD})
        assert right.status_code == 429, "the right password waits out the lock too"
        wait = int(right.headers["retry-after"])
        assert 1 <= wait <= 4
        deadline = time.monotonic() + 30
        while True:
            again = client.post("/api/auth/login", json={"email": "ann@example.org", "password": PASSWORD})
            if again.status_code != 429 or time.monotonic() > deadline:
                break
            time.sleep(min(0.5, float(again.headers["retry-after"])))
        assert again.status_code == 200, again.text
        refresh_csrf(client)
        client.post("/api/auth/logout")
        # 20 wrong passwords from one address, one per account, lock the address: any account waits then
        spread = [
            client.post("/api/auth/login", json={"email": f"user{n}@example.org", "password": "guess"}).status_code
            for n in range(20)
        ]
        # the address had Ann's failures already: 5, or more when a busy machine let her 2 s lock run out during
        # the 50 tries (the next wrong one then counted and locked again); the one that makes 20 is locked
        earlier = _failed_sign_ins(app, "ann@example.org")
        assert earlier >= 5
        assert spread == [401] * (19 - earlier) + [429] * (earlier + 1)
        locked = client.post("/api/auth/login", json={"email": "ann@example.org", "password": PASSWORD})
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1


# --- cookies and transport ----------------------------------------------------------------------------------------


def test_plain_http_on_a_network_host_needs_insecure_http(tmp_path: Path, home_loan: Path) -> None:
    database = str(tmp_path / "studio.db")
    with running(make_app(database, [home_loan]), base_url="http://studio.example.org") as client:
        me = client.get("/api/auth/me").json()
        assert me["transport"]["cookies_ok"] is False and "--insecure-http" in me["transport"]["message"]
        body = {"email": "ann@example.org", "name": "Ann", "password": PASSWORD}
        error_of(client.post("/api/auth/signup", json=body), 403, "insecure_transport")
    with running(make_app(database, [home_loan], insecure_http=True), base_url="http://studio.example.org") as client:
        assert client.get("/api/auth/me").json()["transport"]["cookies_ok"] is True
        refresh_csrf(client)
        answer = client.post("/api/auth/signup", json={"email": "ann@example.org", "name": "Ann", "password": PASSWORD})
        assert answer.status_code == 200
        assert "secure" not in set_cookies(answer)["jm_session"], "no Secure over plain HTTP when allowed"
        refresh_csrf(client)
        assert client.get("/api/workspaces").status_code == 200
    with running(make_app(database, [home_loan]), base_url="http://localhost") as client:
        me = client.get("/api/auth/me")
        assert me.json()["transport"]["cookies_ok"] is True and set_cookies(me)["jm_csrf"]["secure"] is True


def test_members_can_be_added_when_they_have_an_account(client: TestClient) -> None:
    wid = workspace_id(client)
    token = invite(client, wid, "bob@example.org", "viewer")
    client.post("/api/auth/logout")
    bob = sign_up(client, "bob@example.org", "Bob Builder", invite=token)
    mine = client.post("/api/workspaces", json={"name": "Bob's space"}).json()["id"]
    member = add_member(client, mine, "ann@example.org", "editor")
    assert member["email"] == "ann@example.org" and member["role"] == "editor"
    switch(client, "ann@example.org")
    assert {w["id"]: w["role"] for w in client.get("/api/workspaces").json()} == {wid: "owner", mine: "editor"}
    assert bob["id"] != member["user_id"]


def test_revoking_a_link_or_a_role_ends_live_connections_at_once(tmp_path: Path, home_loan: Path) -> None:
    """Revoking a share link, changing a member's role or removing them (routes that run in a worker thread)
    closes the affected live connections with 4403; a share-link visitor is never sent the team's presence."""
    import json

    import httpx
    from studio_support import YPeer, ws_headers

    from journeymap.web.realtime import awareness_message

    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>studio</title>")
    app = make_app(str(tmp_path / "studio.db"), [home_loan], static_dir=static)
    with running(app) as client:
        sign_up(client)
        wid, mid = workspace_id(client), map_id(client)
        shared = client.post(f"/api/maps/{mid}/share-links", json={"role": "viewer", "expires_in_days": 1}).json()
        token = invite(client, wid, "bob@example.org", "viewer")
        ann = httpx.Cookies(client.cookies)
        # Bob signs up, and a visitor opens the share link (each with cookies of their own)
        client.cookies = httpx.Cookies()
        bob = sign_up(client, "bob@example.org", "Bob Builder", invite=token)
        bob_headers = ws_headers(client)
        client.cookies = httpx.Cookies()
        client.get("/s/" + shared["url"].rsplit("/", 1)[-1])
        visitor_headers = ws_headers(client)
        client.cookies = ann
        refresh_csrf(client)

        url = f"/api/realtime/map-{mid}"
        with client.websocket_connect(url, headers=ws_headers(client)) as ann_ws:
            YPeer(ann_ws.send_bytes, ann_ws.receive_bytes).sync()
            state = json.dumps({"user": {"id": 1, "name": "Ann Analyst", "colour": "#000"}, "focus": None})
            ann_ws.send_bytes(awareness_message({4242: (1, state)}))
            with client.websocket_connect(url, headers=visitor_headers) as visitor_ws:
                kinds: list[int] = []
                YPeer(visitor_ws.send_bytes, lambda: _noted(visitor_ws.receive_bytes(), kinds)).sync()
                assert client.delete(f"/api/share-links/{shared['id']}").status_code == 200
                code = _closed_with(visitor_ws, kinds)
            assert code == 4403
            assert 1 not in kinds, "a share-link visitor is sent no presence"
            for change in ("patch", "delete"):
                with client.websocket_connect(url, headers=bob_headers) as bob_ws:
                    YPeer(bob_ws.send_bytes, bob_ws.receive_bytes).sync()
                    member = f"/api/workspaces/{wid}/members/{bob['id']}"
                    answer = (
                        client.patch(member, json={"role": "editor"}) if change == "patch" else client.delete(member)
                    )
                    assert answer.status_code == 200, answer.text
                    assert _closed_with(bob_ws, []) == 4403


def _noted(message: bytes, kinds: list[int]) -> bytes:
    from pycrdt import Decoder

    kinds.append(Decoder(message).read_var_uint())
    return message


def _closed_with(ws: Any, kinds: list[int], limit: int = 100) -> int:
    """Read until the server closes the socket; its close code."""
    from starlette.websockets import WebSocketDisconnect

    for _ in range(limit):
        try:
            _noted(ws.receive_bytes(), kinds)
        except WebSocketDisconnect as closed:
            return int(closed.code)
    raise AssertionError("the connection stayed open")


def _failed_sign_ins(app: Any, email: str) -> int:
    """How many wrong passwords for ``email`` the studio counted (each is audited when counted)."""
    from journeymap.store import team

    with app.state.studio.store.session() as db:
        entries = team.audit_entries(db, limit=10_000)
    return sum(1 for e in entries if e.action == "auth.login_failed" and e.actor_label == email)
