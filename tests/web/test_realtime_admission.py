"""Admission to a live document: a burst of connections of one session (a client reconnecting its tabs, a page
opening maps) asks the store once, and every connection gets that answer — or its error."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import anyio
import pytest

from journeymap.web.api import maps
from journeymap.web.deps import Principal

ALICE = Principal(1, "alice@example.com", "Alice", "csrf")


def burst(monkeypatch: pytest.MonkeyPatch, sessions: list[str], outcome: Any) -> tuple[list[Any], list[Any]]:
    """Connections of ``sessions`` ask to open map 7 at once while the store is slow to answer; the keys the store
    was asked about, and what each connection was told (an exception for an error)."""
    asked: list[Any] = []
    release = threading.Event()

    def slow_admit(studio: Any, websocket: Any, key: Any) -> tuple[Principal | None, bool]:
        asked.append(key)
        assert release.wait(60)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # type: ignore[no-any-return]

    monkeypatch.setattr(maps, "_admit", slow_admit)
    studio = SimpleNamespace(recent_sessions={}, rooms=SimpleNamespace(rooms={}))
    answers: list[Any] = []

    async def connect(session: str) -> None:
        websocket = SimpleNamespace(cookies={"jm_session": session})
        try:
            answers.append(await maps.admission(studio, websocket, "7"))  # type: ignore[arg-type]
        except RuntimeError as error:
            answers.append(error)

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            for session in sessions:
                tasks.start_soon(connect, session)
            await anyio.wait_all_tasks_blocked()  # every connection is waiting for the store
            release.set()

    anyio.run(main)
    return asked, answers


def test_a_burst_of_one_session_asks_the_store_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked, answers = burst(monkeypatch, ["token-a"] * 20 + ["token-b"], (ALICE, True))
    assert sorted(asked) == [("token-a", "", "7"), ("token-b", "", "7")]
    assert answers == [(ALICE, True)] * 21
    assert maps._admitting == {}


def test_an_error_of_the_store_reaches_every_waiting_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    failure = RuntimeError("the store is gone")
    asked, answers = burst(monkeypatch, ["token-a"] * 5, failure)
    assert asked == [("token-a", "", "7")]
    assert answers == [failure] * 5
    assert maps._admitting == {}
