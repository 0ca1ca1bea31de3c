"""Backing up the studio's store into a portable archive, and restoring one: ``journeymap studio backup|restore``.

**Backup** reads every table of the schema (``Base.metadata``: a table added to the store is backed up without a
change here) inside one read transaction, so the copy is consistent while the studio keeps running: on PostgreSQL
REPEATABLE READ, read only; on SQLite (WAL) one transaction, whose snapshot holds from its first read to its end.
The archive (``store.archive``) is written beside its final name and renamed when complete.

**Restore** refuses a store that holds any row (unless ``replace``, which empties it first) and an archive of a
schema newer than this journeymap knows. In one transaction it brings the target's schema to the archive's
revision, inserts every table in dependency order, then migrates to the newest revision (so an old backup is
upgraded exactly as a running store would be) and, on PostgreSQL, moves each id sequence past the restored ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    cast,
    event,
    insert,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeEngine

from .._version import __version__
from ..errors import JourneymapError
from ..files.atomic import atomic_file
from .archive import MANIFEST, MAX_BYTES, ArchiveReader, ArchiveWriter, Manifest, TableEntry, column_kind
from .db import MIGRATIONS, Store, database_url
from .tables import Base

__all__ = ["BackupResult", "RestoreResult", "backup", "describe", "known_revisions", "restore"]

VERSION_TABLE = "alembic_version"
BATCH_ROWS = 500
BATCH_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class BackupResult:
    path: Path
    store: str
    manifest: Manifest
    size: int
    """The archive's size in bytes."""


@dataclass(frozen=True)
class RestoreResult:
    store: str
    manifest: Manifest
    revision: str
    """The store's schema revision after the restore (the newest this journeymap knows)."""
    replaced: list[str]
    """The tables that held rows before (emptied by ``replace``)."""


def describe(url: str) -> str:
    """The store as a person reads it: a SQLite file's path, or the URL without its password."""
    parsed = make_url(database_url(url))
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or url
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=True)


# --- schema revisions ---------------------------------------------------------------------------------------------


def _alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    """The schema revisions this journeymap knows, oldest first (the last is the newest)."""
    script = ScriptDirectory.from_config(_alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _migrate(connection: Connection, revision: str) -> None:
    """Upgrade to ``revision`` inside the caller's transaction (Alembic joins a transaction it did not begin)."""
    command.upgrade(_alembic_config(connection), revision)


def _tables(connection: Connection, revision: str) -> list[Table]:
    """The store's tables in dependency order: the schema's own at the newest revision; at an older one, what the
    database holds (the schema as that revision made it)."""
    if revision == known_revisions()[-1]:
        return list(Base.metadata.sorted_tables)
    reflected = MetaData()
    reflected.reflect(connection)
    return [table for table in reflected.sorted_tables if table.name != VERSION_TABLE]


def _kinds(table: Table) -> dict[str, str]:
    kinds = {}
    for column in table.columns:
        kind = column_kind(column.type)
        if kind is None:
            raise JourneymapError(
                f"the column {table.name}.{column.name} has a type ({column.type}) a backup cannot carry"
            )
        kinds[column.name] = kind
    return kinds


# --- connections --------------------------------------------------------------------------------------------------


def _explicit_transactions(dbapi_connection: Any, _record: Any) -> None:
    """pysqlite begins a transaction only before a write; the store's backup and restore need one around reads
    (one snapshot) and schema changes (all or nothing), so they begin it themselves (``_begin``)."""
    dbapi_connection.isolation_level = None


def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    """A restore checks the foreign keys once, at its end: no ordering within a table matters, and a migration
    that rebuilds a table cannot cascade a delete into the restored rows."""
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def _open(url: str, *, restoring: bool) -> Store:
    shown = describe(url)
    if not restoring:
        parsed = make_url(database_url(url))
        if parsed.get_backend_name() == "sqlite" and not (parsed.database and Path(parsed.database).is_file()):
            raise JourneymapError(
                f"no studio store at {shown} (give --database URL or --workspace FOLDER; "
                "'journeymap serve' creates the store when it starts)"
            )
    store = Store(url)
    if store.dialect == "sqlite":
        event.listen(store.engine, "connect", _explicit_transactions)
        if restoring:
            event.listen(store.engine, "connect", _foreign_keys_off)
        statement = "BEGIN IMMEDIATE" if restoring else "BEGIN"
        event.listen(store.engine, "begin", lambda connection: connection.exec_driver_sql(statement))
    return store


@contextmanager
def _connection(store: Store, shown: str, **options: Any) -> Iterator[Connection]:
    """A connection in one transaction, committed at the end of the block; the driver's own words when the
    database cannot be reached or is locked."""
    try:
        with store.engine.connect() as connection:
            if options:
                connection.execution_options(**options)
            with connection.begin():
                yield connection
    except OperationalError as error:
        first = str(error.orig or error).strip().splitlines()[0]
        raise JourneymapError(
            f"{shown}: {first} (check the URL and that the database server runs; a restore needs the studio stopped)"
        ) from error
    finally:
        store.dispose()


# --- backup -------------------------------------------------------------------------------------------------------


def backup(url: str, target: str | Path) -> BackupResult:
    """Write a consistent copy of the whole store at ``url`` to the archive ``target`` (replaced atomically)."""
    path = Path(target)
    if path.is_dir():
        raise JourneymapError(f"{path} is a folder; give the name of the archive to write, e.g. {path / 'studio.zip'}")
    shown = describe(url)
    store = _open(url, restoring=False)
    options: dict[str, Any] = {}
    if store.dialect == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with _connection(store, shown, **options) as connection:
        revision = _revision(connection)  # the first read: on SQLite the snapshot starts here
        if revision is None:
            raise JourneymapError(f"{shown}: not a studio store (it has no {VERSION_TABLE} table)")
        known = known_revisions()
        if revision not in known:
            raise JourneymapError(
                f"{shown}: schema revision {revision}, newer than this journeymap ({__version__}) knows "
                f"(up to {known[-1]}): back it up with the journeymap that runs the studio"
            )
        with atomic_file(path) as handle:
            writer = ArchiveWriter(handle)
            try:
                for table in _tables(connection, revision):
                    kinds = _kinds(table)
                    writer.write_table(table.name, kinds, _read_rows(connection, table, kinds))
            except BaseException:
                writer.abandon()
                raise
            manifest = writer.finish(journeymap_version=__version__, alembic_revision=revision, database=store.dialect)
    return BackupResult(path=path, store=shown, manifest=manifest, size=path.stat().st_size)


def _read_rows(connection: Connection, table: Table, kinds: Mapping[str, str]) -> Iterator[Mapping[str, Any]]:
    """The table's rows in primary-key order (a reply after the comment it answers); ``json`` columns as the
    stored text, so a JSON null and a SQL NULL stay apart."""
    columns = [
        cast(column, Text).label(column.name) if kinds[column.name] == "json" else column for column in table.columns
    ]
    statement = select(*columns).order_by(*table.primary_key.columns).execution_options(yield_per=64)
    for row in connection.execute(statement).mappings():
        yield dict(row)


# --- restore ------------------------------------------------------------------------------------------------------


def restore(url: str, archive: str | Path, *, replace: bool = False, max_bytes: int = MAX_BYTES) -> RestoreResult:
    """Restore the archive into the store at ``url`` (created when missing), in one transaction."""
    shown = describe(url)
    with ArchiveReader(Path(archive), max_bytes=max_bytes) as reader:
        manifest = reader.manifest
        known = known_revisions()
        if manifest.alembic_revision not in known:
            raise reader.error(
                f"made by a newer journeymap ({manifest.journeymap_version}) on schema revision "
                f"{manifest.alembic_revision}, which this journeymap ({__version__}) does not know (it knows up to "
                f"{known[-1]}): upgrade journeymap to restore it",
                MANIFEST,
            )
        store = _open(url, restoring=True)
        try:
            with _connection(store, shown) as connection:
                replaced = _prepare(connection, shown, manifest, known, replace=replace)
                tables = _tables(connection, manifest.alembic_revision)
                _check_tables(reader, tables)
                for table in tables:
                    _insert(connection, reader, table, _entry(reader, table))
                _migrate(connection, "head")
                _check_foreign_keys(connection, reader)
                if store.dialect == "postgresql":
                    _reset_sequences(connection)
        except IntegrityError as error:  # PostgreSQL checks the foreign keys at the commit
            raise reader.error(f"its rows do not fit together ({_first_line(error)})") from error
    return RestoreResult(store=shown, manifest=manifest, revision=known[-1], replaced=replaced)


def _first_line(error: Exception) -> str:
    orig = getattr(error, "orig", None)
    return str(orig or error).strip().splitlines()[0]


def _prepare(connection: Connection, shown: str, manifest: Manifest, known: list[str], *, replace: bool) -> list[str]:
    """Refuse a store with rows (or empty it with ``replace``), then bring it to the archive's revision; returns
    the tables that held rows."""
    current = _revision(connection)
    if current is not None and current not in known:
        raise JourneymapError(
            f"{shown}: the store's schema revision {current} is newer than this journeymap ({__version__}) knows: "
            "restore with the journeymap that runs it"
        )
    reflected = MetaData()
    reflected.reflect(connection)
    ours = {table.name for table in Base.metadata.tables.values()} | {table.name for table in manifest.tables}
    present = [table for table in reflected.sorted_tables if table.name in ours | {VERSION_TABLE}]
    filled = [
        table.name
        for table in present
        if table.name != VERSION_TABLE and connection.execute(select(literal(1)).select_from(table).limit(1)).first()
    ]
    if filled and not replace:
        raise JourneymapError(
            f"{shown}: the store is not empty (rows in {', '.join(filled)}): restore into an empty database, or "
            "give --replace to delete everything in it first"
        )
    if current == manifest.alembic_revision:
        for table in reversed(present):
            if table.name != VERSION_TABLE:
                connection.execute(table.delete())
    else:  # another revision (or no schema yet): start from nothing, at the archive's revision
        for table in reversed(present):
            table.drop(connection)
        _migrate(connection, manifest.alembic_revision)
    return filled


def _check_tables(reader: ArchiveReader, tables: list[Table]) -> None:
    """The archive's tables and columns are the schema's at its revision."""
    revision = reader.manifest.alembic_revision
    names = {table.name for table in tables}
    for listed in reader.manifest.tables:
        if listed.name not in names:
            raise reader.error(f"table {listed.name!r} is not in schema revision {revision}", MANIFEST)
    for table in tables:
        entry = _entry(reader, table)
        kinds = _kinds(table)
        for column, kind in entry.columns.items():
            if column not in kinds:
                raise reader.error(f"{table.name}.{column} is not a column of schema revision {revision}", MANIFEST)
            if kinds[column] != kind:
                raise reader.error(
                    f"{table.name}.{column} is {kind} in the archive but {kinds[column]} in revision {revision}",
                    MANIFEST,
                )
        for missing in table.columns:
            needed = not missing.nullable and missing.default is None and missing.server_default is None
            if missing.name not in entry.columns and needed:
                raise reader.error(f"column {table.name}.{missing.name} is missing", MANIFEST)


def _entry(reader: ArchiveReader, table: Table) -> TableEntry:
    entry = reader.manifest.table(table.name)
    if entry is None:
        raise reader.error(f"table {table.name!r} is missing", MANIFEST)
    return entry


def _insert(connection: Connection, reader: ArchiveReader, table: Table, entry: TableEntry) -> None:
    """Insert the table's rows in batches (a batch holds at most ``BATCH_ROWS`` rows or about ``BATCH_BYTES``)."""
    postgres = connection.dialect.name == "postgresql"
    keys = {name: f"p{index}" for index, name in enumerate(entry.columns)}
    values: dict[str, ColumnElement[Any]] = {}
    for name, key in keys.items():
        column = table.c[name]
        if entry.columns[name] == "json":  # the stored text, as it was
            values[name] = cast(bindparam(key, type_=Text()), column.type) if postgres else bindparam(key, type_=Text())
        else:
            values[name] = bindparam(key, type_=column.type)
    naive = {name for name in entry.columns if _is_naive_datetime(table.c[name].type)}
    statement = insert(table).values(values)
    batch: list[dict[str, Any]] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if batch:
            try:
                connection.execute(statement, batch)
            except (IntegrityError, DataError) as error:
                raise reader.error(f"the rows of {table.name} do not fit ({_first_line(error)})", entry.file) from error
            batch.clear()
            size = 0

    for line, row in reader.rows(entry):
        decoded = reader.decode(entry, line, row)
        for name in naive & decoded.keys():
            if decoded[name] is not None:
                decoded[name] = decoded[name].astimezone(UTC).replace(tzinfo=None)
        batch.append({keys[name]: value for name, value in decoded.items()})
        size += sum(len(value) for value in row.values() if isinstance(value, str))
        if len(batch) >= BATCH_ROWS or size >= BATCH_BYTES:
            flush()
    flush()


def _is_naive_datetime(type_: TypeEngine[Any]) -> bool:
    return isinstance(type_, DateTime) and not type_.timezone


def _check_foreign_keys(connection: Connection, reader: ArchiveReader) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise reader.error(
            f"{len(broken)} rows refer to rows that are not in it (the first: {table} row {rowid} → {parent})"
        )


def _reset_sequences(connection: Connection) -> None:
    """Each integer key's sequence continues after the largest restored id (the next row gets a new one)."""
    preparer = connection.dialect.identifier_preparer
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        name, column = preparer.format_table(table), preparer.quote(keys[0].name)
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({column}), 1), "
                f"MAX({column}) IS NOT NULL) FROM {name}"
            ),
            {"table": name, "column": keys[0].name},
        )
