"""A sheet read as a table: text columns named by row 1, empty rows left out, a value under no name refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import MapFileError
from journeymap.files.xlsx_read import open_workbook, sheet_table


def _workbook(tmp_path: Path, cells: dict[str, object]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Survey"
    for ref, value in cells.items():
        sheet[ref] = value
    path = tmp_path / "survey.xlsx"
    workbook.save(path)
    return path


def test_rows_become_text_columns_in_order(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {"A1": "name", "B1": "score", "A2": "Ann", "B2": 7, "A4": "Bo", "B4": 8.5})
    with open_workbook(path) as book:
        table, names = sheet_table(book, "Survey")
    assert names == ["name", "score"]
    assert table.column("__order").to_pylist() == [0, 2]
    assert table.column("name").to_pylist() == ["Ann", "Bo"]
    assert table.column("score").to_pylist() == ["7", "8.5"]


def test_a_value_in_a_column_without_a_name_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {"A1": "name", "A2": "Ann", "C2": "stray"})
    with open_workbook(path) as book, pytest.raises(MapFileError) as raised:
        sheet_table(book, "Survey")
    [problem] = raised.value.problems
    assert problem.code == "XL018"
    assert problem.where.endswith("Survey!C2")
    assert "column C, which has no name in row 1" in problem.message
