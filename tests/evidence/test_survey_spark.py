"""The same survey expressions on a local Spark session give the same numbers as on DuckDB."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest

from journeymap.errors import MapFileError
from journeymap.evidence.engine import Engine, EngineConfig
from journeymap.evidence.survey import summarize_survey
from journeymap.evidence.survey_spec import spec_from_options

from survey_support import options

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def engines() -> Any:
    with Engine() as duck, Engine(EngineConfig(kind="spark")) as spark:
        yield duck, spark


def _rounded(rows: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (r.element, r.measure, r.segment, r.n, round(r.mean, 9), round(r.std or 0, 9),
         tuple(round(x, 9) for x in r.ci95 or ()), r.distribution)
        for r in rows
    ]  # fmt: skip


def test_wide_with_segments_and_weights_match(engines: Any, tmp_path: Path) -> None:
    rng = random.Random(11)
    path = tmp_path / "s.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "seg", "w", "a", "b", "overall"])
        for i in range(400):
            writer.writerow([i, rng.choice("xyz"), rng.choice([1, 1.5, 2]), rng.randint(1, 10), rng.choice([0, 3, 9]),
                             rng.randint(1, 10)])  # fmt: skip
    spec = spec_from_options(options(wide="a,b", missing=["0"], by="seg", weight="w", overall="overall"))
    duck, spark = (summarize_survey(e, path, spec) for e in engines)
    assert _rounded(duck.rows) == _rounded(spark.rows)
    assert duck.respondents == spark.respondents == 400


def test_bad_cells_are_located_the_same(engines: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("q1,q2\n5,6\n7,great\n4,12\n")
    found = []
    for engine in engines:
        with pytest.raises(MapFileError) as info:
            summarize_survey(engine, path, spec_from_options(options(wide="q1,q2")))
        found.append([str(p) for p in info.value.problems])
    assert found[0] == found[1]
    assert found[0][0].startswith(f"{path}:3:2: JE020")
