"""Change between survey waves (issue 13, deliverable 4): Welch's t-test from n, mean and sd equals scipy's
``ttest_ind(equal_var=False)`` on the raw answers, through the library and through ``evidence compare --format json``;
bad input gives located messages."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from journeymap.evidence.engine import Engine
from journeymap.evidence.survey_spec import spec_from_options
from journeymap.evidence.waves import compare_waves, welch

from support import run
from survey_support import options, write_csv

TOLERANCE = 1e-10


@pytest.fixture(scope="module")
def engine() -> Any:
    with Engine() as e:
        yield e


def _scipy(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float, tuple[float, float]]:
    """diff, p, df and 95 % interval of mean(b) − mean(a) by scipy's Welch test."""
    result = stats.ttest_ind(b, a, equal_var=False)
    ci = result.confidence_interval(0.95)
    return float(np.mean(b) - np.mean(a)), float(result.pvalue), float(result.df), (float(ci.low), float(ci.high))


def test_welch_from_summaries_equals_scipy() -> None:
    rng = np.random.default_rng(13)
    for _ in range(300):
        n1, n2 = (int(k) for k in rng.integers(2, 400, size=2))
        a = rng.normal(rng.uniform(1, 10), rng.uniform(0.1, 3), size=n1)
        b = rng.normal(rng.uniform(1, 10), rng.uniform(0.1, 3), size=n2)
        test = welch(n1, float(a.mean()), float(a.std(ddof=1)), n2, float(b.mean()), float(b.std(ddof=1)))
        assert test is not None
        diff, p, df, ci = _scipy(a, b)
        assert test.diff == pytest.approx(diff, abs=TOLERANCE)
        assert test.p == pytest.approx(p, abs=TOLERANCE)
        assert test.df == pytest.approx(df, rel=TOLERANCE)
        assert test.ci95[0] == pytest.approx(ci[0], abs=TOLERANCE)
        assert test.ci95[1] == pytest.approx(ci[1], abs=TOLERANCE)


def test_welch_needs_two_answers_and_some_variance() -> None:
    assert welch(1, 5.0, 0.0, 10, 6.0, 1.0) is None
    assert welch(10, 5.0, 0.0, 10, 6.0, 0.0) is None
    one_constant = welch(10, 5.0, 0.0, 10, 6.0, 1.0)
    assert one_constant is not None and one_constant.df == pytest.approx(9)


def _waves(seed: int, sizes: tuple[int, int] = (60, 75)) -> dict[str, dict[str, np.ndarray]]:
    """Integer ratings 1–10 of three elements in two waves: q1 drops, q2 stays, q3 rises."""
    rng = np.random.default_rng(seed)
    means = {"q1": (7.2, 5.9), "q2": (6.0, 6.1), "q3": (4.0, 5.5)}
    return {
        wave: {q: np.clip(np.rint(rng.normal(m[k], 1.8, size=sizes[k])), 1, 10) for q, m in means.items()}
        for k, wave in enumerate(("2025-03", "2025-09"))
    }


def _write_one_file(path: Path, waves: dict[str, dict[str, np.ndarray]]) -> Path:
    rows = []
    for wave, answers in waves.items():
        for i in range(len(answers["q1"])):
            rows.append([f"{wave}-{i}", wave, *(int(answers[q][i]) for q in ("q1", "q2", "q3"))])
    return write_csv(path, ["respondent", "wave", "q1", "q2", "q3"], rows)


def _check_rows(rows: list[dict[str, Any]], waves: dict[str, dict[str, np.ndarray]]) -> None:
    before, after = waves["2025-03"], waves["2025-09"]
    by_element = {r["element"]: r for r in rows}
    assert set(by_element) == {"q1", "q2", "q3"}
    for q, row in by_element.items():
        diff, p, df, ci = _scipy(before[q], after[q])
        assert row["diff"] == pytest.approx(diff, abs=TOLERANCE)
        assert row["p"] == pytest.approx(p, abs=TOLERANCE)
        assert row["df"] == pytest.approx(df, rel=TOLERANCE)
        assert row["ci95"] == pytest.approx(list(ci), abs=TOLERANCE)
        assert row["baseline"]["n"] == len(before[q]) and row["current"]["n"] == len(after[q])
        assert row["significant_drop"] == (diff < 0 and p < 0.05)
    assert by_element["q1"]["significant_drop"] and not by_element["q3"]["significant_drop"]


def test_period_column_through_the_library(tmp_path: Path, engine: Engine) -> None:
    waves = _waves(1)
    path = _write_one_file(tmp_path / "survey.csv", waves)
    result = compare_waves(engine, path, None, spec_from_options(options(wide="q1,q2,q3")), period="wave")
    assert (result.baseline, result.current) == ("wave=2025-03", "wave=2025-09")
    _check_rows([r.to_json() for r in result.rows], waves)


def test_two_files_through_the_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waves = _waves(2, (40, 90))
    files = []
    for wave, answers in waves.items():
        rows = [[i, *(int(answers[q][i]) for q in ("q1", "q2", "q3"))] for i in range(len(answers["q1"]))]
        files.append(str(write_csv(tmp_path / f"{wave}.csv", ["respondent", "q1", "q2", "q3"], rows)))
    code, out, err = run(capsys, "evidence", "compare", *files, "--wide", "q1,q2,q3", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["test"] == "welch" and data["n_used"] == "n"
    _check_rows(data["rows"], waves)
    assert data["significant_drops"] == sum(r["significant_drop"] for r in data["rows"])


def test_period_through_the_cli_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waves = _waves(3)
    path = str(_write_one_file(tmp_path / "survey.csv", waves))
    argv = ("evidence", "compare", path, "--period", "wave", "--wide", "q1,q2,q3")
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    _check_rows(json.loads(out)["rows"], waves)
    code, out, _ = run(capsys, *argv)
    assert code == 0
    q1 = next(line for line in out.splitlines() if line.startswith("q1"))
    assert "▼ significant drop" in q1
    assert "significant drop" in out.splitlines()[-1]


def test_weights_use_kish_effective_n(tmp_path: Path, engine: Engine) -> None:
    rng = np.random.default_rng(4)
    data: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    rows = []
    for wave, mean in (("a", 7.0), ("b", 6.4)):
        x = np.clip(np.rint(rng.normal(mean, 2, size=120)), 1, 10)
        w = np.round(rng.uniform(0.2, 3.0, size=120), 3)
        data[wave] = (x, w)
        rows += [[f"{wave}{i}", wave, int(x[i]), float(w[i])] for i in range(120)]
    path = write_csv(tmp_path / "weighted.csv", ["respondent", "wave", "q1", "w"], rows)
    spec = spec_from_options(options(wide="q1", weight="w"))
    result = compare_waves(engine, path, None, spec, period="wave")
    assert result.weighted
    (row,) = result.rows

    def side(x: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
        mean = float(np.sum(w * x) / np.sum(w))
        sd = math.sqrt(float(np.sum(w * (x - mean) ** 2)) / float(np.sum(w) - np.sum(w**2) / np.sum(w)))
        return float(np.sum(w) ** 2 / np.sum(w**2)), mean, sd

    (n1, m1, s1), (n2, m2, s2) = side(*data["a"]), side(*data["b"])
    se = math.sqrt(s1**2 / n1 + s2**2 / n2)
    df = se**4 / ((s1**2 / n1) ** 2 / (n1 - 1) + (s2**2 / n2) ** 2 / (n2 - 1))
    assert row.baseline is not None and row.baseline.n_effective == pytest.approx(n1, rel=1e-12)
    assert row.test is not None
    assert row.test.se == pytest.approx(se, rel=1e-9) and row.test.df == pytest.approx(df, rel=1e-9)
    p = 2 * stats.t.sf(abs((m2 - m1) / se), df)
    assert row.test.p == pytest.approx(p, abs=TOLERANCE)


# ---- bad input ------------------------------------------------------------------------------------------------


def test_a_period_column_with_three_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [[i, ("w1", "w2", "w3")[i % 3], 1 + i % 10] for i in range(30)]
    path = str(write_csv(tmp_path / "three.csv", ["respondent", "wave", "q1"], rows))
    code, out, err = run(capsys, "evidence", "compare", path, "--period", "wave", "--wide", "q1")
    assert code == 1 and out == ""
    assert "JE080" in err and "three.csv" in err and "3 values, not two" in err and "--baseline" in err
    code, out, err = run(capsys, "evidence", "compare", path, "--period", "wave", "--wide", "q1",
                         "--baseline", "w1", "--current", "w3", "--format", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["current"] == "wave=w3"
    code, _, err = run(capsys, "evidence", "compare", path, "--period", "wave", "--wide", "q1", "--current", "w4")
    assert code == 1 and "JE081" in err and "--current 'w4'" in err and "'w1'" in err


def test_fewer_than_two_answers_in_a_wave_says_so(tmp_path: Path, engine: Engine) -> None:
    rows = [[i, "a", 5 + i % 3, 4 + i % 2] for i in range(10)] + [[99, "b", 6, ""]] + [[100, "b", 7, 5]]
    rows += [[101, "b", 8, ""]]
    path = write_csv(tmp_path / "small.csv", ["respondent", "wave", "q1", "q2"], rows)
    result = compare_waves(engine, path, None, spec_from_options(options(wide="q1,q2")), period="wave")
    by = {r.element: r for r in result.rows}
    assert by["q1"].test is not None
    assert by["q2"].test is None and by["q2"].note == "no test: fewer than 2 answers in the current wave"
    assert by["q2"].to_json()["p"] is None


def test_two_files_laid_out_differently(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write_csv(tmp_path / "a.csv", ["respondent", "q1", "q2"], [[1, 5, 6], [2, 6, 7]])
    b = write_csv(tmp_path / "b.csv", ["respondent", "q1", "q3"], [[1, 5, 6], [2, 6, 7]])
    code, out, err = run(capsys, "evidence", "compare", str(a), str(b), "--wide", "q1,q2")
    assert code == 1 and out == ""
    assert f"{b}:1:1" in err and "JE082" in err and "'q2'" in err and "laid out differently" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ((), "only one wave"),
        (("--baseline", "x"), "need --period"),
        (("--period", "wave", "--by", "seg"), "--by"),
        (("--period", "wave", "--alpha", "1.5"), "between 0 and 1"),
    ],
)
def test_arguments_that_do_not_make_two_waves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], said: str
) -> None:
    path = str(write_csv(tmp_path / "s.csv", ["respondent", "wave", "seg", "q1"], [[1, "a", "x", 5], [2, "b", "x", 6]]))
    code, out, err = run(capsys, "evidence", "compare", path, "--wide", "q1", *argv)
    assert code == 1 and out == "" and "JE083" in err and said in err


def test_waves_are_ordered_as_numbers_when_they_are_numbers() -> None:
    from journeymap.evidence.waves import choose_waves

    assert choose_waves({"10", "9"}, None, None, "wave", "f") == ("9", "10")
    assert choose_waves({"2025-Q2", "2025-Q1"}, None, None, "wave", "f") == ("2025-Q1", "2025-Q2")
    assert choose_waves({"a", "b", "c"}, "c", "a", "wave", "f") == ("c", "a")
    assert choose_waves({"a", "b"}, None, "a", "wave", "f") == ("b", "a")
