"""Survey evidence: numbers match an independent computation (scipy), bad files get precise problems."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from journeymap.errors import MapFileError
from journeymap.evidence.engine import Engine
from journeymap.evidence.stats import Moments, student_t_quantile, summarize_moments
from journeymap.evidence.survey import summarize_survey
from journeymap.evidence.survey_spec import spec_from_options

from survey_support import options, write_csv


@pytest.fixture(scope="module")
def engine() -> Any:
    with Engine() as e:
        yield e


def scipy_summary(values: list[float]) -> tuple[float, float, tuple[float, float]]:
    n = len(values)
    mean = sum(values) / n
    std = stats.tstd(values)
    low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(values))
    return mean, std, (low, high)


@pytest.mark.parametrize("df", [1, 2, 3, 7.5, 29, 120, 10_000])
def test_t_quantile_matches_scipy(df: float) -> None:
    for p in (0.5, 0.9, 0.975, 0.995):
        assert student_t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-9)


@given(st.lists(st.integers(1, 10), min_size=2, max_size=200))
@settings(max_examples=60, deadline=None)
def test_moments_match_scipy(values: list[int]) -> None:
    summary = summarize_moments(Moments.of([float(v) for v in values]))
    if len(set(values)) == 1:  # scipy warns on constant data; the answer is plain
        assert summary.mean == values[0] and summary.std == 0 and summary.ci95 == (values[0], values[0])
        return
    mean, std, (low, high) = scipy_summary([float(v) for v in values])
    assert summary.mean == pytest.approx(mean)
    assert summary.std == pytest.approx(std, rel=1e-9)
    assert summary.ci95 is not None
    assert summary.ci95[0] == pytest.approx(low, rel=1e-9) and summary.ci95[1] == pytest.approx(high, rel=1e-9)


def test_wide_survey_with_segments_and_missing(engine: Engine, tmp_path: Path) -> None:
    rng = random.Random(3)
    rows = [[i, rng.choice("ab"), rng.randint(1, 10), rng.choice([0, *range(1, 11)])] for i in range(300)]
    path = write_csv(tmp_path / "s.csv", ["respondent", "seg", "compare", "apply"], rows)
    summary = summarize_survey(engine, path, spec_from_options(options(wide="compare,apply", missing=["0"], by="seg")))
    by_key = {(r.element, r.segment): r for r in summary.rows}
    for element, column in (("compare", 2), ("apply", 3)):
        for segment in (None, "a", "b"):
            values = [float(r[column]) for r in rows if r[column] != 0 and (segment is None or r[1] == segment)]
            mean, std, ci = scipy_summary(values)
            row = by_key[(element, segment)]
            assert row.n == len(values)
            assert row.mean == pytest.approx(mean) and row.std == pytest.approx(std)
            assert row.ci95 == pytest.approx(ci)
            assert sum(row.distribution.values()) == len(values)
    assert summary.respondents == 300


def test_long_form_and_json_shape(engine: Engine, tmp_path: Path) -> None:
    rows = [
        [r, e, m, v] for r in range(20) for e, m, v in (("compare", "rating", r % 10 + 1), ("app", "importance", 7))
    ]
    path = write_csv(tmp_path / "long.csv", ["respondent", "element", "measure", "value"], rows)
    summary = summarize_survey(engine, path, spec_from_options(options(long=True)))
    data = [r.to_json() for r in summary.rows]
    assert {"element", "measure", "segment", "n", "mean", "std", "ci95"} <= set(data[0])
    app = next(d for d in data if d["element"] == "app")
    assert app["measure"] == "importance" and app["n"] == 20 and app["mean"] == 7 and app["std"] == 0


def test_weights(engine: Engine, tmp_path: Path) -> None:
    rows = [[1, 2.0, 10], [2, 1.0, 4], [3, 1.0, 4]]
    path = write_csv(tmp_path / "w.csv", ["respondent", "w", "q"], rows)
    [row] = summarize_survey(engine, path, spec_from_options(options(wide="q", weight="w"))).rows
    assert row.mean == pytest.approx((2 * 10 + 4 + 4) / 4)
    assert row.n_effective == pytest.approx(16 / 6)


def test_other_scales(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "nps.csv", ["q"], [[0], [10], [5]])
    [row] = summarize_survey(engine, path, spec_from_options(options(wide="q", scale="0-10"))).rows
    assert row.n == 3


def test_derived_importance_is_pearson(engine: Engine, tmp_path: Path) -> None:
    rng = random.Random(5)
    rows = []
    for i in range(200):
        overall = rng.randint(1, 10)
        rows.append([i, min(10, max(1, overall + rng.randint(-2, 2))), rng.randint(1, 10), overall])
    path = write_csv(tmp_path / "imp.csv", ["respondent", "a", "b", "overall"], rows)
    summary = summarize_survey(engine, path, spec_from_options(options(wide="a,b", overall="overall")))
    derived = {r.element: r.mean for r in summary.rows if r.measure == "importance (derived)"}
    expected_a = stats.pearsonr([r[1] for r in rows], [r[3] for r in rows])[0]
    expected_b = stats.pearsonr([r[2] for r in rows], [r[3] for r in rows])[0]
    assert derived["a"] == pytest.approx(expected_a) and derived["b"] == pytest.approx(expected_b)
    assert derived["a"] > derived["b"]


# ---- broken files ---------------------------------------------------------------------------------------------
def problems_of(engine: Engine, path: Path, **given: Any) -> list[str]:
    with pytest.raises(MapFileError) as info:
        summarize_survey(engine, path, spec_from_options(options(**given)))
    return [str(p) for p in info.value.problems]


def test_wrong_column_names_the_file_and_suggests(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", ["respondent", "compare_rates"], [[1, 5]])
    [problem] = problems_of(engine, path, wide="compare_rate")
    assert (
        problem.startswith(f"{path}:1:1: JE010 no column 'compare_rate'") and "did you mean 'compare_rates'" in problem
    )


def test_text_in_a_rating_names_line_and_column(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", ["respondent", "q1", "q2"], [[1, 5, 6], [2, "7", "great"], [3, 4, 5]])
    [problem] = problems_of(engine, path, wide="q1,q2")
    assert problem.startswith(f"{path}:3:3: JE020 'great' in 'q2' is not a number")


def test_ratings_out_of_scale(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", ["q"], [[5], [11], [0]])
    found = problems_of(engine, path, wide="q")
    assert [p.split(": ")[0] for p in found] == [f"{path}:3:1", f"{path}:4:1"]
    assert "outside the scale 1–10" in found[0]


def test_empty_file_and_header_only(engine: Engine, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "JE005 the file is empty" in problems_of(engine, empty, wide="q")[0]
    header = tmp_path / "header.csv"
    header.write_text("q\n")
    assert "JE005" in problems_of(engine, header, wide="q")[0]


def test_wrong_encoding(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("q,comment\n5,ok\n6,caf\xe9 cr\xe8me\n".encode("latin-1"))
    [problem] = problems_of(engine, path, wide="q")
    assert problem.startswith(f"{path}:3:") and "not UTF-8" in problem


def test_xlsx_cells_are_named(engine: Engine, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Responses"
    sheet.append(["respondent", "q1", "q2"])
    sheet.append([1, 5, 6])
    sheet.append([2, 7, "n/a?"])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    [problem] = problems_of(engine, path, wide="q1,q2")
    assert problem.startswith(f"{path} › Responses!C3: JE020")
    summary = summarize_survey(engine, path, spec_from_options(options(wide="q1,q2", missing=["n/a?"])))
    assert {r.element: r.n for r in summary.rows} == {"q1": 2, "q2": 1}


def test_parquet(engine: Engine, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "s.parquet"
    pq.write_table(pa.table({"element": ["a", "a", "b"], "value": [4, 6, 30]}), path)
    found = problems_of(engine, path, long=True)
    assert found[0].startswith(f"{path}: row 3, column value: JE021")


def test_mapping_file_problems_have_lines(engine: Engine, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("form: wide\ncolums:\n  q: compare\n")
    path = write_csv(tmp_path / "s.csv", ["q"], [[5]])
    [problem] = problems_of(engine, path, mapping=str(mapping))
    assert problem.startswith(f"{mapping}:2:1: JM101 unknown key 'colums'") and "did you mean 'columns'" in problem


def test_mapping_file(engine: Engine, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  q1: compare-rates\n  q2: {element: portal, measure: satisfaction}\nscale: 1-5\n")
    path = write_csv(tmp_path / "s.csv", ["q1", "q2"], [[5, 4], [3, 2]])
    rows = summarize_survey(engine, path, spec_from_options(options(mapping=str(mapping)))).rows
    assert {(r.element, r.measure, r.mean) for r in rows} == {
        ("compare-rates", "rating", 4.0),
        ("portal", "satisfaction", 3.0),
    }
    assert math.isclose(rows[0].ci95[1] - rows[0].ci95[0], 2 * stats.t.ppf(0.975, 1) * 1.0, rel_tol=1e-9)  # type: ignore[index]


def test_a_survey_without_mapping_file_has_the_mapping_files_defaults() -> None:
    """Without ``--mapping`` the spec is built from defaults kept apart from the pydantic model (so that the
    command does not import pydantic); they must be the model's own."""
    from dataclasses import asdict

    from journeymap.evidence.survey_mapping import MappingFile
    from journeymap.evidence.survey_spec import _NoMapping

    defaults = MappingFile().model_dump()
    defaults["missing"] = tuple(defaults["missing"])
    assert asdict(_NoMapping()) == defaults


def test_options_alone_import_no_pydantic() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from types import SimpleNamespace as O; from journeymap.evidence.survey_spec import "
        "spec_from_options; spec_from_options(O(wide='a,b', mapping=None)); print('pydantic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
