"""Opening evidence files through the engine, with the positions needed to report a bad cell.

CSV and Parquet are scanned by the engine; XLSX sheets are read by ``journeymap.files.xlsx_read`` (streaming,
only the cells present, within the limits) into Arrow and loaded into the engine.
Every problem names the file and the cell: ``file.csv:LINE:FIELD`` for CSV, ``file.parquet: row N, column C``
for Parquet, ``file.xlsx › Sheet!D7`` for XLSX.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MapFileError, Problem, ProblemsError
from ..limits import limits
from ..model.references import did_you_mean
from .engine import Engine, file_kind
from .files import check_csv, check_file, check_parquet

__all__ = ["Source", "column_letter", "open_source"]


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Source:
    """An opened evidence file: the table, its columns in file order, and how to name a cell."""

    path: Path
    kind: str
    table: Any
    columns: list[str]
    sheet: str | None = None
    ordered: bool = False

    @property
    def name(self) -> str:
        return str(self.path)

    def cell(self, order: int, column: str) -> str:
        """Where row ``order`` (0-based data row) of ``column`` is, for a person."""
        index = self.columns.index(column) if column in self.columns else 0
        if self.kind == "xlsx":
            return f"{self.path} › {self.sheet}!{column_letter(index)}{order + 2}"
        if self.kind == "parquet":
            return f"{self.path}: row {order + 1}, column {column}"
        return f"{self.path}:{order + 2}:{index + 1}"

    def header(self, column: str | None = None) -> str:
        if self.kind == "xlsx":
            return f"{self.path} › {self.sheet}!1:1"
        return f"{self.path}:1:1" if self.kind == "csv" else str(self.path)

    def require(self, wanted: dict[str, str | None]) -> None:
        """Problems for every wanted column (role → name) that the file does not have."""
        problems = [
            Problem("JE010", self.header(), f"no column {name!r} (the {role})", did_you_mean(name, self.columns))
            for role, name in wanted.items()
            if name is not None and name not in self.columns
        ]
        if problems:
            raise MapFileError(problems)


def _check_readable(path: Path) -> None:
    """A regular, non-empty file under the size limit (not a folder, a FIFO or a device)."""
    try:
        check_file(path, "evidence file")
    except ProblemsError as exc:
        raise MapFileError(exc.problems) from None


def _utf8_problem(path: Path) -> Problem | None:
    """The first position where ``path`` is not UTF-8 (read in chunks; only used after a reader failed)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, offset = 1, 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                before = chunk[: exc.start]
                line += before.count(b"\n")
                column = exc.start - (before.rfind(b"\n") + 1) + 1 if b"\n" in before else offset + exc.start + 1
                return Problem(
                    "JE003",
                    f"{path}:{line}:{column}",
                    "the file is not UTF-8 text",
                    "save it as UTF-8 (in a spreadsheet: CSV UTF-8)",
                )
            line += chunk.count(b"\n")
            offset = len(chunk) - (chunk.rfind(b"\n") + 1)
    return None


def open_source(
    engine: Engine, path: Path, *, ordered: bool = False, all_text: bool = False, sheet: str | None = None
) -> Source:
    """Open ``path`` (CSV, Parquet or XLSX) as a table of the engine."""
    _check_readable(path)
    kind = file_kind(path)
    if kind == "xlsx":
        return _open_xlsx(engine, path, sheet)
    if kind not in ("csv", "parquet"):
        raise MapFileError([Problem("JE006", str(path), f"a survey is CSV, XLSX or Parquet, not {kind}", "")])
    try:
        check_csv(path) if kind == "csv" else check_parquet(path)
    except ProblemsError as exc:
        raise MapFileError(exc.problems) from None
    try:
        table = engine.read(path, ordered=ordered, all_text=all_text)
        columns = [c for c in table.columns if c != "__order"]
    except Exception as exc:  # the backends raise their own error types
        raise MapFileError([_reader_problem(path, exc)]) from exc
    if not columns:
        raise MapFileError([Problem("JE005", str(path), "the file has no columns", "check the header line")])
    if len(columns) > limits().columns:
        raise MapFileError([limits().problem("columns", f"{path}:1", "the file's columns", f"{len(columns):,}")])
    return Source(path, kind, table, columns, ordered=ordered)


def _reader_problem(path: Path, exc: Exception) -> Problem:
    text = str(exc)
    if "unicode" in text.lower() or "utf-8" in text.lower() or "utf8" in text.lower():
        found = _utf8_problem(path)
        if found is not None:
            return found
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    line = _ERROR_LINE.search(text)
    where = f"{path}:{line.group(1)}" if line else str(path)
    parquet = path.suffix.lower() in (".parquet", ".pq")
    hint = "check that it is a valid Parquet file" if parquet else "check the CSV: quotes closed, one delimiter"
    return Problem("JE007", where, f"cannot be read: {first[:200]}", hint)


_ERROR_LINE = re.compile(r"\bLine: (\d+)")


def _open_xlsx(engine: Engine, path: Path, sheet: str | None) -> Source:
    """A sheet as a table of text: row 1 names the columns, every later row that holds something is a response
    (``__order`` keeps its place in the sheet, so problems name the right cell). Read by
    :mod:`journeymap.files.xlsx_read`: only the cells present, within the limits; a formula gives its cached value."""
    from ..files.xlsx_read import open_workbook, sheet_table

    with open_workbook(path, str(path), code="JE007") as book:
        if sheet is not None and sheet not in book.sheets:
            hint = did_you_mean(sheet, book.sheetnames)
            raise MapFileError([Problem("JE011", str(path), f"no sheet {sheet!r}", hint)])
        if not book.sheets:
            raise MapFileError([Problem("JE005", str(path), "the workbook has no sheets", "")])
        name = sheet if sheet is not None else book.sheetnames[0]
        arrow, names = sheet_table(book, name)
    table = engine.from_arrow(arrow)
    return Source(path, "xlsx", table, names, sheet=name, ordered=True)
