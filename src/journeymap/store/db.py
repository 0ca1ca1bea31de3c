"""The store's engine: SQLite (a file, WAL mode) by default, PostgreSQL by URL; schema by Alembic migrations.

A studio on PostgreSQL may run as several processes (workers, hosts) on one database: a change that reads, checks
and writes back (a workspace file at a version, the feedback confirmations, the claim of a scheduled refresh) runs
inside :meth:`Store.exclusive`, one holder at a time across all of them. A SQLite store is served by one process,
so there a lock of the process is enough.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from ..errors import JourneymapError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(url: str) -> str:
    """Normalise a user's URL: ``postgresql://`` uses psycopg 3, a bare path means a SQLite file."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def backend_name(url: str) -> str | None:
    """The database engine a user's URL names (``sqlite``, ``postgresql``, …), or None when it is not a database
    URL (malformed, or a port that is not a number); nothing is opened."""
    try:
        return make_url(database_url(url)).get_backend_name()
    except (ArgumentError, ValueError):
        return None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; synchronous=NORMAL keeps every commit through a crash of the process.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def lock_key(name: str) -> int:
    """The PostgreSQL advisory lock key of ``name``: a signed 64-bit digest, the same in every process and host
    (Python's ``hash()`` of a string differs from one process to the next)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


_LOCAL_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()


def _local_lock(url: str, name: str) -> threading.Lock:
    """The lock of this process for ``name`` on the SQLite store ``url`` (one a name: the names are few, a
    workspace's or a schedule's, and kept for the process's life)."""
    with _LOCAL_GUARD:
        return _LOCAL_LOCKS.setdefault((url, name), threading.Lock())


class Store:
    """One database: an engine, a session factory and the migrations."""

    def __init__(self, url: str) -> None:
        self.url = database_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url, connect_args={"check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        elif self.dialect == "postgresql":
            self.engine = create_engine(self.url, pool_size=20, max_overflow=20, pool_pre_ping=True)
        else:
            raise JourneymapError(
                f"unsupported database {parsed.drivername!r} "
                "(use a SQLite file path or a postgresql://user@host:port/database URL)"
            )
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[OrmSession]:
        """A session that commits when the block ends without an error and rolls back otherwise."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def exclusive(self, name: str) -> Iterator[OrmSession]:
        """A session (committed when the block ends without an error, rolled back otherwise) that no other holder
        of ``name`` runs beside, in this process or any other on the same database: waits for the holder before.
        Read, check and write in this session: on PostgreSQL the lock is a transaction advisory lock
        (``pg_advisory_xact_lock``), released when the session's transaction ends, after its writes are visible.
        On SQLite (served by one process) it is a lock of this process. Do not open another writing session of the
        same store inside the block (on SQLite it would wait for this one)."""
        with self._exclusive(name, wait=True) as db:
            assert db is not None
            yield db

    @contextmanager
    def try_exclusive(self, name: str) -> Iterator[OrmSession | None]:
        """As :meth:`exclusive`, without waiting: None when another holder has ``name`` now
        (``pg_try_advisory_xact_lock`` on PostgreSQL)."""
        with self._exclusive(name, wait=False) as db:
            yield db

    @contextmanager
    def _exclusive(self, name: str, *, wait: bool) -> Iterator[OrmSession | None]:
        if self.dialect == "postgresql":
            with self.session() as db:
                function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
                taken = db.execute(text(f"SELECT {function}(:key)"), {"key": lock_key(name)}).scalar()
                yield db if wait or taken else None
            return
        lock = _local_lock(self.url, name)
        if not lock.acquire(blocking=wait):
            yield None
            return
        try:
            with self.session() as db:
                yield db
        finally:
            lock.release()

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if self.dialect == "postgresql":  # processes starting together upgrade one after the other
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key("journeymap-migrate")})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``."""
    try:
        store = Store(url)
        if migrate:
            store.migrate()
    except JourneymapError:
        raise
    except Exception as error:  # a driver's own message (refused connection, bad password, …) is the useful part
        raise JourneymapError(
            f"cannot open the studio database {make_url(database_url(url)).render_as_string(hide_password=True)}: "
            f"{str(error).strip().splitlines()[0]} (check the --database URL and that the server is running)"
        ) from error
    return store
