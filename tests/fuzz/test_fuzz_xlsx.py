"""Fuzzing the XLSX readers: mutated bytes of a good workbook, mutated XML of its parts, and random cell values,
read as a survey sheet (``xlsx_read.sheet_table``) and as a planner (``import_xlsx``).

The only documented outcomes are a result, or a :class:`~journeymap.errors.ProblemsError` whose problems each name
their place (the file, and the part or the sheet and cell); any other exception is a bug. A few dozen examples run
by default (a few seconds in CI); set the environment variable ``JOURNEYMAP_FUZZ_EXAMPLES`` (e.g.
``JOURNEYMAP_FUZZ_EXAMPLES=5000``) for a longer run.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.errors import ProblemsError
from journeymap.files.xlsx_import import import_xlsx
from journeymap.files.xlsx_read import open_workbook, sheet_table

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _good_planner() -> bytes:
    import openpyxl
    from openpyxl.comments import Comment

    workbook = openpyxl.Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Map"
    info["A1"], info["B1"] = "Title", "Planner"
    journey = workbook.create_sheet("Journey")
    cells = {"C1": "Research", "C2": "Search", "D2": "Compare", "C3": "search", "D3": "compare"}
    cells |= {"A4": "Actions", "B4": "actions", "C4": "Look around", "D4": "Compare [W3]"}
    cells |= {"A5": "Emotion", "B5": "emotion", "C5": 4, "D5": 7.5}
    for ref, value in cells.items():
        journey[ref] = value
    journey["C5"].comment = Comment("Estimated\nslow", "me")
    journey["E6"] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = _good_planner()
with zipfile.ZipFile(io.BytesIO(GOOD)) as _archive:
    PARTS = {name: _archive.read(name) for name in _archive.namelist()}


def _check(problems: ProblemsError, name: str) -> None:
    assert problems.problems, "a ProblemsError with no problem"
    for problem in problems.problems:
        assert problem.where and (name in problem.where), f"problem without its place: {problem}"


def _read_all(path: Path) -> None:
    """Read ``path`` both ways; only a result or located problems are allowed."""
    try:
        import_xlsx(path)
    except ProblemsError as problems:
        _check(problems, path.name)
    try:
        with open_workbook(path, path.name) as book:
            for sheet in book.sheetnames:
                try:
                    sheet_table(book, sheet)
                except ProblemsError as problems:
                    _check(problems, path.name)
    except ProblemsError as problems:
        _check(problems, path.name)


def _write_and_read(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        path.write_bytes(data)
        _read_all(path)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_mutated_workbook_bytes(changes: list[tuple[int, int]]) -> None:
    data = bytearray(GOOD)
    for at, value in changes:
        data[at] = value
    _write_and_read(bytes(data))


@FUZZ
@given(st.integers(0, len(GOOD)))
def test_truncated_workbook(keep: int) -> None:
    _write_and_read(GOOD[:keep])


XML_PARTS = sorted(name for name in PARTS if name.endswith((".xml", ".rels")))
SNIPPETS = [b"<", b">", b"&", b"&amp;", b"<!DOCTYPE x>", b'r="XFD1048576"', b'r="A0"', b't="s"', b't="e"',
            b"<f/>", b"<v>NaN</v>", b"<v>1e400</v>", b'<row r="9999999">', b"\x00", b"\xff", b"</c>", b"<c>",
            b'"', b"]]>"]  # fmt: skip


@FUZZ
@given(
    st.sampled_from(XML_PARTS),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.sampled_from(SNIPPETS)), min_size=1, max_size=6),
)
def test_mutated_xml_parts(part: str, edits: list[tuple[float, int, bytes]]) -> None:
    content = PARTS[part]
    for where, cut, snippet in edits:
        at = int(where * len(content))
        content = content[:at] + snippet + content[at + cut :]
    _write_and_read(_zip({**PARTS, part: content}))


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.sampled_from(["=1+1", "=A1", "#N/A", "+SUM(1)", "@x", "-1", "TRUE", "q1", "Actions", "emotion"]),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
)


@FUZZ
@given(st.dictionaries(st.tuples(st.integers(1, 12), st.integers(1, 8)), cell_values, max_size=40))
def test_random_cells(cells: dict[tuple[int, int], Any]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Map"
    info["A1"], info["B1"] = "Title", "Random"
    journey = workbook.create_sheet("Journey")
    for (row, col), value in cells.items():
        journey.cell(row, col).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    _write_and_read(buffer.getvalue())
