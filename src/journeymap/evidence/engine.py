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
            return ibis.duckdb.connect()
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
            disconnect = getattr(con, "disconnect", None)
            if disconnect is not None:
                disconnect()
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
            return self._duckdb_read(self.backend, path, kind, ordered, all_text)
        if self.kind == "spark":
            return self._spark_read(path, kind, ordered, all_text)
        local = self._local_duckdb()
        arrow = self._duckdb_read(local, path, kind, ordered, all_text).to_pyarrow()
        return self.from_arrow(arrow)

    def _local_duckdb(self) -> Any:
        if self._local is None:
            import ibis

            self._local = ibis.duckdb.connect()
        return self._local

    @staticmethod
    def _duckdb_read(con: Any, path: Path, kind: str, ordered: bool, all_text: bool) -> ir.Table:
        """The file as a temporary table (read once: every later expression scans the table, not the file).
        The path is given literally: DuckDB would read ``survey [final].csv`` as a pattern (see ``files``)."""
        name = f"jm_file_{next(_names)}"
        source = literal_path(path).replace("'", "''")
        if kind == "parquet":
            scan = f"read_parquet('{source}', file_row_number = {str(ordered).lower()})"
            query = f"SELECT * RENAME (file_row_number AS {ORDER}) FROM {scan}" if ordered else f"SELECT * FROM {scan}"
            return con.sql(query)
        options = "header = true, all_varchar = true" if all_text else "header = true"
        # read_csv has no row number: a table keeps the file's order (insertion order is preserved) in rowid
        con.raw_sql(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM read_csv('{source}', {options})")
        if not ordered:
            return con.table(name)
        return con.sql(f"SELECT rowid AS {ORDER}, * FROM {name}")

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
            return self.backend.create_table(name, table, temp=True)
        return self.backend.create_table(name, table, temp=True)

    def materialize(self, expr: ir.Table) -> ir.Table:
        """``expr`` computed once into a temporary table of the backend (dropped with the connection), so that
        several queries over it do not each plan and run it again. Spark keeps it lazy."""
        if self.kind == "spark":
            return expr
        return self.backend.create_table(f"jm_table_{next(_names)}", expr, temp=True)

    def rows(self, expr: ir.Table) -> list[dict[str, Any]]:
        """The rows of a (small) result as dicts."""
        result: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
        return result
