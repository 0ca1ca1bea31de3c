"""A source of kind ``spark``: the survey is aggregated by a local Spark session, with the same values as DuckDB."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from journeymap.core.refresh import refresh_workspace
from refresh_support import ROWS, make_workspace, write_csv

pytestmark = pytest.mark.spark

MAPPING = "mapping: evidence/survey.mapping.yaml"


def test_a_spark_source_measures_the_map(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", f"{{name: survey, kind: spark, path: 'evidence/wave-*.csv', {MAPPING}}}")
    write_csv(root / "evidence" / "wave-1.csv", ROWS[:2])
    write_csv(root / "evidence" / "wave-2.csv", ROWS[2:])
    report = refresh_workspace(root, today=dt.date(2026, 12, 1))
    assert report.ok, [p.message for m in report.maps for p in m.problems]
    [item] = report.maps
    assert item.sources[0].rows == 4 and item.sources[0].kind == "spark"
    data = yaml.safe_load((root / "maps" / "loan.yaml").read_text(encoding="utf-8"))
    apply = next(s["emotion"] for stage in data["stages"] for s in stage["steps"] if s["id"] == "apply")
    assert apply["mean"] == 7.5 and apply["n"] == 4 and apply["source"] == "survey"
    assert data["touchpoints"][0]["satisfaction"] == 7.5
