"""Lint findings (:class:`~journeymap.errors.Problem` objects) as a SARIF 2.1.0 log, the format code-hosting
platforms read to annotate pull requests.

The log has one run whose tool driver lists every lint rule (``reportingDescriptor``: id, name, short and full
description, help, default level, category tag) and whose results carry ``ruleId``, ``ruleIndex``, ``level``,
``message`` and a ``physicalLocation``: the file as a URI relative to the working folder (``uriBaseId``
``%SRCROOT%``, defined under ``originalUriBaseIds``) and the ``region`` with ``startLine`` and ``startColumn``
(1-based Unicode code points, as ``columnKind`` says). The element path is a ``logicalLocation``; the suggested
rewrite is part of the message and of the result's ``properties``.

Levels: error → ``error``, warning → ``warning``, info → ``note``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from .._version import __version__
from ..errors import Problem, Severity
from .rules import RULES, Rule

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "to_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.help_text},
        "help": {"text": rule.suggestion},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["journeymap", rule.category]},
    }


def _loading_descriptor(code: str) -> dict[str, Any]:
    return {
        "id": code,
        "name": "map-file-problem",
        "shortDescription": {"text": "The file cannot be read or is not a valid map."},
        "fullDescription": {"text": "A loading or validation problem; run 'journeymap validate' for details."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["journeymap", "validation"]},
    }


def _artifact(path: str, base: Path) -> dict[str, Any]:
    """The artifact location of ``path``: relative to ``base`` under ``%SRCROOT%`` when below it, else a file URI."""
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else (base / candidate)
    try:
        relative = absolute.resolve().relative_to(base.resolve())
    except (ValueError, OSError):
        return {"uri": absolute.resolve().as_uri()}
    return {"uri": str(PurePosixPath(*relative.parts)), "uriBaseId": SRCROOT}


def _result(finding: Problem, index: int, base: Path) -> dict[str, Any]:
    file, line, column = finding.position
    physical: dict[str, Any] = {"artifactLocation": _artifact(file, base)}
    if line is not None:
        physical["region"] = {"startLine": max(line, 1), "startColumn": max(column or 1, 1)}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.path:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "element"}]
    text = finding.message if not finding.hint else f"{finding.message} ({finding.hint})"
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [location],
    }
    if finding.hint:
        result["properties"] = {"suggestion": finding.hint}
    return result


def to_sarif(findings: Iterable[Problem], *, base: Path | None = None, rules: Sequence[Rule] = RULES) -> dict[str, Any]:
    """A SARIF 2.1.0 log (as a JSON-ready dict) of ``findings``; paths are made relative to ``base`` (the cwd)."""
    base = base or Path.cwd()
    items = list(findings)
    descriptors = [_descriptor(rule) for rule in rules]
    index = {descriptor["id"]: i for i, descriptor in enumerate(descriptors)}
    for finding in items:
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append(_loading_descriptor(finding.code))
    base_uri = base.resolve().as_uri().rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "journeymap",
                "fullName": "journeymap lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": base_uri}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.code], base) for f in items],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
