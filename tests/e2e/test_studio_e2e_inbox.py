"""The studio end to end: an @mention arrives live in the owner's comment list and inbox (no reload, no polling), a
map goes to the trash and comes back, and the account and admin pages (sessions, a password-reset link used in
another browser). Its own module server; screenshots in ``out/e2e/``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    DEMO_EMAIL,
    StudioServer,
    api,
    browser,  # noqa: F401 - a fixture
    create_empty_map,
    find_map,
    open_map,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
)
from playwright.sync_api import expect

LONG_WAIT = 20_000  # ms: realtime notices and server round trips on a slow machine


class People:
    """Browser contexts of one test, each its own cookies (its own person); page dialogs and errors fail it."""

    def __init__(self, launched: Any) -> None:
        self.browser = launched
        self.contexts: list[Any] = []
        self.problems: list[str] = []

    def new(self) -> Any:
        context = self.browser.new_context(viewport={"width": 1400, "height": 900})
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        return page

    def close(self, failed: str | None) -> None:
        for i, context in enumerate(self.contexts):
            if failed:
                for j, page in enumerate(context.pages):
                    shot(page, f"failed-{failed}-{i}-{j}")
            context.close()


@pytest.fixture
def people(browser: Any, request: pytest.FixtureRequest) -> Iterator[People]:  # noqa: F811
    made = People(browser)
    failures = request.session.testsfailed
    yield made
    made.close(request.node.name if request.session.testsfailed > failures else None)
    assert made.problems == [], made.problems


def sign_up(page: Any, server: StudioServer, email: str, name: str, password: str) -> None:
    """Create an account through the API (sign-up is open in the demo studio; it signs in) and open the studio."""
    page.goto(f"{server.url}/login")
    api(page, "/api/auth/me")  # sets the CSRF cookie
    api(page, "/api/auth/signup", "POST", {"email": email, "name": name, "password": password})
    api(page, "/api/auth/login", "POST", {"email": email, "password": password})  # open sign-up signs no one in
    page.goto(f"{server.url}/")
    page.get_by_role("heading", name="Workspaces").wait_for()


def workspace_id(page: Any, slug: str) -> int:
    return int(next(w for w in api(page, "/api/workspaces") if w["slug"] == slug)["id"])


def open_user_menu(page: Any, item: str) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("menuitem", name=item).click()


# --- @mentions, live comments, the inbox -----------------------------------------------------------------------


def test_a_mention_arrives_live_in_the_comments_and_the_owner_inbox(people: People, studio: StudioServer) -> None:  # noqa: F811
    owner = people.new()
    sign_in(owner, studio)
    editor = people.new()
    sign_up(editor, studio, "erin.e2e@example.org", "Erin Editor", "a long enough password")
    # set-up through the API: the owner (the demo account) adds Erin to the workspace as an editor
    wid = workspace_id(owner, "home-loan")
    added = api(owner, f"/api/workspaces/{wid}/members", "POST", {"email": "erin.e2e@example.org", "role": "editor"})
    assert added["member"]["role"] == "editor"
    api(owner, "/api/inbox/read", "POST", {})  # a clean start: nothing unread

    map_id = find_map(owner, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(owner, studio, map_id)
    open_map(editor, studio, map_id)
    expect(owner.get_by_test_id("inbox-count")).to_have_count(0)
    owner.evaluate("() => { window.__jmSamePage = true; }")  # gone if the page reloads

    # Erin comments on a card and mentions the owner through the @ picker
    target = editor.get_by_test_id("card").filter(has_text="Request an agreement in principle online").first
    target.click()
    target.get_by_test_id("comment-badge").click()
    panel = editor.locator(".comments-panel")
    expect(panel.locator(".composer-target")).to_contain_text("Request an agreement in principle online")
    composer = panel.locator(".composer textarea")
    composer.click()
    composer.press_sequentially("Could you confirm the soft search, @Dem")
    picker = editor.get_by_test_id("mention-list")
    picker.wait_for()
    expect(picker.get_by_role("option")).to_have_count(1)  # only Demo User matches (Erin is not offered herself)
    shot(editor, "inbox-01-mention-picker")
    picker.get_by_role("option", name=re.compile("Demo User")).click()
    picker.wait_for(state="detached")
    expect(composer).to_have_value("Could you confirm the soft search, @Demo User ")  # the mention is in
    composer.press("End")  # under load the caret can still sit where the picker left it
    composer.press_sequentially("please check.")
    body = "Could you confirm the soft search, @Demo User please check."
    expect(composer).to_have_value(body)
    panel.get_by_role("button", name="Comment", exact=True).click()
    panel.locator("li.thread").filter(has_text="Could you confirm the soft search").wait_for()

    # the owner sees it without reloading: the comments notice, not a poll (the poll was every 20 s)
    thread = owner.locator(".comments-panel li.thread").filter(has_text="Could you confirm the soft search")
    thread.wait_for(timeout=LONG_WAIT)
    expect(thread.locator(".comment-text")).to_have_text(body)
    expect(thread.locator(".mention")).to_have_text("@Demo User")
    assert owner.evaluate("() => window.__jmSamePage === true"), "the owner's page reloaded"

    # ... and the bell counts the mention (the inbox notice)
    expect(owner.get_by_test_id("inbox-count")).to_have_text("1", timeout=LONG_WAIT)
    stored = api(owner, "/api/inbox")
    assert stored["unread"] == 1
    mention = stored["items"][0]
    assert (mention["map_id"], mention["actor"]["name"], mention["read"]) == (map_id, "Erin Editor", False)

    owner.get_by_test_id("inbox-bell").click()
    menu = owner.get_by_test_id("inbox-menu")
    item = menu.get_by_test_id("inbox-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Erin Editor")
    expect(item).to_contain_text("mentioned you on")
    expect(item).to_contain_text("Could you confirm the soft search")
    expect(item).to_have_class(re.compile(r"\bunread\b"))
    shot(owner, "inbox-02-owner-bell-open")

    menu.get_by_role("button", name="Mark all read").click()
    expect(owner.get_by_test_id("inbox-count")).to_have_count(0)
    expect(item).not_to_have_class(re.compile(r"\bunread\b"))
    assert api(owner, "/api/inbox")["unread"] == 0
    shot(owner, "inbox-03-all-read")

    # the mention opens the map at the comment
    item.click()
    owner.wait_for_url(re.compile(rf"/m/{map_id}\?comment={mention['comment_id']}$"))
    expect(owner.locator(f'li.thread[data-thread="{mention["comment_id"]}"]')).to_be_visible()


# --- the trash -------------------------------------------------------------------------------------------------


def test_rename_and_delete_a_map_from_the_workspace_and_restore_it_from_the_trash(
    people: People,
    studio: StudioServer,  # noqa: F811
) -> None:
    page = people.new()
    sign_in(page, studio)
    map_id = create_empty_map(page, studio, "A map to rename")
    # the map page's title menu offers rename, duplicate and delete (to an editor or owner)
    page.get_by_role("button", name="Map actions: A map to rename").click()
    expect(page.get_by_role("menuitem")).to_have_text(["Rename…", "Duplicate…", "Move to the trash…"])
    shot(page, "trash-00-title-menu")
    page.keyboard.press("Escape")

    # rename it from its tile on the workspace page
    wid = workspace_id(page, "home-loan")
    page.goto(f"{studio.url}/w/{wid}")
    tile = page.locator(".tile-with-menu").filter(has_text="A map to rename")
    tile.hover()
    tile.get_by_role("button", name="Map actions: A map to rename").click()
    shot(page, "trash-00-map-menu")
    page.get_by_role("menuitem", name="Rename…").click()
    rename = page.get_by_role("dialog", name="Rename the map")
    rename.get_by_label("Title").fill("A map for the trash")
    rename.get_by_role("button", name="Rename").click()
    tile = page.locator(".tile-with-menu").filter(has_text="A map for the trash")
    tile.wait_for()
    assert api(page, f"/api/maps/{map_id}")["title"] == "A map for the trash"

    # delete it: it asks, says where it goes, and the tile leaves
    tile.hover()
    tile.get_by_role("button", name="Map actions: A map for the trash").click()
    page.get_by_role("menuitem", name="Move to the trash…").click()
    dialog = page.get_by_role("dialog", name=re.compile("Delete"))
    expect(dialog).to_contain_text("30 days")
    shot(page, "trash-01-confirm")
    dialog.get_by_role("button", name="Move to the trash").click()
    tile.wait_for(state="detached")
    assert map_id not in [m["id"] for m in api(page, f"/api/workspaces/{wid}")["maps"]]

    open_user_menu(page, "Trash")
    page.get_by_role("heading", name="Trash").wait_for()
    row = page.get_by_test_id("trash-maps").locator(".row-item").filter(has_text="A map for the trash")
    expect(row).to_contain_text("purged on")
    expect(row).to_contain_text("in 30 days")
    shot(page, "trash-02-page")
    row.get_by_role("button", name="Restore").click()
    expect(row).to_contain_text("Restored")
    assert map_id in [m["id"] for m in api(page, f"/api/workspaces/{wid}")["maps"]]
    assert map_id not in [m["id"] for m in api(page, "/api/trash")["maps"]]

    page.goto(f"{studio.url}/w/{wid}")
    page.locator(".tile-with-menu").filter(has_text="A map for the trash").wait_for()


# --- the account and admin pages, a password-reset link ---------------------------------------------------------


def test_account_sessions_admin_and_a_password_reset_link(people: People, studio: StudioServer) -> None:  # noqa: F811
    admin = people.new()
    sign_in(admin, studio)
    elsewhere = people.new()  # the demo account on a second device
    sign_in(elsewhere, studio)
    rita = people.new()
    sign_up(rita, studio, "rita.e2e@example.org", "Rita Reset", "rita's first password")

    # the account page lists the demo account's sessions (the earlier tests' too), this one marked and first
    open_user_menu(admin, "Account and sessions")
    admin.get_by_role("heading", name="Your account").wait_for()
    sessions = admin.get_by_test_id("my-sessions").get_by_test_id("session")
    expect(sessions.first).to_contain_text("This device")
    expect(sessions.filter(has_text="This device")).to_have_count(1)
    assert sessions.count() >= 2
    expect(admin.locator(".field-hint").first).to_contain_text("At least 10 characters")
    shot(admin, "account-01-page")
    admin.get_by_role("button", name="Sign out everywhere else").click()
    admin.get_by_role("dialog").get_by_role("button", name="Sign out the others").click()
    expect(sessions).to_have_count(1)
    assert api(elsewhere, "/api/auth/me")["user"] is None  # the other device is signed out

    # the admin page: users, a password-reset link for Rita
    open_user_menu(admin, "Studio admin")
    admin.get_by_role("heading", name="Studio admin").wait_for()
    users = admin.get_by_test_id("admin-users")
    expect(users).to_contain_text(DEMO_EMAIL)
    rita_row = users.locator("tr").filter(has_text="rita.e2e@example.org")
    expect(rita_row).to_contain_text("Active")
    shot(admin, "admin-01-users")
    rita_row.get_by_role("button", name="Actions for Rita Reset").click()
    admin.get_by_role("menuitem", name="Password reset link…").click()
    dialog = admin.get_by_role("dialog", name="Password reset link")
    url = dialog.get_by_test_id("copy-value").input_value()
    assert re.search(r"/reset/[^/]+$", url), url
    shot(admin, "admin-02-reset-link")
    dialog.get_by_role("button", name="Done").click()

    admin.get_by_role("tab", name="Sessions").click()
    expect(admin.get_by_test_id("admin-sessions")).to_contain_text("Rita Reset")
    shot(admin, "admin-03-sessions")
    admin.get_by_role("tab", name="Invite someone").click()
    admin.get_by_label("Email address").fill("newcomer.e2e@example.org")
    admin.get_by_role("button", name="Create invitation link").click()
    expect(admin.get_by_test_id("invite-result").get_by_test_id("copy-value")).to_have_value(re.compile(r"/invite/"))
    shot(admin, "admin-04-invite")
    admin.get_by_role("tab", name="Audit log").click()
    audit = admin.get_by_test_id("admin-audit")
    expect(audit).to_contain_text("admin.reset_link")
    shot(admin, "admin-05-audit")

    # Rita opens the link in another browser, sets a new password, and is signed in
    visitor = people.new()
    visitor.goto(url)
    expect(visitor.locator(".reset-email")).to_have_text("rita.e2e@example.org")
    visitor.get_by_label(re.compile("^New password")).fill("rita's second password")
    visitor.get_by_label("Repeat the new password").fill("rita's second password")
    shot(visitor, "reset-01-form")
    visitor.get_by_role("button", name="Set the password and sign in").click()
    visitor.get_by_role("heading", name="Workspaces").wait_for()
    assert api(visitor, "/api/auth/me")["user"]["email"] == "rita.e2e@example.org"
    assert api(rita, "/api/auth/me")["user"] is None  # her old session ended

    # the link works once
    visitor.goto(url)
    expect(visitor.get_by_test_id("reset-gone")).to_contain_text("already been used or has expired")
    shot(visitor, "reset-02-used")

    # Rita changes her password on her account page
    visitor.goto(f"{studio.url}/account")
    form = visitor.get_by_test_id("password-form")
    form.get_by_label("Current password").fill("rita's second password")
    form.get_by_label(re.compile("^New password")).fill("rita's third password")
    form.get_by_label("Repeat the new password").fill("rita's third password")
    form.get_by_role("button", name="Change password").click()
    expect(form.locator(".ok-note")).to_contain_text("Password changed")
