"""Reading a file safely: only a regular file (a FIFO would block, ``/dev/zero`` never ends), at most
``limits().map_mb`` megabytes of it, as UTF-8 text (a byte-order mark is allowed; UTF-16 and UTF-32 are named as
such)."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from ..errors import MapFileError, Problem
from ..limits import limits

__all__ = ["decode_text", "read_bytes", "read_text"]

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_bytes(path: Path, display: str | None = None, *, limit_mb: int | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit_mb`` (``limits().map_mb``) megabytes of them.

    Anything but a regular file (a folder, a FIFO, a device such as ``/dev/zero``, a socket) is refused before
    it is opened, so reading never blocks and never runs without end.
    """
    shown = display or str(path)
    megabytes = limits().map_mb if limit_mb is None else limit_mb
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise MapFileError([Problem("JM002", shown, "file not found", "check the path")]) from exc
    except OSError as exc:
        raise MapFileError([Problem("JM002", shown, f"cannot read: {exc.strerror}", "")]) from exc
    if stat.S_ISDIR(info.st_mode):
        raise MapFileError([Problem("JM002", shown, "is a folder, not a file", "give the path of a file")])
    if not stat.S_ISREG(info.st_mode):
        kind = _kind_of(info.st_mode)
        hint = "journeymap reads regular files only; copy the content into a file"
        raise MapFileError([Problem("JM002", shown, f"is {kind}, not a regular file", hint)])
    cap = megabytes * 1024 * 1024
    try:
        with open(path, "rb") as handle:
            raw = handle.read(cap + 1)
    except IsADirectoryError as exc:
        raise MapFileError([Problem("JM002", shown, "is a folder, not a file", "")]) from exc
    except OSError as exc:
        raise MapFileError([Problem("JM002", shown, f"cannot read: {exc.strerror}", "")]) from exc
    if len(raw) > cap:
        name = "map_mb" if limit_mb is None else "file_mb"
        raise MapFileError([limits().problem(name, shown, "the file's size in megabytes", f"more than {megabytes:,}")])
    return raw


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def decode_text(raw: bytes, shown: str) -> str:
    """UTF-8 text (a byte-order mark is allowed); problems name the file, line and column."""
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            hint = "save it as UTF-8 (most editors: 'Save with encoding', UTF-8)"
            raise MapFileError([Problem("JM003", f"{shown}:1:1", f"the file is {name} text, not UTF-8", hint)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})"
        raise MapFileError([Problem("JM003", f"{shown}:{line}:{col}", message, "save it as UTF-8")]) from exc


def read_text(path: Path, display: str | None = None) -> str:
    """The UTF-8 text of a regular file under the size limit; problems name the file, line and column."""
    shown = display or str(path)
    return decode_text(read_bytes(path, display), shown)
