"""Reading a workspace's declared evidence sources (``sources:`` in ``journeymap.yaml``) into one survey file.

``journeymap refresh`` re-measures maps from these sources; each is turned into a file the survey reader takes:

* ``file`` — a file or a glob inside the workspace: one match is read where it lies; several CSV (or Parquet) files
  are read together by DuckDB (columns matched by name) into one Parquet file of a temporary folder;
* ``duckdb`` — a table or a query of a DuckDB database file, opened read-only and without access to other files
  (a query cannot read ``/etc/…`` or write with ``COPY``), interrupted after the statement timeout;
* ``postgres`` — a table or a query of a PostgreSQL server (see :mod:`.postgres_source`): a read-only
  transaction with a statement timeout, rows streamed in batches;
* ``spark`` — a file or a glob read by the Spark engine (the survey is then aggregated by Spark).

Rows are streamed into Parquet in batches and refused past ``limits().rows`` rows or ``limits().decompressed_mb``
of data. Every failure is a :class:`~journeymap.errors.ProblemsError` whose problems say ``source NAME`` and why,
with a hint; a URL is never shown with its password.
"""

from __future__ import annotations

import glob
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, ProblemsError
from ..limits import limits
from ..model.workspace import DataSource
from .engine import file_kind
from .files import check_csv, check_parquet, inside_workspace

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["QUERY_TIMEOUT_S", "TABLE_HINT", "ReadSource", "read_source", "source_problem", "where_of"]

QUERY_TIMEOUT_S = 300
"""Longest a source's query may run (seconds); ``JOURNEYMAP_SOURCE_TIMEOUT_S`` changes it."""

_MB = 1 << 20


@dataclass(frozen=True)
class ReadSource:
    """A source read: the file the survey reader takes, the rows read, and how the source was read."""

    name: str
    path: Path
    rows: int
    read_with: str
    engine: str = "duckdb"
    master: str | None = None


def where_of(source: DataSource) -> str:
    return f"source {source.name}"


def source_problem(source: DataSource, code: str, message: str, hint: str = "") -> ProblemsError:
    return ProblemsError([Problem(code, where_of(source), message, hint)])


def timeout_s() -> float:
    text = os.environ.get("JOURNEYMAP_SOURCE_TIMEOUT_S", "")
    try:
        return float(text) if text else QUERY_TIMEOUT_S
    except ValueError:
        return QUERY_TIMEOUT_S


def read_source(source: DataSource, root: Path, scratch: Path) -> ReadSource:
    """``source`` as a file the survey reader takes (written into ``scratch`` when it is not a file of its own)."""
    if source.kind in ("file", "spark"):
        return _read_files(source, root, scratch)
    if source.kind == "duckdb":
        return _read_duckdb(source, root, scratch)
    from .postgres_source import read_postgres

    return read_postgres(source, scratch / f"{_safe(source.name)}.parquet")


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


# ---- files -------------------------------------------------------------------------------------------------------
def _matches(source: DataSource, root: Path) -> list[Path]:
    """The files the path or glob names, inside the workspace, sorted."""
    pattern = source.path
    if not any(c in pattern for c in "*?["):
        return [inside_workspace(root, pattern, where_of(source))]
    found = sorted(glob.glob(glob.escape(str(root)) + os.sep + pattern, recursive=True))
    files = [inside_workspace(root, os.path.relpath(p, root), where_of(source)) for p in found if Path(p).is_file()]
    if not files:
        raise source_problem(
            source, "JE205", f"no file matches {pattern!r}", "check the pattern (relative to the workspace)"
        )
    return files


def _read_files(source: DataSource, root: Path, scratch: Path) -> ReadSource:
    files = _matches(source, root)
    kinds = {file_kind(f) for f in files}
    if len(kinds) > 1:
        message = f"{source.path!r} matches files of several types ({', '.join(sorted(kinds))})"
        raise source_problem(source, "JE206", message, "give a pattern that matches one type of file")
    kind = kinds.pop()
    spark = source.kind == "spark"
    master = source.master or None
    if len(files) == 1:
        return ReadSource(source.name, files[0], _count_file(files[0], kind), source.path, source.kind, master)
    if kind not in ("csv", "parquet"):
        hint = "give one file, or export the files as CSV or Parquet"
        raise source_problem(source, "JE206", f"several {kind} files are not read together", hint)
    for path in files:
        _check(source, path, kind)
    target = scratch / f"{_safe(source.name)}.parquet"
    rows = _combine(files, kind, target)
    return ReadSource(source.name, target, rows, source.path, "spark" if spark else "duckdb", master)


def _check(source: DataSource, path: Path, kind: str) -> None:
    try:
        check_csv(path) if kind == "csv" else check_parquet(path)
    except ProblemsError as error:
        raise ProblemsError([_in_source(source, p) for p in error.problems]) from None


def _in_source(source: DataSource, problem: Problem) -> Problem:
    return Problem(problem.code, f"{where_of(source)}: {problem.where}", problem.message, problem.hint)


def _count_file(path: Path, kind: str) -> int:
    """The rows of one file (0 when it cannot be counted here: the survey reader then says why)."""
    if kind not in ("csv", "parquet"):
        return 0
    import duckdb

    from .files import literal_path

    reader = "read_parquet" if kind == "parquet" else "read_csv"
    with duckdb.connect() as con:
        try:
            rel = con.sql(f"SELECT count(*) FROM {reader}(?)", params=[literal_path(path)])
            row = rel.fetchone()
        except duckdb.Error:
            return 0
    return int(row[0]) if row else 0


def _combine(files: list[Path], kind: str, target: Path) -> int:
    """Several CSV or Parquet files (columns matched by name) as one Parquet file; its rows."""
    import duckdb

    from .files import literal_path

    reader = "read_parquet" if kind == "parquet" else "read_csv"
    options = "union_by_name = true" if kind == "parquet" else "union_by_name = true, header = true"
    with duckdb.connect() as con:
        rel = con.sql(f"SELECT * FROM {reader}(?, {options})", params=[[literal_path(f) for f in files]])
        return write_batches(rel.fetch_record_batch(65_536), target, ", ".join(f.name for f in files))


# ---- DuckDB database files -----------------------------------------------------------------------------------------
def _read_duckdb(source: DataSource, root: Path, scratch: Path) -> ReadSource:
    import duckdb

    database = inside_workspace(root, source.path, where_of(source))
    if not database.is_file():
        raise source_problem(
            source, "JE201", f"no DuckDB file {source.path!r}", "check the path (relative to the workspace)"
        )
    target = scratch / f"{_safe(source.name)}.parquet"
    try:
        # read-only, and no other file: a query reads the database, never the disk around it
        con = duckdb.connect(str(database), read_only=True, config={"enable_external_access": False})
    except duckdb.Error as error:
        raise source_problem(source, "JE201", f"cannot open {source.path!r}: {_first_line(error)}", "") from None
    timer = threading.Timer(timeout_s(), con.interrupt)
    timer.start()
    try:
        rel = con.sql(source.query) if source.query else con.table(source.table)
        if rel is None:
            raise source_problem(source, "JE203", "the query returns no rows (it is not a SELECT)", "give a SELECT")
        rows = write_batches(rel.fetch_record_batch(65_536), target, where_of(source))
    except duckdb.CatalogException as error:
        what = (
            f"no table {source.table!r}" if source.table else f"the query names what is not there: {_first_line(error)}"
        )
        raise source_problem(source, "JE202", what, TABLE_HINT) from None
    except duckdb.InterruptException:
        raise source_problem(source, "JE203", f"the query ran over {timeout_s():g} s", _TIMEOUT_HINT) from None
    except duckdb.Error as error:
        raise source_problem(source, "JE203", f"the query failed: {_first_line(error)}", "check the query") from None
    finally:
        timer.cancel()
        con.close()
    return ReadSource(source.name, target, rows, source.read_with)


_TIMEOUT_HINT = "make the query cheaper, or raise JOURNEYMAP_SOURCE_TIMEOUT_S"
TABLE_HINT = "check the table's name; a table of another schema is schema.table"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines() or [type(error).__name__])[0][:300]


# ---- Arrow batches into Parquet ----------------------------------------------------------------------------------
def write_batches(batches: Iterable[pa.RecordBatch] | Any, target: Path, where: str) -> int:
    """Write record batches into one Parquet file, within the row and size limits; the rows written."""
    import pyarrow.parquet as pq

    writer: Any = None
    rows = size = 0
    try:
        for batch in batches:
            rows += batch.num_rows
            size += batch.nbytes
            if rows > limits().rows:
                raise ProblemsError(
                    [limits().problem("rows", where, "the source's rows", f"more than {limits().rows:,}")]
                )
            if size > limits().decompressed_mb * _MB:
                found = f"more than {limits().decompressed_mb:,} MB"
                raise ProblemsError([limits().problem("decompressed_mb", where, "the source's data", found)])
            if writer is None:
                writer = pq.ParquetWriter(str(target), batch.schema)
            writer.write_batch(batch)
    finally:
        if writer is not None:
            writer.close()
    if writer is None or rows == 0:
        raise ProblemsError([Problem("JE005", where, "the source has no rows", "check the table or the query")])
    return rows
