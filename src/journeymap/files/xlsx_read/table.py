"""A sheet as a table: its header row, then its rows in columnar batches (for the evidence engine)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...errors import MapFileError, Problem
from .cells import Cell, cell_name, column_letter
from .sheet import _SheetReader

if TYPE_CHECKING:
    from .workbook import Workbook


_BATCH = 10_000


def cell_text(value: str | int | float | bool | datetime | None) -> str | None:
    """A cell's value as the text a survey reads (``5`` for 5.0)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _formula_problem(book: Workbook, sheet: str, cell: Cell) -> Problem:
    return Problem(
        "XL002",
        book.where(sheet, cell.row, cell.col),
        "a formula with no saved value (the workbook was never calculated)",
        "open the workbook in Excel or LibreOffice and save it, or paste the values instead of the formula",
    )


def sheet_header(book: Workbook, sheet: str, cells: Iterator[Cell]) -> tuple[list[str], Cell | None]:
    """The column names in row 1 of ``sheet`` (an empty name becomes ``column_N``) and the first cell after the
    header. Refuses an empty header, a formula with no saved value and a name used twice (naming both cells)."""
    header: dict[int, str] = {}
    first_cell: dict[str, int] = {}
    problems: list[Problem] = []
    following: Cell | None = None
    for cell in cells:
        if cell.row != 1:
            following = cell
            break
        if cell.kind == "empty" and cell.formula:
            problems.append(_formula_problem(book, sheet, cell))
            continue
        name = (cell_text(cell.value) or "").strip()
        if not name:
            continue
        if name in first_cell:
            other = cell_name(1, first_cell[name])
            problems.append(
                Problem(
                    "XL017",
                    book.where(sheet, 1, cell.col),
                    f"the column name {name[:80]!r} is used twice: here and in {other}",
                    "give every column of row 1 a name of its own",
                )
            )
            continue
        if name == "__order":
            where = book.where(sheet, 1, cell.col)
            problems.append(Problem("XL017", where, "the column name '__order' is reserved", "rename the column"))
            continue
        first_cell[name] = cell.col
        header[cell.col] = name
    if problems:
        raise MapFileError(problems)
    if not header:
        where = book.where(sheet, 1)
        raise MapFileError([Problem("JE005", where, "the sheet is empty: row 1 names no columns", "")])
    width = max(header)
    names = [header.get(col, f"column_{col}") for col in range(1, width + 1)]
    taken = set(header.values())
    for col in range(1, width + 1):
        if col not in header and names[col - 1] in taken:
            where = book.where(sheet, 1, col)
            raise MapFileError([Problem("XL017", where, f"an empty name, and {names[col - 1]!r} is taken", "")])
    return names, following


def sheet_table(book: Workbook, sheet: str) -> tuple[Any, list[str]]:
    """``sheet`` as an Arrow table of text columns named by row 1, with ``__order`` (a row's place: row 2 is 0);
    rows that hold nothing are left out. Built in batches, so memory follows the text, not Python objects."""
    import pyarrow as pa

    cells = _SheetReader(book, sheet).tuples(as_text=True)
    names, pending = sheet_header(book, sheet, (Cell._make(found) for found in cells))
    width = len(names)
    columns: list[list[str | None]] = [[] for _ in names]
    order: list[int] = []
    chunks: list[list[Any]] = [[] for _ in range(width + 1)]
    problems: list[Problem] = []

    def flush() -> None:
        chunks[0].append(pa.array(order, pa.int64()))
        for index, values in enumerate(columns):
            chunks[index + 1].append(pa.array(values, pa.string()))
            values.clear()
        order.clear()

    current = 0
    values: list[str | None] = [None] * width

    def finish_row() -> None:
        nonlocal values
        if current and any(v is not None for v in values):
            order.append(current - 2)
            for index, value in enumerate(values):
                columns[index].append(value)
            values = [None] * width
            if len(order) >= _BATCH:
                flush()

    stream = cells if pending is None else _chain(tuple(pending), cells)
    for row, col, value, kind, formula in stream:
        if row != current:
            finish_row()
            current = row
        if kind == "empty":
            if formula:
                problems.append(_formula_problem(book, sheet, Cell(row, col, value, kind, formula)))
                if len(problems) >= 20:
                    break
            continue
        if col > width:
            problems.append(_unnamed_column(book, sheet, row, col))
            if len(problems) >= 20:
                break
            continue
        values[col - 1] = value if kind == "text" else str(value) if type(value) is int else cell_text(value)
    if problems:
        raise MapFileError(problems)
    finish_row()
    flush()
    arrays = {"__order": pa.chunked_array(chunks[0], pa.int64())}
    for index, name in enumerate(names):
        arrays[name] = pa.chunked_array(chunks[index + 1], pa.string())
    return pa.table(arrays), names


def _unnamed_column(book: Workbook, sheet: str, row: int, col: int) -> Problem:
    return Problem(
        "XL018",
        book.where(sheet, row, col),
        f"a value in column {column_letter(col)}, which has no name in row 1",
        "name the column in row 1, or delete the value",
    )


def _chain(first: tuple[Any, ...], rest: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    yield first
    yield from rest
