"""Feedback from XLSX, Parquet and JSON Lines files, streamed in batches.

* XLSX is read by :mod:`journeymap.files.xlsx_read` (zip parts checked against the unpacked-size and compression
  limits before anything is unpacked, cells streamed, ``sheet_cells`` bounded); a row is located
  ``file.xlsx › Sheet!12:12``.
* Parquet runs on the evidence engine (DuckDB scans the file where it lies; its footer is checked first against
  the column, row and unpacked-size limits) and is fetched in batches; a row is located ``file.parquet: row N``.
* JSON Lines is read a line at a time (a line longer than the longest text allowed is skipped, not held); a line
  that is not a JSON object is skipped and located ``file.jsonl:LINE``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import Problem, ProblemsError
from ..evidence.files import check_file, check_parquet
from ..limits import limits
from .comments import Comment
from .read_values import ColumnSpec, RowShape, SkipLog, batches

__all__ = ["read_jsonl", "read_parquet", "read_xlsx"]


def read_xlsx(
    path: Path, spec: ColumnSpec, log: SkipLog, *, sheet: str | None = None, batch: int = 10_000
) -> Iterator[list[Comment]]:
    """The comments of one sheet (the first without ``sheet``)."""
    from ..files.xlsx_read import open_workbook, sheet_table
    from ..model.references import did_you_mean

    source = path.name
    with open_workbook(path, source, code="JE222") as book:
        if sheet is not None and sheet not in book.sheets:
            raise ProblemsError([Problem("JE222", source, f"no sheet {sheet!r}", did_you_mean(sheet, book.sheets))])
        if not book.sheets:
            raise ProblemsError([Problem("JE005", source, "the workbook has no sheets", "")])
        name = sheet if sheet is not None else book.sheetnames[0]
        table, names = sheet_table(book, name)
    shape = RowShape.find(spec, names, source, f"{source} › {name}!1:1")

    def rows() -> Iterator[Comment | None]:
        for record in table.to_batches(max_chunksize=batch):
            columns = [record.column(n).to_pylist() for n in names]
            for index, order in enumerate(record.column("__order").to_pylist()):
                line = order + 2
                values = [column[index] for column in columns]
                yield shape.comment(values, order + 1, None, f"{source} › {name}!{line}:{line}", log)

    yield from batches(rows(), batch)


def read_parquet(path: Path, spec: ColumnSpec, log: SkipLog, *, batch: int = 10_000) -> Iterator[list[Comment]]:
    """The comments of a Parquet file, scanned by the evidence engine and fetched ``batch`` rows at a time."""
    from ..evidence.engine import ORDER, Engine

    check_file(path, "feedback file")
    check_parquet(path)
    source = path.name
    with Engine() as engine:
        engine.backend.execute("SET enable_progress_bar = false")  # DuckDB's own bar would land in stdout's JSON
        table = engine.read(path, ordered=True)
        names = [name for name in table.columns if name != ORDER]
        shape = RowShape.find(spec, names, source, source)
        wanted = sorted({names[index] for index in shape.positions.values()}, key=names.index)
        picked = RowShape(source, {role: wanted.index(names[index]) for role, index in shape.positions.items()})
        # DuckDB keeps a scan in file order (preserve_insertion_order): no sort, so memory stays one batch
        cursor = engine.backend.execute(engine.sql(table.select(ORDER, *wanted)))
        while rows := cursor.fetchmany(batch):
            where = f"{source}: row"
            yield from batches((picked.comment(v, o + 1, None, f"{where} {o + 1}", log) for o, *v in rows), batch)


def read_jsonl(path: Path, spec: ColumnSpec, log: SkipLog, *, batch: int = 10_000) -> Iterator[list[Comment]]:
    """The comments of a JSON Lines file: one object a line; the columns are the keys of the objects."""
    check_file(path, "feedback file")
    yield from batches(_jsonl_rows(path, spec, log), batch)


def _jsonl_rows(path: Path, spec: ColumnSpec, log: SkipLog) -> Iterator[Comment | None]:
    source = path.name
    cap = limits().text_chars * 4 + 1024
    shape: RowShape | None = None
    roles = spec.named()
    row = 0
    with path.open("rb") as handle:
        for line, raw in enumerate(_capped_lines(handle, cap), start=1):
            if raw is not None and not raw.strip():
                continue
            row += 1
            where = f"{source}:{line}"
            record = _object(raw, where, log)
            if record is None:
                continue
            if shape is None:
                shape = _json_shape(spec, record, source, where)
            values = [record.get(_key(record, name)) for _, name in roles]
            yield shape.comment(values, row, line, where, log)


def _capped_lines(handle: Any, cap: int) -> Iterator[bytes | None]:
    """The file's lines; None for a line longer than ``cap`` bytes (read past, never held whole)."""
    while raw := handle.readline(cap):
        if len(raw) >= cap and not raw.endswith(b"\n"):
            while (rest := handle.readline(cap)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield raw


def _object(raw: bytes | None, where: str, log: SkipLog) -> dict[str, Any] | None:
    if raw is None:
        log.skip(where, "a line longer than the longest text allowed")
        return None
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        log.skip(where, "bad encoding (not UTF-8)")
        return None
    except (json.JSONDecodeError, RecursionError):
        log.skip(where, "not valid JSON")
        return None
    if not isinstance(record, dict):
        log.skip(where, "not a JSON object")
        return None
    return record


def _key(record: dict[str, Any], name: str) -> str:
    if name in record:
        return name
    lowered = name.strip().lower()
    return next((key for key in record if key.lower() == lowered), name)


def _json_shape(spec: ColumnSpec, record: dict[str, Any], source: str, where: str) -> RowShape:
    """Checks every column named is a key of the first object (a later line may leave an optional key out);
    the values are then given in the order of ``spec.named()``."""
    RowShape.find(spec, list(record), source, where)
    return RowShape(source, {role: index for index, (role, _) in enumerate(spec.named())})
