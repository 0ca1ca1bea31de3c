"""The Excel writer: sheets, layout, fills, emotion notes, determinism, formula injection, workspace export."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from journeymap.core.context import load_map_and_context
from journeymap.files.loader import load_workspace
from journeymap.model import Map
from journeymap.render.layout import effective_lanes
from journeymap.render.registry import RenderContext
from journeymap.render.xlsx import MEDIA_TYPE, render_xlsx, renderer, workspace_xlsx

from support import EXAMPLES, HOSTILE, example_map_files, example_workspaces, hostile_map_data

HOME_LOAN = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"
PLANNER = EXAMPLES / "airline-trip" / "maps" / "business-return-value-moments.yaml"


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_renderer_metadata() -> None:
    r = renderer()
    assert (r.name, r.extension, r.media_type, r.binary) == ("xlsx", ".xlsx", MEDIA_TYPE, True)


@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.stem)
def test_every_example_renders_deterministically(path: Path) -> None:
    m, context = load_map_and_context(path)
    first = render_xlsx(m, context)
    assert first == render_xlsx(m, context)
    book = _book(first)
    assert "Map" in book.sheetnames
    assert book["Map"]["B1"].value == m.title


def test_journey_sheet_layout() -> None:
    m, context = load_map_and_context(HOME_LOAN)
    sheet = _book(render_xlsx(m, context))["Journey"]
    steps = m.steps
    assert [sheet.cell(2, 3 + i).value for i in range(len(steps))] == [s.name for s in steps]
    assert [sheet.cell(3, 3 + i).value for i in range(len(steps))] == [s.id for s in steps]
    assert sheet.cell(1, 3).value == m.stages[0].name
    lanes = effective_lanes(m)
    assert [sheet.cell(4 + i, 1).value for i in range(len(lanes))] == [lane.heading for lane in lanes]
    assert sheet.freeze_panes == "C4"
    actions = m.lanes[0]
    first_cards = [c.text for c in m.cards_at(actions, steps[0].id)]
    assert sheet.cell(4, 3).value.split("\n")[: len(first_cards)] == first_cards


def test_emotion_row_is_numbers_with_notes() -> None:
    m, context = load_map_and_context(HOME_LOAN)
    sheet = _book(render_xlsx(m, context))["Journey"]
    row = 4 + [lane.kind.value for lane in effective_lanes(m)].index("emotion")
    for i, step in enumerate(m.steps):
        cell = sheet.cell(row, 3 + i)
        assert step.emotion is not None
        assert cell.value == pytest.approx(step.emotion.value)
        assert cell.comment is not None
        assert cell.comment.text.startswith("Measured" if step.emotion.is_measured else "Estimated")
        if step.emotion.is_measured:
            assert "n=" in cell.comment.text and "95 % CI" in cell.comment.text


def test_weight_fills_and_vmpi_bands() -> None:
    m, context = load_map_and_context(PLANNER)
    sheet = _book(render_xlsx(m, context))["Journey"]
    kinds = [lane.kind.value for lane in effective_lanes(m)]
    assert "vmpi-results" in kinds
    row = 4 + kinds.index("vmpi-results")
    band_colours = {b.colour.lstrip("#").upper() for b in context.vmpi_bands}
    fills = {sheet.cell(row, 3 + i).fill.fgColor.rgb[-6:] for i in range(len(m.steps)) if sheet.cell(row, 3 + i).value}
    assert fills and fills <= band_colours
    texts = [sheet.cell(row, 3 + i).value or "" for i in range(len(m.steps))]
    assert any("VMPI" in t for t in texts)


def test_formula_injection_is_text() -> None:
    data = hostile_map_data()
    evil = ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", *HOSTILE]
    data["lanes"][0]["cards"] = [{"step": "a", "text": t} for t in evil]
    m = Map.model_validate(data)
    raw = render_xlsx(m, RenderContext())
    book = _book(raw)
    sheet = book["Journey"]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert sheet["C4"].value.split("\n")[: len(evil)] == evil
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml and "<f " not in xml
    assert "&lt;script&gt;" in xml and "]]&gt;" in xml and "=cmd|' /C calc'!A0" in xml


def test_workspace_export() -> None:
    root = example_workspaces()[0]
    workspace = load_workspace(root)
    from journeymap.core.context import context_for

    book = _book(workspace_xlsx(workspace, context_for(workspace)))
    assert book.sheetnames[-1] == "Personas"
    assert len(book.sheetnames) == len(workspace.maps) + 1
    personas = [book["Personas"].cell(2 + i, 2).value for i in range(len(workspace.personas))]
    assert personas == [p.name for p in workspace.personas]
