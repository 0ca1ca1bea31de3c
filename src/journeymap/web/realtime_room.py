"""A room of :mod:`.realtime`: one map's live document, its connections (each with its queue of messages to send)
and the changes waiting for their commit."""

from __future__ import annotations

import itertools
import logging
import time
from collections import deque
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio
from pycrdt import TransactionEvent, merge_updates

from .realtime_protocol import CLOSE_GOING_AWAY, EMPTY_UPDATE, text_only
from .ydoc import YDoc, doc_data, encode_state, new_doc, root

logger = logging.getLogger("journeymap.web.realtime")  # one logger for the whole of co-editing

SEND_QUEUE = 4096
"""Messages waiting for a slow client; past this the client is disconnected (it resyncs when it comes back)."""
REMOTE_PRESENCE_SECONDS = 60.0
"""A presence relayed from another process and not renewed for this long is not shown to newcomers (its process
may have died without saying goodbye; clients renew their presence every 15 s)."""


class Socket(Protocol):
    """The part of a Starlette ``WebSocket`` a room uses (already accepted)."""

    async def receive(self) -> MutableMapping[str, Any]: ...

    async def send_bytes(self, data: bytes) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


_connection_ids = itertools.count(1)


@dataclass(eq=False)
class Connection:
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

    def finish(self, code: int, reason: str | None = None) -> None:
        """End the connection once the messages queued are sent; the socket is then closed with ``code``."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        self.end()

    def stop(self, code: int, reason: str | None = None) -> None:
        """End the connection: the socket is closed with ``code`` by the task serving it."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        self.end()
        if self.scope is not None:
            self.scope.cancel()


@dataclass(eq=False)
class Pending:
    """A change waiting for its commit (or, with ``change`` None, an answer waiting for the changes before it)."""

    change: bytes | None
    user_id: int | None
    sender: Connection | None
    replies: list[bytes]
    """Sent to ``sender`` once every change up to this one is committed (its ack, or a sync step 2)."""
    wake: anyio.Event = field(default_factory=anyio.Event)
    settled: bool = False
    error: BaseException | None = None


class Room:
    """One map's live document, the connections editing it, and the changes waiting for their commit."""

    def __init__(self, map_id: int, doc: YDoc, *, pending: int = 0, generation: int = 0) -> None:
        self.map_id = map_id
        self.doc = doc
        self.generation = generation
        """The generation of the map's document ``doc`` belongs to (see :mod:`journeymap.store.updates`)."""
        self.retired: frozenset[int] = frozenset()
        """The CRDT client ids of the map's older generations: a client whose document holds one holds old history."""
        self.lock = anyio.Lock()
        self.connections: list[Connection] = []
        self.uncompacted = pending
        self.last_seq: int | None = None
        self.queue: list[Pending] = []
        """Applied to ``doc``, not yet committed, in order (the batch being committed is not in it)."""
        self.committing = False
        self.failed: BaseException | None = None
        """Why the store refused a batch: the room is closed and takes no more changes."""
        self._changes: list[bytes] = []
        self._subscription = doc.observe(self._collect)
        self.shadow: YDoc | None = None
        """A copy of ``doc`` on which an editor's update is tried first (when the manager checks changes); None
        when it must be made again (after a change that did not go through it)."""
        # with other processes on the same store (see :mod:`.realtime_remote`)
        self.cursor = 0
        """Every update of the log up to this sequence number is in ``doc``."""
        self.own: set[int] = set()
        """Sequence numbers above ``cursor`` of this process's own commits (already in ``doc``)."""
        self.remote_presence: dict[int, tuple[int, str, float]] = {}
        """Presence of clients connected to other processes: client id → (clock, state JSON, when received)."""
        self.used = time.monotonic()
        """When the room was last asked for (rooms idle for long are closed)."""
        self.catching = False
        self.again = False
        self.waiting_since: float | None = None
        """When the oldest notice of another process's commit not yet applied was sent (for the relay's lag)."""

    @property
    def quiet(self) -> bool:
        """Whether every change applied to the document is committed."""
        return not self.queue and not self.committing

    def _collect(self, event: TransactionEvent) -> None:
        if event.update != EMPTY_UPDATE:
            self._changes.append(event.update)

    def take_changes(self) -> bytes | None:
        """The update made by the transactions since the last call (None when nothing changed)."""
        changes, self._changes = self._changes, []
        if not changes:
            return None
        return changes[0] if len(changes) == 1 else merge_updates(*changes)

    def others(self, connection: Connection | None) -> list[Connection]:
        return [other for other in self.connections if other is not connection]

    def presence(self, exclude: Connection | None = None) -> dict[int, tuple[int, str]]:
        fresh = time.monotonic() - REMOTE_PRESENCE_SECONDS
        states: dict[int, tuple[int, str]] = {
            cid: (clock, state) for cid, (clock, state, at) in self.remote_presence.items() if at >= fresh
        }
        for other in self.others(exclude):
            states.update({cid: entry for cid, entry in other.awareness.items() if entry[1] != "null"})
        return states


def merge_changes(updates: list[bytes]) -> bytes:
    return updates[0] if len(updates) == 1 else merge_updates(*updates)


async def refusal(room: Room, update: bytes, check: Callable[[dict[str, Any]], str | None]) -> str | None:
    """Why ``update`` may not be applied to the room's document (under the room lock), or None. The update is
    applied to the room's shadow copy first; a change of more than a field's text is checked by ``check`` on the
    data it makes."""
    if update == EMPTY_UPDATE:
        return None
    if room.shadow is None:
        room.shadow = new_doc()
        room.shadow.apply_update(encode_state(room.doc))
    shadow = room.shadow
    events: list[Any] = []
    top = root(shadow)
    # a Python function, not the builtin ``events.extend``: pycrdt reads the callback's signature on every
    # subscription, and a builtin's is parsed from its text (about half the server's time per edit, measured)
    subscription = top.observe_deep(lambda batch: events.extend(batch))
    try:
        shadow.apply_update(update)
    except ValueError:
        room.shadow = None
        return None  # not an update: the manager refuses it as a protocol error
    finally:
        top.unobserve(subscription)
    if not events or all(text_only(event) for event in events):
        return None
    # the map's JSON is read in the worker thread too (tens of milliseconds for a large map, off the event loop):
    # nothing else touches the shadow while the room's lock is held
    reason = await anyio.to_thread.run_sync(lambda: check(doc_data(shadow)))
    if reason is not None:
        room.shadow = None  # it holds the refused change: made again from the document next time
    return reason
