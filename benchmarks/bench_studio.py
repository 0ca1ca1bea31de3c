"""The studio under load: latency (p50, p95, p99) of applying an edit and of opening a map, with 20 and 100
concurrent clients, on SQLite and on PostgreSQL in one run — next to a bare FastAPI endpoint doing the same database
write (and the same read) in the same run; several studio processes on one PostgreSQL database, with the delay of an
edit to reach the clients of another process; and the time to first paint of a 1,000-card map in Chromium.

* **edit**: a client changes one field of the shared map (a CRDT update over the websocket) and waits for the
  server's ack, which the studio sends only after the update is committed to the store. Every client edits again
  as soon as it has its ack (a closed loop: at 100 clients, the server's throughput decides the latency). The bare
  peer receives the same bytes over a websocket of the same framework, inserts them as a row with the same engine
  settings, and acks.
* **relay**: from an edit's send to its arrival at an *observer* (one client per server process that applies what
  the server relays): at an observer of another process (several processes), else of the same one.
* **open**: every client connects at once and receives the whole map (y-websocket sync), the map's room already
  loaded (others are editing it); the bare peer answers a GET with the stored JSON of the same map (ratio of p95s
  and of medians).

The benchmark's clients run in this process (one event loop) and share the machine with the servers: the table
gives the CPU each side used during the edits (% of one core), and the machine's load average.

Goals: edit p95 < 50 ms at 100 clients; open ≤ 1.5× the bare GET; first paint < 1 s.

Run: ``python benchmarks/bench_studio.py [--clients 20,100] [--edits 20] [--postgres URL] [--processes 2,4]
[--paint]`` (PostgreSQL: ``--postgres`` or ``JOURNEYMAP_TEST_POSTGRES_URL``; a database is created per setup).
``--src DIR`` runs the servers from another checkout's ``src``; ``--profile DIR`` records the single-process
studios with py-spy (when installed).
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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studio_clients import BareClient, Client, Sends, read_var_uint, state_vector, var_bytes, var_uint

from generate import big_map_data, machine

__all__ = ["read_var_uint", "state_vector", "var_bytes", "var_uint"]  # soak_editor.py's protocol helpers

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "home-loan"
GOAL_EDIT_P95_MS = 50.0
GOAL_OPEN_RATIO = 1.5
PASSWORD = "bench-password"


# --- processes ---------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_up(url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
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
def server(args: list[str], health: str, env: dict[str, str] | None = None) -> Iterator[int]:
    """Run a server until the block ends; yields its process id."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        wait_up(health, process)
        yield process.pid
    finally:
        process.send_signal(2)  # SIGINT: py-spy writes its profile, uvicorn shuts down
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def tree(pid: int) -> list[int]:
    """The process and its descendants (uvicorn's workers)."""
    pids, i = [pid], 0
    while i < len(pids):
        for task in Path(f"/proc/{pids[i]}/task").glob("*"):
            with_children = task / "children"
            if with_children.exists():
                pids += [int(c) for c in with_children.read_text().split()]
        i += 1
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of the processes (and their descendants)."""
    total = 0.0
    for pid in {p for root in pids for p in tree(root)}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_idle(pids: list[int], timeout: float = 60) -> None:
    """Until the servers use under 5% of a core (the studio imports its analysis libraries in a thread at start)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pids)
        time.sleep(0.5)
        if cpu_seconds(pids) - before < 0.025:
            return


def postgres_database(base: str) -> str:
    """A fresh database on the server at ``base`` for this run."""
    import psycopg

    name = f"jm_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def sign_in(base: str, email: str | None = None) -> tuple[str, int, str]:
    """Create the account on the studio (or, given its ``email``, sign in again: a new session); returns the
    cookie header, the as-is map's id and the account's email. (The cookies are ``Secure``: browsers send them to
    http://localhost, Python's cookie jar does not, so they are sent by hand.)"""
    jar: dict[str, str] = {}
    with httpx.Client(base_url=base, timeout=60) as http:

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
        if email is None:
            email = f"bench-{uuid.uuid4().hex[:6]}@example.com"
            call("POST", "/api/auth/signup", json={"email": email, "name": "Bench", "password": PASSWORD})
        else:
            call("POST", "/api/auth/login", json={"email": email, "password": PASSWORD})
        workspaces = call("GET", "/api/workspaces").json()
        detail = call("GET", f"/api/workspaces/{workspaces[0]['id']}").json()
        map_id = next(m["id"] for m in detail["maps"] if "as-is" in m["path"] or m["path"].endswith("big.json"))
        return "; ".join(f"{k}={v}" for k, v in jar.items()), map_id, email


# --- one run -------------------------------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in ms."""
    if len(samples) < 2:
        return (samples[0] * 1000,) * 3 if samples else (float("nan"),) * 3  # type: ignore[return-value]
    q = statistics.quantiles(sorted(samples), n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


@dataclass
class Run:
    """What one setup measured at one number of clients (seconds)."""

    setup: str
    clients: int
    opens: list[float] = field(default_factory=list)
    edits: list[float] = field(default_factory=list)
    paced: list[float] = field(default_factory=list)
    """edits at a human pace (``pace`` per second and client)"""
    pace: float = 0.0
    sends: Sends = field(default_factory=Sends)
    bare_opens: list[float] = field(default_factory=list)
    bare_edits: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    """% of one core the servers used during the edits"""
    bench_cpu: float = 0.0
    """% of one core this process (the clients) used during the edits"""
    cpu_per_edit: float = 0.0
    """ms of the servers' CPU per edit (closed loop)"""
    cpu_per_open: float = 0.0
    """ms of the servers' CPU per open"""
    bare_cpu_per_edit: float = 0.0
    bare_cpu_per_open: float = 0.0
    load: float = 0.0
    """the machine's load average (1 min) before the run"""


async def run_studio(ports: list[int], cookie: str, map_id: int, run: Run, edits: int, pids: list[int]) -> None:
    """``run.clients`` clients, spread over the servers' ports, open the map at once and edit it: each as soon as
    it has its previous ack (the CPU both sides used meanwhile is measured), then ``run.pace`` times a second."""
    fleet = []
    for i in range(run.clients):
        port = ports[i % len(ports)]
        url, origin = f"ws://127.0.0.1:{port}/api/realtime/map-{map_id}", f"http://127.0.0.1:{port}"
        fleet.append(Client(url, cookie, origin, run.sends, server=i % len(ports), observer=i < len(ports)))
    server_before = cpu_seconds(pids)
    run.opens = list(await asyncio.gather(*(c.open() for c in fleet)))
    run.cpu_per_open = 1000 * (cpu_seconds(pids) - server_before) / run.clients
    server_before, bench_before, wall = cpu_seconds(pids), time.process_time(), time.perf_counter()

    async def closed(index: int, client: Client) -> None:
        for n in range(edits):
            run.edits.append(await client.edit(index, f"client {index} edit {n}"))

    await asyncio.gather(*(closed(i, c) for i, c in enumerate(fleet)))
    wall = time.perf_counter() - wall
    run.server_cpu = 100 * (cpu_seconds(pids) - server_before) / wall
    run.bench_cpu = 100 * (time.process_time() - bench_before) / wall
    run.cpu_per_edit = 1000 * (cpu_seconds(pids) - server_before) / len(run.edits)
    if pace := run.pace:

        async def paced(index: int, client: Client) -> None:
            await asyncio.sleep(index / run.clients / pace)  # spread over the first period
            for n in range(edits):
                began = time.perf_counter()
                run.paced.append(await client.edit(index, f"client {index} paced edit {n}"))
                await asyncio.sleep(max(0.0, 1 / pace - (time.perf_counter() - began)))

        await asyncio.gather(*(paced(i, c) for i, c in enumerate(fleet)))
    expected = min(len(ports), run.clients) * (run.clients - 1) * (len(run.edits) + len(run.paced)) // run.clients
    deadline = time.monotonic() + 3
    while len(run.sends.relay) + len(run.sends.local) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.05)  # the last relays on their way to the observers
    await asyncio.gather(*(c.close() for c in fleet))


async def run_bare(port: int, run: Run, edits: int, payload: bytes, pid: int) -> None:
    fleet = [BareClient(f"ws://127.0.0.1:{port}/ws") for _ in range(run.clients)]
    await asyncio.gather(*(c.open() for c in fleet))
    before = cpu_seconds([pid])

    async def work(client: BareClient) -> None:
        for _ in range(edits):
            run.bare_edits.append(await client.edit(payload))

    await asyncio.gather(*(work(c) for c in fleet))
    run.bare_cpu_per_edit = 1000 * (cpu_seconds([pid]) - before) / len(run.bare_edits)
    await asyncio.gather(*(c.close() for c in fleet))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
        (await http.get("/map")).raise_for_status()  # a first connection, as the studio's clients had theirs

        async def read() -> None:
            start = time.perf_counter()
            (await http.get("/map")).raise_for_status()
            run.bare_opens.append(time.perf_counter() - start)

        before = cpu_seconds([pid])
        await asyncio.gather(*(read() for _ in range(run.clients)))
        run.bare_cpu_per_open = 1000 * (cpu_seconds([pid]) - before) / run.clients


@dataclass
class Setup:
    """One way of running the studio: a database, and how many server processes (``processes`` separate ones on
    their own ports, or ``workers`` of one ``journeymap serve --workers``)."""

    label: str
    database: str
    processes: int = 1
    workers: int = 0
    bare: bool = True


def studio_command(setup: Setup, workspace: Path, port: int) -> list[str]:
    command = [sys.executable, "-m", "journeymap.cli.main", "serve", str(workspace), "--database", setup.database]
    command += ["--port", str(port), "--no-browser"]
    return command + (["--workers", str(setup.workers)] if setup.workers else [])


def environment(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = f"{src}{os.pathsep}{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(src)
    return env


def warm_up(ports: list[int], cookie: str, map_id: int) -> None:
    """One client per server opens the map and edits it (the room is loaded, the code paths imported)."""

    async def go() -> None:
        run = Run("warm-up", len(ports))
        await run_studio(ports, cookie, map_id, run, 3, [])

    asyncio.run(go())


def measure(setup: Setup, counts: list[int], edits: int, workspace: Path, options: argparse.Namespace) -> list[Run]:
    runs: list[Run] = []
    env = environment(options.src)
    ports = [free_port() for _ in range(setup.processes)]
    with ExitStack() as stack:
        pids = []
        for port in ports:  # one after the other: the first imports the workspace
            command = studio_command(setup, workspace, port)
            if options.profile and setup.processes == 1 and not setup.workers and shutil.which("py-spy"):
                name = f"{setup.label.replace(' ', '-')}.txt"
                command = ["py-spy", "record", "--nonblocking", "-r", "100", "-f", "raw"]
                command += ["-o", str(options.profile / name), "--", *studio_command(setup, workspace, port)]
            pids.append(stack.enter_context(server(command, f"http://127.0.0.1:{port}/api/health", env)))
        cookie, map_id, email = sign_in(f"http://127.0.0.1:{ports[0]}")
        warm_up(ports, cookie, map_id)
        for clients in counts:
            cookie = sign_in(f"http://127.0.0.1:{ports[0]}", email)[0]  # a new session: its admission is not known
            wait_idle(pids)
            run = Run(setup.label, clients, pace=options.pace, load=os.getloadavg()[0])
            asyncio.run(run_studio(ports, cookie, map_id, run, edits, pids))
            runs.append(run)
    if setup.bare:
        bare_port = free_port()
        bare_cmd = [sys.executable, str(Path(__file__).parent / "bare_studio.py"), "--database", setup.database]
        bare_cmd += ["--port", str(bare_port), "--map", str(next((workspace / "maps").glob("*as-is*")))]
        payload = b"\x00\x02" + var_bytes(os.urandom(64))
        with server(bare_cmd, f"http://127.0.0.1:{bare_port}/health", env) as pid:
            for run in runs:
                wait_idle([pid])
                asyncio.run(run_bare(bare_port, run, edits, payload, pid))
    return runs


# --- the table -----------------------------------------------------------------------------------------------------


def cells(samples: list[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in percentiles(samples)) if samples else "—"


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| setup | clients | operation | studio p50 / p95 / p99 | bare FastAPI p50 / p95 / p99 | ratio p95 (p50) "
        "| goal | CPU: server / clients, server per edit (load) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        cpu = f"{run.server_cpu:.0f}% / {run.bench_cpu:.0f}%, {run.cpu_per_edit:.2f} ms"
        cpu += (
            f" (bare {run.bare_cpu_per_edit:.2f} ms; load {run.load:.1f})"
            if run.bare_edits
            else f" (load {run.load:.1f})"
        )
        edit_p95 = percentiles(run.edits)[1]
        met = "met" if edit_p95 < GOAL_EDIT_P95_MS else "missed"
        goal = f"p95 < {GOAL_EDIT_P95_MS:.0f} ms: {met}"
        lines.append(f"| {run.setup} | {run.clients} | edit | {cells(run.edits)} | {cells(run.bare_edits)} | "
                     f"{ratio(run.edits, run.bare_edits)} | {goal} | {cpu} |")  # fmt: skip
        if run.paced:
            met = "met" if percentiles(run.paced)[1] < GOAL_EDIT_P95_MS else "missed"
            paced = f"edit, {run.pace:g}/s per client"
            lines.append(f"| {run.setup} | {run.clients} | {paced} | {cells(run.paced)} | — | — | "
                         f"p95 < {GOAL_EDIT_P95_MS:.0f} ms: {met} | |")  # fmt: skip
        local = "relay (any process)" if "--workers" in run.setup else "relay (same process)"
        for name, samples in (("relay to another process", run.sends.relay), (local, run.sends.local)):
            if samples:
                lines.append(f"| {run.setup} | {run.clients} | {name} | {cells(samples)} | — | — | — | |")
        bare_open = f" (bare {run.bare_cpu_per_open:.2f} ms)" if run.bare_opens else ""
        open_ratio = percentiles(run.opens)[1] / percentiles(run.bare_opens)[1] if run.bare_opens else None
        met = "—" if open_ratio is None else "met" if open_ratio <= GOAL_OPEN_RATIO else "missed"
        lines.append(f"| {run.setup} | {run.clients} | open | {cells(run.opens)} | {cells(run.bare_opens)} | "
                     f"{ratio(run.opens, run.bare_opens)} | ≤ {GOAL_OPEN_RATIO}× bare: {met} | "
                     f"server per open {run.cpu_per_open:.2f} ms{bare_open} |")  # fmt: skip
    return lines


def ratio(ours: list[float], peer: list[float]) -> str:
    if not ours or not peer:
        return "—"
    a, b = percentiles(ours), percentiles(peer)
    return f"{a[1] / b[1]:.2f}× ({a[0] / b[0]:.2f}×)"


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
        cookie, map_id, _ = sign_in(base)
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


def workers_supported() -> bool:
    """Whether ``journeymap serve`` has ``--workers`` (several processes on one port)."""
    result = subprocess.run([sys.executable, "-m", "journeymap.cli.main", "serve", "--help"], capture_output=True)
    return b"--workers" in result.stdout


def setups(options: argparse.Namespace, tmp: Path) -> list[Setup]:
    out = [Setup("SQLite", str(tmp / "studio.db"))]
    if not options.postgres:
        print("(PostgreSQL skipped: give --postgres URL or set JOURNEYMAP_TEST_POSTGRES_URL)\n")
        return out
    out.append(Setup("PostgreSQL", postgres_database(options.postgres)))
    for n in [int(p) for p in options.processes.split(",") if p]:
        out.append(Setup(f"PostgreSQL, {n} processes", postgres_database(options.postgres), processes=n, bare=False))
    if options.workers and workers_supported():
        for n in [int(p) for p in options.workers.split(",") if p]:
            out.append(Setup(f"PostgreSQL, --workers {n}", postgres_database(options.postgres), workers=n, bare=False))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="20,100")
    parser.add_argument("--edits", type=int, default=20, help="edits per client")
    parser.add_argument("--postgres", default=os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL"))
    parser.add_argument("--processes", default="2,4", help="studio processes on their own ports, one database")
    parser.add_argument("--workers", default="2,4", help="journeymap serve --workers N (when it has the option)")
    parser.add_argument("--pace", type=float, default=2.0, help="then edits per second and client (0: none)")
    parser.add_argument("--src", type=Path, help="run the servers from this source folder (another checkout)")
    parser.add_argument("--profile", type=Path, help="record the single-process studios with py-spy here")
    parser.add_argument("--paint", action="store_true", help="also time the first paint of a 1,000-card map")
    options = parser.parse_args()
    if options.profile:
        options.profile.mkdir(parents=True, exist_ok=True)
    counts = [int(c) for c in options.clients.split(",")]
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="jm-bench-") as tmp:
        for setup in setups(options, Path(tmp)):
            workspace = Path(tmp) / f"ws-{len(runs)}"
            shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns(".journeymap"))
            runs += measure(setup, counts, options.edits, workspace, options)
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"machine: {machine()}; load average (1, 5, 15 min) at the end: {load}")
    print(f"{options.edits} edits per client; latency in ms; peer: a bare FastAPI app (bare_studio.py)\n")
    print("\n".join(table(runs)))
    if options.paint:
        seconds, shown = first_paint(1000)
        print(f"\nfirst paint of a map with {shown} cards in Chromium: {seconds:.2f} s (goal < 1 s)")


if __name__ == "__main__":
    main()
