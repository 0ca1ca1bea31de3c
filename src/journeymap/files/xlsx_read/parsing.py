"""Parsing a workbook's XML parts with expat, fed in chunks, refusing any document type declaration; and reading
the notes (comments) of a sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any
from xml.parsers import expat

from ...errors import MapFileError
from .cells import _CHUNK, _SAVE_HINT, _ZIP_ERRORS, _column_index, _refuse

if TYPE_CHECKING:
    from .workbook import Workbook


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
