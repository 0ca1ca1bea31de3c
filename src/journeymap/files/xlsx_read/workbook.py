"""Opening a workbook safely (the file and the zip's table of contents checked before anything is unpacked) and
reading its parts: sheets, relationships, date styles, shared strings and comments."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ...errors import MapFileError
from ...limits import limits
from .cells import _RATIO_FROM_BYTES, _SAVE_HINT, _ZIP_ERRORS, MB, _refuse, cell_name
from .parsing import _CommentsReader, _parse
from .sheet import _SheetReader

if TYPE_CHECKING:
    from .cells import Cell


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
