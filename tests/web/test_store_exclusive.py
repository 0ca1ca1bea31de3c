"""The store-wide lock of several studio processes on one store (:meth:`Store.exclusive`): holders of a name never
overlap — threads of two ``Store`` objects on one database (as two processes have), on SQLite and PostgreSQL, and
two real processes on PostgreSQL — so a read-increment-write counter loses no increment; ``try_exclusive`` answers
None while the name is held; the advisory lock key of a name is the same in every process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from studio_support import fresh_postgres_database, postgres_server_url

from journeymap.store import Store, open_store, repo
from journeymap.store import feedback as stored
from journeymap.store.db import lock_key

COUNTER = "notes/counter.txt"
ROUNDS = 25


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, migrated store (a SQLite file, or a fresh PostgreSQL database)."""
    if request.param == "sqlite":
        url = str(tmp_path / "store.db")
        open_store(url).dispose()
        yield url
        return
    with fresh_postgres_database(postgres_server_url()) as url:
        open_store(url).dispose()
        yield url


def _workspace(store: Store) -> int:
    with store.session() as db:
        workspace_id = repo.create_workspace(db, "Counted").id
        repo.set_workspace_file(db, workspace_id, COUNTER, b"0")
    return workspace_id


def _count(store: Store, workspace_id: int) -> int:
    with store.session() as db:
        return int(stored.workspace_file(db, workspace_id, COUNTER) or b"0")


class Overlaps:
    """How many holders are inside at once: ``overlaps`` counts each entry that found another holder inside."""

    def __init__(self) -> None:
        self.inside = 0
        self.overlaps = 0
        self.entries = 0
        self._guard = threading.Lock()

    def enter(self) -> None:
        with self._guard:
            self.inside += 1
            self.entries += 1
            self.overlaps += self.inside > 1

    def leave(self) -> None:
        with self._guard:
            self.inside -= 1


def _increments(store: Store, workspace_id: int, seen: Overlaps, start: threading.Barrier) -> None:
    """ROUNDS times: read the counter, write it plus one, in the exclusive session of the counter's name."""
    start.wait(timeout=60)
    for _ in range(ROUNDS):
        with store.exclusive(f"counter:{workspace_id}") as db:
            seen.enter()
            count = int(stored.workspace_file(db, workspace_id, COUNTER) or b"0")
            repo.set_workspace_file(db, workspace_id, COUNTER, str(count + 1).encode())
            db.flush()
            seen.leave()


def test_holders_of_a_name_never_overlap(database: str) -> None:
    stores = [Store(database), Store(database)]  # two engines and pools on one database: as two processes
    try:
        workspace_id = _workspace(stores[0])
        seen, workers = Overlaps(), [stores[0], stores[0], stores[1], stores[1]]
        start = threading.Barrier(len(workers))
        with ThreadPoolExecutor(len(workers)) as pool:
            for done in [pool.submit(_increments, s, workspace_id, seen, start) for s in workers]:
                done.result(timeout=300)
        assert seen.entries == len(workers) * ROUNDS
        assert seen.overlaps == 0
        assert _count(stores[1], workspace_id) == len(workers) * ROUNDS  # no increment lost
    finally:
        for store in stores:
            store.dispose()


def _in_thread(work: Callable[[], object]) -> object:
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result(timeout=120)


def test_try_exclusive_answers_none_while_the_name_is_held(database: str) -> None:
    holder, other = Store(database), Store(database)
    try:

        def try_name(name: str) -> bool:
            with other.try_exclusive(name) as db:
                return db is not None

        with holder.exclusive("schedule:1") as db:
            assert db is not None
            assert _in_thread(lambda: try_name("schedule:1")) is False
            assert _in_thread(lambda: try_name("schedule:2")) is True  # another name is free
        assert _in_thread(lambda: try_name("schedule:1")) is True  # released with the transaction
        with pytest.raises(RuntimeError), holder.exclusive("schedule:1"):
            raise RuntimeError("rolled back")
        assert _in_thread(lambda: try_name("schedule:1")) is True  # released on rollback too
    finally:
        holder.dispose()
        other.dispose()


def test_a_rolled_back_holder_writes_nothing(database: str) -> None:
    store = Store(database)
    try:
        workspace_id = _workspace(store)
        with pytest.raises(RuntimeError), store.exclusive(f"counter:{workspace_id}") as db:
            repo.set_workspace_file(db, workspace_id, COUNTER, b"41")
            raise RuntimeError("the check failed")
        assert _count(store, workspace_id) == 0
    finally:
        store.dispose()


PROCESS = """
import sys
from journeymap.store import Store, repo
from journeymap.store import feedback as stored
store = Store(sys.argv[1])
workspace_id, rounds = int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
for _ in range(rounds):
    with store.exclusive(f"counter:{workspace_id}") as db:
        count = int(stored.workspace_file(db, workspace_id, "notes/counter.txt") or b"0")
        repo.set_workspace_file(db, workspace_id, "notes/counter.txt", str(count + 1).encode())
store.dispose()
"""


def test_two_processes_never_lose_an_increment_on_postgresql() -> None:
    with fresh_postgres_database(postgres_server_url()) as url:
        store = open_store(url)
        try:
            workspace_id = _workspace(store)
            rounds = 2 * ROUNDS
            command = [sys.executable, "-c", PROCESS, url, str(workspace_id), str(rounds)]
            processes = [
                subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(2)
            ]
            for process in processes:  # both started and connected-ready before either counts
                assert process.stdout is not None and process.stdout.readline().strip() == "ready"
            for process in processes:
                assert process.stdin is not None
                process.stdin.write("go\n")
                process.stdin.flush()
            for process in processes:
                process.communicate(timeout=300)  # closes the pipes, waits for the end
            assert [p.returncode for p in processes] == [0, 0]
            assert _count(store, workspace_id) == 2 * rounds
        finally:
            store.dispose()


def test_the_lock_key_of_a_name_is_the_same_in_every_process() -> None:
    names = ["workspace-file:1", "feedback-confirmations:1", "scheduled-refresh:12345"]
    script = "import sys; from journeymap.store.db import lock_key; print(*[lock_key(n) for n in sys.argv[1:]])"
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    other = subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True, env=env, check=True)
    keys = [lock_key(n) for n in names]
    assert other.stdout.split() == [str(k) for k in keys]
    assert len(set(keys)) == len(keys) and all(-(2**63) <= k < 2**63 for k in keys)
