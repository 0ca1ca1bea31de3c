"""The clients of ``bench_studio.py``: a y-websocket client with a pycrdt document (connect and sync, edit and wait
for the ack, see others' edits arrive), and the bare peer's client.

Only *observers* apply the updates the server relays (and time when each edit arrives): the others read and drop
them. The server sends the same bytes either way; a client that applied every relay of 100 others would spend the
benchmark's CPU (on a 2-core machine, the server's) on work a browser does on its own machine.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from pycrdt import Doc, Map

SYNC, AWARENESS, ACK = 0, 1, 100
STEP1, STEP2, UPDATE = 0, 1, 2


def var_uint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_var_uint(data: bytes, i: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return n, i


def var_bytes(data: bytes) -> bytes:
    return var_uint(len(data)) + data


def state_vector(vector: bytes) -> dict[int, int]:
    """``{client id: clock}`` from an encoded state vector."""
    count, i = read_var_uint(vector, 0)
    clocks: dict[int, int] = {}
    for _ in range(count):
        client, i = read_var_uint(vector, i)
        clocks[client], i = read_var_uint(vector, i)
    return clocks


@dataclass
class Sends:
    """Every edit sent in a run: per client id, (clock after the edit, when it was sent, the server it went to);
    the observers' delays from a send to its arrival (``relay``: at a client of another server process, when the run
    has several; ``local``: of the same one)."""

    edits: dict[int, list[tuple[int, float, int]]] = field(default_factory=dict)
    relay: list[float] = field(default_factory=list)
    local: list[float] = field(default_factory=list)


class Client:
    """A y-websocket client with a pycrdt document: connects, syncs, edits and waits for acks."""

    def __init__(self, url: str, cookie: str, origin: str, sends: Sends, server: int = 0, observer: bool = False):
        self.url, self.cookie, self.origin, self.server = url, cookie, origin, server
        self.sends, self.observer = sends, observer  # an observer applies the relays and times them
        self.seen: dict[int, int] = {}  # per sender: how many of its edits arrived
        self.doc: Doc = Doc()
        self.acks: asyncio.Queue[bytes] = asyncio.Queue()

    async def open(self) -> float:
        """Connect and receive the whole map; returns the seconds until it arrived (as the bare GET's clock stops
        when its bytes arrived: decoding, here applying the update to the document, is the client's work)."""
        start = time.perf_counter()
        self.ws = await websockets.connect(
            self.url, additional_headers={"Cookie": self.cookie, "Origin": self.origin}, max_size=None
        )
        await self.ws.send(bytes([SYNC, STEP1]) + var_bytes(self.doc.get_state()))
        while True:
            message = await self.ws.recv()
            assert isinstance(message, bytes)
            if message[0] == SYNC and message[1] == STEP2:
                elapsed = time.perf_counter() - start
                length, i = read_var_uint(message, 2)
                self.doc.apply_update(message[i : i + length])
                self.reader = asyncio.create_task(self._read())
                return elapsed
            if message[0] == SYNC and message[1] == STEP1:
                await self.ws.send(bytes([SYNC, STEP2]) + var_bytes(self.doc.get_update()))

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                assert isinstance(message, bytes)
                kind, i = read_var_uint(message, 0)
                if kind == ACK:
                    await self.acks.put(message[i:])
                elif kind == SYNC and message[1] in (STEP2, UPDATE) and self.observer:
                    length, j = read_var_uint(message, 2)
                    self.doc.apply_update(message[j : j + length])
                    self._arrived(time.perf_counter())
        except websockets.ConnectionClosed:
            pass

    def _arrived(self, now: float) -> None:
        clocks = state_vector(self.doc.get_state())
        for sender, sent in self.sends.edits.items():
            if sender == self.doc.client_id:
                continue
            n = self.seen.get(sender, 0)
            while n < len(sent) and sent[n][0] <= clocks.get(sender, 0):
                _, at, server = sent[n]
                (self.sends.local if server == self.server else self.sends.relay).append(now - at)
                n += 1
            self.seen[sender] = n

    def skip_seen(self) -> None:
        """Count every edit sent so far as seen (an observer that joins late does not time them)."""
        self.seen = {sender: len(sent) for sender, sent in self.sends.edits.items()}

    async def edit(self, step: int, text: str) -> float:
        """Change one step's description; returns seconds from sending the update to its ack."""
        before = self.doc.get_state()
        root = self.doc.get("map", type=Map)
        with self.doc.transaction():
            steps = root["stages"][0]["steps"]
            steps[step % len(steps)]["description"] = text
        update = self.doc.get_update(before)
        clock = state_vector(self.doc.get_state()).get(self.doc.client_id, 0)
        start = time.perf_counter()
        self.sends.edits.setdefault(self.doc.client_id, []).append((clock, start, self.server))
        await self.ws.send(bytes([SYNC, UPDATE]) + var_bytes(update))
        # the ack of THIS edit: one whose state vector covers the edit (an ack of the sync step 2 sent on
        # connection may still be queued; taking any ack would time the previous edit instead)
        while True:
            ack = await self.acks.get()
            length, i = read_var_uint(ack, 0)
            if state_vector(ack[i : i + length]).get(self.doc.client_id, 0) >= clock:
                return time.perf_counter() - start

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


class BareClient:
    """The peer: the same bytes to a bare websocket endpoint that inserts a row and acks."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def open(self) -> None:
        self.ws = await websockets.connect(self.url, max_size=None)

    async def edit(self, payload: bytes) -> float:
        start = time.perf_counter()
        await self.ws.send(payload)
        await self.ws.recv()
        return time.perf_counter() - start

    async def close(self) -> None:
        await self.ws.close()
