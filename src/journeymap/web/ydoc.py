"""A map's JSON as a Y document (pycrdt), and back.

The document's root ``Y.Map`` named ``map`` holds the map's data exactly as its file holds it: every JSON object is
a ``Y.Map``, every list a ``Y.Array``, every scalar (string, number, boolean, null) a plain value. The front end
edits the same structure with Yjs.

:func:`reconcile` changes a document to equal some JSON with the fewest changes it can find, so that edits made
concurrently by others survive: unchanged values are not touched, objects are compared key by key, and lists are
aligned on their longest common subsequence — objects with an ``id`` are matched by that id (so an edited step
stays the same Y item), other items by value.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from pycrdt import Array, Decoder, Doc, Map

__all__ = [
    "ROOT",
    "YDoc",
    "apply_update",
    "doc_data",
    "encode_state",
    "merge_states",
    "new_doc",
    "reconcile",
    "root",
    "state_vector",
]

YDoc = Doc[Any]
"""A pycrdt document (its root types are untyped)."""

ROOT = "map"
"""The name of the root ``Y.Map`` that holds the map's data."""


def new_doc(data: Mapping[str, Any] | None = None, *, client_id: int | None = None) -> YDoc:
    """A new document whose root map holds ``data`` (an empty root map when ``data`` is None)."""
    doc: YDoc = Doc(client_id=client_id)
    if data is not None:
        reconcile(doc, data)
    else:
        root(doc)
    return doc


def root(doc: YDoc) -> Map[Any]:
    """The document's root ``Y.Map`` (created empty if the document has none yet)."""
    ymap: Map[Any] = doc.get(ROOT, type=Map)
    return ymap


def doc_data(doc: YDoc) -> dict[str, Any]:
    """The map's plain JSON; numbers that are whole come back as ``int`` (Yjs numbers are doubles)."""
    value = _plain(root(doc))
    assert isinstance(value, dict)
    return value


def encode_state(doc: YDoc) -> bytes:
    """The whole document as one update (``Y.encodeStateAsUpdate``)."""
    return doc.get_update()


def state_vector(doc: YDoc) -> bytes:
    """The document's state vector (``Y.encodeStateVector``)."""
    return doc.get_state()


def merge_states(updates: list[bytes]) -> bytes:
    """Updates (whole states or changes, in any order) merged into one state: what a document holding all of them
    encodes (deleted content collected)."""
    doc = new_doc()
    with doc.transaction():
        for update in updates:
            doc.apply_update(update)
    return encode_state(doc)


REBUILD_RATIO = 1.5
"""A compacted state this many times larger than the same data as a new document is rebuilt (a new generation)."""
REBUILD_MIN_BYTES = 16 * 1024
"""States smaller than this are never rebuilt (restarting the clients would cost more than it saves)."""


def rebuilt_state(state: bytes, *, ratio: float = REBUILD_RATIO, min_bytes: int = REBUILD_MIN_BYTES) -> bytes | None:
    """The same data as a new document, when ``state`` is over ``min_bytes`` and ``ratio`` times that; else None.

    Every value overwritten in a Yjs map leaves an item the document keeps (clients holding older states may still
    refer to it), so a map edited for a year holds far more history than data, and every open pays for it. Only a
    new history sheds it: the store then starts a new *generation* of the document (see
    :mod:`journeymap.store.updates`)."""
    if len(state) < min_bytes:
        return None
    doc = new_doc()
    doc.apply_update(state)
    fresh = encode_state(new_doc(doc_data(doc)))
    return fresh if len(state) > ratio * len(fresh) else None


def client_ids(state: bytes) -> set[int]:
    """The ids of the CRDT clients whose changes ``state`` (a whole document as one update) holds."""
    doc = new_doc()
    doc.apply_update(state)
    return set(read_state_vector(state_vector(doc)))


def read_state_vector(vector: bytes) -> dict[int, int]:
    """A state vector (``Y.encodeStateVector``) as client id → clock; raises pycrdt's ``RuntimeError`` when the
    bytes end too soon."""
    decoder = Decoder(vector)
    found: dict[int, int] = {}
    for _ in range(decoder.read_var_uint()):
        client = decoder.read_var_uint()
        found[client] = decoder.read_var_uint()
    return found


def apply_update(doc: YDoc, update: bytes) -> None:
    """Apply an update (``Y.applyUpdate``); raises ``ValueError`` when the bytes are not an update."""
    doc.apply_update(update)


def reconcile(doc: YDoc, data: Mapping[str, Any], *, origin: Any = None) -> None:
    """Change the document, in one transaction, to hold ``data``, changing only what differs.

    Raises ``TypeError`` (before changing anything) when ``data`` holds something that is not JSON.
    """
    _check_json(data, "map")
    ymap = root(doc)
    with doc.transaction(origin=origin):
        _reconcile_map(ymap, data)


# -- reading ------------------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Map):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, Array):
        return [_plain(item) for item in value]
    if isinstance(value, dict):  # a JSON object stored as one value (Yjs allows it)
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


# -- writing ------------------------------------------------------------------------------------------------------


def _check_json(value: Any, where: str) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: object keys must be strings, not {type(key).__name__}")
            _check_json(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_json(item, f"{where}[{index}]")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"{where}: {value} is not a JSON number")
    elif value is not None and not isinstance(value, str | int | bool):
        raise TypeError(f"{where}: {type(value).__name__} is not a JSON value")


def _to_y(value: Any) -> Any:
    """A preliminary Y value for a JSON value."""
    if isinstance(value, Mapping):
        return Map({key: _to_y(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return Array([_to_y(item) for item in value])
    return value


def _same_scalar(current: Any, target: Any) -> bool:
    if isinstance(current, Map | Array | dict | list):
        return False
    if isinstance(current, bool) or isinstance(target, bool):
        return isinstance(current, bool) and isinstance(target, bool) and current == target
    if isinstance(current, int | float) and isinstance(target, int | float):
        return current == target
    return type(current) is type(target) and bool(current == target)


def _reconcile_value(container_get: Any, target: Any) -> bool:
    """Whether ``container_get`` (the current value) can be updated in place to ``target`` (and do so)."""
    if isinstance(target, Mapping) and isinstance(container_get, Map):
        _reconcile_map(container_get, target)
        return True
    if isinstance(target, list | tuple) and isinstance(container_get, Array):
        _reconcile_array(container_get, target)
        return True
    return not isinstance(target, Mapping | list | tuple) and _same_scalar(container_get, target)


def _reconcile_map(ymap: Map[Any], data: Mapping[str, Any]) -> None:
    for key in [key for key in list(ymap.keys()) if key not in data]:
        del ymap[key]
    for key, target in data.items():
        if key in ymap and _reconcile_value(ymap[key], target):
            continue
        ymap[key] = _to_y(target)


def _key(value: Any) -> tuple[str, str]:
    """How list items are matched: objects by their ``id``, anything else by value."""
    if isinstance(value, Mapping):
        ident = value.get("id")
        if isinstance(ident, str | int) and not isinstance(ident, bool):
            return ("id", json.dumps(ident))
    return ("value", json.dumps(_plain(value), sort_keys=True, separators=(",", ":")))


def _current_key(value: Any) -> tuple[str, str]:
    if isinstance(value, Map):
        ident = value.get("id")
        if isinstance(ident, float) and ident.is_integer():
            ident = int(ident)
        if isinstance(ident, str | int) and not isinstance(ident, bool):
            return ("id", json.dumps(ident))
    return _key(_plain(value))


def _lcs(current: Sequence[tuple[str, str]], target: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence (common prefix and suffix taken first)."""
    start = 0
    while start < len(current) and start < len(target) and current[start] == target[start]:
        start += 1
    end_c, end_t = len(current), len(target)
    while end_c > start and end_t > start and current[end_c - 1] == target[end_t - 1]:
        end_c -= 1
        end_t -= 1
    pairs = [(i, i) for i in range(start)]
    middle_c, middle_t = current[start:end_c], target[start:end_t]
    if middle_c and middle_t:
        rows, cols = len(middle_c), len(middle_t)
        table = [[0] * (cols + 1) for _ in range(rows + 1)]
        for i in range(rows - 1, -1, -1):
            row, below = table[i], table[i + 1]
            for j in range(cols - 1, -1, -1):
                row[j] = below[j + 1] + 1 if middle_c[i] == middle_t[j] else max(below[j], row[j + 1])
        i = j = 0
        while i < rows and j < cols:
            if middle_c[i] == middle_t[j]:
                pairs.append((start + i, start + j))
                i += 1
                j += 1
            elif table[i + 1][j] >= table[i][j + 1]:
                i += 1
            else:
                j += 1
    pairs.extend((end_c + k, end_t + k) for k in range(len(current) - end_c))
    return pairs


def _reconcile_array(yarray: Array[Any], items: Sequence[Any]) -> None:
    current = list(yarray)
    current_keys = [_current_key(item) for item in current]
    target_keys = [_key(item) for item in items]
    anchors = [*_lcs(current_keys, target_keys), (len(current), len(items))]
    position = 0
    previous_c = previous_t = 0
    for anchor_c, anchor_t in anchors:
        # the gap before this anchor: pair items without an id position by position when they are containers of
        # the same kind (an edited anonymous object stays the same Y item); delete and insert the rest
        gap_c, gap_t = list(range(previous_c, anchor_c)), list(range(previous_t, anchor_t))
        paired = 0
        while (
            paired < len(gap_c)
            and paired < len(gap_t)
            and current_keys[gap_c[paired]][0] == "value"
            and target_keys[gap_t[paired]][0] == "value"
            and _reconcile_value(current[gap_c[paired]], items[gap_t[paired]])
        ):
            paired += 1
            position += 1
        removed = len(gap_c) - paired
        if removed:
            del yarray[position : position + removed]
        for index in gap_t[paired:]:
            yarray.insert(position, _to_y(items[index]))
            position += 1
        if anchor_c < len(current):
            if not _reconcile_value(current[anchor_c], items[anchor_t]):
                del yarray[position]
                yarray.insert(position, _to_y(items[anchor_t]))
            position += 1
        previous_c, previous_t = anchor_c + 1, anchor_t + 1
