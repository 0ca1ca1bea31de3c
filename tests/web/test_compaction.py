"""Compaction of a map's update log keeps opening a much-edited map about as cheap as opening it fresh.

Editors connected to a room through ``RoomManager.serve`` make thousands of edits (the workload of
``benchmarks/bench_compaction.py``: field texts, card moves, cards and steps added and deleted); the log is compacted
every ``COMPACT_EVERY`` updates. Then: few rows are left in the log, the map a new room loads from the store equals
the one made from every update uncompacted (and the live room's), and the compacted state stays within a bound of
the fresh map's state, as does the time to open the map, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import anyio
import pytest
from studio_support import fresh_postgres_database, postgres_server_url

from journeymap.store import repo
from journeymap.store.db import Store, open_store

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_compaction.py"
EDITS = 5000
EDITORS = 6
COMPACT_EVERY = 200


def load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_compaction", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench = load_benchmark()


@dataclass
class Outcome:
    """A map edited ``EDITS`` times through a room: its fresh state and open times, what the edits left."""

    store: Store
    map_id: int
    fresh_state: bytes
    fresh_open: list[float]
    edited: Any


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def outcome(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    folder = tmp_path_factory.mktemp(f"compaction-{request.param}")
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = str(folder / "store" / "studio.db")
        else:
            url = stack.enter_context(fresh_postgres_database(postgres_server_url()))
        store = open_store(url)
        stack.callback(store.dispose)
        shutil.copytree(bench.EXAMPLE, folder / "home-loan")
        map_id = bench.import_map(store, folder / "home-loan")
        fresh_state, fresh_tail = repo.StoreUpdateLog(store).load(map_id)
        assert fresh_state is not None and fresh_tail == []
        fresh_open = [anyio.run(bench.open_once, store, map_id)[0] for _ in range(5)]
        edited = anyio.run(
            lambda: bench.edit_map(store, map_id, EDITS, editors=EDITORS, compact_every=COMPACT_EVERY, seed=7)
        )
        yield Outcome(store, map_id, fresh_state, fresh_open, edited)


def test_every_edit_is_committed_and_the_log_compacted(outcome: Outcome) -> None:
    edited = outcome.edited
    assert edited.refused == 0
    assert len(edited.committed) > EDITS * 0.9  # a few edits change nothing (a word replaced by itself)
    assert edited.compactions >= 1
    state, tail = repo.StoreUpdateLog(outcome.store).load(outcome.map_id)
    assert state is not None
    assert len(tail) < COMPACT_EVERY + EDITORS, len(tail)  # only the updates since the last compaction
    assert edited.compactions >= len(edited.committed) // COMPACT_EVERY - 1


def test_an_update_appended_after_a_compaction_comes_after_it(outcome: Outcome) -> None:
    """The sequence numbers of a map's updates keep increasing through compactions (what skipping an already
    compacted range, reading the log after a cursor, and versions' authors rely on)."""
    log = repo.StoreUpdateLog(outcome.store)
    map_id = bench.copy_map(outcome.store, outcome.map_id, outcome.fresh_state)
    empty = b"\x00\x00"
    seqs = log.append_many(map_id, [(empty, None), (empty, None)])
    log.compact(map_id, outcome.fresh_state, seqs[-1])
    later = log.append(map_id, empty, None)
    assert later > seqs[-1], (seqs, later)


def test_the_compacted_map_is_the_map_made_of_every_update(outcome: Outcome) -> None:
    store, map_id = outcome.store, outcome.map_id
    opened = anyio.run(bench.open_once, store, map_id)[2]
    copy = bench.replay_uncompacted(store, map_id, outcome.fresh_state, outcome.edited.committed)
    uncompacted = anyio.run(bench.open_once, store, copy)[2]
    live = bench.ydoc.doc_data(outcome.edited.doc)
    assert opened == uncompacted == live
    fresh = bench.ydoc.new_doc()
    fresh.apply_update(outcome.fresh_state)
    assert live != bench.ydoc.doc_data(fresh)  # the edits did change the map


def test_opening_the_compacted_map_costs_about_what_a_fresh_one_does(outcome: Outcome) -> None:
    state, _ = repo.StoreUpdateLog(outcome.store).load(outcome.map_id)
    assert state is not None
    # what the edits leave in the state (deleted values the CRDT keeps) stays small next to the map itself
    assert len(state) < 2.5 * len(outcome.fresh_state), (len(state), len(outcome.fresh_state))
    opened = [anyio.run(bench.open_once, outcome.store, outcome.map_id)[0] for _ in range(5)]
    # generous: the machine may be busy (the benchmark measures the 2x goal at 100,000 edits)
    assert statistics.median(opened) < 2 * statistics.median(outcome.fresh_open) + 0.05, (opened, outcome.fresh_open)
