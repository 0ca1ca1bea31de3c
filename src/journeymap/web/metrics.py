"""The studio's Prometheus metrics: edits committed, commit time, relay lag, live rooms and clients.

The real-time code calls :func:`observe_commit`, :func:`observe_relay` and :func:`set_live`; each is cheap and never
raises (a metric that cannot be written is dropped, and said once in the log). ``GET /api/metrics``
(:mod:`journeymap.web.api.ops`) answers :func:`render`.

One process, or several. With ``PROMETHEUS_MULTIPROC_DIR`` set *before the processes start* (``journeymap serve
--workers N`` sets it, see :func:`prepare_multiprocess_dir`), every process writes its values to files of its own
in that folder (prometheus_client's multi-process mode) and :func:`render`, in whichever worker answers the scrape,
adds up the files of all of them: counters and histograms over every process that ever ran since the folder was
emptied, the gauges (``livesum``) over the processes alive now. A live gauge's file stays behind when its worker
dies; :func:`render` drops the files of processes that no longer exist (:func:`mark_process_dead`), so the
supervisor needs no hook of its own.

The metrics live in a registry of the module's own (:data:`REGISTRY`), not prometheus_client's global one: created
once per process, shared by every app of that process (tests run several)."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

log = logging.getLogger("journeymap.web.metrics")

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
"""The text exposition format every Prometheus server reads."""

COMMIT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0)
"""Seconds: a batch of edits written to SQLite or PostgreSQL takes from about a millisecond to a couple of seconds
on a loaded server; beyond 2 s falls in +Inf."""

RELAY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
"""Seconds from the commit in one process to its arrival in another."""

RATE_WINDOW = 10.0
"""``journeymap_edits_per_second`` counts the edits of the last this many seconds."""

TICK = 1.0
"""How often a process with recent edits refreshes its edits-per-second gauge (so that it falls as time passes)."""

REGISTRY = CollectorRegistry()
"""This process's metrics."""


def _multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


class _Metrics:
    """The metrics, created once per process (in multi-process mode each one is backed by a file of this
    process)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.edits = Counter(
            "journeymap_edits_total", "Edits committed to the store (summed over processes).", registry=registry
        )
        self.commit = Histogram(
            "journeymap_commit_seconds",
            "Time to commit one batch of edits to the store.",
            buckets=COMMIT_BUCKETS,
            registry=registry,
        )
        self.relay = Histogram(
            "journeymap_relay_lag_seconds",
            "Delay from an edit's commit in another process to its arrival in this one.",
            buckets=RELAY_BUCKETS,
            registry=registry,
        )
        self.rooms = Gauge(
            "journeymap_rooms", "Maps open live (rooms).", multiprocess_mode="livesum", registry=registry
        )
        self.clients = Gauge(
            "journeymap_clients", "Live connections (websockets).", multiprocess_mode="livesum", registry=registry
        )
        self.rate = Gauge(
            "journeymap_edits_per_second",
            f"Edits committed per second over the last {RATE_WINDOW:g} s (refreshed every {TICK:g} s).",
            multiprocess_mode="livesum",
            registry=registry,
        )
        if not _multiprocess():  # per-process figures mean nothing summed over processes
            ProcessCollector(registry=registry)
            PlatformCollector(registry=registry)
            GCCollector(registry=registry)


_lock = threading.Lock()
_state: dict[str, Any] = {}


def _metrics() -> _Metrics | None:
    """The process's metrics (None when they could not be created: then every observation is a no-op)."""
    found: _Metrics | None = _state.get("metrics")
    if found is not None or _state.get("failed"):
        return found
    with _lock:
        if "metrics" not in _state and not _state.get("failed"):
            try:
                _state["metrics"] = _Metrics(REGISTRY)
            except Exception:  # e.g. PROMETHEUS_MULTIPROC_DIR names no writable folder
                _state["failed"] = True
                log.warning("metrics are off: they could not be created", exc_info=True)
        return _state.get("metrics")


def _safely(action: Callable[[_Metrics], None]) -> None:
    try:
        metrics = _metrics()
        if metrics is not None:
            action(metrics)
    except Exception:
        if not _state.get("warned"):
            _state["warned"] = True
            log.warning("a metric could not be written (said once)", exc_info=True)


# --- edits per second -------------------------------------------------------------------------------------------


class RateWindow:
    """Edits of the last ``span`` seconds, as (time, count) pairs; :meth:`rate` is their sum over ``span``."""

    def __init__(self, span: float = RATE_WINDOW) -> None:
        self.span = span
        self._events: deque[tuple[float, int]] = deque()
        self._total = 0
        self._lock = threading.Lock()

    def add(self, count: int, now: float) -> None:
        with self._lock:
            self._events.append((now, count))
            self._total += count
            self._prune(now)

    def rate(self, now: float) -> float:
        with self._lock:
            self._prune(now)
            return self._total / self.span

    def empty(self, now: float) -> bool:
        with self._lock:
            self._prune(now)
            return not self._events

    def _prune(self, now: float) -> None:
        while self._events and self._events[0][0] <= now - self.span:
            self._total -= self._events.popleft()[1]


_window = RateWindow()


def _refresh_rate() -> None:
    rate = _window.rate(time.monotonic())
    _safely(lambda m: m.rate.set(rate))


def _tick() -> None:
    """Refresh the gauge every :data:`TICK` while edits remain in the window; write 0 and end when none do."""
    try:
        while True:
            time.sleep(TICK)
            _refresh_rate()
            with _lock:
                if _window.empty(time.monotonic()):
                    _state.pop("ticker", None)
                    return
    except Exception:  # never let the thread die loudly; the next commit starts another
        _state.pop("ticker", None)


def _ensure_ticker() -> None:
    if _state.get("ticker") is not None:
        return
    with _lock:
        if _state.get("ticker") is None:
            ticker = threading.Thread(target=_tick, name="journeymap-metrics-rate", daemon=True)
            _state["ticker"] = ticker
            ticker.start()


# --- what the real-time code calls ------------------------------------------------------------------------------


def observe_commit(edits: int, seconds: float) -> None:
    """A batch of ``edits`` committed to the store in ``seconds``."""
    try:
        count, took = max(0, int(edits)), max(0.0, float(seconds))

        def write(m: _Metrics) -> None:
            m.edits.inc(count)
            m.commit.observe(took)

        _safely(write)
        if count:
            _window.add(count, time.monotonic())
            _refresh_rate()
            _ensure_ticker()
    except Exception:
        log.debug("observe_commit(%r, %r) dropped", edits, seconds, exc_info=True)


def observe_relay(lag_seconds: float) -> None:
    """An edit committed by another process reached this one ``lag_seconds`` after its commit."""
    try:
        lag = max(0.0, float(lag_seconds))  # clocks of two hosts may disagree a little: never a negative lag
    except (TypeError, ValueError):
        return
    _safely(lambda m: m.relay.observe(lag))


def set_live(rooms: int, clients: int) -> None:
    """This process has ``rooms`` maps open live with ``clients`` connections in all."""
    try:
        room_count, client_count = int(rooms), int(clients)
    except (TypeError, ValueError):
        return

    def write(m: _Metrics) -> None:
        m.rooms.set(room_count)
        m.clients.set(client_count)

    _safely(write)


# --- the exposition ---------------------------------------------------------------------------------------------


def render() -> tuple[bytes, str]:
    """The exposition text and its content type: summed over every process when ``PROMETHEUS_MULTIPROC_DIR`` is set,
    else this process's registry."""
    _metrics()
    _refresh_rate()
    folder = os.environ.get(MULTIPROC_ENV)
    if not folder:
        return generate_latest(REGISTRY), CONTENT_TYPE
    forget_dead_processes(Path(folder))
    registry = CollectorRegistry()
    prometheus_multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE


# --- multi-process bookkeeping ----------------------------------------------------------------------------------

LIVE_FILE = re.compile(r"gauge_live\w*?_(\d+)\.db")


def mark_process_dead(pid: int, folder: Path | str | None = None) -> None:
    """Forget the live gauges of worker ``pid`` (it ended): its rooms and clients no longer count. Counters and
    histograms keep its part. A supervisor may call this when it sees a worker end; :func:`render` also does it for
    every process that no longer exists, so calling it is optional."""
    path = str(folder) if folder is not None else os.environ.get(MULTIPROC_ENV)
    if path:
        prometheus_multiprocess.mark_process_dead(pid, path)  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


def forget_dead_processes(folder: Path) -> list[int]:
    """Drop the live-gauge files of processes that no longer exist; their pids."""
    dead = set()
    try:
        for entry in folder.iterdir():
            found = LIVE_FILE.fullmatch(entry.name)
            if found and not _alive(int(found.group(1))):
                dead.add(int(found.group(1)))
        for pid in dead:
            mark_process_dead(pid, folder)
    except OSError:
        log.debug("could not tidy %s", folder, exc_info=True)
    return sorted(dead)


def prepare_multiprocess_dir(folder: Path) -> Path:
    """Make ``folder`` the metrics folder of the worker processes about to start: create it, empty it of the
    ``*.db`` files of an earlier run (their pids may be reused; their counts belong to that run) and set
    ``PROMETHEUS_MULTIPROC_DIR`` for the workers to inherit. Call it in the parent before the workers start."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.db"):
        old.unlink(missing_ok=True)
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder
