"""The relay between studio processes that share one store.

A studio process alone on its store (SQLite, or PostgreSQL with one process) needs no relay: :class:`LocalRelay`.
Several processes on one PostgreSQL store (``serve --workers N``, or several hosts) each run a
:class:`PostgresRelay`: it LISTENs on the store's channel (:mod:`journeymap.store.notify`) and hands every message
of the other processes to the rooms (:mod:`.realtime_remote`), and it sends this process's presence and notices.
Edits need no sending: their commit notifies, in the same transaction (:class:`journeymap.store.updates.
StoreUpdateLog`), and the receiving processes read the updates from the log — so a message lost on the way (the
listening connection dropped) costs only a delay: on reconnecting, and every few seconds anyway, each process
catches up its open rooms from the log.

Messages are JSON objects with a kind ``k``: ``u`` (updates committed: map ``m``, last sequence number ``s``), ``a``
(presence: map, base64 awareness update ``p``), ``n`` (notice to a map's clients), ``user`` (notice to a user's
connections), ``drop`` (a map's room closed: deleted or moved to the trash), ``forget`` (sessions or share links
revoked); ``o`` names the sending process (a process ignores its own), ``t`` the time it was sent.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import anyio

from ..store import notify

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger("journeymap.web.relay")

OnMessage = Callable[[dict[str, Any]], None]
OnConnect = Callable[[], Awaitable[None]]


class LocalRelay:
    """One process on its store: nothing to relay."""

    mode = "single process"

    def __init__(self) -> None:
        self.origin = uuid.uuid4().hex[:12]
        self.connected_at: float | None = time.monotonic()

    @property
    def active(self) -> bool:
        """Whether other processes may share the store (and messages go to them)."""
        return False

    @property
    def ready(self) -> bool:
        return True

    def publish(self, message: Mapping[str, Any]) -> None:
        """Send a message to the other processes (none here)."""

    async def run(self, on_message: OnMessage, on_connect: OnConnect) -> None:
        """Until cancelled: nothing to listen to."""
        await anyio.sleep_forever()


class PostgresRelay(LocalRelay):
    """LISTEN/NOTIFY on the store's PostgreSQL: one connection listens, one sends (in order, packed)."""

    mode = "postgresql"

    def __init__(self, store: Store, *, retry_seconds: float = 1.0) -> None:
        super().__init__()
        self.store = store
        self.retry_seconds = retry_seconds
        self.connected_at = None
        self._outbox: deque[str] = deque()
        self._wake = anyio.Event()
        self.dropped = 0
        """Messages not sent (too big, or sent while the relay was down)."""

    @property
    def active(self) -> bool:
        return True

    @property
    def ready(self) -> bool:
        return self.connected_at is not None

    def publish(self, message: Mapping[str, Any]) -> None:
        """Queue a message for the other processes (a message over PostgreSQL's payload limit is left out)."""
        payload = json.dumps({**message, "o": self.origin, "t": time.time()}, separators=(",", ":"))
        if len(payload.encode()) > notify.MAX_PAYLOAD:
            self.dropped += 1
            log.warning("relay: a %s message of %d bytes is too big to relay", message.get("k"), len(payload))
            return
        if not self.ready:
            self.dropped += 1
            return
        self._outbox.append(payload)
        self._wake.set()

    async def run(self, on_message: OnMessage, on_connect: OnConnect) -> None:
        """Listen and send until cancelled; a failed connection is made again (after ``retry_seconds``, doubling
        up to 30 s), then ``on_connect`` catches up what was missed."""
        delay = self.retry_seconds
        while True:
            try:
                await self._session(on_message, on_connect)
            except Exception as exc:  # the database went away: try again
                log.warning("relay: connection to the store lost (%s); retrying in %.1f s", _cause(exc), delay)
            finally:
                was_connected, self.connected_at = self.connected_at is not None, None
            delay = self.retry_seconds if was_connected else delay
            await anyio.sleep(delay)
            delay = min(delay * 2, 30.0)

    async def _session(self, on_message: OnMessage, on_connect: OnConnect) -> None:
        opened: list[Any] = []
        try:
            listener = await notify.connect(self.store)
            opened.append(listener)
            sender = await notify.connect(self.store)
            opened.append(sender)
            await notify.start_listening(listener)  # before catching up: nothing committed after it is missed
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(self._listen, listener, on_message)
                self._outbox.clear()
                self.connected_at = time.monotonic()
                log.info("relay: listening for the other studio processes (%s)", self.origin)
                tasks.start_soon(self._send, sender)
                await on_connect()
        finally:
            with anyio.CancelScope(shield=True):
                for connection in opened:
                    try:
                        await connection.close()
                    except Exception:  # already broken
                        log.debug("relay: closing a connection failed", exc_info=True)

    async def _listen(self, listener: Any, on_message: OnMessage) -> None:
        async for payload in notify.notices(listener):
            try:
                message = json.loads(payload)
            except ValueError:
                log.warning("relay: a message that is not JSON was ignored")
                continue
            if isinstance(message, dict) and message.get("o") != self.origin:
                try:
                    on_message(message)
                except Exception:
                    log.exception("relay: handling a %s message failed", message.get("k"))
        raise ConnectionError("the listening connection ended")

    async def _send(self, sender: Any) -> None:
        while True:
            await self._wake.wait()
            self._wake = anyio.Event()
            while self._outbox:
                batch = [self._outbox.popleft() for _ in range(min(len(self._outbox), 50))]
                await notify.send(sender, batch)


def _cause(error: BaseException) -> str:
    """What went wrong, as a line: the first error inside task groups' exception groups, with its type."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return f"{type(error).__name__}: {error}"
