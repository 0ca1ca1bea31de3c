"""Loading: every problem at once, with file, line and column, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import MapFileError
from journeymap.files.loader import load_map, read_map, read_workspace, validate_paths

BROKEN = """\
journeymap: 1
title: Home loan
typo_key: 3
stages:
  - name: Research
    steps:
      - name: Compare rates
        emotion: 12
lanes:
  - kind: actionz
    cards:
      - step: compare-rate
        text: Compare rates online
      - step: compare-rates
        colour: red
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_hand_broken_map_reports_every_problem_with_position(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", BROKEN)
    with pytest.raises(MapFileError) as info:
        read_map(path)
    found = [(p.where.split(":", 1)[1], p.code) for p in info.value.problems]
    assert found == [
        ("3:1", "JM101"),
        ("8:9", "JM104"),
        ("10:5", "JM103"),
        ("12:9", "JM202"),
        ("14:9", "JM102"),
        ("15:9", "JM104"),
    ]
    hints = {p.code: p.hint for p in info.value.problems}
    assert hints["JM101"] == "did you mean 'type'?"
    assert hints["JM103"] == "did you mean 'actions'?"
    assert hints["JM202"] == "did you mean 'compare-rates'?"


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "title: x\nstages: [\n  - a\n")
    with pytest.raises(MapFileError) as info:
        read_map(path)
    [problem] = info.value.problems
    assert problem.code == "JM001"
    assert problem.where.startswith(f"{path}:")
    line = int(problem.where.rsplit(":", 2)[1])
    assert line >= 2


def test_duplicate_key_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "dup.yaml", "title: a\ntitle: b\n")
    with pytest.raises(MapFileError) as info:
        read_map(path)
    assert info.value.problems[0].where.endswith(":2:1")
    assert "twice" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xff\xfe t\x00i\x00", "JM003"),
        (b"- a\n- b\n", "JM004"),
        (b"", "JM004"),
        (b"journeymap: 99\ntitle: x\n", "JM005"),
    ],
)
def test_unreadable_documents(tmp_path: Path, content: bytes, code: str) -> None:
    path = write(tmp_path, "x.yaml", content)
    with pytest.raises(MapFileError) as info:
        read_map(path)
    assert info.value.problems[0].code == code


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MapFileError) as info:
        read_map(tmp_path / "nope.yaml")
    assert info.value.problems[0].code == "JM002"


def test_json_maps_have_positions_too(tmp_path: Path) -> None:
    path = write(tmp_path, "m.json", '{\n  "title": "T",\n  "colour": 1\n}\n')
    with pytest.raises(MapFileError) as info:
        read_map(path)
    assert info.value.problems[0].where == f"{path}:3:3"


def make_workspace(tmp_path: Path) -> Path:
    write(tmp_path, "ws/journeymap.yaml", "journeymap: 1\nname: Test workspace\n")
    write(tmp_path, "ws/personas/maya.yaml", "id: maya\nname: Maya\n")
    write(tmp_path, "ws/maps/a.yaml", "id: a\ntitle: A\npersona: maya\n")
    write(tmp_path, "ws/maps/b.yaml", "id: b\ntitle: B\nstate: to-be\nderived_from: a\npersona: maya\n")
    return tmp_path / "ws"


def test_workspace_loads_and_resolves_personas(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    source = read_workspace(root)
    assert [m.id for m in source.workspace.maps] == ["a", "b"]
    assert [p.id for p in source.workspace.personas] == ["maya"]
    assert load_map(root / "maps" / "b.yaml").derived_from == "a"


def test_workspace_collects_problems_of_every_file(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    write(tmp_path, "ws/maps/c.yaml", "id: c\ntitle: C\npersona: mya\nstate: to-be\nderived_from: zz\n")
    write(tmp_path, "ws/maps/d.yaml", "id: a\ntitle: duplicate id\n")
    write(tmp_path, "ws/personas/bad.yaml", "id: bad\nnmae: Bad\n")
    with pytest.raises(MapFileError) as info:
        read_workspace(root)
    codes = sorted(p.code for p in info.value.problems)
    assert codes == ["JM101", "JM102", "JM202", "JM202", "JM301"]
    by_message = {p.message: p for p in info.value.problems}
    assert by_message["unknown persona 'mya'"].hint == "did you mean 'maya'?"


def test_validate_paths_for_a_file_in_a_workspace(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    write(tmp_path, "ws/maps/a.yaml", "id: a\ntitle: A\npersona: maya\nderived_from: b\n")
    problems = validate_paths([root / "maps" / "a.yaml"])
    assert [p.code for p in problems] == ["JM203"]
    assert not problems[0].is_error
