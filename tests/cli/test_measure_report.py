"""measure and report through the CLI: measured values with provenance, and nothing written on bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

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
    assert "(eff. " in page  # the example survey is weighted: Kish's effective n beside n


def test_report_with_a_broken_survey_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a-docs,r-calc\n5,great\n", encoding="utf-8")
    target = tmp_path / "report.html"
    code, _, err = run(capsys, "report", str(HOME / "maps" / "home-loan-as-is.yaml"), "--survey", str(bad),
                       "--wide", "a-docs,r-calc", "-o", str(target))  # fmt: skip
    assert code == 1 and f"{bad}:2:2: JE020 'great'" in err
    assert not target.exists()


def test_an_importance_that_cannot_be_derived_is_left_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Constant ratings have no correlation with the overall rating: measure warns (JE032) and keeps the map's
    importance, instead of writing 'importance: .nan' that validate then refuses (issue 13, defect 1)."""
    survey = tmp_path / "constant.csv"
    survey.write_text("id,tp-calculator,overall\n" + "".join(f"R{i},7,{3 + i}\n" for i in range(5)))
    mapping = tmp_path / "constant.mapping.yaml"
    mapping.write_text(
        "form: wide\nrespondent: id\nscale: 1-10\noverall: overall\ncolumns:\n  tp-calculator: tp-calculator\n"
    )
    workspace = tmp_path / "home-loan"
    shutil.copytree(HOME, workspace)
    target = workspace / "maps" / "home-loan-as-is.yaml"  # measured in place, so validate sees its workspace
    code, _, err = run(capsys, "measure", str(target), str(survey), "--mapping", str(mapping), "-o", str(target))
    assert code == 0, err
    assert "JE032 importance of 'tp-calculator' cannot be derived from 5 answer(s)" in err
    text = target.read_text(encoding="utf-8")
    assert "nan" not in text.lower()
    calculator = next(t for t in yaml.safe_load(text)["touchpoints"] if t["id"] == "tp-calculator")
    assert calculator["importance"] == 7.1 and calculator["satisfaction"] == 7  # kept; measured (7 on 1-10)
    code, _, err = run(capsys, "validate", str(target))
    assert code == 0, err
    code, out, err = run(capsys, "evidence", "summarize", str(survey), "--mapping", str(mapping), "--format", "json")
    assert code == 0, err
    assert (
        "NaN" not in out
        and {"element": "tp-calculator", "measure": "importance (derived)"}.items()
        <= next(row for row in json.loads(out) if row["measure"] == "importance (derived)").items()
    )


def test_no_importance_warning_for_a_step(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A step carries no importance, so one respondent's step rating gives no JE032 (nothing is left out)."""
    survey = tmp_path / "one.csv"
    survey.write_text("id,r-calc,overall\nR1,6,5\n")
    mapping = tmp_path / "one.mapping.yaml"
    mapping.write_text("form: wide\nrespondent: id\nscale: 1-10\noverall: overall\ncolumns:\n  r-calc: r-calc\n")
    target = tmp_path / "measured.yaml"
    code, _, err = run(capsys, "measure", str(HOME / "maps" / "home-loan-as-is.yaml"), str(survey),
                       "--mapping", str(mapping), "-o", str(target))  # fmt: skip
    assert code == 0 and "JE032" not in err and "steps measured from one.csv" in err, err
