"""measure records where each value came from (issue 13): n, Kish's effective n, the measure and the date on the
step's measured level and on an evidence link of the touchpoint (replaced, not piled up, when measured again);
a single answer is stored without an interval and drawn as a point; a mean keeps its precision (defect 6)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from support import EXAMPLES, run

HOME = EXAMPLES / "home-loan"
SURVEY = HOME / "evidence" / "post-completion-survey.csv"
MAPPING = HOME / "evidence" / "post-completion-survey.mapping.yaml"


def _column(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The answered ratings of a column of the example survey (0 = not answered) and their weights."""
    with SURVEY.open(encoding="utf-8") as handle:
        rows = [(float(r[name]), float(r["weight"])) for r in csv.DictReader(handle) if r[name] not in ("", "0")]
    values, weights = np.array(rows).T
    return values, weights


def _kish(weights: np.ndarray) -> float:
    kept = weights[weights > 0]
    return float(kept.sum() ** 2 / np.sum(kept**2))


def _measure(capsys: pytest.CaptureFixture[str], source: Path, target: Path, *survey: str) -> dict[str, object]:
    code, _, err = run(capsys, "measure", str(source), *survey, "-o", str(target))
    assert code == 0, err
    data: dict[str, object] = yaml.safe_load(target.read_text(encoding="utf-8"))
    return data


def _steps(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {s["id"]: s for stage in data["stages"] for s in stage["steps"]}  # type: ignore[attr-defined,index]


def test_measured_values_carry_n_effective_measure_and_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    workspace = tmp_path / "home-loan"
    shutil.copytree(HOME, workspace)
    target = workspace / "maps" / "home-loan-as-is.yaml"  # measured in place, so validate sees its workspace
    data = _measure(capsys, target, target, str(SURVEY), "--mapping", str(MAPPING))
    today = dt.date.today().isoformat()
    values, weights = _column("r-calc")
    emotion = _steps(data)["r-calc"]["emotion"]
    assert emotion["n"] == int((weights > 0).sum()) and str(emotion["measured_on"]) == today  # type: ignore[index]
    assert emotion["n_effective"] == pytest.approx(_kish(weights), abs=1e-6)  # type: ignore[index]
    assert emotion["mean"] == pytest.approx(float(np.average(values, weights=weights)), abs=1e-6)  # type: ignore[index]
    calculator = next(t for t in data["touchpoints"] if t["id"] == "tp-calculator")  # type: ignore[attr-defined]
    ours = [e for e in calculator["evidence"] if e["dataset"] == "post-completion-survey.csv"]
    assert {e["measure"] for e in ours} == {"satisfaction", "importance"} and len(ours) == 2
    satisfaction = next(e for e in ours if e["measure"] == "satisfaction")
    _, sat_weights = _column("tp-calculator_sat")
    assert satisfaction["element"] == "tp-calculator_sat" and str(satisfaction["measured_on"]) == today
    assert satisfaction["n"] == int((sat_weights > 0).sum())
    assert satisfaction["n_effective"] == pytest.approx(_kish(sat_weights), abs=1e-6)
    assert any(e["dataset"] == "digital-usability-panel-2026Q1" for e in calculator["evidence"])  # others kept
    # measured again: the links of this data set are replaced, not added
    again = _measure(capsys, target, target, str(SURVEY), "--mapping", str(MAPPING))
    calculator_again = next(t for t in again["touchpoints"] if t["id"] == "tp-calculator")  # type: ignore[attr-defined]
    assert calculator_again["evidence"] == calculator["evidence"]
    code, _, err = run(capsys, "validate", str(target))
    assert code == 0, err


def test_one_answer_has_no_interval_and_a_mean_keeps_its_digits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """r-calc: one answer (6); r-compare: 10,000 answers of mean 6.3503 (3,503 sevens and 6,497 sixes), stored
    as 6.35 and drawn "6.3" before."""
    survey = tmp_path / "survey.csv"
    lines = ["id,r-calc,r-compare"] + [f"R{i},{6 if i == 0 else ''},{7 if i < 3503 else 6}" for i in range(10_000)]
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workspace = tmp_path / "home-loan"
    shutil.copytree(HOME, workspace)
    target = workspace / "maps" / "home-loan-as-is.yaml"  # in place, so its personas are known when drawn
    data = _measure(capsys, target, target, str(survey), "--wide", "r-calc,r-compare")
    one, many = _steps(data)["r-calc"]["emotion"], _steps(data)["r-compare"]["emotion"]
    assert one["n"] == 1 and "ci95" not in one and "std" not in one  # type: ignore[operator,index]
    assert many["mean"] == 6.3503 and many["n"] == 10_000  # type: ignore[index]
    svg_file = tmp_path / "map.svg"
    code, _, err = run(capsys, "render", str(target), "--format", "svg", "-o", str(svg_file))
    assert code == 0, err
    svg = svg_file.read_text(encoding="utf-8")
    assert "6.4 (n=10000)" in svg and "6.0 (n=1, no interval)" in svg and "6.3 (n=" not in svg
    markdown = tmp_path / "map.md"
    code, _, err = run(capsys, "render", str(target), "--format", "markdown", "-o", str(markdown))
    assert code == 0, err
    assert "6.4 (n=10000, 95 % CI" in markdown.read_text(encoding="utf-8")


def test_summarize_shows_effective_n_and_refuses_negative_weights(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    survey = tmp_path / "weighted.csv"
    survey.write_text("id,w,q1\nR1,0,5\nR2,2,7\nR3,2.5,9\nR4,1,3\n", encoding="utf-8")
    code, out, err = run(capsys, "evidence", "summarize", str(survey), "--wide", "q1", "--weight", "w")
    assert code == 0, err
    header, row = out.splitlines()[1:3]
    assert header.split() == ["element", "measure", "segment", "n", "n", "eff", "mean", "std", "95", "%", "CI"]
    assert row.split()[:6] == ["q1", "rating", "all", "3", f"{5.5**2 / 11.25:.1f}", f"{39.5 / 5.5:.2f}"]
    assert "weight 0 leaves an answer out" in out
    code, out, err = run(capsys, "evidence", "summarize", str(survey), "--wide", "q1")
    assert code == 0 and "n eff" not in out, err
    survey.write_text("id,w,q1\nR1,1,5\nR2,-0.5,7\n", encoding="utf-8")
    code, _, err = run(capsys, "evidence", "summarize", str(survey), "--wide", "q1", "--weight", "w")
    assert code == 1 and f"{survey}:3:2: JE023 weight '-0.5' in 'w' is negative" in err
