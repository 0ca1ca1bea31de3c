"""Canonical dumps: the same map always gives the same bytes, so maps diff well in git.

Rules: keys in the model's declared order (``journeymap`` and ``id`` first), defaults left out, whole
numbers written without ``.0``, text with line breaks as ``|`` blocks, no line folding. When the map is
written over an existing file, the comments of that file are carried over to the keys and list items that
are still there (list items are matched by ``id``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..model import FORMAT_VERSION, Map, Persona, Workspace
from .document import Document

__all__ = ["dump_json", "dump_map", "dump_yaml", "model_data", "save_map"]


def model_data(model: BaseModel) -> dict[str, Any]:
    """The canonical plain data of a model (defaults left out, whole floats as ints)."""
    data: dict[str, Any] = model.model_dump(mode="json", exclude_defaults=True)
    if isinstance(model, Map | Workspace):
        data = {"journeymap": FORMAT_VERSION, **{k: v for k, v in data.items() if k != "journeymap"}}
    if isinstance(model, Workspace):
        data.pop("maps", None)
        data.pop("personas", None)
    tidy: dict[str, Any] = _tidy(data)
    return tidy


def _tidy(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _commented(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _carry_comments(new: Any, old: Any) -> None:
    """Copy the comments attached to ``old``'s keys and items onto the same keys and items of ``new``."""
    if isinstance(new, dict) and isinstance(old, dict):
        old_ca = getattr(old, "ca", None)
        new_ca = getattr(new, "ca", None)
        if old_ca is not None and new_ca is not None:
            if old_ca.comment:
                new_ca.comment = old_ca.comment
            for key, tokens in old_ca.items.items():
                if key in new:
                    new_ca.items[key] = tokens
        for key, value in new.items():
            if key in old:
                _carry_comments(value, old[key])
    elif isinstance(new, list) and isinstance(old, list):
        by_id = {item.get("id"): item for item in old if isinstance(item, dict) and "id" in item}
        for index, item in enumerate(new):
            if isinstance(item, dict) and item.get("id") in by_id:
                _carry_comments(item, by_id[item["id"]])
            elif index < len(old) and not by_id:
                _carry_comments(item, old[index])


def dump_yaml(data: dict[str, Any], previous: Document | None = None) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    tree = _commented(data)
    old = previous.commented() if previous is not None else None
    if old is not None:
        _carry_comments(tree, old)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    return buffer.getvalue()


def dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def dump_map(model: Map | Persona | Workspace, *, fmt: str = "yaml", previous: Document | None = None) -> str:
    """The canonical YAML (or JSON) text of a map, persona or workspace header."""
    data = model_data(model)
    return dump_json(data) if fmt == "json" else dump_yaml(data, previous)


def save_map(model: Map | Persona | Workspace, path: str | Path, *, keep_comments: bool = True) -> None:
    """Write canonically to ``path`` (JSON for ``.json``), atomically, keeping the comments already there."""
    from ..errors import ProblemsError
    from .atomic import write_text_atomic
    from .document import read_commented

    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    previous = None
    if keep_comments and fmt == "yaml" and path.is_file():
        try:
            previous = read_commented(path)
        except (ProblemsError, ValueError):  # the old file is unreadable or refused: nothing to keep
            previous = None
    write_text_atomic(path, dump_map(model, fmt=fmt, previous=previous))
