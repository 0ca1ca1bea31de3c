"""Several studio processes on one PostgreSQL store: an edit made through one process reaches the clients of the
others, in order, once; presence and comment notices too; a process killed with SIGKILL loses no acknowledged edit,
and the other goes on. Real ``journeymap serve`` processes, y-websocket clients over real sockets."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from studio_support import (
    HttpSession,
    ServerProcess,
    YPeer,
    copy_examples,
    fresh_postgres_database,
    postgres_server_url,
)
from test_studio_durability import add_card, connect

AS_IS = "maps/home-loan-as-is.yaml"


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    home_loan = copy_examples(tmp_path / "workspaces", ["home-loan"])[0]
    with fresh_postgres_database(postgres_server_url()) as url:
        first = ServerProcess(home_loan, url, tmp_path / "first.log")  # type: ignore[arg-type]
        second = ServerProcess(home_loan, url, tmp_path / "second.log")  # type: ignore[arg-type]
        first.start()
        second.start()  # after the first: it finds the workspace imported
        try:
            yield first, second
        finally:
            first.stop()
            second.stop()


def signed_in(server: ServerProcess, *, new: bool, email: str = "ann@example.org") -> tuple[HttpSession, int]:
    session = HttpSession(server.url)
    session.sign_up(email=email) if new else session.log_in(email=email)
    listed = session.request("GET", "/api/workspaces").json()
    maps = session.request("GET", f"/api/workspaces/{listed[0]['id']}").json()["maps"]
    return session, next(m["id"] for m in maps if m["path"] == AS_IS)


def cards(peer: YPeer) -> list[str]:
    from journeymap.web.ydoc import doc_data

    data = doc_data(peer.doc)
    return [card["text"] for lane in data["lanes"] for card in lane.get("cards", []) if "text" in card]


def read_until(ws: Any, peer: YPeer, done: Any, timeout: float = 30) -> list[tuple[int, bytes]]:
    """Read messages (applying updates to the peer) until ``done()``; every message read, as (kind, bytes)."""
    from pycrdt import Decoder

    seen: list[tuple[int, bytes]] = []
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "timed out waiting"
        message = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
        decoder = Decoder(message)
        kind = decoder.read_var_uint()
        seen.append((kind, message))
        if kind == 0 and decoder.read_var_uint() in (1, 2):
            payload = decoder.read_message()
            assert payload is not None
            peer.doc.apply_update(payload)
        elif kind == 100:
            peer._note_ack(message)
    return seen


def test_an_edit_through_one_process_reaches_the_clients_of_the_other(two: tuple[ServerProcess, ServerProcess]) -> None:
    first, second = two
    ann, mid = signed_in(first, new=True)
    ann_there, _ = signed_in(second, new=False)
    with connect(first, ann, mid) as ws_a, connect(second, ann_there, mid) as ws_b:
        a = YPeer(ws_a.send, lambda: ws_a.recv(timeout=20))
        b = YPeer(ws_b.send, lambda: ws_b.recv(timeout=20))
        a.sync()
        b.sync()
        texts = [f"relayed {i}" for i in range(8)]
        for text in texts:
            a.wait_ack(a.edit(add_card(text)))
        read_until(ws_b, b, lambda: all(t in cards(b) for t in texts))
        got = [t for t in cards(b) if t.startswith("relayed ")]
        assert got == texts  # in order, once
        # and back: an edit through the second process reaches the first
        b.wait_ack(b.edit(add_card("from the second")))
        read_until(ws_a, a, lambda: "from the second" in cards(a))
        assert cards(a).count("from the second") == 1
        # presence set on the second reaches the first
        from journeymap.web.realtime_protocol import awareness_message

        state = json.dumps({"user": {"name": "Ann on B"}})
        ws_b.send(awareness_message({b.client_id: (1, state)}))
        deadline = time.monotonic() + 30
        found = False
        while not found and time.monotonic() < deadline:
            message = ws_a.recv(timeout=30)
            found = message[0] == 1 and b"Ann on B" in message
        assert found, "the presence set on the second process did not reach the first's client"
    ann.close()
    ann_there.close()
    # both processes serve the same document
    one = HttpSession(first.url)
    one.log_in(email="ann@example.org")
    other = HttpSession(second.url)
    other.log_in(email="ann@example.org")
    try:
        here = one.request("GET", f"/api/maps/{mid}").json()["data"]
        assert here == other.request("GET", f"/api/maps/{mid}").json()["data"]
    finally:
        one.close()
        other.close()


def test_a_comment_on_one_process_notifies_the_clients_of_the_other(two: tuple[ServerProcess, ServerProcess]) -> None:
    first, second = two
    ann, mid = signed_in(first, new=True)
    ann_there, _ = signed_in(second, new=False)
    with connect(second, ann_there, mid) as ws_b:
        b = YPeer(ws_b.send, lambda: ws_b.recv(timeout=20))
        b.sync()
        comment = {"anchor": "r-calc", "body": "look at this step"}
        created = ann.request("POST", f"/api/maps/{mid}/comments", json=comment)
        assert created.status_code < 300, created.text
        deadline = time.monotonic() + 30
        notices: list[dict[str, Any]] = []
        while not any(n.get("kind") == "comments" for n in notices):
            assert time.monotonic() < deadline, "no comments notice reached the other process's client"
            message = ws_b.recv(timeout=30)
            if message[0] == 101:
                from pycrdt import Decoder

                decoder = Decoder(message[1:])
                notices.append(json.loads(decoder.read_var_string()))
    assert notices[-1]["map_id"] == mid
    ann.close()
    ann_there.close()


def test_a_killed_process_loses_no_acknowledged_edit_and_the_other_goes_on(
    two: tuple[ServerProcess, ServerProcess],
) -> None:
    first, second = two
    ann, mid = signed_in(first, new=True)
    ann_there, _ = signed_in(second, new=False)
    with connect(first, ann, mid) as ws_a, connect(second, ann_there, mid) as ws_b:
        a = YPeer(ws_a.send, lambda: ws_a.recv(timeout=20))
        b = YPeer(ws_b.send, lambda: ws_b.recv(timeout=20))
        a.sync()
        b.sync()
        for i in range(5):
            a.wait_ack(a.edit(add_card(f"before kill {i}")))
        first.kill()
        read_until(ws_b, b, lambda: all(f"before kill {i}" in cards(b) for i in range(5)))
        b.wait_ack(b.edit(add_card("after kill")))
    first.start()
    again, _ = signed_in(first, new=False)
    data = again.request("GET", f"/api/maps/{mid}").json()["data"]
    texts = [card["text"] for lane in data["lanes"] for card in lane.get("cards", []) if "text" in card]
    for text in [*(f"before kill {i}" for i in range(5)), "after kill"]:
        assert texts.count(text) == 1, text
    again.close()
    ann.close()
    ann_there.close()


def test_a_lost_relay_connection_is_logged_with_the_error_inside_the_task_group() -> None:
    from journeymap.web.relay import _cause

    nested = ExceptionGroup("outer", [ExceptionGroup("inner", [ConnectionError("the listening connection ended")])])
    assert _cause(nested) == "ConnectionError: the listening connection ended"
    assert _cause(OSError("refused")) == "OSError: refused"
