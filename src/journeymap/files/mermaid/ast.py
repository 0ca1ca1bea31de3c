"""The result of parsing a Mermaid ``journey`` diagram: plain, immutable data.

A :class:`JourneyDocument` holds the diagram's titles, its front-matter ``config`` and its sections in
source order; each :class:`JourneySection` holds its :class:`JourneyTask` objects. Positions (``line``,
``column``) are 1-based and refer to the text that was given to the parser, front matter included; a
column counts characters (a tab is one column).

Problems found while parsing are :class:`MermaidDiagnostic` objects. Warnings travel on the document;
errors stop the parse and travel on :class:`~journeymap.files.mermaid.parser.MermaidSyntaxError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from journeymap.errors import Problem, Severity

__all__ = [
    "DiagnosticSeverity",
    "JourneyDocument",
    "JourneySection",
    "JourneyTask",
    "MermaidDiagnostic",
]

DiagnosticSeverity = Literal["warning", "error"]


@dataclass(frozen=True, slots=True)
class MermaidDiagnostic:
    """One problem in a diagram, with where it is and how to fix it."""

    severity: DiagnosticSeverity
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.line}:{self.column}: {self.severity} {self.code} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_problem(self, path: str) -> Problem:
        """This diagnostic as a :class:`journeymap.errors.Problem` located at ``path:line:column``."""
        return Problem(
            code=self.code,
            where=f"{path}:{self.line}:{self.column}",
            message=self.message,
            hint=self.hint,
            severity=Severity(self.severity),
        )


@dataclass(frozen=True, slots=True)
class JourneyTask:
    """A task line ``name: score: actor, actor``.

    ``score`` is the number Mermaid would read (``None`` when the score is missing or not a number); it is
    kept as written even outside 1-5, callers clamp. ``raw_score`` is the score text, stripped.
    """

    name: str
    score: float | None
    raw_score: str
    actors: tuple[str, ...]
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class JourneySection:
    """A ``section`` and the tasks under it.

    Tasks written before any ``section`` statement go into an ``implicit`` section named ``""`` whose
    position is that of its first task.
    """

    name: str
    tasks: tuple[JourneyTask, ...]
    line: int
    column: int
    implicit: bool = False


@dataclass(frozen=True, slots=True)
class JourneyDocument:
    """A parsed journey diagram.

    ``title`` is the ``title`` statement if there is one, else the front matter's ``title``. ``config`` is
    the front matter's ``config`` mapping (empty without one). ``diagnostics`` are the warnings, in source
    order (a document never carries errors: those raise).
    """

    title: str | None
    acc_title: str | None
    acc_descr: str | None
    sections: tuple[JourneySection, ...]
    config: dict[str, Any] = field(default_factory=dict)
    diagnostics: tuple[MermaidDiagnostic, ...] = ()
    source: str = "<string>"

    @property
    def tasks(self) -> tuple[JourneyTask, ...]:
        """Every task, in source order."""
        return tuple(task for section in self.sections for task in section.tasks)

    @property
    def actors(self) -> tuple[str, ...]:
        """Every actor named by a task, once each, in order of first appearance."""
        return tuple(dict.fromkeys(actor for task in self.tasks for actor in task.actors))

    @property
    def warnings(self) -> tuple[MermaidDiagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    def problems(self) -> list[Problem]:
        """The diagnostics as :class:`journeymap.errors.Problem` objects located in ``source``."""
        return [d.to_problem(self.source) for d in self.diagnostics]
