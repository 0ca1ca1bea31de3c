"""Fuzzing the studio's API bodies and its live document: random JSON (and the map's own data with one value
replaced by random JSON) for ``PUT /api/maps/{id}`` and the comment routes, and random bytes (and mutated real
messages) as websocket messages.

The only documented outcomes are a 2xx or a 4xx answer in the one error shape (a websocket: the message taken, a
``refused`` notice, or a close with a protocol code) — never a 5xx — and afterwards the map still opens and exports.
A few dozen examples run by default (seconds in CI); set ``JOURNEYMAP_FUZZ_EXAMPLES`` (e.g. 2000) for a longer run.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")
from starlette.websockets import WebSocketDisconnect
from studio_support import BASE_URL, YPeer, make_app, running, sign_up, ws_headers

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
PROTOCOL_CLOSES = {1002, 1003, 1009}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["notice-need", "", "\x00", "2026-13-01", "9" * 40, "Ω" * 5]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int]]:
    folder: Path = tmp_path_factory.mktemp("fuzz-api")
    with running(make_app(str(folder / "studio.db"), [])) as client:
        sign_up(client)
        wid = client.post("/api/workspaces", json={"name": "Fuzz"}).json()["id"]
        made = client.post(f"/api/workspaces/{wid}/maps", json={"type": "customer-journey-map", "title": "Fuzz"})
        yield client, made.json()["id"]


def answered(response: Any) -> None:
    """A 2xx, or a 4xx in the one error shape."""
    assert response.status_code < 500, f"{response.request.method} {response.request.url}: {response.text[:500]}"
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["status"] == response.status_code and error["message"]


def still_readable(client: Any, mid: int) -> None:
    opened = client.get(f"/api/maps/{mid}")
    assert opened.status_code == 200, opened.text[:500]
    exported = client.get(f"/api/maps/{mid}/export", params={"format": "svg"})
    assert exported.status_code in (200, 422), exported.text[:500]


def paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (dict keys and list indexes)."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*at, index))
    return found


@FUZZ
@given(body=json_values)
def test_random_json_as_a_map(studio: tuple[Any, int], body: Any) -> None:
    client, mid = studio
    answered(client.put(f"/api/maps/{mid}", json=body))
    still_readable(client, mid)


BASE: dict[int, Any] = {}


@FUZZ
@given(data=st.data(), value=json_values)
def test_the_map_with_one_value_replaced(studio: tuple[Any, int], data: st.DataObject, value: Any) -> None:
    client, mid = studio
    if mid not in BASE:  # the map as first seen: every example mutates the same one (the draws must not depend on
        # what earlier examples left in the store, or Hypothesis cannot replay an example)
        BASE[mid] = client.get(f"/api/maps/{mid}", params={"checks": "false"}).json()["data"]
    mutated = copy.deepcopy(BASE[mid])
    place = data.draw(st.sampled_from(paths(mutated)[1:]))
    node = mutated
    for key in place[:-1]:
        node = node[key]
    node[place[-1]] = value
    answered(client.put(f"/api/maps/{mid}", json=mutated))
    still_readable(client, mid)


@FUZZ
@given(body=json_values, raw=st.binary(max_size=200))
def test_random_comment_bodies(studio: tuple[Any, int], body: Any, raw: bytes) -> None:
    client, mid = studio
    answered(client.post(f"/api/maps/{mid}/comments", json=body))
    answered(client.post(f"/api/maps/{mid}/comments", content=raw, headers={"content-type": "application/json"}))
    answered(client.patch(f"/api/comments/{abs(hash(raw)) % 5 + 1}", json=body))


@functools.cache
def real_messages() -> tuple[bytes, ...]:
    """Real messages to mutate (made once, with a fixed client id: the same bytes for every example)."""
    from journeymap.web.realtime import awareness_message, update_message
    from journeymap.web.ydoc import encode_state, new_doc

    return (
        update_message(encode_state(new_doc({"title": "x", "stages": [{"id": "s", "name": "S"}]}, client_id=4242))),
        awareness_message({7: (1, json.dumps({"user": {"name": "x"}}))}),
    )


@st.composite
def websocket_messages(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    message = bytearray(draw(st.sampled_from(real_messages())))
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(message) - 1))
        message[index] = draw(st.integers(0, 255))
    return bytes(message)


@FUZZ
@given(messages=st.lists(websocket_messages(), min_size=1, max_size=3))
def test_random_websocket_messages(studio: tuple[Any, int], messages: list[bytes]) -> None:
    client, mid = studio
    try:
        with client.websocket_connect(f"/api/realtime/map-{mid}", headers=ws_headers(client, BASE_URL)) as ws:
            peer = YPeer(ws.send_bytes, ws.receive_bytes)
            peer.sync()
            for message in messages:
                ws.send_bytes(message)
            clock = peer.edit(lambda root: root.__setitem__("description", "still here"))
            while peer.acked < clock:  # taken (or refused with a notice) and the connection still serves edits
                message = ws.receive_bytes()
                if message[:1] == b"\x64":
                    peer._note_ack(message)
    except WebSocketDisconnect as closed:
        assert closed.code in PROTOCOL_CLOSES, f"closed {closed.code} ({closed.reason})"
    still_readable(client, mid)
