"""Reading feedback: every format gives the same comments; bad rows are skipped, counted and located; a missing
column is a located error; hostile inputs are bounded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from journeymap.errors import ProblemsError
from journeymap.feedback.read import ColumnSpec, open_feedback, read_all

SPEC = ColumnSpec(text="text", id="id", date="date", rating="rating", segment="segment", channel="channel")
ROWS = [
    {"id": "c1", "date": "2026-03-01", "segment": "first-time buyer", "channel": "web", "rating": "2",
     "text": "Waiting for the valuation took three weeks"},
    {"id": "c2", "date": "not a date", "segment": "", "channel": "app", "rating": "5", "text": "fine"},
    {"id": "c3", "date": "2026-03-03", "segment": "", "channel": "app", "rating": "", "text": "   "},
    {"id": "c4", "date": "2026-03-04T10:15:00", "segment": "home mover", "channel": "phone", "rating": "nine",
     "text": "The adviser was lovely"},
    {"id": "c5", "date": "", "segment": "", "channel": "", "rating": "4.5", "text": "Upload kept failing, twice"},
]  # fmt: skip
"""Rows 2 (bad date), 3 (empty text) and 4 (bad rating) are skipped; 1 and 5 are read."""


def _csv(path: Path) -> Path:
    lines = ["id,date,segment,channel,rating,text"]
    for row in ROWS:
        lines.append(",".join(f'"{row[k]}"' for k in ("id", "date", "segment", "channel", "rating", "text")))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _check_good(comments: list, source: str) -> None:
    assert [c.id for c in comments] == ["c1", "c5"]
    first, last = comments
    assert first.text == "Waiting for the valuation took three weeks"
    assert first.date == dt.date(2026, 3, 1) and first.rating == 2.0
    assert first.segment == "first-time buyer" and first.channel == "web"
    assert last.date is None and last.rating == 4.5 and last.segment is None
    assert (first.row, last.row) == (1, 5)
    assert first.source == last.source == source


def _reasons(problems: list) -> list[str]:
    return [p.message for p in problems]


def test_csv_rows_are_read_and_bad_rows_located(tmp_path: Path) -> None:
    comments, problems = read_all(_csv(tmp_path / "fb.csv"), SPEC)
    _check_good(comments, "fb.csv")
    assert comments[0].line == 2 and comments[1].line == 6
    located = [(p.where, p.code) for p in problems[:-1]]
    assert located == [("fb.csv:3", "JE221"), ("fb.csv:4", "JE221"), ("fb.csv:5", "JE221")]
    assert "bad date" in problems[0].message and "'not a date'" in problems[0].message
    assert "empty text" in problems[1].message
    assert "bad rating" in problems[2].message
    assert problems[-1].message.startswith("3 rows skipped")
    assert all(not p.is_error for p in problems)


def test_csv_ragged_rows_bad_encoding_and_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(
        b"id,text\n"
        b'1,"first line\nsecond line"\n'  # a quoted field over lines 2-3
        b"2,one,too,many\n"  # line 4: ragged
        b"3,caf\xe9 latin-1\n"  # line 5: not UTF-8
        b"4,last\n"
    )
    comments, problems = read_all(path, ColumnSpec(text="text", id="id"))
    assert [(c.id, c.line, c.row) for c in comments] == [("1", 2, 1), ("4", 6, 4)]
    assert comments[0].text == "first line\nsecond line"
    assert [p.where for p in problems[:-1]] == ["odd.csv:4", "odd.csv:5"]
    assert "ragged row" in problems[0].message and "bad encoding" in problems[1].message


def test_semicolon_csv_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_bytes("\ufeffid;text\n1;bonjour, ça va\n".encode())
    comments, _ = read_all(path, ColumnSpec(text="text", id="id"))
    assert [(c.id, c.text) for c in comments] == [("1", "bonjour, ça va")]


def test_missing_column_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError) as caught:
        read_all(_csv(tmp_path / "fb.csv"), ColumnSpec(text="comment", date="when"))
    problems = caught.value.problems
    assert [p.code for p in problems] == ["JE220", "JE220"]
    assert problems[0].where == "fb.csv:1"
    assert "'comment'" in problems[0].message and "--text" in problems[0].message
    assert problems[0].hint


def test_column_names_ignore_case(tmp_path: Path) -> None:
    comments, _ = read_all(_csv(tmp_path / "fb.csv"), ColumnSpec(text="TEXT", id="Id"))
    assert [c.id for c in comments][:1] == ["c1"]


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty-texts.csv"
    path.write_text("id,text\n1,\n2,  \n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        read_all(path, ColumnSpec(text="text"))
    assert [p.code for p in caught.value.problems][-1] == "JE223"


def test_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Comments"
    sheet.append(["id", "date", "segment", "channel", "rating", "text"])
    for row in ROWS:
        rating = float(row["rating"]) if row["rating"].replace(".", "").isdigit() else row["rating"]
        date = dt.datetime.fromisoformat(row["date"]) if row["date"][:4].isdigit() else row["date"] or None
        sheet.append([row["id"], date, row["segment"] or None, row["channel"] or None, rating, row["text"]])
    path = tmp_path / "fb.xlsx"
    book.save(path)
    comments, problems = read_all(path, SPEC)
    _check_good(comments, "fb.xlsx")
    assert [p.where for p in problems[:-1]] == ["fb.xlsx › Comments!3:3", "fb.xlsx › Comments!4:4",
                                                "fb.xlsx › Comments!5:5"]  # fmt: skip


def test_xlsx_zip_bomb_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (30 * 1024 * 1024))
    with pytest.raises(ProblemsError) as caught:
        read_all(path, SPEC)
    assert any(p.code == "JM900" for p in caught.value.problems)


def test_parquet_through_the_engine(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {k: [row[k] for row in ROWS] for k in ("id", "date", "segment", "channel", "rating", "text")}
    path = tmp_path / "fb.parquet"
    pq.write_table(pa.table(columns), path)
    comments, problems = read_all(path, SPEC)
    _check_good(comments, "fb.parquet")
    assert [p.where for p in problems[:-1]] == ["fb.parquet: row 2", "fb.parquet: row 3", "fb.parquet: row 4"]


def test_parquet_typed_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "typed.parquet"
    table = pa.table({"text": ["slow", "quick"], "day": [dt.date(2026, 1, 2), None], "stars": [1.0, 5.0]})
    pq.write_table(table, path)
    comments, _ = read_all(path, ColumnSpec(text="text", date="day", rating="stars"))
    assert [(c.date, c.rating) for c in comments] == [(dt.date(2026, 1, 2), 1.0), (None, 5.0)]


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "fb.jsonl"
    lines = [json.dumps(row) for row in ROWS]
    lines.insert(2, "{not json")
    lines.insert(3, "[1, 2]")
    lines.insert(4, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    comments, problems = read_all(path, SPEC)
    assert [c.id for c in comments] == ["c1", "c5"]
    assert [c.line for c in comments] == [1, 8]
    where = [(p.where, p.message.removeprefix("row skipped: ").split(" (")[0]) for p in problems[:-1]]
    assert where == [
        ("fb.jsonl:2", "bad date"),
        ("fb.jsonl:3", "not valid JSON"),
        ("fb.jsonl:4", "not a JSON object"),
        ("fb.jsonl:6", "empty text"),
        ("fb.jsonl:7", "bad rating"),
    ]


def test_overlong_line_is_skipped_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.limits import limits

    monkeypatch.setenv("JOURNEYMAP_LIMIT_TEXT_CHARS", "100")
    limits.cache_clear()
    try:
        path = tmp_path / "long.csv"
        path.write_text("id,text\n1," + "x" * 5000 + "\n2,short\n", encoding="utf-8")
        comments, problems = read_all(path, ColumnSpec(text="text", id="id"))
        assert [c.id for c in comments] == ["2"]
        assert problems[0].where == "long.csv:2" and "longer than" in problems[0].message
    finally:
        monkeypatch.delenv("JOURNEYMAP_LIMIT_TEXT_CHARS")
        limits.cache_clear()


def test_batches_bound_memory(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("text\n" + "".join(f"comment {i}\n" for i in range(2500)), encoding="utf-8")
    reader = open_feedback(path, ColumnSpec(text="text"), progress=False)
    reader.batch = 1000
    sizes = [len(batch) for batch in reader.batches()]
    assert sizes == [1000, 1000, 500]


def test_progress_bar_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reader = open_feedback(_csv(tmp_path / "fb.csv"), SPEC, progress=True)
    list(reader.batches())
    err = capsys.readouterr().err
    assert "fb.csv: 2 comments read, 3 skipped" in err


def test_unknown_file_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ProblemsError) as caught:
        read_all(path, SPEC)
    assert caught.value.problems[0].code == "JE222"
