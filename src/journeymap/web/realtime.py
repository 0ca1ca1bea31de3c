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

The pieces: the protocol's messages in :mod:`.realtime_protocol`, rooms and connections in :mod:`.realtime_room`,
the group commit in :mod:`.realtime_commit`, the update logs in :mod:`.realtime_log`; this module has the
:class:`RoomManager` and re-exports their public names.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import anyio
from pycrdt import Decoder, YMessageType, YSyncMessageType

from ..store.updates import StaleGeneration
from . import metrics
from .realtime_commit import GroupCommit, refuse_generation, restart_connection
from .realtime_lifecycle import RoomLifecycle
from .realtime_log import MemoryUpdateLog, PersistError, UpdateLog
from .realtime_protocol import (
    ACK,
    CLOSE_GOING_AWAY,
    CLOSE_NORMAL,
    CLOSE_PROTOCOL_ERROR,
    CLOSE_RESTARTING,
    CLOSE_SERVER_ERROR,
    CLOSE_TOO_BIG,
    CLOSE_UNSUPPORTED,
    EMPTY_UPDATE,
    MAX_MESSAGE_BYTES,
    NOTICE,
    QUERY_AWARENESS,
    TEXT_ONLY_CHARS,
    ProtocolError,
    ack_message,
    awareness_message,
    notice_message,
    read_awareness,
    read_payload,
    sync_step1_message,
    sync_step2_message,
    update_message,
    var_bytes,
    would_change,
)
from .realtime_remote import RemoteRooms
from .realtime_room import SEND_QUEUE, Connection, Room, Socket, merge_changes, refusal
from .relay import LocalRelay
from .ydoc import doc_data, encode_state, new_doc, read_state_vector, reconcile, state_vector

__all__ = [
    "ACK",
    "CLOSE_GOING_AWAY",
    "CLOSE_NORMAL",
    "CLOSE_PROTOCOL_ERROR",
    "CLOSE_RESTARTING",
    "CLOSE_SERVER_ERROR",
    "CLOSE_TOO_BIG",
    "CLOSE_UNSUPPORTED",
    "MAX_MESSAGE_BYTES",
    "NOTICE",
    "QUERY_AWARENESS",
    "READ_ONLY_REASON",
    "SEND_QUEUE",
    "TEXT_ONLY_CHARS",
    "Check",
    "MemoryUpdateLog",
    "OnChange",
    "OnIdle",
    "PersistError",
    "ProtocolError",
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
    "would_change",
]

logger = logging.getLogger(__name__)  # the name every realtime_* module logs under

READ_ONLY_REASON = "your role lets you read this map, not edit it: your changes are not saved or shared"

OnChange = Callable[[int, int | None], Awaitable[None] | None]
Check = Callable[[dict[str, Any]], str | None]
"""Why a document's data may not be committed (a located reason), or None: the studio's check of a map."""
OnIdle = Callable[[int], Awaitable[None] | None]


class RoomManager(GroupCommit, RoomLifecycle, RemoteRooms):
    """The rooms of every map being edited, persisted through an :class:`UpdateLog`.

    ``on_change(map_id, user_id)`` is called after every persisted change, ``on_idle(map_id)`` when the last
    connection of a room closes; either may be a coroutine function. ``compact_every`` updates, the log is compacted
    into one state. With other processes on the same store, ``relay`` carries what they and this process do (see
    :mod:`.realtime_remote`; :meth:`run_relay` runs it) and ``on_message`` gets the messages the rooms do not
    handle themselves (revoked access).
    """

    def __init__(
        self,
        log: UpdateLog,
        *,
        on_change: OnChange | None = None,
        on_idle: OnIdle | None = None,
        compact_every: int = 100,
        check: Check | None = None,
        relay: LocalRelay | None = None,
        on_message: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.log = log
        self.relay = relay or LocalRelay()
        self.on_message = on_message
        self._tasks: anyio.abc.TaskGroup | None = None
        self.draining = False
        """The server is stopping: no more changes are taken (see :meth:`drain`)."""
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
            room.used = time.monotonic()
            return room
        lock = self._loading.setdefault(map_id, anyio.Lock())
        async with lock:
            room = self.rooms.get(map_id)
            if room is not None:
                return room
            tail = await anyio.to_thread.run_sync(self.log.read_after, map_id, 0)
            state, updates = tail.state, [update for _, update in tail.updates]
            if state is None and not updates:
                doc = new_doc(initial)
                room = Room(map_id, doc, generation=tail.generation)
                if initial is not None:
                    room.last_seq = await anyio.to_thread.run_sync(self.log.append, map_id, encode_state(doc), None)
                    room.uncompacted = 1
            else:
                doc = new_doc()
                with doc.transaction():
                    for update in [state, *updates]:
                        if update is not None:
                            doc.apply_update(update)
                room = Room(map_id, doc, pending=len(updates), generation=tail.generation)
            room.take_changes()
            room.cursor, room.retired = tail.last, tail.retired
            self.rooms[map_id] = room
            self._loading.pop(map_id, None)
            self._count_live()
            self.catch_up_soon(room)  # what was committed while it loaded
            return room

    async def data(self, map_id: int) -> dict[str, Any]:
        """The map's current JSON."""
        room = await self.room(map_id)
        async with room.lock:
            return doc_data(room.doc)

    async def apply_json(self, map_id: int, data: Mapping[str, Any], user_id: int | None) -> bool:
        """Change the live document to ``data`` (fewest changes), persist, broadcast; whether anything changed.

        Raises ``TypeError`` when ``data`` is not JSON, :class:`PersistError` when the store refused the change.
        When the map's document was rebuilt meanwhile (a new generation), it is tried again on the new one.
        """
        attempt = 1
        while True:
            room = await self.room(map_id)
            while not self._still_open(room):  # evicted while idle, between the two lines above: take the new one
                room = await self.room(map_id)
            async with room.lock:
                reconcile(room.doc, data)
                room.shadow = None
                change = room.take_changes()
                if change is None:
                    return False
                entry = self._submit(room, change, user_id, None, [])
            try:
                await self._settle(room, entry)
            except PersistError:
                if not isinstance(room.failed, StaleGeneration) or attempt == 3:
                    raise
                attempt += 1
                continue
            await self._notify_change(map_id, user_id)
            return True
        return False  # not reached: the last attempt returns or raises

    async def drop(self, map_id: int, code: int = CLOSE_GOING_AWAY, *, wait: float = 5.0) -> None:
        """Close the map's connections (waiting up to ``wait`` seconds) and forget its room (e.g. map deleted), in
        every process."""
        self.publish({"k": "drop", "m": map_id})
        await self._drop_here(map_id, code, wait=wait)

    async def _drop_here(self, map_id: int, code: int = CLOSE_GOING_AWAY, *, wait: float = 5.0) -> None:
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
            await self._drop_here(map_id)

    # -- connections ----------------------------------------------------------------------------------------------

    def notify_map(self, map_id: int, notice: Mapping[str, Any]) -> None:
        """Send a notice to every connection of the map's room, in every process."""
        self.publish({"k": "n", "m": map_id, "n": dict(notice)})
        self._notify_map_here(map_id, notice)

    def notify_user(self, user_id: int, notice: Mapping[str, Any]) -> None:
        """Send a notice to every connection of the user, on any map, in every process."""
        self.publish({"k": "user", "u": user_id, "n": dict(notice)})
        self._notify_user_here(user_id, notice)

    def _notify_map_here(self, map_id: int, notice: Mapping[str, Any]) -> None:
        room = self.rooms.get(map_id)
        if room is not None:
            message = notice_message(notice)
            for connection in room.connections:
                connection.put(message)

    def _notify_user_here(self, user_id: int, notice: Mapping[str, Any]) -> None:
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
        generation: int | None = None,
        announce: bool = False,
    ) -> None:
        """Run one (accepted, authenticated) connection to the map's room until it closes; a ``read_only`` one is
        told so, and its updates are refused; one that does not ``sees_presence`` is sent nobody's presence. A
        client of an older ``generation`` (or whose sync step 1 names a client of one) is sent a ``restart`` notice
        and closed (4409) before anything is merged; ``announce``: tell the client the generation it joins."""
        room = await self.room(map_id)
        if generation is not None and generation != room.generation:
            await refuse_generation(websocket, room.generation)
            return
        connection = Connection(websocket, user, read_only, sees_presence)
        try:
            async with anyio.create_task_group() as tasks:
                connection.scope = tasks.cancel_scope
                tasks.start_soon(self._write, connection)
                async with room.lock:
                    if not self._still_open(room):
                        connection.stop(CLOSE_RESTARTING, "the map's room was closed: reconnect")
                    room.connections.append(connection)
                    self._count_live()
                    if announce:
                        connection.put(notice_message({"kind": "generation", "generation": room.generation}))
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

    async def _write(self, connection: Connection) -> None:
        try:
            outbox = connection.outbox
            while True:
                while outbox:
                    message = outbox.popleft()
                    if message is None:
                        relays, connection.relays = connection.relays, []
                        message = update_message(merge_changes(relays))
                    await connection.socket.send_bytes(message)
                if connection.closed:
                    if connection.close_code is not None and connection.scope is not None:
                        connection.scope.cancel()  # finished: the socket is closed with its code
                    return
                connection.wakeup = anyio.Event()
                await connection.wakeup.wait()
                connection.wakeup = None
        except Exception as exc:  # the peer went away: end this connection, not the room
            logger.debug("realtime: send to connection %s failed: %s", connection.id, exc)
            connection.stop(CLOSE_GOING_AWAY)

    async def _read(self, room: Room, connection: Connection) -> None:
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

    async def _handle(self, room: Room, connection: Connection, data: bytes) -> None:
        decoder = Decoder(data)
        kind = decoder.read_var_uint()
        if kind == YMessageType.SYNC:
            step = decoder.read_var_uint()
            payload = read_payload(decoder)
            if step == YSyncMessageType.SYNC_STEP1:
                if room.retired and not room.retired.isdisjoint(read_state_vector(payload)):
                    restart_connection(connection, room.generation)  # its document holds an older generation
                    return
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
            payload = read_payload(decoder)
            states = read_awareness(payload)
            async with room.lock:
                connection.awareness.update(states)
                relay = bytes([YMessageType.AWARENESS]) + var_bytes(payload)
                for other in room.others(connection):
                    if other.sees_presence:
                        other.put(relay)
            self.publish_presence(room, payload)
        elif kind == QUERY_AWARENESS:
            async with room.lock:
                presence = room.presence(exclude=connection)
                if presence and connection.sees_presence:
                    connection.put(awareness_message(presence))
        # other message types (auth, custom) are ignored, as y-websocket's server does

    async def _receive_update(self, room: Room, connection: Connection, update: bytes) -> None:
        if connection.read_only:
            async with room.lock:
                changes = would_change(room.doc, update)
            if changes:
                logger.info("realtime: map %s, connection %s: update from a read-only connection refused",
                            room.map_id, connection.id)  # fmt: skip
                connection.put(notice_message({"kind": "refused", "reason": READ_ONLY_REASON}))
            return
        refused: ValueError | None = None
        if self.draining:
            return  # not applied, not acked: the client sends it again once reconnected
        async with room.lock:
            reason = await self._refusal(room, update) if self.check is not None else None
            if self.draining:
                return  # the server began to stop during the check: not applied, not acked
            if reason is not None:
                logger.info("realtime: map %s, connection %s: update refused: %s", room.map_id, connection.id, reason)
                connection.put(notice_message({"kind": "refused", "reason": reason}))
                return
            if update != EMPTY_UPDATE:
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
        """Why ``update`` may not be applied to the room's document (under the room lock), or None."""
        return None if self.check is None else await refusal(room, update, self.check)

    # -- group commit ---------------------------------------------------------------------------------------------

    async def _leave(self, room: Room, connection: Connection) -> None:
        connection.end()
        async with room.lock:
            if connection in room.connections:
                room.connections.remove(connection)
            gone = {cid: (clock + 1, "null") for cid, (clock, state) in connection.awareness.items() if state != "null"}
            if gone:
                for other in room.connections:
                    if other.sees_presence:
                        other.put(awareness_message(gone))
                self.publish_gone(room, gone)
            idle = not room.connections
        self._count_live()
        if idle and self.on_idle is not None:
            await _call(self.on_idle, room.map_id)

    def _count_live(self) -> None:
        metrics.set_live(len(self.rooms), sum(len(room.connections) for room in self.rooms.values()))

    async def _notify_change(self, map_id: int, user_id: int | None) -> None:
        if self.on_change is not None:
            await _call(self.on_change, map_id, user_id)


async def _call(callback: Callable[..., Awaitable[None] | None], *args: Any) -> None:
    try:
        result = callback(*args)
        if inspect.isawaitable(result):
            await result
    except Exception:
        logger.exception("realtime: callback %r failed", callback)
