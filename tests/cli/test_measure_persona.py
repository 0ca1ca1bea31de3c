"""``journeymap measure --persona ID`` (issue 14): a survey of another persona's ratings is written to each step's
``emotions[ID]``; the map's own persona's levels and the touchpoints' scores stay as they were; an unknown persona
is an error naming it, with a "did you mean"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from journeymap.model.journey_map import Step

from support import EXAMPLES, run

HOME = EXAMPLES / "home-loan"
SURVEY = HOME / "evidence" / "post-completion-survey.csv"
MAPPING = HOME / "evidence" / "post-completion-survey.mapping.yaml"
OKAFOR = "okafor-remortgaging-family"


def _workspace(tmp_path: Path) -> Path:
    workspace = tmp_path / "home-loan"
    shutil.copytree(HOME, workspace)
    return workspace / "maps" / "home-loan-as-is.yaml"


def _steps(path: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {s["id"]: s for stage in data["stages"] for s in stage["steps"]}


def _level(step: dict[str, object]) -> object:
    """A step's own level as the model reads it (a bare number is an estimate; a date is a date)."""
    return Step.model_validate({k: v for k, v in step.items() if k != "emotions"}).emotion


def test_measure_for_another_persona_writes_its_levels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = _workspace(tmp_path)
    before = _steps(source)
    target = source.with_name("measured.yaml")
    code, _, err = run(capsys, "measure", str(source), str(SURVEY), "--mapping", str(MAPPING), "--persona", OKAFOR,
                       "-o", str(target))  # fmt: skip
    assert code == 0, err
    assert f"for persona {OKAFOR!r}" in err
    after = _steps(target)
    measured = {sid: s["emotions"][OKAFOR] for sid, s in after.items() if OKAFOR in (s.get("emotions") or {})}
    assert "r-calc" in measured and measured["r-calc"]["n"] > 1 and "mean" in measured["r-calc"]
    for sid, step in after.items():  # the map's persona's levels are untouched
        assert _level(step) == _level(before[sid]), sid

    def scores(path: Path) -> list[tuple[object, ...]]:
        tps = yaml.safe_load(path.read_text(encoding="utf-8"))["touchpoints"]
        return [(t["id"], t.get("satisfaction"), t.get("importance"), len(t.get("evidence", []))) for t in tps]

    assert scores(target) == scores(source)  # the touchpoints' scores are the map's persona's: left alone
    target.replace(source)  # the measured map in its workspace: valid there (the persona is the workspace's)
    code, out, err = run(capsys, "validate", str(source.parent.parent))
    assert code == 0, out + err


def test_measure_for_the_maps_own_persona_writes_emotion(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = _workspace(tmp_path)
    target = source.with_name("measured.yaml")
    code, _, err = run(capsys, "measure", str(source), str(SURVEY), "--mapping", str(MAPPING), "--persona",
                       "priya-first-time-buyer", "-o", str(target))  # fmt: skip
    assert code == 0, err
    step = _steps(target)["r-calc"]
    assert "mean" in step["emotion"] and not step.get("emotions")


def test_an_unknown_persona_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = _workspace(tmp_path)
    target = source.with_name("measured.yaml")
    code, out, err = run(capsys, "measure", str(source), str(SURVEY), "--mapping", str(MAPPING), "--persona",
                         "okafor", "-o", str(target))  # fmt: skip
    assert code != 0
    assert "unknown persona 'okafor'" in out + err and OKAFOR in out + err
    assert "Traceback" not in out + err and not target.exists()
