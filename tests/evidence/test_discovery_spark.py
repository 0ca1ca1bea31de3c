"""The same discovery expressions on a local Spark session give the same results as on DuckDB: reading (CSV,
Parquet, XES), the located problems, and every figure of the discovery."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journeymap.errors import ProblemsError
from journeymap.evidence.discovery import discover
from journeymap.evidence.engine import Engine, EngineConfig
from journeymap.evidence.events import read_events

from support import EXAMPLES, FIXTURES, ROOT

pytestmark = pytest.mark.spark

EVENTS = FIXTURES / "events"


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[Engine, Engine]]:
    with Engine() as duck, Engine(EngineConfig(kind="spark")) as spark:
        yield duck, spark


def discovered(engine: Engine, path: Path, **options: Any) -> dict[str, Any]:
    log = read_events(path, engine, **options)
    return discover(log.table, engine, source=path.name, top=1000).to_json()


@pytest.mark.parametrize(
    "path",
    [EVENTS / "ties.csv", EVENTS / "small.xes.gz", EXAMPLES / "home-loan" / "evidence" / "applications-events.csv"],
    ids=lambda p: p.name,
)
def test_same_discovery(engines: tuple[Engine, Engine], path: Path) -> None:
    duck, spark = (discovered(e, path) for e in engines)
    assert duck == spark
    assert duck["cases"] > 0 and duck["directly_follows"]


def test_same_discovery_of_a_generated_parquet_log(engines: tuple[Engine, Engine], tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("gen_events", ROOT / "tools" / "gen_events.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_events", gen)
    spec.loader.exec_module(gen)
    path = tmp_path / "gen.parquet"
    gen.write_log(path, gen.generate(5, events=30_000))
    duck, spark = (discovered(e, path) for e in engines)
    assert duck == spark and duck["events"] == 30_000


def test_same_times_from_text_with_offsets(engines: tuple[Engine, Engine], tmp_path: Path) -> None:
    path = tmp_path / "zones.csv"
    path.write_text(
        "case_id,activity,timestamp\n"
        "k,a,2026-03-01T10:00:00+02:00\nk,b,2026-03-01T09:00:00Z\nk,c,2026-03-01 08:30:00.5-01:30\nk,d,2026-03-02\n",
        encoding="utf-8",
    )
    duck, spark = (discovered(e, path) for e in engines)
    assert duck == spark
    assert duck["top_variants"] == [{"activities": ["a", "b", "c", "d"], "cases": 1}]


def test_bad_rows_are_located_the_same(engines: tuple[Engine, Engine]) -> None:
    found = []
    for engine in engines:
        with pytest.raises(ProblemsError) as info:
            read_events(EVENTS / "bad-timestamp.csv", engine)
        found.append([str(p) for p in info.value.problems])
    assert found[0] == found[1]
    assert found[0][0].startswith(f"{EVENTS / 'bad-timestamp.csv'}:3:3: JE103")


def test_same_filtered_funnel_outcomes_and_waits(engines: tuple[Engine, Engine], tmp_path: Path) -> None:
    """Filters, the lifecycle rule, the ordered funnel, outcomes and first-occurrence waits (issue 13) on Spark."""
    from journeymap.evidence.discovery_filters import EventFilter
    from journeymap.evidence.discovery_run import DiscoverRequest, discover_log

    spec = importlib.util.spec_from_file_location("gen_loan_log", ROOT / "tools" / "gen_loan_log.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_loan_log", gen)
    spec.loader.exec_module(gen)
    path = tmp_path / "loans.xes"
    gen.write_xes(path, gen.generate(120, 7))
    request = DiscoverRequest(
        rule=EventFilter(("A_*", "W_*"), ("A_PARTLYSUBMITTED",), "start"),
        funnel=("A_SUBMITTED", "W_Completeren aanvraag", "A_ACCEPTED", "A_APPROVED"),
    )
    duck, spark = (discover_log(path, request, engine.config)[0].to_json() for engine in engines)
    assert duck == spark
    assert [s["activity"] for s in duck["funnel"]][1] == "W_Completeren aanvraag"
    assert duck["outcomes"] and duck["funnel"][2]["median_seconds_first"] is not None
