"""Errors and problems.

Problems are data: validation and lint return :class:`Problem` objects; code that cannot go on raises an
exception from this tree, which carries the problems that stopped it. The CLI prints problems one a line and
exits non-zero; the studio answers each exception in one JSON error shape (``journeymap.web.errors``); a traceback
is shown only with ``--debug``.

The exception tree (a test checks it against the classes)::

    JourneymapError                      base of everything journeymap raises on purpose
    ├── ProblemsError                    one or more problems in the input (exit code 1; HTTP 422)
    │   ├── MapFileError                 a map, persona or workspace file cannot be read or is invalid
    │   └── MermaidSyntaxError           a Mermaid journey diagram does not parse (files.mermaid.parser)
    ├── UnknownFormatError               a render format nobody registered (exit code 2)
    ├── ArchiveError                     a studio backup archive is damaged, foreign or too new (exit code 2)
    ├── MissingExtraError                an optional dependency is not installed (names the pip command)
    ├── NotFoundError                    a stored map, workspace or other record does not exist (HTTP 404)
    ├── ApiError                         an answer of the studio's API with its HTTP status and code (web.errors)
    ├── ProtocolError                    a live-editing message breaks the y-websocket protocol (web.realtime)
    ├── StaleWorkspaceFile               the workspace file changed since it was read (web.method_service; HTTP 409)
    ├── InitiativeIdChanged              an initiative saved under another id (web.method_service; HTTP 422)
    ├── StaleGeneration                  updates of a live document's generation since rebuilt (store.updates)
    └── PersistError                     the live documents' update log failed: the change was not saved (web.realtime)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ArchiveError",
    "JourneymapError",
    "MapFileError",
    "MissingExtraError",
    "NotFoundError",
    "Problem",
    "ProblemsError",
    "Severity",
    "UnknownFormatError",
]


class Severity(enum.StrEnum):
    """How bad a problem is. Errors make a command fail; warnings are printed and let it go on."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, with where it is and how to fix it: a validation problem or a lint finding.

    ``where`` is a location a person can open: ``maps/loan.yaml:14:7`` for a file position (or the file alone), or
    an element path such as ``stage "Apply" › step "Upload documents" › touchpoints``. ``path`` is the element path
    when ``where`` is a file position (both are shown). ``rule`` names the lint rule that found it (empty for a
    validation problem). :meth:`to_dict` is the one JSON form of a problem, written by the CLI's ``--format json``,
    the studio's API and read by its front end.
    """

    code: str
    where: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    path: str = ""
    loc: tuple[str | int, ...] = ()
    """Where in the document's data the problem is (keys and list indexes), used to find its line."""
    rule: str = ""
    """The lint rule's name, e.g. ``action-starts-with-verb`` (empty for a validation or loading problem)."""

    def __str__(self) -> str:
        text = f"{self.where}: {self.code} {self.message}"
        if self.path:
            text += f" [{self.path}]"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def position(self) -> tuple[str, int | None, int | None]:
        """(file, line, column) when ``where`` is a file position ``file:line:column``, else (``where``, None, None)."""
        parts = self.where.rsplit(":", 2)
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            return parts[0], int(parts[1]), int(parts[2])
        return self.where, None, None

    def to_dict(self) -> dict[str, Any]:
        """The one JSON form: ``code``, ``severity``, ``message``, ``hint``, ``where``, ``path``, ``rule``, ``loc``."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "where": self.where,
            "path": self.path,
            "rule": self.rule,
            "loc": list(self.loc),
        }


class JourneymapError(Exception):
    """Base class of every error journeymap raises on purpose."""


class ProblemsError(JourneymapError):
    """The input has problems; ``problems`` lists every one found (not just the first)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        first = str(self.problems[0]) if self.problems else "no details"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


class MapFileError(ProblemsError):
    """A map, persona or workspace file cannot be read, parsed or validated."""


class UnknownFormatError(JourneymapError):
    """No renderer is registered for the requested format."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(sorted(known))
        super().__init__(f"unknown format {name!r}; known formats: {', '.join(self.known)}")


class ArchiveError(JourneymapError):
    """A studio backup archive cannot be restored: not a backup, damaged, over the size limits, or made by a
    newer schema. The message names the archive and the member at fault."""


class MissingExtraError(JourneymapError):
    """An optional dependency is missing; the message says which pip command installs it."""

    def __init__(self, what: str, extra: str) -> None:
        self.what = what
        self.extra = extra
        super().__init__(f"{what} needs the optional '{extra}' dependencies: pip install 'journeymap[{extra}]'")


class NotFoundError(JourneymapError):
    """A stored map, workspace or other record does not exist (or is not one the caller may see)."""

    def __init__(self, what: str, hint: str = "check the id; it may have been deleted") -> None:
        shown = what if len(what) <= 80 else what[:80] + "…"
        self.what = what
        self.hint = hint
        super().__init__(f"{shown} not found")
