"""The studio processes of ``soak_studio.py``: one or more ``journeymap serve`` hosts on one PostgreSQL database, each
with ``--workers N`` (uvicorn's supervisor and its worker processes); finding the workers, killing one, waiting for
the supervisor's replacement; and which process serves a given client connection (from ``/proc``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from bench_studio import free_port


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (from ``/proc/PID/task/*/children``; ``pgrep -P`` when that is missing)."""
    found: list[int] = []
    tasks = Path(f"/proc/{pid}/task")
    if tasks.is_dir():
        for task in tasks.iterdir():
            try:
                found += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
        return found
    done = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in done.stdout.split()]


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@dataclass
class Host:
    """One ``journeymap serve`` (with ``workers`` processes when more than 1)."""

    workspace: Path
    database: str
    workers: int
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        args = [sys.executable, "-m", "journeymap.cli.main", "serve", str(self.workspace), "--database", self.database]
        args += ["--port", str(self.port), "--no-browser"]
        args += ["--workers", str(self.workers)] if self.workers > 1 else []
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the studio exited ({self.process.returncode}): {self.tail()}")
            if self.healthy() and len(self.worker_pids()) >= self.workers:
                return
            time.sleep(0.2)
        raise RuntimeError(f"the studio did not answer in {timeout} s: {self.tail()}")

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def worker_pids(self) -> list[int]:
        """The processes serving requests: the supervisor's spawned workers, or the server itself alone."""
        if self.process is None or self.process.poll() is not None:
            return []
        if self.workers <= 1:
            return [self.process.pid]
        kids = children(self.process.pid)
        spawned = [pid for pid in kids if "spawn_main" in cmdline(pid)]
        return spawned or [pid for pid in kids if "resource_tracker" not in cmdline(pid)]

    def kill_worker(self, pid: int, timeout: float = 120) -> float:
        """SIGKILL one worker; seconds until it is replaced (by the supervisor, or here for a lone process)."""
        start = time.monotonic()
        if self.workers <= 1:
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)
            self.start(timeout)
            return time.monotonic() - start
        os.kill(pid, signal.SIGKILL)
        deadline = start + timeout
        while time.monotonic() < deadline:
            alive = [p for p in self.worker_pids() if p != pid]
            if len(alive) >= self.workers and self.healthy():
                return time.monotonic() - start
            time.sleep(0.2)
        raise RuntimeError(f"worker {pid} was not replaced in {timeout} s: {self.tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def server_sockets(ports: set[int]) -> dict[int, int]:
    """Established loopback TCP connections to ``ports``: the client's port → the server socket's inode."""
    found: dict[int, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) < 10 or parts[3] != "01":
                continue
            local_port = int(parts[1].rsplit(":", 1)[1], 16)
            if local_port in ports:
                found[int(parts[2].rsplit(":", 1)[1], 16)] = int(parts[9])
    return found


def socket_owners(pids: list[int]) -> dict[int, int]:
    """Socket inode → the pid (of ``pids``) holding it."""
    owners: dict[int, int] = {}
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                owners[int(target[8:-1])] = pid
    return owners


def serving_process(hosts: list[Host]) -> dict[int, int]:
    """Client port → pid of the studio process serving that connection, for every open connection."""
    pids = [pid for host in hosts for pid in host.worker_pids()]
    owners = socket_owners(pids)
    return {
        client: owners[inode] for client, inode in server_sockets({h.port for h in hosts}).items() if inode in owners
    }
