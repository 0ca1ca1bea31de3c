"""Reading the 5Cs diagnostic (changeable, challenged, complex, climactic, costly) from a workspace or a file.

A 5Cs file is a YAML (or JSON) file with the five ratings at the top, or under ``diagnostic:``, and optionally
the rule (``rule:``). ``changeable: 4`` is short for ``changeable: {rating: 4}``. A workspace folder (or its
``journeymap.yaml``) gives the workspace's own ``diagnostic:`` and ``settings.diagnostic_rule``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from ..errors import JourneymapError, MapFileError, Problem
from ..model import CRITERIA, DiagnosticRule, FiveCs, Record, Workspace

__all__ = ["read_diagnostic", "workspace_diagnostic"]


class _FiveCsFile(FiveCs):
    """A YAML file with the five ratings at the top, and optionally the rule."""

    rule: DiagnosticRule = Field(default_factory=DiagnosticRule)


class _WrappedFiveCsFile(Record):
    """The same with the ratings under ``diagnostic:``."""

    diagnostic: FiveCs
    rule: DiagnosticRule = Field(default_factory=DiagnosticRule)


def _criterion_shorthand(data: dict[str, Any]) -> dict[str, Any]:
    """``changeable: 4`` is short for ``changeable: {rating: 4}``."""
    return {k: {"rating": v} if isinstance(v, int) and not isinstance(v, bool) else v for k, v in data.items()}


def workspace_diagnostic(workspace: Workspace) -> tuple[FiveCs, DiagnosticRule, str]:
    """The 5Cs, the rule and the name of a workspace; a clear error when it has no diagnostic."""
    from ..files.loader import WORKSPACE_FILE

    if workspace.diagnostic is None:
        raise JourneymapError(
            f"the workspace {workspace.name!r} has no 5Cs diagnostic; add 'diagnostic:' to its {WORKSPACE_FILE} "
            "with a rating (1–5) and a note for changeable, challenged, complex, climactic and costly"
        )
    return workspace.diagnostic, workspace.settings.diagnostic_rule, workspace.name


def read_diagnostic(path: Path) -> tuple[FiveCs, DiagnosticRule, str]:
    """The 5Cs, the rule and a name from a workspace folder or a YAML file with the five ratings."""
    from ..files.loader import WORKSPACE_FILE, plain, read_workspace

    if not path.exists():
        raise JourneymapError(f"{path}: no such file or folder")
    if path.is_dir() or path.name == WORKSPACE_FILE:
        return workspace_diagnostic(read_workspace(path if path.is_dir() else path.parent).workspace)
    from ..files.document import read_document
    from ..files.validation import problems_from_validation

    doc = read_document(path, str(path))
    tree = plain(doc.tree)
    if not isinstance(tree, dict):
        raise MapFileError([Problem("JM004", doc.where(()), "expected a mapping of the five criteria")])
    wrapped = "diagnostic" in tree
    if wrapped:
        inner = tree["diagnostic"]
        data = {**tree, "diagnostic": _criterion_shorthand(inner) if isinstance(inner, dict) else inner}
    else:
        data = _criterion_shorthand(tree)
    model: type[_FiveCsFile | _WrappedFiveCsFile] = _WrappedFiveCsFile if wrapped else _FiveCsFile
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise MapFileError(problems_from_validation(exc, doc, model)) from None
    if isinstance(parsed, _WrappedFiveCsFile):
        return parsed.diagnostic, parsed.rule, str(path)
    return FiveCs.model_validate({c: getattr(parsed, c) for c in CRITERIA}), parsed.rule, str(path)
