"""The guard in front of the XES parser: XML bombs and huge tokens are refused before expat sees them."""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..limits import limits

__all__ = ["MarkupGuard"]


class MarkupGuard:
    """The XML bytes, refused (JM900, with the line) when a run between two ``<`` is longer than
    ``limits().xes_attribute_chars``: an element with a huge attribute, or a huge text between elements (XES has
    none; a whitespace bomb is one). Expat re-scans an unfinished token on every read, so a 50 MB attribute would
    take minutes; and text between elements is kept in memory. Checked at C speed (``bytes.split``)."""

    def __init__(self, source: io.BufferedIOBase, path: Path) -> None:
        self.source, self.path = source, path
        self.most = limits().xes_attribute_chars
        self.run = 0  # bytes since the last "<"
        self.run_line = 1  # the line where that run started
        self.lines = 1
        self.prolog: bytes | None = b""  # the end of what came before the root element, until it starts

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        if self.prolog is not None:
            self._check_prolog(data)
        pieces = data.split(b"<")
        if len(pieces) == 1:
            self.run += len(data)
            longest, line = self.run, self.run_line
        else:
            first = self.run + len(pieces[0])
            middle = max(pieces[1:-1], key=len, default=b"")
            longest, line = first, self.run_line
            if len(middle) > longest:
                longest = len(middle)
                line = self.lines + data[: data.index(b"<" + middle)].count(b"\n")
            self.run = len(pieces[-1])
            self.run_line = self.lines + data.count(b"\n") - pieces[-1].count(b"\n")
        if longest > self.most:
            what = "an element's attributes or the text between two elements"
            problem = limits().problem("xes_attribute_chars", f"{self.path}:{line}", what, f"{longest:,} bytes so far")
            raise ProblemsError([problem])
        self.lines += data.count(b"\n")
        return data

    def _check_prolog(self, data: bytes) -> None:
        """Refuse a DTD (``<!DOCTYPE``) before the root element: XES needs none, and a DTD is how entity bombs
        (billion laughs) and external entities (XXE) get in. Without one, an entity reference is an error."""
        assert self.prolog is not None
        text = self.prolog + data
        root = _ROOT_START.search(text)
        head = text if root is None else text[: root.start()]
        found = head.find(b"<!DOCTYPE")
        if found >= 0:
            line = self.lines + text[:found].count(b"\n") - self.prolog.count(b"\n")
            hint = "XES logs need no DTD; export the log again (a DTD can make a small file huge: XML bombs)"
            message = "a DTD (<!DOCTYPE …>) is not allowed in an event log"
            raise ProblemsError([Problem("JE106", f"{self.path}:{line}", message, hint)])
        self.prolog = None if root is not None else text[-16:]


_ROOT_START = re.compile(rb"<[^?!]")
