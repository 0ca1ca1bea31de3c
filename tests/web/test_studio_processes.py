"""Two studios on one store, as two server processes are (each its own ``Store``, engine and pool), on SQLite and on
PostgreSQL: two initiative saves at one version give one save and one 409; feedback confirmations made at once in
both are all kept; a scheduled refresh round run by both refreshes a due workspace once."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from studio_support import (
    TestClient,
    error_of,
    fresh_postgres_database,
    log_in,
    make_app,
    postgres_server_url,
    running,
    sign_up,
)
from test_feedback_studio import _confirmed
from test_method_api import edit, method, workspace_id

from journeymap.web.refresh_service import RefreshSchedule, refresh_due
from refresh_support import ROWS, make_workspace, write_csv

T = TypeVar("T")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store" / "studio.db")
        return
    with fresh_postgres_database(postgres_server_url()) as url:
        yield url


@contextmanager
def two_studios(url: str, folders: list[Path]) -> Iterator[tuple[Any, TestClient, Any, TestClient]]:
    """Two studios on the store at ``url`` (the first imports ``folders``), Ann signed in to both."""
    first, second = make_app(url, folders), make_app(url, [])
    with running(first) as a:
        sign_up(a)  # takes the imported workspaces
        with running(second) as b:
            log_in(b, "ann@example.org")
            yield first, a, second, b


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Run the calls in threads started together; their answers in order."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        start.wait(timeout=60)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result(timeout=300) for f in [pool.submit(run, c) for c in calls]]


def test_two_saves_at_one_version_give_one_save_and_one_409(store_url: str, home_loan: Path) -> None:
    with two_studios(store_url, [home_loan]) as (_, a, _, b):
        wid = workspace_id(a)
        for round_ in range(4):
            found = method(a, wid)
            base = found["initiatives"][0]["initiative"]
            mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
            mine["owner"], theirs["owner"] = f"Ann {round_}", f"Bea {round_}"
            answers = at_once(
                partial(edit, a, wid, mine, found["version"]), partial(edit, b, wid, theirs, found["version"])
            )
            assert sorted(r.status_code for r in answers) == [200, 409], [r.text[:200] for r in answers]
            saved = next(r for r in answers if r.status_code == 200).json()
            stale = error_of(next(r for r in answers if r.status_code == 409), 409)
            assert "changed since you opened it" in stale["message"] and "reload" in stale["hint"]
            now = method(b, wid)
            assert now["version"] == saved["version"] != found["version"]
            assert now["initiatives"][0]["initiative"]["owner"] == saved["initiative"]["owner"]


def _comments(client: TestClient, home_loan: Path) -> tuple[int, list[dict[str, Any]]]:
    """The as-is map with the example's comments uploaded; comments not confirmed yet, one per text."""
    [listed] = client.get("/api/workspaces").json()
    maps = client.get(f"/api/workspaces/{listed['id']}").json()["maps"]
    mid = next(int(m["id"]) for m in maps if m["path"].endswith("home-loan-as-is.yaml"))
    content = (home_loan / "evidence" / "feedback" / "comments.csv").read_bytes()
    assert client.post(f"/api/maps/{mid}/feedback", files={"file": ("comments.csv", content)}).status_code == 201
    page = client.get(f"/api/maps/{mid}/feedback/comments", params={"step": None, "limit": 100}).json()
    return mid, list({c["text"]: c for c in page["comments"] if not c["confirmed"]}.values())


def test_confirmations_made_at_once_in_two_studios_are_all_kept(store_url: str, home_loan: Path) -> None:
    with two_studios(store_url, [home_loan]) as (_, a, _, b):
        mid, fresh = _comments(a, home_loan)
        before = a.get(f"/api/maps/{mid}/feedback").json()["confirmations"]
        pairs = [(fresh[2 * n], fresh[2 * n + 1]) for n in range(3)]
        assert len(pairs) == 3 and len({c["row"] for pair in pairs for c in pair}) == 6

        def confirm(client: TestClient, comment: dict[str, Any]) -> int:
            body = {"row": comment["row"], "element": "a-submit", "sentiment": "negative"}
            answer = client.post(f"/api/maps/{mid}/feedback/confirmations", json=body)
            assert answer.status_code == 200, answer.text[:300]
            return int(answer.json()["comment"]["row"])

        for mine, theirs in pairs:
            assert at_once(partial(confirm, a, mine), partial(confirm, b, theirs)) == [mine["row"], theirs["row"]]
        for client in (a, b):
            after = client.get(f"/api/maps/{mid}/feedback").json()
            assert after["confirmations"] == before + 6  # none lost
        written = {r["text"]: r for r in _confirmed(b, workspace_id(b))}  # the exported confirmations file
        for comment in [c for pair in pairs for c in pair]:
            assert written[comment["text"]] == {"text": comment["text"], "element": "a-submit", "sentiment": "negative"}


def _refreshed_versions(client: TestClient, mid: int) -> int:
    return sum(v.get("name") == "refreshed from survey" for v in client.get(f"/api/maps/{mid}/versions").json())


def test_a_due_workspace_is_refreshed_once_by_two_studios(store_url: str, tmp_path: Path) -> None:
    root = make_workspace(
        tmp_path / "ws", "{name: survey, kind: file, path: evidence/survey.csv, mapping: evidence/survey.mapping.yaml}"
    )
    text = (
        (root / "journeymap.yaml")
        .read_text()
        .replace("sources:\n", "settings: {refresh: {every_hours: 2}}\nsources:\n", 1)
    )
    (root / "journeymap.yaml").write_text(text)
    write_csv(root / "evidence" / "survey.csv", ROWS)
    with two_studios(store_url, [root]) as (first, a, second, b):
        [workspace] = a.get("/api/workspaces").json()
        [loan] = a.get(f"/api/workspaces/{workspace['id']}").json()["maps"]
        mid = int(loan["id"])
        now = [time.time()]
        schedules = [RefreshSchedule(clock=lambda: now[0]), RefreshSchedule(clock=lambda: now[0])]

        def round_(client: TestClient, app: Any, schedule: RefreshSchedule) -> list[tuple[int, bool]]:
            assert client.portal is not None
            return client.portal.call(refresh_due, app.state.studio, schedule)

        rounds = [lambda: round_(a, first, schedules[0]), lambda: round_(b, second, schedules[1])]
        assert at_once(*rounds) == [[], []]  # first seen: not due yet
        now[0] += 2 * 3600
        assert rounds[0]() == [(mid, True)]
        assert rounds[1]() == []  # due by its own count, but the other studio refreshed it just now
        assert _refreshed_versions(b, mid) == 1
        for _ in range(3):  # due in both at once: one of them refreshes it
            now[0] += 2 * 3600
            tried = at_once(*rounds)
            assert sorted(tried) == [[], [(mid, True)]], tried
        assert _refreshed_versions(a, mid) == 4
