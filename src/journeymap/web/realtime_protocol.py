"""The y-websocket protocol of :mod:`.realtime`: its message types and close codes, the messages the server sends,
reading those it receives, and which changes are plain field edits (not checked). :mod:`.realtime` re-exports the
public names."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from pycrdt import Decoder, YMessageType, YSyncMessageType, write_var_uint

from ..errors import JourneymapError
from .ydoc import YDoc, encode_state, new_doc, state_vector

ACK = 100
"""Message type of the ack: a var-length ``Uint8Array`` holding the server's state vector after a commit."""
NOTICE = 101
"""Message type of a notice: a var-length string holding a JSON object with a ``kind`` (docs/studio.md)."""
QUERY_AWARENESS = 3
"""y-websocket's ``messageQueryAwareness``: the client asks for every known presence."""
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
"""Larger messages are refused (close code 1009)."""
EMPTY_UPDATE = b"\x00\x00"

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_PROTOCOL_ERROR = 1002
CLOSE_UNSUPPORTED = 1003
CLOSE_TOO_BIG = 1009
CLOSE_SERVER_ERROR = 1011
CLOSE_RESTARTING = 1012
"""The server is stopping (graceful shutdown): the client reconnects, to this server or another."""
CLOSE_NEW_GENERATION = 4409
"""The map's document was rebuilt (a new generation): the client's document belongs to the old one and must not be
merged into it. The client opens the map again with a new document and re-applies its unsaved changes as data (in
the 4400–4499 range: y-websocket does not reconnect by itself)."""


def var_bytes(data: bytes) -> bytes:
    return write_var_uint(len(data)) + data


def sync_step1_message(doc: YDoc) -> bytes:
    """``[0, 0, state vector]``: what the document holds."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP1]) + var_bytes(state_vector(doc))


def sync_step2_message(update: bytes) -> bytes:
    """``[0, 1, update]``: the answer to a step 1."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2]) + var_bytes(update)


def update_message(update: bytes) -> bytes:
    """``[0, 2, update]``."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_UPDATE]) + var_bytes(update)


def ack_message(vector: bytes) -> bytes:
    """``[100, state vector]``: everything the state vector covers is committed."""
    return write_var_uint(ACK) + var_bytes(vector)


def notice_message(notice: Mapping[str, Any]) -> bytes:
    """``[101, JSON]``: a notice to the client (read-only, refused, comments, inbox)."""
    return write_var_uint(NOTICE) + var_bytes(json.dumps(dict(notice), separators=(",", ":")).encode())


def would_change(doc: YDoc, update: bytes) -> bool:
    """Whether applying ``update`` would change ``doc`` (tried on a copy; ``doc`` is left as it is)."""
    if update == EMPTY_UPDATE:
        return False
    scratch = new_doc()
    scratch.apply_update(encode_state(doc))
    changes: list[bytes] = []
    subscription = scratch.observe(lambda event: changes.append(event.update) if event.update != EMPTY_UPDATE else None)
    try:
        scratch.apply_update(update)
    finally:
        scratch.unobserve(subscription)
    return bool(changes)


def awareness_update(states: Mapping[int, tuple[int, str]]) -> bytes:
    """The awareness update for ``{client id: (clock, state JSON)}`` (``"null"`` removes a client)."""
    body = [write_var_uint(len(states))]
    for client_id, (clock, state) in states.items():
        encoded = state.encode()
        body += [write_var_uint(client_id), write_var_uint(clock), write_var_uint(len(encoded)), encoded]
    return b"".join(body)


def awareness_message(states: Mapping[int, tuple[int, str]]) -> bytes:
    """``[1, awareness update]`` for ``{client id: (clock, state JSON)}`` (``"null"`` removes a client)."""
    return bytes([YMessageType.AWARENESS]) + var_bytes(awareness_update(states))


def read_awareness(update: bytes) -> dict[int, tuple[int, str]]:
    decoder = Decoder(update)
    count = decoder.read_var_uint()
    states: dict[int, tuple[int, str]] = {}
    for _ in range(count):
        client_id = decoder.read_var_uint()
        clock = decoder.read_var_uint()
        state = decoder.read_var_string()
        json.loads(state)  # a presence that is not JSON is a protocol error
        states[client_id] = (clock, state)
    return states


class ProtocolError(JourneymapError, ValueError):
    """A message that does not follow the y-websocket protocol (a ``ValueError`` too: the socket loop refuses every
    malformed message, the decoder's own included, in one ``except ValueError``)."""


def read_payload(decoder: Decoder) -> bytes:
    payload = decoder.read_message()
    if payload is None or decoder.length < 0:
        raise ProtocolError("message truncated")
    return payload


TEXT_ONLY_CHARS = 10_000
"""A field's new text up to this long is a plain edit (not checked); longer, the whole map is checked."""


def _plain_value(value: Any) -> bool:
    """A value a plain field edit sets: text (not too long), a finite number, true/false, null."""
    if isinstance(value, str):
        return len(value) <= TEXT_ONLY_CHARS
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (bool, int))


def text_only(event: Any) -> bool:
    """Whether a change event only sets plain values (text, numbers) of fields other than ids, where plain values
    were (what typing in a field does): no list, no object, no id changes shape."""
    keys = getattr(event, "keys", None)
    if not isinstance(keys, dict):
        return False  # a list changed: structure
    for key, change in keys.items():
        if key == "id" or change.get("action") not in ("add", "update"):
            return False
        if not _plain_value(change.get("newValue")):
            return False
        if change.get("action") == "update" and not _plain_value(change.get("oldValue")):
            return False
    return True
