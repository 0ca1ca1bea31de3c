"""Streaming the cells of a sheet: only those present, at their real positions, converted to text, numbers,
booleans and dates, within the ``columns`` and ``sheet_cells`` limits."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from ...errors import MapFileError
from ...limits import limits
from .cells import _SAVE_HINT, MAX_COLUMN, MAX_ROW, Cell, _column_index, _refuse
from .parsing import _feed, _parser, _Stop

if TYPE_CHECKING:
    from .workbook import Workbook


class _SheetReader:
    """Expat handlers that collect the cells of one sheet (only those present). The handlers are closures over
    local state: this is the hot loop of every big sheet."""

    def __init__(self, book: Workbook, sheet: str) -> None:
        self.book = book
        self.sheet = sheet
        self.part = book.sheets[sheet]
        self.lim = limits()

    def where(self, row: int, col: int) -> str:
        return self.book.where(self.sheet, row, col)

    def broken(self, row: int, col: int, what: str) -> MapFileError:
        return _refuse("XL015", self.where(row, min(max(col, 1), MAX_COLUMN)), f"a broken sheet: {what}", _SAVE_HINT)

    def cells(self) -> Iterator[Cell]:
        for found in self.tuples():
            yield Cell._make(found)

    def tuples(self, as_text: bool = False) -> Iterator[tuple[Any, ...]]:
        """The cells as plain tuples (row, col, value, kind, formula): cheaper than :class:`Cell` in big sheets.
        ``as_text``: integers come as their text (kind ``text``), as a survey reads them."""
        out: list[tuple[Any, ...]] = []
        pieces: list[str] = []  # the character data since the last start tag (its handler is pieces.append)
        inline_parts: list[str] = []
        value_text = ""
        max_columns = min(self.lim.columns, MAX_COLUMN)
        max_cells = self.lim.sheet_cells
        max_text = self.lim.text_chars
        date_styles = self.book.date_styles
        row = col = count = 0
        style = -1
        cell_type = "n"
        has_value = formula = inline = phonetic = False
        local_names: dict[str, str] = {}

        def local(qname: str) -> str:
            found = local_names.get(qname)
            if found is None:
                found = local_names[qname] = qname.rpartition(":")[2]
            return found

        def start(qname: str, attrs: dict[str, str]) -> None:
            nonlocal row, col, style, cell_type, has_value, formula, inline, phonetic, value_text
            pieces.clear()
            name = qname if ":" not in qname else local(qname)
            if name == "c":
                ref = attrs.get("r")
                if row == 0:
                    row = 1
                new_col = col + 1
                if ref is not None:
                    letters = ref.rstrip("0123456789")
                    digits = ref[len(letters) :]
                    if not letters or not digits or len(letters) > 3 or not letters.isascii() or not letters.isupper():
                        raise _Stop(self.broken(row, new_col, f"a cell reference {ref[:20]!r} that is not a cell"))
                    new_col = _column_index(letters)
                    if int(digits) != row:
                        raise _Stop(self.broken(int(digits), new_col, f"cell {ref} is stored in row {row}"))
                    if new_col <= col:
                        raise _Stop(self.broken(row, new_col, "cells out of order, or a cell stored twice"))
                if new_col > max_columns:
                    if new_col > MAX_COLUMN:
                        raise _Stop(self.broken(row, new_col, "a cell past the last column of a sheet (XFD)"))
                    where = self.where(row, new_col)
                    raise _Stop(MapFileError([self.lim.problem("columns", where, "the sheet's columns", new_col)]))
                col = new_col
                cell_type = attrs.get("t", "n")
                s = attrs.get("s")
                style = int(s) if s and s.isdigit() else -1
                has_value = formula = False
                value_text = ""
            elif name == "v":
                has_value = True
            elif name == "row":
                ref = attrs.get("r")
                new_row = row + 1
                if ref is not None:
                    if not ref.isdigit() or len(ref) > 8:
                        raise _Stop(self.broken(row + 1, 1, f"a row number {ref[:20]!r} that is not a row"))
                    new_row = int(ref)
                if new_row <= row or new_row > MAX_ROW:
                    raise _Stop(self.broken(min(new_row, MAX_ROW), 1, "rows out of order or past the last row"))
                row, col = new_row, 0
            elif name == "f":
                formula = True
            elif name == "is":
                inline = has_value = True
                inline_parts.clear()
            elif name == "rPh":
                phonetic = True

        def end(qname: str) -> None:
            nonlocal count, inline, phonetic, value_text
            name = qname if ":" not in qname else local(qname)
            if name == "c":
                if not has_value:
                    if formula:
                        out.append((row, col, None, "empty", True))
                    return
                count += 1
                if count > max_cells:
                    where = self.where(row, col)
                    raise _Stop(MapFileError([self.lim.problem("sheet_cells", where, "the cells holding data")]))
                raw = value_text
                if as_text and cell_type == "n" and raw.isdigit() and style not in date_styles and raw[0] != "0":
                    out.append((row, col, raw, "text", formula))  # an integer, already its text
                elif cell_type == "n" and raw:
                    try:
                        number: int | float = int(raw)
                    except ValueError:
                        try:
                            number = float(raw)
                        except ValueError:
                            number = math.nan
                        if not math.isfinite(number):
                            raise _Stop(self.broken(row, col, f"a number {raw[:20]!r} that is not a number")) from None
                    if style in date_styles:
                        out.append((row, col, self.as_date(number, row, col), "date", formula))
                    else:
                        out.append((row, col, number, "number", formula))
                else:
                    found = self.convert(row, col, cell_type, raw, formula, max_text)
                    if found is not None:
                        out.append(found)
            elif name == "v":
                value_text = pieces[0] if len(pieces) == 1 else "".join(pieces)
            elif name == "t":
                if inline and not phonetic:
                    inline_parts.append("".join(pieces))
            elif name == "is":
                inline = False
                value_text = "".join(inline_parts)
            elif name == "rPh":
                phonetic = False

        parser = _parser(self.book, self.part)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = pieces.append
        for _ in _feed(self.book, self.part, parser):
            if out:
                yield from out
                out.clear()

    def convert(self, row: int, col: int, kind: str, raw: str, formula: bool, max_text: int) -> tuple[Any, ...] | None:
        """A cell other than a number (text, bool, error, date) or an empty formula result."""
        value: str | bool | datetime
        if kind == "n":
            return (row, col, None, "empty", formula) if formula else None
        if kind == "s":
            try:
                value = self.book.shared_strings()[int(raw)]
            except (ValueError, IndexError):
                raise _Stop(self.broken(row, col, f"a shared string {raw[:20]!r} that the workbook lacks")) from None
        elif kind == "b":
            return (row, col, raw.strip() in ("1", "true"), "bool", formula)
        elif kind == "e":
            return (row, col, raw.strip(), "error", formula)
        elif kind == "d":
            try:
                value = datetime.fromisoformat(raw.strip())
            except ValueError:
                raise _Stop(self.broken(row, col, f"a date {raw[:30]!r} that is not a date")) from None
            return (row, col, value, "date", formula)
        else:  # inlineStr, str (a formula's text)
            value = raw
        if len(value) > max_text:
            where = self.where(row, col)
            raise _Stop(MapFileError([self.lim.problem("text_chars", where, "the cell's text", len(value))]))
        return (row, col, value, "text", formula)

    def as_date(self, value: float, row: int, col: int) -> datetime:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        epoch = CALENDAR_MAC_1904 if self.book.date1904 else CALENDAR_WINDOWS_1900
        try:
            found = from_excel(value, epoch)
        except (OverflowError, ValueError, TypeError):
            found = None
        if isinstance(found, datetime):
            return found
        if isinstance(found, time):
            return datetime.combine(datetime(1899, 12, 30), found)
        if isinstance(found, timedelta):
            return datetime(1899, 12, 30) + found
        raise _Stop(self.broken(row, col, f"a date {value!r} outside the calendar"))
