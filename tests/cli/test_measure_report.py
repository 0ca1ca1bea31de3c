"""measure and report through the CLI: measured values with provenance, and nothing written on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import EXAMPLES, run

HOME = EXAMPLES / "home-loan"
SURVEY = HOME / "evidence" / "post-completion-survey.csv"
MAPPING = HOME / "evidence" / "post-completion-survey.mapping.yaml"


def test_measure_writes_measured_levels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "measured.yaml"
    code, _, err = run(capsys, "measure", str(HOME / "maps" / "home-loan-as-is.yaml"), str(SURVEY),
                       "--mapping", str(MAPPING), "-o", str(target))  # fmt: skip
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "dataset: post-completion-survey.csv" in text and "ci95:" in text and "measured_on:" in text


def test_measure_refuses_unknown_steps_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "measured.yaml"
    clinic = EXAMPLES / "clinic-visit" / "maps" / "diabetes-review-blueprint.yaml"
    code, _, err = run(capsys, "measure", str(clinic), str(SURVEY), "--mapping", str(MAPPING), "-o", str(target))
    assert (
        code == 1 and "JE030 element 's-wait' matches no step or touchpoint" in err and "did you mean 'v-wait'" in err
    )
    assert not target.exists()


def test_report_from_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    events = HOME / "evidence" / "applications-events.csv"
    code, _, err = run(capsys, "report", str(HOME / "maps" / "home-loan-as-is.yaml"), "--survey", str(SURVEY),
                       "--mapping", str(MAPPING), "--events", str(events), "-o", str(target))  # fmt: skip
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    for section in ("Emotional level", "Survey evidence", "Importance and performance", "Moments of truth",
                    "The journey customers took", "Opportunities", "Where the numbers come from"):  # fmt: skip
        assert section in page
    assert "<script" not in page


def test_report_with_a_broken_survey_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a-docs,r-calc\n5,great\n", encoding="utf-8")
    target = tmp_path / "report.html"
    code, _, err = run(capsys, "report", str(HOME / "maps" / "home-loan-as-is.yaml"), "--survey", str(bad),
                       "--wide", "a-docs,r-calc", "-o", str(target))  # fmt: skip
    assert code == 1 and f"{bad}:2:2: JE020 'great'" in err
    assert not target.exists()
