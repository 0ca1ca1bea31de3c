"""``journeymap refresh`` and :mod:`journeymap.core.refresh` on file, glob and DuckDB sources: the map is measured
again, every measured value records its source, what it was read with and the date, and a failing source changes
nothing (the file stays byte for byte) and says which source failed and why."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from journeymap.cli.main import main
from journeymap.core.refresh import refresh_workspace
from journeymap.errors import MapFileError
from journeymap.files.loader import load_workspace
from refresh_support import HEADER, ROWS, make_workspace, write_csv

TODAY = dt.date(2026, 12, 1)
MAPPING = "mapping: evidence/survey.mapping.yaml"


def _map(root: Path) -> dict:
    return yaml.safe_load((root / "maps" / "loan.yaml").read_text(encoding="utf-8"))


def _steps(data: dict) -> dict[str, dict]:
    return {step["id"]: step for stage in data["stages"] for step in stage["steps"]}


def test_a_file_source_measures_the_map_and_records_its_provenance(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", f"{{name: survey, kind: file, path: evidence/survey.csv, {MAPPING}}}")
    write_csv(root / "evidence" / "survey.csv", ROWS)
    report = refresh_workspace(root, today=TODAY)
    assert report.ok and [m.written for m in report.maps] == [True]
    [item] = report.maps
    assert item.sources[0].rows == 4 and item.sources[0].read_with == "evidence/survey.csv"
    changed = {(c.element, c.field): (c.old, c.new) for c in item.changes}
    assert changed[("apply", "emotion")] == (None, 7.5)
    assert changed[("wait", "emotion")] == (None, 2.5)
    assert changed[("web", "satisfaction")] == (5.0, 7.5)
    data = _map(root)
    emotion = _steps(data)["apply"]["emotion"]
    assert emotion["mean"] == 7.5 and emotion["n"] == 4
    assert emotion["source"] == "survey" and emotion["query"] == "evidence/survey.csv"
    assert emotion["dataset"] == "survey.csv" and str(emotion["measured_on"]) == "2026-12-01"
    [ref] = data["touchpoints"][0]["evidence"]
    assert ref["source"] == "survey" and ref["query"] == "evidence/survey.csv"
    assert str(ref["measured_on"]) == "2026-12-01"
    # the written map is valid, and a second refresh changes no value
    load_workspace(root)
    again = refresh_workspace(root, today=TODAY)
    assert again.ok and again.maps[0].changes == []


def test_a_glob_reads_every_file_together(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", f"{{name: survey, kind: file, path: 'evidence/wave-*.csv', {MAPPING}}}")
    write_csv(root / "evidence" / "wave-1.csv", ROWS[:2])
    write_csv(root / "evidence" / "wave-2.csv", [*ROWS[2:], [5, 10, 10, 10]])
    report = refresh_workspace(root, today=TODAY)
    assert report.ok
    [item] = report.maps
    assert item.sources[0].rows == 5
    emotion = _steps(_map(root))["apply"]["emotion"]
    assert emotion["mean"] == 8.0 and emotion["n"] == 5
    assert emotion["dataset"] == "survey" and emotion["query"] == "evidence/wave-*.csv"


def test_a_duckdb_table_and_query(tmp_path: Path) -> None:
    import duckdb

    root = make_workspace(
        tmp_path / "ws",
        f"{{name: survey, kind: duckdb, path: evidence/cx.duckdb, table: answers, {MAPPING}}}",
        extra_sources=f"  - {{name: recent, kind: duckdb, path: evidence/cx.duckdb, "
        f"query: 'select * from answers where respondent > 2', {MAPPING}}}\n",
        names="[survey]",
    )
    database = root / "evidence" / "cx.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create table answers (respondent int, apply int, wait int, web_sat int)")
        con.executemany("insert into answers values (?, ?, ?, ?)", ROWS)
    report = refresh_workspace(root, today=TODAY)
    assert report.ok and report.maps[0].sources[0].rows == 4
    assert _steps(_map(root))["apply"]["emotion"]["query"] == "answers"
    # the query source alone (rows 3 and 4: apply 7 and 9)
    text = (root / "journeymap.yaml").read_text().replace("sources: [survey]", "sources: [recent]")
    (root / "journeymap.yaml").write_text(text)
    report = refresh_workspace(root, today=TODAY)
    assert report.ok and report.maps[0].sources[0].rows == 2
    emotion = _steps(_map(root))["apply"]["emotion"]
    assert emotion["mean"] == 8.0 and emotion["source"] == "recent"
    assert emotion["query"] == "select * from answers where respondent > 2"


@pytest.mark.parametrize(
    "query",
    [
        "query: 'insert into answers values (9, 1, 1, 1) returning *'",
        "query: \"select * from read_csv('/etc/hostname')\"",
        "query: \"copy answers to 'out.csv'\"",
    ],
)
def test_a_duckdb_query_cannot_write_or_read_other_files(tmp_path: Path, query: str) -> None:
    import duckdb

    root = make_workspace(
        tmp_path / "ws", f"{{name: survey, kind: duckdb, path: evidence/cx.duckdb, {query}, {MAPPING}}}"
    )
    database = root / "evidence" / "cx.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create table answers (respondent int, apply int, wait int, web_sat int)")
        con.executemany("insert into answers values (?, ?, ?, ?)", ROWS)
    before = (root / "maps" / "loan.yaml").read_bytes()
    report = refresh_workspace(root, today=TODAY)
    assert not report.ok
    [problem] = report.maps[0].problems
    assert problem.where == "source survey" and problem.code == "JE203"
    assert (root / "maps" / "loan.yaml").read_bytes() == before
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*) from answers").fetchone() == (4,)


@pytest.mark.parametrize(
    ("source", "code", "words"),
    [
        ("{name: survey, kind: file, path: evidence/missing.csv, %s}", "JE004", "no such file"),
        ("{name: survey, kind: file, path: 'evidence/none-*.csv', %s}", "JE205", "no file matches"),
        ("{name: survey, kind: duckdb, path: evidence/none.duckdb, table: t, %s}", "JE201", "no DuckDB file"),
        ("{name: survey, kind: file, path: evidence/bad.csv, %s}", "JE020", "is not a number"),
    ],
)
def test_a_failing_source_changes_nothing_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, code: str, words: str
) -> None:
    root = make_workspace(tmp_path / "ws", source % MAPPING)
    write_csv(root / "evidence" / "bad.csv", [[1, 8, 2, 7], [2, "great", 4, 9]], HEADER)
    before = (root / "maps" / "loan.yaml").read_bytes()
    assert main(["refresh", str(root)]) == 1
    err = capsys.readouterr().err
    assert "source survey" in err and code in err and words in err and "Traceback" not in err
    assert "the file is unchanged" in err
    assert (root / "maps" / "loan.yaml").read_bytes() == before


def test_a_map_with_a_bad_source_is_kept_and_the_others_are_written(tmp_path: Path) -> None:
    root = make_workspace(
        tmp_path / "ws",
        f"{{name: survey, kind: file, path: evidence/survey.csv, {MAPPING}}}",
        extra_sources=f"  - {{name: broken, kind: file, path: evidence/gone.csv, {MAPPING}}}\n",
        names="[survey, broken]",
    )
    write_csv(root / "evidence" / "survey.csv", ROWS)
    before = (root / "maps" / "loan.yaml").read_bytes()
    report = refresh_workspace(root, today=TODAY)
    [item] = report.maps
    assert not item.ok and not item.written and item.map is None
    assert [s.ok for s in item.sources] == [True, False]
    assert (root / "maps" / "loan.yaml").read_bytes() == before


def test_dry_run_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_workspace(tmp_path / "ws", f"{{name: survey, kind: file, path: evidence/survey.csv, {MAPPING}}}")
    write_csv(root / "evidence" / "survey.csv", ROWS)
    before = (root / "maps" / "loan.yaml").read_bytes()
    assert main(["refresh", str(root), "--dry-run", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["dry_run"] and data["maps"][0]["written"] is False
    assert {"element": "apply", "kind": "step", "field": "emotion", "old": None, "new": 7.5, "source": "survey"} in (
        data["maps"][0]["changes"]
    )
    assert (root / "maps" / "loan.yaml").read_bytes() == before
    assert main(["refresh", str(root), "--map", "loan"]) == 0
    out = capsys.readouterr().out
    assert "loan — written" in out and "step apply emotion: — → 7.5" in out and "survey" in out


def test_an_unknown_map_or_source_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_workspace(tmp_path / "ws", f"{{name: survey, kind: file, path: evidence/survey.csv, {MAPPING}}}")
    assert main(["refresh", str(root), "--map", "other"]) == 1
    assert "has no sources to refresh from (maps with sources: loan)" in capsys.readouterr().err
    text = (root / "journeymap.yaml").read_text().replace("sources: [survey]", "sources: [survy]")
    (root / "journeymap.yaml").write_text(text)
    with pytest.raises(MapFileError) as info:
        load_workspace(root)
    assert "unknown source 'survy'" in str(info.value.problems[0].message)


def test_the_bundled_example_refreshes_in_a_dry_run(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "home-loan"
    before = (example / "maps" / "home-loan-as-is.yaml").read_bytes()
    assert main(["refresh", str(example), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "post-completion-survey" in out and "dry run: not written" in out and "changed" in out
    assert (example / "maps" / "home-loan-as-is.yaml").read_bytes() == before


def test_an_xlsx_file_source(tmp_path: Path) -> None:
    import openpyxl

    root = make_workspace(tmp_path / "ws", f"{{name: survey, kind: file, path: evidence/survey.xlsx, {MAPPING}}}")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    book.save(root / "evidence" / "survey.xlsx")
    report = refresh_workspace(root, today=TODAY)
    assert report.ok and report.maps[0].sources[0].rows == 4
    emotion = _steps(_map(root))["apply"]["emotion"]
    assert emotion["mean"] == 7.5 and emotion["dataset"] == "survey.xlsx" and emotion["source"] == "survey"


def test_a_source_over_the_row_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from journeymap.limits import limits

    root = make_workspace(
        tmp_path / "ws", f"{{name: survey, kind: duckdb, path: evidence/cx.duckdb, table: answers, {MAPPING}}}"
    )
    with duckdb.connect(str(root / "evidence" / "cx.duckdb")) as con:
        con.execute(
            "create table answers as select i as respondent, 5 as apply, 5 as wait, 5 as web_sat from range(10) t(i)"
        )
    before = (root / "maps" / "loan.yaml").read_bytes()
    monkeypatch.setenv("JOURNEYMAP_LIMIT_ROWS", "3")
    limits.cache_clear()
    try:
        report = refresh_workspace(root, today=TODAY)
    finally:
        monkeypatch.delenv("JOURNEYMAP_LIMIT_ROWS")
        limits.cache_clear()
    [problem] = report.maps[0].problems
    assert problem.code == "JM900" and "source survey" in problem.where and "JOURNEYMAP_LIMIT_ROWS" in problem.hint
    assert (root / "maps" / "loan.yaml").read_bytes() == before
