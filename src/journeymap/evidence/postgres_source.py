"""Reading a PostgreSQL table or query that a workspace declares as an evidence source.

The user's query is data, not journeymap's SQL: it is sent as written, inside a **read-only transaction**
(``default_transaction_read_only`` and psycopg's ``read_only``) with a **statement timeout**, through a
server-side cursor whose rows are fetched in batches and written into Parquet (within ``limits().rows`` and
``limits().decompressed_mb``). A table is read with ``SELECT *`` of its quoted name. The only driver is psycopg
(the ``postgres`` extra): the studio's own database, and SQLAlchemy with it, stay in ``store/``.

Column types come from the server's type of each column (integers, floats and numerics as numbers, dates and
times as such, anything else as text), so every batch has the same Arrow schema.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import MissingExtraError
from ..model.workspace import DataSource
from .live_sources import TABLE_HINT, ReadSource, source_problem, timeout_s, where_of, write_batches

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

__all__ = ["read_postgres", "source_url"]

BATCH_ROWS = 50_000


def source_url(source: DataSource) -> str:
    """The source's URL: from its environment variable (``url_env``) or as written (``url``)."""
    if source.url_env:
        value = os.environ.get(source.url_env, "").strip()
        if not value:
            hint = f"set it to the server's URL, e.g. export {source.url_env}=postgresql://user:password@host/db"
            raise source_problem(source, "JE204", f"the environment variable {source.url_env} is not set", hint)
        return value
    return source.url


def shown_url(url: str) -> str:
    """The server as a person may see it: host, port and database, never the user's password."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path or ''}"


def read_postgres(source: DataSource, target: Path) -> ReadSource:
    try:
        import psycopg
        from psycopg import sql
    except ImportError as exc:
        raise MissingExtraError("PostgreSQL evidence sources", "postgres") from exc
    url = source_url(source)
    server = shown_url(url)
    timeout_ms = int(timeout_s() * 1000)
    options = f"-c statement_timeout={timeout_ms} -c default_transaction_read_only=on"
    try:
        connection = psycopg.connect(url, options=options, connect_timeout=10, autocommit=False)
    except (psycopg.Error, ValueError) as error:
        hint = "check that the server is running and that the URL" + (f" in {source.url_env}" if source.url_env else "")
        raise source_problem(
            source, "JE201", f"cannot connect to {server}: {_reason(error, url)}", hint + " is right"
        ) from None
    with connection:
        connection.read_only = True
        if source.query:
            statement: Any = source.query
        else:
            statement = sql.SQL("SELECT * FROM {}").format(sql.Identifier(*source.table.split(".")))
        try:
            with connection.cursor(name="journeymap_source") as cursor:
                cursor.execute(statement)
                rows = write_batches(_batches(cursor), target, where_of(source))
        except psycopg.errors.UndefinedTable:
            what = (
                f"no table {source.table!r} on {server}" if source.table else f"the query names a table not on {server}"
            )
            raise source_problem(source, "JE202", what, TABLE_HINT) from None
        except psycopg.errors.QueryCanceled:
            raise source_problem(
                source,
                "JE203",
                f"the query ran over {timeout_s():g} s",
                "make it cheaper, or raise JOURNEYMAP_SOURCE_TIMEOUT_S",
            ) from None
        except psycopg.errors.ReadOnlySqlTransaction:
            raise source_problem(
                source, "JE203", "the query tries to change data", "a source is read-only: give a SELECT"
            ) from None
        except psycopg.Error as error:
            raise source_problem(
                source, "JE203", f"the query failed: {_reason(error, url)}", "check the query"
            ) from None
        finally:
            connection.rollback()
    return ReadSource(source.name, target, rows, source.read_with)


def _reason(error: BaseException, url: str) -> str:
    text = (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
    password = urlsplit(url).password
    return text.replace(password, "***") if password else text


_NUMBERS = {20: "int", 21: "int", 23: "int", 26: "int", 700: "float", 701: "float", 1700: "float"}
_OTHERS = {16: "bool", 1082: "date", 1114: "timestamp", 1184: "timestamptz"}


def _types(description: Any) -> list[tuple[str, str]]:
    return [
        (column.name, _NUMBERS.get(column.type_code) or _OTHERS.get(column.type_code) or "text")
        for column in description
    ]


def _arrow_type(kind: str) -> pa.DataType:
    import pyarrow as pa

    found: dict[str, pa.DataType] = {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us"),
        "timestamptz": pa.timestamp("us", tz="UTC"),
    }
    return found.get(kind, pa.string())


def _column(kind: str, values: tuple[Any, ...], type_: pa.DataType) -> pa.Array:
    """One column of a batch; numerics (Decimal) become floats and other values of a text column text."""
    import pyarrow as pa

    if kind == "float":
        return pa.array([None if v is None else float(v) for v in values], type=type_)
    if kind == "text":
        return pa.array([v if v is None or isinstance(v, str) else str(v) for v in values], type=type_)
    return pa.array(values, type=type_)


def _batches(cursor: Any) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    columns = _types(cursor.description or [])
    schema = pa.schema([(name, _arrow_type(kind)) for name, kind in columns])
    while rows := cursor.fetchmany(BATCH_ROWS):
        by_column = list(zip(*rows, strict=True))
        arrays = [_column(kind, by_column[i], schema.field(i).type) for i, (_, kind) in enumerate(columns)]
        yield pa.RecordBatch.from_arrays(arrays, schema=schema)
