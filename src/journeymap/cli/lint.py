"""``journeymap lint PATH... [--format text|json|sarif]``: Kalbach's phrasing rules and the completeness rules.

Output goes to stdout: ``text`` prints one finding a line, ``path:line:col: severity CODE message (suggestion)``,
and a summary on stderr; ``json`` the list of findings in the one JSON form of a problem (as ``validate --format
json`` writes them); ``sarif`` a SARIF 2.1.0 log for code-scanning uploads.

Exit code 1 when there is at least one error-severity finding (a completeness fact such as a missing scope end,
persona or contingency, or a file that cannot be read), else 0: phrasing findings are warnings and never fail a
build by themselves (see :mod:`journeymap.lint.rules`).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .json_text import json_text
from .output import problems_json

if TYPE_CHECKING:
    from ..errors import Problem

__all__ = ["cmd_lint"]


def cmd_lint(args: argparse.Namespace) -> int:
    from ..lint.engine import lint_paths

    findings = lint_paths(args.paths)
    fmt = getattr(args, "format", "text")
    if fmt == "json":
        sys.stdout.write(problems_json(findings))
    elif fmt == "sarif":
        from ..lint.sarif import to_sarif

        sys.stdout.write(json_text(to_sarif(findings)))
    else:
        for finding in findings:
            sys.stdout.write(_line(finding) + "\n")
        sys.stderr.write(_summary(findings, len(args.paths)) + "\n")
    return 1 if any(f.is_error for f in findings) else 0


def _line(finding: Problem) -> str:
    """``path:line:col: severity CODE message (suggestion)``."""
    text = f"{finding.where}: {finding.severity.value} {finding.code} {finding.message}"
    return f"{text} ({finding.hint})" if finding.hint else text


def _summary(findings: Sequence[Problem], paths: int) -> str:
    counts = Counter(f.severity.value for f in findings)
    where = f"{paths} path{'s' if paths != 1 else ''}"
    if not findings:
        return f"ok: no findings in {where}"
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {where}: {', '.join(parts)}"
