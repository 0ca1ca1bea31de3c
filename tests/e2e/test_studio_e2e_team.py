"""The studio as a team, end to end: an owner invites a colleague in the Members panel and the colleague signs up
through the link; a viewer gets no editing control and a forged update from the viewer's page changes nothing; a
share link opens a map without an account until it is revoked (then 410); a commenter link comments under a name;
a studio started with ``--insecure-http`` is used under a host name that is not localhost. Every test checks what
the server holds, and saves screenshots to ``out/e2e/`` for a person to look at."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import (
    CHROMIUM,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    Pages,
    StudioServer,
    all_steps,
    api,
    browser,  # noqa: F401 - a fixture
    find_map,
    map_data,
    needs_browser,
    open_map,
    pages_for,
    shot,
    sign_in,
    sign_up,
    studio,  # noqa: F401 - a fixture
)
from playwright.sync_api import expect

PASSWORD = "Journeys-are-long-2024"
"""Passwords of the accounts made here: 10+ characters, not a common one, not the email or the name."""
WAIT = 30_000
"""Milliseconds to wait for the page (a busy 2-core machine runs these tests)."""
HOME_LOAN_AS_IS = "maps/home-loan-as-is.yaml"
HOME_LOAN_MAPS = len(list((Path(__file__).resolve().parents[2] / "examples" / "home-loan" / "maps").glob("*.yaml")))


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, WAIT) as made:
        yield made


def workspace_of(page: Any, slug: str) -> dict[str, Any]:
    """The caller's workspace with this slug (``GET /api/workspaces``)."""
    workspace: dict[str, Any] = next(w for w in api(page, "/api/workspaces") if w["slug"] == slug)
    return workspace


def members_tab(page: Any, server: StudioServer, wid: int) -> None:
    page.goto(f"{server.url}/w/{wid}")
    page.get_by_role("tab", name="Members").click()
    page.get_by_role("table", name="Members").wait_for()


def invite(page: Any, email: str, role: str) -> None:
    """Invite an address with a role in the open Members panel."""
    page.get_by_label("Email address to invite").fill(email)
    page.get_by_label("Role of the new member").select_option(role)
    page.get_by_role("button", name="Invite", exact=True).click()


def status_of(page: Any, path: str) -> int:
    """The status a same-origin GET answers in the page (its cookies)."""
    status: int = page.evaluate("async (path) => (await fetch(path)).status", path)
    return status


# --- a. an owner invites a colleague, who signs up through the link ------------------------------------------


def test_owner_invites_a_colleague_who_signs_up_through_the_link(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    owner = pages.new(clipboard=True)
    sign_in(owner, studio)
    workspace = workspace_of(owner, "home-loan")
    wid, name = workspace["id"], workspace["name"]
    assert workspace["role"] == "owner"
    email = "colin.colleague@example.org"

    members_tab(owner, studio, wid)
    expect(owner.locator(".title-with-badge [data-testid=role-badge]")).to_have_text("Owner")
    invite(owner, email, "editor")
    result = owner.get_by_test_id("invite-result")
    expect(result).to_contain_text(f"Invitation for {email} as editor")
    expect(result).to_contain_text("shown only this once")
    url = owner.get_by_test_id("invite-url").input_value()
    assert re.fullmatch(rf"{re.escape(studio.url)}/invite/[A-Za-z0-9_-]{{20,}}", url), url
    result.get_by_role("button", name="Copy").click()
    expect(result.get_by_role("button", name="Copied")).to_be_visible()
    assert owner.evaluate("navigator.clipboard.readText()") == url
    invitation_row = owner.locator(f"[data-testid=invitation-row][data-email='{email}']")
    expect(invitation_row).to_contain_text("Editor")
    shot(owner, "team-01-members-invited")
    assert [i["email"] for i in api(owner, f"/api/workspaces/{wid}/invitations")] == [email]

    # the colleague opens the link in another browser, signs up with the invited address, and lands in the workspace
    colleague = pages.new()
    colleague.goto(url)
    text = colleague.get_by_test_id("invitation-text")
    expect(text).to_contain_text(f"invited you to the workspace {name} as Editor")
    assert colleague.get_by_label("Email").input_value() == email
    assert colleague.get_by_label("Email").get_attribute("readonly") is not None
    colleague.get_by_label("Your name").fill("Colin Colleague")
    colleague.get_by_label("Password").fill(PASSWORD)
    shot(colleague, "team-02-invitation-sign-up")
    colleague.get_by_role("button", name="Create account and join").click()
    colleague.wait_for_url(f"{studio.url}/w/{wid}")
    expect(colleague.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(colleague.locator(".title-with-badge [data-testid=role-badge]")).to_have_text("Editor")

    # their workspaces list holds that one workspace only (the server's list too)
    colleague.goto(f"{studio.url}/")
    tiles = colleague.locator(".workspace-tile")
    expect(tiles).to_have_count(1)
    expect(tiles).to_contain_text(name)
    assert [(w["id"], w["role"]) for w in api(colleague, "/api/workspaces")] == [(wid, "editor")]
    shot(colleague, "team-03-colleague-workspaces")

    # the owner sees the colleague as an editor; the invitation is used up and its link no longer works
    members_tab(owner, studio, wid)
    row = owner.locator(f"[data-testid=member-row][data-email='{email}']")
    expect(row.get_by_label("Role of Colin Colleague")).to_have_value("editor")
    expect(owner.locator("[data-testid=invitation-row]")).to_have_count(0)
    assert api(owner, f"/api/workspaces/{wid}/invitations") == []
    again = pages.new()
    again.goto(url)
    expect(again.get_by_test_id("invitation-gone")).to_contain_text("used, revoked or has expired")
    shot(again, "team-04-invitation-used")

    # the owner changes the colleague's role to commenter, then removes them (confirmed in the studio's dialog)
    row.get_by_label("Role of Colin Colleague").select_option("commenter")
    owner.locator(".toast").filter(has_text="Colin Colleague is now commenter").wait_for()
    members = {m["email"]: m["role"] for m in api(owner, f"/api/workspaces/{wid}/members")}
    assert members[email] == "commenter"
    row.get_by_role("button", name="Remove Colin Colleague").click()
    owner.get_by_role("dialog", name="Remove Colin Colleague?").get_by_role("button", name="Remove member").click()
    expect(row).to_have_count(0)
    assert email not in {m["email"] for m in api(owner, f"/api/workspaces/{wid}/members")}
    assert api(colleague, "/api/workspaces") == []


# --- b. a viewer has no editing control, and a forged update changes nothing ------------------------------------

FORGE = """async ([url, message]) => {
  // The viewer's page opens the map's websocket itself (its cookies) and sends a y-protocols update by hand.
  const notices = [];
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  const readVarUint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at.i++]; value += (byte & 127) * 2 ** shift; shift += 7; } while (byte >= 128);
    return value;
  };
  socket.onmessage = (event) => {
    const bytes = new Uint8Array(event.data);
    const at = { i: 0 };
    if (readVarUint(bytes, at) !== 101) return;
    const length = readVarUint(bytes, at);
    notices.push(JSON.parse(new TextDecoder().decode(bytes.slice(at.i, at.i + length))));
  };
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  socket.send(new Uint8Array(message));
  const deadline = Date.now() + 20000;
  while (!notices.some((n) => n.kind === "refused") && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  socket.close();
  return notices;
}"""


def forged_update_message() -> list[int]:
    """``[0, 2, update]``: a sync update that adds a key to the map's root (it would show in the stored map)."""
    from pycrdt import Doc, Map

    from journeymap.web.realtime import update_message

    doc: Any = Doc()
    root = doc.get("map", type=Map)
    root["forged"] = "by a viewer"
    return list(update_message(doc.get_update()))


def test_a_viewer_sees_no_editing_control_and_a_forged_update_changes_nothing(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
) -> None:
    owner = pages.new()
    sign_in(owner, studio)
    viewer = pages.new()
    viewer_email = "vera.viewer@example.org"
    sign_up(viewer, studio, viewer_email, "Vera Viewer", PASSWORD)
    wid = workspace_of(owner, "home-loan")["id"]
    mid = find_map(owner, "home-loan", HOME_LOAN_AS_IS)

    # an existing account is added at once, as a viewer
    members_tab(owner, studio, wid)
    invite(owner, viewer_email, "viewer")
    expect(owner.locator(".callout-ok")).to_contain_text("Vera Viewer (vera.viewer@example.org) is now a member")
    expect(owner.locator(f"[data-testid=member-row][data-email='{viewer_email}']")).to_be_visible()
    assert api(viewer, f"/api/maps/{mid}")["role"] == "viewer"

    # the map page: a Viewer badge, the live map, and no control that edits
    before = map_data(viewer, mid)
    viewer.goto(f"{studio.url}/m/{mid}")
    bar = viewer.locator(".map-bar")
    expect(bar.locator(".save-status")).to_have_text("Live · read-only", timeout=WAIT)
    expect(viewer.get_by_test_id("step")).to_have_count(len(all_steps(before)))
    expect(bar.get_by_test_id("role-badge")).to_have_text("Viewer")
    editor = viewer.get_by_test_id("map-editor")
    expect(editor).to_have_class(re.compile("is-readonly"))
    for name in ("Share", "Derive to-be map", "Undo", "Redo"):
        expect(bar.get_by_role("button", name=name)).to_have_count(0)
    assert viewer.get_by_label("Map title").get_attribute("readonly") is not None
    step = viewer.get_by_test_id("step").first
    step.click()
    step.locator(".jm-text").first.dblclick()
    expect(viewer.get_by_test_id("inline-editor")).to_have_count(0)
    for prefix in ("add-", "delete-"):
        expect(viewer.locator(f"[data-testid^={prefix}]")).to_have_count(0)
    expect(viewer.locator("[draggable=true]")).to_have_count(0)
    expect(viewer.get_by_test_id("comment-badge").filter(has_text="+")).to_have_count(0)
    editor.focus()
    viewer.keyboard.press("n")  # "add a step" for an editor
    viewer.keyboard.press("Delete")
    expect(viewer.get_by_test_id("step")).to_have_count(len(all_steps(before)))
    assert map_data(viewer, mid) == before
    side = viewer.locator(".side-panel")
    expect(side.locator(".composer")).to_have_count(0)
    expect(side).to_contain_text("You can read the comments here, not write them.")
    expect(side.get_by_role("button", name="Resolve")).to_have_count(0)
    shot(viewer, "team-05-viewer-map")
    side.get_by_role("tab", name="History").click()
    expect(side.get_by_role("button", name="Save version")).to_have_count(0)
    expect(side.get_by_role("button", name="Restore")).to_have_count(0)
    side.get_by_role("tab", name="Evidence").click()
    expect(side.get_by_role("button", name="Upload", exact=True)).to_have_count(0)
    expect(side.get_by_role("heading", name="Analyses")).to_be_visible()

    # the workspace page: no new map, no export, the personas and the members read-only
    viewer.goto(f"{studio.url}/w/{wid}")
    expect(viewer.locator(".title-with-badge [data-testid=role-badge]")).to_have_text("Viewer")
    expect(viewer.get_by_role("button", name="New map")).to_have_count(0)
    expect(viewer.get_by_role("link", name=re.compile("Export folder"))).to_have_count(0)
    viewer.get_by_role("tab", name=re.compile("Personas")).click()
    expect(viewer.get_by_role("button", name=re.compile("New persona|Save persona"))).to_have_count(0)
    viewer.get_by_role("tab", name="Members").click()
    expect(viewer.locator(f"[data-testid=member-row][data-email='{viewer_email}']")).to_contain_text("Leave")
    expect(viewer.get_by_role("button", name="Invite", exact=True)).to_have_count(0)
    expect(viewer.locator("select.role-select")).to_have_count(0)
    shot(viewer, "team-06-viewer-members")

    # a forged update over the viewer's own websocket: the server refuses it and stores nothing
    ws_url = studio.url.replace("http://", "ws://") + f"/api/realtime/map-{mid}"
    notices = viewer.evaluate(FORGE, [ws_url, forged_update_message()])
    kinds = [n["kind"] for n in notices]
    assert "refused" in kinds, notices
    assert "read-only" in kinds, notices
    assert next(n for n in notices if n["kind"] == "read-only")["role"] == "viewer"
    time.sleep(1)
    after = map_data(viewer, mid)
    assert "forged" not in after
    assert after == before


def test_a_new_role_reaches_the_open_map_page(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    owner = pages.new()
    sign_in(owner, studio)
    member = pages.new()
    email = "rita.role@example.org"
    sign_up(member, studio, email, "Rita Role", PASSWORD)
    wid = workspace_of(owner, "home-loan")["id"]
    mid = find_map(owner, "home-loan", HOME_LOAN_AS_IS)
    api(owner, f"/api/workspaces/{wid}/members", "POST", {"email": email, "role": "viewer"})
    uid = next(m["user_id"] for m in api(owner, f"/api/workspaces/{wid}/members") if m["email"] == email)

    member.goto(f"{studio.url}/m/{mid}")
    bar = member.locator(".map-bar")
    expect(bar.locator(".save-status")).to_have_text("Live · read-only", timeout=WAIT)
    expect(bar.get_by_role("button", name="Share")).to_have_count(0)

    # made an editor while the map is open: the server ends the read-only connection, the page joins again
    api(owner, f"/api/workspaces/{wid}/members/{uid}", "PATCH", {"role": "editor"})
    member.locator(".toast").filter(has_text="your role is now Editor").wait_for()
    expect(bar.get_by_test_id("role-badge")).to_have_text("Editor")
    expect(bar.get_by_role("button", name="Share")).to_be_visible()
    expect(bar.locator(".save-status")).to_have_text("Saved", timeout=WAIT)
    expect(member.get_by_test_id("add-step").first).to_be_visible()

    # removed from the workspace: the page says the map cannot be opened any more
    api(owner, f"/api/workspaces/{wid}/members/{uid}", "DELETE")
    expect(member.get_by_role("heading", name="This map cannot be opened")).to_be_visible()
    shot(member, "team-06b-member-removed")


# --- c. share links ----------------------------------------------------------------------------------------------


def test_a_share_link_opens_the_map_read_only_without_an_account_until_revoked(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
) -> None:
    owner = pages.new()
    sign_in(owner, studio)
    mid = find_map(owner, "home-loan", HOME_LOAN_AS_IS)
    steps = len(all_steps(map_data(owner, mid)))
    open_map(owner, studio, mid)

    owner.locator(".map-bar").get_by_role("button", name="Share").click()
    dialog = owner.get_by_role("dialog", name=re.compile("^Share"))
    dialog.get_by_label("Can view").check()
    dialog.get_by_label("Expires after").select_option("7")
    dialog.get_by_role("button", name="Create link").click()
    url = dialog.get_by_test_id("share-url").input_value()
    assert re.fullmatch(rf"{re.escape(studio.url)}/s/[A-Za-z0-9_-]{{20,}}", url), url
    link = next(lk for lk in api(owner, f"/api/maps/{mid}/share-links") if lk["url"] == url)
    assert link["role"] == "viewer"
    row = dialog.locator(f"[data-testid=share-link][data-id='{link['id']}']")
    expect(row).to_contain_text("Can view")
    expect(row).to_contain_text("expires in 7 days")
    expect(row).to_contain_text("Created by")
    shot(owner, "team-07-share-dialog")

    # a visitor without an account: the live map read-only in the visitor frame, nothing else
    visitor = pages.new()
    response = visitor.goto(url)
    assert response is not None and response.status == 200
    expect(visitor.get_by_test_id("share-banner")).to_contain_text("Shared with you — read-only")
    visitor.get_by_test_id("map-editor").wait_for()
    expect(visitor.get_by_test_id("step")).to_have_count(steps)
    expect(visitor.get_by_test_id("map-editor")).to_have_class(re.compile("is-readonly"))
    for prefix in ("add-", "delete-"):
        expect(visitor.locator(f"[data-testid^={prefix}]")).to_have_count(0)
    bar = visitor.locator(".map-bar")
    for name in ("Share", "Undo", "Sign out"):
        expect(bar.get_by_role("button", name=name)).to_have_count(0)
    expect(bar.locator("a.crumb")).to_have_count(0)
    expect(visitor.locator(".user-chip")).to_have_count(0)
    expect(visitor.locator(".side-panel .composer")).to_have_count(0)
    expect(visitor.get_by_role("tab", name="History")).to_have_count(0)
    assert api(visitor, "/api/auth/me")["share"]["map_id"] == mid
    assert status_of(visitor, "/api/workspaces") == 401
    shot(visitor, "team-08-share-visitor")

    # revoked in the dialog (confirmed): the same URL answers 410 Gone before any page
    row.get_by_role("button", name="Revoke the link").click()
    confirm = owner.get_by_role("dialog", name="Revoke this link?")
    with owner.expect_response(lambda r: "/api/share-links/" in r.url and r.request.method == "DELETE") as revoked:
        confirm.get_by_role("button", name="Revoke link").click()
    assert revoked.value.status == 200, revoked.value.text()
    expect(row).to_have_count(0)
    expect(owner.locator(".toast-error")).to_have_count(0)
    assert all(lk["id"] != link["id"] for lk in api(owner, f"/api/maps/{mid}/share-links"))
    shot(owner, "team-09-share-revoked")
    # the visitor's open page loses the map at once (the server closes the live connection)
    expect(visitor.get_by_test_id("share-unavailable")).to_contain_text("This share link no longer works")
    response = visitor.goto(url)
    assert response is not None and response.status == 410
    shot(visitor, "team-10-share-gone")


def test_a_commenter_link_comments_under_the_name_the_visitor_gives(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    owner = pages.new()
    sign_in(owner, studio)
    mid = find_map(owner, "home-loan", HOME_LOAN_AS_IS)
    link = api(owner, f"/api/maps/{mid}/share-links", "POST", {"role": "commenter", "expires_in_days": 1})

    visitor = pages.new()
    visitor.goto(link["url"])
    expect(visitor.get_by_test_id("share-banner")).to_contain_text("Shared with you — you can comment")
    step = visitor.get_by_test_id("step").first
    step.click()
    composer = visitor.locator(".side-panel .composer")
    composer.locator("textarea").fill("Customers ask about this step on the phone.")
    composer.get_by_role("button", name="Comment").click()
    ask = visitor.get_by_role("dialog", name="Your name")
    ask.get_by_label("Name").fill("Sam from Care")
    shot(visitor, "team-11-commenter-name")
    ask.get_by_role("button", name="Continue").click()
    visitor.locator(".thread").filter(has_text="Customers ask about this step").wait_for()
    expect(visitor.get_by_test_id("share-banner")).to_contain_text("Commenting as Sam from Care")
    expect(visitor.locator(".thread").get_by_role("button", name="Resolve")).to_have_count(0)
    shot(visitor, "team-12-commenter-commented")

    mine = [c for c in api(owner, f"/api/maps/{mid}/comments") if c["body"].startswith("Customers ask")]
    assert len(mine) == 1 and mine[0]["author"]["name"] == "Sam from Care", mine
    assert mine[0]["author"].get("guest") is True, mine
    expect(visitor.locator(".thread .comment-head").first).to_contain_text("guest")

    # the name is kept in this browser: the next comment does not ask again
    visitor.reload()
    visitor.get_by_test_id("step").nth(1).click()
    composer.locator("textarea").fill("And again here.")
    composer.get_by_role("button", name="Comment").click()
    visitor.locator(".thread").filter(has_text="And again here.").wait_for()
    expect(visitor.get_by_role("dialog", name="Your name")).to_have_count(0)
    names = {c["author"]["name"] for c in api(owner, f"/api/maps/{mid}/comments") if c["body"] == "And again here."}
    assert names == {"Sam from Care"}


# --- d. plain HTTP under a host name that is not localhost ----------------------------------------------------------

HOST = "studio.test"


class OptionsStudio(StudioServer):
    """The studio started with other options (``--demo`` only when asked), listening on 127.0.0.1; ``url`` may
    name another host for the browser (the health check asks 127.0.0.1)."""

    def __init__(self, root: Path, workspaces: list[str], options: list[str]) -> None:
        super().__init__(root, workspaces)
        self.demo = False
        self.options = options

    def start(self, timeout: float = 90) -> None:
        super().start(timeout)


@pytest.fixture
def named_host_browser(browser: Any) -> Iterator[Any]:  # noqa: F811
    """Chromium that resolves ``studio.test`` to 127.0.0.1."""
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", f"--host-resolver-rules=MAP {HOST} 127.0.0.1"],
    )  # fmt: skip
    yield launched
    launched.close()


def test_insecure_http_lets_a_team_sign_in_under_a_host_name(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
    named_host_browser: Any,
    tmp_path: Path,
) -> None:
    needs_browser()
    # without --insecure-http (the module's studio), the sign-in page says why signing in cannot work there
    refused = pages.new(launched=named_host_browser)
    refused.goto(f"http://{HOST}:{studio.port}/login")
    warning = refused.get_by_test_id("transport-warning")
    expect(warning).to_contain_text("--insecure-http")
    expect(refused.locator("form").get_by_role("button", name="Sign in")).to_be_disabled()
    shot(refused, "team-13-plain-http-refused")

    server = OptionsStudio(tmp_path, [], ["--demo", "--insecure-http"])  # --demo brings the example workspaces
    server.url = f"http://{HOST}:{server.port}"
    server.start()
    try:
        page = pages.new(launched=named_host_browser)
        page.goto(f"{server.url}/login")
        expect(page.get_by_test_id("transport-warning")).to_have_count(0)
        page.get_by_label("Email").fill(DEMO_EMAIL)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.locator("form").get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Workspaces").wait_for()
        me = api(page, "/api/auth/me")
        assert me["user"]["email"] == DEMO_EMAIL
        assert me["transport"] == {"https": False, "cookies_ok": True, "message": None}
        page.locator(".workspace-tile").filter(has_text="home-loan").click()
        expect(page.locator(".map-tile")).to_have_count(HOME_LOAN_MAPS)
        expect(page.locator(".map-tile").first).to_be_visible()
        shot(page, "team-14-insecure-http-maps")
    finally:
        server.stop()


def test_sign_up_needs_an_invitation_once_the_first_account_exists(pages: Pages, tmp_path: Path) -> None:
    needs_browser()
    server = OptionsStudio(tmp_path, ["home-loan"], [])  # no --demo: no account yet
    server.start()
    try:
        # the first account may sign up (it becomes the admin and owns the imported workspace)
        first = pages.new()
        sign_up(first, server, "ada.admin@example.org", "Ada Admin", PASSWORD)
        assert api(first, "/api/auth/me")["user"]["is_admin"] is True
        assert [w["role"] for w in api(first, "/api/workspaces")] == ["owner"]

        # after it, the sign-in page's second tab explains that an invitation is needed, and offers no form
        other = pages.new()
        other.goto(f"{server.url}/login")
        assert api(other, "/api/auth/me")["signup"] == "invite"
        other.get_by_role("tab", name="Create account").click()
        expect(other.get_by_test_id("signup-invite-only")).to_contain_text("Accounts are created by invitation")
        expect(other.get_by_label("Your name")).to_have_count(0)
        expect(other.get_by_role("button", name="Create account and sign in")).to_have_count(0)
        shot(other, "team-15-sign-up-by-invitation")
    finally:
        server.stop()
