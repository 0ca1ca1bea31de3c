"""The rooms' CRDT update log in the store (implements :class:`journeymap.web.realtime.UpdateLog`).

A map's document is its compacted state (``maps.state``, covering every update up to ``maps.state_seq``) and the
updates appended after it (``map_updates``, in the order of their ids). Several processes may append to one map:

* an append first updates the map's row (``updated_at``), which on PostgreSQL locks the row until the commit, and
  only then takes ids for its updates: so the ids of one map's updates increase in the order their transactions
  commit, and a reader that sees an update sees every earlier one (:meth:`StoreUpdateLog.read_after` relies on it);
* on PostgreSQL the same transaction sends a notice on :data:`.notify.CHANNEL` (map, last id, origin, time), which
  PostgreSQL delivers to every listening process only once the updates are committed;
* compaction merges the state it is given with the stored state and the stored updates it replaces, under the same
  row lock: a process compacting with a document that lacks another process's newest updates loses none of them;
* a document whose history outgrew its data (every overwritten value leaves an item the CRDT keeps) is *rebuilt* by
  compaction: the same data as a new document, a new **generation** (``maps.generation``), every update deleted. An
  append names the generation its updates were made on and is refused (:class:`StaleGeneration`) when the map has
  moved on: updates of the old history would duplicate the content in the new one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from ..errors import JourneymapError, NotFoundError
from . import tables as t
from .db import Store
from .notify import CHANNEL

Merge = Callable[[list[bytes]], bytes]
"""Merges CRDT updates (states) into one state: the web layer's :func:`journeymap.web.ydoc.merge_states`."""

Rebuild = Callable[[bytes], bytes | None]
"""Given a compacted state, the same data as a new document when the state is much larger than that, else None: the
web layer's :func:`journeymap.web.ydoc.rebuilt_state`."""

Clients = Callable[[bytes], set[int]]
"""The CRDT client ids a state holds: the web layer's :func:`journeymap.web.ydoc.client_ids`."""


class StaleGeneration(JourneymapError):
    """Updates made on a generation of the map's document that was since rebuilt: refused (the room restarts and
    its clients start again from the new generation)."""

    def __init__(self, map_id: int, generation: int, current: int) -> None:
        super().__init__(f"map {map_id}: updates of generation {generation}, the document is at generation {current}")
        self.map_id = map_id
        self.generation = generation
        self.current = current


@dataclass
class Tail:
    """What a map's log holds after a sequence number: the compacted state when it covers more than that number
    (else None), the number it covers, and the updates after it as ``(seq, update)`` in order."""

    state: bytes | None
    state_seq: int
    updates: list[tuple[int, bytes]] = field(default_factory=list)
    generation: int = 0
    """The generation of the document these belong to."""
    retired: frozenset[int] = frozenset()
    """The client ids of the older generations (read with the state only)."""

    @property
    def last(self) -> int:
        """The highest sequence number this tail covers."""
        return max([self.state_seq, *(seq for seq, _ in self.updates)])


class StoreUpdateLog:
    """The rooms' update log in the store: every call is one transaction, committed before it returns.

    With ``origin`` (this process's id) on PostgreSQL, every append notifies the other processes; ``merge`` makes
    compaction safe when other processes append to the same map (without it, the given state replaces the rest:
    right for one process, whose document holds every committed update); ``rebuild`` lets compaction start a new
    generation when the state outgrew its data."""

    def __init__(
        self,
        store: Store,
        *,
        origin: str | None = None,
        merge: Merge | None = None,
        rebuild: Rebuild | None = None,
        clients: Clients | None = None,
    ) -> None:
        self.store = store
        self.origin = origin if store.dialect == "postgresql" else None
        self.merge = merge
        self.rebuild = rebuild
        self.clients = clients

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
            row = connection.execute(
                select(t.MapRow.state_seq, t.MapRow.generation).where(t.MapRow.id == map_id)
            ).first()
            if row is None:
                raise NotFoundError(f"map {map_id}")
            state_seq = int(row[0] or 0)
            state, retired = None, None
            if after_seq == 0 or state_seq > after_seq:
                state, retired = connection.execute(
                    select(t.MapRow.state, t.MapRow.retired_clients).where(t.MapRow.id == map_id)
                ).one()
        updates = [(int(seq), bytes(data)) for seq, data in rows]
        return Tail(state, state_seq, updates, int(row[1] or 0), frozenset(retired or ()))

    def append(self, map_id: int, update_bytes: bytes, user_id: int | None) -> int:
        return self.append_many(map_id, [(update_bytes, user_id)])[0]

    def append_many(
        self, map_id: int, updates: list[tuple[bytes, int | None]], generation: int | None = None
    ) -> list[int]:
        """Commit the updates in one transaction, in order; their ids (increasing), in the same order. With
        ``generation`` (the one the updates were made on), raises :class:`StaleGeneration` when the map's document
        was rebuilt since."""
        if not updates:
            return []
        moment = t.now()
        rows = [{"map_id": map_id, "update": data, "user_id": user, "created_at": moment} for data, user in updates]
        # Core rather than an ORM session: one multi-row INSERT … RETURNING. The map's row first: its lock orders
        # the appends of every process (see the module's docstring)
        with self.store.engine.begin() as connection:
            touched = (
                update(t.MapRow).where(t.MapRow.id == map_id).values(updated_at=moment).returning(t.MapRow.generation)
            )
            current = connection.scalar(touched)
            if current is None:
                raise NotFoundError(f"map {map_id}")
            if generation is not None and int(current) != generation:
                raise StaleGeneration(map_id, generation, int(current))
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

    def compact(self, map_id: int, state: bytes, upto_seq: int, generation: int | None = None) -> int | None:
        """Replace the compacted state and the updates up to ``upto_seq`` by one state (merged with what they hold
        when a ``merge`` is set). When ``rebuild`` finds that state outgrew its data, the map's document starts a
        new generation instead (every update, also those after ``upto_seq``, in it): the new generation's number,
        else None. ``state`` made on another ``generation`` than the map's is not used (nothing changes)."""
        with self.store.engine.begin() as connection:
            locked = select(t.MapRow.state, t.MapRow.state_seq, t.MapRow.generation, t.MapRow.retired_clients).where(
                t.MapRow.id == map_id
            )
            if self.store.dialect == "postgresql":
                locked = locked.with_for_update()
            row = connection.execute(locked).first()
            if row is None:
                raise NotFoundError(f"map {map_id}")
            current = int(row[2] or 0)
            if int(row[1] or 0) >= upto_seq or (generation is not None and generation != current):
                return None  # another process compacted further already, or rebuilt the document
            if self.merge is not None:
                stored = connection.scalars(
                    select(t.MapUpdate.update)
                    .where(t.MapUpdate.map_id == map_id, t.MapUpdate.id <= upto_seq)
                    .order_by(t.MapUpdate.id)
                ).all()
                parts = [part for part in (row[0], *stored) if part is not None]
                state = self.merge([*(bytes(part) for part in parts), state])
            fresh, newest, whole = self._rebuilt(connection, map_id, state, upto_seq)
            if fresh is not None:
                values: dict[str, Any] = {"state": fresh, "state_seq": newest, "generation": current + 1}
                if self.clients is not None:
                    values["retired_clients"] = sorted(set(row[3] or ()) | self.clients(whole))
                connection.execute(update(t.MapRow).where(t.MapRow.id == map_id).values(**values))
                connection.execute(delete(t.MapUpdate).where(t.MapUpdate.map_id == map_id))
                if self.origin is not None:
                    payload = {"k": "gen", "m": map_id, "g": current + 1, "o": self.origin, "t": time.time()}
                    connection.execute(select(func.pg_notify(CHANNEL, json.dumps(payload, separators=(",", ":")))))
                return current + 1
            connection.execute(update(t.MapRow).where(t.MapRow.id == map_id).values(state=state, state_seq=upto_seq))
            connection.execute(delete(t.MapUpdate).where(t.MapUpdate.map_id == map_id, t.MapUpdate.id <= upto_seq))
        return None

    def _rebuilt(
        self, connection: Connection, map_id: int, state: bytes, upto_seq: int
    ) -> tuple[bytes | None, int, bytes]:
        """The state of a new generation when ``state`` (with the updates stored after ``upto_seq``: a new history
        must hold every committed update) outgrew its data, else None; the last id it covers; the old history it
        replaces."""
        if self.rebuild is None:
            return None, upto_seq, state
        later = connection.execute(
            select(t.MapUpdate.id, t.MapUpdate.update)
            .where(t.MapUpdate.map_id == map_id, t.MapUpdate.id > upto_seq)
            .order_by(t.MapUpdate.id)
        ).all()
        if not later:
            return self.rebuild(state), upto_seq, state
        if self.merge is None:
            return None, upto_seq, state  # cannot hold them: compact as usual, rebuild another time
        whole = self.merge([state, *(bytes(data) for _, data in later)])
        return self.rebuild(whole), max(int(seq) for seq, _ in later), whole

    def newest(self, map_id: int) -> int:
        """The highest sequence number of the map's log (0 when empty)."""
        with self.store.engine.connect() as connection:
            last = connection.scalar(select(func.max(t.MapUpdate.id)).where(t.MapUpdate.map_id == map_id))
            seq = connection.scalar(select(t.MapRow.state_seq).where(t.MapRow.id == map_id))
        return max(int(last or 0), int(seq or 0))
