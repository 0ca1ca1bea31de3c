"""The studio's Prometheus metrics: what the real-time code observes shows in the exposition; several processes
writing to one ``PROMETHEUS_MULTIPROC_DIR`` are summed; ``GET /api/metrics`` answers only a scraper on this host,
the bearer token or the admin."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from prometheus_client.parser import text_string_to_metric_families
from studio_support import error_of, log_in, make_app, running, sign_up

from journeymap.web import metrics
from journeymap.web.api import ops

LOOPBACK = ("127.0.0.1", 50000)


def samples(text: bytes | str) -> dict[str, float]:
    """The exposition's samples by name (with their labels, for buckets), parsed by prometheus_client itself."""
    found: dict[str, float] = {}
    raw = text.decode() if isinstance(text, bytes) else text
    for family in text_string_to_metric_families(raw):
        for sample in family.samples:
            labels = ",".join(f"{key}={value}" for key, value in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return found


def current() -> dict[str, float]:
    body, content_type = metrics.render()
    assert content_type.startswith("text/plain")
    return samples(body)


# --- one process ----------------------------------------------------------------------------------------------


def test_commits_relays_and_live_counts_show_in_the_exposition() -> None:
    before = current()
    metrics.observe_commit(3, 0.004)
    metrics.observe_commit(2, 0.3)
    metrics.observe_relay(0.02)
    metrics.set_live(rooms=4, clients=9)
    after = current()
    assert after["journeymap_edits_total"] - before.get("journeymap_edits_total", 0) == 5
    assert after["journeymap_commit_seconds_count"] - before.get("journeymap_commit_seconds_count", 0) == 2
    # 4 ms falls in the 5 ms bucket, 0.3 s in the 0.5 s one
    bucket = "journeymap_commit_seconds_bucket{le=%s}"
    assert after[bucket % "0.005"] - before.get(bucket % "0.005", 0) == 1
    assert after[bucket % "0.5"] - before.get(bucket % "0.5", 0) == 2
    assert after["journeymap_commit_seconds_sum"] - before.get("journeymap_commit_seconds_sum", 0) == pytest.approx(
        0.304
    )
    assert after["journeymap_relay_lag_seconds_count"] - before.get("journeymap_relay_lag_seconds_count", 0) == 1
    assert after["journeymap_rooms"] == 4 and after["journeymap_clients"] == 9
    # five edits in the last 10 s: at least 0.5 a second (earlier tests of this process may add to it)
    assert after["journeymap_edits_per_second"] >= 0.5


def test_the_buckets_span_a_millisecond_to_two_seconds() -> None:
    buckets = {key for key in current() if key.startswith("journeymap_commit_seconds_bucket")}
    edges = sorted(float(key.split("le=")[1].rstrip("}")) for key in buckets)
    assert edges[0] == 0.001 and edges[-2] == 2.0 and edges[-1] == float("inf")


def test_bad_observations_are_dropped_without_raising() -> None:
    before = current()
    metrics.observe_commit("many", 0.1)  # type: ignore[arg-type]
    metrics.observe_relay(None)  # type: ignore[arg-type]
    metrics.set_live("x", 1)  # type: ignore[arg-type]
    metrics.observe_relay(-0.5)  # a clock a little behind: counted as no lag
    after = current()
    assert after["journeymap_edits_total"] == before["journeymap_edits_total"]
    lag_zero = "journeymap_relay_lag_seconds_bucket{le=0.001}"
    assert after[lag_zero] - before[lag_zero] == 1


def test_the_rate_window_counts_the_last_ten_seconds() -> None:
    window = metrics.RateWindow(span=10.0)
    window.add(5, now=100.0)
    window.add(15, now=105.0)
    assert window.rate(now=109.0) == 2.0
    assert window.rate(now=112.0) == 1.5  # the first five are older than 10 s
    assert window.rate(now=116.0) == 0.0 and window.empty(now=116.0)


# --- several processes ----------------------------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys
    from journeymap.web import metrics
    edits, rooms, clients = (int(arg) for arg in sys.argv[1:4])
    metrics.observe_commit(edits, 0.002)
    metrics.observe_relay(0.01)
    metrics.set_live(rooms, clients)
    print("ready", flush=True)
    sys.stdin.readline()
    """
)


@contextmanager
def worker(folder: Path, edits: int, rooms: int, clients: int) -> Iterator[subprocess.Popen[str]]:
    """A process that observes, then waits (alive) until its stdin closes."""
    env = {**os.environ, metrics.MULTIPROC_ENV: str(folder)}
    args = [sys.executable, "-c", WORKER, str(edits), str(rooms), str(clients)]
    process = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield process
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=120)
        assert process.stdout is not None
        process.stdout.close()


def test_render_sums_the_processes_of_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    with worker(folder, edits=7, rooms=2, clients=3) as first, worker(folder, edits=5, rooms=1, clients=4):
        monkeypatch.setenv(metrics.MULTIPROC_ENV, str(folder))
        live = current()
        assert live["journeymap_edits_total"] == 12
        assert live["journeymap_commit_seconds_count"] == 2
        assert live["journeymap_relay_lag_seconds_count"] == 2
        assert live["journeymap_rooms"] == 3 and live["journeymap_clients"] == 7
        assert live["journeymap_edits_per_second"] == pytest.approx(1.2)  # 12 edits over the last 10 s
        first_pid = first.pid
    # both ended: what they committed stays counted, their rooms and clients are gone
    ended = current()
    assert ended["journeymap_edits_total"] == 12
    assert ended.get("journeymap_rooms", 0) == 0 and ended.get("journeymap_clients", 0) == 0
    assert not list(folder.glob(f"gauge_live*_{first_pid}.db"))


def test_a_fresh_folder_forgets_an_earlier_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    with worker(folder, edits=4, rooms=1, clients=1):
        pass
    assert list(folder.glob("*.db"))
    monkeypatch.setenv(metrics.MULTIPROC_ENV, "")
    metrics.prepare_multiprocess_dir(folder)
    assert os.environ[metrics.MULTIPROC_ENV] == str(folder)
    assert not list(folder.glob("*.db"))
    assert current().get("journeymap_edits_total", 0) == 0


# --- GET /api/metrics -------------------------------------------------------------------------------------------


def with_ops(app: Any) -> Any:
    """The app with the ops routes (first, before the API's catch-all), unless it has them already."""
    listed = "/api/metrics" in app.openapi()["paths"]
    app.openapi_schema = None  # the document is made again, with what is added here
    if not listed:
        api = APIRouter(prefix="/api")
        api.include_router(ops.router)
        app.router.routes[0:0] = api.routes
    return app


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv(ops.TOKEN_ENV, raising=False)
    monkeypatch.delenv(metrics.MULTIPROC_ENV, raising=False)
    return with_ops(make_app(str(tmp_path / "studio.db"), [], open_signup=True))


def test_a_scraper_on_this_host_reads_the_metrics(app: Any) -> None:
    metrics.observe_commit(1, 0.001)
    with running(app, client=LOOPBACK) as client:
        response = client.get("/api/metrics")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/plain")
        assert samples(response.text)["journeymap_edits_total"] >= 1
        forwarded = client.get("/api/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        error_of(forwarded, 403, "forbidden")  # through a proxy on this host: not the local scraper
    with running(app, client=("::1", 50000)) as client:
        assert client.get("/api/metrics").status_code == 200


def test_anyone_else_is_refused_unless_they_send_the_token(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with running(app) as client:  # the test client's address is "testclient": not loopback
        error = error_of(client.get("/api/metrics"), 403, "forbidden")
        assert "JOURNEYMAP_METRICS_TOKEN" in error["hint"]
        error_of(client.get("/api/metrics", headers={"Authorization": "Bearer "}), 403)  # no token configured
        monkeypatch.setenv(ops.TOKEN_ENV, "s3cret-scrape-token")
        assert client.get("/api/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"}).status_code == 200
        assert client.get("/api/metrics", headers={"Authorization": "bearer s3cret-scrape-token"}).status_code == 200
        error_of(client.get("/api/metrics", headers={"Authorization": "Bearer s3cret-scrape-tokeN"}), 403)
        error_of(client.get("/api/metrics", headers={"Authorization": "Basic s3cret-scrape-token"}), 403)
        error_of(client.get("/api/metrics", headers={"Authorization": "Bearer s3cret"}), 403)


def test_the_admin_reads_them_signed_in_and_others_do_not(app: Any) -> None:
    with running(app) as client:
        sign_up(client, "admin@example.org", "Ada Admin")  # the first account is the admin
        assert client.get("/api/metrics").status_code == 200
        client.post("/api/auth/logout")
        sign_up(client, "bo@example.org", "Bo Builder")
        log_in(client, "bo@example.org")
        error_of(client.get("/api/metrics"), 403, "forbidden")


def test_the_route_is_in_the_api_document_as_text(app: Any) -> None:
    operation = app.openapi()["paths"]["/api/metrics"]["get"]
    assert operation["responses"]["200"]["content"] == {"text/plain": {"schema": {"type": "string"}}}
