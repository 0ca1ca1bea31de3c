"""A short soak of the studio as several worker processes on one PostgreSQL database (``benchmarks/soak_studio.py``):
editors co-edit maps while a worker is killed; nothing acknowledged is lost or duplicated, every process and the
store show the same documents, and edits reach editors served by other processes."""

from __future__ import annotations

import sys
from pathlib import Path

from studio_support import postgres_server_url

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_soak_with_a_killed_worker(tmp_path: Path) -> None:
    server = postgres_server_url()  # skips without a PostgreSQL server
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from soak_studio import Options, run_soak
    finally:
        sys.path.remove(str(BENCHMARKS))
    options = Options(
        server, processes=2, editors=20, maps=4, minutes=0.4, kill_every=10, quiet_timeout=120, log_dir=tmp_path
    )
    numbers, readings = run_soak(options)
    summary = {k: v for k, v in numbers.items() if not isinstance(v, list | dict) or v}
    assert numbers["edits sent"] > 20, summary
    assert numbers["acknowledged"] == numbers["edits sent"], summary
    assert numbers["lost"] == 0, summary
    assert numbers["duplicated"] == 0, summary
    assert numbers["divergent maps"] == 0, summary
    assert numbers["refused"] == 0, summary
    assert numbers["relay cross-process"] > 0, summary
    assert numbers["kills"] >= 1, summary
    assert numbers["comments seen everywhere"] == numbers["comments created"], summary
    assert len(readings.by_map) == 4 and not readings.errors, summary
