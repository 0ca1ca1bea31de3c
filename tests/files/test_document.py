"""The safe YAML/JSON reader: YAML 1.2 scalars, positions, and what it refuses (each at its line and column)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import MapFileError
from journeymap.files.document import parse_document, parse_yaml_data, read_document
from journeymap.limits import set_limits


def refused(text: str) -> str:
    with pytest.raises(MapFileError) as info:
        parse_yaml_data(text, "m.yaml")
    (problem,) = info.value.problems
    return f"{problem.where} {problem.code}"


def test_scalars_follow_yaml_1_2_core() -> None:
    data = parse_yaml_data(
        "a: no\nb: on\nc: true\nd: ~\ne: 012\nf: 0x1f\ng: 1.5e3\nh: .inf\ni: 2026-13-01\nj: '5'\nk:\n", "m"
    )
    assert data == {
        "a": "no", "b": "on", "c": True, "d": None, "e": 12, "f": 31, "g": 1500.0, "h": float("inf"),
        "i": "2026-13-01", "j": "5", "k": None,
    }  # fmt: skip


def test_positions_of_keys_and_items() -> None:
    doc = parse_document("title: T\nstages:\n  - name: A\n  - name: B\n    steps: [x, y]\n", "m.yaml")
    assert doc.where(("stages", 1, "steps", 1)) == "m.yaml:5:16"
    assert doc.where(("stages", 1, "missing")) == "m.yaml:4:5"
    assert doc.value_at(("stages", 0, "name")) == "A"


def test_merge_keys_and_overrides() -> None:
    data = parse_yaml_data("base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n", "m")
    assert data["x"] == {"a": 1, "b": 3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", "m.yaml:2:1 JM001"),
        ("a: !!python/object/apply:os.system [x]\n", "m.yaml:1:4 JM001"),
        ("a: &x [*x]\n", "m.yaml:1:8 JM001"),
        ("? [a]\n: b\n", "m.yaml:1:3 JM001"),
        ("a: 1\n---\nb: 2\n", "m.yaml:2:1 JM001"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "m.yaml:1:67 JM900"),
        ("a: " + "1" * 4001 + "\n", "m.yaml:1:4 JM104"),
        ("a: b\x00\n", "m.yaml:1:5 JM001"),
    ],
)
def test_refused_at_their_place(text: str, expected: str) -> None:
    assert refused(text) == expected


def test_aliases_are_counted_expanded() -> None:
    lines = ["l0: &l0 [x]"] + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 11)]
    assert refused("\n".join(lines) + "\n").endswith("JM900")


def test_limits_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYMAP_LIMIT_NESTING", "64")
    set_limits(nesting=200)
    try:
        assert parse_yaml_data("a: " + "[" * 100 + "]" * 100 + "\n", "m")
    finally:
        set_limits(nesting=64)


def test_files_that_are_not_regular_are_refused(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(MapFileError, match="named pipe"):
        read_document(tmp_path / "pipe.yaml")
    (tmp_path / "wide.yaml").write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(MapFileError, match="UTF-16"):
        read_document(tmp_path / "wide.yaml")
