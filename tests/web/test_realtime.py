"""CRDT rooms over a Starlette websocket: sync, persistence before the ack, relay, offline merge, awareness."""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest
from pycrdt import Decoder, Doc, Map
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; httpx is what the studio's tests have
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

from journeymap.files.dump import model_data
from journeymap.files.loader import read_map
from journeymap.store.updates import Tail
from journeymap.web.realtime import (
    ACK,
    MAX_MESSAGE_BYTES,
    MemoryUpdateLog,
    PersistError,
    RoomManager,
    awareness_message,
    sync_step1_message,
    sync_step2_message,
    update_message,
)
from journeymap.web.ydoc import doc_data, new_doc, root

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "home-loan" / "maps" / "home-loan-as-is.yaml"
MAP = 7


def example() -> dict[str, Any]:
    source = read_map(EXAMPLE, personas=["priya-first-time-buyer"])
    return model_data(source.map)


class EventLog(MemoryUpdateLog):
    """The in-memory log, noting each append in a timeline shared with the sockets' sends."""

    def __init__(self, timeline: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.timeline = timeline
        self.fail = False
        self.batches: list[int] = []
        """The size of every batch appended."""

    def append(self, map_id: int, update: bytes, user_id: int | None) -> int:
        return self.append_many(map_id, [(update, user_id)])[0]

    def append_many(
        self, map_id: int, updates: list[tuple[bytes, int | None]], generation: int | None = None
    ) -> list[int]:
        if self.fail:
            raise OSError("disk full")
        seqs = super().append_many(map_id, updates, generation)
        self.batches.append(len(updates))
        self.timeline.extend(("append", update) for update, _ in updates)
        return seqs


class RecordingSocket:
    """A Starlette websocket whose sends are noted in the timeline."""

    def __init__(self, websocket: WebSocket, user: int, timeline: list[tuple[str, Any]]) -> None:
        self.websocket, self.user, self.timeline = websocket, user, timeline

    async def receive(self) -> Any:
        return await self.websocket.receive()

    async def send_bytes(self, data: bytes) -> None:
        self.timeline.append((f"send:{self.user}", data))
        await self.websocket.send_bytes(data)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.websocket.close(code, reason)


class Studio:
    def __init__(self, **options: Any) -> None:
        self.timeline: list[tuple[str, Any]] = []
        self.log = EventLog(self.timeline)
        self.changes: list[tuple[int, int | None]] = []
        self.idle: list[int] = []
        self.manager = RoomManager(
            self.log,
            on_change=lambda map_id, user_id: self.changes.append((map_id, user_id)),
            on_idle=self.on_idle,
            **options,
        )

        async def endpoint(websocket: WebSocket) -> None:
            await websocket.accept()
            user = int(websocket.query_params["user"])
            socket = RecordingSocket(websocket, user, self.timeline)
            await self.manager.serve(socket, int(websocket.path_params["map_id"]), {"id": user, "name": f"U{user}"})

        @asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            await self.manager.room(MAP, initial=example())
            yield
            await self.manager.close_all()

        self.app = Starlette(routes=[WebSocketRoute("/rt/map-{map_id:int}", endpoint)], lifespan=lifespan)

    async def on_idle(self, map_id: int) -> None:
        self.idle.append(map_id)


def read_vector(vector: bytes) -> dict[int, int]:
    decoder = Decoder(vector)
    return {decoder.read_var_uint(): decoder.read_var_uint() for _ in range(decoder.read_var_uint())}


class Peer:
    """A y-websocket client: a pycrdt document on one websocket."""

    def __init__(self, client: TestClient, user: int, doc: Doc[Any] | None = None) -> None:
        self.client, self.user = client, user
        self.doc: Doc[Any] = doc if doc is not None else Doc()
        self.acks: list[dict[int, int]] = []
        self.awareness: list[bytes] = []
        self.updates = 0
        self.closed: dict[str, Any] | None = None
        self.outbox: list[bytes] = []
        self.doc.observe(lambda event: self.outbox.append(event.update))

    @contextmanager
    def connected(self) -> Iterator[Peer]:
        self.closed = None
        with self.client.websocket_connect(f"/rt/map-{MAP}?user={self.user}") as self.ws:
            self.send(sync_step1_message(self.doc))
            yield self

    def send(self, message: bytes) -> None:
        self.ws.send_bytes(message)

    def push(self) -> None:
        """Send the local edits as one update each (as y-websocket does)."""
        edits, self.outbox[:] = list(self.outbox), []
        for update in edits:
            self.send(update_message(update))

    def receive(self, timeout: float = 5.0) -> dict[str, Any]:
        ws = self.ws

        async def next_message() -> dict[str, Any]:
            with anyio.fail_after(timeout):
                message: dict[str, Any] = await ws._send_rx.receive()  # the test session's queue, with a timeout
                return message

        return ws.portal.call(next_message)

    def pump(self, until: Any, timeout: float = 5.0) -> None:
        """Handle messages until ``until()`` holds."""
        while not until():
            message = self.receive(timeout)
            if message["type"] == "websocket.close":
                self.closed = message
                return
            self.handle(message["bytes"])

    def handle(self, data: bytes) -> None:
        decoder = Decoder(data)
        kind = decoder.read_var_uint()
        if kind == 0:
            step = decoder.read_var_uint()
            payload = decoder.read_message() or b""
            if step == 0:
                self.send(sync_step2_message(self.doc.get_update(payload)))
            else:
                self.outbox_mark = len(self.outbox)
                self.doc.apply_update(payload)
                del self.outbox[self.outbox_mark :]  # what came from the server is not sent back
                self.updates += 1
        elif kind == 1:
            self.awareness.append(decoder.read_message() or b"")
        elif kind == ACK:
            self.acks.append(read_vector(decoder.read_message() or b""))

    def saved(self) -> bool:
        """Whether the last ack covers this client's own clock (what the studio shows as "saved")."""
        own = read_vector(self.doc.get_state()).get(self.doc.client_id, 0)
        return bool(self.acks) and self.acks[-1].get(self.doc.client_id, 0) >= own

    def data(self) -> dict[str, Any]:
        return doc_data(self.doc)


def step(peer: Peer, stage: int, index: int) -> Map[Any]:
    item: Map[Any] = root(peer.doc)["stages"][stage]["steps"][index]
    return item


def test_two_clients_sync_and_the_ack_follows_the_commit() -> None:
    studio = Studio()
    with TestClient(studio.app) as client:
        alice, bob = Peer(client, 1), Peer(client, 2)
        with alice.connected(), bob.connected():
            for peer in (alice, bob):
                peer.pump(lambda peer=peer: bool(peer.acks) and "stages" in peer.data())
                assert peer.data() == example()
            appended = len(studio.log.appended)
            step(alice, 0, 0)["name"] = "Estimate what I can borrow"
            alice.push()
            alice.pump(alice.saved)
            bob.pump(lambda: bob.data()["stages"][0]["steps"][0]["name"] == "Estimate what I can borrow")
            assert alice.data() == bob.data()
            # the update is in the log, and was appended before the ack went out
            assert len(studio.log.appended) == appended + 1
            assert studio.log.users(MAP)[-1] == 1
            kinds = [kind if kind == "append" else f"{kind}:{data[0]}" for kind, data in studio.timeline]
            last_append = len(kinds) - 1 - kinds[::-1].index("append")
            assert f"send:1:{ACK}" in kinds[last_append:]
            first_ack_after = kinds.index(f"send:1:{ACK}", last_append)
            relay = kinds.index("send:2:0", last_append)
            assert last_append < first_ack_after and last_append < relay
            assert studio.changes[-1] == (MAP, 1)
        assert studio.idle == [MAP]
    # a fresh server reloads the same map from the log
    reloaded = RoomManager(studio.log)
    assert anyio.run(reloaded.data, MAP) == alice.data()


def test_a_reconnecting_client_merges_its_offline_edits() -> None:
    studio = Studio()
    with TestClient(studio.app) as client:
        alice, bob = Peer(client, 1), Peer(client, 2)
        with alice.connected():
            alice.pump(lambda: bool(alice.acks))
            with bob.connected():
                bob.pump(lambda: bool(bob.acks))
            # Bob is offline: he edits a step while Alice edits another field of the same step
            step(bob, 1, 1)["name"] = "Upload documents (offline)"
            bob.outbox.clear()  # y-websocket sends nothing while offline; the sync on reconnection carries it
            step(alice, 1, 1)["description"] = "Payslips and statements"
            alice.push()
            alice.pump(alice.saved)
            with bob.connected():
                bob.pump(lambda: bob.saved() and "Payslips and statements" in json.dumps(bob.data()))
                alice.pump(lambda: alice.data()["stages"][1]["steps"][1]["name"] == "Upload documents (offline)")
        merged = alice.data()["stages"][1]["steps"][1]
        assert merged["name"] == "Upload documents (offline)" and merged["description"] == "Payslips and statements"
        assert alice.data() == bob.data() == anyio.run(RoomManager(studio.log).data, MAP)


def test_awareness_is_relayed_kept_for_newcomers_and_removed_on_close() -> None:
    studio = Studio()
    presence = json.dumps({"user": {"id": 1, "name": "Alice", "colour": "#c00"}, "focus": "r-calc"})
    with TestClient(studio.app) as client:
        alice, bob, carol = Peer(client, 1), Peer(client, 2), Peer(client, 3)
        with bob.connected():
            bob.pump(lambda: bool(bob.acks))
            with alice.connected():
                alice.pump(lambda: bool(alice.acks))
                message = awareness_message({alice.doc.client_id: (4, presence)})
                alice.send(message)
                bob.pump(lambda: bool(bob.awareness))
                assert bob.awareness[-1] == Decoder(message[1:]).read_message()  # relayed as sent
                with carol.connected():
                    carol.pump(lambda: bool(carol.awareness))
                    assert _states(carol.awareness[0]) == {alice.doc.client_id: (4, presence)}
            # Alice left: Bob is told her presence is gone (clock + 1, state null)
            bob.pump(lambda: _states(bob.awareness[-1]).get(alice.doc.client_id, (0, ""))[1] == "null")
            assert _states(bob.awareness[-1])[alice.doc.client_id] == (5, "null")


def _states(payload: bytes) -> dict[int, tuple[int, str]]:
    decoder = Decoder(payload)
    count = decoder.read_var_uint()
    states = {}
    for _ in range(count):
        client_id = decoder.read_var_uint()
        clock = decoder.read_var_uint()
        states[client_id] = (clock, decoder.read_var_string())
    return states


def test_oversized_and_malformed_messages_close_only_that_connection() -> None:
    studio = Studio()
    with TestClient(studio.app) as client:
        alice, bob, mallory = Peer(client, 1), Peer(client, 2), Peer(client, 3)
        with alice.connected(), bob.connected():
            alice.pump(lambda: bool(alice.acks))
            bob.pump(lambda: bool(bob.acks))
            with mallory.connected():
                mallory.send(bytes([0, 2]) + b"\xff" * (MAX_MESSAGE_BYTES + 1))
                mallory.pump(lambda: mallory.closed is not None)
                assert mallory.closed is not None and mallory.closed["code"] == 1009
            with mallory.connected():
                mallory.send(update_message(b"not an update at all"))
                mallory.pump(lambda: mallory.closed is not None)
                assert mallory.closed is not None and mallory.closed["code"] == 1002
            step(alice, 0, 1)["name"] = "Compare mortgage rates"
            alice.push()
            alice.pump(alice.saved)
            bob.pump(lambda: bob.data() == alice.data())


def test_apply_json_reconciles_persists_and_broadcasts() -> None:
    studio = Studio()
    with TestClient(studio.app) as client:
        alice = Peer(client, 1)
        with alice.connected():
            alice.pump(lambda: bool(alice.acks))
            data = example()
            data["title"] = "Home loan — as is (reviewed)"
            assert client.portal is not None
            assert client.portal.call(studio.manager.apply_json, MAP, data, 9) is True
            alice.pump(lambda: alice.data()["title"] == data["title"])
            assert alice.data() == data
            assert studio.changes[-1] == (MAP, 9) and studio.log.users(MAP)[-1] == 9
            assert client.portal.call(studio.manager.apply_json, MAP, data, 9) is False  # nothing to change
            with pytest.raises(TypeError, match="not a JSON value"):
                client.portal.call(studio.manager.apply_json, MAP, {**data, "title": object()}, 9)


def test_a_failing_store_acks_nothing_and_closes_the_room() -> None:
    studio = Studio()
    with TestClient(studio.app) as client:
        alice = Peer(client, 1)
        with alice.connected():
            alice.pump(lambda: bool(alice.acks))
            studio.log.fail = True
            acks = len(alice.acks)
            step(alice, 0, 0)["name"] = "never saved"
            alice.push()
            alice.pump(lambda: alice.closed is not None)
            assert alice.closed is not None and alice.closed["code"] == 1011
            assert len(alice.acks) == acks and not alice.saved()
        studio.log.fail = False
        assert client.portal is not None
        assert client.portal.call(studio.manager.data, MAP) == example()  # reloaded from the log
        with pytest.raises(PersistError):
            studio.log.fail = True
            client.portal.call(studio.manager.apply_json, MAP, {**example(), "title": "x"}, 1)


class DeadSocket:
    """A socket whose peer vanished: every send fails; it never says anything."""

    def __init__(self) -> None:
        self.gone = anyio.Event()

    async def receive(self) -> dict[str, Any]:
        await self.gone.wait()
        return {"type": "websocket.disconnect", "code": 1006}

    async def send_bytes(self, data: bytes) -> None:
        raise ConnectionResetError("peer gone")

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        raise RuntimeError("already closed")


def test_a_dead_socket_does_not_break_the_room() -> None:
    async def main() -> None:
        log = MemoryUpdateLog()
        manager = RoomManager(log, compact_every=2)
        await manager.room(MAP, initial={"title": "t", "stages": []})
        async with anyio.create_task_group() as tasks:
            dead = DeadSocket()
            tasks.start_soon(manager.serve, dead, MAP, {"id": 5, "name": "ghost"})
            await anyio.sleep(0.05)
            for number in range(3):
                assert await manager.apply_json(MAP, {"title": f"t{number}", "stages": []}, 1)
            assert (await manager.data(MAP))["title"] == "t2"
            dead.gone.set()
        assert not manager.rooms[MAP].connections
        # compaction kept every change
        assert log.states[MAP][1] >= 2
        assert (await RoomManager(log).data(MAP))["title"] == "t2"

    anyio.run(main)


def test_an_empty_log_starts_from_the_initial_json_once() -> None:
    async def main() -> None:
        log = MemoryUpdateLog()
        first = await RoomManager(log).room(MAP, initial=example())
        assert doc_data(first.doc) == example() and len(log.entries[MAP]) == 1
        again = await RoomManager(log).room(MAP, initial={"ignored": True})
        assert doc_data(again.doc) == example() and len(log.entries[MAP]) == 1
        assert doc_data(new_doc()) == {}

    anyio.run(main)


def test_rooms_are_loaded_once_under_concurrency() -> None:
    loads = []
    lock = threading.Lock()

    class CountingLog(MemoryUpdateLog):
        def read_after(self, map_id: int, after_seq: int) -> Tail:
            with lock:
                loads.append(map_id)
            return super().read_after(map_id, after_seq)

    async def main() -> None:
        manager = RoomManager(CountingLog())
        rooms = []

        async def get() -> None:
            rooms.append(await manager.room(MAP, initial=example()))

        async with anyio.create_task_group() as tasks:
            for _ in range(5):
                tasks.start_soon(get)
        assert len({id(room) for room in rooms}) == 1 and loads == [MAP]

    anyio.run(main)


# -- group commit -------------------------------------------------------------------------------------------------


class GatedLog(EventLog):
    """The in-memory log whose appends wait for ``gate`` (in the worker thread), and may fail once let through."""

    def __init__(self, timeline: list[tuple[str, Any]]) -> None:
        super().__init__(timeline)
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()
        self.fail_after_gate = False

    def append_many(
        self, map_id: int, updates: list[tuple[bytes, int | None]], generation: int | None = None
    ) -> list[int]:
        self.entered.set()
        assert self.gate.wait(10), "the test never opened the gate"
        if self.fail_after_gate:
            raise OSError("disk full")
        return super().append_many(map_id, updates, generation)


def gated_studio() -> Studio:
    studio = Studio()
    studio.log = GatedLog(studio.timeline)
    studio.manager.log = studio.log
    return studio


def edit(peer: Peer, stage: int, index: int, name: str) -> bytes:
    """Make one edit and send it; returns the update sent."""
    step(peer, stage, index)["name"] = name
    (update,) = peer.outbox
    peer.push()
    return update


def queued(studio: Studio, count: int) -> None:
    """Wait until ``count`` changes wait behind the batch being committed."""
    for _ in range(500):
        room = studio.manager.rooms.get(MAP)
        if room is not None and len(room.queue) >= count:
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"{count} changes never queued")


def test_changes_queued_during_a_commit_are_committed_together_in_order_then_acked() -> None:
    studio = gated_studio()
    log = studio.log
    assert isinstance(log, GatedLog)
    with TestClient(studio.app) as client:
        alice, bob, carol = Peer(client, 1), Peer(client, 2), Peer(client, 3)
        with alice.connected(), bob.connected(), carol.connected():
            peers = (alice, bob, carol)
            for peer in peers:
                peer.pump(lambda peer=peer: bool(peer.acks) and "stages" in peer.data())
            acks = [len(peer.acks) for peer in peers]
            log.gate.clear()
            log.entered.clear()
            sent = [edit(alice, 0, 0, "A")]
            assert log.entered.wait(5)  # Alice's change is in the store, held there
            sent.append(edit(bob, 0, 1, "B"))
            queued(studio, 1)
            sent.append(edit(carol, 0, 2, "C"))
            queued(studio, 2)
            # nothing is acknowledged, nor relayed, before its commit
            for peer, count in zip(peers, acks, strict=True):
                with pytest.raises(TimeoutError):
                    peer.pump(lambda peer=peer, count=count: len(peer.acks) > count or peer.updates > 1, timeout=0.2)
                assert not peer.saved()
            log.gate.set()
            names = ["A", "B", "C"]
            for peer in peers:
                peer.pump(
                    lambda peer=peer: (
                        peer.saved() and [s["name"] for s in peer.data()["stages"][0]["steps"][:3]] == names
                    )
                )
            assert alice.data() == bob.data() == carol.data()
            # one transaction for the first change, ONE for the two queued behind it; the log keeps their order
            assert log.batches[-2:] == [1, 2]
            assert [update for _, _, update in log.appended[-3:]] == sent
            assert log.users(MAP)[-3:] == [1, 2, 3]
            assert studio.changes[-3:] == [(MAP, 1), (MAP, 2), (MAP, 3)]
            # each ack holds the state vector taken right after its change: never one covering a later change
            a, b, c = (peer.doc.client_id for peer in peers)
            a_ack, b_ack, c_ack = (peer.acks[count] for peer, count in zip(peers, acks, strict=True))
            assert b not in a_ack and c not in a_ack
            assert b_ack[a] == a_ack[a] and c not in b_ack
            assert c_ack[a] == a_ack[a] and c_ack[b] == b_ack[b] and c in c_ack
            # the appends came before every ack of the batch
            kinds = [kind if kind == "append" else f"{kind}:{data[0]}" for kind, data in studio.timeline]
            last_append = len(kinds) - 1 - kinds[::-1].index("append")
            assert f"send:2:{ACK}" not in kinds[kinds.index("append", kinds.index(f"send:1:{ACK}")) : last_append]
            assert f"send:2:{ACK}" in kinds[last_append:] and f"send:3:{ACK}" in kinds[last_append:]


def test_a_failing_batch_acks_nobody_and_closes_the_room() -> None:
    studio = gated_studio()
    log = studio.log
    assert isinstance(log, GatedLog)
    with TestClient(studio.app) as client:
        alice, bob = Peer(client, 1), Peer(client, 2)
        with alice.connected(), bob.connected():
            for peer in (alice, bob):
                peer.pump(lambda peer=peer: bool(peer.acks) and "stages" in peer.data())
            acks = (len(alice.acks), len(bob.acks))
            log.gate.clear()
            log.entered.clear()
            edit(alice, 0, 0, "never saved (A)")
            assert log.entered.wait(5)
            edit(bob, 0, 1, "never saved (B)")  # queued behind the failing batch
            queued(studio, 1)
            log.fail_after_gate = True
            log.gate.set()
            alice.pump(lambda: alice.closed is not None)
            bob.pump(lambda: bob.closed is not None)
            assert alice.closed is not None and alice.closed["code"] == 1011
            assert bob.closed is not None and bob.closed["code"] == 1011
            assert (len(alice.acks), len(bob.acks)) == acks and not alice.saved() and not bob.saved()
            assert bob.updates == 1  # only the first sync: Alice's unsaved change was not relayed
        assert MAP not in studio.manager.rooms
        log.fail_after_gate = False
        assert client.portal is not None
        assert client.portal.call(studio.manager.data, MAP) == example()  # reloaded: neither change is in the log
        # the reloaded room takes edits again
        with alice.connected():
            alice.pump(lambda: alice.saved() and bool(alice.acks))
            assert alice.data()["stages"][0]["steps"][0]["name"] == "never saved (A)"  # re-sent by the sync
        assert client.portal.call(studio.manager.data, MAP)["stages"][0]["steps"][0]["name"] == "never saved (A)"


def test_a_sync_answer_waits_for_the_changes_before_it() -> None:
    studio = gated_studio()
    log = studio.log
    assert isinstance(log, GatedLog)
    with TestClient(studio.app) as client:
        alice, carol = Peer(client, 1), Peer(client, 3)
        with alice.connected():
            alice.pump(lambda: bool(alice.acks) and "stages" in alice.data())
            log.gate.clear()
            log.entered.clear()
            edit(alice, 0, 0, "committing")
            assert log.entered.wait(5)
            with carol.connected():
                # Carol's step 1 is answered only once the change it would show is committed
                with pytest.raises(TimeoutError):
                    carol.pump(lambda: "stages" in carol.data(), timeout=0.3)
                log.gate.set()
                carol.pump(lambda: carol.data() == alice.data() and "stages" in carol.data())
                assert carol.data()["stages"][0]["steps"][0]["name"] == "committing"
                alice.pump(alice.saved)


def test_the_store_appends_a_batch_in_one_transaction_in_order(tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from journeymap.errors import NotFoundError
    from journeymap.store import open_store, repo
    from journeymap.store import tables as t

    store = open_store(str(tmp_path / "studio.db"))
    try:
        workspace = repo.import_workspace(store, EXAMPLE.parents[1])
        with store.session() as db:
            map_id = db.scalars(select(t.MapRow.id).where(t.MapRow.workspace_id == workspace)).first()
            assert map_id is not None
            before = repo.aware(db.get_one(t.MapRow, map_id).updated_at)
        log = repo.StoreUpdateLog(store)
        first = log.append(map_id, b"one", None)
        seqs = log.append_many(map_id, [(b"two", None), (b"three", None), (b"four", None)])
        assert log.append_many(map_id, []) == []
        assert seqs == sorted(seqs) and seqs[0] > first and len(set(seqs)) == 3
        assert log.load(map_id)[1][-4:] == [b"one", b"two", b"three", b"four"]
        with store.session() as db:
            rows = db.scalars(select(t.MapUpdate).where(t.MapUpdate.id.in_(seqs)).order_by(t.MapUpdate.id)).all()
            assert [row.update for row in rows] == [b"two", b"three", b"four"]
            assert len({row.created_at for row in rows}) == 1  # one transaction, one moment
            assert repo.aware(db.get_one(t.MapRow, map_id).updated_at) >= before
        # a batch the store refuses raises (the room then acks none of it): here, of a map that does not exist
        with pytest.raises(NotFoundError, match="map 10000"):
            log.append_many(10_000, [(b"x", None), (b"y", None)])
        with store.session() as db:
            assert db.scalar(select(func.count()).select_from(t.MapUpdate).where(t.MapUpdate.map_id == 10_000)) == 0
        log.compact(map_id, b"state", seqs[1])
        assert log.load(map_id) == (b"state", [b"four"])
    finally:
        store.dispose()


def test_idle_rooms_are_closed_and_load_again_with_every_change() -> None:
    async def main() -> None:
        log = MemoryUpdateLog()
        manager = RoomManager(log)
        room = await manager.room(MAP, initial=example())
        data = await manager.data(MAP)
        data["title"] = "Changed before the room closed"
        assert await manager.apply_json(MAP, data, None)
        assert manager.evict_idle(idle_seconds=3600) == 0  # used just now
        room.used -= 7200
        assert manager.evict_idle(idle_seconds=3600) == 1 and MAP not in manager.rooms
        again = await manager.room(MAP)
        assert again is not room and (await manager.data(MAP))["title"] == "Changed before the room closed"

    anyio.run(main)
