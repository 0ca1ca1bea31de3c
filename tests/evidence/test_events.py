"""Reading event logs: CSV, Parquet, XES and XES.gz into one table shape, and a clear problem for each bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.errors import ProblemsError
from journeymap.evidence.engine import ORDER, Engine
from journeymap.evidence.events import MAX_SHOWN, read_events, read_xes

from support import FIXTURES, ROOT

EVENTS = FIXTURES / "events"


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine() as duck:
        yield duck


def gen_events() -> ModuleType:
    """tools/gen_events.py, imported from its path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_events", ROOT / "tools" / "gen_events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_events", module)  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def rows(engine: Engine, path: Path, **options: Any) -> list[dict[str, Any]]:
    log = read_events(path, engine, **options)
    return engine.rows(log.table.order_by(ORDER))


def problems(engine: Engine, path: Path, **options: Any) -> list[str]:
    with pytest.raises(ProblemsError) as info:
        read_events(path, engine, **options)
    return [str(p) for p in info.value.problems]


# ---- CSV ---------------------------------------------------------------------------------------------------------
def test_csv_columns_are_found_by_name(engine: Engine) -> None:
    log = read_events(EVENTS / "ties.csv", engine)
    assert (log.case, log.activity, log.time, log.channel) == ("customer", "touchpoint", "time", "channel")
    assert log.columns == ("customer", "touchpoint", "time", "channel")
    assert list(log.table.columns) == ["case", "activity", "time", "channel", ORDER]
    found = engine.rows(log.table.order_by(ORDER))
    assert [r[ORDER] for r in found] == list(range(11))
    assert found[0] == {
        "case": "c1", "activity": "Search", "time": dt.datetime(2026, 3, 1, 10), "channel": "web", ORDER: 0,
    }  # fmt: skip
    assert found[9]["channel"] is None  # an empty cell is no channel


def test_named_columns_win_and_match_case_insensitively(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("Client,Step,When,Where,Activity\nk,a,2026-01-01 10:00:00,web,ignored\n", encoding="utf-8")
    log = read_events(path, engine, case="client", activity="step", time="WHEN", channel="where")
    assert (log.case, log.activity, log.time, log.channel) == ("Client", "Step", "When", "Where")
    assert engine.rows(log.table)[0]["activity"] == "a"


def test_a_log_without_channel_has_no_channel_column(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("case_id,activity,timestamp\n1,a,2026-01-01\n", encoding="utf-8")
    log = read_events(path, engine)
    assert not log.has_channel and "channel" not in log.table.columns


def test_missing_named_column_says_did_you_mean(engine: Engine) -> None:
    [problem] = problems(engine, EVENTS / "ties.csv", case="custommer")
    assert problem.startswith(f"{EVENTS / 'ties.csv'}:1: JE010 no column 'custommer' for the case (customer) id")
    assert "did you mean 'customer'?" in problem
    assert "columns found: 'customer', 'touchpoint', 'time', 'channel'" in problem


def test_undetectable_columns_list_the_columns_found(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("who,what,at\nk,a,2026-01-01 10:00:00\n", encoding="utf-8")
    found = problems(engine, path)
    assert [p.split(" ")[1] for p in found] == ["JE102", "JE102", "JE102"]
    assert "cannot tell which column holds the case (customer) id" in found[0]
    assert "columns found: 'who', 'what', 'at'" in found[0] and "--case COL" in found[0]
    assert "--activity COL" in found[1] and "--time COL" in found[2]


def test_unreadable_timestamps_are_listed_with_their_lines(engine: Engine) -> None:
    path = EVENTS / "bad-timestamp.csv"
    found = problems(engine, path)
    assert len(found) == MAX_SHOWN + 1
    shown = [(p.split(": JE103")[0], p.split("timestamp ")[-1].split(" (")[0]) for p in found[:MAX_SHOWN]]
    assert shown == [
        (f"{path}:3:3", "'01/02/2026 10:00'"),
        (f"{path}:5:3", "'yesterday'"),
        (f"{path}:6:3", "'2026-13-01 10:00:00'"),
        (f"{path}:8:3", "'soon'"),
        (f"{path}:9:3", "'later'"),
    ]
    assert "ISO 8601" in found[0]
    assert found[-1] == f"{path}: JE103 column 'timestamp': a timestamp that cannot be read in 1 more row"
    # the line of the event at __order n is n + 2 (line 1 is the header)
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[3 - 1].endswith("01/02/2026 10:00") and text[9 - 1].endswith("later")


def test_missing_case_activity_and_time_are_located(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(
        "case_id,activity,timestamp\nk,a,2026-01-01 10:00:00\n,b,2026-01-01 10:00:00\nk,,2026-01-01\nk,c,\n",
        encoding="utf-8",
    )
    assert problems(engine, path) == [
        f"{path}:3:1: JE104 column 'case_id': no case id",
        f"{path}:4:2: JE104 column 'activity': no activity",
        f"{path}:5:3: JE103 column 'timestamp': no timestamp",
    ]


def test_offsets_are_converted_to_utc(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "zones.csv"
    path.write_text(
        "case_id,activity,timestamp\n"
        "k,a,2026-03-01T10:00:00+02:00\nk,b,2026-03-01T09:00:00Z\nk,c,2026-03-01 08:30:00.5-01:30\nk,d,2026-03-02\n",
        encoding="utf-8",
    )
    times = [r["time"] for r in rows(engine, path)]
    assert times == [
        dt.datetime(2026, 3, 1, 8), dt.datetime(2026, 3, 1, 9), dt.datetime(2026, 3, 1, 10, 0, 0, 500000),
        dt.datetime(2026, 3, 2),
    ]  # fmt: skip


def test_non_utf8_file_names_line_and_column(engine: Engine) -> None:
    path = EVENTS / "latin1.csv"
    [problem] = problems(engine, path)
    assert problem.startswith(f"{path}:3:7: JE003 the file is not UTF-8 (byte 0xe9 cannot be read)")
    assert "save it as UTF-8" in problem


def test_non_utf8_byte_after_the_first_chunk_is_located(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    body = "".join(f"c{i},visit,2026-01-01 10:00:00\n" for i in range(400_000))  # > one 8 MB chunk
    path.write_bytes(b"case_id,activity,timestamp\n" + body.encode() + b"c,caf\xe9,2026-01-01 10:00:00\n")
    [problem] = problems(engine, path)
    assert problem.startswith(f"{path}:400002:6: JE003")


def test_utf8_split_across_chunks_is_fine(tmp_path: Path) -> None:
    from journeymap.evidence import files as events

    path = tmp_path / "split.csv"
    head = b"case_id,activity,timestamp\n"
    filler = b"x," * ((events._CHUNK - len(head)) // 2) + b"\n" * ((events._CHUNK - len(head)) % 2)
    data = head + filler[:-1] + "é,2026-01-01 10:00:00\n".encode()  # é's two bytes straddle the chunk boundary
    assert data[: events._CHUNK].endswith(b"\xc3")
    path.write_bytes(data)
    events.check_text(path)  # no problem
    path.write_bytes(data[: events._CHUNK])  # the file ends inside the character
    with pytest.raises(ProblemsError) as info:
        events.check_text(path)
    assert str(info.value.problems[0]).startswith(f"{path}:")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "JE005 the file is empty"),
        (b"\n \n", "JE005 the file is empty"),
        (b"case_id,activity,timestamp\n", "JE005 the log has no events (only a header)"),
    ],
)
def test_empty_logs(engine: Engine, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    [problem] = problems(engine, path)
    assert problem.startswith(f"{path}: {expected}")


def test_empty_fixture(engine: Engine) -> None:
    assert problems(engine, EVENTS / "empty.csv")[0].endswith("JE005 the file is empty (export the data again)")


def test_missing_file_folder_and_wrong_type(engine: Engine, tmp_path: Path) -> None:
    assert problems(engine, tmp_path / "nope.csv") == [f"{tmp_path / 'nope.csv'}: JE004 no such file (check the path)"]
    folder = tmp_path / "log.csv"
    folder.mkdir()
    assert problems(engine, folder) == [f"{folder}: JE004 is a folder, not an event log (give the file inside it)"]
    sheet = tmp_path / "log.xlsx"
    sheet.write_bytes(b"x")
    assert problems(engine, sheet)[0].startswith(f"{sheet}: JE101 cannot read events from a xlsx file")
    other = tmp_path / "log.doc"
    other.write_bytes(b"x")
    assert "JE101" in problems(engine, other)[0]


# ---- Parquet -----------------------------------------------------------------------------------------------------
def test_parquet_typed_columns(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    table = pa.table(
        {
            "customer_id": pa.array([7, 7, 8], pa.int64()),
            "event": ["a", "b", "a"],
            "time:timestamp": pa.array(
                [dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC),
                 dt.datetime(2026, 1, 2, tzinfo=dt.UTC)],
                pa.timestamp("us", tz="UTC"),
            ),
        }
    )  # fmt: skip
    pq.write_table(table, path)
    found = rows(engine, path)
    assert [(r["case"], r["activity"], r["time"], r[ORDER]) for r in found] == [
        ("7", "a", dt.datetime(2026, 1, 1, 9), 0),
        ("7", "b", dt.datetime(2026, 1, 1, 9), 1),
        ("8", "a", dt.datetime(2026, 1, 2), 2),
    ]


def test_parquet_problems_name_row_and_column(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table({"case_id": ["a", "b", "c"], "activity": ["x", None, "y"], "timestamp": ["2026-01-01"] * 3}), path
    )
    assert problems(engine, path) == [f"{path}: row 2, column activity: JE104 column 'activity': no activity"]
    numbers = tmp_path / "numbers.parquet"
    pq.write_table(pa.table({"case_id": ["a"], "activity": ["x"], "timestamp": [1.5]}), numbers)
    [problem] = problems(engine, numbers)
    assert "JE103 column 'timestamp' holds float64, not timestamps" in problem


# ---- XES ---------------------------------------------------------------------------------------------------------
SMALL = [
    ("case-1", "Open app", dt.datetime(2026, 2, 1, 8, 0), "app"),
    ("case-1", "Order coffee", dt.datetime(2026, 2, 1, 8, 5), "app"),
    ("case-1", "Collect at counter", dt.datetime(2026, 2, 1, 8, 5), "store"),
    ("case-2", "Order coffee", dt.datetime(2026, 2, 2, 12, 0), "store"),
    ("case-2", "Rate visit", dt.datetime(2026, 2, 2, 12, 30, 0, 250000), "email"),
    ("case-3", "Open app", dt.datetime(2026, 2, 3, 7, 0), "app"),
    ("case-3", "Order coffee", dt.datetime(2026, 2, 3, 7, 1), "app"),
    ("case-3", "Collect at counter", dt.datetime(2026, 2, 3, 7, 9), "store"),
]


@pytest.mark.parametrize("name", ["small.xes", "small.xes.gz"])
def test_xes_traces_events_and_attributes(engine: Engine, name: str) -> None:
    log = read_events(EVENTS / name, engine)
    assert (log.case, log.activity, log.time, log.channel) == (
        "concept:name", "concept:name", "time:timestamp", "org:channel",
    )  # fmt: skip
    assert log.columns == ("channel", "concept:name", "org:channel", "org:resource", "time:timestamp")
    found = engine.rows(log.table.order_by(ORDER))
    assert [(r["case"], r["activity"], r["time"], r["channel"]) for r in found] == SMALL
    assert [r[ORDER] for r in found] == list(range(8))
    assert found[0]["resource"] == "system" and found[2]["resource"] == "barista"


def test_xes_is_streamed_and_elements_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each trace, event and log attribute is removed from the tree once read: the root holds nothing at the end
    (a log of a million traces, or a trace of a million attributes, holds no more than one element at a time)."""
    seen: list[ET.Element] = []
    original = ET.iterparse

    def spying(source: Any, events: Any = None, parser: Any = None) -> Iterator[tuple[str, ET.Element]]:
        for what, elem in original(source, events=events, parser=parser):
            if not seen:
                seen.append(elem)
            yield what, elem

    monkeypatch.setattr(ET, "iterparse", spying)
    table = read_xes(EVENTS / "small.xes")
    assert table.num_rows == 8
    [root] = seen
    assert list(root) == []


def test_xes_other_attributes_by_option(engine: Engine, tmp_path: Path) -> None:
    log = read_events(EVENTS / "small.xes", engine, channel="org:resource")
    found = engine.rows(log.table.order_by(ORDER))
    assert [r["channel"] for r in found][:3] == ["system", None, "barista"]
    path = tmp_path / "other.xes"
    path.write_text(
        '<log><trace><string key="concept:name" value="k"/><event><string key="action" value="Pay"/>'
        '<date key="when" value="2026-01-01T10:00:00+01:00"/></event></trace></log>',
        encoding="utf-8",
    )
    log = read_events(path, engine, activity="action", time="when")
    assert (log.activity, log.time, log.channel) == ("action", "when", None)
    assert engine.rows(log.table) == [
        {"case": "k", "activity": "Pay", "time": dt.datetime(2026, 1, 1, 9), "resource": None, ORDER: 0}
    ]


def test_xes_unknown_attribute_says_did_you_mean(engine: Engine) -> None:
    [problem] = problems(engine, EVENTS / "small.xes", activity="concept:nam")
    assert "JE010 no event has the attribute 'concept:nam' (activity (touchpoint))" in problem
    assert "did you mean 'concept:name'?" in problem
    [problem] = problems(engine, EVENTS / "small.xes", case="org:resource")
    assert "JE010 --case 'org:resource' does not apply to XES logs" in problem


def test_truncated_xes_gives_line_and_column(engine: Engine) -> None:
    path = EVENTS / "truncated.xes"
    [problem] = problems(engine, path)
    assert problem.startswith(f"{path}:48:4: JE105 not a readable XES file")
    assert problem.endswith("(the XML is malformed)")
    cut = EVENTS / "small.xes"
    text = cut.read_text(encoding="utf-8")
    assert len(text.splitlines()) > 48


def test_xes_cut_between_elements_is_truncated(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cut.xes"
    data = (EVENTS / "small.xes").read_text(encoding="utf-8")
    path.write_text(data[: data.index("</trace>") + len("</trace>\n")], encoding="utf-8")
    [problem] = problems(engine, path)
    assert "JE105 not a readable XES file: no element found" in problem and "(the file is truncated)" in problem


def test_broken_gzip(engine: Engine, tmp_path: Path) -> None:
    [problem] = problems(engine, EVENTS / "truncated.xes.gz")
    assert "JE105 broken gzip stream" in problem and "(the file is truncated)" in problem
    fake = tmp_path / "fake.xes.gz"
    shutil.copy(EVENTS / "small.xes", fake)
    [problem] = problems(engine, fake)
    assert "JE105 broken gzip stream: Not a gzipped file" in problem


def test_xes_events_without_name_or_time(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "holes.xes.gz"
    events = "".join(
        f'<event><string key="concept:name" value="a"/><date key="time:timestamp" value="{stamp}"/></event>'
        for stamp in ("2026-01-01T10:00:00", "not a date", "2026-01-01T10:00:00", "neither")
    )
    xml = (
        '<log xmlns="http://www.xes-standard.org/"><trace><string key="concept:name" value="t1"/>'
        f'{events}<event><date key="time:timestamp" value="2026-01-01T11:00:00"/></event></trace>'
        '<trace><event><string key="concept:name" value="b"/></event></trace></log>'
    )
    path.write_bytes(gzip.compress(xml.encode(), mtime=0))
    assert problems(engine, path) == [
        f"{path}: trace #2: JE104 a trace without 'concept:name' (no case id)",
        f"{path}: trace 't1' event 5: JE104 an event without 'concept:name' (no activity)",
        f"{path}: trace #2 event 1: JE103 an event without 'time:timestamp' (no timestamp)",
        f"{path}: trace 't1' event 2: JE103 cannot read the timestamp 'not a date' (write times as ISO 8601, "
        "e.g. 2026-03-01 14:05:00, 2026-03-01T14:05:00Z or 2026-03-01T14:05:00+01:00)",
        f"{path}: trace 't1' event 4: JE103 cannot read the timestamp 'neither' (write times as ISO 8601, "
        "e.g. 2026-03-01 14:05:00, 2026-03-01T14:05:00Z or 2026-03-01T14:05:00+01:00)",
    ]


def test_xes_without_events(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "none.xes"
    path.write_text('<log xmlns="http://www.xes-standard.org/"><trace/></log>', encoding="utf-8")
    assert problems(engine, path) == [f"{path}: JE005 the log has no events"]


# ---- the generator: every format it writes reads back the same ---------------------------------------------------
def test_generated_logs_read_the_same_in_every_format(engine: Engine, tmp_path: Path) -> None:
    gen = gen_events()
    tables = []
    for name in ("log.csv", "log.parquet", "log.xes", "log.xes.gz"):
        path = tmp_path / name
        gen.write_log(path, gen.generate(7, cases=120))
        found = rows(engine, path)
        tables.append([(r["case"], r["activity"], r["time"], r["channel"], r[ORDER]) for r in found])
    assert tables[0] == tables[1] == tables[2] == tables[3]
    assert len({r[0] for r in tables[0]}) == 120


def test_generator_is_deterministic_and_exact_in_size(tmp_path: Path) -> None:
    gen = gen_events()
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    gen.write_log(first, gen.generate(3, events=5_000))
    gen.write_log(second, gen.generate(3, events=5_000))
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_text(encoding="utf-8").splitlines()) == 5_001
    assert not list(tmp_path.glob(".*.tmp"))
