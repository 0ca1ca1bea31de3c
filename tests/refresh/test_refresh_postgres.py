"""``journeymap refresh`` from a PostgreSQL table and query: the map is measured again and records its source;
a query runs read-only with a statement timeout; an unreachable server, a missing table or an unset URL variable
changes nothing and says why.

Runs when ``JOURNEYMAP_TEST_POSTGRES_URL`` names a server (CI starts one); skipped otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from journeymap.cli.main import main
from journeymap.core.refresh import refresh_workspace
from refresh_support import ROWS, make_workspace

URL = os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set JOURNEYMAP_TEST_POSTGRES_URL to run against PostgreSQL")

TODAY = dt.date(2026, 12, 1)
MAPPING = "mapping: evidence/survey.mapping.yaml"


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A table of the survey's answers on the server (dropped afterwards); its URL in JOURNEYMAP_TEST_CRM_URL."""
    import psycopg

    assert URL is not None
    name = f"answers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(URL, autocommit=True) as con:
        con.execute(f"create table {name} (respondent int, apply numeric, wait int, web_sat real, note text)")
        with con.cursor() as cur:
            cur.executemany(f"insert into {name} values (%s, %s, %s, %s, 'x')", ROWS)
    monkeypatch.setenv("JOURNEYMAP_TEST_CRM_URL", URL)
    yield name
    with psycopg.connect(URL, autocommit=True) as con:
        con.execute(f"drop table if exists {name}")


def _emotion(root: Path, step: str) -> dict:
    data = yaml.safe_load((root / "maps" / "loan.yaml").read_text(encoding="utf-8"))
    return next(s["emotion"] for stage in data["stages"] for s in stage["steps"] if s["id"] == step)


def test_a_postgres_table_updates_the_map_and_records_the_source(
    tmp_path: Path, table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = f"{{name: crm, kind: postgres, url_env: JOURNEYMAP_TEST_CRM_URL, table: {table}, {MAPPING}}}"
    root = make_workspace(tmp_path / "ws", source, names="[crm]")
    assert main(["refresh", str(root)]) == 0
    out = capsys.readouterr().out
    assert "loan — written" in out and "crm" in out and "step apply emotion: — → 7.5" in out
    emotion = _emotion(root, "apply")
    assert emotion["mean"] == 7.5 and emotion["n"] == 4
    assert emotion["source"] == "crm" and emotion["query"] == table and emotion["dataset"] == "crm"
    assert emotion["measured_on"] is not None


def test_a_postgres_query_runs_read_only(tmp_path: Path, table: str) -> None:
    import psycopg

    query = f"select * from {table} where respondent <= 2"
    source = f"{{name: crm, kind: postgres, url_env: JOURNEYMAP_TEST_CRM_URL, query: '{query}', {MAPPING}}}"
    root = make_workspace(tmp_path / "ws", source, names="[crm]")
    report = refresh_workspace(root, today=TODAY)
    assert report.ok and report.maps[0].sources[0].rows == 2
    emotion = _emotion(root, "apply")
    assert emotion["mean"] == 7.0 and emotion["query"] == query and str(emotion["measured_on"]) == "2026-12-01"
    # a query that writes (through a function: a cursor takes no INSERT) is refused by the read-only transaction:
    # nothing changes, on the server or in the map
    assert URL is not None
    with psycopg.connect(URL, autocommit=True) as con:
        con.execute(
            f"create function {table}_write() returns int language sql as "
            f"'insert into {table} values (9, 1, 1, 1, null) returning 1'"
        )
    before = (root / "maps" / "loan.yaml").read_bytes()
    writing = f"select *, {table}_write() from {table}"
    text = (root / "journeymap.yaml").read_text().replace(query, writing)
    (root / "journeymap.yaml").write_text(text)
    report = refresh_workspace(root, today=TODAY)
    [problem] = report.maps[0].problems
    assert problem.where == "source crm" and problem.code == "JE203" and "change data" in problem.message
    assert (root / "maps" / "loan.yaml").read_bytes() == before
    with psycopg.connect(URL, autocommit=True) as con:
        assert con.execute(f"select count(*) from {table}").fetchone() == (4,)
        con.execute(f"drop function {table}_write()")


def test_a_slow_query_is_stopped(tmp_path: Path, table: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYMAP_SOURCE_TIMEOUT_S", "0.2")
    query = f"select *, pg_sleep(5) from {table}"
    source = f"{{name: crm, kind: postgres, url_env: JOURNEYMAP_TEST_CRM_URL, query: '{query}', {MAPPING}}}"
    root = make_workspace(tmp_path / "ws", source, names="[crm]")
    report = refresh_workspace(root, today=TODAY)
    [problem] = report.maps[0].problems
    assert problem.code == "JE203" and "ran over 0.2 s" in problem.message


@pytest.mark.parametrize(
    ("url_env", "table_name", "code", "words"),
    [
        ("JOURNEYMAP_TEST_CRM_URL", "no_such_table", "JE202", "no table 'no_such_table'"),
        ("JOURNEYMAP_TEST_UNSET_URL", "t", "JE204", "JOURNEYMAP_TEST_UNSET_URL is not set"),
        ("JOURNEYMAP_TEST_DOWN_URL", "t", "JE201", "cannot connect to 127.0.0.1:1/x"),
    ],
)
def test_a_failing_postgres_source_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    url_env: str,
    table_name: str,
    code: str,
    words: str,
) -> None:
    assert URL is not None
    monkeypatch.setenv("JOURNEYMAP_TEST_CRM_URL", URL)
    monkeypatch.delenv("JOURNEYMAP_TEST_UNSET_URL", raising=False)
    monkeypatch.setenv("JOURNEYMAP_TEST_DOWN_URL", "postgresql://someone:secret-pw@127.0.0.1:1/x")
    source = f"{{name: crm, kind: postgres, url_env: {url_env}, table: {table_name}, {MAPPING}}}"
    root = make_workspace(tmp_path / "ws", source, names="[crm]")
    before = (root / "maps" / "loan.yaml").read_bytes()
    assert main(["refresh", str(root)]) == 1
    err = capsys.readouterr().err
    assert "source crm" in err and code in err and words in err and "secret-pw" not in err
    assert (root / "maps" / "loan.yaml").read_bytes() == before
