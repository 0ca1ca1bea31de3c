"""Analysis commands: ipa, moments, vmpi, diagnose, opportunities, diff.

Each command prints a table for people (``--format table``, the default; ``text`` for diff) or JSON for
machines; ``-o FILE`` writes the output atomically instead. The commands only translate arguments: the
analyses are run through :mod:`journeymap.analysis.registry`, and the numbers come from
:mod:`journeymap.analysis`, where every formula is stated.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..analysis.five_cs import read_diagnostic
from ..analysis.registry import Subject, run_analysis
from ..analysis.text import format_table
from ..core.context import load_map_and_context
from .output import write_output

__all__ = [
    "cmd_diagnose",
    "cmd_diff",
    "cmd_ipa",
    "cmd_moments",
    "cmd_opportunities",
    "cmd_vmpi",
    "format_table",
    "read_diagnostic",
]


def _subject(path: str) -> Subject:
    journey_map, context = load_map_and_context(Path(path))
    return Subject(map=journey_map, context=context, source=Path(path), name=path)


def _run(name: str, subject: Subject, args: argparse.Namespace, **options: Any) -> int:
    result = run_analysis(name, subject, **options)
    write_output(result.output(args.format).encode("utf-8"), getattr(args, "output", None))
    return 0


def cmd_ipa(args: argparse.Namespace) -> int:
    return _run("ipa", _subject(args.map), args, crossing=args.crossing)


def cmd_moments(args: argparse.Namespace) -> int:
    return _run("moments", _subject(args.map), args)


def cmd_vmpi(args: argparse.Namespace) -> int:
    return _run("vmpi", _subject(args.map), args)


def cmd_diagnose(args: argparse.Namespace) -> int:
    return _run("diagnose", Subject(), args, file=Path(args.path))


def cmd_opportunities(args: argparse.Namespace) -> int:
    return _run("opportunities", _subject(args.map), args)


def cmd_diff(args: argparse.Namespace) -> int:
    a, b = _subject(args.a), _subject(args.b)
    return _run("diff", a, args, other=b.map)
