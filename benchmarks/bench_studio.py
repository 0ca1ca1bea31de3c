"""The studio under load: latency (p50, p95, p99) of applying an edit and of opening a map, with 20 and 100
concurrent clients, on SQLite and on PostgreSQL — next to a bare FastAPI endpoint doing the same database write
(and the same read) in the same run; and the time to first paint of a 1,000-card map in Chromium.

* **edit**: a client changes one field of the shared map (a CRDT update over the websocket) and waits for the
  server's ack, which the studio sends only after the update is committed to the store. The bare peer receives the
  same bytes over a websocket of the same framework, inserts them as a row with the same engine settings, and acks.
* **open**: a client connects and receives the whole map (y-websocket sync); the bare peer answers a GET with the
  stored JSON of the same map.

Targets: edit p95 < 50 ms at 100 clients; studio / bare (p95) < 2×; first paint < 1 s.

Run: ``python benchmarks/bench_studio.py [--clients 20,100] [--edits 20] [--postgres URL] [--paint]``
(PostgreSQL: ``--postgres`` or ``JOURNEYMAP_TEST_POSTGRES_URL``; a database is created for the run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import websockets
from pycrdt import Doc, Map

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import big_map_data, machine

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "home-loan"
SYNC, AWARENESS, ACK = 0, 1, 100
STEP1, STEP2, UPDATE = 0, 1, 2


# --- processes ---------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


@contextmanager
def server(args: list[str], health: str) -> Iterator[None]:
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_up(health, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def postgres_database(base: str) -> str:
    """A fresh database on the server at ``base`` for this run."""
    import psycopg

    name = f"jm_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


# --- the y-websocket client ----------------------------------------------------------------------------------------


def var_uint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_var_uint(data: bytes, i: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return n, i


def var_bytes(data: bytes) -> bytes:
    return var_uint(len(data)) + data


def state_vector(vector: bytes) -> dict[int, int]:
    """``{client id: clock}`` from an encoded state vector."""
    count, i = read_var_uint(vector, 0)
    clocks: dict[int, int] = {}
    for _ in range(count):
        client, i = read_var_uint(vector, i)
        clocks[client], i = read_var_uint(vector, i)
    return clocks


class Client:
    """A y-websocket client with a pycrdt document: connects, syncs, edits and waits for acks."""

    def __init__(self, url: str, cookie: str, origin: str) -> None:
        self.url, self.cookie, self.origin = url, cookie, origin
        self.doc: Doc = Doc()
        self.acks: asyncio.Queue[bytes] = asyncio.Queue()

    async def open(self) -> float:
        """Connect and receive the whole map; returns the seconds it took."""
        start = time.perf_counter()
        self.ws = await websockets.connect(
            self.url, additional_headers={"Cookie": self.cookie, "Origin": self.origin}, max_size=None
        )
        await self.ws.send(bytes([SYNC, STEP1]) + var_bytes(self.doc.get_state()))
        while True:
            message = await self.ws.recv()
            assert isinstance(message, bytes)
            if message[0] == SYNC and message[1] == STEP2:
                length, i = read_var_uint(message, 2)
                self.doc.apply_update(message[i : i + length])
                elapsed = time.perf_counter() - start
                self.reader = asyncio.create_task(self._read())
                return elapsed
            if message[0] == SYNC and message[1] == STEP1:
                await self.ws.send(bytes([SYNC, STEP2]) + var_bytes(self.doc.get_update()))

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                assert isinstance(message, bytes)
                kind, i = read_var_uint(message, 0)
                if kind == ACK:
                    await self.acks.put(message[i:])
                elif kind == SYNC and message[1] in (STEP2, UPDATE):
                    length, j = read_var_uint(message, 2)
                    self.doc.apply_update(message[j : j + length])
        except websockets.ConnectionClosed:
            pass

    async def edit(self, step: int, text: str) -> float:
        """Change one step's description; returns seconds from sending the update to its ack."""
        before = self.doc.get_state()
        root = self.doc.get("map", type=Map)
        with self.doc.transaction():
            steps = root["stages"][0]["steps"]
            steps[step % len(steps)]["description"] = text
        update = self.doc.get_update(before)
        clock = state_vector(self.doc.get_state()).get(self.doc.client_id, 0)
        start = time.perf_counter()
        await self.ws.send(bytes([SYNC, UPDATE]) + var_bytes(update))
        # the ack of THIS edit: one whose state vector covers the edit (an ack of the sync step 2 sent on
        # connection may still be queued; taking any ack would time the previous edit instead)
        while True:
            ack = await self.acks.get()
            length, i = read_var_uint(ack, 0)
            if state_vector(ack[i : i + length]).get(self.doc.client_id, 0) >= clock:
                return time.perf_counter() - start

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


class BareClient:
    """The peer: the same bytes to a bare websocket endpoint that inserts a row and acks."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def open(self) -> None:
        self.ws = await websockets.connect(self.url, max_size=None)

    async def edit(self, payload: bytes) -> float:
        start = time.perf_counter()
        await self.ws.send(payload)
        await self.ws.recv()
        return time.perf_counter() - start

    async def close(self) -> None:
        await self.ws.close()


# --- one run -------------------------------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


def sign_in(base: str) -> tuple[str, int]:
    """Create an account on the studio; returns the cookie header and the first map's id. (The cookies are
    ``Secure``: browsers send them to http://localhost, Python's cookie jar does not, so they are sent by hand.)"""
    jar: dict[str, str] = {}
    with httpx.Client(base_url=base) as http:

        def call(method: str, url: str, **kwargs: Any) -> httpx.Response:
            headers = {"cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
            if "jm_csrf" in jar:
                headers["x-csrf-token"] = jar["jm_csrf"]
            response = http.request(method, url, headers=headers, **kwargs)
            response.raise_for_status()
            jar.update(response.cookies.items())
            http.cookies.clear()
            return response

        call("GET", "/api/auth/me")
        body = {"email": f"bench-{uuid.uuid4().hex[:6]}@example.com", "name": "Bench", "password": "bench-password"}
        call("POST", "/api/auth/signup", json=body)
        workspaces = call("GET", "/api/workspaces").json()
        detail = call("GET", f"/api/workspaces/{workspaces[0]['id']}").json()
        map_id = next(m["id"] for m in detail["maps"] if "as-is" in m["path"] or m["path"].endswith("big.json"))
        return "; ".join(f"{k}={v}" for k, v in jar.items()), map_id


async def run_studio(port: int, clients: int, edits: int) -> tuple[list[float], list[float]]:
    base = f"http://127.0.0.1:{port}"
    cookie, map_id = sign_in(base)
    url = f"ws://127.0.0.1:{port}/api/realtime/map-{map_id}"
    fleet = [Client(url, cookie, base) for _ in range(clients)]
    opens = list(await asyncio.gather(*(c.open() for c in fleet)))
    edit_times: list[float] = []

    async def work(index: int, client: Client) -> None:
        for n in range(edits):
            edit_times.append(await client.edit(index, f"client {index} edit {n}"))

    await asyncio.gather(*(work(i, c) for i, c in enumerate(fleet)))
    await asyncio.gather(*(c.close() for c in fleet))
    return opens, edit_times


async def run_bare(port: int, clients: int, edits: int, payload: bytes) -> tuple[list[float], list[float]]:
    fleet = [BareClient(f"ws://127.0.0.1:{port}/ws") for _ in range(clients)]
    await asyncio.gather(*(c.open() for c in fleet))
    edit_times: list[float] = []

    async def work(client: BareClient) -> None:
        for _ in range(edits):
            edit_times.append(await client.edit(payload))

    await asyncio.gather(*(work(c) for c in fleet))
    await asyncio.gather(*(c.close() for c in fleet))
    open_times: list[float] = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:

        async def read() -> None:
            start = time.perf_counter()
            (await http.get("/map")).raise_for_status()
            open_times.append(time.perf_counter() - start)

        await asyncio.gather(*(read() for _ in range(clients)))
    return open_times, edit_times


def measure(database: str, label: str, counts: list[int], edits: int, workspace: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    studio_port, bare_port = free_port(), free_port()
    python = sys.executable
    studio_cmd = [python, "-m", "journeymap.cli.main", "serve", str(workspace), "--database", database]
    studio_cmd += ["--port", str(studio_port), "--no-browser"]
    bare_cmd = [python, str(Path(__file__).parent / "bare_studio.py"), "--database", database]
    bare_cmd += ["--port", str(bare_port), "--map", str(next((workspace / "maps").glob("*as-is*")))]
    with server(studio_cmd, f"http://127.0.0.1:{studio_port}/api/health"):
        payload = b"\x00\x02" + var_bytes(os.urandom(64))
        for clients in counts:
            opens, edit_times = asyncio.run(run_studio(studio_port, clients, edits))
            with server(bare_cmd, f"http://127.0.0.1:{bare_port}/health"):
                bare_opens, bare_edits = asyncio.run(run_bare(bare_port, clients, edits, payload))
            for op, ours, peer in (("edit", edit_times, bare_edits), ("open", opens, bare_opens)):
                rows.append({"database": label, "clients": clients, "op": op, "studio": ours, "bare": peer})
    return rows


def first_paint(cards: int) -> tuple[float, int]:
    """Seconds from navigation to the grid showing every card of a generated map, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="jm-paint-"))
    port = free_port()
    lanes, stages = 10, 10
    steps = max(1, cards // lanes)
    data = big_map_data(stages=stages, steps=steps, lanes=lanes)
    workspace = tmp / "ws"
    (workspace / "maps").mkdir(parents=True)
    (workspace / "journeymap.yaml").write_text("journeymap: 1\nname: First paint\n")
    (workspace / "maps" / "big.json").write_text(json.dumps(data))
    cmd = [sys.executable, "-m", "journeymap.cli.main", "serve", str(workspace), "--database", str(tmp / "s.db")]
    cmd += ["--port", str(port), "--no-browser"]
    base = f"http://127.0.0.1:{port}"
    with server(cmd, f"{base}/api/health"):
        cookie, map_id = sign_in(base)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            for part in cookie.split("; "):
                key, _, value = part.partition("=")
                context.add_cookies([{"name": key, "value": value, "url": base}])
            page = context.new_page()
            page.goto(f"{base}/m/{map_id}")
            # a function, not a string: the studio's CSP forbids evaluating strings in the page
            page.wait_for_function(
                "(n) => document.querySelectorAll('[data-testid=card]').length >= n", arg=cards, timeout=60000
            )
            elapsed = page.evaluate("performance.now()") / 1000
            shown = page.evaluate("document.querySelectorAll('[data-testid=card]').length")
            browser.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return elapsed, int(shown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="20,100")
    parser.add_argument("--edits", type=int, default=20, help="edits per client")
    parser.add_argument("--postgres", default=os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL"))
    parser.add_argument("--paint", action="store_true", help="also time the first paint of a 1,000-card map")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    print(f"machine: {machine()}")
    print(f"{args.edits} edits per client; latency in ms\n")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="jm-bench-") as tmp:
        workspace = Path(tmp) / "ws"
        shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns(".journeymap"))
        rows += measure(str(Path(tmp) / "studio.db"), "SQLite", counts, args.edits, workspace)
        if args.postgres:
            rows += measure(postgres_database(args.postgres), "PostgreSQL", counts, args.edits, workspace)
        else:
            print("(PostgreSQL skipped: give --postgres URL or set JOURNEYMAP_TEST_POSTGRES_URL)\n")
    print("| database | clients | operation | studio p50 / p95 / p99 | bare FastAPI p50 / p95 / p99 | p95 ratio |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        ours, peer = percentiles(row["studio"]), percentiles(row["bare"])
        cells = " / ".join(f"{v:.1f}" for v in ours), " / ".join(f"{v:.1f}" for v in peer)
        ratio = ours[1] / peer[1]
        print(f"| {row['database']} | {row['clients']} | {row['op']} | {cells[0]} | {cells[1]} | {ratio:.2f}× |")
    if args.paint:
        seconds, shown = first_paint(1000)
        print(f"\nfirst paint of a map with {shown} cards in Chromium: {seconds:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
