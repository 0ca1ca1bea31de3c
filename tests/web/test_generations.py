"""Generations of a map's live document: when its history outgrew its data, compaction rebuilds it as a new document
(a new generation); updates made on the old one are refused, and its clients are told to open the map again
instead of merging their old history into the new one (which would duplicate every element)."""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from pycrdt import Decoder, Doc, Map
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket
from studio_support import fresh_postgres_database, postgres_server_url
from test_realtime import MAP, Peer, TestClient, example

from journeymap.store import repo
from journeymap.store.db import Store, open_store
from journeymap.store.updates import StaleGeneration
from journeymap.web.realtime import (
    NOTICE,
    MemoryUpdateLog,
    RoomManager,
    sync_step1_message,
)
from journeymap.web.realtime_protocol import CLOSE_NEW_GENERATION
from journeymap.web.ydoc import client_ids, doc_data, encode_state, merge_states, new_doc, rebuilt_state, root

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "home-loan"
EAGER = functools.partial(rebuilt_state, min_bytes=1, ratio=1.1)
"""Rebuilds as soon as the history adds a tenth to the state (the studio waits for 16 kB and 1.5×)."""


def overwritten(doc: Doc[Any], times: int) -> list[bytes]:
    """Rename the steps in turn, ``times`` renames (each a transaction); the updates. (Overwriting one value again
    and again leaves one run of deleted items Yjs merges; edits spread over the map, as people make them, do not.)"""
    updates: list[bytes] = []
    subscription = doc.observe(lambda event: updates.append(event.update))
    steps: list[Map[Any]] = [step for stage in root(doc)["stages"] for step in stage["steps"]]
    for number in range(times):
        with doc.transaction():
            steps[number % len(steps)]["name"] = f"Step renamed ({number})"
    doc.unobserve(subscription)
    return updates


def test_a_state_much_larger_than_its_data_is_rebuilt_as_the_same_data() -> None:
    doc = new_doc(example())
    fresh = encode_state(doc)
    assert rebuilt_state(fresh, min_bytes=1) is None  # nothing to shed
    overwritten(doc, 12_000)
    state = encode_state(doc)
    assert len(state) > 4 * len(fresh)
    rebuilt = rebuilt_state(state, min_bytes=1)
    assert rebuilt is not None and len(rebuilt) < 1.2 * len(fresh)
    again = new_doc()
    again.apply_update(rebuilt)
    assert doc_data(again) == doc_data(doc)
    assert rebuilt_state(state, min_bytes=len(state) + 1) is None  # small documents are never rebuilt


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = str(tmp_path / "store" / "studio.db")
        else:
            url = stack.enter_context(fresh_postgres_database(postgres_server_url()))
        opened = open_store(url)
        stack.callback(opened.dispose)
        yield opened


def map_in(store: Store, tmp_path: Path) -> int:
    """The home-loan "as is" map, imported as the studio does (its state stored)."""
    from journeymap.store import maps
    from journeymap.web.services import initial_state

    workspace = tmp_path / "home-loan"
    shutil.copytree(EXAMPLE, workspace)
    workspace_id = repo.import_workspace(store, workspace)
    with store.session() as db:
        maps.start_imported_maps(db, workspace_id, initial_state)
        return next(row.id for row in repo.live_maps(db, workspace_id) if row.path == "maps/home-loan-as-is.yaml")


def test_the_store_rebuilds_a_bloated_document_as_a_new_generation(store: Store, tmp_path: Path) -> None:
    map_id = map_in(store, tmp_path)
    log = repo.StoreUpdateLog(store, merge=merge_states, rebuild=EAGER, clients=client_ids)
    tail = log.read_after(map_id, 0)
    assert tail.generation == 0 and tail.state is not None
    doc = new_doc()
    doc.apply_update(tail.state)
    updates = overwritten(doc, 2000)
    seqs = log.append_many(map_id, [(update, None) for update in updates[:1500]], 0)
    # committed by another process after this one's batch, before it compacts: the new generation holds it too
    later = log.append_many(map_id, [(update, None) for update in updates[1500:]], 0)
    assert log.compact(map_id, encode_state(doc), seqs[-1], 0) == 1
    rebuilt = log.read_after(map_id, 0)
    assert rebuilt.generation == 1 and rebuilt.updates == [] and rebuilt.state is not None
    assert rebuilt.state_seq == later[-1]
    assert doc.client_id in rebuilt.retired and rebuilt.retired == client_ids(encode_state(doc))
    fresh = new_doc()
    fresh.apply_update(rebuilt.state)
    assert doc_data(fresh) == doc_data(doc)
    assert len(rebuilt.state) < len(encode_state(doc)) * 0.7
    # an update of the old history is refused, and nothing of it is stored
    stale = overwritten(doc, 1)[0]
    with pytest.raises(StaleGeneration, match="generation 0, the document is at generation 1"):
        log.append_many(map_id, [(stale, None)], 0)
    assert log.read_after(map_id, 0).updates == []
    # a compaction made on the old history changes nothing
    assert log.compact(map_id, encode_state(doc), later[-1] + 1, 0) is None
    assert log.read_after(map_id, 0).state == rebuilt.state
    # the new history goes on
    step: Map[Any] = root(fresh)["stages"][0]["steps"][0]
    changes: list[bytes] = []
    fresh.observe(lambda event: changes.append(event.update))
    step["name"] = "Estimate"
    (seq,) = log.append_many(map_id, [(changes[0], None)], 1)
    assert seq > later[-1]
    assert log.read_after(map_id, rebuilt.state_seq).updates == [(seq, changes[0])]


# --- rooms and their clients ---------------------------------------------------------------------------------------


class GenerationPeer(Peer):
    """A client that states its document's generation (``?generation=``) and notes the server's notices."""

    def __init__(self, client: TestClient, user: int, generation: int | None = None, doc: Doc[Any] | None = None):
        super().__init__(client, user, doc)
        self.generation = generation
        self.notices: list[dict[str, Any]] = []

    @contextlib.contextmanager
    def connected(self) -> Iterator[GenerationPeer]:
        self.closed = None
        asked = "" if self.generation is None else str(self.generation)
        with self.client.websocket_connect(f"/rt/map-{MAP}?user={self.user}&generation={asked}") as self.ws:
            self.send(sync_step1_message(self.doc))
            yield self

    def handle(self, data: bytes) -> None:
        decoder = Decoder(data)
        if decoder.read_var_uint() == NOTICE:
            notice = json.loads(decoder.read_var_string())
            self.notices.append(notice)
            if notice["kind"] == "generation":
                self.generation = notice["generation"]
            return
        super().handle(data)


def rooms_app(manager: RoomManager) -> Starlette:
    async def endpoint(websocket: WebSocket) -> None:
        await websocket.accept()
        user = int(websocket.query_params["user"])
        asked = websocket.query_params.get("generation")
        generation = int(asked) if asked else None
        await manager.serve(websocket, int(websocket.path_params["map_id"]), {"id": user}, generation=generation,
                            announce=asked is not None)  # fmt: skip

    return Starlette(routes=[WebSocketRoute("/rt/map-{map_id:int}", endpoint)])


def test_clients_of_a_rebuilt_document_open_the_map_again_without_merging_the_old_history() -> None:
    log = MemoryUpdateLog(rebuild=EAGER, clients=client_ids)
    manager = RoomManager(log, compact_every=40)
    anyio.run(lambda: manager.room(MAP, initial=example()))
    with TestClient(rooms_app(manager)) as client:
        alice, bob = GenerationPeer(client, 1), GenerationPeer(client, 2)
        with alice.connected(), bob.connected():
            for peer in (alice, bob):
                peer.pump(lambda peer=peer: bool(peer.acks) and "stages" in peer.data())
            assert alice.generation == bob.generation == 0
            steps = [step for stage in root(alice.doc)["stages"] for step in stage["steps"]]
            acked = alice.data()
            for number in range(600):  # one at a time, acked: the rebuild comes at a compaction
                steps[number % len(steps)]["name"] = f"Renamed ({number})"
                alice.push()
                alice.pump(lambda: alice.saved() or alice.closed is not None)
                if alice.closed is not None:
                    break  # this last edit was not acked: a browser re-applies it on the new document
                acked = alice.data()
            assert alice.data() != acked
            assert alice.closed is not None and alice.closed["code"] == CLOSE_NEW_GENERATION
            bob.pump(lambda: False)
            assert bob.closed is not None and bob.closed["code"] == CLOSE_NEW_GENERATION
            assert log.generations[MAP] == 1
            for peer in (alice, bob):
                assert peer.notices[-1]["kind"] == "restart" and peer.notices[-1]["generation"] == 1
        # the new generation holds what was acknowledged, as a new document
        assert anyio.run(manager.data, MAP) == acked
        stored = log.read_after(MAP, 0)
        assert stored.generation == 1 and stored.updates == []
        # alice's old document comes back: refused before anything is merged
        appended = len(log.appended)
        stale = GenerationPeer(client, 1, generation=0, doc=alice.doc)
        with stale.connected():
            stale.pump(lambda: False)
        assert stale.closed is not None and stale.closed["code"] == CLOSE_NEW_GENERATION
        assert stale.notices == [{"kind": "restart", "generation": 1, "reason": stale.notices[0]["reason"]}]
        assert len(log.appended) == appended and anyio.run(manager.data, MAP) == acked
        # ... also when it does not state its generation (a script, a page of an older release): its sync step 1
        # names the clients of the old history
        assert alice.doc.client_id in log.retired[MAP]
        unstated = Peer(client, 1, doc=alice.doc)
        with unstated.connected():
            unstated.pump(lambda: False)
        assert unstated.closed is not None and unstated.closed["code"] == CLOSE_NEW_GENERATION
        assert len(log.appended) == appended and anyio.run(manager.data, MAP) == acked
        # opened again with a new document: joins generation 1 and edits it
        again = GenerationPeer(client, 1)
        with again.connected():
            again.pump(lambda: bool(again.acks) and "stages" in again.data())
            assert again.generation == 1 and again.data() == acked
            root(again.doc)["stages"][0]["steps"][0]["name"] = "Estimate what I can borrow"
            again.push()
            again.pump(again.saved)
        assert anyio.run(manager.data, MAP)["stages"][0]["steps"][0]["name"] == "Estimate what I can borrow"


def test_a_process_still_on_the_old_generation_restarts_its_room(store: Store, tmp_path: Path) -> None:
    """Two processes on one store: the first rebuilds; the second's next commit is refused (the safety net when the
    relay's notice comes late), its clients are told to open the map again, nothing of the old history is stored."""
    map_id = map_in(store, tmp_path)
    first = RoomManager(repo.StoreUpdateLog(store, merge=merge_states, rebuild=EAGER), compact_every=30)
    second = RoomManager(repo.StoreUpdateLog(store, merge=merge_states, rebuild=EAGER), compact_every=10**6)

    async def main() -> None:
        room_one = await first.room(map_id)
        room_two = await second.room(map_id)
        assert room_one.generation == room_two.generation == 0
        data = doc_data(room_one.doc)
        steps = [step for stage in data["stages"] for step in stage["steps"]]
        for number in range(600):
            steps[number % len(steps)]["name"] = f"Renamed ({number})"
            await first.apply_json(map_id, data, None)
            if map_id not in first.rooms:
                break
        assert map_id not in first.rooms  # rebuilt: the room closed, to load generation 1
        assert (await first.room(map_id)).generation == 1
        moved = doc_data(room_two.doc)
        moved["title"] = "Changed on the second process"
        assert await second.apply_json(map_id, moved, None)  # refused on generation 0, tried again on 1
        assert (await second.room(map_id)).generation == 1
        assert room_two.failed is not None and map_id in second.rooms

    anyio.run(main)
    tail = repo.StoreUpdateLog(store).read_after(map_id, 0)
    doc = new_doc()
    for part in [tail.state, *(update for _, update in tail.updates)]:
        if part is not None:
            doc.apply_update(part)
    data = doc_data(doc)
    assert data["title"] == "Changed on the second process"
    assert len(data["stages"]) == len(example()["stages"])  # nothing duplicated
    assert [step["id"] for stage in data["stages"] for step in stage["steps"]] == [
        step["id"] for stage in example()["stages"] for step in stage["steps"]
    ]
