"""An initiative's references are checked like all references: each missing map, persona, opportunity, source,
option, hypothesis or evidence file is a located problem of the workspace file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from journeymap.errors import MapFileError
from journeymap.files.loader import read_workspace
from method_support import workspace_data


def _write(root: Path, data: dict[str, Any]) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "evidence").mkdir()
    (root / "evidence" / "survey.csv").write_text("step,score\nfill,3\n", encoding="utf-8")
    for m in data.pop("maps"):
        (root / "maps" / f"{m['id']}.yaml").write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    for p in data.pop("personas"):
        (root / "personas" / f"{p['id']}.yaml").write_text(yaml.safe_dump(p), encoding="utf-8")
    (root / "journeymap.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_the_complete_workspace_reads_without_problems(tmp_path: Path) -> None:
    source = read_workspace(_write(tmp_path / "ws", workspace_data()))
    assert source.problems == []
    assert source.workspace.initiative("renewals") is not None


def _broken() -> dict[str, Any]:
    data = workspace_data()
    initiative = data["initiatives"][0]
    initiative["scope"]["persona"] = "anna"
    initiative["scope"]["value_chain_map"] = "chains"
    initiative["as_is_map"] = "as-iss"
    initiative["research"][0]["evidence"] = ["evidence/survey.csv", "evidence/missing.csv", "../outside.csv"]
    initiative["research"][0]["sources"] = ["crm"]
    initiative["opportunities"] = [{"map": "as-is", "opportunity": "opp-wiat"}, {"map": "gone", "opportunity": "x"}]
    initiative["options"][0]["opportunities"] = ["opp-wait"]
    initiative["experiments"][0]["option"] = "trackr"
    initiative["experiments"].append({"id": "p2", "option": "tracker", "hypothesis": "h-call", "tested": "More"})
    return data


def test_every_broken_reference_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "outside.csv").write_text("x\n", encoding="utf-8")
    root = _write(tmp_path / "ws", _broken())
    with pytest.raises(MapFileError) as caught:
        read_workspace(root)
    found = {(p.code, p.message) for p in caught.value.problems}
    assert found >= {
        ("JM202", "unknown persona 'anna'"),
        ("JM202", "unknown map 'chains'"),
        ("JM202", "unknown map 'as-iss'"),
        ("JM202", "unknown source 'crm'"),
        ("JM202", "unknown opportunity of 'as-is' 'opp-wiat'"),
        ("JM202", "unknown map 'gone'"),
        ("JM202", "unknown option 'trackr'"),
        ("JM202", "unknown hypothesis of option 'tracker' 'h-call'"),
        ("JM202", "unknown opportunity of the initiative 'opp-wait'"),
        ("JM303", "no file 'evidence/missing.csv' in the workspace"),
        ("JM304", "'../outside.csv' is outside the workspace folder"),
    }
    persona = next(p for p in caught.value.problems if p.message == "unknown persona 'anna'")
    text = (root / "journeymap.yaml").read_text(encoding="utf-8").splitlines()
    line = int(persona.where.split(":")[1])
    assert persona.where.startswith(str(root / "journeymap.yaml")) or "journeymap.yaml" in persona.where
    assert "anna" in text[line - 1], "the problem points at the line of the reference"
    assert persona.hint == "did you mean 'ana'?"


def test_a_map_of_the_wrong_kind_is_a_warning(tmp_path: Path) -> None:
    data = workspace_data()
    data["initiatives"][0]["scope"]["value_chain_map"] = "as-is"
    data["initiatives"][0]["to_be_map"] = "as-is"
    source = read_workspace(_write(tmp_path / "ws", data))
    assert sorted(p.message for p in source.warnings if p.code == "JM207") == [
        "map 'as-is' is not a to-be map",
        "map 'as-is' is not an ecosystem-map",
    ]


def test_an_initiative_id_used_twice_is_refused(tmp_path: Path) -> None:
    data = workspace_data()
    data["initiatives"].append({"id": "renewals", "name": "Again"})
    with pytest.raises(MapFileError) as caught:
        read_workspace(_write(tmp_path / "ws", data))
    assert any("'renewals' is used twice" in p.message for p in caught.value.problems)


def test_an_experiment_cannot_end_before_it_starts(tmp_path: Path) -> None:
    data = workspace_data()
    data["initiatives"][0]["experiments"][0].update(started="2026-05-02", ended="2026-05-01")
    with pytest.raises(MapFileError) as caught:
        read_workspace(_write(tmp_path / "ws", data))
    assert any("cannot end before it started" in p.message for p in caught.value.problems)
