"""The simulated editors of ``soak_studio.py``: each holds a pycrdt document synced with the studio over the
y-websocket protocol and edits it at a human pace; the tally of what was sent, acknowledged and relayed.

An edit inserts a new card (a unique token as its id and text) into a lane of the map. It is *acknowledged* when an
ack (message 100) holds a state vector that covers the editor's clock after that edit. Every editor keeps its document
across reconnects: on connecting it sends sync step 1, and answers the server's step 1 with step 2 — every edit of its
own the server lacks, acknowledged or not.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import websockets
from bench_studio import read_var_uint, state_vector, var_bytes, var_uint
from pycrdt import Array, Doc, Map

SYNC, AWARENESS, ACK, NOTICE = 0, 1, 100, 101
CLOSE_NEW_GENERATION = 4409
"""The map's document was rebuilt (``journeymap.web.realtime_protocol``): start a new document."""
STEP1, STEP2, UPDATE = 0, 1, 2
CARD_LANES = {"actions", "thoughts", "feelings", "pain-points", "desired-outcomes", "custom", "backstage", "frontstage"}
PREFIX = "soak-"


@dataclass
class Tally:
    """Everything the editors did and saw (one event loop: no locks)."""

    sent: dict[str, float] = field(default_factory=dict)
    """token → when it was first sent (or made, when offline)"""
    sent_on: dict[str, Any] = field(default_factory=dict)
    """token → the connection it was first sent on (None: made offline)"""
    map_of: dict[str, int] = field(default_factory=dict)
    clock_of: dict[str, tuple[int, int]] = field(default_factory=dict)
    """token → (the sender's client id, its clock after the edit)"""
    acked: set[str] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)
    """send → ack on the same connection, seconds"""
    acked_after_reconnect: int = 0
    relays: list[tuple[float, Any, Any]] = field(default_factory=list)
    """(seconds from send to arrival, sender's connection, receiver's connection), the sender's still open"""
    relays_after_resend: int = 0
    refused: list[str] = field(default_factory=list)
    comments: dict[str, int] = field(default_factory=dict)
    """comment body token → map id (created: answered 201)"""
    comment_failures: list[str] = field(default_factory=list)
    comment_notices: int = 0
    presence_sent: int = 0
    presence_seen: int = 0
    connects: int = 0
    reconnects: int = 0
    drops: int = 0
    """connections the editors dropped on purpose"""
    retypes: int = 0
    """card texts overwritten (not checked one by one: the maps' convergence is)"""
    restarts: int = 0
    """connections closed because the map's document was rebuilt (4409): the editor started a new document"""
    reapplied: int = 0
    """unacknowledged cards made again on the new document after a restart (as the front end does)"""
    lost_connections: int = 0
    """connections that ended without the editor asking (a killed worker, …)"""
    connect_failures: list[str] = field(default_factory=list)
    close_codes: dict[str, int] = field(default_factory=dict)
    """close code and reason (as the client saw them) → connections"""
    loop_lag: list[float] = field(default_factory=list)
    """how late this process's event loop woke up (seconds): the clients' own delay in the latencies"""


class Connection:
    """One websocket of an editor: the host it went to and (once resolved) the process that serves it."""

    count = 0

    def __init__(self, ws: Any, host: int) -> None:
        Connection.count += 1
        self.seq, self.ws, self.host = Connection.count, ws, host
        self.local_port: int = ws.local_address[1]
        self.worker: int | None = None
        """pid of the server process holding the other end (found from /proc by the harness)"""
        self.synced = asyncio.Event()
        self.open = True
        self.opened = self.last_received = time.perf_counter()
        self.received = 0


class Editor:
    """One person editing one map: a document, a connection (re-opened after every drop), and what is in flight."""

    def __init__(self, index: int, map_id: int, hosts: list[str], cookie: str, tally: Tally, seed: int) -> None:
        self.index, self.map_id, self.hosts, self.cookie, self.tally = index, map_id, hosts, cookie, tally
        self.rng = random.Random(seed)
        self.doc: Doc[Any] = Doc()
        self.root: Map[Any] = self.doc.get("map", type=Map)
        self.pending: deque[tuple[int, str, float, Connection | None]] = deque()
        self.acked_clock = 0
        self.conn: Connection | None = None
        self.reader: asyncio.Task[None] | None = None
        self.edits = 0
        self.relaying = False
        self.root.observe_deep(self._arrived)
        self.presence_clock = 0
        self.restart = False
        """The server said the map's document was rebuilt: start a new document before reconnecting."""
        self.retypes = 0
        self.made: dict[str, tuple[str, str]] = {}
        """token → (lane id, step id) of each card made, to make it again after a restart"""

    # -- connection ---------------------------------------------------------------------------------------------

    async def connect(self, timeout: float = 30) -> bool:
        """Open a websocket to a random host and sync; whether it worked."""
        host = self.rng.randrange(len(self.hosts))
        base = self.hosts[host]
        url = base.replace("http://", "ws://") + f"/api/realtime/map-{self.map_id}"
        headers = {"Cookie": self.cookie, "Origin": base}
        try:
            ws = await websockets.connect(
                url, additional_headers=headers, max_size=None, open_timeout=timeout, ping_timeout=60
            )
        except (TimeoutError, OSError, websockets.WebSocketException) as error:
            self.tally.connect_failures.append(f"{type(error).__name__}: {error}")
            return False
        conn = Connection(ws, host)
        self.conn = conn
        self.reader = asyncio.create_task(self._read(conn))
        try:
            await ws.send(bytes([SYNC, STEP1]) + var_bytes(self.doc.get_state()))
            await asyncio.wait_for(conn.synced.wait(), timeout)
        except (TimeoutError, websockets.ConnectionClosed) as error:
            self.tally.connect_failures.append(f"sync: {type(error).__name__}")
            await self.drop(counted=False)
            return False
        self.tally.connects += 1
        return True

    async def drop(self, counted: bool = True) -> None:
        """Close the connection (as a tab that loses the network or is reloaded)."""
        conn, self.conn = self.conn, None
        if conn is None:
            return
        conn.open = False
        self.tally.drops += counted
        with contextlib.suppress(OSError, websockets.WebSocketException, asyncio.TimeoutError):
            await asyncio.wait_for(conn.ws.close(), 5)
        if self.reader is not None:
            self.reader.cancel()

    async def ensure_connected(self, stop: Callable[[], bool]) -> None:
        """Reconnect (with a short random back-off) until connected or ``stop()``."""
        while (self.conn is None or not self.conn.open) and not stop():
            if self.conn is not None:
                self.conn = None
            unacked = self._new_document() if self.restart else []
            if await self.connect():
                await self._make_again(unacked)
                return
            await asyncio.sleep(self.rng.uniform(0.2, 1.5))

    def _new_document(self) -> list[str]:
        """After a restart (4409): a new, empty document; the tokens of the cards not acknowledged."""
        self.restart = False
        self.tally.restarts += 1
        unacked = [token for _, token, _, _ in self.pending]
        self.pending.clear()
        self.acked_clock = 0
        self.doc = Doc()
        self.root = self.doc.get("map", type=Map)
        self.root.observe_deep(self._arrived)
        return unacked

    async def _make_again(self, tokens: list[str]) -> None:
        """Make the unacknowledged cards again on the new document (those it does not hold already)."""
        held = set(self.card_ids())
        for token in tokens:
            if token not in held:
                lane_id, step = self.made[token]
                await self.edit(token, lane_id, step)
                self.tally.reapplied += 1

    async def _read(self, conn: Connection) -> None:
        try:
            async for message in conn.ws:
                if isinstance(message, bytes):
                    await self._handle(conn, message)
        except websockets.ConnectionClosed:
            pass
        finally:
            if conn.open:  # not closed by us
                conn.open = False
                self.tally.lost_connections += 1
            self.restart = self.restart or conn.ws.close_code == CLOSE_NEW_GENERATION
            code = f"{conn.ws.close_code} {conn.ws.close_reason or ''}".strip()
            self.tally.close_codes[code] = self.tally.close_codes.get(code, 0) + 1

    async def _handle(self, conn: Connection, message: bytes) -> None:
        conn.received += 1
        conn.last_received = time.perf_counter()
        kind, i = read_var_uint(message, 0)
        if kind == SYNC:
            step = message[i]
            length, j = read_var_uint(message, i + 1)
            payload = message[j : j + length]
            if step == STEP1:  # the server's state vector: send every edit of ours it lacks
                await conn.ws.send(bytes([SYNC, STEP2]) + var_bytes(self.doc.get_update(payload)))
            else:
                self.relaying = step == UPDATE
                try:
                    self.doc.apply_update(payload)
                finally:
                    self.relaying = False
                if step == STEP2:
                    conn.synced.set()
        elif kind == ACK:
            length, j = read_var_uint(message, i)
            self._acked(conn, state_vector(message[j : j + length]).get(self.doc.client_id, 0))
        elif kind == NOTICE:
            length, j = read_var_uint(message, i)
            notice = json.loads(message[j : j + length])
            if notice.get("kind") == "refused":
                self.tally.refused.append(str(notice.get("reason")))
            elif notice.get("kind") == "comments":
                self.tally.comment_notices += 1
        elif kind == AWARENESS:
            self.tally.presence_seen += 1

    def _acked(self, conn: Connection, clock: int) -> None:
        self.acked_clock = max(self.acked_clock, clock)
        now = time.perf_counter()
        while self.pending and self.pending[0][0] <= self.acked_clock:
            _, token, sent, sent_on = self.pending.popleft()
            self.tally.acked.add(token)
            if sent_on is conn:
                self.tally.latencies.append(now - sent)
            else:
                self.tally.acked_after_reconnect += 1

    def _arrived(self, events: list[Any]) -> None:
        """A card another editor made arrived in a relayed update: the relay's latency."""
        if not self.relaying:
            return
        now = time.perf_counter()
        for event in events:
            delta = getattr(event, "delta", None)
            if not isinstance(delta, list):
                continue
            for part in delta:
                for item in part.get("insert", []) if isinstance(part, dict) else []:
                    token = item.get("id") if isinstance(item, Map) else None
                    if isinstance(token, str) and token in self.tally.sent:
                        sender = self.tally.sent_on.get(token)
                        if sender is None or not sender.open:  # sent again after a reconnect: not a relay's time
                            self.tally.relays_after_resend += 1
                        else:
                            self.tally.relays.append((now - self.tally.sent[token], sender, self.conn))

    # -- what the person does -----------------------------------------------------------------------------------

    async def edit(self, again: str | None = None, lane_id: str = "", step: str = "") -> None:
        """Insert a card with a unique token into a lane that holds cards, at one of the map's steps (or make card
        ``again`` once more, in its lane at its step)."""
        lanes = [lane for lane in self.root.get("lanes", []) if lane.get("kind", "custom") in CARD_LANES]
        steps = [s["id"] for stage in self.root.get("stages", []) for s in stage.get("steps", []) if s.get("id")]
        if not lanes or not steps:
            return
        if again is None:
            self.edits += 1
            token = f"{PREFIX}{self.index:04d}-{self.edits:05d}"
            lane = self.rng.choice(lanes)
            step = self.rng.choice(steps)
            self.made[token] = (str(lane.get("id")), step)
        else:
            token = again
            lane = next((lane for lane in lanes if lane.get("id") == lane_id), lanes[0])
        before = self.doc.get_state()
        card = Map({"id": token, "step": step, "text": f"Soak card {token}"})
        cards = lane.get("cards")
        with self.doc.transaction():
            if isinstance(cards, Array):
                cards.append(card)
            else:
                lane["cards"] = Array([card])
        update = self.doc.get_update(before)
        clock = state_vector(self.doc.get_state()).get(self.doc.client_id, 0)
        conn = self.conn if self.conn is not None and self.conn.open else None
        if again is None:
            self.tally.sent[token], self.tally.sent_on[token], self.tally.map_of[token] = (
                time.perf_counter(),
                conn,
                self.map_id,
            )
        self.tally.clock_of[token] = (self.doc.client_id, clock)
        self.pending.append((clock, token, time.perf_counter(), conn))
        if conn is not None:
            # when the connection is gone, sync step 2 on the next one sends it again
            with contextlib.suppress(websockets.ConnectionClosed):
                await conn.ws.send(bytes([SYNC, UPDATE]) + var_bytes(update))

    async def retype(self) -> bool:
        """Overwrite the text of one of this editor's cards (each value overwritten stays in the document's history:
        enough of these make the studio rebuild the document, a new generation); whether there was one."""
        mine = [
            card
            for lane in self.root.get("lanes", [])
            if isinstance(lane.get("cards"), Array)
            for card in lane["cards"]
            if isinstance(card, Map) and card.get("id") in self.made
        ]
        if not mine:
            return False
        card = self.rng.choice(mine)
        self.retypes += 1
        before = self.doc.get_state()
        with self.doc.transaction():
            card["text"] = f"Soak card {card['id']} (retyped {self.retypes})"
        update = self.doc.get_update(before)
        conn = self.conn if self.conn is not None and self.conn.open else None
        self.tally.retypes += 1
        if conn is not None:
            with contextlib.suppress(websockets.ConnectionClosed):
                await conn.ws.send(bytes([SYNC, UPDATE]) + var_bytes(update))
        return True

    async def presence(self) -> None:
        """Move the cursor (an awareness update)."""
        conn = self.conn
        if conn is None or not conn.open:
            return
        self.presence_clock += 1
        state = json.dumps({"user": {"name": f"Editor {self.index}"}, "cursor": self.rng.randrange(1000)}).encode()
        body = var_uint(1) + var_uint(self.doc.client_id) + var_uint(self.presence_clock) + var_bytes(state)
        try:
            await conn.ws.send(bytes([AWARENESS]) + var_bytes(body))
            self.tally.presence_sent += 1
        except websockets.ConnectionClosed:
            pass

    def card_ids(self) -> list[str]:
        return card_ids(self.root.to_py() or {})

    def unacked(self) -> int:
        return len(self.pending)


def card_ids(data: dict[str, Any]) -> list[str]:
    """The soak tokens (card ids) of a map's data, with repeats."""
    return [
        card["id"]
        for lane in data.get("lanes", []) or []
        for card in lane.get("cards", []) or []
        if isinstance(card, dict) and str(card.get("id", "")).startswith(PREFIX)
    ]
