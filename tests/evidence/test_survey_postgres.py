"""The same survey expressions on a PostgreSQL server (by URL) give the same numbers as on DuckDB.

Runs when ``JOURNEYMAP_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts one); skipped otherwise.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from journeymap.evidence.engine import Engine, EngineConfig
from journeymap.evidence.survey import summarize_survey
from journeymap.evidence.survey_spec import spec_from_options

from survey_support import options, write_csv

URL = os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set JOURNEYMAP_TEST_POSTGRES_URL to run against PostgreSQL")


def test_postgres_matches_duckdb(tmp_path: Path) -> None:
    rng = random.Random(2)
    rows: list[list[Any]] = [
        [i, rng.choice("ab"), rng.randint(1, 10), rng.choice([0, 4, 8]), rng.randint(1, 10)] for i in range(300)
    ]
    path = write_csv(tmp_path / "s.csv", ["respondent", "seg", "a", "b", "overall"], rows)
    spec = spec_from_options(options(wide="a,b", missing=["0"], by="seg", overall="overall"))
    with Engine() as duck, Engine(EngineConfig(kind="postgres", database_url=URL)) as postgres:
        results = [summarize_survey(e, path, spec).rows for e in (duck, postgres)]
    keys = [
        [(r.element, r.measure, r.segment, r.n, round(r.mean or 0, 9), r.distribution) for r in rs] for rs in results
    ]
    assert keys[0] == keys[1]
