"""The studio's backup archive: a zip holding ``manifest.json`` and one JSON Lines file per table.

The format is portable (a SQLite store restores into PostgreSQL and back) and readable with any zip tool::

    manifest.json          {"format": "journeymap-studio-backup", "format_version": 1, "journeymap_version": …,
                            "alembic_revision": "0002", "created_at": "…Z", "database": "sqlite",
                            "tables": [{"name": "users", "file": "tables/users.jsonl", "rows": 3,
                                        "columns": {"id": "integer", "email": "text", …}}, …]}
    tables/users.jsonl     one JSON object a row, {column: value}, in primary-key order

Values by column kind: ``integer``, ``number``, ``boolean``, ``text`` as JSON; ``decimal`` as a string;
``datetime`` ISO 8601 in UTC (``2025-03-01T09:30:00+00:00``); ``date`` ISO 8601; ``binary`` base64; ``json`` the
stored JSON document as text (so a JSON ``null`` stays apart from a SQL NULL). SQL NULL is JSON ``null``.

Reading an archive is bounded (it may come from anywhere): the members' declared sizes must add up to at most
``max_bytes`` (4 GiB by default), no big member may unpack to more than ``MAX_RATIO`` times its packed size, and
a member never yields more than it declared.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, Numeric, String
from sqlalchemy.types import TypeEngine

from ..errors import ArchiveError
from ..files.zipwriter import ZipWriter

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "MAX_BYTES",
    "ArchiveReader",
    "ArchiveWriter",
    "Manifest",
    "TableEntry",
    "column_kind",
    "decode_value",
    "encode_value",
]

FORMAT = "journeymap-studio-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KINDS = frozenset({"integer", "number", "decimal", "boolean", "text", "datetime", "date", "binary", "json"})
MAX_BYTES = 4 * 1024**3
"""Refuse an archive whose members add up to more than this, unpacked."""
MAX_RATIO = 200
"""Refuse a member bigger than ``RATIO_FLOOR`` that unpacks to more than this many times its packed size."""
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


def column_kind(type_: TypeEngine[Any]) -> str | None:
    """The archive's kind of a column type (None: a type the archive cannot carry)."""
    kinds: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
        (JSON, "json"),
        (LargeBinary, "binary"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Boolean, "boolean"),
        (Integer, "integer"),
        (Float, "number"),
        (Numeric, "decimal"),
        (String, "text"),  # Text, Unicode and Enum are Strings
    )
    for generic, kind in kinds:
        if isinstance(type_, generic):
            return kind
    return None


def encode_value(kind: str, value: Any) -> Any:
    """A value read from the store (``json`` columns read as text) → its JSON form in the archive."""
    if value is None:
        return None
    if kind == "binary":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "datetime":
        moment: datetime = value
        if moment.tzinfo is None:  # SQLite keeps no offset; the studio stores UTC
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "decimal":
        return str(value)
    return value


def decode_value(kind: str, value: Any) -> Any:
    """A value of the archive → the Python value to insert; ``ValueError`` says what is wrong with it."""
    if value is None:
        return None
    expected: dict[str, type | tuple[type, ...]] = {
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "text": str,
    }
    if kind in expected:
        if not isinstance(value, expected[kind]) or (kind in ("integer", "number") and isinstance(value, bool)):
            raise ValueError(f"{kind} expected, found {json.dumps(value)[:40]}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{kind} expected as a string, found {json.dumps(value)[:40]}")
    try:
        if kind == "binary":
            return base64.b64decode(value, validate=True)
        if kind == "datetime":
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        if kind == "date":
            return date.fromisoformat(value)
        if kind == "decimal":
            return Decimal(value)
        if kind == "json":
            json.loads(value)
            return value
    except (binascii.Error, ValueError, InvalidOperation) as error:
        raise ValueError(f"not a valid {kind} value ({error})") from error
    raise ValueError(f"unknown column kind {kind!r}")


@dataclass(frozen=True)
class TableEntry:
    name: str
    file: str
    rows: int
    columns: dict[str, str]
    """Column name → kind, in the table's order."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "file": self.file, "rows": self.rows, "columns": self.columns}


@dataclass(frozen=True)
class Manifest:
    journeymap_version: str
    alembic_revision: str
    created_at: str
    database: str
    tables: tuple[TableEntry, ...]
    format_version: int = FORMAT_VERSION

    @property
    def row_count(self) -> int:
        return sum(table.rows for table in self.tables)

    def table(self, name: str) -> TableEntry | None:
        return next((table for table in self.tables if table.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "journeymap_version": self.journeymap_version,
            "alembic_revision": self.alembic_revision,
            "created_at": self.created_at,
            "database": self.database,
            "tables": [table.to_json() for table in self.tables],
        }


class ArchiveWriter:
    """Writes an archive into ``handle`` table by table, then the manifest (``finish``)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.zip = ZipWriter(handle)
        self.tables: list[TableEntry] = []

    def write_table(self, name: str, columns: dict[str, str], rows: Iterable[Mapping[str, Any]]) -> TableEntry:
        """``rows`` as read from the store (``json`` columns as text); returns the table's manifest entry."""
        member = f"tables/{name}.jsonl"
        count = 0
        with self.zip.open(member) as raw, io.BufferedWriter(raw, 1024 * 1024) as out:
            for row in rows:
                encoded = {column: encode_value(kind, row[column]) for column, kind in columns.items()}
                out.write(json.dumps(encoded, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
                count += 1
        entry = TableEntry(name=name, file=member, rows=count, columns=dict(columns))
        self.tables.append(entry)
        return entry

    def abandon(self) -> None:
        """Close the zip after a failure (what was written is thrown away by the caller)."""
        with contextlib.suppress(OSError, ValueError):
            self.zip.close()

    def finish(self, *, journeymap_version: str, alembic_revision: str, database: str) -> Manifest:
        manifest = Manifest(
            journeymap_version=journeymap_version,
            alembic_revision=alembic_revision,
            created_at=datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            database=database,
            tables=tuple(self.tables),
        )
        self.zip.write(MANIFEST, json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n")
        self.zip.close()
        return manifest


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    amount, units = float(n) / 1024, ["KiB", "MiB", "GiB", "TiB"]
    while amount >= 1024 and len(units) > 1:
        amount, units = amount / 1024, units[1:]
    return f"{amount:.1f} {units[0]}"


@dataclass
class ArchiveReader:
    """An archive opened for restoring: the zip's bounds and the manifest checked on opening; ``rows`` reads a
    table's rows (as JSON values; ``decode_value`` turns them into Python values)."""

    path: Path
    max_bytes: int = MAX_BYTES
    manifest: Manifest = field(init=False)
    _zip: zipfile.ZipFile = field(init=False)

    def __post_init__(self) -> None:
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as error:
            raise self.error(f"not a journeymap studio backup: not a zip file ({error})") from error
        try:
            self._check_bounds()
            self.manifest = self._read_manifest()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def error(self, message: str, member: str | None = None) -> ArchiveError:
        return ArchiveError(f"{self.path}{f': {member}' if member else ''}: {message}")

    # --- opening -----------------------------------------------------------------------------------------------

    def _check_bounds(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise self.error(f"{len(infos)} members, more than a backup ever has ({MAX_MEMBERS}): refused")
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            twice = sorted({name for name in names if names.count(name) > 1})
            raise self.error(f"the zip holds {', '.join(twice)} more than once: refused")
        total = sum(info.file_size for info in infos)
        if total > self.max_bytes:
            raise self.error(
                f"it would unpack to {_size(total)}, over the limit of {_size(self.max_bytes)}: refused "
                "(give --max-size GIB to allow a bigger store)"
            )
        for info in infos:
            if info.flag_bits & 0x1:
                raise self.error("encrypted: a journeymap backup never is", info.filename)
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise self.error(
                    f"unpacks to {ratio} times its packed size ({_size(info.file_size)}), more than {MAX_RATIO}: "
                    "refused as a zip bomb",
                    info.filename,
                )

    def _read_manifest(self) -> Manifest:
        try:
            info = self._zip.getinfo(MANIFEST)
        except KeyError:
            raise self.error(
                f"not a journeymap studio backup: no {MANIFEST} in the zip "
                "(a backup is made by 'journeymap studio backup')"
            ) from None
        if info.file_size > MAX_MANIFEST_BYTES:
            raise self.error(f"{_size(info.file_size)}, too big for a manifest: refused", MANIFEST)
        try:
            data = json.loads(self._read_member(info))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise self.error(f"not JSON ({error})", MANIFEST) from error
        return self._parse_manifest(data)

    def _parse_manifest(self, data: Any) -> Manifest:
        def wrong(what: str) -> ArchiveError:
            return self.error(what, MANIFEST)

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise wrong(f'not a journeymap studio backup ("format" is not "{FORMAT}")')
        version = data.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise wrong('"format_version" is missing or not a number')
        if version > FORMAT_VERSION:
            raise wrong(
                f"archive format {version}, made by a newer journeymap ({data.get('journeymap_version', '?')}); "
                f"this one reads format {FORMAT_VERSION}: upgrade journeymap to restore it"
            )
        texts = {}
        for key in ("journeymap_version", "alembic_revision", "created_at", "database"):
            value = data.get(key)
            if not isinstance(value, str) or not value:
                raise wrong(f'"{key}" is missing or not text')
            texts[key] = value
        tables = data.get("tables")
        if not isinstance(tables, list):
            raise wrong('"tables" is missing or not a list')
        entries: list[TableEntry] = []
        for index, table in enumerate(tables):
            entries.append(self._parse_table(table, f"tables[{index}]"))
        names = [entry.name for entry in entries]
        if len(set(names)) != len(names):
            raise wrong("a table is listed twice")
        return Manifest(tables=tuple(entries), format_version=version, **texts)

    def _parse_table(self, table: Any, where: str) -> TableEntry:
        def wrong(what: str) -> ArchiveError:
            return self.error(f"{where}: {what}", MANIFEST)

        if not isinstance(table, dict):
            raise wrong("not an object")
        name, member, rows, columns = (table.get(key) for key in ("name", "file", "rows", "columns"))
        if not isinstance(name, str) or not name:
            raise wrong('"name" is missing or not text')
        if not isinstance(member, str) or member not in self._zip.namelist():
            raise wrong(f"the file {member!r} of table {name!r} is not in the zip")
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
            raise wrong(f'"rows" of table {name!r} is not a count')
        if not isinstance(columns, dict) or not columns:
            raise wrong(f'"columns" of table {name!r} is missing or empty')
        for column, kind in columns.items():
            if kind not in KINDS:
                raise wrong(f"column {name}.{column} has an unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})")
        return TableEntry(name=name, file=member, rows=rows, columns=dict(columns))

    def _read_member(self, info: zipfile.ZipInfo) -> bytes:
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise self.error(f"damaged ({error})", info.filename) from error
        if len(data) > info.file_size:
            raise self.error("holds more than its declared size: refused", info.filename)
        return data

    # --- reading rows ------------------------------------------------------------------------------------------

    def rows(self, entry: TableEntry) -> Iterator[tuple[int, dict[str, Any]]]:
        """The rows of a table as JSON values (with their line numbers), each with exactly the table's columns;
        the count is checked against the manifest when the last row has been read."""
        info = self._zip.getinfo(entry.file)
        columns = set(entry.columns)
        seen = count = 0
        try:
            with self._zip.open(info) as member:
                for line_number, line in enumerate(member, start=1):
                    seen += len(line)
                    if seen > info.file_size:
                        raise self.error("holds more than its declared size: refused", entry.file)
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except (UnicodeDecodeError, json.JSONDecodeError) as error:
                        raise self.error(f"line {line_number}: not JSON ({error})", entry.file) from error
                    if not isinstance(row, dict) or set(row) != columns:
                        got = sorted(row) if isinstance(row, dict) else type(row).__name__
                        raise self.error(
                            f"line {line_number}: a row of {entry.name} must hold the columns "
                            f"{', '.join(entry.columns)}; it holds {got}",
                            entry.file,
                        )
                    count += 1
                    yield line_number, row
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise self.error(f"damaged ({error})", entry.file) from error
        if count != entry.rows:
            rows = f"{count} row{'' if count == 1 else 's'}"
            raise self.error(f"{rows}, but the manifest says {entry.rows}: the archive is incomplete", entry.file)

    def decode(self, entry: TableEntry, line: int, row: Mapping[str, Any]) -> dict[str, Any]:
        """A row's values as Python values, by the kinds of the manifest."""
        decoded = {}
        for column, value in row.items():
            try:
                decoded[column] = decode_value(entry.columns[column], value)
            except ValueError as error:
                raise self.error(f"line {line}: {entry.name}.{column}: {error}", entry.file) from error
        return decoded
