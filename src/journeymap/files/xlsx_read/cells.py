"""Cells of a workbook: their positions and names (``B7``), their values, and the limits of a sheet."""

from __future__ import annotations

import struct
import zipfile
import zlib
from datetime import datetime
from typing import NamedTuple

from ...errors import MapFileError, Problem

MB = 1024 * 1024
_CHUNK = 1 << 20
_RATIO_FROM_BYTES = MB
"""Growth is judged on parts that unpack to more than this: a small part cannot be a bomb, and tiny XML parts of
real workbooks (empty styles, repeated blank cells) legitimately grow a lot."""
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_SAVE_HINT = "save the workbook as Excel Workbook (.xlsx)"
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
"""What zipfile raises for a broken or unsupported archive (checked by the fuzz tests)."""


def column_letter(col: int) -> str:
    """Spreadsheet letters of a 1-based column (1 → A, 27 → AA)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index


class Cell(NamedTuple):
    """A cell that holds something. ``value`` is text, a number, a bool, a datetime or, for an error cell, its
    text (``#N/A``); ``formula`` tells that the value is a formula's cached result (``None`` when none was saved)."""

    row: int
    col: int
    value: str | int | float | bool | datetime | None
    kind: str
    """``text``, ``number``, ``bool``, ``date``, ``error`` or ``empty`` (a formula with no cached value)."""
    formula: bool = False

    @property
    def name(self) -> str:
        return cell_name(self.row, self.col)


def _refuse(code: str, where: str, message: str, hint: str = "") -> MapFileError:
    return MapFileError([Problem(code, where, message, hint)])
