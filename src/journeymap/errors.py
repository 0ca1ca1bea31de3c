"""Errors and problems.

Problems are data: validation and lint return :class:`Problem` objects; code that cannot go on raises an
exception from this tree, which carries the problems that stopped it. The CLI prints problems one a line and
exits non-zero; a traceback is shown only with ``--debug``.

The exception tree::

    JourneymapError                      base of everything journeymap raises on purpose
    ├── ProblemsError                    one or more problems in the input (exit code 1)
    │   ├── MapFileError                 a map, persona or workspace file cannot be read or is invalid
    │   └── MermaidSyntaxError           a Mermaid journey diagram does not parse (files.mermaid)
    ├── UnknownFormatError               a render format nobody registered (exit code 2)
    ├── ArchiveError                     a studio backup archive is damaged, foreign or too new (exit code 2)
    └── MissingExtraError                an optional dependency is not installed (names the pip command)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "ArchiveError",
    "JourneymapError",
    "MapFileError",
    "MissingExtraError",
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
    """One thing wrong with the input, with where it is and how to fix it.

    ``where`` is a location a person can open: ``maps/loan.yaml:14:7`` for a file position, or an element
    path such as ``stage "Apply" › step "Upload documents" › touchpoints``. ``path`` is the element path
    when ``where`` is a file position (both are shown).
    """

    code: str
    where: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    path: str = ""
    loc: tuple[str | int, ...] = ()
    """Where in the document's data the problem is (keys and list indexes), used to find its line."""

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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        del data["loc"]
        return data


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
