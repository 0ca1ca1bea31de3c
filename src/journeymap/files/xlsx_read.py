"""Reading XLSX workbooks safely: the cells that hold data, streamed, within :func:`~journeymap.limits.limits`.

A workbook is a zip of XML parts, and both layers can be crafted: a part that unpacks to gigabytes (a zip bomb), a
``<dimension>`` that claims a million rows, one cell at ``XFD1048576`` (which makes readers that fill the declared
or spanned range — openpyxl's ``iter_rows``, calamine's dense ranges — walk or allocate billions of cells), XML
entity bombs. So this module:

* checks the file (a regular file, not over ``file_mb``) and the zip's table of contents before unpacking anything:
  every part's unpacked size against ``decompressed_mb`` and its growth against ``compression_ratio`` (zipfile
  never unpacks more than the size the table declares, so the check bounds the work);
* parses the XML with expat (the C parser of the standard library, fed in chunks) and refuses any document type
  declaration, as defusedxml does: no entities, no external references; expat ≥ 2.4 also stops amplification;
* yields only the cells present in the sheet, with their real positions (the ``<dimension>`` element is ignored),
  and refuses a cell past the ``columns`` limit or more than ``sheet_cells`` cells, naming the cell;
* gives formula cells their cached value (what Excel shows); a formula with no cached value is marked, and the
  callers refuse it with its cell rather than read it as empty.

openpyxl is not used for reading cells: in read-only mode it pads every row up to the declared range, and in normal
mode it builds every cell object; a streaming expat pass is both bounded and several times faster. openpyxl's
small helpers (date formats, Excel serial dates, column letters) are used.
"""

from __future__ import annotations

import math
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path, PurePosixPath
from typing import IO, Any, NamedTuple
from xml.parsers import expat

from ..errors import MapFileError, Problem
from ..limits import limits

__all__ = [
    "Cell",
    "Workbook",
    "cell_name",
    "cell_text",
    "column_letter",
    "open_workbook",
    "sheet_header",
    "sheet_table",
]

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


@dataclass
class Workbook:
    """An opened workbook: its sheets by name (in order) and how to read their cells."""

    path: Path
    display: str
    archive: zipfile.ZipFile
    sheets: dict[str, str]
    """Sheet name → the zip part of its XML."""
    date1904: bool = False
    date_styles: frozenset[int] = frozenset()
    _shared: list[str] | None = field(default=None, repr=False)
    _shared_part: str | None = None

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def where(self, sheet: str, row: int | None = None, col: int | None = None) -> str:
        if row is None:
            return f"{self.display} › {sheet}"
        if col is None:
            return f"{self.display} › {sheet}!{row}:{row}"
        return f"{self.display} › {sheet}!{cell_name(row, col)}"

    def shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = _read_shared_strings(self) if self._shared_part else []
        return self._shared

    def cells(self, sheet: str) -> Iterator[Cell]:
        """The cells of ``sheet`` that hold something, row by row, as the file stores them (streamed)."""
        return _SheetReader(self, sheet).cells()

    def comments(self, sheet: str) -> dict[tuple[int, int], str]:
        """The notes (comments) of ``sheet`` by (row, column)."""
        part = self.sheets[sheet]
        found: dict[tuple[int, int], str] = {}
        for target in _related(self, part, "/comments"):
            reader = _CommentsReader(found)
            _parse(self, target, reader.start, reader.end, reader.data)
        return found


# --- opening ------------------------------------------------------------------------------------------------------


def _refuse(code: str, where: str, message: str, hint: str = "") -> MapFileError:
    return MapFileError([Problem(code, where, message, hint)])


def open_workbook(path: Path, display: str | None = None, *, code: str = "XL001") -> Workbook:
    """Open the workbook at ``path`` after checking the file and its zip parts against the limits; ``code`` is the
    problem code for a file that is not a workbook. Raises :class:`MapFileError` with a located problem."""
    shown = display or path.name
    lim = limits()
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _refuse(code, shown, "no such file", "check the path") from None
    except OSError as exc:
        raise _refuse(code, shown, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(code, shown, "is a folder, not a workbook", _SAVE_HINT)
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(code, shown, "is not a regular file (a device or a pipe)", "give the path of an .xlsx file")
    if info.st_size > lim.file_mb * MB:
        raise MapFileError([lim.problem("file_mb", shown, "the file's size in MB", info.st_size // MB)])
    if info.st_size == 0:
        raise _refuse(code, shown, "not an XLSX workbook: the file is empty", _SAVE_HINT)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            code,
            shown,
            "not an XLSX workbook: an old Excel (.xls) file or a password-protected workbook",
            "remove the password, or save it as Excel Workbook (.xlsx)",
        )
    if not head.startswith(b"PK"):
        raise _refuse(code, shown, "not an XLSX workbook (not a zip file)", _SAVE_HINT)
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        raise _refuse(code, shown, f"not an XLSX workbook: a broken zip ({exc})", _SAVE_HINT) from None
    try:
        _check_parts(archive, shown)
        return _read_workbook(path, shown, archive, code)
    except BaseException:
        archive.close()
        raise


def _check_parts(archive: zipfile.ZipFile, shown: str) -> None:
    lim = limits()
    for member in archive.infolist():
        where = f"{shown} › {member.filename}"
        if member.flag_bits & 0x1:
            raise _refuse("XL016", where, "the workbook is encrypted", "remove the password and save it as .xlsx again")
        if member.file_size > lim.decompressed_mb * MB:
            size = f"{member.file_size // MB:,} MB"
            raise MapFileError([lim.problem("decompressed_mb", where, "the part's unpacked size in MB", size)])
        if member.file_size > _RATIO_FROM_BYTES:
            ratio = member.file_size // max(member.compress_size, 1)
            if ratio > lim.compression_ratio:
                raise MapFileError(
                    [lim.problem("compression_ratio", where, "the part's growth when unpacked", f"{ratio:,}×")]
                )


def _read_workbook(path: Path, shown: str, archive: zipfile.ZipFile, code: str) -> Workbook:
    names = set(archive.namelist())
    main = _main_part(archive, shown, names)
    if main is None:
        raise _refuse(code, shown, "not an XLSX workbook: no workbook part (xl/workbook.xml)", _SAVE_HINT)
    book = Workbook(path, shown, archive, {})
    reader = _WorkbookReader()
    _parse(book, main, reader.start, None, None)
    rels = _relationships(book, main)
    for name, rel_id in reader.sheets:
        target = rels.get(rel_id)
        if target is None or target not in names:
            raise _refuse("XL015", f"{shown} › {name}", "the sheet's part is missing from the workbook", _SAVE_HINT)
        if name in book.sheets:
            raise _refuse("XL015", f"{shown} › {name}", "two sheets have this name", _SAVE_HINT)
        book.sheets[name] = target
    book.date1904 = reader.date1904
    for target in _related(book, main, "/sharedStrings"):
        book._shared_part = target
    for target in _related(book, main, "/styles"):
        book.date_styles = _date_styles(book, target)
    return book


def _main_part(archive: zipfile.ZipFile, shown: str, names: set[str]) -> str | None:
    if "_rels/.rels" in names:
        book = Workbook(Path(), shown, archive, {})
        for target in _related(book, "", "/officeDocument"):
            if target in names:
                return target
    return "xl/workbook.xml" if "xl/workbook.xml" in names else None


def _rels_part(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _relationships(book: Workbook, part: str, kind: str = "") -> dict[str, str]:
    """Relationship id → target part of ``part`` (only those whose type ends with ``kind``)."""
    rels_part = _rels_part(part)
    if rels_part not in book.archive.namelist():
        return {}
    found: dict[str, str] = {}
    base = PurePosixPath(part).parent

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] != "Relationship" or attrs.get("TargetMode") == "External":
            return
        if not attrs.get("Type", "").endswith(kind):
            return
        target = attrs.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else _normal(str(base / target))
        found[attrs.get("Id", "")] = resolved

    _parse(book, rels_part, start, None, None)
    return found


def _normal(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
            continue
        parts.append(piece)
    return "/".join(parts)


def _related(book: Workbook, part: str, kind: str) -> list[str]:
    return list(_relationships(book, part, kind).values())


class _WorkbookReader:
    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "sheet":
            rel = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), "")
            self.sheets.append((attrs.get("name", ""), rel))
        elif local == "workbookPr":
            self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")


def _date_styles(book: Workbook, part: str) -> frozenset[int]:
    """The indexes of the cell styles (``s``) whose number format is a date or time."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    custom: dict[int, str] = {}
    styles: list[int] = []
    depth = {"cellXfs": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "numFmt":
            fmt_id = attrs.get("numFmtId", "")
            if fmt_id.isdigit():
                custom[int(fmt_id)] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] = True
        elif local == "xf" and depth["cellXfs"]:
            try:
                styles.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                styles.append(0)

    def end(name: str) -> None:
        if name.rpartition(":")[2] == "cellXfs":
            depth["cellXfs"] = False

    _parse(book, part, start, end, None)
    dates = set()
    for index, fmt_id in enumerate(styles):
        code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
        if code and is_date_format(code):
            dates.add(index)
    return frozenset(dates)


def _read_shared_strings(book: Workbook) -> list[str]:
    assert book._shared_part is not None
    strings: list[str] = []
    state = {"depth": 0, "collect": False, "phonetic": False}
    buffer: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            buffer.clear()
        elif local == "rPh":
            state["phonetic"] = True
        elif local == "t" and not state["phonetic"]:
            state["collect"] = True

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            strings.append("".join(buffer))
        elif local == "rPh":
            state["phonetic"] = False
        elif local == "t":
            state["collect"] = False

    def data(text: str) -> None:
        if state["collect"]:
            buffer.append(text)

    _parse(book, book._shared_part, start, end, data)
    return strings


# --- parsing ------------------------------------------------------------------------------------------------------


class _Stop(Exception):
    """Raised inside a handler to end parsing with a problem."""

    def __init__(self, error: MapFileError) -> None:
        self.error = error


def _parser(book: Workbook, part: str) -> Any:
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def no_doctype(*_: object) -> None:
        where = f"{book.display} › {part}:{parser.CurrentLineNumber}"
        raise _Stop(
            _refuse("XL015", where, "the XML declares a document type (entities)", "workbooks never do: " + _SAVE_HINT)
        )

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    return parser


def _feed(book: Workbook, part: str, parser: Any) -> Iterator[None]:
    """Feed ``part`` to ``parser`` chunk by chunk; yields after each chunk."""
    try:
        handle: IO[bytes] = book.archive.open(part)
    except KeyError:
        raise _refuse("XL015", f"{book.display} › {part}", "the part is missing", _SAVE_HINT) from None
    except _ZIP_ERRORS as exc:
        raise _refuse("XL015", f"{book.display} › {part}", f"cannot be unpacked ({exc})", _SAVE_HINT) from None
    with handle:
        while True:
            try:
                chunk = handle.read(_CHUNK)
            except _ZIP_ERRORS as exc:
                raise _refuse("XL015", f"{book.display} › {part}", f"a broken zip part ({exc})", _SAVE_HINT) from None
            try:
                parser.Parse(chunk, not chunk)
            except _Stop as stop:
                raise stop.error from None
            except expat.ExpatError as exc:
                where = f"{book.display} › {part}:{exc.lineno}:{exc.offset + 1}"
                raise _refuse("XL015", where, f"broken XML ({expat.ErrorString(exc.code)})", _SAVE_HINT) from None
            yield None
            if not chunk:
                return


def _parse(
    book: Workbook,
    part: str,
    start: Callable[[str, dict[str, str]], None] | None,
    end: Callable[[str], None] | None,
    data: Callable[[str], None] | None,
) -> None:
    parser = _parser(book, part)
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if data:
        parser.CharacterDataHandler = data
    for _ in _feed(book, part, parser):
        pass


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


class _CommentsReader:
    def __init__(self, found: dict[tuple[int, int], str]) -> None:
        self.found = found
        self.ref: str | None = None
        self.collect = False
        self.text: list[str] = []

    def start(self, qname: str, attrs: dict[str, str]) -> None:
        local = qname.rpartition(":")[2]
        if local == "comment":
            self.ref = attrs.get("ref")
            self.text.clear()
        elif local == "t" and self.ref is not None:
            self.collect = True

    def end(self, qname: str) -> None:
        local = qname.rpartition(":")[2]
        if local == "t":
            self.collect = False
        elif local == "comment" and self.ref:
            letters = self.ref.rstrip("0123456789")
            digits = self.ref[len(letters) :]
            if letters.isascii() and letters.isupper() and digits.isdigit() and len(letters) <= 3:
                text = "".join(self.text)
                self.found[(int(digits), _column_index(letters))] = text
            self.ref = None

    def data(self, text: str) -> None:
        if self.collect:
            self.text.append(text)


# --- a sheet as a table -------------------------------------------------------------------------------------------

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
            problems.append(
                Problem(
                    "XL018",
                    book.where(sheet, row, col),
                    f"a value in column {column_letter(col)}, which has no name in row 1",
                    "name the column in row 1, or delete the value",
                )
            )
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


def _chain(first: tuple[Any, ...], rest: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    yield first
    yield from rest
