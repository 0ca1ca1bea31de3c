"""PostgreSQL's LISTEN/NOTIFY for the studio's processes: the channel every process listens on, a listener that
yields the payloads sent on it (reconnecting is the caller's loop), and sending payloads.

Several studio processes (uvicorn workers, or several hosts) share one PostgreSQL store. A commit to a map's update
log sends a notice on :data:`CHANNEL` in the same transaction (:class:`.repo.StoreUpdateLog`), so PostgreSQL
delivers it only once the updates are durable, in commit order, to every process listening. Presence, comment
notices, closed maps and revoked sessions travel on the same channel (sent by :class:`Publisher`). No broker of
our own: PostgreSQL already is one, and a payload stays under its 8,000-byte limit (:data:`MAX_PAYLOAD`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    import psycopg

    from .db import Store

CHANNEL = "journeymap_studio"
MAX_PAYLOAD = 7_900
"""PostgreSQL refuses a payload of 8,000 bytes or more."""


def libpq_url(store: Store) -> str:
    """The store's URL as libpq takes it (without SQLAlchemy's ``+psycopg``)."""
    return make_url(store.url).set(drivername="postgresql").render_as_string(hide_password=False)


def ping(store: Store) -> None:
    """Raise when the store does not answer (a blocking call: run it in a worker thread)."""
    with store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


async def connect(store: Store) -> psycopg.AsyncConnection[tuple[object, ...]]:
    """A connection of its own (autocommit) for listening or sending notices."""
    import psycopg

    return await psycopg.AsyncConnection.connect(libpq_url(store), autocommit=True, connect_timeout=10)


async def start_listening(connection: psycopg.AsyncConnection[tuple[object, ...]]) -> None:
    """Listen on :data:`CHANNEL` from now on (what arrives before :func:`notices` is read is kept for it)."""
    await connection.execute(f"LISTEN {CHANNEL}")


async def notices(connection: psycopg.AsyncConnection[tuple[object, ...]]) -> AsyncIterator[str]:
    """Each payload received on a listening connection, until the connection fails (the error is raised)."""
    async for notice in connection.notifies():
        yield notice.payload


async def send(connection: psycopg.AsyncConnection[tuple[object, ...]], payloads: list[str]) -> None:
    """Send payloads on :data:`CHANNEL`, in order, in one round trip."""
    if not payloads:
        return
    placeholders = ", ".join("pg_notify(%s, %s)" for _ in payloads)
    args: list[str] = []
    for payload in payloads:
        args += [CHANNEL, payload]
    await connection.execute(f"SELECT {placeholders}", args)
