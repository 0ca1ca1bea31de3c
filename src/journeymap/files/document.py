"""A YAML or JSON document read with the position of every key and value.

ruamel.yaml's round-trip loader keeps positions and comments; JSON is read through the same loader (JSON is
YAML 1.2), so both report ``file:line:column``. Lines and columns here are 1-based.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MapFileError, Problem

__all__ = ["Document", "parse_document", "read_document", "read_text"]

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """The parsed tree of a file (ruamel ``CommentedMap`` / ``CommentedSeq``) and where it came from."""

    path: str
    tree: Any

    def position(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``loc``; of its key for a mapping entry.

        Parts of ``loc`` that are not in the tree (a union tag, a missing key) are skipped, so the position
        is that of the deepest node that exists.
        """
        node = self.tree
        line, col = _node_start(node)
        for part in loc:
            if isinstance(part, str) and _is_mapping(node) and part in node:
                line, col = _key_position(node, part)
                node = node[part]
            elif isinstance(part, int) and _is_sequence(node) and 0 <= part < len(node):
                line, col = _item_position(node, part)
                node = node[part]
        return line, col

    def where(self, loc: Sequence[str | int]) -> str:
        line, col = self.position(loc)
        return f"{self.path}:{line}:{col}"

    def value_at(self, loc: Sequence[str | int]) -> Any:
        node = self.tree
        for part in loc:
            if (isinstance(part, str) and _is_mapping(node) and part in node) or (
                isinstance(part, int) and _is_sequence(node) and 0 <= part < len(node)
            ):
                node = node[part]
        return node


def _is_mapping(node: Any) -> bool:
    return isinstance(node, dict)


def _is_sequence(node: Any) -> bool:
    return isinstance(node, list)


def _node_start(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return 1, 1
    return lc.line + 1, lc.col + 1


def _key_position(node: Any, key: str) -> tuple[int, int]:
    try:
        line, col = node.lc.key(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return _node_start(node)


def _item_position(node: Any, index: int) -> tuple[int, int]:
    try:
        line, col = node.lc.item(index)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return _node_start(node)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def parse_document(text: str, path: str) -> Document:
    """Parse YAML or JSON text; a syntax error raises :class:`MapFileError` with its line and column."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        tree = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        hint = "check indentation, quotes and brackets"
        if "duplicate key" in str(exc).lower() or type(exc).__name__ == "DuplicateKeyError":
            message, hint = "a key appears twice in the same mapping", "remove or rename one of them"
        raise MapFileError([Problem("JM001", f"{path}:{line}:{col}", f"YAML syntax: {message}", hint)]) from exc
    except YAMLError as exc:
        raise MapFileError([Problem("JM001", f"{path}:1:1", f"YAML syntax: {exc}", "")]) from exc
    return Document(path=path, tree=tree)


def read_text(path: Path, display: str | None = None) -> str:
    """The UTF-8 text of a file (a byte-order mark is allowed); problems name the file, line and column."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise MapFileError([Problem("JM002", shown, "file not found", "check the path")]) from exc
    except IsADirectoryError as exc:
        raise MapFileError([Problem("JM002", shown, "is a folder, not a file", "")]) from exc
    except OSError as exc:
        raise MapFileError([Problem("JM002", shown, f"cannot read: {exc.strerror}", "")]) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MapFileError(
            [Problem("JM003", f"{shown}:{line}:{col}", "the file is not UTF-8 text", "save it as UTF-8")]
        ) from exc


def read_document(path: Path, display: str | None = None) -> Document:
    """Read a ``.yaml``, ``.yml`` or ``.json`` file as UTF-8."""
    return parse_document(read_text(path, display), display or str(path))
