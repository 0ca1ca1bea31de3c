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
from ..analysis.registry import Subject, analyses, get_analysis, run_analysis
from ..analysis.text import format_table
from ..core.context import load_map_and_context
from ..errors import JourneymapError
from .output import write_output

__all__ = [
    "cmd_analyse",
    "cmd_analyses",
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


# ---- any analysis of the registry ------------------------------------------------------------------------------


def _options(pairs: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise JourneymapError(f"--option {pair!r}: give NAME=VALUE, e.g. --option crossing=midpoint")
        options[name.strip().replace("-", "_")] = value
    return options


def cmd_analyse(args: argparse.Namespace) -> int:
    """``journeymap analyse NAME PATH [--format F] [--option NAME=VALUE …] [-o FILE]``: any registered analysis.
    PATH is the map, or for an analysis that needs no map its input file (a 5Cs file or workspace, an event
    log); ``--option other=MAP`` names the second map of ``diff``."""
    analysis = get_analysis(args.name)
    options = _options(list(getattr(args, "option", None) or []))
    if "map" in analysis.inputs:
        subject = _subject(args.path)
    else:
        subject = Subject(name=args.path)
        key = "file" if "five-cs" in analysis.inputs else "events" if "events" in analysis.inputs else None
        if key is not None:
            options.setdefault(key, Path(args.path))
    if "other-map" in analysis.inputs and isinstance(options.get("other"), str):
        options["other"] = _subject(options["other"]).map
    result = run_analysis(analysis.name, subject, **options)
    fmt = getattr(args, "format", None) or analysis.outputs[0]
    write_output(result.output(fmt).encode("utf-8"), getattr(args, "output", None))
    return 0


def cmd_analyses(args: argparse.Namespace) -> int:
    """``journeymap analyses [--format table|json]``: the registered analyses, what they need and give."""
    found = analyses()
    if getattr(args, "format", "table") == "json":
        from ..json_text import json_text

        text = json_text([a.to_dict() for a in found])
    else:
        rows = [(a.name, a.label, ", ".join(a.inputs), ", ".join(a.outputs), a.description) for a in found]
        text = format_table(("Analysis", "Label", "Needs", "Gives", "What"), rows, (0, 0, 0, 0, 60)) + "\n"
    write_output(text.encode("utf-8"), getattr(args, "output", None))
    return 0
