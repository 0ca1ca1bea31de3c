"""Group commit of :mod:`.realtime`'s rooms: the changes applied to a room's document are appended to the
:class:`.UpdateLog` in batches, one transaction each, and only then acked to their senders and relayed to the others
(the module docstring of :mod:`.realtime` tells the whole order)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

import anyio

from ..store.updates import StaleGeneration
from . import metrics
from .realtime_log import PersistError, UpdateLog
from .realtime_protocol import CLOSE_NEW_GENERATION, CLOSE_SERVER_ERROR, notice_message
from .realtime_room import Connection, Pending, Room, Socket, merge_changes
from .ydoc import encode_state

logger = logging.getLogger("journeymap.web.realtime")  # one logger for the whole of co-editing

RESTART_REASON = "the map's history was compacted into a new document: it opens again, with your unsaved changes"


def restart_connection(connection: Connection, generation: int) -> None:
    """Tell the client its document belongs to an older generation (``restart`` notice), then close it (4409)."""
    connection.put(notice_message({"kind": "restart", "generation": generation, "reason": RESTART_REASON}))
    connection.finish(CLOSE_NEW_GENERATION, "new generation")


async def refuse_generation(websocket: Socket, generation: int) -> None:
    """Tell a client whose document belongs to an older generation to open the map again, and close."""
    notice = {"kind": "restart", "generation": generation, "reason": RESTART_REASON}
    with contextlib.suppress(Exception):  # the peer may already be gone
        await websocket.send_bytes(notice_message(notice))
        await websocket.close(CLOSE_NEW_GENERATION, "new generation")


class GroupCommit:
    """The commit side of :class:`.RoomManager`: queue a change, wait for its commit (leading the batch when no
    one else does), store, deliver or fail a batch."""

    log: UpdateLog
    compact_every: int
    rooms: dict[int, Room]
    note_own: Callable[[Room, list[int]], None]
    """Told the sequence numbers of each batch committed (:class:`.realtime_remote.RemoteRooms`)."""

    def _submit(
        self, room: Room, change: bytes | None, user_id: int | None, sender: Connection | None, replies: list[bytes]
    ) -> Pending:
        """Queue a change just taken from the document (under the room lock, in the order of the document)."""
        if room.failed is not None:
            raise PersistError(f"could not save the change to map {room.map_id}: {room.failed}")
        entry = Pending(change, user_id, sender, replies)
        room.queue.append(entry)
        return entry

    async def _settle(self, room: Room, entry: Pending) -> None:
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
        generation = None
        try:
            if changes:
                started = time.perf_counter()
                seqs, compacted, generation = await anyio.to_thread.run_sync(
                    self._store_batch, room.map_id, changes, state, room.generation
                )
                metrics.observe_commit(len(seqs), time.perf_counter() - started)
                room.last_seq = seqs[-1]
                self.note_own(room, seqs)
                room.uncompacted = 0 if compacted else room.uncompacted + len(seqs)
        except BaseException as exc:
            self._fail(room, batch, exc)
            if not isinstance(exc, Exception):
                raise
            return
        self._deliver(room, batch)
        if generation is not None:
            self.restart_here(room, generation)

    def _store_batch(
        self, map_id: int, changes: list[tuple[bytes, int | None]], state: bytes | None, generation: int
    ) -> tuple[list[int], bool, int | None]:
        """In a worker thread: append the batch (made on ``generation``), then compact when ``state`` is given;
        whether it compacted (a failed compaction is only logged: the updates are still there), and the new
        generation when the compaction rebuilt the document."""
        seqs = self.log.append_many(map_id, changes, generation)
        if len(seqs) != len(changes):
            raise RuntimeError(f"the update log returned {len(seqs)} sequence numbers for {len(changes)} updates")
        if state is None:
            return seqs, False, None
        try:
            rebuilt = self.log.compact(map_id, state, seqs[-1], generation)
        except Exception:  # compaction is an optimisation
            logger.exception("realtime: could not compact map %s", map_id)
            return seqs, False, None
        if rebuilt is not None:
            logger.info("realtime: map %s: the document was rebuilt (generation %s)", map_id, rebuilt)
        return seqs, True, rebuilt

    def _deliver(self, room: Room, batch: list[Pending]) -> None:
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
            merged = merge_changes([entry.change for entry in changed if entry.change])
        except Exception:  # the changes are committed and acked; the others get them when they next sync
            logger.exception("realtime: could not merge the changes of map %s to relay them", room.map_id)
            return
        alone = next(iter(senders)) if len(senders) == 1 else None
        for connection in room.connections:
            if connection is not alone:
                connection.relay(merged)

    def restart_here(self, room: Room, generation: int) -> None:
        """The map's document was rebuilt (generation ``generation``): close the room; its clients are told to open
        the map again with a new document (their changes not acked are re-applied by them, as data)."""
        if room.failed is None:
            room.failed = StaleGeneration(room.map_id, room.generation, generation)
        if self.rooms.get(room.map_id) is room:
            del self.rooms[room.map_id]
        for connection in list(room.connections):
            restart_connection(connection, generation)

    def _fail(self, room: Room, batch: list[Pending], exc: BaseException) -> None:
        """The store refused a batch: nobody queued is acked, the room is closed (its clients keep their edits and
        send them again to the room reloaded from the log; when the document was rebuilt meanwhile, they open the
        map again and re-apply them)."""
        if isinstance(exc, StaleGeneration):
            logger.info("realtime: map %s: %s; restarting its room", room.map_id, exc)
            self.restart_here(room, exc.current)
        else:
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
