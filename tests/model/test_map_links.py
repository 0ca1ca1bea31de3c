"""Journeys that link: a step's sub-journey and a map's parent name maps of the workspace; a missing map is a
located problem (JM202), a circle of links an error (JM210), a parent that disagrees with the step opening the map a
warning (JM211); the hierarchy (parent, ancestors, children) is read from both kinds of link."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import MapFileError
from journeymap.files.loader import read_workspace, validate_paths
from journeymap.model import Map, check_map_references
from journeymap.model.links import ancestors, check_map_links, children, parent_of


def _map(map_id: str, *, opens: str | None = None, parent: str | None = None) -> Map:
    step = {"id": f"{map_id}-s1", "name": "Upload documents"}
    if opens:
        step["sub_journey"] = opens
    data = {"id": map_id, "title": map_id.title(), "stages": [{"id": f"{map_id}-st", "name": "Apply", "steps": [step]}]}
    if parent:
        data["parent"] = parent
    return Map.model_validate(data)


def _workspace(tmp_path: Path, maps: dict[str, str]) -> Path:
    (tmp_path / "journeymap.yaml").write_text("journeymap: 1\nname: Links\n", encoding="utf-8")
    (tmp_path / "maps").mkdir()
    for name, text in maps.items():
        (tmp_path / "maps" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


LOAN = """journeymap: 1
id: loan
title: Loan
stages:
  - id: apply
    name: Apply
    steps:
      - id: upload
        name: Upload documents
        sub_journey: {target}
"""
UPLOAD = """journeymap: 1
id: upload-docs
title: Upload documents
{parent}stages:
  - id: u
    name: Upload
    steps: [Choose files]
"""


def test_a_missing_sub_journey_is_located_with_a_hint(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"loan": LOAN.format(target="upload-doc"), "upload": UPLOAD.format(parent="")})
    with pytest.raises(MapFileError) as caught:
        read_workspace(root)
    [problem] = [p for p in caught.value.problems if p.code == "JM202"]
    assert problem.where.endswith("loan.yaml:10:9")
    assert problem.message == "unknown map 'upload-doc'"
    assert "upload-docs" in problem.hint
    assert "sub_journey" in problem.path and 'step "Upload documents"' in problem.path


def test_a_missing_parent_is_located(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"upload": UPLOAD.format(parent="parent: lone\n")})
    problems = validate_paths([root])
    assert [(p.code, p.message) for p in problems] == [("JM202", "unknown map 'lone'")]
    assert problems[0].where.endswith("upload.yaml:4:1")


def test_a_map_checked_alone_does_not_know_other_maps() -> None:
    assert check_map_references(_map("a", opens="b", parent="c")) == []
    found = check_map_references(_map("a", opens="b", parent="c"), maps={"a", "c"})
    assert [p.loc for p in found] == [("stages", 0, "steps", 0, "sub_journey")]


def test_valid_links_read_as_a_hierarchy(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"loan": LOAN.format(target="upload-docs"), "upload": UPLOAD.format(parent="")})
    source = read_workspace(root)
    assert [p.code for p in source.problems] == []
    loan, upload = (source.workspace.map(i) for i in ("loan", "upload-docs"))
    assert loan is not None and upload is not None
    maps = source.workspace.maps
    assert parent_of(upload, maps) is loan and parent_of(loan, maps) is None
    assert [m.id for m in children(loan, maps)] == ["upload-docs"]
    assert [m.id for m in ancestors(upload, maps)] == ["loan"]


def test_a_circle_of_links_is_an_error(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path, {"loan": LOAN.format(target="upload-docs"), "upload": UPLOAD.format(parent="parent: upload-docs\n")}
    )
    with pytest.raises(MapFileError) as caught:
        read_workspace(root)
    codes = [p.code for p in caught.value.problems]
    assert "JM210" in codes


def test_cycles_through_parents_and_steps() -> None:
    maps = [_map("a", opens="b", parent="c"), _map("b", opens="c"), _map("c")]
    [problem] = check_map_links(maps)
    assert problem.code == "JM210" and problem.message.endswith("a → b → c → a")
    assert problem.where == "a" and problem.loc == ("stages", 0, "steps", 0, "sub_journey")
    assert ancestors(maps[0], maps) == [maps[1], maps[2]]  # stops at the circle


def test_a_step_opening_its_own_map_is_a_cycle() -> None:
    [problem] = check_map_links([_map("a", opens="a")])
    assert problem.code == "JM210" and "a → a" in problem.message


def test_a_parent_that_disagrees_with_the_opening_step_is_a_warning() -> None:
    maps = [_map("a", opens="b"), _map("b", parent="c"), _map("c")]
    [problem] = check_map_links(maps)
    assert problem.code == "JM211" and not problem.is_error
    assert "'b', whose parent is 'c'" in problem.message
    assert parent_of(maps[1], maps) is maps[2]  # the map's own parent wins
