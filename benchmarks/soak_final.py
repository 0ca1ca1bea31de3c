"""The end of ``soak_studio.py``: each map's final document read through every studio process (fresh websocket
clients, HTTP GETs) and from the store; the verdict (lost, duplicated, divergent) and the table."""

from __future__ import annotations

import asyncio
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from soak_cluster import Host, serving_process
from soak_editor import Editor, card_ids

Reading = tuple[str, str]
"""(where it was read: ``ws host 0 pid 123``, ``http host 0``, ``store``; the map's JSON, keys sorted)"""


@dataclass
class Readings:
    by_map: dict[int, list[Reading]] = field(default_factory=dict)
    comments: dict[int, list[set[str]]] = field(default_factory=dict)
    """map id → the comment bodies each listing showed"""
    errors: list[str] = field(default_factory=list)


async def read_ws(host: Host, index: int, map_id: int, cookie: str) -> tuple[dict[str, Any], int | None]:
    """A fresh client's copy of the map, and the process that served it."""
    from soak_editor import Tally

    from journeymap.web.ydoc import doc_data

    editor = Editor(-1, map_id, [host.url], cookie, Tally(), seed=index)
    if not await editor.connect(timeout=60):
        raise RuntimeError(f"map {map_id}: could not connect to {host.url}")
    owners = await asyncio.to_thread(serving_process, [host])
    assert editor.conn is not None
    pid = owners.get(editor.conn.local_port)
    data = doc_data(editor.doc)
    await editor.drop(counted=False)
    return data, pid


async def probe(host: Host, map_id: int, cookie: str, pid: int | None, tries: int = 16) -> dict[str, Any] | None:
    """The map as a fresh client of process ``pid`` sees it (None when no connection landed there)."""
    for i in range(tries):
        data, served_by = await read_ws(host, 1000 + i, map_id, cookie)
        if served_by == pid:
            return data
    return None


async def read_http(host: Host, map_id: int, cookie: str) -> dict[str, Any]:
    # a new client (a new TCP connection) each time, so that different processes answer
    async with httpx.AsyncClient(base_url=host.url, headers={"cookie": cookie}, timeout=60) as http:
        response = await http.get(f"/api/maps/{map_id}", params={"checks": "false"})
        response.raise_for_status()
        data: dict[str, Any] = response.json()["data"]
        return data


async def read_comments(host: Host, map_id: int, cookie: str) -> set[str]:
    async with httpx.AsyncClient(base_url=host.url, headers={"cookie": cookie}, timeout=60) as http:
        response = await http.get(f"/api/maps/{map_id}/comments")
        response.raise_for_status()
        return {str(c["body"]) for c in response.json()}


def read_store(database: str, map_id: int) -> dict[str, Any]:
    """The map's document as the store holds it (its state and update log)."""
    from journeymap.store import repo
    from journeymap.store.db import open_store
    from journeymap.web.ydoc import doc_data, new_doc

    store = open_store(database, migrate=False)
    try:
        state, updates = repo.StoreUpdateLog(store).load(map_id)
    finally:
        store.engine.dispose()
    doc = new_doc()
    with doc.transaction():
        for update in [state, *updates]:
            if update is not None:
                doc.apply_update(update)
    return doc_data(doc)


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


async def final_readings(hosts: list[Host], map_ids: list[int], cookie: str, database: str) -> Readings:
    """Every map read ``2 × workers`` times per host over websockets and over HTTP, and once from the store."""
    readings = Readings()
    for map_id in map_ids:
        found: list[Reading] = []
        for h, host in enumerate(hosts):
            times = max(2, 2 * host.workers)
            for i in range(times):
                try:
                    data, pid = await read_ws(host, i, map_id, cookie)
                    found.append((f"ws host {h} pid {pid}", canonical(data)))
                    found.append((f"http host {h}", canonical(await read_http(host, map_id, cookie))))
                    readings.comments.setdefault(map_id, []).append(await read_comments(host, map_id, cookie))
                except (RuntimeError, httpx.HTTPError) as error:
                    readings.errors.append(f"map {map_id}, host {h}: {type(error).__name__}: {error}")
        found.append(("store", canonical(await asyncio.to_thread(read_store, database, map_id))))
        readings.by_map[map_id] = found
    return readings


def percentiles(samples: list[float]) -> str:
    if len(samples) < 2:
        return " / ".join(f"{s * 1000:.0f}" for s in samples) or "–"
    q = statistics.quantiles(sorted(samples), n=100, method="inclusive")
    return f"{q[49] * 1000:.0f} / {q[94] * 1000:.0f} / {q[98] * 1000:.0f}"


def verdict(tally: Any, readings: Readings) -> dict[str, Any]:
    """Lost, duplicated, divergent, and the readings' details."""
    lost: set[str] = set()
    duplicated: set[str] = set()
    divergent: list[int] = []
    for map_id, found in readings.by_map.items():
        if len({text for _, text in found}) > 1:
            divergent.append(map_id)
        acked = {t for t in tally.acked if tally.map_of[t] == map_id}
        for _, text in found:
            counts = Counter(card_ids(json.loads(text)))
            lost |= acked - set(counts)
            duplicated |= {token for token, n in counts.items() if n > 1}
    shown = [set().union(*lists) if lists else set() for lists in readings.comments.values()]
    seen_everywhere = {
        token
        for token, map_id in tally.comments.items()
        if readings.comments.get(map_id) and all(token in listing for listing in readings.comments[map_id])
    }
    return {
        "lost": len(lost),
        "lost tokens": sorted(lost)[:20],
        "duplicated": len(duplicated),
        "duplicated tokens": sorted(duplicated)[:20],
        "divergent maps": len(divergent),
        "divergent": {m: differences(readings.by_map[m]) for m in divergent[:5]},
        "comments seen everywhere": len(seen_everywhere),
        "comments listed": sum(len(s) for s in shown),
        "readings": sum(len(f) for f in readings.by_map.values()),
        "reading errors": readings.errors[:10],
    }


def differences(found: list[Reading]) -> list[str]:
    """How a divergent map's readings differ: per distinct document, who read it and how many tokens it holds."""
    groups: dict[str, list[str]] = {}
    for where, text in found:
        groups.setdefault(text, []).append(where)
    return [f"{len(set(card_ids(json.loads(text))))} cards: {', '.join(sorted(set(w)))}" for text, w in groups.items()]


def relay_split(tally: Any) -> tuple[list[float], list[float], int]:
    """Relay latencies between connections served by different processes, by the same process; unknown count."""
    cross, same, unknown = [], [], 0
    for seconds, sender, receiver in tally.relays:
        a = (sender.host, sender.worker) if sender is not None and sender.worker else None
        b = (receiver.host, receiver.worker) if receiver is not None and receiver.worker else None
        if a is None or b is None:
            unknown += 1
        elif a == b:
            same.append(seconds)
        else:
            cross.append(seconds)
    return cross, same, unknown


def judge(soak: Any, readings: Readings) -> dict[str, Any]:
    tally = soak.tally
    cross, same, unknown = relay_split(tally)
    numbers = verdict(tally, readings)
    numbers |= {
        "edits sent": len(tally.sent),
        "acknowledged": len(tally.acked),
        "acknowledged after a reconnect": tally.acked_after_reconnect,
        "never acknowledged": len(tally.sent) - len(tally.acked),
        "refused": len(tally.refused),
        "refusals": sorted(set(tally.refused))[:5],
        "edit latency": percentiles(tally.latencies),
        "relay cross-process": len(cross),
        "relay latency cross-process": percentiles(cross),
        "relay same process": len(same),
        "relay latency same process": percentiles(same),
        "relay process unknown": unknown,
        "relayed after the sender reconnected": tally.relays_after_resend,
        "comments created": len(tally.comments),
        "comment failures": len(tally.comment_failures),
        "comment failure reasons": sorted(set(tally.comment_failures))[:5],
        "comment notices": tally.comment_notices,
        "presence sent": tally.presence_sent,
        "presence seen": tally.presence_seen,
        "connections": tally.connects,
        "reconnects": tally.connects - len(soak.editors),
        "dropped by editors": tally.drops,
        "card texts overwritten": tally.retypes,
        "restarts on a new generation": tally.restarts,
        "cards made again after a restart": tally.reapplied,
        "lost by editors": tally.lost_connections,
        "connect failures": len(tally.connect_failures),
        "close codes": dict(sorted(tally.close_codes.items())),
        "client loop lag": percentiles(tally.loop_lag),
        "connect failure reasons": sorted(set(tally.connect_failures))[:5],
        "kills": len(soak.kills),
        "restart seconds": " / ".join(f"{s:.1f}" for _, s in soak.kills) or "–",
        "kill errors": soak.kill_errors[:5],
        "quiet period seconds": round(soak.settle_seconds, 1),
        "maps unconverged after the quiet period": len(soak.unconverged),
        "editors left behind": soak.laggards,
        "editors left behind caught up by reconnecting": soak.healed_by_reconnect,
    }
    return numbers


ROWS = [
    "edits sent", "acknowledged", "acknowledged after a reconnect", "never acknowledged", "lost", "duplicated",
    "divergent maps", "refused", "edit latency", "relay cross-process", "relay latency cross-process",
    "relay same process", "relay latency same process", "relay process unknown", "relayed after the sender reconnected",
    "comments created",
    "comments seen everywhere", "comment failures", "comment notices", "presence sent", "presence seen",
    "connections", "reconnects", "dropped by editors", "card texts overwritten", "restarts on a new generation",
    "cards made again after a restart", "lost by editors", "connect failures", "close codes",
    "client loop lag", "kills",
    "restart seconds", "quiet period seconds", "maps unconverged after the quiet period", "readings",
    "server log errors",
]  # fmt: skip
DETAILS = [
    "lost tokens", "duplicated tokens", "divergent", "refusals", "kill errors", "reading errors",
    "comment failure reasons", "connect failure reasons", "editors left behind",
    "editors left behind caught up by reconnecting",
]  # fmt: skip


def report_table(options: Any, numbers: dict[str, Any]) -> str:
    setup = (
        f"{options.hosts} host(s) × --workers {options.processes}, {options.editors} editors, {options.maps} maps, "
        f"{options.minutes:g} min, a kill every {options.kill_every:g} s"
        f"{f', {options.retype:.0%} of edits overwrite a card text' if getattr(options, 'retype', 0) else ''}; "
        "latencies p50 / p95 / p99 in ms"
    )
    lines = [setup, "", "| measure | value |", "|---|---|"]
    lines += [f"| {name} | {numbers.get(name, '–')} |" for name in ROWS]
    details = [f"- {name}: {numbers[name]}" for name in DETAILS if numbers.get(name) not in (None, [], {})]
    return "\n".join(lines + (["", *details] if details else []))
