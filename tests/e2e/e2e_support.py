"""End-to-end plumbing: the studio as a real server process (``journeymap serve``) on a fresh store with copies of
example workspaces, and Debian's Chromium driven by Playwright. Screenshots go to ``out/e2e/`` (or
``$JOURNEYMAP_E2E_SHOTS``) for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from studio_support import ServerProcess

from support import EXAMPLES, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("JOURNEYMAP_E2E_SHOTS", ROOT / "out" / "e2e"))
STATIC_INDEX = ROOT / "src" / "journeymap" / "web" / "static" / "index.html"
DEMO_EMAIL = "demo@journeymap.dev"
DEMO_PASSWORD = "journeymap-demo"


class StudioServer(ServerProcess):
    """The studio on copies of example workspaces, with the demo account, on ``localhost`` (browsers send the
    ``Secure`` cookies there); killable and restartable on its store."""

    def __init__(self, root: Path, workspaces: list[str]) -> None:
        self.root = root
        self.folders = []
        for name in workspaces:
            target = root / name
            shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns(".journeymap"))
            self.folders.append(target)
        super().__init__(self.folders, root / "studio.db", root / "server.log", demo=True, host="localhost")


def needs_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    if not STATIC_INDEX.is_file():
        pytest.skip("the studio's front end is not built (pip install -e . builds it with npm)")


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudioServer]:
    needs_browser()
    examples = ["home-loan", "energy-ecosystem", "streaming-mental-model"]
    server = StudioServer(tmp_path_factory.mktemp("studio"), examples)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    needs_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )  # fmt: skip
        yield launched
        launched.close()


def shot(page: object, name: str) -> Path:
    """Save a screenshot to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    return path


# --- helpers for the tests: sign in, read the API from the page, open a map, wait for the server -------------

API_FETCH = """async ([path, method, body]) => {
  const csrf = (document.cookie.split("; ").find((c) => c.startsWith("jm_csrf=")) || "").slice(8);
  const init = { method, headers: { "X-CSRF-Token": decodeURIComponent(csrf) } };
  if (body !== null) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}"""


def api(page: Any, path: str, method: str = "GET", body: object = None) -> Any:
    """Call the JSON API from inside the page (its session cookie and CSRF token); fail on an error status."""
    answer = page.evaluate(API_FETCH, [path, method, body])
    assert answer["status"] < 400, f"{method} {path} → {answer['status']}: {answer['body']}"
    return answer["body"]


def map_data(page: Any, map_id: int) -> dict[str, Any]:
    """The map's data as the server stores it (``GET /api/maps/{id}``)."""
    data: dict[str, Any] = api(page, f"/api/maps/{map_id}")["data"]
    return data


def wait_for_server(
    page: Any, map_id: int, check: Callable[[dict[str, Any]], bool], timeout: float = 10
) -> dict[str, Any]:
    """Poll ``GET /api/maps/{id}`` until ``check(data)`` holds; return the data (fail with the last data)."""
    deadline = time.monotonic() + timeout
    while True:
        data = map_data(page, map_id)
        if check(data):
            return data
        if time.monotonic() > deadline:
            raise AssertionError(f"the server never got there; it has: {data}")
        time.sleep(0.1)


def find_map(page: Any, workspace_slug: str, path: str) -> int:
    """The id of the map at ``path`` in the workspace ``workspace_slug``."""
    for workspace in api(page, "/api/workspaces"):
        if workspace["slug"] == workspace_slug:
            for summary in api(page, f"/api/workspaces/{workspace['id']}")["maps"]:
                if summary["path"] == path:
                    return int(summary["id"])
    raise AssertionError(f"no map {path} in workspace {workspace_slug}")


def sign_in(page: Any, server: StudioServer, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the sign-in page and wait for the workspaces page."""
    page.goto(f"{server.url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("form").get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Workspaces").wait_for()


def sign_up(page: Any, server: StudioServer, email: str, name: str, password: str) -> None:
    """Create an account through the sign-in page's second tab (it signs in) and wait for the workspaces page."""
    page.goto(f"{server.url}/login")
    page.get_by_role("tab", name="Create account").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create account and sign in").click()
    page.get_by_role("heading", name="Workspaces").wait_for()


def save_status(page: Any) -> Any:
    """The saved status of the map page (Connecting… / Saved / Saving… / Offline)."""
    return page.locator(".save-status")


def open_map(page: Any, server: StudioServer, map_id: int) -> None:
    """Open a map and wait until the live document is synced and saved."""
    page.goto(f"{server.url}/m/{map_id}")
    wait_saved(page)
    page.get_by_test_id("map-editor").wait_for()
    # the editor shows the live document (every step of a timeline map), not an empty first render
    steps = len(all_steps(map_data(page, map_id)))
    if steps:
        page.wait_for_function("n => document.querySelectorAll('[data-testid=step]').length === n", arg=steps)


def wait_saved(page: Any, timeout: float = 15_000) -> None:
    save_status(page).filter(has_text="Saved").wait_for(timeout=timeout)


WATCH_SAVING = """() => {
  window.__jmSawSaving = false;
  const status = document.querySelector(".save-status");
  const seen = () => { if (document.querySelector(".save-status.status-saving")) window.__jmSawSaving = true; };
  window.__jmObserver?.disconnect();
  window.__jmObserver = new MutationObserver(seen);
  const all = { subtree: true, childList: true, attributes: true, characterData: true };
  window.__jmObserver.observe(status.parentElement, all);
}"""


def watch_saving(page: Any) -> None:
    """Before an edit: remember whether the status goes through "Saving…", so "Saved" afterwards means acked."""
    page.evaluate(WATCH_SAVING)


def wait_acked(page: Any, timeout: float = 15_000) -> None:
    """After an edit (with :func:`watch_saving` before it): wait for "Saving…" then "Saved"."""
    page.wait_for_function(
        "() => window.__jmSawSaving && !!document.querySelector('.save-status.status-saved')", timeout=timeout
    )


def edit_card(page: Any, card: Any, text: str, *, acked: bool = False) -> None:
    """Select the card, click again to edit, type, Enter; with ``acked``, wait until the server acknowledged the
    edit."""
    card.click()
    card.locator(".jm-card-text").click()
    editor = page.get_by_test_id("inline-editor")
    if acked:
        watch_saving(page)
    editor.fill(text)
    editor.press("Enter")
    editor.wait_for(state="detached")
    if acked:
        wait_acked(page)


def all_steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for stage in data.get("stages", []) for step in stage.get("steps", [])]


def card_by_id(data: dict[str, Any], card_id: str) -> dict[str, Any] | None:
    for lane in data.get("lanes", []):
        for card in lane.get("cards", []):
            if card.get("id") == card_id:
                return dict(card)
    return None


def create_empty_map(page: Any, server: StudioServer, title: str, workspace_slug: str = "home-loan") -> int:
    """Create a customer journey map without the template through the workspace's "New map" dialog; its id."""
    workspace = next(w for w in api(page, "/api/workspaces") if w["slug"] == workspace_slug)
    page.goto(f"{server.url}/w/{workspace['id']}")
    page.get_by_role("button", name="New map").first.click()
    dialog = page.get_by_role("dialog", name="New map")
    dialog.get_by_label("Customer journey map").check()
    dialog.get_by_label("Title").fill(title)
    dialog.get_by_label(re.compile("Start from the template")).uncheck()
    dialog.get_by_role("button", name="Create map").click()
    page.wait_for_url(re.compile(r"/m/\d+$"))
    map_id = int(page.url.rsplit("/", 1)[1])
    wait_saved(page)
    return map_id


class Pages:
    """Browser contexts for one test (each its own cookies: its own user); the page's own dialogs fail the test.
    ``timeout`` is how long a page waits for an element, in milliseconds (a busy 2-core machine runs these tests)."""

    def __init__(self, launched: Any, timeout: float = 15_000) -> None:
        self.browser = launched
        self.timeout = timeout
        self.contexts: list[Any] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []

    def new(self, *, clipboard: bool = False, launched: Any = None) -> Any:
        """A page in a context of its own (``clipboard``: it may read and write the clipboard; ``launched``:
        another launched browser)."""
        permissions = ["clipboard-read", "clipboard-write"] if clipboard else []
        viewport = {"width": 1400, "height": 900}
        context = (launched or self.browser).new_context(
            viewport=viewport, permissions=permissions, accept_downloads=True
        )
        context.set_default_timeout(self.timeout)
        self.contexts.append(context)
        page = context.new_page()

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        return page

    def close(self, failed_test: str | None) -> None:
        for i, context in enumerate(self.contexts):
            if failed_test:  # what the pages showed when the test failed, to look at
                for j, page in enumerate(context.pages):
                    shot(page, f"failed-{failed_test}-{i}-{j}")
            context.close()
        if failed_test:
            print("\n".join(self.console))


@contextmanager
def pages_for(browser: Any, request: pytest.FixtureRequest, timeout: float = 15_000) -> Iterator[Pages]:
    """The pages of one test: screenshots of them when it failed; no dialog may have opened."""
    made = Pages(browser, timeout)
    failures = request.session.testsfailed
    yield made
    made.close(request.node.name if request.session.testsfailed > failures else None)
    assert made.dialogs == [], f"the page opened dialogs: {made.dialogs}"
