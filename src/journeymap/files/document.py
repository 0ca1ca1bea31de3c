"""A YAML or JSON document read with the position of every key and value, safely.

Map, persona and workspace files are read by libyaml (through PyYAML's C parser when it is built, its pure-Python
parser otherwise): a C parser is some thirty times faster than a pure-Python one on big maps (a 20,000-step map
took 74 s through ruamel's round-trip loader), and the event stream it yields lets this module build the tree
itself, which is what makes it safe on hostile input:

* nothing is ever constructed from a tag (``!!python/object`` and every other non-standard tag is refused);
* aliases are counted (``limits().yaml_aliases``) and their expansion is counted as nodes (``limits().yaml_nodes``)
  while the tree is built, so a billion-laughs file is refused at its first alias over the limit;
* nesting is counted (``limits().nesting``), so 500 nested brackets are refused, not a ``RecursionError``;
* a text longer than ``limits().text_chars`` is refused at its place;
* scalars are read as YAML 1.2's core schema reads them (as the round-trip loader did: ``no`` and ``on`` are
  text, not booleans); dates stay text, and the model reads them (a date that does not exist is a problem at
  its line, not a crash); an integer too long for Python is a problem at its place;
* a key written twice, a key that is not a plain value, an alias to an anchor not yet closed are problems.

Files are read only when they are regular files (a FIFO would block, ``/dev/zero`` never ends), and at most
``limits().map_mb`` megabytes of them. UTF-8 only (a UTF-8 byte-order mark is allowed); UTF-16 and UTF-32 are
named as such.

The comments of a file matter only when journeymap writes the file again (``fmt``, the studio's save):
:func:`read_commented` gives ruamel's round-trip tree for that, after the file has passed the checks above.
Lines and columns here are 1-based.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MapFileError, Problem
from ..limits import limits
from .file_text import decode_text, read_bytes, read_text

__all__ = [
    "Document",
    "YamlList",
    "YamlMap",
    "decode_text",
    "parse_document",
    "parse_yaml_data",
    "read_bytes",
    "read_commented",
    "read_document",
    "read_text",
]

Loc = tuple[str | int, ...]
Position = tuple[int, int]


class YamlMap(dict[str, Any]):
    """A mapping of the document with the position of the mapping and of each key (1-based)."""

    __slots__ = ("keys_at", "merged", "start")

    def __init__(self, start: Position) -> None:
        super().__init__()
        self.start = start
        self.keys_at: dict[str, Position] = {}
        self.merged: set[str] = set()
        """Keys that came from a ``<<`` merge (a key written in the mapping itself replaces them)."""


class YamlList(list[Any]):
    """A sequence of the document with the position of the sequence and of each item (1-based)."""

    __slots__ = ("items_at", "start")

    def __init__(self, start: Position) -> None:
        super().__init__()
        self.start = start
        self.items_at: list[Position] = []


@dataclass
class Document:
    """The parsed tree of a file (:class:`YamlMap` / :class:`YamlList`, or ruamel's commented containers from
    :func:`read_commented`) and where it came from."""

    path: str
    tree: Any
    text: str | None = None
    """The text the tree was parsed from (for :meth:`commented`)."""

    def commented(self) -> Any:
        """ruamel's round-trip tree of the text, with its comments, for writing the file again; ``None`` when there
        are no comments to keep (ruamel's pure-Python loader takes seconds on a big map). The text has passed this
        module's checks, so ruamel never sees a hostile file."""
        if getattr(self.tree, "ca", None) is not None:
            return self.tree
        if self.text is None or not _COMMENT.search(self.text):
            return None
        from ruamel.yaml import YAML

        yaml = YAML(typ="rt")
        yaml.allow_duplicate_keys = False
        return yaml.load(self.text)

    def position(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``loc``; of its key for a mapping entry.

        Parts of ``loc`` that are not in the tree (a union tag, a missing key) are skipped, so the position
        is that of the deepest node that exists.
        """
        node = self.tree
        line, col = _node_start(node)
        for part in loc:
            if isinstance(part, str) and isinstance(node, dict) and part in node:
                line, col = _key_position(node, part)
                node = node[part]
            elif isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                line, col = _item_position(node, part)
                node = node[part]
        return line, col

    def where(self, loc: Sequence[str | int]) -> str:
        line, col = self.position(loc)
        return f"{self.path}:{line}:{col}"

    def value_at(self, loc: Sequence[str | int]) -> Any:
        node: Any = self.tree
        for part in loc:
            if isinstance(part, str) and isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
        return node


def _node_start(node: Any) -> Position:
    start = getattr(node, "start", None)
    if isinstance(start, tuple):
        return start
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return 1, 1
    return lc.line + 1, lc.col + 1


def _key_position(node: Any, key: str) -> Position:
    if isinstance(node, YamlMap):
        return node.keys_at.get(key, node.start)
    try:
        line, col = node.lc.key(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return _node_start(node)


def _item_position(node: Any, index: int) -> Position:
    if isinstance(node, YamlList):
        return node.items_at[index] if index < len(node.items_at) else node.start
    try:
        line, col = node.lc.item(index)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return _node_start(node)


# --- reading files ---------------------------------------------------------------------------------------------


def read_document(path: Path, display: str | None = None) -> Document:
    """Read a ``.yaml``, ``.yml`` or ``.json`` file as UTF-8; a ``.json`` file must be strict JSON."""
    shown = display or str(path)
    text = read_text(path, display)
    document = parse_document(text, shown)
    if path.suffix.lower() == ".json":
        _check_strict_json(text, shown)
    return document


def _check_strict_json(text: str, shown: str) -> None:
    """A ``.json`` file that YAML reads but JSON does not (a trailing comma, ``NaN``, a comment) is refused at its
    place: other tools would not read it. (Run after the YAML checks, so the nesting is already bounded.)"""
    import json

    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        where, hint = f"{shown}:{exc.lineno}:{exc.colno}", "JSON allows no trailing commas, comments or single quotes"
        raise MapFileError([Problem("JM001", where, f"JSON syntax: {exc.msg}", hint)]) from None
    except (ValueError, RecursionError) as exc:
        found = re.search(r"[:\[,]\s*(NaN|-?Infinity)\b", text)
        position = found.start(1) if found else 0
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        hint = "JSON numbers are finite: leave the value out or write a number"
        raise MapFileError([Problem("JM001", f"{shown}:{line}:{col}", f"JSON: {exc}", hint)]) from None


def read_commented(path: Path, display: str | None = None) -> Document | None:
    """The file as ruamel's round-trip tree (with its comments), for writing it again; ``None`` when the file has
    no comments to keep. Checked first as :func:`read_document` checks it."""
    document = read_document(path, display)
    tree = document.commented()
    return None if tree is None else Document(path=document.path, tree=tree, text=document.text)


# --- parsing ---------------------------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_INT_RADIX = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_MAX_DIGITS = 4000
"""Longest integer read (Python refuses to read integers of more than 4,300 digits)."""


def _loader(text: str) -> Any:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return loader_class(text)


class _Builder:
    """Builds the tree from parser events, checking the limits as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.limits = limits()
        self.stack: list[list[Any]] = []  # [container, anchor, first node number, pending key, key position]
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.aliases = 0
        self.root: Any = None
        self.documents = 0

    def where(self, mark: Any) -> str:
        return f"{self.path}:{mark.line + 1}:{mark.column + 1}"

    def at(self, position: Position) -> str:
        return f"{self.path}:{position[0]}:{position[1]}"

    def refuse(self, mark: Any, message: str, hint: str, code: str = "JM001") -> _Refused:
        return _Refused(Problem(code, self.where(mark), message, hint))

    def over(self, mark: Any, name: str, what: str, found: int | str | None = None) -> _Refused:
        return _Refused(self.limits.problem(name, self.where(mark), what, found))

    def count(self, mark: Any, nodes: int = 1) -> None:
        self.nodes += nodes
        if self.nodes > self.limits.yaml_nodes:
            raise self.over(mark, "yaml_nodes", "the number of values in the file (aliases expanded)")

    def feed(self, event: Any) -> None:
        kind = type(event).__name__
        mark = event.start_mark
        if kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                raise self.refuse(mark, "a second YAML document ('---') in the file", "keep one document a file")
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            self.check_tag(event, "map" if kind == "MappingStartEvent" else "seq")
            if len(self.stack) + 1 > self.limits.nesting:
                raise self.over(
                    mark, "nesting", "the depth of nested mappings and lists", f"more than {len(self.stack)}"
                )
            self.count(mark)
            start = (mark.line + 1, mark.column + 1)
            container: Any = YamlMap(start) if kind == "MappingStartEvent" else YamlList(start)
            self.stack.append([container, event.anchor, self.nodes, None, None])
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            container, anchor, first, _, _ = self.stack.pop()
            if anchor is not None:
                self.anchors[anchor] = (container, self.nodes - first + 1)
            self.add(container, container.start, is_scalar=False)
        elif kind == "ScalarEvent":
            self.count(mark)
            if len(event.value) > self.limits.text_chars:
                raise self.over(mark, "text_chars", "the length of this text", f"{len(event.value):,} characters")
            value = self.scalar(event)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
            self.add(value, (mark.line + 1, mark.column + 1), is_scalar=True, raw=event.value)
        elif kind == "AliasEvent":
            self.aliases += 1
            if self.aliases > self.limits.yaml_aliases:
                raise self.over(mark, "yaml_aliases", "the number of aliases (*name) in the file")
            if event.anchor not in self.anchors:
                hint = "an alias names an anchor (&name) written and closed before it"
                raise self.refuse(mark, f"alias *{event.anchor} names no anchor before it", hint)
            value, size = self.anchors[event.anchor]
            self.count(mark, size)
            position = (mark.line + 1, mark.column + 1)
            self.add(value, position, is_scalar=not isinstance(value, dict | list), raw=None)

    def add(self, value: Any, position: Position, *, is_scalar: bool, raw: str | None = None) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        parent = frame[0]
        if isinstance(parent, YamlList):
            parent.append(value)
            parent.items_at.append(position)
            return
        if frame[3] is None:  # a key
            if not is_scalar or isinstance(value, dict | list):
                message, hint = "a key must be a plain value, not a mapping or a list", "write 'key: value'"
                raise _Refused(Problem("JM001", self.at(position), message, hint))
            key = raw if raw is not None else ("" if value is None else str(value))
            frame[3], frame[4] = (key,), position
            return
        (key,), key_position = frame[3], frame[4]
        frame[3] = frame[4] = None
        if key == "<<" and isinstance(value, dict | list):
            self.merge(parent, value, key_position)
            return
        if key in parent and key not in parent.merged:
            message, hint = f"the key {key!r} appears twice in the same mapping", "remove or rename one of them"
            raise _Refused(Problem("JM001", self.at(key_position), message, hint))
        parent.merged.discard(key)
        parent[key] = value
        parent.keys_at[key] = key_position

    def merge(self, parent: YamlMap, value: Any, position: Position) -> None:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                message, hint = "'<<' merges mappings only", "write '<<: *anchor' with a mapping's anchor"
                raise _Refused(Problem("JM001", self.at(position), message, hint))
            for key, item in source.items():
                if key not in parent:
                    parent[key] = item
                    parent.keys_at[key] = position
                    parent.merged.add(key)

    def check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag == _CORE + kind or (kind == "map" and tag == _CORE + "omap"):
            return
        hint = "journeymap files use plain YAML: remove the tag"
        raise self.refuse(event.start_mark, f"the YAML tag {tag!r} is not allowed", hint)

    def scalar(self, event: Any) -> Any:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            return self.resolve(event) if event.implicit[0] and tag is None else value
        if not tag.startswith(_CORE):
            raise self.refuse(event.start_mark, f"the YAML tag {tag!r} is not allowed", "remove the tag")
        name = tag[len(_CORE) :]
        if name in ("str", "timestamp"):
            return value
        resolved = self.resolve(event)
        wanted = {"int": int, "float": float, "bool": bool, "null": type(None)}.get(name)
        if name == "float" and isinstance(resolved, int) and not isinstance(resolved, bool):
            return float(resolved)
        if wanted is None or not isinstance(resolved, wanted) or (name == "int" and isinstance(resolved, bool)):
            raise self.refuse(event.start_mark, f"{value!r} is not a valid !!{name}", "remove the tag or fix the value")
        return resolved

    def resolve(self, event: Any) -> Any:
        """A plain scalar as YAML 1.2's core schema reads it (dates stay text: the model reads them)."""
        value: str = event.value
        if _NULL.fullmatch(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.fullmatch(value) or _INT_RADIX.fullmatch(value):
            digits = len(value.lstrip("+-"))
            if digits > _MAX_DIGITS:
                hint = "write it as text in quotes, or as a number of fewer digits"
                raise _Refused(Problem("JM104", self.where(event.start_mark), f"a number of {digits:,} digits", hint))
            return int(value, 0) if _INT_RADIX.fullmatch(value) else int(value)
        if _FLOAT.fullmatch(value):
            if len(value) > _MAX_DIGITS:
                hint = "write it with fewer digits"
                message = f"a number of {len(value):,} characters"
                raise _Refused(Problem("JM104", self.where(event.start_mark), message, hint))
            return float(value)
        if _INF.fullmatch(value):
            return float("-inf") if value.startswith("-") else float("inf")
        if _NAN.fullmatch(value):
            return float("nan")
        return value


def _syntax_problem(exc: Exception, text: str, path: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):
        position = min(int(getattr(exc, "position", 0)), len(text))
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
    else:
        line, col = 1, 1
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or getattr(exc, "context", None)
    message = str(problem or "invalid YAML").strip()
    hint = "check indentation, quotes and brackets"
    if "control character" in message or "special characters" in message:
        hint = "remove the control character (a NUL byte, say): journeymap files are plain text"
    elif "tab" in message.lower():
        hint = "indent with spaces, not tabs"
    return Problem("JM001", f"{path}:{line}:{col}", f"YAML syntax: {message}", hint)


def parse_yaml_data(text: str, path: str) -> Any:
    """The plain data of YAML or JSON text (see the module docstring); raises :class:`MapFileError` with the
    place of the first problem."""
    import yaml

    builder = _Builder(path)
    loader = _loader(text)
    try:
        while loader.check_event():
            builder.feed(loader.get_event())
    except _Refused as refused:
        raise MapFileError([refused.problem]) from None
    except yaml.YAMLError as exc:
        raise MapFileError([_syntax_problem(exc, text, path)]) from None
    finally:
        loader.dispose()
    return builder.root


def parse_document(text: str, path: str) -> Document:
    """Parse YAML or JSON text; a syntax error or a limit exceeded raises :class:`MapFileError` with its line and
    column."""
    return Document(path=path, tree=parse_yaml_data(text, path), text=text)


_COMMENT = re.compile(r"(?:^|[ \t])#", re.MULTILINE)
