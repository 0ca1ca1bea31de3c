"""Printing problems and writing output files for the CLI."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from ..errors import ArchiveError, JourneymapError, MissingExtraError, Problem, ProblemsError, UnknownFormatError
from .json_text import json_text

__all__ = ["print_problems", "problems_json", "report_error", "write_output"]


def problems_json(problems: Iterable[Problem]) -> str:
    """Problems as a JSON list of their one form (:meth:`Problem.to_dict`): ``validate`` and ``lint`` write it."""
    return json_text([problem.to_dict() for problem in problems])


def print_problems(problems: Iterable[Problem], fmt: str = "text") -> None:
    items = list(problems)
    if fmt == "json":
        sys.stdout.write(problems_json(items))
        return
    for problem in items:
        label = "" if problem.is_error else f"{problem.severity.value}: "
        sys.stderr.write(f"{problem.where}: {label}{problem.code} {problem.message}")
        if problem.path:
            sys.stderr.write(f" [{problem.path}]")
        if problem.hint:
            sys.stderr.write(f" ({problem.hint})")
        sys.stderr.write("\n")


def report_error(exc: BaseException) -> int:
    """Print ``exc`` as a message (no traceback) and return the exit code."""
    if isinstance(exc, ProblemsError):
        print_problems(exc.problems)
        count = len(exc.errors)
        sys.stderr.write(f"{count} problem{'s' if count != 1 else ''} found\n")
        return 1
    if isinstance(exc, UnknownFormatError | ArchiveError):
        sys.stderr.write(f"journeymap: error: {exc}\n")
        return 2
    if isinstance(exc, MissingExtraError | JourneymapError):
        sys.stderr.write(f"journeymap: error: {exc}\n")
        return 1
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"journeymap: error:{where}: {exc.strerror or exc}\n")
        return 1
    sys.stderr.write(
        f"journeymap: internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in journeymap; run the command again with --debug and report the traceback.\n"
    )
    return 3


def write_output(data: bytes, target: str | None) -> None:
    """Write to ``target`` atomically (nothing half-written), or to stdout without a target."""
    if target is None or target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ..files.atomic import write_bytes_atomic

    path = Path(target)
    if path.is_dir():
        raise JourneymapError(f"{target} is a folder; give the name of the file to write, e.g. {path / 'map.svg'}")
    write_bytes_atomic(path, data)
