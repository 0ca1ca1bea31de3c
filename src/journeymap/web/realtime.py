"""Real-time co-editing: one CRDT room per map, speaking the y-websocket protocol.

Every map being edited has a :class:`Room`: a pycrdt document, the connections editing it, and a lock. Messages are
handled one at a time per room, in this order:

* sync step 1 from a client → the server answers with sync step 2 (what the client is missing); on connect the
  server also sends its own step 1, so the client answers with its (offline) edits;
* sync step 2 or update → applied to the room's document; when the document changed, the change is appended to the
  :class:`UpdateLog` (committed) and only **then** the sender gets the ack (message type 100 holding the server's
  state vector) and the other connections get the update. The client shows "saved" when an ack covers its clock,
  so an acknowledged edit is durable;
* group commit: the room lock is held only while an update is applied, never through the store. Each change is
  queued with the state vector taken right after it was applied; one task at a time (the *leader*, the first whose
  change is queued when no commit runs) appends everything queued in ONE transaction
  (:meth:`UpdateLog.append_many`), then acks each sender with the vector recorded for its change (which covers
  only changes queued before it, hence committed) and relays the batch to the others, and hands the lead to the
  first change queued meanwhile. Changes are committed, acked and relayed in the order they were applied; a batch
  the store refuses acks nobody and closes the room (1011). Answers that show the document (sync step 2) wait for
  the changes before them to commit, so nothing uncommitted leaves the server;
* awareness (presence) → relayed to the other connections; the last state per connection is kept for newcomers and
  its removal is broadcast when the connection closes;
* a **read-only** connection (a viewer, a commenter, a share-link visitor) is told so on joining (a *notice*,
  message type 101 holding JSON); an update from it that would change the document is never applied, stored or
  relayed: it gets a ``refused`` notice instead. Notices also tell clients that a map's comments changed and that a
  user was mentioned (``notify_map``, ``notify_user``).

The store implements :class:`UpdateLog` (blocking calls, run in a worker thread); :class:`MemoryUpdateLog` keeps
everything in memory (tests, throw-away demos).
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import json
import logging
import math
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio
from pycrdt import Decoder, TransactionEvent, YMessageType, YSyncMessageType, merge_updates, write_var_uint

from ..errors import JourneymapError
from .ydoc import YDoc, doc_data, encode_state, new_doc, reconcile, root, state_vector

__all__ = [
    "ACK",
    "MAX_MESSAGE_BYTES",
    "NOTICE",
    "MemoryUpdateLog",
    "PersistError",
    "Room",
    "RoomManager",
    "Socket",
    "UpdateLog",
    "ack_message",
    "awareness_message",
    "notice_message",
    "sync_step1_message",
    "sync_step2_message",
    "update_message",
]

logger = logging.getLogger(__name__)

ACK = 100
"""Message type of the ack: a var-length ``Uint8Array`` holding the server's state vector after a commit."""
NOTICE = 101
"""Message type of a notice: a var-length string holding a JSON object with a ``kind`` (docs/studio.md)."""
QUERY_AWARENESS = 3
"""y-websocket's ``messageQueryAwareness``: the client asks for every known presence."""
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
"""Larger messages are refused (close code 1009)."""
SEND_QUEUE = 4096
"""Messages waiting for a slow client; past this the client is disconnected (it resyncs when it comes back)."""
_EMPTY_UPDATE = b"\x00\x00"
READ_ONLY_REASON = "your role lets you read this map, not edit it: your changes are not saved or shared"

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_PROTOCOL_ERROR = 1002
CLOSE_UNSUPPORTED = 1003
CLOSE_TOO_BIG = 1009
CLOSE_SERVER_ERROR = 1011

OnChange = Callable[[int, int | None], Awaitable[None] | None]
Check = Callable[[dict[str, Any]], str | None]
"""Why a document's data may not be committed (a located reason), or None: the studio's check of a map."""
OnIdle = Callable[[int], Awaitable[None] | None]


class UpdateLog(Protocol):
    """Where the updates of each map's document are kept (the store implements it; the calls block)."""

    def load(self, map_id: int) -> tuple[bytes | None, list[bytes]]:
        """The compacted state (or None) and the updates appended after it, in order."""
        ...

    def append(self, map_id: int, update: bytes, user_id: int | None) -> int:
        """Commit one update durably; returns its sequence number (increasing per map)."""
        ...

    def append_many(self, map_id: int, updates: list[tuple[bytes, int | None]]) -> list[int]:
        """Commit ``[(update, user id), …]`` durably in one transaction, all or none; their sequence numbers, in
        order."""
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

    def append_many(self, map_id: int, updates: list[tuple[bytes, int | None]]) -> list[int]:
        with self._lock:
            seqs = [next(self._seq) for _ in updates]
            for seq, (update, user_id) in zip(seqs, updates, strict=True):
                self.entries.setdefault(map_id, []).append(_Entry(seq, update, user_id))
                self.appended.append((map_id, seq, update))
            return seqs

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


def notice_message(notice: Mapping[str, Any]) -> bytes:
    """``[101, JSON]``: a notice to the client (read-only, refused, comments, inbox)."""
    return write_var_uint(NOTICE) + _var_bytes(json.dumps(dict(notice), separators=(",", ":")).encode())


def would_change(doc: YDoc, update: bytes) -> bool:
    """Whether applying ``update`` would change ``doc`` (tried on a copy; ``doc`` is left as it is)."""
    if update == _EMPTY_UPDATE:
        return False
    scratch = new_doc()
    scratch.apply_update(encode_state(doc))
    changes: list[bytes] = []
    subscription = scratch.observe(
        lambda event: changes.append(event.update) if event.update != _EMPTY_UPDATE else None
    )
    try:
        scratch.apply_update(update)
    finally:
        scratch.unobserve(subscription)
    return bool(changes)


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


class ProtocolError(JourneymapError, ValueError):
    """A message that does not follow the y-websocket protocol (a ``ValueError`` too: the socket loop refuses every
    malformed message, the decoder's own included, in one ``except ValueError``)."""


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
    read_only: bool = False
    """Updates from this connection are refused (viewers, commenters, share-link visitors)."""
    sees_presence: bool = True
    """Whether the others' presence (their names) is sent to it; not to a share-link visitor."""
    id: int = field(default_factory=lambda: next(_connection_ids))
    awareness: dict[int, tuple[int, str]] = field(default_factory=dict)
    scope: anyio.CancelScope | None = None
    close_code: int | None = None
    close_reason: str | None = None
    done: anyio.Event = field(default_factory=anyio.Event)
    outbox: deque[bytes | None] = field(default_factory=deque)
    """The messages to send, in order; None stands for the pending relays, merged."""
    relays: list[bytes] = field(default_factory=list)
    """Others' changes not yet sent: the writer sends them merged into one update message."""
    closed: bool = False
    """No more messages are queued (the connection is ending)."""
    wakeup: anyio.Event | None = None
    """Set when the writer, waiting for messages, has some."""

    @property
    def user_id(self) -> int | None:
        value = self.user.get("id")
        return value if isinstance(value, int) else None

    def put(self, message: bytes | None) -> None:
        """Queue a message; a connection that cannot keep up (or is gone) is closed, the room goes on."""
        if self.closed:
            return
        if len(self.outbox) >= SEND_QUEUE:
            logger.warning("realtime: connection %s is too slow, closing it", self.id)
            self.stop(CLOSE_GOING_AWAY)
            return
        self.outbox.append(message)
        if self.wakeup is not None:
            self.wakeup.set()

    def relay(self, update: bytes) -> None:
        """Queue others' change; changes piling up while the socket is busy are sent merged, as one update."""
        if self.closed:
            return
        if len(self.relays) >= SEND_QUEUE:
            logger.warning("realtime: connection %s is too slow, closing it", self.id)
            self.stop(CLOSE_GOING_AWAY)
            return
        self.relays.append(update)
        if len(self.relays) == 1:
            self.put(None)  # where the merged changes take their place among the other messages

    def end(self) -> None:
        """Queue no more messages; the writer stops once it has sent those queued."""
        self.closed = True
        if self.wakeup is not None:
            self.wakeup.set()

    def stop(self, code: int, reason: str | None = None) -> None:
        """End the connection: the socket is closed with ``code`` by the task serving it."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        self.end()
        if self.scope is not None:
            self.scope.cancel()


@dataclass(eq=False)
class _Pending:
    """A change waiting for its commit (or, with ``change`` None, an answer waiting for the changes before it)."""

    change: bytes | None
    user_id: int | None
    sender: _Connection | None
    replies: list[bytes]
    """Sent to ``sender`` once every change up to this one is committed (its ack, or a sync step 2)."""
    wake: anyio.Event = field(default_factory=anyio.Event)
    settled: bool = False
    error: BaseException | None = None


class Room:
    """One map's live document, the connections editing it, and the changes waiting for their commit."""

    def __init__(self, map_id: int, doc: YDoc, *, pending: int = 0) -> None:
        self.map_id = map_id
        self.doc = doc
        self.lock = anyio.Lock()
        self.connections: list[_Connection] = []
        self.uncompacted = pending
        self.last_seq: int | None = None
        self.queue: list[_Pending] = []
        """Applied to ``doc``, not yet committed, in order (the batch being committed is not in it)."""
        self.committing = False
        self.failed: BaseException | None = None
        """Why the store refused a batch: the room is closed and takes no more changes."""
        self._changes: list[bytes] = []
        self._subscription = doc.observe(self._collect)
        self.shadow: YDoc | None = None
        """A copy of ``doc`` on which an editor's update is tried first (when the manager checks changes); None
        when it must be made again (after a change that did not go through it)."""

    @property
    def quiet(self) -> bool:
        """Whether every change applied to the document is committed."""
        return not self.queue and not self.committing

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
        check: Check | None = None,
    ) -> None:
        self.log = log
        self.check = check
        """Tried (in a worker thread) on the document an editor's update would make, when the update changes more
        than the text of a field: a reason refuses the update (the editor gets a ``refused`` notice)."""
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
                    room.last_seq = await anyio.to_thread.run_sync(self.log.append, map_id, encode_state(doc), None)
                    room.uncompacted = 1
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

        Raises ``TypeError`` when ``data`` is not JSON, :class:`PersistError` when the store refused the change.
        """
        room = await self.room(map_id)
        async with room.lock:
            reconcile(room.doc, data)
            room.shadow = None
            change = room.take_changes()
            if change is None:
                return False
            entry = self._submit(room, change, user_id, None, [])
        await self._settle(room, entry)
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

    def notify_map(self, map_id: int, notice: Mapping[str, Any]) -> None:
        """Send a notice to every connection of the map's room (when it is open)."""
        room = self.rooms.get(map_id)
        if room is not None:
            message = notice_message(notice)
            for connection in room.connections:
                connection.put(message)

    def notify_user(self, user_id: int, notice: Mapping[str, Any]) -> None:
        """Send a notice to every connection of the user, on any map."""
        message = notice_message(notice)
        for room in self.rooms.values():
            for connection in room.connections:
                if connection.user_id == user_id:
                    connection.put(message)

    def disconnect(self, predicate: Callable[[Mapping[str, Any]], bool], code: int = 4403) -> int:
        """Close every connection whose user mapping matches (a revoked session or share link, a removed member);
        how many."""
        closed = 0
        for room in list(self.rooms.values()):
            for connection in list(room.connections):
                if predicate(connection.user):
                    connection.stop(code, "access revoked")
                    closed += 1
        return closed

    async def serve(
        self,
        websocket: Socket,
        map_id: int,
        user: Mapping[str, Any],
        *,
        read_only: bool = False,
        role: str = "",
        sees_presence: bool = True,
    ) -> None:
        """Run one (accepted, authenticated) connection to the map's room until it closes; a ``read_only`` one is
        told so, and its updates are refused; one that does not ``sees_presence`` is sent nobody's presence."""
        room = await self.room(map_id)
        connection = _Connection(websocket, user, read_only, sees_presence)
        try:
            async with anyio.create_task_group() as tasks:
                connection.scope = tasks.cancel_scope
                tasks.start_soon(self._write, connection)
                async with room.lock:
                    room.connections.append(connection)
                    connection.put(sync_step1_message(room.doc))
                    if read_only:
                        connection.put(notice_message({"kind": "read-only", "role": role, "reason": READ_ONLY_REASON}))
                    presence = room.presence(exclude=connection)
                    if presence and sees_presence:
                        connection.put(awareness_message(presence))
                await self._read(room, connection)
                tasks.cancel_scope.cancel()
        finally:
            with anyio.CancelScope(shield=True):
                connection.end()
                if connection.close_code is not None:
                    with contextlib.suppress(Exception):  # the peer may already be gone
                        await websocket.close(connection.close_code, connection.close_reason)
                await self._leave(room, connection)
                connection.done.set()

    async def _write(self, connection: _Connection) -> None:
        try:
            outbox = connection.outbox
            while True:
                while outbox:
                    message = outbox.popleft()
                    if message is None:
                        relays, connection.relays = connection.relays, []
                        message = update_message(_merge(relays))
                    await connection.socket.send_bytes(message)
                if connection.closed:
                    return
                connection.wakeup = anyio.Event()
                await connection.wakeup.wait()
                connection.wakeup = None
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
                    answer = sync_step2_message(room.doc.get_update(payload))
                    if room.quiet:
                        connection.put(answer)
                        return
                    entry = self._submit(room, None, None, connection, [answer])
                await self._settle(room, entry)
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
                    if other.sees_presence:
                        other.put(relay)
        elif kind == QUERY_AWARENESS:
            async with room.lock:
                presence = room.presence(exclude=connection)
                if presence and connection.sees_presence:
                    connection.put(awareness_message(presence))
        # other message types (auth, custom) are ignored, as y-websocket's server does

    async def _receive_update(self, room: Room, connection: _Connection, update: bytes) -> None:
        if connection.read_only:
            async with room.lock:
                changes = would_change(room.doc, update)
            if changes:
                logger.info("realtime: map %s, connection %s: update from a read-only connection refused",
                            room.map_id, connection.id)  # fmt: skip
                connection.put(notice_message({"kind": "refused", "reason": READ_ONLY_REASON}))
            return
        refused: ValueError | None = None
        async with room.lock:
            reason = await self._refusal(room, update) if self.check is not None else None
            if reason is not None:
                logger.info("realtime: map %s, connection %s: update refused: %s", room.map_id, connection.id, reason)
                connection.put(notice_message({"kind": "refused", "reason": reason}))
                return
            if update != _EMPTY_UPDATE:
                try:
                    room.doc.apply_update(update)
                except ValueError as exc:  # keep what was applied durable before refusing the message
                    refused = exc
            change = room.take_changes()
            ack = ack_message(state_vector(room.doc))
            if change is None and room.quiet:
                if refused is not None:
                    raise refused
                connection.put(ack)
                return
            entry = self._submit(room, change, connection.user_id, connection, [] if refused else [ack])
        await self._settle(room, entry)
        if refused is not None:
            raise refused
        if change is not None:
            await self._notify_change(room.map_id, connection.user_id)

    async def _refusal(self, room: Room, update: bytes) -> str | None:
        """Why ``update`` may not be applied to the room's document (under the room lock), or None. The update is
        applied to the room's shadow copy first; a change of more than a field's text is checked by
        :attr:`check` on the data it makes."""
        if update == _EMPTY_UPDATE or self.check is None:
            return None
        if room.shadow is None:
            room.shadow = new_doc()
            room.shadow.apply_update(encode_state(room.doc))
        shadow = room.shadow
        events: list[Any] = []
        top = root(shadow)
        subscription = top.observe_deep(events.extend)
        try:
            shadow.apply_update(update)
        except ValueError:
            room.shadow = None
            return None  # not an update: _receive_update refuses it as a protocol error
        finally:
            top.unobserve(subscription)
        if not events or all(_text_only(event) for event in events):
            return None
        reason = await anyio.to_thread.run_sync(self.check, doc_data(shadow))
        if reason is not None:
            room.shadow = None  # it holds the refused change: made again from the document next time
        return reason

    # -- group commit ---------------------------------------------------------------------------------------------

    def _submit(
        self, room: Room, change: bytes | None, user_id: int | None, sender: _Connection | None, replies: list[bytes]
    ) -> _Pending:
        """Queue a change just taken from the document (under the room lock, in the order of the document)."""
        if room.failed is not None:
            raise PersistError(f"could not save the change to map {room.map_id}: {room.failed}")
        entry = _Pending(change, user_id, sender, replies)
        room.queue.append(entry)
        return entry

    async def _settle(self, room: Room, entry: _Pending) -> None:
        """Wait until ``entry`` is committed (leading the commits when no one else does); raises
        :class:`PersistError` when its batch failed.

        Shielded: a change that reached the queue is committed, or refused, even when its connection is cancelled.
        """
        with anyio.CancelScope(shield=True):
            while not entry.settled:
                if room.committing:
                    entry.wake = anyio.Event()
                    await entry.wake.wait()  # set when settled, or when handed the lead
                    continue
                room.committing = True
                try:
                    await self._commit_batch(room)
                finally:
                    room.committing = False
                    if room.queue:
                        room.queue[0].wake.set()  # the next batch's leader
        if entry.error is not None:
            raise PersistError(f"could not save the change to map {room.map_id}: {entry.error}") from entry.error

    async def _commit_batch(self, room: Room) -> None:
        """Commit everything queued in one transaction, then send the acks, answers and relays, in order."""
        batch, room.queue = room.queue, []
        changes = [(entry.change, entry.user_id) for entry in batch if entry.change is not None]
        # the document now holds exactly what is committed plus this batch: the state to compact to, when due
        state = encode_state(room.doc) if changes and room.uncompacted + len(changes) >= self.compact_every else None
        try:
            if changes:
                seqs, compacted = await anyio.to_thread.run_sync(self._store_batch, room.map_id, changes, state)
                room.last_seq = seqs[-1]
                room.uncompacted = 0 if compacted else room.uncompacted + len(seqs)
        except BaseException as exc:
            self._fail(room, batch, exc)
            if not isinstance(exc, Exception):
                raise
            return
        self._deliver(room, batch)

    def _store_batch(
        self, map_id: int, changes: list[tuple[bytes, int | None]], state: bytes | None
    ) -> tuple[list[int], bool]:
        """In a worker thread: append the batch, then compact when ``state`` is given; whether it compacted (a
        failed compaction is only logged: the updates are still there)."""
        seqs = self.log.append_many(map_id, changes)
        if len(seqs) != len(changes):
            raise RuntimeError(f"the update log returned {len(seqs)} sequence numbers for {len(changes)} updates")
        if state is None:
            return seqs, False
        try:
            self.log.compact(map_id, state, seqs[-1])
        except Exception:  # compaction is an optimisation
            logger.exception("realtime: could not compact map %s", map_id)
            return seqs, False
        return seqs, True

    def _deliver(self, room: Room, batch: list[_Pending]) -> None:
        changed = [entry for entry in batch if entry.change is not None]
        senders = {entry.sender for entry in changed}
        for entry in batch:
            if entry.sender is not None:
                for reply in entry.replies:
                    entry.sender.put(reply)
            entry.settled = True
            entry.wake.set()
        if not changed:
            return
        # one merged update for everyone: a connection that sent one of the changes gets it back too (applying a
        # change one already has changes nothing), unless its changes are the batch's only ones
        try:
            merged = _merge([entry.change for entry in changed if entry.change])
        except Exception:  # the changes are committed and acked; the others get them when they next sync
            logger.exception("realtime: could not merge the changes of map %s to relay them", room.map_id)
            return
        alone = next(iter(senders)) if len(senders) == 1 else None
        for connection in room.connections:
            if connection is not alone:
                connection.relay(merged)

    def _fail(self, room: Room, batch: list[_Pending], exc: BaseException) -> None:
        """The store refused a batch: nobody queued is acked, the room is closed (its clients keep their edits and
        send them again to the room reloaded from the log)."""
        logger.error("realtime: could not persist changes of map %s; closing its room", room.map_id, exc_info=exc)
        room.failed = exc
        if self.rooms.get(room.map_id) is room:
            del self.rooms[room.map_id]
        for connection in list(room.connections):
            connection.stop(CLOSE_SERVER_ERROR, "could not save")
        waiting, room.queue = [*batch, *room.queue], []
        for entry in waiting:
            entry.error = exc
            entry.settled = True
            entry.wake.set()

    async def _leave(self, room: Room, connection: _Connection) -> None:
        connection.end()
        async with room.lock:
            if connection in room.connections:
                room.connections.remove(connection)
            gone = {cid: (clock + 1, "null") for cid, (clock, state) in connection.awareness.items() if state != "null"}
            if gone:
                for other in room.connections:
                    if other.sees_presence:
                        other.put(awareness_message(gone))
            idle = not room.connections
        if idle and self.on_idle is not None:
            await _call(self.on_idle, room.map_id)

    async def _notify_change(self, map_id: int, user_id: int | None) -> None:
        if self.on_change is not None:
            await _call(self.on_change, map_id, user_id)


TEXT_ONLY_CHARS = 10_000
"""A field's new text up to this long is a plain edit (not checked); longer, the whole map is checked."""


def _plain_value(value: Any) -> bool:
    """A value a plain field edit sets: text (not too long), a finite number, true/false, null."""
    if isinstance(value, str):
        return len(value) <= TEXT_ONLY_CHARS
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (bool, int))


def _text_only(event: Any) -> bool:
    """Whether a change event only sets plain values (text, numbers) of fields other than ids, where plain values
    were (what typing in a field does): no list, no object, no id changes shape."""
    keys = getattr(event, "keys", None)
    if not isinstance(keys, dict):
        return False  # a list changed: structure
    for key, change in keys.items():
        if key == "id" or change.get("action") not in ("add", "update"):
            return False
        if not _plain_value(change.get("newValue")):
            return False
        if change.get("action") == "update" and not _plain_value(change.get("oldValue")):
            return False
    return True


class PersistError(JourneymapError, RuntimeError):
    """The update log failed: the change was not saved (and the room was closed, to reload from the log). The API
    answers it as a server failure (500)."""


def _merge(updates: list[bytes]) -> bytes:
    return updates[0] if len(updates) == 1 else merge_updates(*updates)


async def _call(callback: Callable[..., Awaitable[None] | None], *args: Any) -> None:
    try:
        result = callback(*args)
        if inspect.isawaitable(result):
            await result
    except Exception:
        logger.exception("realtime: callback %r failed", callback)
