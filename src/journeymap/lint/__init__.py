"""``journeymap lint``: Kalbach's phrasing rules and the completeness rules, on maps and workspaces.

    from journeymap.lint import lint_paths
    for finding in lint_paths(["examples/home-loan"]):
        print(finding.where, finding.code, finding.message)

Each finding is a :class:`~journeymap.errors.Problem`, the same object validation returns: ``where`` (the file
position), ``path`` (the element), ``hint`` (the suggestion), ``rule`` and ``severity``.

The phrasing rules use textblob's part-of-speech tagger with the lexicons in its wheel (the ``lint`` extra:
``pip install 'journeymap[lint]'``); it is imported only when a phrasing rule first runs. See
:mod:`journeymap.lint.rules` for the rule table and the severities, :mod:`journeymap.lint.phrasing` for how each
classifier decides and ``tools/lint_quality.py`` for their measured precision and recall.
"""

from __future__ import annotations

from .engine import lint_map, lint_paths
from .rules import RULES, RULES_BY_CODE, Rule

__all__ = ["RULES", "RULES_BY_CODE", "Rule", "lint_map", "lint_paths"]
