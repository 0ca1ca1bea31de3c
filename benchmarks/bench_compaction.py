"""Opening a map after a year of edits: the update log compacted (state + tail) vs. a fresh map, on SQLite and on
PostgreSQL.

The home-loan "as is" map is imported into a fresh store; editors connected to a :class:`RoomManager` through its
real connection path (``serve``: y-websocket messages in, acks and relays out, group commit, compaction every
``compact_every`` updates) make ``--edits`` edits of the kinds people make (a field's text committed — card texts
mostly, step and stage names —, cards moved within and across lanes and steps, cards added and deleted, steps added
and deleted). Each editor keeps a few edits in flight, so the group commit stores them in batches, as it does for
many people at once.

**open** is the time a new :class:`RoomManager` (as a new server process would) takes to load the map from the
store and answer a new client's sync step 1 with the whole document (sync step 2): the median of ``--runs``.
It is measured on the fresh map (before the edits), on the edited map (compacted), and on a copy of the edited map
whose log holds every committed update uncompacted (the very rows the log would hold with ``compact_every``
huge: each committed batch is recorded and appended to the copy). For comparison, two more copies: the room's
document encoded with no tail, and the same data as a new document (what restarting the document from its JSON would
give). Besides the wall time, the processor time of the open (all threads of this process: less disturbed by a
busy machine). With Node.js and the front end's ``node_modules``, the time the browser's Yjs takes to apply each
state (v1, and v2 with its size).

Goal: open(100 k edits, compacted) ≤ 2 × open(fresh).

Run: ``python benchmarks/bench_compaction.py [--edits 100000] [--editors 12] [--runs 7] [--postgres URL]``
(PostgreSQL: ``--postgres`` or ``JOURNEYMAP_TEST_POSTGRES_URL``; a database is created for the run and dropped).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from pycrdt import Array, Decoder, Doc, Map

from journeymap.store import maps, repo
from journeymap.store.db import Store, open_store
from journeymap.web import ydoc
from journeymap.web.realtime import (
    ACK,
    NOTICE,
    RoomManager,
    sync_step1_message,
    update_message,
)
from journeymap.web.realtime_protocol import CLOSE_NEW_GENERATION

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "home-loan"
MAP_PATH = "maps/home-loan-as-is.yaml"
SYNC, STEP2, UPDATE = 0, 1, 2
WORDS = ("the", "a", "her", "bank", "offer", "rate", "fee", "call", "wait", "form", "upload", "letter", "deposit",
         "agent", "valuer", "again", "quickly", "why")  # fmt: skip


# --- the store ---------------------------------------------------------------------------------------------------


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new database on the server at ``server_url`` (dropped afterwards); yields its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"jm_bench_compaction_{uuid.uuid4().hex[:8]}"
    admin = make_url(server_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def import_map(store: Store, workspace: Path) -> int:
    """Import the home-loan workspace as the studio does; the id of its "as is" map."""
    from journeymap.web.services import initial_state

    workspace_id = repo.import_workspace(store, workspace)
    with store.session() as db:
        maps.start_imported_maps(db, workspace_id, initial_state)
        found = {row.path: row.id for row in repo.live_maps(db, workspace_id)}
    return found[MAP_PATH]


def copy_map(store: Store, map_id: int, state: bytes) -> int:
    """A new map in the same workspace whose compacted state is ``state`` (no updates)."""
    with store.session() as db:
        row = repo.map_row(db, map_id)
        assert row is not None
        return maps.create_map(db, row.workspace_id, "copy", map_type=row.map_type, title=row.title, state=state).id


class RecordingLog(repo.StoreUpdateLog):
    """The store's update log, remembering every committed update and counting compactions."""

    def __init__(self, store: Store, *, rebuild: bool = False) -> None:
        super().__init__(store, rebuild=ydoc.rebuilt_state if rebuild else None)
        self.committed: list[tuple[bytes, int | None]] = []
        self.batches = 0
        self.compactions = 0
        self.rebuilds = 0
        self.largest = b""
        """The largest state a compaction kept (did not rebuild): the top of the saw between rebuilds."""

    def append_many(
        self, map_id: int, updates: list[tuple[bytes, int | None]], generation: int | None = None
    ) -> list[int]:
        seqs = super().append_many(map_id, updates, generation)
        self.committed.extend(updates)
        self.batches += 1
        return seqs

    def compact(self, map_id: int, state: bytes, upto_seq: int, generation: int | None = None) -> int | None:
        rebuilt = super().compact(map_id, state, upto_seq, generation)
        self.compactions += 1
        self.rebuilds += rebuilt is not None
        if rebuilt is None and len(state) > len(self.largest):
            self.largest = state
        return rebuilt


# --- a client connected through RoomManager.serve ------------------------------------------------------------------


class Socket:
    """The server side of a y-websocket connection, in memory: what the client sends is received by ``serve``, what
    ``serve`` sends is handed to the client."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.send, self.inbox = anyio.create_memory_object_stream[bytes](math.inf)

    async def receive(self) -> dict[str, Any]:
        try:
            data = await self.inbox.receive()
        except anyio.EndOfStream:
            return {"type": "websocket.disconnect"}
        return {"type": "websocket.receive", "bytes": data}

    async def send_bytes(self, data: bytes) -> None:
        self.client.on_message(data)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.client.closed = code
        self.client.acked.set()  # an editor waiting for an ack stops


@dataclass(eq=False)
class Client:
    """A y-websocket client with its own pycrdt document."""

    doc: Doc[Any] = field(default_factory=Doc)
    synced: anyio.Event = field(default_factory=anyio.Event)
    acks: int = 0
    acked: anyio.Event = field(default_factory=anyio.Event)
    refused: int = 0
    closed: int | None = None
    step2_bytes: int = 0
    step2_at: float = 0.0
    """When the sync step 2 arrived (``time.perf_counter``), before the client applies it."""
    applying: bool = False
    local: list[bytes] = field(default_factory=list)
    generation: int | None = None
    """The generation of the map's document this client joined (told by the server)."""

    def __post_init__(self) -> None:
        self.socket = Socket(self)
        self.doc.observe(lambda event: None if self.applying else self.local.append(event.update))

    def on_message(self, data: bytes) -> None:
        decoder = Decoder(data)
        kind = decoder.read_var_uint()
        if kind == SYNC:
            step = decoder.read_var_uint()
            payload = decoder.read_message()
            if step == STEP2:
                self.step2_at = time.perf_counter()
            if step in (STEP2, UPDATE) and payload is not None:
                self.applying = True
                try:
                    self.doc.apply_update(payload)
                finally:
                    self.applying = False
                if step == STEP2:
                    self.step2_bytes = len(payload)
                    self.synced.set()
        elif kind == ACK:
            self.acks += 1
            self.acked.set()
        elif kind == NOTICE:
            notice = json.loads(decoder.read_var_string())
            self.refused += notice.get("kind") == "refused"
            if notice.get("kind") == "generation":
                self.generation = notice["generation"]

    async def connect(self, manager: RoomManager, map_id: int, tasks: anyio.abc.TaskGroup, number: int) -> None:
        user = {"name": f"Editor {number}"}
        tasks.start_soon(lambda: manager.serve(self.socket, map_id, user, announce=True))
        await self.socket.send.send(sync_step1_message(self.doc))
        with anyio.fail_after(600):
            await self.synced.wait()

    async def send_local(self) -> bool:
        """Send the edits made to the document since the last call (one update message); whether there were any."""
        changes, self.local = self.local, []
        if not changes:
            return False
        await self.socket.send.send(update_message(changes[0] if len(changes) == 1 else merge(changes)))
        return True

    def leave(self) -> None:
        self.socket.send.close()


def merge(updates: list[bytes]) -> bytes:
    from pycrdt import merge_updates

    return merge_updates(*updates)


# --- the edits -----------------------------------------------------------------------------------------------------


def to_y(value: Any) -> Any:
    """A preliminary Y value for JSON (objects as Y.Map, lists as Y.Array), as the editor's ``toY`` makes it."""
    if isinstance(value, dict):
        return Map({key: to_y(item) for key, item in value.items()})
    if isinstance(value, list):
        return Array([to_y(item) for item in value])
    return value


def retype(text: str, rng: random.Random) -> str:
    """A field's text after one edit: a word added, removed or replaced, a typo fixed (kept 3–160 characters)."""
    words = text.split() or ["new"]
    where = rng.randrange(len(words) + 1)
    roll = rng.random()
    if (roll < 0.45 or len(words) < 3) and len(text) < 160:
        words.insert(where, rng.choice(WORDS))
    elif roll < 0.75:
        del words[min(where, len(words) - 1)]
    else:
        words[min(where, len(words) - 1)] = rng.choice(WORDS)
    return " ".join(words)


class Editor:
    """Someone editing the map: edits of the kinds people make, on the client's document."""

    def __init__(self, client: Client, rng: random.Random, cards_floor: int) -> None:
        self.rng, self.cards_floor = rng, cards_floor
        self.restarts = self.unacked_at_restart = 0
        self.attach(client)

    def attach(self, client: Client) -> None:
        """Edit through ``client`` (a new connection, with its own document) from now on."""
        self.client = client
        self.focus: tuple[tuple[Any, ...], str] | None = None  # the path and key edited (a few edits in a row)
        self.root: Map[Any] = client.doc.get(ydoc.ROOT, type=Map)

    def lanes(self) -> list[Any]:
        return [lane for lane in self.root["lanes"] if isinstance(lane.get("cards"), Array)]

    def steps(self) -> list[tuple[Any, int, Any]]:
        return [(stage, i, step) for stage in self.root["stages"] for i, step in enumerate(stage["steps"])]

    def edit(self) -> None:
        """Make one edit (one transaction) on the document."""
        roll = self.rng.random()
        with self.client.doc.transaction():
            if roll < 0.62:
                self.type_text()
            elif roll < 0.72:
                self.rename()
            elif roll < 0.82:
                self.move_card()
            elif roll < 0.89:
                self.add_card()
            elif roll < 0.96:
                self.delete_card()
            else:
                self.add_or_delete_step()

    def random_card(self) -> tuple[Any, int, tuple[Any, ...]] | None:
        """A card: its list, its index and its path from the root."""
        lanes = [(i, lane) for i, lane in enumerate(self.root["lanes"]) if isinstance(lane.get("cards"), Array)]
        lanes = [(i, lane) for i, lane in lanes if len(lane["cards"])]
        if not lanes:
            return None
        number, lane = self.rng.choice(lanes)
        cards = lane["cards"]
        index = self.rng.randrange(len(cards))
        return cards, index, ("lanes", number, "cards", index)

    def at(self, path: tuple[Any, ...]) -> Any:
        """What ``path`` leads to now (None when the others' edits took it away). Only paths are kept between edits:
        a Y value held across a remote update may be collected under it."""
        node: Any = self.root
        for step in path:
            if isinstance(step, int) and isinstance(node, Array) and step < len(node):
                node = node[step]
            elif isinstance(step, str) and isinstance(node, Map) and step in node:
                node = node[step]
            else:
                return None
        return node if isinstance(node, Map) else None

    def type_text(self) -> None:
        ymap = self.at(self.focus[0]) if self.focus is not None and self.rng.random() >= 0.15 else None
        if ymap is None or self.focus is None:
            picked = self.random_card()
            if picked is None:
                return
            self.focus = (picked[2], "text")
            ymap = picked[0][picked[1]]
        key = self.focus[1]
        current = ymap.get(key)
        ymap[key] = retype(current if isinstance(current, str) else "", self.rng)

    def rename(self) -> None:
        stages = self.root["stages"]
        number = self.rng.randrange(len(stages))
        steps = stages[number]["steps"]
        path: tuple[Any, ...] = ("stages", number)
        if len(steps) and self.rng.random() < 0.8:
            path = (*path, "steps", self.rng.randrange(len(steps)))
        target = self.at(path)
        self.focus = (path, "name")
        target["name"] = retype(str(target.get("name") or "Step"), self.rng)

    def move_card(self) -> None:
        """Within the lane or to another lane, maybe to another step: the card is deleted and inserted anew."""
        picked = self.random_card()
        if picked is None:
            return
        cards, index, _ = picked
        data = cards[index].to_py()
        if self.rng.random() < 0.5:
            data["step"] = self.rng.choice([step["id"] for _, _, step in self.steps() if "new" not in step["id"]])
        target = cards if self.rng.random() < 0.7 else self.rng.choice(self.lanes())["cards"]
        del cards[index]
        target.insert(self.rng.randrange(len(target) + 1), to_y(data))
        self.focus = None

    def add_card(self) -> None:
        if sum(len(lane["cards"]) for lane in self.lanes()) >= self.cards_floor * 5 // 3:
            return self.delete_card()  # the map keeps about its size: as many cards added as deleted
        cards = self.rng.choice(self.lanes())["cards"]
        step = self.rng.choice([step["id"] for _, _, step in self.steps() if "new" not in step["id"]])
        cards.insert(self.rng.randrange(len(cards) + 1), to_y({"step": step, "text": "New card"}))
        self.focus = None

    def delete_card(self) -> None:
        if sum(len(lane["cards"]) for lane in self.lanes()) <= self.cards_floor:
            return self.add_card()
        picked = self.random_card()
        if picked is not None:
            del picked[0][picked[1]]
            self.focus = None
        return None

    def add_or_delete_step(self) -> None:
        """Steps the editors added (no card refers to them) are deleted again; else a step is added."""
        added = [(stage, i) for stage, i, step in self.steps() if "new" in step["id"]]
        if added and self.rng.random() < 0.5:
            stage, i = self.rng.choice(added)
            del stage["steps"][i]
        else:
            stage = self.rng.choice(list(self.root["stages"]))
            name = f"new-{uuid.uuid4().hex[:6]}"
            stage["steps"].insert(self.rng.randrange(len(stage["steps"]) + 1), to_y({"id": name, "name": "New step"}))
        self.focus = None


# --- running the edits and opening the map ------------------------------------------------------------------------


@dataclass
class Edited:
    """What a run of edits left: the room's document, the updates committed, batches and compactions."""

    doc: Doc[Any]
    committed: list[tuple[bytes, int | None]]
    batches: int
    compactions: int
    refused: int
    seconds: float
    rebuilds: int = 0
    restarts: int = 0
    """Connections the server closed because the document was rebuilt (each editor opened the map again)."""
    largest: bytes = b""
    """The largest state a compaction kept."""
    unacked_at_restart: int = 0
    """Edits sent but not acknowledged when their connection restarted (the studio's front end re-applies them as
    data on the new document; these editors go on without them)."""


async def edit_map(
    store: Store,
    map_id: int,
    edits: int,
    *,
    editors: int = 12,
    window: int = 4,
    compact_every: int = 100,
    seed: int = 1,
    rebuild: bool = False,
) -> Edited:
    """``edits`` edits by ``editors`` editors connected to one room (each with up to ``window`` edits unacked).
    With ``rebuild``, compaction starts a new generation of the document when its history outgrew its data, as the
    studio does: the editors then open the map again."""
    log = RecordingLog(store, rebuild=rebuild)
    manager = RoomManager(log, compact_every=compact_every)
    clients = [Client() for _ in range(editors)]
    rng = random.Random(seed)
    start = time.perf_counter()
    editors_: list[Editor] = []
    async with anyio.create_task_group() as tasks:
        for number, client in enumerate(clients, 1):
            await client.connect(manager, map_id, tasks, number)
        floor = sum(len(lane["cards"]) for lane in Editor(clients[0], rng, 0).lanes()) * 3 // 4
        shares = [edits // editors + (i < edits % editors) for i in range(editors)]
        async with anyio.create_task_group() as editing:
            for number, (client, share) in enumerate(zip(clients, shares, strict=True), 1):
                editor = Editor(client, random.Random(rng.random()), floor)
                editors_.append(editor)
                editing.start_soon(run_editor, editor, share, window, manager, map_id, tasks, number)
        for editor in editors_:
            editor.client.leave()
    room = await manager.room(map_id)
    refused = sum(client.refused for client in clients)
    edited = Edited(room.doc, log.committed, log.batches, log.compactions, refused, time.perf_counter() - start)
    edited.rebuilds, edited.largest = log.rebuilds, log.largest
    edited.restarts = sum(editor.restarts for editor in editors_)
    edited.unacked_at_restart = sum(editor.unacked_at_restart for editor in editors_)
    return edited


async def run_editor(
    editor: Editor,
    edits: int,
    window: int,
    manager: RoomManager,
    map_id: int,
    tasks: anyio.abc.TaskGroup,
    number: int,
) -> None:
    sent = 0

    async def wait_for_ack() -> None:
        nonlocal sent
        client = editor.client
        client.acked = anyio.Event()
        with anyio.fail_after(600):
            await client.acked.wait()
        if client.closed == CLOSE_NEW_GENERATION:  # the document was rebuilt: open the map again
            editor.restarts += 1
            editor.unacked_at_restart += max(0, sent - client.acks)
            fresh = Client()
            await fresh.connect(manager, map_id, tasks, number)
            editor.attach(fresh)
            sent = 0
        elif client.closed is not None:
            raise RuntimeError(f"the server closed the connection ({client.closed})")

    for _ in range(edits):
        editor.edit()
        sent += await editor.client.send_local()
        while sent - editor.client.acks >= window:
            await wait_for_ack()
    while editor.client.acks < sent:
        await wait_for_ack()


async def open_once(store: Store, map_id: int) -> tuple[float, int, dict[str, Any]]:
    """A new room manager loads the map and answers a new client's sync: seconds, sync step 2 bytes, the data."""
    manager = RoomManager(repo.StoreUpdateLog(store), compact_every=10**9)
    client = Client()
    start, cpu = time.perf_counter(), time.process_time()
    async with anyio.create_task_group() as tasks:
        await client.connect(manager, map_id, tasks, 1)
        seconds = client.step2_at - start
        client.leave()
    CPU_SECONDS.append(time.process_time() - cpu)  # the client's applying of the step 2 included
    return seconds, client.step2_bytes, ydoc.doc_data(client.doc)


CPU_SECONDS: list[float] = []
"""The processor time of each open (all this process's threads): less disturbed by a busy machine."""


def open_times(store: Store, map_id: int, runs: int) -> tuple[tuple[float, float], int, dict[str, Any]]:
    """The median time and processor time of ``runs`` cold opens, the sync step 2 bytes, the data the client
    received."""
    CPU_SECONDS.clear()
    results = [anyio.run(open_once, store, map_id) for _ in range(runs)]
    medians = (statistics.median(r[0] for r in results), statistics.median(CPU_SECONDS))
    return medians, results[0][1], results[0][2]


def replay_uncompacted(store: Store, map_id: int, fresh_state: bytes, committed: list[tuple[bytes, int | None]]) -> int:
    """A copy of the map whose log holds every committed update, uncompacted (as with ``compact_every`` huge)."""
    copy = copy_map(store, map_id, fresh_state)
    log = repo.StoreUpdateLog(store)
    for start in range(0, len(committed), 2000):
        log.append_many(copy, committed[start : start + 2000])
    return copy


# --- the run -------------------------------------------------------------------------------------------------------


def state_facts(state: bytes) -> dict[str, float]:
    """Sizes and times of a compacted state: as stored, re-encoded by a document that applied it, and the time a
    new document takes to apply it (median of 5)."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        doc = ydoc.new_doc()
        doc.apply_update(state)
        times.append(time.perf_counter() - start)
    return {"bytes": len(state), "reencoded": len(ydoc.encode_state(doc)), "apply_ms": 1000 * statistics.median(times)}


YJS = ROOT / "frontend" / "node_modules" / "yjs" / "dist" / "yjs.cjs"
YJS_SCRIPT = """
const Y = require(process.argv[1]); const fs = require('fs');
const median = (f) => { const t = []; for (let i = 0; i < 7; i++) { const s = process.hrtime.bigint(); f();
  t.push(Number(process.hrtime.bigint() - s) / 1e6); } return t.sort((a, b) => a - b)[3]; };
const out = {};
for (const round of [1, 2]) for (const path of process.argv.slice(2)) {  // the first round warms the JIT up
  const v1 = fs.readFileSync(path); const doc = new Y.Doc(); Y.applyUpdate(doc, v1);
  const v2 = Y.encodeStateAsUpdateV2(doc);
  out[path] = {v2: v2.length, v1_ms: median(() => Y.applyUpdate(new Y.Doc(), v1)),
               v2_ms: median(() => Y.applyUpdateV2(new Y.Doc(), v2))};
}
console.log(JSON.stringify(out));
"""


def in_yjs(states: dict[str, bytes]) -> dict[str, dict[str, float]]:
    """What the browser's Yjs makes of each state: its size encoded v2, and the time to apply it v1 and v2
    (median of 7); empty without Node.js or the front end's node_modules."""
    node = shutil.which("node")
    if node is None or not YJS.exists():
        return {}
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: Path(folder) / f"{name}.bin" for name in states}
        for name, path in paths.items():
            path.write_bytes(states[name])
        result = subprocess.run(
            [node, "-e", YJS_SCRIPT, str(YJS), *map(str, paths.values())], capture_output=True, text=True, check=True
        )
        found = json.loads(result.stdout)
    return {name: found[str(path)] for name, path in paths.items()}


def measure(url: str, edits: int, editors: int, runs: int, compact_every: int, rebuild: bool) -> dict[str, Any]:
    """The whole benchmark on the store at ``url``."""
    store = open_store(url)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "home-loan"
        shutil.copytree(EXAMPLE, workspace)
        map_id = import_map(store, workspace)
    log = repo.StoreUpdateLog(store)
    fresh_state = log.load(map_id)[0]
    assert fresh_state is not None
    fresh_open, fresh_sync, fresh_data = open_times(store, map_id, runs)
    edited = anyio.run(
        lambda: edit_map(store, map_id, edits, editors=editors, compact_every=compact_every, rebuild=rebuild)
    )
    state, tail = log.load(map_id)
    assert state is not None
    open_s, sync_bytes, data = open_times(store, map_id, runs)
    final = ydoc.doc_data(edited.doc)
    if edited.rebuilds == 0:
        copy = replay_uncompacted(store, map_id, fresh_state, edited.committed)
        raw_open, raw_sync, raw_data = open_times(store, copy, max(3, runs // 2))
    else:  # the updates of several generations do not make one document: no uncompacted copy
        raw_open, raw_sync, raw_data = (math.nan, math.nan), 0, final
    # the same document with no tail (the room's document encoded), and the same data as a new document (what a
    # restart of the document from its JSON would give: every client would have to drop its copy)
    whole = copy_map(store, map_id, ydoc.encode_state(edited.doc))
    whole_open, whole_sync, whole_data = open_times(store, whole, runs)
    restart = copy_map(store, map_id, ydoc.encode_state(ydoc.new_doc(final)))
    restart_open, restart_sync, _ = open_times(store, restart, runs)
    # the worst moment: the largest state a compaction kept (just before a rebuild), without its tail
    largest = edited.largest or state
    worst_open, worst_sync, _ = open_times(store, copy_map(store, map_id, largest), runs)
    store.dispose()
    yjs = in_yjs(
        {"fresh": fresh_state, "edited": ydoc.encode_state(edited.doc), "new": ydoc.encode_state(ydoc.new_doc(final))}
    )
    return {
        "edits": edits, "editors": editors, "edit_seconds": edited.seconds, "committed": len(edited.committed),
        "batches": edited.batches, "compactions": edited.compactions, "refused": edited.refused,
        "rows": len(tail), "fresh_state": len(fresh_state), "state": state_facts(state),
        "fresh_facts": state_facts(fresh_state), "final_state": len(ydoc.encode_state(edited.doc)),
        "json_fresh": len(json.dumps(fresh_data)),
        "json_final": len(json.dumps(final)), "fresh_open": fresh_open, "fresh_sync": fresh_sync,
        "open": open_s, "sync": sync_bytes, "raw_open": raw_open, "raw_sync": raw_sync,
        "raw_rows": len(edited.committed), "same": data == final == raw_data == whole_data,
        "whole_open": whole_open, "whole_sync": whole_sync, "restart_open": restart_open,
        "restart_sync": restart_sync, "yjs": yjs, "rebuilds": edited.rebuilds, "restarts": edited.restarts,
        "unacked_at_restart": edited.unacked_at_restart, "generations": rebuild, "worst_open": worst_open,
        "worst_sync": worst_sync, "largest": len(largest),
    }  # fmt: skip


def report(backend: str, r: dict[str, Any]) -> None:
    kb = 1024
    ratio = r["open"][0] / r["fresh_open"][0]
    cpu_ratio = r["open"][1] / r["fresh_open"][1]
    print(
        f"\n{backend}: {r['edits']:,} edits by {r['editors']} editors in {r['edit_seconds']:.0f} s "
        f"({r['committed']:,} updates committed in {r['batches']:,} batches, {r['compactions']} compactions, "
        f"{r['refused']} refused); the map loaded from the store equals the live document"
        f"{'' if r['rebuilds'] else ' and the uncompacted log'}: {r['same']}"
    )
    if r["generations"]:
        print(
            f"  generations: the document was rebuilt {r['rebuilds']} times (history > {ydoc.REBUILD_RATIO:g}× its "
            f"data); connections restarted {r['restarts']}, with {r['unacked_at_restart']} edits in flight (the "
            "front end re-applies those as data)"
        )
    else:
        print("  generations: off (--no-generations): the compacted state keeps every overwritten value's item")
    rows = [
        ("fresh map", r["fresh_open"], r["fresh_sync"], 0, r["fresh_state"]),
        ("after the edits, compacted", r["open"], r["sync"], r["rows"], r["state"]["bytes"]),
        ("after the edits, not compacted", r["raw_open"], r["raw_sync"], r["raw_rows"], r["fresh_state"]),
        ("the room's document, no tail", r["whole_open"], r["whole_sync"], 0, r["final_state"]),
        ("its data as a new document", r["restart_open"], r["restart_sync"], 0, r["restart_sync"]),
        ("largest state kept (worst moment)", r["worst_open"], r["worst_sync"], 0, r["largest"]),
    ]
    print(f"  {'':32} {'open (median)':>14} {'open CPU':>10} {'sync step 2':>12} {'log rows':>9} {'state':>10}")
    for name, (seconds, cpu), sync, log_rows, state in rows:
        if math.isnan(seconds):
            print(f"  {name:32} {'— (several generations: not one document)':>60}")
            continue
        print(
            f"  {name:32} {1000 * seconds:11.1f} ms {1000 * cpu:7.1f} ms {sync / kb:9.1f} kB {log_rows:9,} "
            f"{state / kb:7.1f} kB"
        )
    for what, i in (("time", 0), ("CPU", 1)):
        fresh = r["fresh_open"][i]
        print(
            f"  open {what} / fresh: compacted {r['open'][i] / fresh:.2f}×; "
            f"not compacted {r['raw_open'][i] / fresh:.1f}×; no tail {r['whole_open'][i] / fresh:.1f}×; "
            f"new document {r['restart_open'][i] / fresh:.1f}×; largest state kept {r['worst_open'][i] / fresh:.2f}×"
        )
    print(f"  goal (compacted ≤ 2× fresh): {'met' if max(ratio, cpu_ratio) <= 2 else 'NOT met'}")
    worst = max(r["worst_open"][0] / r["fresh_open"][0], r["worst_open"][1] / r["fresh_open"][1])
    print(f"  at the worst moment between rebuilds: {worst:.2f}× ({'met' if worst <= 2 else 'NOT met'})")
    print(
        f"  document: JSON {r['json_fresh'] / kb:.1f} kB fresh, {r['json_final'] / kb:.1f} kB after; "
        f"stored state re-encoded by a document that applied it: {r['state']['reencoded'] / kb:.1f} kB; "
        f"applying the state: {r['fresh_facts']['apply_ms']:.1f} ms fresh, {r['state']['apply_ms']:.1f} ms after"
    )
    for name, facts in r["yjs"].items():
        print(
            f"  in the browser (Yjs, Node.js): {name} state v2 {facts['v2'] / kb:.1f} kB; applying it "
            f"{facts['v1_ms']:.1f} ms (v1), {facts['v2_ms']:.1f} ms (v2)"
        )


def main() -> None:
    from generate import machine

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=100_000)
    parser.add_argument("--editors", type=int, default=12)
    parser.add_argument("--runs", type=int, default=7, help="cold opens per measurement (the median is shown)")
    parser.add_argument("--compact-every", type=int, default=100, help="as the studio does")
    parser.add_argument("--postgres", default=os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL"))
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--no-generations", action="store_true", help="never rebuild the document: compaction only")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    options = (args.edits, args.editors, args.runs, args.compact_every, not args.no_generations)
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            report("SQLite", measure(str(Path(folder) / "studio.db"), *options))
    if args.only != "sqlite":
        if not args.postgres:
            print("\nPostgreSQL: skipped (give --postgres or set JOURNEYMAP_TEST_POSTGRES_URL)")
        else:
            with postgres_database(args.postgres) as url:
                report("PostgreSQL", measure(url, *options))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
