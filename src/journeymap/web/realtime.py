"""Real-time co-editing: one CRDT room per map, speaking the y-websocket protocol.

Every map being edited has a :class:`Room`: a pycrdt document, the connections editing it, and a lock. Messages are
handled one at a time per room, in this order:

* sync step 1 from a client → the server answers with sync step 2 (what the client is missing); on connect the
  server also sends its own step 1, so the client answers with its (offline) edits;
* sync step 2 or update → applied to the room's document; when the document changed, the change is appended to the
  :class:`UpdateLog` (committed) and only **then** the sender gets the ack (message type 100 holding the server's
  state vector) and the other connections get the update. The client shows "saved" when an ack covers its clock,
  so an acknowledged edit is durable;
* awareness (presence) → relayed to the other connections; the last state per connection is kept for newcomers and
  its removal is broadcast when the connection closes.

The store implements :class:`UpdateLog` (blocking calls, run in a worker thread); :class:`MemoryUpdateLog` keeps
everything in memory (tests, throw-away demos).
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import json
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from pycrdt import Decoder, TransactionEvent, YMessageType, YSyncMessageType, merge_updates, write_var_uint

from .ydoc import YDoc, doc_data, encode_state, new_doc, reconcile, state_vector

__all__ = [
    "ACK",
    "MAX_MESSAGE_BYTES",
    "MemoryUpdateLog",
    "PersistError",
    "Room",
    "RoomManager",
    "Socket",
    "UpdateLog",
    "ack_message",
    "awareness_message",
    "sync_step1_message",
    "sync_step2_message",
    "update_message",
]

logger = logging.getLogger(__name__)

ACK = 100
"""Message type of the ack: a var-length ``Uint8Array`` holding the server's state vector after a commit."""
QUERY_AWARENESS = 3
"""y-websocket's ``messageQueryAwareness``: the client asks for every known presence."""
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
"""Larger messages are refused (close code 1009)."""
SEND_QUEUE = 4096
"""Messages waiting for a slow client; past this the client is disconnected (it resyncs when it comes back)."""
_EMPTY_UPDATE = b"\x00\x00"

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_PROTOCOL_ERROR = 1002
CLOSE_UNSUPPORTED = 1003
CLOSE_TOO_BIG = 1009
CLOSE_SERVER_ERROR = 1011

OnChange = Callable[[int, int | None], Awaitable[None] | None]
OnIdle = Callable[[int], Awaitable[None] | None]


class UpdateLog(Protocol):
    """Where the updates of each map's document are kept (the store implements it; the calls block)."""

    def load(self, map_id: int) -> tuple[bytes | None, list[bytes]]:
        """The compacted state (or None) and the updates appended after it, in order."""
        ...

    def append(self, map_id: int, update: bytes, user_id: int | None) -> int:
        """Commit one update durably; returns its sequence number (increasing per map)."""
        ...

    def compact(self, map_id: int, state: bytes, upto_seq: int) -> None:
        """Replace the compacted state and every update with a sequence number ``<= upto_seq`` by ``state``."""
        ...


class Socket(Protocol):
    """The part of a Starlette ``WebSocket`` a room uses (already accepted)."""

    async def receive(self) -> MutableMapping[str, Any]: ...

    async def send_bytes(self, data: bytes) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


@dataclass
class _Entry:
    seq: int
    update: bytes
    user_id: int | None


class MemoryUpdateLog:
    """An :class:`UpdateLog` in memory (thread-safe); ``entries`` and ``states`` can be inspected."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self.entries: dict[int, list[_Entry]] = {}
        self.states: dict[int, tuple[bytes, int]] = {}
        self.appended: list[tuple[int, int, bytes]] = []
        """Every append ever made, as (map id, sequence number, update), compaction or not."""

    def load(self, map_id: int) -> tuple[bytes | None, list[bytes]]:
        with self._lock:
            state = self.states.get(map_id)
            return (state[0] if state else None), [entry.update for entry in self.entries.get(map_id, [])]

    def append(self, map_id: int, update: bytes, user_id: int | None) -> int:
        with self._lock:
            seq = next(self._seq)
            self.entries.setdefault(map_id, []).append(_Entry(seq, update, user_id))
            self.appended.append((map_id, seq, update))
            return seq

    def compact(self, map_id: int, state: bytes, upto_seq: int) -> None:
        with self._lock:
            self.states[map_id] = (state, upto_seq)
            self.entries[map_id] = [entry for entry in self.entries.get(map_id, []) if entry.seq > upto_seq]

    def users(self, map_id: int) -> list[int | None]:
        """Who made each update not yet compacted, in order."""
        with self._lock:
            return [entry.user_id for entry in self.entries.get(map_id, [])]


# -- messages -----------------------------------------------------------------------------------------------------


def _var_bytes(data: bytes) -> bytes:
    return write_var_uint(len(data)) + data


def sync_step1_message(doc: YDoc) -> bytes:
    """``[0, 0, state vector]``: what the document holds."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP1]) + _var_bytes(state_vector(doc))


def sync_step2_message(update: bytes) -> bytes:
    """``[0, 1, update]``: the answer to a step 1."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2]) + _var_bytes(update)


def update_message(update: bytes) -> bytes:
    """``[0, 2, update]``."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_UPDATE]) + _var_bytes(update)


def ack_message(vector: bytes) -> bytes:
    """``[100, state vector]``: everything the state vector covers is committed."""
    return write_var_uint(ACK) + _var_bytes(vector)


def awareness_message(states: Mapping[int, tuple[int, str]]) -> bytes:
    """``[1, awareness update]`` for ``{client id: (clock, state JSON)}`` (``"null"`` removes a client)."""
    body = [write_var_uint(len(states))]
    for client_id, (clock, state) in states.items():
        encoded = state.encode()
        body += [write_var_uint(client_id), write_var_uint(clock), write_var_uint(len(encoded)), encoded]
    return bytes([YMessageType.AWARENESS]) + _var_bytes(b"".join(body))


def _read_awareness(update: bytes) -> dict[int, tuple[int, str]]:
    decoder = Decoder(update)
    count = decoder.read_var_uint()
    states: dict[int, tuple[int, str]] = {}
    for _ in range(count):
        client_id = decoder.read_var_uint()
        clock = decoder.read_var_uint()
        state = decoder.read_var_string()
        json.loads(state)  # a presence that is not JSON is a protocol error
        states[client_id] = (clock, state)
    return states


class ProtocolError(ValueError):
    """A message that does not follow the y-websocket protocol."""


def _read_payload(decoder: Decoder) -> bytes:
    payload = decoder.read_message()
    if payload is None or decoder.length < 0:
        raise ProtocolError("message truncated")
    return payload


# -- rooms --------------------------------------------------------------------------------------------------------


_connection_ids = itertools.count(1)


@dataclass(eq=False)
class _Connection:
    socket: Socket
    user: Mapping[str, Any]
    send: MemoryObjectSendStream[bytes]
    receive: MemoryObjectReceiveStream[bytes]
    id: int = field(default_factory=lambda: next(_connection_ids))
    awareness: dict[int, tuple[int, str]] = field(default_factory=dict)
    scope: anyio.CancelScope | None = None
    close_code: int | None = None
    close_reason: str | None = None
    done: anyio.Event = field(default_factory=anyio.Event)

    @property
    def user_id(self) -> int | None:
        value = self.user.get("id")
        return value if isinstance(value, int) else None

    def put(self, message: bytes) -> None:
        """Queue a message; a connection that cannot keep up (or is gone) is closed, the room goes on."""
        try:
            self.send.send_nowait(message)
        except anyio.WouldBlock:
            logger.warning("realtime: connection %s is too slow, closing it", self.id)
            self.stop(CLOSE_GOING_AWAY)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass

    def stop(self, code: int, reason: str | None = None) -> None:
        """End the connection: the socket is closed with ``code`` by the task serving it."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        self.send.close()
        if self.scope is not None:
            self.scope.cancel()


class Room:
    """One map's live document and the connections editing it."""

    def __init__(self, map_id: int, doc: YDoc, *, pending: int = 0) -> None:
        self.map_id = map_id
        self.doc = doc
        self.lock = anyio.Lock()
        self.connections: list[_Connection] = []
        self.uncompacted = pending
        self.last_seq: int | None = None
        self._changes: list[bytes] = []
        self._subscription = doc.observe(self._collect)

    def _collect(self, event: TransactionEvent) -> None:
        if event.update != _EMPTY_UPDATE:
            self._changes.append(event.update)

    def take_changes(self) -> bytes | None:
        """The update made by the transactions since the last call (None when nothing changed)."""
        changes, self._changes = self._changes, []
        if not changes:
            return None
        return changes[0] if len(changes) == 1 else merge_updates(*changes)

    def others(self, connection: _Connection | None) -> list[_Connection]:
        return [other for other in self.connections if other is not connection]

    def presence(self, exclude: _Connection | None = None) -> dict[int, tuple[int, str]]:
        states: dict[int, tuple[int, str]] = {}
        for other in self.others(exclude):
            states.update({cid: entry for cid, entry in other.awareness.items() if entry[1] != "null"})
        return states


class RoomManager:
    """The rooms of every map being edited, persisted through an :class:`UpdateLog`.

    ``on_change(map_id, user_id)`` is called after every persisted change, ``on_idle(map_id)`` when the last
    connection of a room closes; either may be a coroutine function. ``compact_every`` updates, the log is compacted
    into one state.
    """

    def __init__(
        self,
        log: UpdateLog,
        *,
        on_change: OnChange | None = None,
        on_idle: OnIdle | None = None,
        compact_every: int = 500,
    ) -> None:
        self.log = log
        self.on_change = on_change
        self.on_idle = on_idle
        self.compact_every = compact_every
        self.rooms: dict[int, Room] = {}
        self._loading: dict[int, anyio.Lock] = {}

    # -- rooms ----------------------------------------------------------------------------------------------------

    async def room(self, map_id: int, initial: Mapping[str, Any] | None = None) -> Room:
        """The map's room, loaded from the log; a map with no updates yet starts from ``initial`` (persisted)."""
        room = self.rooms.get(map_id)
        if room is not None:
            return room
        lock = self._loading.setdefault(map_id, anyio.Lock())
        async with lock:
            room = self.rooms.get(map_id)
            if room is not None:
                return room
            state, updates = await anyio.to_thread.run_sync(self.log.load, map_id)
            if state is None and not updates:
                doc = new_doc(initial)
                room = Room(map_id, doc)
                if initial is not None:
                    await self._persist(room, encode_state(doc), None)
            else:
                doc = new_doc()
                with doc.transaction():
                    for update in [state, *updates]:
                        if update is not None:
                            doc.apply_update(update)
                room = Room(map_id, doc, pending=len(updates))
            room.take_changes()
            self.rooms[map_id] = room
            self._loading.pop(map_id, None)
            return room

    async def data(self, map_id: int) -> dict[str, Any]:
        """The map's current JSON."""
        room = await self.room(map_id)
        async with room.lock:
            return doc_data(room.doc)

    async def apply_json(self, map_id: int, data: Mapping[str, Any], user_id: int | None) -> bool:
        """Change the live document to ``data`` (fewest changes), persist, broadcast; whether anything changed.

        Raises ``TypeError`` when ``data`` is not JSON.
        """
        room = await self.room(map_id)
        async with room.lock:
            reconcile(room.doc, data)
            change = room.take_changes()
            if change is None:
                return False
            await self._commit(room, change, user_id)
            for connection in room.connections:
                connection.put(update_message(change))
        await self._notify_change(map_id, user_id)
        return True

    async def drop(self, map_id: int, code: int = CLOSE_GOING_AWAY, *, wait: float = 5.0) -> None:
        """Close the map's connections (waiting up to ``wait`` seconds) and forget its room (e.g. map deleted)."""
        room = self.rooms.pop(map_id, None)
        if room is None:
            return
        connections = list(room.connections)
        for connection in connections:
            connection.stop(code)
        with anyio.move_on_after(wait):
            for connection in connections:
                await connection.done.wait()

    async def close_all(self) -> None:
        """Close every connection (server shutdown)."""
        for map_id in list(self.rooms):
            await self.drop(map_id)

    # -- connections ----------------------------------------------------------------------------------------------

    async def serve(self, websocket: Socket, map_id: int, user: Mapping[str, Any]) -> None:
        """Run one (accepted, authenticated) connection to the map's room until it closes."""
        room = await self.room(map_id)
        send, receive = anyio.create_memory_object_stream[bytes](SEND_QUEUE)
        connection = _Connection(websocket, user, send, receive)
        try:
            async with anyio.create_task_group() as tasks:
                connection.scope = tasks.cancel_scope
                tasks.start_soon(self._write, connection)
                async with room.lock:
                    room.connections.append(connection)
                    connection.put(sync_step1_message(room.doc))
                    presence = room.presence(exclude=connection)
                    if presence:
                        connection.put(awareness_message(presence))
                await self._read(room, connection)
                tasks.cancel_scope.cancel()
        finally:
            with anyio.CancelScope(shield=True):
                send.close()
                if connection.close_code is not None:
                    with contextlib.suppress(Exception):  # the peer may already be gone
                        await websocket.close(connection.close_code, connection.close_reason)
                await self._leave(room, connection)
                connection.done.set()

    async def _write(self, connection: _Connection) -> None:
        try:
            async with connection.receive:
                async for message in connection.receive:
                    await connection.socket.send_bytes(message)
        except Exception as exc:  # the peer went away: end this connection, not the room
            logger.debug("realtime: send to connection %s failed: %s", connection.id, exc)
            connection.stop(CLOSE_GOING_AWAY)

    async def _read(self, room: Room, connection: _Connection) -> None:
        while True:
            try:
                message = await connection.socket.receive()
            except Exception:  # the socket is gone
                return
            if message.get("type") == "websocket.disconnect":
                return
            data = message.get("bytes")
            if data is None:
                connection.stop(CLOSE_UNSUPPORTED, "binary messages only")
                return
            if len(data) > MAX_MESSAGE_BYTES:
                connection.stop(CLOSE_TOO_BIG, "message too large")
                return
            try:
                await self._handle(room, connection, data)
            except PersistError:
                return
            except (ValueError, IndexError, RuntimeError) as exc:
                logger.info("realtime: map %s, connection %s: bad message: %s", room.map_id, connection.id, exc)
                connection.stop(CLOSE_PROTOCOL_ERROR, "bad message")
                return

    async def _handle(self, room: Room, connection: _Connection, data: bytes) -> None:
        decoder = Decoder(data)
        kind = decoder.read_var_uint()
        if kind == YMessageType.SYNC:
            step = decoder.read_var_uint()
            payload = _read_payload(decoder)
            if step == YSyncMessageType.SYNC_STEP1:
                async with room.lock:
                    connection.put(sync_step2_message(room.doc.get_update(payload)))
            elif step in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
                await self._receive_update(room, connection, payload)
            else:
                raise ProtocolError(f"unknown sync message {step}")
        elif kind == YMessageType.AWARENESS:
            payload = _read_payload(decoder)
            states = _read_awareness(payload)
            async with room.lock:
                connection.awareness.update(states)
                relay = bytes([YMessageType.AWARENESS]) + _var_bytes(payload)
                for other in room.others(connection):
                    other.put(relay)
        elif kind == QUERY_AWARENESS:
            async with room.lock:
                presence = room.presence(exclude=connection)
                if presence:
                    connection.put(awareness_message(presence))
        # other message types (auth, custom) are ignored, as y-websocket's server does

    async def _receive_update(self, room: Room, connection: _Connection, update: bytes) -> None:
        async with room.lock:
            if update != _EMPTY_UPDATE:
                try:
                    room.doc.apply_update(update)
                except ValueError:
                    change = room.take_changes()
                    if change is not None:  # keep what was applied durable before refusing the message
                        await self._commit(room, change, connection.user_id)
                    raise
            change = room.take_changes()
            if change is not None:
                await self._commit(room, change, connection.user_id)
            connection.put(ack_message(state_vector(room.doc)))
            if change is not None:
                relay = update_message(change)
                for other in room.others(connection):
                    other.put(relay)
        if change is not None:
            await self._notify_change(room.map_id, connection.user_id)

    async def _commit(self, room: Room, change: bytes, user_id: int | None) -> None:
        """Append under the room lock; when the store fails, the room is dropped (clients keep unacked edits)."""
        try:
            await self._persist(room, change, user_id)
        except Exception as exc:
            logger.exception("realtime: could not persist a change of map %s; closing its room", room.map_id)
            if self.rooms.get(room.map_id) is room:
                del self.rooms[room.map_id]
            for other in list(room.connections):
                other.stop(CLOSE_SERVER_ERROR, "could not save")
            raise PersistError(f"could not save the change to map {room.map_id}: {exc}") from exc

    async def _persist(self, room: Room, update: bytes, user_id: int | None) -> None:
        seq = await anyio.to_thread.run_sync(self.log.append, room.map_id, update, user_id)
        room.last_seq = seq
        room.uncompacted += 1
        if room.uncompacted >= self.compact_every:
            try:
                await anyio.to_thread.run_sync(self.log.compact, room.map_id, encode_state(room.doc), seq)
            except Exception:  # compaction is an optimisation: the updates are still there
                logger.exception("realtime: could not compact map %s", room.map_id)
            else:
                room.uncompacted = 0

    async def _leave(self, room: Room, connection: _Connection) -> None:
        connection.send.close()
        async with room.lock:
            if connection in room.connections:
                room.connections.remove(connection)
            gone = {cid: (clock + 1, "null") for cid, (clock, state) in connection.awareness.items() if state != "null"}
            if gone:
                for other in room.connections:
                    other.put(awareness_message(gone))
            idle = not room.connections
        if idle and self.on_idle is not None:
            await _call(self.on_idle, room.map_id)

    async def _notify_change(self, map_id: int, user_id: int | None) -> None:
        if self.on_change is not None:
            await _call(self.on_change, map_id, user_id)


class PersistError(RuntimeError):
    """The update log failed: the change was not saved (and the room was closed, to reload from the log)."""


async def _call(callback: Callable[..., Awaitable[None] | None], *args: Any) -> None:
    try:
        result = callback(*args)
        if inspect.isawaitable(result):
            await result
    except Exception:
        logger.exception("realtime: callback %r failed", callback)
