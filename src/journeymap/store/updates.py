"""The rooms' CRDT update log in the store (implements :class:`journeymap.web.realtime.UpdateLog`).

A map's document is its compacted state (``maps.state``, covering every update up to ``maps.state_seq``) and the
updates appended after it (``map_updates``, in the order of their ids). Several processes may append to one map:

* an append first updates the map's row (``updated_at``), which on PostgreSQL locks the row until the commit, and
  only then takes ids for its updates: so the ids of one map's updates increase in the order their transactions
  commit, and a reader that sees an update sees every earlier one (:meth:`StoreUpdateLog.read_after` relies on it);
* on PostgreSQL the same transaction sends a notice on :data:`.notify.CHANNEL` (map, last id, origin, time), which
  PostgreSQL delivers to every listening process only once the updates are committed;
* compaction merges the state it is given with the stored state and the stored updates it replaces, under the same
  row lock: a process compacting with a document that lacks another process's newest updates loses none of them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from ..errors import NotFoundError
from . import tables as t
from .db import Store
from .notify import CHANNEL

Merge = Callable[[list[bytes]], bytes]
"""Merges CRDT updates (states) into one state: the web layer's :func:`journeymap.web.ydoc.merge_states`."""


@dataclass
class Tail:
    """What a map's log holds after a sequence number: the compacted state when it covers more than that number
    (else None), the number it covers, and the updates after it as ``(seq, update)`` in order."""

    state: bytes | None
    state_seq: int
    updates: list[tuple[int, bytes]] = field(default_factory=list)

    @property
    def last(self) -> int:
        """The highest sequence number this tail covers."""
        return max([self.state_seq, *(seq for seq, _ in self.updates)])


class StoreUpdateLog:
    """The rooms' update log in the store: every call is one transaction, committed before it returns.

    With ``origin`` (this process's id) on PostgreSQL, every append notifies the other processes; ``merge`` makes
    compaction safe when other processes append to the same map (without it, the given state replaces the rest:
    right for one process, whose document holds every committed update)."""

    def __init__(self, store: Store, *, origin: str | None = None, merge: Merge | None = None) -> None:
        self.store = store
        self.origin = origin if store.dialect == "postgresql" else None
        self.merge = merge

    def load(self, map_id: int) -> tuple[bytes | None, list[bytes]]:
        tail = self.read_after(map_id, 0)
        return tail.state, [update for _, update in tail.updates]

    def read_after(self, map_id: int, after_seq: int) -> Tail:
        """The updates after ``after_seq`` (and the compacted state when it covers more). The updates are read
        before the state: a compaction committed in between leaves both (applying an update twice changes nothing),
        never a gap."""
        with self.store.engine.connect() as connection:
            rows = connection.execute(
                select(t.MapUpdate.id, t.MapUpdate.update)
                .where(t.MapUpdate.map_id == map_id, t.MapUpdate.id > after_seq)
                .order_by(t.MapUpdate.id)
            ).all()
            row = connection.execute(select(t.MapRow.state_seq).where(t.MapRow.id == map_id)).first()
            if row is None:
                raise NotFoundError(f"map {map_id}")
            state_seq = int(row[0] or 0)
            state = None
            if after_seq == 0 or state_seq > after_seq:
                state = connection.scalar(select(t.MapRow.state).where(t.MapRow.id == map_id))
        return Tail(state, state_seq, [(int(seq), bytes(data)) for seq, data in rows])

    def append(self, map_id: int, update_bytes: bytes, user_id: int | None) -> int:
        return self.append_many(map_id, [(update_bytes, user_id)])[0]

    def append_many(self, map_id: int, updates: list[tuple[bytes, int | None]]) -> list[int]:
        """Commit the updates in one transaction, in order; their ids (increasing), in the same order."""
        if not updates:
            return []
        moment = t.now()
        rows = [{"map_id": map_id, "update": data, "user_id": user, "created_at": moment} for data, user in updates]
        # Core rather than an ORM session: one multi-row INSERT … RETURNING. The map's row first: its lock orders
        # the appends of every process (see the module's docstring)
        with self.store.engine.begin() as connection:
            connection.execute(update(t.MapRow).where(t.MapRow.id == map_id).values(updated_at=moment))
            if self.store.dialect == "sqlite":
                rows = self._numbered(connection, rows)
            ids = list(
                connection.scalars(
                    insert(t.MapUpdate).returning(t.MapUpdate.id, sort_by_parameter_order=True), rows
                ).all()
            )
            if self.origin is not None:
                payload = {"k": "u", "m": map_id, "s": ids[-1], "o": self.origin, "t": time.time()}
                connection.execute(select(func.pg_notify(CHANNEL, json.dumps(payload, separators=(",", ":")))))
        return ids

    @staticmethod
    def _numbered(connection: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """SQLite gives a deleted row's id again (``map_updates`` has no AUTOINCREMENT): after a compaction deleted
        the newest updates, a new one would come *before* them. Number the rows after every id ever given — the
        newest update and every compacted state — under the write lock the map's row update took."""
        newest = connection.scalar(select(func.max(t.MapUpdate.id))) or 0
        compacted = connection.scalar(select(func.max(t.MapRow.state_seq))) or 0
        first = max(int(newest), int(compacted)) + 1
        return [{**row, "id": first + n} for n, row in enumerate(rows)]

    def compact(self, map_id: int, state: bytes, upto_seq: int) -> None:
        """Replace the compacted state and the updates up to ``upto_seq`` by one state (merged with what they hold
        when a ``merge`` is set)."""
        with self.store.engine.begin() as connection:
            locked = select(t.MapRow.state, t.MapRow.state_seq).where(t.MapRow.id == map_id)
            if self.store.dialect == "postgresql":
                locked = locked.with_for_update()
            row = connection.execute(locked).first()
            if row is None:
                raise NotFoundError(f"map {map_id}")
            if int(row[1] or 0) >= upto_seq:
                return  # another process compacted further already
            if self.merge is not None:
                stored = connection.scalars(
                    select(t.MapUpdate.update)
                    .where(t.MapUpdate.map_id == map_id, t.MapUpdate.id <= upto_seq)
                    .order_by(t.MapUpdate.id)
                ).all()
                parts = [part for part in (row[0], *stored) if part is not None]
                state = self.merge([*(bytes(part) for part in parts), state])
            connection.execute(update(t.MapRow).where(t.MapRow.id == map_id).values(state=state, state_seq=upto_seq))
            connection.execute(delete(t.MapUpdate).where(t.MapUpdate.map_id == map_id, t.MapUpdate.id <= upto_seq))

    def newest(self, map_id: int) -> int:
        """The highest sequence number of the map's log (0 when empty)."""
        with self.store.engine.connect() as connection:
            last = connection.scalar(select(func.max(t.MapUpdate.id)).where(t.MapUpdate.map_id == map_id))
            seq = connection.scalar(select(t.MapRow.state_seq).where(t.MapRow.id == map_id))
        return max(int(last or 0), int(seq or 0))
