"""The rooms of :mod:`.realtime` when other processes serve the same store: what they commit reaches this process's
clients, and this process's presence and notices reach theirs (the transport is :mod:`.relay`).

* **Edits.** Another process's commit to a map notifies every process (after the commit). A process with that map's
  room open reads the log after the room's ``cursor`` (:meth:`UpdateLog.read_after`), skips its own commits, applies
  the rest to the document in one transaction and relays what changed — only what the document did not already
  hold, so each client gets each edit once, in the order of the log. Reads of one room never overlap (a notice
  arriving during a read asks for one more). A room just loaded, every room when the relay (re)connects, and every
  room every :data:`SWEEP_SECONDS` catch up too: a lost notice delays an edit, never loses it.
* **Presence** (awareness) is relayed as it comes, and kept per room for newcomers (:attr:`.Room.remote_presence`).
* **Notices, closed rooms, revoked access**: :meth:`notify_map`, :meth:`notify_user`, :meth:`drop` and
  ``disconnect`` of the manager act here and tell the other processes (:meth:`RemoteRooms.on_remote` there).
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
from pycrdt import YMessageType

from . import metrics
from .realtime_log import UpdateLog
from .realtime_protocol import awareness_update, read_awareness, var_bytes
from .realtime_room import Room
from .relay import LocalRelay

logger = logging.getLogger("journeymap.web.realtime")

SWEEP_SECONDS = 5.0
"""Every open room reads the log this often even without a notice."""
OWN_LIMIT = 256
"""A room that has committed this many updates of its own since it last read the log reads it (to move its
cursor past them)."""


class RemoteRooms:
    """The part of :class:`.RoomManager` that keeps its rooms in step with the other processes."""

    log: UpdateLog
    rooms: dict[int, Room]
    relay: LocalRelay
    on_message: Callable[[dict[str, Any]], None] | None
    _tasks: anyio.abc.TaskGroup | None

    async def run_relay(self) -> None:
        """Keep the rooms in step with the other processes until cancelled (for one process: close idle rooms)."""
        if not self.relay.active:
            while True:
                await anyio.sleep(SWEEP_SECONDS)
                self.evict_idle()
        async with anyio.create_task_group() as tasks:
            self._tasks = tasks
            try:
                tasks.start_soon(self._sweep)
                await self.relay.run(self.on_remote, self._caught_up_all)
            finally:
                self._tasks = None

    def publish(self, message: dict[str, Any]) -> None:
        if self.relay.active:
            self.relay.publish(message)

    # -- edits ----------------------------------------------------------------------------------------------------

    def catch_up_soon(self, room: Room, sent_at: float | None = None) -> None:
        """Read the log for the room in the background (now, or once the read under way is done)."""
        if sent_at is not None and room.waiting_since is None:
            room.waiting_since = sent_at
        if room.catching:
            room.again = True
            return
        if self._tasks is not None:
            room.catching = True
            self._tasks.start_soon(self._catch_up, room)

    async def _caught_up_all(self) -> None:
        for room in list(self.rooms.values()):
            self.catch_up_soon(room)

    async def _sweep(self) -> None:
        while True:
            await anyio.sleep(SWEEP_SECONDS)
            self.evict_idle()
            await self._caught_up_all()

    async def _catch_up(self, room: Room) -> None:
        try:
            while True:
                room.again = False
                tail = await anyio.to_thread.run_sync(self.log.read_after, room.map_id, room.cursor)
                await self._apply_tail(room, tail)
                if not room.again:
                    return
        except Exception:  # the store failed: the next notice or sweep tries again
            logger.exception("realtime: could not read the log of map %s", room.map_id)
        finally:
            room.catching = False

    async def _apply_tail(self, room: Room, tail: Any) -> None:
        async with room.lock:
            if self.rooms.get(room.map_id) is not room:
                return
            if tail.generation != room.generation:  # rebuilt by another process: its state is a new history
                self.restart_here(room, tail.generation)
                return
            parts = [] if tail.state is None else [tail.state]
            parts += [update for seq, update in tail.updates if seq not in room.own]
            if parts:
                try:
                    with room.doc.transaction():
                        for part in parts:
                            room.doc.apply_update(part)
                except ValueError:
                    logger.exception("realtime: an update of map %s in the log could not be applied", room.map_id)
            room.cursor = max(room.cursor, tail.last)
            room.own = {seq for seq in room.own if seq > room.cursor}
            change = room.take_changes()
            if change is not None:
                room.shadow = None
                for connection in room.connections:
                    connection.relay(change)
            if room.waiting_since is not None:
                metrics.observe_relay(max(0.0, time.time() - room.waiting_since))
                room.waiting_since = None

    def note_own(self, room: Room, seqs: list[int]) -> None:
        """This process committed ``seqs`` to the room's map (they are in its document)."""
        if not self.relay.active:
            room.cursor = seqs[-1]
            return
        room.own.update(seq for seq in seqs if seq > room.cursor)
        if len(room.own) >= OWN_LIMIT:
            self.catch_up_soon(room)

    # -- messages from the other processes ------------------------------------------------------------------------

    def on_remote(self, message: dict[str, Any]) -> None:
        """A message of another process (on the event loop's thread)."""
        kind = message.get("k")
        map_id = message.get("m")
        room = self.rooms.get(map_id) if isinstance(map_id, int) else None
        if kind == "u":
            if room is not None:
                sent = message.get("t")
                self.catch_up_soon(room, float(sent) if isinstance(sent, int | float) else None)
        elif kind == "a":
            if room is not None:
                self._remote_presence(room, str(message.get("p", "")))
        elif kind == "n" and isinstance(map_id, int):
            self._notify_map_here(map_id, message.get("n") or {})
        elif kind == "user" and isinstance(message.get("u"), int):
            self._notify_user_here(message["u"], message.get("n") or {})
        elif kind == "gen" and isinstance(message.get("g"), int):
            if room is not None and room.generation < message["g"]:
                self.restart_here(room, message["g"])
        elif kind == "drop" and isinstance(map_id, int):
            if self._tasks is not None:
                self._tasks.start_soon(self._drop_here, map_id)
        elif self.on_message is not None:
            self.on_message(message)

    def _remote_presence(self, room: Room, encoded: str) -> None:
        try:
            payload = base64.b64decode(encoded, validate=True)
            states = read_awareness(payload)
        except ValueError:
            logger.warning("realtime: a presence relayed for map %s could not be read", room.map_id)
            return
        now = time.monotonic()
        for client_id, (clock, state) in states.items():
            if state == "null":
                room.remote_presence.pop(client_id, None)
            else:
                room.remote_presence[client_id] = (clock, state, now)
        relay = bytes([YMessageType.AWARENESS]) + var_bytes(payload)
        for connection in room.connections:
            if connection.sees_presence:
                connection.put(relay)

    def publish_presence(self, room: Room, payload: bytes) -> None:
        """Tell the other processes about presence changed here."""
        if self.relay.active:
            self.relay.publish({"k": "a", "m": room.map_id, "p": base64.b64encode(payload).decode()})

    def publish_gone(self, room: Room, gone: dict[int, tuple[int, str]]) -> None:
        """Tell the other processes that these clients left."""
        if gone:
            self.publish_presence(room, awareness_update(gone))

    # implemented by the manager
    restart_here: Callable[[Room, int], None]
    evict_idle: Callable[[], int]
    _notify_map_here: Callable[[int, dict[str, Any]], None]
    _notify_user_here: Callable[[int, dict[str, Any]], None]
    _drop_here: Callable[[int], Coroutine[Any, Any, None]]
