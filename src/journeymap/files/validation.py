"""Turning pydantic validation errors into problems with a file position and a hint.

Codes:

======  ===========================================================
JM001   YAML/JSON syntax error
JM002   file cannot be read (missing, a folder, permissions)
JM003   file is not UTF-8
JM004   the document is not a mapping (e.g. a list or a plain value)
JM005   written by a newer journeymap (``journeymap:`` format version)
JM101   unknown key (with "did you mean")
JM102   missing required key
JM103   value not among the allowed choices
JM104   invalid value (wrong type, out of range, bad format)
JM201   an id is used twice in a map
JM202   reference to an element that does not exist
JM203   ``derived_from`` on a map that is not to-be (warning)
JM204   element not drawn for this map type (warning)
JM301   two maps or personas of a workspace share an id
JM303   an evidence file named in journeymap.yaml does not exist
JM302   other files of the workspace have problems (warning, when one file is validated)
JM304   an evidence file named in journeymap.yaml is outside the workspace folder
JE101   the ``events:`` file named in journeymap.yaml is not an event log (CSV, TSV, Parquet, XES)
JM900   a limit exceeded (file size, nesting, aliases, values, text length, elements: ``journeymap.limits``)
======  ===========================================================
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..model.references import describe_loc, did_you_mean
from .document import Document

__all__ = ["problems_from_validation"]

Loc = tuple[str | int, ...]


def problems_from_validation(error: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """One problem per pydantic error, located in ``doc``, deduplicated, in document order."""
    problems: dict[tuple[str, str], Problem] = {}
    for detail in error.errors(include_url=False):
        problem = _problem(detail, doc, model)
        problems.setdefault((problem.where, problem.message), problem)
    return sorted(problems.values(), key=lambda p: _sort_key(p.where))


def _sort_key(where: str) -> tuple[int, int]:
    parts = where.rsplit(":", 2)
    try:
        return int(parts[-2]), int(parts[-1])
    except (ValueError, IndexError):
        return 0, 0


def _problem(detail: Any, doc: Document, model: type[BaseModel]) -> Problem:
    kind = detail["type"]
    loc = _clean_loc(doc, tuple(detail["loc"]), keep_missing=kind in ("missing", "extra_forbidden"))
    where, path = doc.where(loc), describe_loc(doc.tree, loc)
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        allowed = _fields_at(model, loc[:-1])
        return Problem("JM101", where, f"unknown key {key!r}", did_you_mean(key, allowed), path=path, loc=loc)
    if kind == "missing":
        key = str(loc[-1]) if loc else "?"
        return Problem("JM102", where, f"missing required key {key!r}", f"add '{key}: …'", path=path, loc=loc)
    value = doc.value_at(loc)
    if kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        hint = did_you_mean(str(value), choices) if choices else ""
        return Problem("JM103", where, f"{value!r} is not allowed here", hint, path=path, loc=loc)
    message = (
        detail["msg"]
        .removeprefix("Value error, ")
        .replace("Input should be", "must be")
        .replace("String should", "must")
    )
    hint = _hint_for(kind, str(detail.get("ctx", {}).get("pattern", "")))
    return Problem("JM104", where, f"{message} (got {_short(value)})", hint, path=path, loc=loc)


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, dict | list) else ("a mapping" if isinstance(value, dict) else "a list")
    return text if len(text) <= 40 else text[:39] + "…"


def _hint_for(kind: str, pattern: str) -> str:
    if kind.startswith(("greater", "less")):
        return "the value is out of range"
    if kind == "string_pattern_mismatch":
        if "#" in pattern:
            return "write colours as #rrggbb, e.g. #ffcc00"
        return "ids use letters, digits, '-', '_' and '.', and start with a letter or digit"
    if kind in ("string_type", "int_type", "float_type", "int_parsing", "float_parsing", "bool_type"):
        return "check the type of the value (quote text that looks like a number)"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return "check the indentation: this needs a list ('- item') or a mapping ('key: value')"
    return ""


def _clean_loc(doc: Document, loc: Loc, *, keep_missing: bool) -> Loc:
    """Drop the parts of a pydantic loc that are not in the document (union tags, validator names)."""
    node = doc.tree
    kept: list[str | int] = []
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            kept.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            kept.append(part)
            node = node[part]
        elif keep_missing and index == len(loc) - 1:
            kept.append(part)
    return tuple(kept)


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model(s) found at ``loc`` (used for "did you mean" on unknown keys)."""
    models: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for current in models:
            field = current.model_fields.get(part)
            if field is not None:
                nxt.extend(_models_in(field.annotation))
        models = nxt or models
    return sorted({name for m in models for name in m.model_fields})


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found
