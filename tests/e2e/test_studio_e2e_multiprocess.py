"""The studio as several processes on one PostgreSQL database ("several hosts behind a load balancer"): two
``journeymap serve --database postgresql://…`` processes on their own ports, one person's page on each. An edit
committed by one process reaches the pages of the other live, and so do presence and the comments notice; both
processes then serve the same map. The same across the two workers of one ``serve --workers 2``. Screenshots go to
``out/e2e/`` for a person to look at. Skipped without ``JOURNEYMAP_TEST_POSTGRES_URL``."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from e2e_support import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    Pages,
    api,
    browser,  # noqa: F401 - a fixture
    card_by_id,
    edit_card,
    find_map,
    map_data,
    needs_browser,
    open_map,
    pages_for,
    shot,
    sign_in,
    sign_up,
    wait_saved,
)
from playwright.sync_api import expect
from studio_support import HttpSession, ServerProcess, fresh_postgres_database, postgres_server_url

from support import EXAMPLES

START_TIMEOUT = 240
"""Seconds a process may take to start: the first imports the example workspaces into PostgreSQL, on a busy
2-core machine."""
LIVE_MS = 30_000
"""How long a page may take to show what a page on the other process did."""
WORKSPACE = "home-loan"
MAP_PATH = "maps/home-loan-to-be.yaml"


class ClusterProcess(ServerProcess):
    """One studio process of the cluster: the workspace folders, the demo account, the shared PostgreSQL URL."""

    def __init__(self, folders: list[Path], database_url: str, log: Path) -> None:
        super().__init__(folders, log.with_suffix(".unused"), log, demo=True, host="localhost")
        self.database = database_url  # type: ignore[assignment] # a URL: ``start`` passes ``str(database)`` on


class Cluster:
    """Two studio processes sharing one database; what each did while starting."""

    def __init__(self, first: ClusterProcess, second: ClusterProcess) -> None:
        self.first, self.second = first, second
        self.timings: dict[str, float] = {}
        self.workspaces_before_second: list[tuple[int, str]] = []

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.url} ---\n{p.log_path.read_text(errors='replace')}" for p in (self.first, self.second)
        )


def demo_session(url: str) -> HttpSession:
    """An HTTP session of the demo account on one process (its own cookies: the session lives in the database)."""
    session = HttpSession(url)
    session.request("GET", "/api/auth/me")
    response = session.request("POST", "/api/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return session


def workspace_list(url: str) -> list[tuple[int, str]]:
    """The workspaces the demo account sees on one process, as (id, slug)."""
    session = demo_session(url)
    try:
        response = session.request("GET", "/api/workspaces")
        assert response.status_code == 200, response.text
        return sorted((int(w["id"]), str(w["slug"])) for w in response.json())
    finally:
        session.close()


@contextmanager
def cluster_of(tmp_path: Path) -> Iterator[Cluster]:
    """Two studio processes (not started yet) on a fresh PostgreSQL database, both given the same copy of the
    example workspace, as a deployment starts every host; stopped at the end."""
    server_url = postgres_server_url()
    folder = tmp_path / WORKSPACE
    shutil.copytree(EXAMPLES / WORKSPACE, folder, ignore=shutil.ignore_patterns(".journeymap"))
    with fresh_postgres_database(server_url) as database_url:
        first = ClusterProcess([folder], database_url, tmp_path / "first.log")
        second = ClusterProcess([folder], database_url, tmp_path / "second.log")
        try:
            yield Cluster(first, second)
        finally:
            second.stop()
            first.stop()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """The cluster, the second process started once the first is healthy (it finds the store set up)."""
    needs_browser()
    with cluster_of(tmp_path) as made:
        began = time.monotonic()
        made.first.start(START_TIMEOUT)
        made.timings["first process healthy (s)"] = time.monotonic() - began
        made.workspaces_before_second = workspace_list(made.first.url)
        began = time.monotonic()
        made.second.start(START_TIMEOUT)
        made.timings["second process healthy (s)"] = time.monotonic() - began
        yield made


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request) as made:
        yield made


def live(what: str, locator: Any, timings: dict[str, float]) -> None:
    """Wait until a page shows ``locator`` because of what happened on the other process; note how long it took,
    or fail saying what never arrived."""
    began = time.monotonic()
    try:
        locator.wait_for(timeout=LIVE_MS)
    except Exception as error:  # Playwright's TimeoutError: say what never arrived
        raise AssertionError(f"{what}: never shown within {LIVE_MS / 1000:.0f} s ({error})") from error
    timings[f"{what} (s)"] = time.monotonic() - began


def card_text(page: Any, card_id: str, text: str) -> Any:
    return page.locator(f'[data-testid=card][data-id="{card_id}"] .jm-card-text').filter(has_text=text)


def converged_map(cluster: Cluster, map_id: int, check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """``GET /api/maps/{id}`` on both processes until both answer the same data and ``check`` holds for it."""
    sessions = [demo_session(cluster.first.url), demo_session(cluster.second.url)]
    try:
        deadline = time.monotonic() + LIVE_MS / 1000
        while True:
            answers = []
            for session in sessions:
                response = session.request("GET", f"/api/maps/{map_id}")
                assert response.status_code == 200, response.text
                answers.append(response.json()["data"])
            if answers[0] == answers[1] and check(answers[0]):
                return dict(answers[0])
            if time.monotonic() > deadline:
                raise AssertionError(f"the processes never served the same map with both edits: {answers}")
            time.sleep(0.2)
    finally:
        for session in sessions:
            session.close()


def two_people_on_one_map(cluster: Cluster, pages: Pages) -> tuple[Any, Any, int]:
    """Alice (the demo account) on the first process and Bob (signed up on the second, made an editor of the
    workspace on the first) on the second, both on the map: their pages and the map's id."""
    alice = pages.new()
    sign_in(alice, cluster.first)
    bob = pages.new()
    sign_up(bob, cluster.second, "bob.multi@example.org", "Bob Second", "another long password")
    workspace = next(w for w in api(alice, "/api/workspaces") if w["slug"] == WORKSPACE)
    member = {"email": "bob.multi@example.org", "role": "editor"}
    api(alice, f"/api/workspaces/{workspace['id']}/members", "POST", member)
    map_id = find_map(alice, WORKSPACE, MAP_PATH)
    assert find_map(bob, WORKSPACE, MAP_PATH) == map_id  # the membership made on one process holds on the other
    open_map(alice, cluster.first, map_id)
    open_map(bob, cluster.second, map_id)
    return alice, bob, map_id


def comment_on(page: Any, card: Any, body: str) -> None:
    """Post a comment on the (selected) card from the comments panel and wait until the panel lists it."""
    card.get_by_test_id("comment-badge").click()
    panel = page.locator(".comments-panel")
    panel.locator("textarea").first.fill(body)
    panel.get_by_role("button", name="Comment", exact=True).click()
    panel.locator("li.thread").filter(has_text=body).wait_for()


def test_two_processes_on_one_database_relay_edits_presence_and_comments(cluster: Cluster, pages: Pages) -> None:
    timings = cluster.timings
    # the second process found the workspaces in the database: it imported nothing again
    assert WORKSPACE in [slug for _, slug in cluster.workspaces_before_second]
    assert workspace_list(cluster.second.url) == cluster.workspaces_before_second
    assert workspace_list(cluster.first.url) == cluster.workspaces_before_second
    alice, bob, map_id = two_people_on_one_map(cluster, pages)

    # Alice (process 1) edits a card: Bob (process 2) sees the text without reloading
    alice_card = alice.get_by_test_id("card").nth(0)
    alice_card_id = str(alice_card.get_attribute("data-id"))
    alice_text = "Edited on process one, seen on process two"
    began = time.monotonic()
    edit_card(alice, alice_card, alice_text, acked=True)
    timings["Alice's edit acknowledged (s)"] = time.monotonic() - began
    live("Alice's edit at Bob's (process 1 → 2)", card_text(bob, alice_card_id, alice_text), timings)

    # Bob edits another card: Alice sees it
    bob_card = bob.get_by_test_id("card").nth(1)
    bob_card_id = str(bob_card.get_attribute("data-id"))
    assert bob_card_id != alice_card_id
    bob_text = "Bob's answer from process two"
    edit_card(bob, bob_card, bob_text, acked=True)
    live("Bob's edit at Alice's (process 2 → 1)", card_text(alice, bob_card_id, bob_text), timings)
    wait_saved(alice)
    wait_saved(bob)

    # presence: each sees the other in the top bar, and Bob sees which card Alice selected
    live("Alice's avatar at Bob's", bob.locator(".presence-person[title^='Demo']"), timings)
    live("Bob's avatar at Alice's", alice.locator(".presence-person[title^='Bob Second']"), timings)
    alice_card.click()
    tag = bob.locator(f'[data-testid=card][data-id="{alice_card_id}"]').get_by_test_id("presence-tag")
    live("Alice's selection at Bob's", tag, timings)
    assert tag.inner_text().startswith("Demo")

    # a comment posted on process 1 shows in Bob's comments panel and on the card's badge (the comments notice)
    body = "Does process two see this comment?"
    comment_on(alice, alice_card, body)
    live("Alice's comment at Bob's", bob.locator(".comments-panel li.thread").filter(has_text=body), timings)
    on_card = [
        c for c in api(bob, f"/api/maps/{map_id}/comments") if c["anchor"] == alice_card_id and not c["resolved"]
    ]
    badge = bob.locator(f'[data-testid=comment-badge][data-id="{alice_card_id}"]')
    live("the card's comment count at Bob's", badge.filter(has_text=str(len(on_card))), timings)

    # both processes serve the same map, with both edits
    def both_edits(data: dict[str, Any]) -> bool:
        texts = [(card_by_id(data, i) or {}).get("text") for i in (alice_card_id, bob_card_id)]
        return texts == [alice_text, bob_text]

    converged_map(cluster, map_id, both_edits)
    wait_saved(alice)
    wait_saved(bob)
    shot(alice, "multiprocess-alice-on-process-1")
    shot(bob, "multiprocess-bob-on-process-2")
    print("\n".join(f"{name}: {seconds:.2f}" for name, seconds in timings.items()))
    logs = cluster.logs()
    assert "Traceback" not in logs, logs


def test_a_role_changed_on_one_process_reaches_the_map_page_on_the_other(cluster: Cluster, pages: Pages) -> None:
    """The owner, on the first process, makes a viewer an editor and then removes them: the page the member has
    open on the second process follows (its live connection is ended there, and it joins again)."""
    owner = pages.new()
    sign_in(owner, cluster.first)
    member = pages.new()
    email = "rita.multi@example.org"
    sign_up(member, cluster.second, email, "Rita Role", "another long password")
    wid = next(w for w in api(owner, "/api/workspaces") if w["slug"] == WORKSPACE)["id"]
    map_id = find_map(owner, WORKSPACE, MAP_PATH)
    api(owner, f"/api/workspaces/{wid}/members", "POST", {"email": email, "role": "viewer"})
    uid = next(m["user_id"] for m in api(owner, f"/api/workspaces/{wid}/members") if m["email"] == email)
    member.goto(f"{cluster.second.url}/m/{map_id}")
    bar = member.locator(".map-bar")
    expect(bar.locator(".save-status")).to_have_text("Live · read-only", timeout=LIVE_MS)

    timings: dict[str, float] = {}
    api(owner, f"/api/workspaces/{wid}/members/{uid}", "PATCH", {"role": "editor"})
    live("the new role at the member's (process 1 → 2)", member.locator(".toast").filter(has_text="Editor"), timings)
    expect(bar.get_by_test_id("role-badge")).to_have_text("Editor", timeout=LIVE_MS)
    expect(bar.locator(".save-status")).to_have_text("Saved", timeout=LIVE_MS)
    expect(member.get_by_test_id("add-step").first).to_be_visible(timeout=LIVE_MS)

    api(owner, f"/api/workspaces/{wid}/members/{uid}", "DELETE")
    gone = member.get_by_role("heading", name="This map cannot be opened")
    live("the removal at the member's (process 1 → 2)", gone, timings)
    shot(member, "multiprocess-member-removed-on-process-2")
    print("\n".join(f"{name}: {value:.2f}" for name, value in timings.items()))


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[ClusterProcess]:
    """One ``serve --workers 2`` on a fresh PostgreSQL database (its parent sets the store up, then starts both)."""
    needs_browser()
    with cluster_of(tmp_path) as made:
        made.first.options = ["--workers", "2"]
        made.first.start(START_TIMEOUT)
        yield made.first


def clients_per_worker(server: ClusterProcess, samples: int = 8) -> list[int]:
    """The live connections of the worker that answers ``/api/health``, asked on a new connection each time (the
    kernel hands each to one of the workers)."""
    return [
        int(httpx.get(f"http://127.0.0.1:{server.port}/api/health", timeout=30).json()["clients"])
        for _ in range(samples)
    ]


def on_two_workers(server: ClusterProcess, page: Any, map_id: int, tries: int = 12) -> int:
    """Reopen the map in ``page`` until its live connection and the other page's are on different workers (a worker
    with exactly one of the two connections); how many reopenings it took."""
    for attempt in range(tries):
        if 1 in clients_per_worker(server):
            return attempt
        open_map(page, server, map_id)
    raise AssertionError(f"both pages stayed on one worker through {tries} reopenings: {clients_per_worker(server)}")


def test_two_workers_of_one_serve_relay_edits_and_presence(workers: ClusterProcess, pages: Pages) -> None:
    """``serve --workers 2``: the two people's live connections on different workers of one port."""
    alice = pages.new()
    sign_in(alice, workers)
    map_id = find_map(alice, WORKSPACE, MAP_PATH)
    open_map(alice, workers, map_id)
    bob = pages.new()
    sign_in(bob, workers)  # the demo account again, in a browser of its own: sessions live in the database
    open_map(bob, workers, map_id)
    reopened = on_two_workers(workers, bob, map_id)

    alice_card, bob_card = alice.get_by_test_id("card").nth(0), bob.get_by_test_id("card").nth(1)
    ids = [str(alice_card.get_attribute("data-id")), str(bob_card.get_attribute("data-id"))]
    texts = ["Edited on one worker", "Answered on the other worker"]
    timings: dict[str, float] = {"reopenings until on two workers": reopened}
    edit_card(alice, alice_card, texts[0], acked=True)
    live("Alice's edit at Bob's (worker to worker)", card_text(bob, ids[0], texts[0]), timings)
    edit_card(bob, bob_card, texts[1], acked=True)
    live("Bob's edit at Alice's (worker to worker)", card_text(alice, ids[1], texts[1]), timings)
    live("Alice's avatar at Bob's", bob.locator(".presence-person[title^='Demo']"), timings)
    wait_saved(alice)
    wait_saved(bob)
    for page in (alice, bob):  # whichever worker answers: the same map, with both edits
        data = map_data(page, map_id)
        assert [(card_by_id(data, i) or {}).get("text") for i in ids] == texts
    shot(alice, "multiprocess-workers-alice")
    shot(bob, "multiprocess-workers-bob")
    print("\n".join(f"{name}: {value:.2f}" for name, value in timings.items()))
    log = workers.log_path.read_text(errors="replace")
    assert "Traceback" not in log, log


def test_two_processes_started_at_once_set_up_the_store_once(tmp_path: Path) -> None:
    """``serve --workers N``, or hosts started together: each process migrates the store, makes the demo account and
    imports the workspaces it is given; started at the same moment on an empty database, both must come up, and
    every workspace folder must be imported once."""
    from journeymap.cli.serve import demo_workspaces

    with cluster_of(tmp_path) as made:
        failures: dict[str, str] = {}

        def start(process: ClusterProcess) -> None:
            try:
                process.start(START_TIMEOUT)
            except RuntimeError as error:
                failures[process.url] = str(error)[-2000:]

        starts = [threading.Thread(target=start, args=(p,)) for p in (made.first, made.second)]
        for thread in starts:
            thread.start()
        for thread in starts:
            thread.join()
        assert failures == {}, failures
        expected = 1 + len(demo_workspaces())  # the copy of the workspace, and the bundled examples of --demo
        listed = [workspace_list(made.first.url), workspace_list(made.second.url)]
        assert listed[0] == listed[1]
        assert len(listed[0]) == expected, f"{len(listed[0])} workspaces for {expected} folders: {listed[0]}"
