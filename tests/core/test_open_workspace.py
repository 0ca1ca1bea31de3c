"""``journeymap.open``: a workspace folder, its ``journeymap.yaml``, a map file in a workspace, a lone map file, a
JSON map and a Mermaid file each open; every bad path is a :class:`JourneymapError` that says what to give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import journeymap
from journeymap import JourneymapError, MapFileError, OpenMap, OpenWorkspace
from journeymap.files.templates import starter_map
from journeymap.model import MapType

from support import EXAMPLES, example_workspaces

HOME = EXAMPLES / "home-loan"
AS_IS = HOME / "maps" / "home-loan-as-is.yaml"


@pytest.mark.parametrize("root", example_workspaces(), ids=lambda p: p.name)
def test_every_example_workspace_opens_with_its_maps_and_personas(root: Path) -> None:
    workspace = journeymap.open(root)
    assert isinstance(workspace, OpenWorkspace) and workspace.root == root
    assert [m.id for m in workspace.maps] == [m.id for m in journeymap.load_workspace(root).maps]
    assert workspace.personas == workspace.model.personas and workspace.opened is None
    assert all(isinstance(m, OpenMap) and m.context.personas == tuple(workspace.personas) for m in workspace)


def test_a_map_file_in_a_workspace_opens_its_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    for path in (AS_IS, "examples/home-loan/maps/home-loan-as-is.yaml"):
        workspace = journeymap.open(path)
        assert workspace.opened is not None and workspace.opened.id == "home-loan-as-is"
        assert len(workspace) == len(list((HOME / "maps").glob("*.yaml")))
        assert workspace.root is not None and workspace.root.resolve() == HOME.resolve()
    assert journeymap.open(HOME / "journeymap.yaml").name == journeymap.open(HOME).name


def test_a_lone_map_file_and_a_json_map_open_as_a_workspace_of_one(tmp_path: Path) -> None:
    lone = tmp_path / "lone.yaml"
    journeymap.save_map(starter_map(MapType.SERVICE_BLUEPRINT, "Lone blueprint"), lone)
    as_json = tmp_path / "lone.json"
    as_json.write_text(json.dumps(journeymap.load_map(lone).model_dump(mode="json")), encoding="utf-8")
    for path in (lone, as_json):
        workspace = journeymap.open(path)
        assert workspace.root is None and workspace.opened is not None and len(workspace) == 1
        assert workspace.name == "Lone blueprint" == workspace.opened.title and workspace.opened.path == path
        assert b"<svg" in workspace.opened.render("svg")


def test_a_mermaid_file_opens_as_a_map(tmp_path: Path) -> None:
    diagram = tmp_path / "day.mmd"
    diagram.write_text(
        "journey\n  title My working day\n  section Go to work\n    Make tea: 5: Me\n    Do work: 1: Me, Cat\n",
        encoding="utf-8",
    )
    workspace = journeymap.open(diagram)
    assert workspace.opened is not None and [s.name for s in workspace.opened.model.steps] == ["Make tea", "Do work"]
    assert b"<svg" in workspace.opened.render("svg")


def test_map_by_id_or_title_and_a_clear_error_listing_the_ids() -> None:
    workspace = journeymap.open(HOME)
    as_is = workspace.map("home-loan-as-is")
    assert workspace.map(as_is.title.upper()) is as_is
    with pytest.raises(JourneymapError, match=r"no map 'nope' in .*; its maps: .*home-loan-as-is, home-loan-to-be"):
        workspace.map("nope")
    assert workspace.persona("priya-first-time-buyer").name == "Priya, first-time buyer"
    with pytest.raises(JourneymapError, match="its personas: "):
        workspace.persona("nobody")
    ids = sorted(m.id for m in workspace.model.maps)
    assert {"home-loan-as-is", "home-loan-to-be"} <= set(ids)
    assert f"{len(ids)} maps ({', '.join(ids)})" in repr(workspace)
    html = workspace._repr_html_()
    assert html.count("<tr>") == len(ids) + 1 and "<code>home-loan-to-be</code>" in html
    assert "Northmere Bank — home loans" in html


def test_a_home_relative_path_opens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(EXAMPLES))
    assert journeymap.open("~/home-loan").name == journeymap.open(HOME).name


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no/such/place", "no such file or folder; give a workspace folder, a map file or a .mmd file"),
        ("README.md", "not a map file; give a workspace folder or a file ending in .yaml"),
        ("src", "is not a workspace: it has no journeymap.yaml; create one with 'journeymap new workspace'"),
        ("examples", "open one of the workspaces in it: examples/airline-trip"),
    ],
)
def test_bad_paths_say_what_to_give(path: str, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    with pytest.raises(JourneymapError) as caught:
        journeymap.open(path)
    assert message in str(caught.value)


def test_a_broken_map_lists_its_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("journeymap: 1\ntitle: Broken\nstages: 7\n", encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        journeymap.open(broken)
    assert caught.value.problems and all(p.where.startswith(str(broken)) for p in caught.value.problems)


def test_a_workspace_with_a_broken_map_is_refused_whole(tmp_path: Path) -> None:
    shutil.copytree(HOME, tmp_path / "home", ignore=shutil.ignore_patterns("evidence"))
    (tmp_path / "home" / "maps" / "home-loan-to-be.yaml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(MapFileError, match=r"home-loan-to-be\.yaml"):
        journeymap.open(tmp_path / "home")
