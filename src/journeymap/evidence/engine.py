"""The evidence engine: where evidence files are read and every aggregation runs.

All evidence code builds Ibis expressions against an :class:`Engine` and never talks to a backend
directly, so the same expressions run on

* **DuckDB** (default, embedded): files are scanned where they lie, streaming, so tens of millions of rows fit
  on a laptop;
* **Spark** (``--engine spark``): a local session (``local[2]``) or ``--spark-master URL``;
* **PostgreSQL** (``--engine postgres --database postgresql://…``): files are read locally and loaded into
  temporary tables, then aggregated by the server.

Sorts are not stable on every backend, so tables read "in file order" carry an explicit ``__order`` column
(0-based position in the file) that expressions use as a tie-break.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import JourneymapError, MissingExtraError
from .files import literal_path, spark_literal_path

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

__all__ = ["ORDER", "Engine", "EngineConfig", "EngineKind", "file_kind"]

ORDER = "__order"
EngineKind = Literal["duckdb", "spark", "postgres"]
_names = itertools.count()


_FILE_KINDS = (
    (".xes.gz", "xes"), (".xes", "xes"), (".csv", "csv"), (".tsv", "csv"), (".txt", "csv"), (".parquet", "parquet"),
    (".pq", "parquet"), (".xlsx", "xlsx"), (".json", "json"),
)  # fmt: skip


def file_kind(path: Path) -> str:
    """``csv``, ``parquet``, ``xlsx``, ``xes`` (also ``.xes.gz``) or ``json`` from the file name."""
    name = path.name.lower()
    for suffix, kind in _FILE_KINDS:
        if name.endswith(suffix):
            return kind
    raise JourneymapError(f"{path}: unknown evidence file type (use .csv, .parquet, .xlsx, .xes or .xes.gz)")


@dataclass(frozen=True)
class EngineConfig:
    """Which backend runs the evidence expressions."""

    kind: EngineKind = "duckdb"
    spark_master: str | None = None
    database_url: str | None = None


class Engine:
    """A connection to one backend, opened lazily; use as a context manager or call :meth:`close`."""

    def __init__(self, config: EngineConfig | None = None) -> None:
        self.config = config or EngineConfig()
        self._backend: Any = None
        self._local: Any = None  # DuckDB used to read files for PostgreSQL
        self._spark: Any = None

    # ---- connection -----------------------------------------------------------------------------------
    @property
    def kind(self) -> EngineKind:
        return self.config.kind

    @property
    def backend(self) -> Any:
        if self._backend is None:
            self._backend = self._connect()
        return self._backend

    def _connect(self) -> Any:
        try:
            import ibis
        except ImportError as exc:
            raise MissingExtraError("reading evidence", "evidence") from exc
        if self.kind == "duckdb":
            return _duckdb_connection()
        if self.kind == "spark":
            return ibis.pyspark.connect(self._spark_session())
        if self.kind == "postgres":
            if not self.config.database_url:
                raise JourneymapError("--engine postgres needs --database postgresql://user@host:port/db")
            return ibis.connect(self.config.database_url)
        raise JourneymapError(f"unknown engine {self.kind!r}; use duckdb, spark or postgres")

    def _spark_session(self) -> Any:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise MissingExtraError("the Spark engine", "spark") from exc
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            SparkSession.builder.master(self.config.spark_master or "local[2]")
            .appName("journeymap")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
        )
        self._spark = builder.getOrCreate()
        self._spark.sparkContext.setLogLevel("ERROR")
        return self._spark

    def close(self) -> None:
        for con in (self._backend, self._local):
            close = getattr(con, "disconnect", None) or getattr(con, "close", None)  # Ibis backends; DuckDB's own
            if close is not None:
                close()
        self._backend = self._local = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading ----------------------------------------------------------------------------------------
    def read(self, path: Path, *, ordered: bool = False, all_text: bool = False) -> ir.Table:
        """A table over a CSV or Parquet file. ``ordered`` adds ``__order`` (position in the file);
        ``all_text`` reads every CSV column as text (so bad values can be found and reported)."""
        kind = file_kind(path)
        if kind not in ("csv", "parquet"):
            raise JourneymapError(f"{path}: the engine reads CSV and Parquet; read {kind} files with their reader")
        if self.kind == "duckdb":
            return self._table(self.backend, _duckdb_read(self.backend, path, kind, ordered, all_text))
        if self.kind == "spark":
            return self._spark_read(path, kind, ordered, all_text)
        local = self._local_duckdb()
        arrow = local.sql(f"SELECT * FROM {_duckdb_read(local, path, kind, ordered, all_text)}").to_arrow_table()
        return self.from_arrow(arrow)

    def _local_duckdb(self) -> Any:
        if self._local is None:
            self._local = _duckdb_connection()
        return self._local

    @staticmethod
    def _table(con: Any, name: str) -> ir.Table:
        """An Ibis table over the DuckDB table or view ``name``, typed as DuckDB describes it."""
        import ibis
        from ibis.backends.sql.datatypes import DuckDBType

        described = con.execute(f"DESCRIBE {name}").fetchall()  # name, type, null, key, default, extra
        schema = {column: DuckDBType.from_string(kind, nullable=null == "YES") for column, kind, null, *_ in described}
        return ibis.table(schema, name=name)

    def _spark_read(self, path: Path, kind: str, ordered: bool, all_text: bool) -> ir.Table:
        from pyspark.sql import functions as F

        self.backend  # noqa: B018  (opens the session)
        reader = self._spark.read
        if kind == "parquet":
            frame = reader.parquet(spark_literal_path(path))
        else:
            frame = reader.option("header", True).option("inferSchema", not all_text).csv(spark_literal_path(path))
        if ordered:  # partitions of one file are read in order, and ids grow with the partition index
            frame = frame.withColumn(ORDER, F.monotonically_increasing_id())
        name = f"jm_file_{next(_names)}"
        frame.createOrReplaceTempView(name)
        return self.backend.table(name)

    def from_arrow(self, table: pa.Table) -> ir.Table:
        """A table over rows made in Python (XLSX, XES), loaded into the backend."""
        name = f"jm_rows_{next(_names)}"
        if self.kind == "spark":
            self.backend  # noqa: B018
            frame = self._spark.createDataFrame(table.to_pandas())
            frame.createOrReplaceTempView(name)
            return self.backend.table(name)
        if self.kind == "duckdb":
            self.backend.from_arrow(table).create(name)
            return self._table(self.backend, name)
        return self.backend.create_table(name, table, temp=True)

    def materialize(self, expr: ir.Table) -> ir.Table:
        """``expr`` computed once into a temporary table of the backend (dropped with the connection), so that
        several queries over it do not each plan and run it again. Spark keeps it lazy."""
        if self.kind == "spark":
            return expr
        name = f"jm_table_{next(_names)}"
        if self.kind == "duckdb":
            import ibis

            self.backend.execute(f"CREATE TEMP TABLE {name} AS {self.sql(expr)}")
            return ibis.table(expr.schema(), name=name)
        return self.backend.create_table(name, expr, temp=True)

    @contextmanager
    def cached(self, expr: ir.Table) -> Iterator[ir.Table]:
        """``expr`` computed once for the queries of the ``with`` block, and dropped after it."""
        if self.kind != "duckdb":
            cached = expr.cache()
            try:
                yield cached
            finally:
                cached.release()
            return
        table = self.materialize(expr)
        try:
            yield table
        finally:
            self.backend.execute(f"DROP TABLE IF EXISTS {table.get_name()}")

    def table_names(self) -> set[str]:
        """The names of the tables and views the engine holds now (temporary ones included on DuckDB)."""
        if self.kind == "duckdb":
            query = "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views()"
            return {str(row[0]) for row in self.backend.execute(query).fetchall()}
        return set(self.backend.list_tables())

    def sql(self, expr: ir.Expr) -> str:
        """The SQL of ``expr`` in DuckDB's dialect (the engine runs it itself: see :func:`_duckdb_connection`)."""
        import ibis

        return str(ibis.to_sql(expr, dialect="duckdb", pretty=False))

    def rows(self, expr: ir.Table) -> list[dict[str, Any]]:
        """The rows of a (small) result as dicts."""
        if self.kind == "duckdb":
            cursor = self.backend.execute(self.sql(expr))
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        result: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
        return result

    def scalar(self, expr: ir.Scalar) -> Any:
        """The value of a scalar expression (a count, a sum)."""
        [row] = self.rows(expr.name("value").as_table())
        return row["value"]


def _duckdb_connection() -> Any:
    """A DuckDB connection (in memory) set up as Ibis sets up its own: times in UTC, no Python variables read as
    tables.

    Expressions are still built with Ibis (one code path for DuckDB, PostgreSQL and Spark) and compiled to SQL
    by it, but on DuckDB the engine runs that SQL itself and fetches plain rows: Ibis's DuckDB backend imports
    pandas and converts every result through Arrow, which took longer than the whole computation on a survey
    of 20,000 rows."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET python_enable_replacements = false")
    return con


def _duckdb_read(con: Any, path: Path, kind: str, ordered: bool, all_text: bool) -> str:
    """The name of a temporary view (Parquet: scanned where it lies) or table (CSV: read once, so that every
    later expression scans the table, not the text) over the file. The path is given literally: DuckDB would
    read ``survey [final].csv`` as a pattern (see ``files``)."""
    name = f"jm_file_{next(_names)}"
    source = literal_path(path).replace("'", "''")
    if kind == "parquet":
        scan = f"read_parquet('{source}', file_row_number = {str(ordered).lower()})"
        query = f"SELECT * RENAME (file_row_number AS {ORDER}) FROM {scan}" if ordered else f"SELECT * FROM {scan}"
        con.execute(f"CREATE TEMP VIEW {name} AS {query}")
        return name
    options = "header = true, all_varchar = true" if all_text else "header = true"
    # read_csv has no row number: a table keeps the file's order (insertion order is preserved) in rowid
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM read_csv('{source}', {options})")
    if not ordered:
        return name
    con.execute(f"CREATE TEMP VIEW {name}_ordered AS SELECT rowid AS {ORDER}, * FROM {name}")
    return f"{name}_ordered"
