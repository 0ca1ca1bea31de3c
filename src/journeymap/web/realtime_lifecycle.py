"""Opening and closing :mod:`.realtime`'s rooms over a server's life: rooms idle for long are closed (they load
again from the log), and a stopping server drains (every change taken is committed and acked before the
connections close)."""

from __future__ import annotations

import time
from collections.abc import Callable

import anyio

from .realtime_protocol import CLOSE_RESTARTING, notice_message
from .realtime_room import Room

IDLE_SECONDS = 120.0
"""A room without connections that nobody used for this long is closed (its memory freed; it loads again)."""


class RoomLifecycle:
    """The part of :class:`.RoomManager` that closes idle rooms and drains them when the server stops."""

    rooms: dict[int, Room]
    draining: bool
    _count_live: Callable[[], None]
    """Implemented by the manager: publish the number of open rooms and connections to the metrics."""

    def _still_open(self, room: Room) -> bool:
        """Whether ``room`` is the map's room (put back when it was evicted and no other was loaded since)."""
        return self.rooms.setdefault(room.map_id, room) is room

    def evict_idle(self, idle_seconds: float = IDLE_SECONDS) -> int:
        """Forget the rooms nobody has used for ``idle_seconds`` (no connection, every change committed): they are
        loaded again from the log when next opened. How many."""
        now = time.monotonic()
        idle = [
            room
            for room in self.rooms.values()
            if not room.connections and room.quiet and not room.lock.locked() and now - room.used >= idle_seconds
        ]
        for room in idle:
            del self.rooms[room.map_id]
        if idle:
            self._count_live()
        return len(idle)

    async def drain(self, wait: float = 10.0) -> None:
        """Graceful shutdown: take no more changes (a change arriving now is neither applied nor acked: its client
        keeps it and sends it again once reconnected, here or to another process), wait up to ``wait`` seconds
        for every change taken to be committed and acked, then close every connection with 1012 (restarting)."""
        self.draining = True
        with anyio.move_on_after(wait):
            while any(not room.quiet or room.lock.locked() for room in self.rooms.values()):
                await anyio.sleep(0.01)
        for room in list(self.rooms.values()):
            for connection in list(room.connections):
                connection.put(notice_message({"kind": "restarting"}))
                connection.finish(CLOSE_RESTARTING, "the studio is restarting")
        with anyio.move_on_after(wait):
            for room in list(self.rooms.values()):
                for connection in list(room.connections):
                    await connection.done.wait()
