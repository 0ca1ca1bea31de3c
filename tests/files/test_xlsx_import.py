"""Importing a journey sheet: round trip of every example, hypothesis round trip, and every badly filled case."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.cli.xlsx import cmd_import_xlsx
from journeymap.core.context import load_map_and_context
from journeymap.errors import MapFileError
from journeymap.files.loader import read_map
from journeymap.files.xlsx_import import import_xlsx
from journeymap.model import EstimatedEmotion, LaneKind, Map
from journeymap.render.layout import effective_lanes
from journeymap.render.registry import RenderContext
from journeymap.render.xlsx import render_xlsx

from support import HOSTILE, example_map_files

TIMELINE = [p for p in example_map_files() if load_map_and_context(p)[0].type.is_timeline]


def _summary(m: Map, lanes: list[Any] | None = None) -> dict[str, Any]:
    return {
        "title": m.title,
        "type": m.type,
        "state": m.state,
        "persona": m.persona,
        "scope": m.scope,
        "stages": [(s.id, s.name, [(t.id, t.name) for t in s.steps]) for s in m.stages if s.steps],
        "lanes": [
            (lane.id, lane.kind, lane.title, [(c.step, c.text, c.weight) for c in lane.cards])
            for lane in (lanes if lanes is not None else m.lanes)
        ],
        "emotion": [round(s.emotion.value, 2) if s.emotion else None for s in m.steps],
        "estimates": [
            (s.emotion.estimate, s.emotion.note) if isinstance(s.emotion, EstimatedEmotion) else None for s in m.steps
        ],
    }


@pytest.mark.parametrize("path", TIMELINE, ids=lambda p: p.stem)
def test_round_trip_every_example(path: Path, tmp_path: Path) -> None:
    m, context = load_map_and_context(path)
    target = tmp_path / "map.xlsx"
    target.write_bytes(render_xlsx(m, context))
    back = import_xlsx(target)
    assert back.id == m.id
    expected, got = _summary(m, effective_lanes(m)), _summary(back)
    # estimates come back as they were; measured values come back as estimates noting the measurement
    for want, have in zip(expected.pop("estimates"), got.pop("estimates"), strict=True):
        assert want is None or have == want
    assert got == expected


words = st.text(alphabet="abcdefghij KLM=+-@<>&]'\"é", min_size=1, max_size=20).map(str.strip).filter(bool)


@st.composite
def small_maps(draw: st.DrawFn) -> Map:
    n_stages = draw(st.integers(1, 3))
    stages = []
    step_ids: list[str] = []
    for s in range(n_stages):
        steps = []
        for t in range(draw(st.integers(1, 3))):
            step_id = f"s{s}-t{t}"
            step_ids.append(step_id)
            step: dict[str, Any] = {"id": step_id, "name": draw(words)}
            if draw(st.booleans()):
                step["emotion"] = draw(st.sampled_from([1, 2.5, 5.5, 7, 10]))
            steps.append(step)
        stages.append({"id": f"stage-{s}", "name": f"Stage {s} {draw(words)}", "steps": steps})
    kinds = draw(st.lists(st.sampled_from(["actions", "thoughts", "pain-points", "custom"]), min_size=1, max_size=3))
    lanes = []
    for k, kind in enumerate(kinds):
        cards = [
            {
                "step": draw(st.sampled_from(step_ids)),
                "text": draw(words),
                "weight": draw(st.none() | st.integers(1, 5)),
            }
            for _ in range(draw(st.integers(0, 4)))
        ]
        lane: dict[str, Any] = {"id": f"lane-{k}", "kind": kind, "cards": cards}
        if kind == "custom":
            lane["title"] = draw(words)
        lanes.append(lane)
    return Map.model_validate({"id": "m", "title": draw(words), "stages": stages, "lanes": lanes})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_maps())
def test_round_trip_random_maps(tmp_path: Path, m: Map) -> None:
    target = tmp_path / "random.xlsx"
    target.write_bytes(render_xlsx(m, RenderContext()))
    back = import_xlsx(target)
    expected = _summary(m, effective_lanes(m))
    # cards keep their order within a cell, cells go step by step: compare as multisets per lane
    got = _summary(back)
    for lane_pair in zip(expected.pop("lanes"), got.pop("lanes"), strict=True):
        want, have = lane_pair
        assert want[:3] == have[:3]
        assert sorted(want[3], key=str) == sorted(have[3], key=str)
    assert got == expected


def test_hostile_and_formula_texts_round_trip(tmp_path: Path) -> None:
    texts = [*HOSTILE, "=cmd|' /C calc'!A0", "+SUM(1)", "-1", "@x", "line one\nline two"]
    data = {
        "id": "h",
        "title": '=HYPERLINK("x")',
        "stages": [{"id": "s", "name": "S", "steps": [{"id": "a", "name": "<b>A</b>"}]}],
        "lanes": [{"id": "actions", "kind": "actions", "cards": [{"step": "a", "text": t} for t in texts]}],
    }
    m = Map.model_validate(data)
    target = tmp_path / "hostile.xlsx"
    target.write_bytes(render_xlsx(m, RenderContext()))
    back = import_xlsx(target)
    assert back.title == m.title
    assert [c.text for c in back.lanes[0].cards] == texts


# ---- badly filled sheets -----------------------------------------------------------------------------------


def _sheet(tmp_path: Path, name: str = "planner.xlsx", **cells: Any) -> Path:
    """A hand-filled workbook: a Map sheet with a title and a Journey sheet with two steps and an actions row."""
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Map"
    info["A1"], info["B1"] = "Title", cells.pop("title", "Planner")
    journey = book.create_sheet("Journey")
    base = {"C1": "Research", "C2": "Search", "D2": "Compare", "C3": "search", "D3": "compare"}
    base |= {"A4": "Actions", "B4": "actions", "C4": "Look around", "D4": "Compare two"}
    for ref, value in {**base, **cells}.items():
        journey[ref] = value
    path = tmp_path / name
    book.save(path)
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(MapFileError) as info:
        import_xlsx(path)
    return [str(p) for p in info.value.problems]


def test_hand_filled_sheet_imports(tmp_path: Path) -> None:
    path = _sheet(tmp_path, A5="Emotion", B5="emotion", C5=4, D5="7.5", A6="Pains", B6="pain-points", D6="Slow [W4]")
    m = import_xlsx(path)
    assert [s.id for s in m.steps] == ["search", "compare"]
    assert m.steps[1].emotion is not None and m.steps[1].emotion.value == 7.5
    pains = m.lanes[-1]
    assert pains.kind is LaneKind.PAIN_POINTS and pains.title == "Pains"
    assert [(c.step, c.text, c.weight) for c in pains.cards] == [("compare", "Slow", 4)]


def test_unknown_lane_kind_with_did_you_mean(tmp_path: Path) -> None:
    problems = _problems(_sheet(tmp_path, A7="Pains", B7="pain-point", C7="x"))
    assert len(problems) == 1
    assert problems[0].startswith("planner.xlsx › Journey!B7: XL010 unknown lane kind 'pain-point'")
    assert "did you mean 'pain-points'?" in problems[0]


def test_card_under_no_step(tmp_path: Path) -> None:
    problems = _problems(_sheet(tmp_path, F4="Orphan"))
    assert [p.split(":")[0] for p in problems] == ["planner.xlsx › Journey!F4"]
    assert "a card under no step" in problems[0]


@pytest.mark.parametrize("value", ["happy", 11, 0, "0.5"])
def test_emotion_not_a_number_1_to_10(tmp_path: Path, value: Any) -> None:
    problems = _problems(_sheet(tmp_path, A5="Emotional level", B5="emotion", D5=value))
    assert problems[0].startswith("planner.xlsx › Journey!D5: XL012")
    assert "not a number 1–10" in problems[0]


def test_missing_title(tmp_path: Path) -> None:
    problems = _problems(_sheet(tmp_path, title=None))
    assert problems[0].startswith("planner.xlsx › Map!B1: XL005 the map has no title")


def test_duplicate_step_ids(tmp_path: Path) -> None:
    problems = _problems(_sheet(tmp_path, D3="search"))
    assert problems[0].startswith("planner.xlsx › Journey!D3: XL008 duplicate step id 'search'")
    assert "column C" in problems[0]


def test_formula_cell(tmp_path: Path) -> None:
    problems = _problems(_sheet(tmp_path, C4="=1+1"))
    assert problems[0].startswith("planner.xlsx › Journey!C4: XL002")


def test_every_problem_at_once(tmp_path: Path) -> None:
    path = _sheet(tmp_path, title=None, D3="search", F4="x", A5="E", B5="emotion", C5="meh", A6="P", B6="painpoints")
    where = [p.split(": ")[0] for p in _problems(path)]
    assert where == [
        "planner.xlsx › Map!B1",
        "planner.xlsx › Journey!D3",
        "planner.xlsx › Journey!D4",
        "planner.xlsx › Journey!F4",
        "planner.xlsx › Journey!C5",
        "planner.xlsx › Journey!B6",
    ]


def test_workbook_without_journey_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    path = tmp_path / "planner.xlsx"
    book.save(path)
    problems = _problems(path)
    assert problems[0].startswith("planner.xlsx: XL003 no sheet named 'Journey'")


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken", b""])
def test_not_xlsx(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "planner.xlsx"
    path.write_bytes(content)
    problems = _problems(path)
    assert problems[0].startswith("planner.xlsx: XL001 not an XLSX workbook")


def test_cli_writes_yaml_and_nothing_on_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m, context = load_map_and_context(TIMELINE[0])
    source = tmp_path / "in.xlsx"
    source.write_bytes(render_xlsx(m, context))
    out = tmp_path / "out.yaml"
    assert cmd_import_xlsx(argparse.Namespace(file=str(source), output=str(out))) == 0
    assert read_map(out, personas=[m.persona] if m.persona else []).map.title == m.title
    bad = _sheet(tmp_path, F4="Orphan")
    target = tmp_path / "never.yaml"
    with pytest.raises(MapFileError):
        cmd_import_xlsx(argparse.Namespace(file=str(bad), output=str(target)))
    assert not target.exists()
    assert cmd_import_xlsx(argparse.Namespace(file=str(source), output=None)) == 0
    assert capsys.readouterr().out.startswith("journeymap: 1")


# ---- crafted workbooks: cached formula values, far cells, places of XL009 ------------------------------------


def _patch_sheet(path: Path, sheet_part: str, old: bytes, new: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    assert old in parts[sheet_part]
    parts[sheet_part] = parts[sheet_part].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


def test_formula_with_a_cached_value_is_read(tmp_path: Path) -> None:
    path = _sheet(tmp_path, C4='="Look"&" around"')
    _patch_sheet(
        path,
        "xl/worksheets/sheet2.xml",
        b'<c r="C4"><f>"Look"&amp;" around"</f><v></v></c>',
        b'<c r="C4" t="str"><f>"Look"&amp;" around"</f><v>Look around</v></c>',
    )
    m = import_xlsx(path)
    assert [c.text for c in m.lanes[0].cards] == ["Look around", "Compare two"]


def test_error_cell_is_named(tmp_path: Path) -> None:
    path = _sheet(tmp_path, D4="=1/0")
    _patch_sheet(path, "xl/worksheets/sheet2.xml", b"<f>1/0</f><v></v>", b"<f>1/0</f><v>#DIV/0!</v>")
    _patch_sheet(path, "xl/worksheets/sheet2.xml", b'<c r="D4">', b'<c r="D4" t="e">')
    problems = _problems(path)
    assert problems[0].startswith("planner.xlsx › Journey!D4: XL013 holds an error (#DIV/0!)")


def test_far_cell_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = _sheet(tmp_path, C4="x")
    _patch_sheet(
        path,
        "xl/worksheets/sheet2.xml",
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
    )
    problems = _problems(path)
    assert problems[0].startswith("planner.xlsx › Journey!XFD1048576: JM900")


def test_far_cell_within_the_columns_is_read_sparsely(tmp_path: Path) -> None:
    path = _sheet(tmp_path, C4="x")
    _patch_sheet(
        path,
        "xl/worksheets/sheet2.xml",
        b"</sheetData>",
        b'<row r="1048576"><c r="F1048576" t="inlineStr"><is><t>far</t></is></c></row></sheetData>',
    )
    problems = _problems(path)
    assert problems == [
        "planner.xlsx › Journey!F1048576: XL011 a card under no step (write the step's name in row 2 (and its id in "
        "row 3) above it, or move it under a step)"
    ]


def test_xl009_names_the_cell(tmp_path: Path) -> None:
    problems = _problems(_sheet(tmp_path, C3="bad id!"))
    assert problems[0].startswith("planner.xlsx › Journey!C3: XL009")
