"""The evidence report flags significant drops between the map's measured levels (an earlier wave) and the levels
its surveys measure now (issue 13, deliverable 4)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import stats

from support import run
from survey_support import write_csv


def test_the_report_flags_a_significant_drop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(8)
    wait = np.clip(np.rint(rng.normal(5.0, 1.5, size=120)), 1, 10)
    apply = np.clip(np.rint(rng.normal(7.0, 1.5, size=120)), 1, 10)
    survey = write_csv(tmp_path / "wave2.csv", ["respondent", "apply", "wait"],
                       [[i, int(apply[i]), int(wait[i])] for i in range(120)])  # fmt: skip
    earlier = {"mean": 6.5, "n": 150, "std": 1.6, "ci95": [6.24, 6.76], "dataset": "wave1.csv"}
    steps = [
        {"id": "apply", "name": "Apply", "emotion": {**earlier, "mean": 7.0, "ci95": [6.7, 7.3]}},
        {"id": "wait", "name": "Wait", "emotion": earlier},
    ]
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump({"title": "T", "stages": [{"id": "st", "name": "S", "steps": steps}]}), "utf-8")
    out = tmp_path / "report.html"
    code, _, err = run(capsys, "report", str(path), "--survey", str(survey), "--wide", "apply,wait", "-o", str(out))
    assert code == 0, err
    page = out.read_text("utf-8")
    assert 'id="waves"' in page and "▼ Significant drops:</strong> Wait." in page
    p = stats.ttest_ind_from_stats(float(wait.mean()), float(wait.std(ddof=1)), 120, 6.5, 1.6, 150, equal_var=False)
    section = page.split('id="waves"')[1].split("</section>")[0]
    assert p.pvalue < 0.05 and (f"{p.pvalue:.3f}" in section or p.pvalue < 0.001)
    row = next(r for r in section.split("<tr>") if r.startswith("<td>Wait</td>"))
    assert "▼ significant drop" in row
    apply_row = next(r for r in section.split("<tr>") if r.startswith("<td>Apply</td>"))
    assert "▼" not in apply_row


def test_no_section_without_an_earlier_measurement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = write_csv(tmp_path / "s.csv", ["respondent", "wait"], [[i, 3 + i % 5] for i in range(20)])
    path = tmp_path / "map.yaml"
    steps = [{"id": "wait", "name": "Wait", "emotion": 6}]
    path.write_text(yaml.safe_dump({"title": "T", "stages": [{"name": "S", "steps": steps}]}), "utf-8")
    out = tmp_path / "report.html"
    code, _, err = run(capsys, "report", str(path), "--survey", str(survey), "--wide", "wait", "-o", str(out))
    assert code == 0, err
    assert 'id="waves"' not in out.read_text("utf-8")
