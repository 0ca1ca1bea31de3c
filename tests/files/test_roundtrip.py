"""load → dump → load is lossless, and the dump is canonical (stable, idempotent, comments kept)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.files.document import parse_document
from journeymap.files.dump import dump_map, model_data, save_map
from journeymap.files.loader import read_map, read_workspace
from journeymap.model import Map

from support import example_map_files, example_workspaces


@pytest.mark.parametrize("workspace", example_workspaces(), ids=lambda p: p.name)
def test_examples_round_trip(workspace: Path, tmp_path: Path) -> None:
    for source in read_workspace(workspace).maps:
        text = dump_map(source.map, previous=source.document)
        again = Map.model_validate(_load(text))
        assert again == source.map
        assert dump_map(again) == dump_map(source.map)


def _load(text: str) -> dict[str, object]:
    from journeymap.files.loader import plain

    data = plain(parse_document(text, "<dump>").tree)
    assert isinstance(data, dict)
    return data


def test_json_round_trip(tmp_path: Path) -> None:
    assert example_map_files(), "the examples are missing"
    workspace = tmp_path / "ws"
    shutil.copytree(example_workspaces()[0], workspace)
    before = read_workspace(workspace).workspace
    for path in sorted((workspace / "maps").glob("*.yaml")):
        source = next(m for m in read_workspace(workspace).maps if m.path == path)
        save_map(source.map, path.with_suffix(".json"))
        path.unlink()
    assert read_workspace(workspace).workspace == before


def test_comments_are_kept_on_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "# Loan journey, owned by the CX team\ntitle: Loan  # short title\nstages:\n"
        "  - name: Research   # first stage\n    steps: [Compare]\n",
        encoding="utf-8",
    )
    source = read_map(path)
    save_map(source.map, path)
    text = path.read_text(encoding="utf-8")
    assert "# Loan journey, owned by the CX team" in text
    assert "# short title" in text
    assert "# first stage" in text
    assert "id: compare" in text
    assert read_map(path).map == source.map


def test_dump_is_canonical_order() -> None:
    m = Map.model_validate({"stages": [], "title": "T", "type": "experience-map", "id": "t"})
    assert list(model_data(m)) == ["journeymap", "id", "type", "title"]
    assert dump_map(m).startswith("journeymap: 1\nid: t\ntype: experience-map\ntitle: T\n")


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
names = names.filter(lambda s: s.strip() == s and s.strip() != "")


@st.composite
def random_maps(draw: st.DrawFn) -> Map:
    stages = []
    for _ in range(draw(st.integers(0, 3))):
        steps = [
            {"name": draw(names), "emotion": draw(st.one_of(st.none(), st.integers(1, 10)))}
            for _ in range(draw(st.integers(0, 3)))
        ]
        for step in steps:
            if step["emotion"] is None:
                del step["emotion"]
        stages.append({"name": draw(names), "steps": steps})
    m = Map.model_validate({"title": draw(names), "description": draw(st.text(max_size=50)).strip(), "stages": stages})
    step_ids = [s.id for s in m.steps]
    if step_ids:
        cards = [{"step": draw(st.sampled_from(step_ids)), "text": draw(names)} for _ in range(draw(st.integers(0, 4)))]
        m = Map.model_validate({**m.model_dump(), "lanes": [{"kind": "actions", "cards": cards}]})
    return m


@given(random_maps())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_maps_round_trip(m: Map) -> None:
    assert Map.model_validate(_load(dump_map(m))) == m
    assert Map.model_validate(_load(dump_map(m, fmt="json"))) == m
