"""Where the live documents' updates are kept: the :class:`UpdateLog` the store implements, one in memory, and the
error when it fails. :mod:`.realtime` re-exports the public names."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Protocol

from ..errors import JourneymapError
from ..store.updates import Clients, Rebuild, StaleGeneration, Tail

__all__ = ["MemoryUpdateLog", "PersistError", "StaleGeneration", "UpdateLog"]


class UpdateLog(Protocol):
    """Where the updates of each map's document are kept (the store implements it; the calls block)."""

    def load(self, map_id: int) -> tuple[bytes | None, list[bytes]]:
        """The compacted state (or None) and the updates appended after it, in order."""
        ...

    def read_after(self, map_id: int, after_seq: int) -> Tail:
        """The updates after ``after_seq``, with the compacted state when it covers more (or ``after_seq`` is 0):
        what another process committed since a room last read the log."""
        ...

    def append(self, map_id: int, update: bytes, user_id: int | None) -> int:
        """Commit one update durably; returns its sequence number (increasing per map, in commit order)."""
        ...

    def append_many(
        self, map_id: int, updates: list[tuple[bytes, int | None]], generation: int | None = None
    ) -> list[int]:
        """Commit ``[(update, user id), …]`` durably in one transaction, all or none; their sequence numbers, in
        order. With ``generation``, raises :class:`StaleGeneration` (nothing stored) when the map's document was
        rebuilt since."""
        ...

    def compact(self, map_id: int, state: bytes, upto_seq: int, generation: int | None = None) -> int | None:
        """Replace the compacted state and every update with a sequence number ``<= upto_seq`` by ``state``; or,
        when the log rebuilds documents that outgrew their data, start a new generation: its number (else None)."""
        ...


@dataclass
class _Entry:
    seq: int
    update: bytes
    user_id: int | None


class MemoryUpdateLog:
    """An :class:`UpdateLog` in memory (thread-safe); ``entries`` and ``states`` can be inspected. With
    ``rebuild``, compaction starts new generations as the store's log does."""

    def __init__(self, rebuild: Rebuild | None = None, clients: Clients | None = None) -> None:
        self.rebuild, self.clients = rebuild, clients
        self.generations: dict[int, int] = {}
        self.retired: dict[int, frozenset[int]] = {}
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self.entries: dict[int, list[_Entry]] = {}
        self.states: dict[int, tuple[bytes, int]] = {}
        self.appended: list[tuple[int, int, bytes]] = []
        """Every append ever made, as (map id, sequence number, update), compaction or not."""

    def load(self, map_id: int) -> tuple[bytes | None, list[bytes]]:
        with self._lock:
            state = self.states.get(map_id)
            return (state[0] if state else None), [entry.update for entry in self.entries.get(map_id, [])]

    def read_after(self, map_id: int, after_seq: int) -> Tail:
        with self._lock:
            state, state_seq = self.states.get(map_id, (None, 0))
            updates = [(entry.seq, entry.update) for entry in self.entries.get(map_id, []) if entry.seq > after_seq]
            state = state if after_seq == 0 or state_seq > after_seq else None
            retired = self.retired.get(map_id, frozenset()) if state is not None else frozenset()
            return Tail(state, state_seq, updates, self.generations.get(map_id, 0), retired)

    def append(self, map_id: int, update: bytes, user_id: int | None) -> int:
        with self._lock:
            seq = next(self._seq)
            self.entries.setdefault(map_id, []).append(_Entry(seq, update, user_id))
            self.appended.append((map_id, seq, update))
            return seq

    def append_many(
        self, map_id: int, updates: list[tuple[bytes, int | None]], generation: int | None = None
    ) -> list[int]:
        with self._lock:
            current = self.generations.get(map_id, 0)
            if generation is not None and generation != current:
                raise StaleGeneration(map_id, generation, current)
            seqs = [next(self._seq) for _ in updates]
            for seq, (update, user_id) in zip(seqs, updates, strict=True):
                self.entries.setdefault(map_id, []).append(_Entry(seq, update, user_id))
                self.appended.append((map_id, seq, update))
            return seqs

    def compact(self, map_id: int, state: bytes, upto_seq: int, generation: int | None = None) -> int | None:
        with self._lock:
            current = self.generations.get(map_id, 0)
            if generation is not None and generation != current:
                return None
            later = [entry for entry in self.entries.get(map_id, []) if entry.seq > upto_seq]
            fresh = self.rebuild(state) if self.rebuild is not None and not later else None
            if fresh is not None:
                self.states[map_id] = (fresh, upto_seq)
                self.entries[map_id] = []
                self.generations[map_id] = current + 1
                if self.clients is not None:
                    self.retired[map_id] = self.retired.get(map_id, frozenset()) | self.clients(state)
                return current + 1
            self.states[map_id] = (state, upto_seq)
            self.entries[map_id] = later
            return None

    def users(self, map_id: int) -> list[int | None]:
        """Who made each update not yet compacted, in order."""
        with self._lock:
            return [entry.user_id for entry in self.entries.get(map_id, [])]


class PersistError(JourneymapError, RuntimeError):
    """The update log failed: the change was not saved (and the room was closed, to reload from the log). The API
    answers it as a server failure (500)."""
