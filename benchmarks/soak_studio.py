"""Soak test of the studio as several processes on one PostgreSQL database: simulated editors co-edit maps for
minutes while a worker process is killed every so often; at the end nothing acknowledged may be lost, nothing
duplicated, and every process must show the same document.

* the studio runs as ``journeymap serve WORKSPACE --database postgresql://… --workers N`` (``--hosts H`` such
  servers on different ports, on the same database); its store is a fresh database, dropped afterwards;
* ``--editors`` people (one account, signed up first) edit ``--maps`` maps (the home-loan example's and new ones made
  through the API). Each holds a pycrdt document synced over the y-websocket protocol and, every 1–4 s: inserts a card
  holding a unique token (80 %), moves its cursor (awareness, 10 %), comments through the HTTP API (5 %), or drops
  its connection and reconnects to a random host (5 %; with ``--workers`` the kernel picks the process);
* every ``--kill-every`` seconds one worker gets SIGKILL (uvicorn's supervisor starts another; a lone process is
  started again here);
* then a quiet period: every edit acknowledged, every editor's document the same; and each map's final document is
  read through every host (fresh websocket clients and HTTP GETs, several times so that different processes answer)
  and from the store itself.

An edit is *acknowledged* when an ack's state vector covers the editor's clock after that edit; *lost* when it was
acknowledged and is missing from a final reading; *duplicated* when its token is there twice; a map is *divergent*
when its readings differ. The command prints a markdown table and exits 1 when any of those is not 0.

Run: ``python benchmarks/soak_studio.py [--postgres URL] [--processes 4] [--hosts 1] [--editors 200] [--maps 20]
[--minutes 5] [--kill-every 60] [--retype 0.9]`` (``--postgres`` defaults to ``JOURNEYMAP_TEST_POSTGRES_URL``).
With ``--retype`` most edits overwrite card texts instead of adding cards: the maps' history outgrows their data and
the studio rebuilds their documents (new generations) while workers are killed; editors then start a new document
and make their unacknowledged cards again, as the studio's page does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_studio import state_vector
from soak_cluster import Host, serving_process
from soak_editor import Editor, Tally, card_ids
from soak_final import Readings, final_readings, judge, probe, report_table

from generate import machine

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "home-loan"
PASSWORD = "soak-password-long-enough"


@dataclass
class Options:
    postgres: str
    processes: int = 4
    hosts: int = 1
    editors: int = 200
    maps: int = 20
    minutes: float = 5.0
    kill_every: float = 60.0
    quiet_timeout: float = 180.0
    seed: int = 1
    log_dir: Path | None = None
    retype: float = 0.0
    """Of the edits, the share that overwrites the text of one of the editor's cards instead of adding one."""


@dataclass
class Soak:
    """One run's state: the hosts, the session, the editors and what happened."""

    options: Options
    hosts: list[Host]
    cookie: str = ""
    csrf: str = ""
    map_ids: list[int] = field(default_factory=list)
    editors: list[Editor] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    kills: list[tuple[int, float]] = field(default_factory=list)
    """(pid killed, seconds until replaced)"""
    kill_errors: list[str] = field(default_factory=list)
    settle_seconds: float = 0.0
    unconverged: list[int] = field(default_factory=list)
    laggards: list[str] = field(default_factory=list)
    healed_by_reconnect: bool | None = None


# --- the database and the studio ------------------------------------------------------------------------------


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new database on the PostgreSQL server (dropped afterwards); yields its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"jm_soak_{os.getpid()}_{secrets.token_hex(4)}"
    admin = make_url(server_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def studio(options: Options, database: str, folder: Path) -> Iterator[list[Host]]:
    workspace = folder / "home-loan"
    shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns(".journeymap"))
    logs = options.log_dir or folder
    hosts = [Host(workspace, database, options.processes, logs / f"studio-{i}.log") for i in range(options.hosts)]
    for host in hosts:
        host.log.unlink(missing_ok=True)  # a --logs folder of an earlier run: its errors are not this run's
    try:
        for host in hosts:
            host.start()
        yield hosts
    finally:
        for host in hosts:
            host.stop()


def cookies_of(response: httpx.Response) -> dict[str, str]:
    """The ``Set-Cookie`` values (the studio's cookies are ``Secure``: sent by hand over plain http)."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, value = header.split(";", 1)[0].strip().partition("=")
        found[name] = value
    return found


def sign_up(soak: Soak) -> int:
    """The first account (it takes the imported workspace); the workspace's id."""
    jar: dict[str, str] = {}
    with httpx.Client(base_url=soak.hosts[0].url, timeout=60) as http:

        def call(method: str, url: str, **kwargs: Any) -> Any:
            headers = {"cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
            if "jm_csrf" in jar:
                headers["x-csrf-token"] = jar["jm_csrf"]
            response = http.request(method, url, headers=headers, **kwargs)
            response.raise_for_status()
            jar.update(cookies_of(response))
            return response.json()

        call("GET", "/api/auth/me")
        call("POST", "/api/auth/signup", json={"email": "soak@example.com", "name": "Soak", "password": PASSWORD})
        workspaces = call("GET", "/api/workspaces")
        soak.cookie, soak.csrf = "; ".join(f"{k}={v}" for k, v in jar.items()), jar["jm_csrf"]
        workspace: int = workspaces[0]["id"]
        return workspace


def prepare_maps(soak: Soak, workspace: int) -> None:
    """The example's maps that have steps and card lanes, then new maps (from the starter content) up to ``maps``."""
    headers = {"cookie": soak.cookie, "x-csrf-token": soak.csrf}
    with httpx.Client(base_url=soak.hosts[0].url, timeout=60, headers=headers) as http:
        for summary in http.get(f"/api/workspaces/{workspace}").raise_for_status().json()["maps"]:
            data = http.get(f"/api/maps/{summary['id']}", params={"checks": "false"}).raise_for_status().json()["data"]
            lanes = [lane for lane in data.get("lanes", []) if lane.get("cards")]
            steps = [s for stage in data.get("stages", []) for s in stage.get("steps", [])]
            if lanes and steps and len(soak.map_ids) < soak.options.maps:
                soak.map_ids.append(summary["id"])
        while len(soak.map_ids) < soak.options.maps:
            body = {"type": "customer-journey-map", "title": f"Soak map {len(soak.map_ids) + 1}"}
            made = http.post(f"/api/workspaces/{workspace}/maps", json=body).raise_for_status().json()
            soak.map_ids.append(made["id"])


# --- the people, the kills, the bookkeeping of connections ------------------------------------------------------


async def comment(soak: Soak, editor: Editor, http: list[httpx.AsyncClient]) -> None:
    token = f"soak-comment-{editor.index:04d}-{secrets.token_hex(3)}"
    client = editor.rng.choice(http)
    anchor = editor.rng.choice([s.get("id") for st in editor.root.get("stages", []) for s in st.get("steps", [])])
    try:
        response = await client.post(f"/api/maps/{editor.map_id}/comments", json={"anchor": anchor, "body": token})
    except httpx.HTTPError as error:
        soak.tally.comment_failures.append(f"{type(error).__name__}: {error}")
        return
    if response.status_code == 201:
        soak.tally.comments[token] = editor.map_id
    else:
        soak.tally.comment_failures.append(f"{response.status_code}: {response.text[:200]}")


async def person(soak: Soak, editor: Editor, http: list[httpx.AsyncClient], stop_at: float, ramp: float) -> None:
    """One editor's session: connect, then act every 1–4 s until ``stop_at``."""
    await asyncio.sleep(editor.rng.uniform(0, ramp))

    def stop() -> bool:
        return time.monotonic() >= stop_at

    while not stop():
        await editor.ensure_connected(stop)
        await asyncio.sleep(editor.rng.uniform(1, 4))
        if stop():
            return
        roll = editor.rng.random()
        if roll < 0.80:
            if editor.rng.random() >= soak.options.retype or not await editor.retype():
                await editor.edit()
        elif roll < 0.90:
            await editor.presence()
        elif roll < 0.95:
            await comment(soak, editor, http)
        else:
            await editor.drop()


async def killer(soak: Soak, stop_at: float) -> None:
    """SIGKILL a random worker every ``kill_every`` seconds (not in the last ten seconds of the run)."""
    rng = random.Random(soak.options.seed + 1)
    while time.monotonic() + soak.options.kill_every < stop_at - 10 or (
        not soak.kills and time.monotonic() + soak.options.kill_every < stop_at
    ):
        await asyncio.sleep(soak.options.kill_every)
        host = rng.choice(soak.hosts)
        pids = host.worker_pids()
        if not pids:
            soak.kill_errors.append("no worker to kill")
            continue
        victim = rng.choice(pids)
        try:
            seconds = await asyncio.to_thread(host.kill_worker, victim)
        except RuntimeError as error:
            soak.kill_errors.append(str(error))
            continue
        soak.kills.append((victim, seconds))


async def watch_connections(soak: Soak) -> None:
    """Note which studio process serves each editor's connection (for relay latency across processes)."""
    while True:
        owners = await asyncio.to_thread(serving_process, soak.hosts)
        for editor in soak.editors:
            conn = editor.conn
            if conn is not None and conn.worker is None:
                conn.worker = owners.get(conn.local_port)
        await asyncio.sleep(1.0)


async def watch_loop(tally: Tally, every: float = 0.5) -> None:
    """How late the event loop of the editors wakes up: their share of the measured latencies."""
    while True:
        start = time.perf_counter()
        await asyncio.sleep(every)
        tally.loop_lag.append(time.perf_counter() - start - every)


async def settle(soak: Soak, timeout: float) -> None:
    """The quiet period: reconnect whoever is disconnected until every edit is acknowledged and every editor of a
    map holds the same document (or ``timeout``)."""
    start = time.monotonic()
    deadline = start + timeout

    def late() -> bool:
        return time.monotonic() >= deadline

    all_acked: float | None = None
    while not late():
        await asyncio.gather(*(e.ensure_connected(late) for e in soak.editors if e.conn is None or not e.conn.open))
        waiting = sum(e.unacked() for e in soak.editors)
        soak.unconverged = unconverged(soak.editors)
        if waiting == 0 and not soak.unconverged:
            break
        all_acked = (all_acked or time.monotonic()) if waiting == 0 else None
        if all_acked is not None and time.monotonic() - all_acked > 60:
            break  # every edit saved, and a minute later some editor still lacks some: left behind
        await asyncio.sleep(1.0)
    soak.settle_seconds = time.monotonic() - start
    if soak.unconverged:
        await heal(soak)


def laggards(editors: list[Editor]) -> list[tuple[Editor, set[str]]]:
    """The editors missing cards that other editors of their map hold, with the cards they miss."""
    union: dict[int, set[str]] = {}
    for editor in editors:
        union.setdefault(editor.map_id, set()).update(editor.card_ids())
    found = [(e, union[e.map_id] - set(e.card_ids())) for e in editors]
    return [(editor, missing) for editor, missing in found if missing]


async def heal(soak: Soak) -> None:
    """Describe the editors left behind (connection, process, last message), then reconnect them: does a fresh sync
    bring what the relay did not?"""
    now = time.perf_counter()
    behind = laggards(soak.editors)
    for editor, missing in behind[:10]:
        conn = editor.conn
        senders = {soak.tally.sent_on[t].worker if soak.tally.sent_on.get(t) else None for t in missing}
        first = sorted(missing)[0]
        state = (
            f"connection {conn.seq} open={conn.open} to pid {conn.worker}, opened {now - conn.opened:.0f} s ago "
            f"({conn.opened - soak.tally.sent[first]:.1f} s after {first} was sent), {conn.received} messages, "
            f"the last {now - conn.last_received:.0f} s ago"
            if conn is not None
            else "no connection"
        )
        client, clock = soak.tally.clock_of[first]
        held = state_vector(editor.doc.get_state()).get(client, 0)
        state += f"; its document holds clock {held} of the sender's client, the card is at clock {clock}"
        if conn is not None and conn.worker is not None:
            try:
                seen = await probe(soak.hosts[conn.host], editor.map_id, soak.cookie, conn.worker)
            except RuntimeError:
                seen = None
            state += (
                "; no fresh client reached that process"
                if seen is None
                else f"; a fresh client of that process {'gets' if missing <= set(card_ids(seen)) else 'LACKS'} them"
            )
        soak.laggards.append(
            f"editor {editor.index} (map {editor.map_id}) misses {len(missing)} cards (e.g. {first}, "
            f"sent through pids {sorted(map(str, senders))}): {state}"
        )
    deadline = time.monotonic() + 90

    def late() -> bool:
        return time.monotonic() >= deadline

    for editor, _ in behind:
        await editor.drop(counted=False)
        await editor.ensure_connected(late)
    while laggards(soak.editors) and time.monotonic() < deadline:
        await asyncio.sleep(1.0)
    soak.healed_by_reconnect = not laggards(soak.editors)


def unconverged(editors: list[Editor]) -> list[int]:
    """The maps whose editors' documents differ."""
    seen: dict[int, set[str]] = {}
    for editor in editors:
        seen.setdefault(editor.map_id, set()).add(repr(sorted(editor.card_ids())))
    return sorted(map_id for map_id, docs in seen.items() if len(docs) > 1)


async def run_editors(soak: Soak) -> None:
    options = soak.options
    soak.editors = [
        Editor(i, soak.map_ids[i % len(soak.map_ids)], [h.url for h in soak.hosts], soak.cookie, soak.tally,
               options.seed * 100_003 + i)
        for i in range(options.editors)
    ]  # fmt: skip
    headers = {"cookie": soak.cookie, "x-csrf-token": soak.csrf}
    http = [httpx.AsyncClient(base_url=h.url, headers=headers, timeout=60) for h in soak.hosts]
    duration = options.minutes * 60
    stop_at = time.monotonic() + duration
    watchers = [asyncio.create_task(watch_connections(soak)), asyncio.create_task(watch_loop(soak.tally))]
    kills = asyncio.create_task(killer(soak, stop_at)) if options.kill_every > 0 else None
    ramp = min(10.0, duration / 6)
    await asyncio.gather(*(person(soak, e, http, stop_at, ramp) for e in soak.editors))
    if kills is not None:
        await kills
    await settle(soak, options.quiet_timeout)
    for watcher in watchers:
        watcher.cancel()
    await asyncio.gather(*(e.drop(counted=False) for e in soak.editors))
    for client in http:
        await client.aclose()


def run_soak(options: Options) -> tuple[dict[str, Any], Readings]:
    """Run the soak; its numbers (see :func:`soak_final.judge`) and the final readings."""
    with (
        fresh_database(options.postgres) as database,
        tempfile.TemporaryDirectory(prefix="jm-soak-") as tmp,
        studio(options, database, Path(tmp)) as hosts,
    ):
        soak = Soak(options, hosts)
        prepare_maps(soak, sign_up(soak))
        asyncio.run(run_editors(soak))
        readings = asyncio.run(final_readings(soak.hosts, soak.map_ids, soak.cookie, database))
        numbers = judge(soak, readings)
        numbers["server log errors"] = sum(host.tail(100000).count("Traceback") for host in hosts)
    return numbers, readings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL"))
    parser.add_argument("--processes", type=int, default=4, help="--workers of each studio (default 4)")
    parser.add_argument("--hosts", type=int, default=1, help="studio servers on different ports (default 1)")
    parser.add_argument("--editors", type=int, default=200)
    parser.add_argument("--maps", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--kill-every", type=float, default=60.0, help="seconds between kills (0: none)")
    parser.add_argument("--quiet-timeout", type=float, default=180.0, help="longest quiet period, seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--logs", type=Path, help="keep the studio's logs in this folder")
    parser.add_argument(
        "--retype", type=float, default=0.0,
        help="share of edits that overwrite a card's text (history: enough makes the studio rebuild documents)",
    )  # fmt: skip
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("give --postgres URL or set JOURNEYMAP_TEST_POSTGRES_URL")
    options = Options(
        args.postgres, args.processes, args.hosts, args.editors, args.maps, args.minutes, args.kill_every,
        args.quiet_timeout, args.seed, args.logs, args.retype,
    )  # fmt: skip
    numbers, _ = run_soak(options)
    print(f"machine: {machine()}\n")
    print(report_table(options, numbers))
    bad = numbers["lost"] + numbers["duplicated"] + numbers["divergent maps"]
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
