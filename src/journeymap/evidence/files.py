"""Checks every evidence file passes before a reader touches it, and the guarded streams the readers use.

* :func:`check_file` — the file exists and is a regular file (not a folder, a FIFO that would block forever, or a
  device such as ``/dev/zero`` behind a symlink), is not empty, and is under ``limits().file_mb``.
* :func:`literal_path` — the path as DuckDB (and Spark) must be given it so that it names that one file: their
  readers expand ``*``, ``?`` and ``[…]`` as patterns, so ``survey [final].csv`` would read ``survey f.csv``.
  File names are names, never patterns.
* :func:`check_text` — a CSV is UTF-8 without NUL bytes (JE003 with the line and column of the first bad byte; a
  UTF-16 or UTF-32 file is named as such), streamed, ASCII chunks not decoded.
* :func:`check_header` — the header line of a CSV: at most ``limits().columns`` columns (counted while streaming,
  so a file that is one long line is refused at once), no field longer than ``limits().text_chars``, and no name
  used twice (JE008, both columns named: a reader would otherwise keep one and rename or drop the other).
* :class:`CappedReader` — a gzip stream that stops at ``limits().decompressed_mb`` and at ``compression_ratio``
  times the compressed file's size (a 2 MB ``.xes.gz`` of 2 GB of whitespace is refused after reading ~400 MB of
  it at most, in well under a second).
* :func:`inside_workspace` — an evidence path named in a workspace stays inside it, symlinks resolved (JE004).
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import stat
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..limits import limits

__all__ = [
    "CappedReader",
    "check_file",
    "check_header",
    "check_text",
    "inside_workspace",
    "literal_path",
    "open_gzip",
]

_CHUNK = 8 * 1024 * 1024
_MB = 1024 * 1024


def check_file(path: Path, what: str = "evidence file") -> os.stat_result:
    """Refuse what is not a readable, non-empty regular file under the size limit; its ``stat``."""
    where = str(path)
    try:
        info = path.stat()  # follows symlinks: a link to /dev/zero is a character device
    except FileNotFoundError:
        raise ProblemsError([Problem("JE004", where, "no such file", "check the path")]) from None
    except OSError as exc:
        raise ProblemsError([Problem("JE004", where, f"cannot be opened: {exc.strerror or exc}")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise ProblemsError([Problem("JE004", where, f"is a folder, not an {what}", "give the file inside it")])
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        hint = "give a regular file (copy the data into one first)"
        raise ProblemsError([Problem("JE004", where, f"is {kind}, not a regular file", hint)])
    if info.st_size == 0:
        raise ProblemsError([Problem("JE005", where, "the file is empty", "export the data again")])
    if info.st_size > limits().file_mb * _MB:
        found = f"{info.st_size / _MB:,.0f} MB"
        raise ProblemsError([limits().problem("file_mb", where, "the file's size", found)])
    return info


_PATTERN = re.compile(r"([*?\[{}])")


def literal_path(path: Path) -> str:
    """``path`` with DuckDB's glob characters escaped (``[*]``, ``[?]``, ``[[]``): it matches that file only.

    Braces are escaped too (DuckDB leaves them literal today; Hadoop's glob, used by Spark, expands them)."""
    return _PATTERN.sub(lambda m: m.group(1) if m.group(1) in "{}" else f"[{m.group(1)}]", str(path))


def spark_literal_path(path: Path) -> str:
    """``path`` for Hadoop's glob (Spark): a backslash before each of ``*?[]{}\\``."""
    return re.sub(r"([*?\[\]{}\\])", r"\\\1", str(path))


# ---- text ------------------------------------------------------------------------------------------------------
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)  # fmt: skip
_TEXT_HINT = "save it as UTF-8 (in a spreadsheet: 'CSV UTF-8'; or iconv -f latin1 -t utf-8)"


def check_text(path: Path) -> None:
    """Refuse a file that is not UTF-8 text or holds NUL bytes, at the line and column of the first bad byte;
    JE005 when it holds only blank space (a UTF-8 byte order mark is fine)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    blank = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if offset == 0:
                for bom, name in _BOMS:
                    if chunk.startswith(bom):
                        problem = Problem("JE003", f"{path}:1:1", f"the file is {name} text, not UTF-8", _TEXT_HINT)
                        raise ProblemsError([problem])
            if blank:
                blank = not chunk.removeprefix(codecs.BOM_UTF8).strip() if offset == 0 else not chunk.strip()
            nul = chunk.find(b"\0")
            pending = decoder.getstate()[0]
            if pending or not chunk.isascii():
                try:
                    decoder.decode(chunk if nul < 0 else chunk[:nul])
                except UnicodeDecodeError as exc:
                    _bad_byte(path, offset - len(pending) + exc.start, "the file is not UTF-8")
            if nul >= 0:
                _bad_byte(path, offset + nul, "the file holds a NUL byte: it is binary, or UTF-16")
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        _bad_byte(path, offset - len(decoder.getstate()[0]), "the file is not UTF-8 (it ends inside a character)")
    if blank:
        raise ProblemsError([Problem("JE005", str(path), "the file is empty (only blank space)", "export it again")])


def line_and_column(path: Path, position: int) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of byte ``position`` of ``path``."""
    line, line_start, done = 1, 0, 0
    with path.open("rb") as handle:
        while done < position and (chunk := handle.read(min(_CHUNK, position - done))):
            count = chunk.count(b"\n")
            if count:
                line += count
                line_start = done + chunk.rfind(b"\n") + 1
            done += len(chunk)
    return line, position - line_start + 1


def _bad_byte(path: Path, position: int, what: str) -> None:
    line, column = line_and_column(path, position)
    with path.open("rb") as handle:
        handle.seek(position)
        bad = handle.read(1).hex()
    message = f"{what} (byte 0x{bad} cannot be read)"
    raise ProblemsError([Problem("JE003", f"{path}:{line}:{column}", message, _TEXT_HINT)])


# ---- the header line -------------------------------------------------------------------------------------------
_DELIMITERS = b",;\t|"
_SPECIAL = re.compile(rb'[",;\t|\n]')


def check_header(path: Path) -> list[str | None]:
    """Stream the first record of a CSV: refuse more columns than ``limits().columns`` (for any usual delimiter,
    quotes respected) or a field longer than ``limits().text_chars`` before any reader builds them; the header's
    names as written (split on the delimiter it holds most of), so that a name used twice can be found."""
    most_columns, most_chars = limits().columns, limits().text_chars
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    field = 0  # bytes of the current field (for the longest delimiter)
    header = bytearray()
    with path.open("rb") as handle:
        first = True
        while chunk := handle.read(1 << 20):
            if first:
                chunk, first = chunk.removeprefix(codecs.BOM_UTF8), False
            start = 0
            for match in _SPECIAL.finditer(chunk):
                char = match.group()[0]
                field += match.start() - start
                start = match.end()
                if field > most_chars:
                    _field_too_long(path)
                if char == 0x22:  # "
                    quoted = not quoted
                    continue
                if quoted:
                    continue
                if char == 0x0A:
                    header += chunk[: match.start()]
                    return _split_header(bytes(header), counts)
                counts[char] += 1
                field = 0
                if counts[char] + 1 > most_columns:
                    found = f"more than {most_columns:,}"
                    raise ProblemsError([limits().problem("columns", f"{path}:1", "the header line's columns", found)])
            field += len(chunk) - start
            header += chunk
            if field > most_chars:
                _field_too_long(path)
    return _split_header(bytes(header), counts)


def _split_header(header: bytes, counts: dict[int, int]) -> list[str | None]:
    import csv

    delimiter = chr(max(counts, key=lambda d: counts[d])) if any(counts.values()) else ","
    text = header.decode("utf-8", errors="replace").rstrip("\r")
    try:
        row = next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:  # a line break inside an unquoted name (a lone carriage return): the names, split plainly
        row = text.split(delimiter)
    return [name or None for name in row]


def _field_too_long(path: Path) -> None:
    problem = limits().problem("text_chars", f"{path}:1", "a name in the header line", "its length in bytes")
    raise ProblemsError([problem])


def duplicate_header_problems(path: Path, where: str, names: list[str | None], cell: str = "field") -> list[Problem]:
    """JE008 for each header name used by more than one column (both named, with their positions)."""
    seen: dict[str, int] = {}
    problems = []
    for index, name in enumerate(names):
        if name is None or name == "":
            continue
        if name in seen:
            first = seen[name]
            message = f"the header {name!r} names two columns ({cell} {first + 1} and {cell} {index + 1})"
            hint = "rename one of them: a reader would keep one and rename or drop the other"
            problems.append(Problem("JE008", f"{where}:{index + 1}" if cell == "field" else where, message, hint))
        else:
            seen[name] = index
    return problems


# ---- gzip ------------------------------------------------------------------------------------------------------
class CappedReader(io.RawIOBase):
    """A gzip file's bytes, refused (JM900) once they pass ``limits().decompressed_mb`` or ``compression_ratio``
    times the size of the compressed file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._gzip = gzip.open(path, "rb")  # noqa: SIM115  (closed by close())
        compressed = max(path.stat().st_size, 1)
        self._most = min(limits().decompressed_mb * _MB, compressed * limits().compression_ratio)
        self._ratio_bound = compressed * limits().compression_ratio < limits().decompressed_mb * _MB
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._gzip.read(len(buffer))
        self.count += len(data)
        if self.count > self._most:
            name = "compression_ratio" if self._ratio_bound else "decompressed_mb"
            what = "how much the gzip file grows when unpacked" if self._ratio_bound else "the unpacked size"
            raise ProblemsError([limits().problem(name, str(self.path), what, f"more than {self._most / _MB:,.0f} MB")])
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._gzip.close()
        super().close()


def open_gzip(path: Path) -> io.BufferedReader:
    """The unpacked bytes of a gzip file, capped (see :class:`CappedReader`)."""
    return io.BufferedReader(CappedReader(path), buffer_size=1 << 16)


# ---- workspace paths -------------------------------------------------------------------------------------------
def inside_workspace(root: Path, relative: str, where: str) -> Path:
    """``root / relative`` when it is inside the workspace once symlinks are resolved; JE004 otherwise."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        message = f"{relative!r} is outside the workspace"
        raise ProblemsError([Problem("JE004", where, message, "give a path inside the workspace folder")])
    return path


# ---- CSV and Parquet as a whole --------------------------------------------------------------------------------
def check_csv(path: Path) -> None:
    """Text, header size and duplicate names of a CSV, before a reader builds it (see the module docstring)."""
    check_text(path)
    names = check_header(path)
    problems = duplicate_header_problems(path, f"{path}:1", names)
    if problems:
        raise ProblemsError(problems)


_PARQUET_MAGIC = b"PAR1"


def check_parquet(path: Path) -> None:
    """A Parquet file whole (magic bytes at both ends), whose footer declares no more columns, rows and unpacked
    bytes than the limits allow (a tiny file can declare a column of billions of values: a Parquet bomb)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(max(size - 4, 0))
        tail = handle.read(4)
    if head != _PARQUET_MAGIC or tail != _PARQUET_MAGIC or size < 12:
        what = "is truncated (no Parquet footer at its end)" if head == _PARQUET_MAGIC else "is not a Parquet file"
        raise ProblemsError([Problem("JE007", str(path), what, "export the file again")])
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(path)
    except Exception as exc:  # pyarrow raises OSError / ArrowInvalid with its reason
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise ProblemsError([Problem("JE007", str(path), f"cannot be read: {reason}", "export it again")]) from None
    where = str(path)
    if meta.num_columns > limits().columns:
        raise ProblemsError([limits().problem("columns", where, "the file's columns", f"{meta.num_columns:,}")])
    if meta.num_rows > limits().rows:
        raise ProblemsError([limits().problem("rows", where, "the file's rows", f"{meta.num_rows:,}")])
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > limits().decompressed_mb * _MB:
        found = f"{unpacked / _MB:,.0f} MB"
        raise ProblemsError([limits().problem("decompressed_mb", where, "the file's unpacked size", found)])
    names: list[str | None] = [str(name) for name in meta.schema.to_arrow_schema().names]
    duplicates = duplicate_header_problems(path, where, names, cell="column")
    if duplicates:
        raise ProblemsError(duplicates)
