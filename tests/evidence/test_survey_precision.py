"""Survey statistics where they used to go wrong (issue 13): the variance of constant non-integer ratings
(defect 8: Σx² − (Σx)²/n cancelled to a standard deviation of 1e-7 for 7.3, of 66 for 1e8 + 0.1), n with
weights of 0 (defect 4: counted), and a single answer (defect 3: given a zero-wide interval). Checked against
numpy's two-pass computations."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from journeymap.evidence.engine import Engine, EngineConfig
from journeymap.evidence.stats import Moments, summarize_moments
from journeymap.evidence.survey import NO_SEGMENT, summarize_survey
from journeymap.evidence.survey_spec import spec_from_options

from survey_support import options, write_csv


@pytest.fixture(scope="module")
def engine() -> Any:
    with Engine() as e:
        yield e


def numpy_weighted(values: np.ndarray, weights: np.ndarray) -> tuple[float, float, float, int]:
    """Mean, reliability-weighted sample sd and Kish's effective n over the answers of weight > 0, and their n."""
    keep = weights > 0
    x, w = values[keep], weights[keep]
    mean = float(np.average(x, weights=w))
    variance = float(np.sum(w * (x - mean) ** 2) / (w.sum() - np.sum(w**2) / w.sum()))
    return mean, math.sqrt(variance), float(w.sum() ** 2 / np.sum(w**2)), int(keep.sum())


@pytest.mark.parametrize("value", [7.3, 0.1, 1e8 + 0.1])
def test_constant_ratings_have_no_spread(engine: Engine, tmp_path: Path, value: float) -> None:
    rows = [[i, "ab"[i % 2], 1 + i % 3, value] for i in range(10_001)]
    path = write_csv(tmp_path / "constant.csv", ["respondent", "seg", "w", "q"], rows)
    for given in ({}, {"weight": "w", "by": "seg"}):
        summary = summarize_survey(engine, path, spec_from_options(options(wide="q", scale="0-200000000", **given)))
        for row in summary.rows:
            assert row.mean == value and row.std == 0.0, (given, row)
            assert row.ci95 == (value, value)  # the interval collapses to the mean


def test_constant_moments_from_parts() -> None:
    parts = [Moments.of([1e8 + 0.1] * n, [0.5 + k] * n) for k, n in enumerate((3, 1, 7))]
    total = parts[0].combine(parts[1]).combine(parts[2])
    assert total.mean == 1e8 + 0.1 and total.m2 == 0.0 and total.n == 11


@pytest.mark.parametrize("offset", [0.0, 1e6])
def test_random_ratings_match_numpy(engine: Engine, tmp_path: Path, offset: float) -> None:
    rng = np.random.default_rng(13)
    values = offset + np.round(rng.uniform(1, 10, 3_000), 2)
    weights = np.round(rng.choice([0.0, 0.5, 1.0, 2.5], 3_000), 2)
    segments = rng.choice(["a", "b", "c"], 3_000)
    rows = [[i, s, w, v] for i, (s, w, v) in enumerate(zip(segments, weights, values, strict=True))]
    path = write_csv(tmp_path / "random.csv", ["respondent", "seg", "w", "q"], rows)
    scale = f"{offset:.0f}-{offset + 10:.0f}"
    plain = summarize_survey(engine, path, spec_from_options(options(wide="q", scale=scale, by="seg")))
    weighted = summarize_survey(engine, path, spec_from_options(options(wide="q", scale=scale, by="seg", weight="w")))
    for segment in (None, "a", "b", "c"):
        chosen = np.ones(len(values), bool) if segment is None else segments == segment
        x = values[chosen]
        [row] = [r for r in plain.rows if r.segment == segment]
        assert row.n == len(x) and row.n_effective is None
        assert row.mean == pytest.approx(float(np.mean(x)), rel=1e-12)
        assert row.std == pytest.approx(float(np.std(x, ddof=1)), rel=1e-12)
        low, high = stats.t.interval(0.95, len(x) - 1, loc=float(np.mean(x)), scale=stats.sem(x))
        assert row.ci95 == pytest.approx((low, high), rel=1e-12)
        mean, std, n_eff, n = numpy_weighted(x, weights[chosen])
        [row] = [r for r in weighted.rows if r.segment == segment]
        assert row.n == n < len(x)  # answers of weight 0 are not counted
        assert row.n_effective == pytest.approx(n_eff, rel=1e-12)
        assert row.mean == pytest.approx(mean, rel=1e-12) and row.std == pytest.approx(std, rel=1e-12)
        assert sum(row.distribution.values()) == n


def test_weight_zero_is_left_out_by_hand(engine: Engine, tmp_path: Path) -> None:
    """A hand computation: weights 0, 2, 2.5, 1 on ratings 5, 7, 9, 3 → n = 3, mean 39.5 / 5.5,
    n_eff = 5.5² / 11.25."""
    path = write_csv(tmp_path / "w.csv", ["respondent", "w", "q"], [[1, 0, 5], [2, 2, 7], [3, 2.5, 9], [4, 1, 3]])
    [row] = summarize_survey(engine, path, spec_from_options(options(wide="q", weight="w"))).rows
    assert row.n == 3 and row.mean == pytest.approx(39.5 / 5.5, rel=1e-15)
    assert row.n_effective == pytest.approx(5.5**2 / 11.25, rel=1e-15)
    assert row.distribution == {"3": 1, "7": 1, "9": 1}
    assert row.to_json()["n_effective"] == row.n_effective


def test_one_answer_has_no_interval(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "one.csv", ["respondent", "w", "q", "r"], [[1, 2, 6, 4], [2, 0, 5, ""]])
    for given in ({}, {"weight": "w"}):
        rows = {
            r.element: r for r in summarize_survey(engine, path, spec_from_options(options(wide="q,r", **given))).rows
        }
        assert rows["r"].n == 1 and rows["r"].mean == 4 and rows["r"].std is None and rows["r"].ci95 is None
    assert summarize_moments(Moments.of([6.0])).ci95 is None


def test_answers_without_a_segment_are_a_segment_of_their_own(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "seg.csv", ["respondent", "seg", "q"], [[1, "a", 2], [2, "", 8], [3, "a", 4]])
    rows = summarize_survey(engine, path, spec_from_options(options(wide="q", by="seg"))).rows
    found = {r.segment: (r.n, r.mean) for r in rows}
    assert found == {None: (3, pytest.approx(14 / 3)), "a": (2, 3.0), NO_SEGMENT: (1, 8.0)}


def _other_engines() -> list[Any]:
    found = [pytest.param(EngineConfig(kind="spark"), id="spark", marks=pytest.mark.spark)]
    url = os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL")
    skip = pytest.mark.skipif(not url, reason="set JOURNEYMAP_TEST_POSTGRES_URL to run against PostgreSQL")
    return [*found, pytest.param(EngineConfig(kind="postgres", database_url=url), id="postgres", marks=skip)]


@pytest.mark.parametrize("config", _other_engines())
def test_other_engines_agree(engine: Engine, tmp_path: Path, config: EngineConfig) -> None:
    """The same moments on Spark and PostgreSQL: constant ratings exactly, weights of 0 left out, random
    ratings as on DuckDB (to 1e-12), segments with a missing one."""
    rng = np.random.default_rng(7)
    rows = [
        [i, ["a", "b", ""][i % 3], [0, 1, 2.5][i % 4 % 3], 7.3, round(float(rng.uniform(1, 10)), 2)] for i in range(500)
    ]
    path = write_csv(tmp_path / "s.csv", ["respondent", "seg", "w", "c", "r"], rows)
    with Engine(config) as other:
        for given in ({"by": "seg"}, {"by": "seg", "weight": "w"}):
            spec = spec_from_options(options(wide="c,r", **given))
            duck, theirs = (summarize_survey(e, path, spec).rows for e in (engine, other))
            assert [(r.element, r.segment, r.n, r.distribution) for r in duck] == [
                (r.element, r.segment, r.n, r.distribution) for r in theirs
            ]
            for a, b in zip(duck, theirs, strict=True):
                if a.element == "c":
                    assert b.mean == 7.3 and b.std == 0.0 and b.ci95 == (7.3, 7.3)
                assert b.mean == pytest.approx(a.mean, rel=1e-12) and b.std == pytest.approx(a.std, rel=1e-12)
                assert b.n_effective == pytest.approx(a.n_effective, rel=1e-12)
