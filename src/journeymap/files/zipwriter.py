"""The one way journeymap writes a zip archive: the same content gives the same bytes.

Every member gets the same fixed timestamp (1980-01-01 00:00, the earliest a zip can record), the same
permissions (``rw-r--r--``, a regular file, recorded as made on Unix whatever the platform) and the same
compression (deflate at level 6, zlib's default), and members are written in the order given — callers give a
fixed order (Office formats start with ``[Content_Types].xml``). A name given twice is refused, not written
twice.

Used by the VSDX, PPTX and XLSX renderers (:func:`zip_bytes`, and :func:`rezip` for the archives that
python-pptx and openpyxl write) and by the studio's backup archives (:class:`ZipWriter`, which streams large
members).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import IO, BinaryIO

__all__ = ["COMPRESSION_LEVEL", "FILE_MODE", "ZIP_DATE", "ZipWriter", "member_info", "rezip", "zip_bytes"]

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every member: the zip format's earliest date."""
FILE_MODE = 0o644
"""The Unix permissions of every member (a regular file, readable by all, writable by its owner)."""
COMPRESSION_LEVEL = 6
"""Deflate level of every member (zlib's default level)."""


def member_info(name: str) -> zipfile.ZipInfo:
    """The header of a member named ``name``: fixed timestamp, permissions and compression."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100000 | FILE_MODE) << 16
    info.create_system = 3  # Unix, on every platform (zipfile says 0 on Windows)
    return info


class ZipWriter:
    """A zip archive written into ``handle`` member by member, each with :func:`member_info`'s header."""

    def __init__(self, handle: BinaryIO) -> None:
        self._zip = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL)
        self._names: set[str] = set()

    def _claim(self, name: str) -> zipfile.ZipInfo:
        if name in self._names:
            raise ValueError(f"the zip archive already has a member named {name!r}")
        self._names.add(name)
        return member_info(name)

    def write(self, name: str, data: bytes | str) -> None:
        """Add a member holding ``data`` (text is written as UTF-8)."""
        content = data.encode("utf-8") if isinstance(data, str) else data
        self._zip.writestr(self._claim(name), content, compresslevel=COMPRESSION_LEVEL)

    def open(self, name: str) -> IO[bytes]:
        """A member to stream into (of any size: zip64 when needed); close it before the next member."""
        return self._zip.open(self._claim(name), "w", force_zip64=True)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> ZipWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def zip_bytes(members: Iterable[tuple[str, bytes | str]]) -> bytes:
    """A whole archive of ``(name, content)`` members, in the order given."""
    buffer = io.BytesIO()
    with ZipWriter(buffer) as archive:
        for name, data in members:
            archive.write(name, data)
    return buffer.getvalue()


def rezip(data: bytes, rewrite: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The archive ``data`` (written by another library) rewritten member by member, in its own order, with the
    fixed headers; ``rewrite(name, content)`` may change a member's content (e.g. a save date inside it)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    if rewrite is not None:
        members = [(name, rewrite(name, content)) for name, content in members]
    return zip_bytes(members)
