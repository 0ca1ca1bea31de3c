"""Hostile evidence for `journeymap evidence summarize`, `measure`, `discover`, `report`, `validate` and `build`:
surveys (CSV, Parquet), mapping files, event logs (CSV, Parquet, XES, XES.gz) and the evidence paths of a workspace.

Big and hostile files are made by callables when the case runs (nothing big is committed); a "bomb" is built from
repeated gzip members or Parquet row groups, so making it takes milliseconds.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from corpus import Case

SURVEY = "respondent_id,segment,w,q1,q2\nr1,a,1,5,6\nr2,b,2,7,8\nr3,a,1,3,4\n"
WIDE = ["--wide", "q1,q2"]
EVENTS = (
    "case_id,activity,timestamp\n"
    "c1,Open app,2026-02-01 08:00:00\nc1,Order,2026-02-01 08:05:00\nc2,Open app,2026-02-02 09:00:00\n"
    "c2,Order,2026-02-02 09:01:00\nc2,Collect,2026-02-02 09:10:00\n"
)
XES_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xmlns="http://www.xes-standard.org/">\n'
XES_TRACE = (
    '<trace><string key="concept:name" value="c1"/>\n'
    '<event><string key="concept:name" value="Open app"/><date key="time:timestamp" value="2026-02-01T08:00:00Z"/>'
    "</event>\n"
    '<event><string key="concept:name" value="Order"/><date key="time:timestamp" value="2026-02-01T08:05:00+01:00"/>'
    "</event>\n</trace>\n"
)
XES = XES_HEAD + XES_TRACE + "</log>\n"


def summarize(name: str, *extra: str) -> list[str]:
    return ["evidence", "summarize", "{dir}/" + name, *extra]


def discover(name: str, *extra: str) -> list[str]:
    return ["discover", "{dir}/" + name, *extra]


# ---- builders of big or special files ---------------------------------------------------------------------------
def in_child(make: Callable[[Path], None]) -> Callable[[Path], None]:
    """Run a builder in a forked child: what it allocates (pyarrow's pool keeps it) must not grow the corpus server,
    whose memory every later case inherits and would be counted in its peak."""

    def build(path: Path) -> None:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                make(path)
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"building {path.name} failed")

    return build


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def sparse(size: int) -> Callable[[Path], None]:
    """A file of ``size`` bytes that takes no disk space (a hole): refused by its size before it is read."""

    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(b"respondent_id,q1\n")
            handle.truncate(size)

    return make


def wide_survey(columns: int, rows: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("w", encoding="utf-8") as handle:
            handle.write("respondent_id," + ",".join(f"q{i}" for i in range(columns)) + "\n")
            for r in range(rows):
                handle.write(f"r{r}," + ",".join(str((r * 7 + i) % 10 + 1) for i in range(columns)) + "\n")

    return in_child(make)


def one_long_row(columns: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_text(",".join(f"x{i}" for i in range(columns)) + "\n", encoding="utf-8")

    return make


def one_case_events(count: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        steps = ("Open app", "Browse", "Add to basket", "Pay")
        with path.open("w", encoding="utf-8") as handle:
            handle.write("case_id,activity,timestamp\n")
            for i in range(count):
                day, hour, minute, second = 1 + i // 86_400 % 28, i // 3600 % 24, i // 60 % 60, i % 60
                handle.write(f"c1,{steps[i % 4]},2026-01-{day:02d} {hour:02d}:{minute:02d}:{second:02d}\n")

    return in_child(make)


def gzip_bomb(
    members: int, member: bytes, head: bytes = XES_HEAD.encode(), tail: bytes = b"</log>\n"
) -> Callable[[Path], None]:
    """``members`` copies of one gzip member: a file of a few MB that unpacks to GBs."""

    def make(path: Path) -> None:
        packed = gzip.compress(member, mtime=0)
        with path.open("wb") as handle:
            handle.write(gzip.compress(head, mtime=0))
            for _ in range(members):
                handle.write(packed)
            handle.write(gzip.compress(tail, mtime=0))

    return in_child(make)


def big_attribute(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write((XES_HEAD + '<trace><string key="concept:name" value="c1"/>\n<event>\n').encode())
            handle.write(b'<string key="concept:name" value="')
            block = b"a" * (1 << 20)
            for _ in range(size // len(block)):
                handle.write(block)
            handle.write(b'"/>\n<date key="time:timestamp" value="2026-01-01T00:00:00"/></event></trace></log>\n')

    return in_child(make)


def xes_many_attributes(count: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        attributes = "".join(f'<string key="k{i}" value="v"/>' for i in range(count))
        path.write_text(
            XES_HEAD + '<trace><string key="concept:name" value="c1"/><event>'
            '<string key="concept:name" value="a"/><date key="time:timestamp" value="2026-01-01T00:00:00"/>'
            f"{attributes}</event></trace></log>\n",
            encoding="utf-8",
        )

    return in_child(make)


def parquet(columns: dict[str, object], *, rows_groups: int = 1) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(columns)
        with pq.ParquetWriter(path, table.schema) as writer:
            for _ in range(rows_groups):
                writer.write_table(table)

    return in_child(make)


@in_child
def parquet_duplicate_columns(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_arrays([pa.array(["r1", "r2"]), pa.array([5, 6]), pa.array([7, 8])], ["id", "q1", "q1"])
    pq.write_table(table, path)


@in_child
def parquet_bomb(path: Path) -> None:
    """A Parquet file of a few hundred KB declaring 60 million rows (one constant column, dictionary-encoded)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    block = pa.table({"respondent_id": pa.array(["r"] * 1_000_000), "q1": pa.array([5] * 1_000_000, pa.int64())})
    with pq.ParquetWriter(path, block.schema, compression="zstd") as writer:
        for _ in range(60):
            writer.write_table(block, row_group_size=1_000_000)


def truncated_copy(make: Callable[[Path], None], keep: float) -> Callable[[Path], None]:
    def cut(path: Path) -> None:
        make(path)
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return cut


def truncated_gzip(path: Path) -> None:
    data = gzip.compress((XES_HEAD + XES_TRACE * 200 + "</log>\n").encode(), mtime=0)
    path.write_bytes(data[: len(data) // 2])


def gzipped(text: str) -> bytes:
    return gzip.compress(text.encode(), mtime=0)


# ---- checks of what a command printed ------------------------------------------------------------------------------
def run_json(argv: list[str], check: Callable[[object], str | None]) -> Callable[[Path], int]:
    """Run ``argv`` (with ``{dir}``) with --format json; exit 1 with a message when ``check`` finds something wrong."""

    def call(folder: Path) -> int:
        from journeymap.cli.main import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main([a.replace("{dir}", str(folder)) for a in argv])
        if code != 0:
            return code
        text = out.getvalue()
        if "NaN" in text or "Infinity" in text:
            sys.stderr.write(f"stdout: bare NaN or Infinity in the JSON: {text[:300]}\n")
            return 1
        wrong = check(json.loads(text))
        if wrong:
            sys.stderr.write(f"stdout: {wrong}\n")
            return 1
        return 0

    return call


def overall(rows: object, element: str) -> dict[str, object]:
    assert isinstance(rows, list)
    return next(r for r in rows if r["element"] == element and r["segment"] is None)


def mean_is(element: str, n: int, mean: float) -> Callable[[object], str | None]:
    def check(rows: object) -> str | None:
        row = overall(rows, element)
        if row["n"] != n or abs(float(row["mean"]) - mean) > 1e-9:  # type: ignore[arg-type]
            return f"{element}: n = {row['n']}, mean = {row['mean']}; expected n = {n}, mean = {mean}"
        return None

    return check


# ---- a workspace with evidence ---------------------------------------------------------------------------------------
MAP = """journeymap: 1
id: loan
type: customer-journey-map
title: Home loan
stages:
  - id: research
    name: Research
    steps:
      - id: q1
        name: Estimate borrowing
      - id: q2
        name: Compare rates
"""


def workspace(events: str, **extra: object) -> dict[str, object]:
    files: dict[str, object] = {
        "ws/journeymap.yaml": f"journeymap: 1\nname: Bank\nevidence:\n  - map: loan\n    events: {events}\n",
        "ws/maps/loan.yaml": MAP,
        "outside/secret.csv": "case_id,activity,timestamp\nSECRET,Password 1234,2026-01-01 10:00:00\n",
    }
    files.update(extra)  # type: ignore[arg-type]
    return files


def cases() -> list[Case]:
    bad_weight = "respondent_id,w,q1\nr1,1,5\nr2,{},6\n"
    return [
        # ---- from the issue -------------------------------------------------------------------------------------
        Case(
            "evidence/survey-name-with-brackets-is-a-name-not-a-pattern",
            files={"survey [final].csv": "respondent_id,q1\nr1,5\nr2,7\n", "survey f.csv": "respondent_id,q1\nr9,1\n"},
            call=run_json(summarize("survey [final].csv", "--wide", "q1", "--format", "json"), mean_is("q1", 2, 6.0)),
            expect="ok",
            note="DuckDB read 'survey [final].csv' as a glob and summarised 'survey f.csv' (n = 1, mean 1.0)",
        ),
        Case(
            "evidence/survey-name-with-a-star-is-a-name-not-a-pattern",
            files={
                "s*.csv": "respondent_id,q1\nr1,4\n",
                "s1.csv": "respondent_id,q1\nr1,9\n",
                "s2.csv": "respondent_id,q1\nr2,9\n",
            },
            call=run_json(summarize("s*.csv", "--wide", "q1", "--format", "json"), mean_is("q1", 1, 4.0)),
            expect="ok",
        ),
        Case(
            "evidence/a-pattern-that-names-no-file-is-refused",
            files={"s1.csv": "respondent_id,q1\nr1,9\n", "s2.csv": "respondent_id,q1\nr2,9\n"},
            argv=summarize("s*.csv", "--wide", "q1"),
            where="s*.csv: JE004",
            note="s*.csv summed two files",
        ),
        Case(
            "evidence/parquet-name-with-brackets-is-a-name",
            files={
                "answers [v2].parquet": parquet({"respondent_id": ["r1"], "q1": [8]}),
                "answers 2.parquet": parquet({"respondent_id": ["r1"], "q1": [1]}),
            },
            call=run_json(summarize("answers [v2].parquet", "--wide", "q1", "--format", "json"), mean_is("q1", 1, 8.0)),
            expect="ok",
        ),
        Case(
            "evidence/event-log-name-with-question-mark-is-a-name",
            files={"log?.csv": EVENTS, "log1.csv": EVENTS.replace("c2,", "zz,")},
            argv=discover("log?.csv"),
            expect="ok",
        ),
        Case(
            "evidence/text-in-the-weight-column",
            files={"answers.csv": bad_weight.format("abc")},
            argv=summarize("answers.csv", "--wide", "q1", "--weight", "w"),
            where="answers.csv:3:2",
            note="DuckDB ConversionException, exit 3",
        ),
        Case(
            "evidence/event-time-in-year-0000",
            files={"log.csv": EVENTS + "c3,Open app,0000-01-01 10:00:00\n"},
            argv=discover("log.csv"),
            where="log.csv:7:3",
            note="OverflowError: date value out of range",
        ),
        Case(
            "evidence/event-time-in-year-99999",
            files={"log.csv": EVENTS + "c3,Open app,99999-01-01 10:00:00\n"},
            argv=discover("log.csv"),
            where="log.csv:7:3",
        ),
        Case(
            "evidence/xes-gz-of-2-gb-whitespace",
            files={"log.xes.gz": gzip_bomb(2048, b" " * (1 << 20))},
            argv=discover("log.xes.gz"),
            where="log.xes.gz",
            note="a 2 MB .xes.gz holding 2 GB of whitespace: the server peaked at 2.2 GB",
        ),
        Case(
            "evidence/xes-gz-bomb-of-elements-hits-the-ratio",
            files={"log.xes.gz": gzip_bomb(2048, (b'<string key="k" value="v"/>' + b" " * 2000) * 500)},
            argv=discover("log.xes.gz"),
            where="compression_ratio",
        ),
        Case(
            "evidence/xes-attribute-of-50-mb",
            files={"log.xes": big_attribute(50 << 20)},
            argv=discover("log.xes"),
            where="xes_attribute_chars",
            note="more than 90 s before",
        ),
        Case(
            "evidence/xes-billion-laughs",
            files={
                "log.xes": '<?xml version="1.0"?>\n<!DOCTYPE log [\n <!ENTITY a "aaaaaaaaaa">\n'
                + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(10))
                + ']>\n<log><trace><string key="concept:name" value="&k;"/></trace></log>\n'
            },
            argv=discover("log.xes"),
            where="log.xes:2: JE106",
        ),
        Case(
            "evidence/xes-external-entity",
            files={
                "log.xes": '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                '<log><trace><string key="concept:name" value="&x;"/></trace></log>\n'
            },
            argv=discover("log.xes"),
            where="JE106",
        ),
        Case(
            "evidence/survey-of-250-columns-is-fast",
            files={"wide.csv": wide_survey(250, 300)},
            argv=summarize("wide.csv", "--wide", ",".join(f"q{i}" for i in range(250)), "--format", "json"),
            expect="ok",
            note="250 columns took 155 s at 1.1 GB",
        ),
        Case(
            "evidence/survey-of-5000-columns-is-refused-at-once",
            files={"wide.csv": wide_survey(5000, 3)},
            argv=summarize("wide.csv", "--wide", "q1"),
            where="wide.csv:1: JM900",
            note="5,000 columns never finished",
        ),
        Case(
            "evidence/validate-refuses-events-outside-the-workspace",
            files=workspace("../outside/secret.csv"),
            argv=["validate", "{dir}/ws"],
            where="journeymap.yaml:",
        ),
        Case(
            "evidence/build-does-not-copy-a-file-outside-the-workspace",
            files=workspace("../outside/secret.csv"),
            argv=["build", "{dir}/ws", "-o", "{dir}/site"],
            where="journeymap.yaml:",
            outputs=["site/index.html", "site/loan-report.html"],
        ),
        Case(
            "evidence/build-refuses-a-symlink-that-points-out",
            files=workspace("evidence/log.csv", **{"ws/evidence/log.csv": link_to("../../outside/secret.csv")}),
            argv=["build", "{dir}/ws", "-o", "{dir}/site"],
            where="journeymap.yaml:",
            outputs=["site/index.html", "site/loan-report.html"],
        ),
        Case(
            "evidence/build-refuses-an-absolute-evidence-path",
            files=workspace("/etc/passwd"),
            argv=["build", "{dir}/ws", "-o", "{dir}/site"],
            where="journeymap.yaml:",
            outputs=["site/index.html"],
        ),
        Case(
            "evidence/a-good-workspace-with-evidence-builds",
            files=workspace("evidence/log.csv", **{"ws/evidence/log.csv": EVENTS}),
            argv=["build", "{dir}/ws", "-o", "{dir}/site"],
            expect="ok",
        ),
        Case(
            "evidence/one-long-row-names-the-limit-not-the-case-id",
            files={"log.csv": one_long_row(50_000)},
            argv=discover("log.csv"),
            where="log.csv:1: JM900",
            note="said 'cannot tell which column holds the case id' and listed 50,000 columns",
        ),
        Case(
            "evidence/one-long-row-under-the-limit-lists-a-few-columns",
            files={"log.csv": one_long_row(1500)},
            argv=discover("log.csv"),
            where="log.csv:1: JE102",
        ),
        Case(
            "evidence/json-of-a-single-answer-has-no-nan",
            files={"answers.csv": "respondent_id,q1\nr1,5\n"},
            call=run_json(summarize("answers.csv", "--wide", "q1", "--format", "json"), mean_is("q1", 1, 5.0)),
            expect="ok",
        ),
        Case(
            "evidence/json-of-zero-weights-has-no-nan",
            files={"answers.csv": "respondent_id,w,q1,q2\nr1,0,5,6\nr2,0,7,8\nr3,1,3,9\n"},
            call=run_json(summarize("answers.csv", *WIDE, "--weight", "w", "--format", "json"), mean_is("q1", 1, 3.0)),
            expect="ok",
        ),
        Case(
            "evidence/mapping-with-billion-laughs-aliases",
            files={
                "answers.csv": SURVEY,
                "mapping.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(10))
                + "form: wide\ncolumns: {q1: q1}\n",
            },
            argv=summarize("answers.csv", "--mapping", "{dir}/mapping.yaml"),
            where="mapping.yaml",
            note="a --mapping file with 11 levels of 10 aliases reached 2.2 GB",
        ),
        # ---- surveys: values --------------------------------------------------------------------------------------
        Case(
            "evidence/negative-weight",
            files={"answers.csv": bad_weight.format("-2")},
            argv=summarize("answers.csv", "--wide", "q1", "--weight", "w"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/missing-weight",
            files={"answers.csv": bad_weight.format("")},
            argv=summarize("answers.csv", "--wide", "q1", "--weight", "w"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/nan-weight",
            files={"answers.csv": bad_weight.format("nan")},
            argv=summarize("answers.csv", "--wide", "q1", "--weight", "w"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/infinite-weight",
            files={"answers.csv": bad_weight.format("inf")},
            argv=summarize("answers.csv", "--wide", "q1", "--weight", "w"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/huge-weight-number",
            files={"answers.csv": bad_weight.format("1e400")},
            argv=summarize("answers.csv", "--wide", "q1", "--weight", "w"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/zero-weights-are-fine",
            files={"answers.csv": "respondent_id,w,q1\nr1,0,5\nr2,2,7\nr3,2,9\n"},
            call=run_json(
                summarize("answers.csv", "--wide", "q1", "--weight", "w", "--format", "json"), mean_is("q1", 2, 8.0)
            ),
            expect="ok",
        ),
        Case(
            "evidence/weight-column-that-does-not-exist",
            files={"answers.csv": SURVEY},
            argv=summarize("answers.csv", *WIDE, "--weight", "weight"),
            where="answers.csv:1:1",
        ),
        Case(
            "evidence/text-in-a-rating",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2,good\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/rating-out-of-scale",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2,11\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/rating-nan",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2,NaN\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/rating-huge-number",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2,1e400\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/rating-of-5000-digits",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2," + "9" * 5000 + "\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:3:2",
        ),
        Case(
            "evidence/missing-values-listed-are-not-counted",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2,n/a\nr3,7\n"},
            call=run_json(
                summarize("answers.csv", "--wide", "q1", "--missing", "n/a", "--format", "json"), mean_is("q1", 2, 6.0)
            ),
            expect="ok",
        ),
        Case(
            "evidence/long-form-with-text-in-value",
            files={"answers.csv": "respondent,element,measure,value\nr1,q1,rating,5\nr1,q2,rating,great\n"},
            argv=summarize("answers.csv", "--long"),
            where="answers.csv:3:4",
        ),
        Case(
            "evidence/scale-upside-down",
            files={"answers.csv": SURVEY},
            argv=summarize("answers.csv", *WIDE, "--scale", "10-1"),
            where="--scale",
        ),
        Case(
            "evidence/measure-refused-leaves-the-map",
            files={"answers.csv": bad_weight.format("abc"), "map.yaml": MAP, "out.yaml": "old\n"},
            argv=[
                "measure",
                "{dir}/map.yaml",
                "{dir}/answers.csv",
                "--wide",
                "q1",
                "--weight",
                "w",
                "-o",
                "{dir}/out.yaml",
            ],
            where="answers.csv:3:2",
            outputs=["out.yaml"],
        ),
        Case(
            "evidence/report-with-a-bad-survey-writes-nothing",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2,eleven\n", "map.yaml": MAP},
            argv=["report", "{dir}/map.yaml", "--survey", "{dir}/answers.csv", "--wide", "q1", "-o", "{dir}/r.html"],
            where="answers.csv:3:2",
            outputs=["r.html"],
        ),
        # ---- surveys: the file -----------------------------------------------------------------------------------
        Case(
            "evidence/empty-survey",
            files={"answers.csv": b""},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv: JE005",
        ),
        Case(
            "evidence/blank-survey",
            files={"answers.csv": "\n\n  \n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv: JE005",
        ),
        Case(
            "evidence/header-only-survey",
            files={"answers.csv": "respondent_id,q1\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv",
        ),
        Case(
            "evidence/survey-with-utf8-bom",
            files={"answers.csv": b"\xef\xbb\xbfrespondent_id,q1\nr1,5\nr2,7\n"},
            call=run_json(summarize("answers.csv", "--wide", "q1", "--format", "json"), mean_is("q1", 2, 6.0)),
            expect="ok",
        ),
        Case(
            "evidence/survey-in-utf16",
            files={"answers.csv": "respondent_id,q1\nr1,5\n".encode("utf-16")},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:1:1: JE003",
        ),
        Case(
            "evidence/survey-in-utf16-without-bom",
            files={"answers.csv": "respondent_id,q1\nr1,5\n".encode("utf-16-le")},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:1:2: JE003",
        ),
        Case(
            "evidence/survey-in-latin1",
            files={"answers.csv": "respondent_id,segment,q1\nr1,caf\xe9,5\n".encode("latin-1")},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:2:7: JE003",
        ),
        Case(
            "evidence/survey-with-a-nul-byte",
            files={"answers.csv": b"respondent_id,q1\nr1,5\x00\nr2,6\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:2:5: JE003",
        ),
        Case(
            "evidence/survey-that-ends-inside-a-character",
            files={"answers.csv": "respondent_id,q1\nr1,5\nr2,é".encode()[:-1]},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:3:4: JE003",
        ),
        Case(
            "evidence/survey-that-is-a-folder",
            files={"answers.csv/inside.txt": "x"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv: JE004",
        ),
        Case(
            "evidence/survey-that-is-a-fifo",
            files={"answers.csv": fifo},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv: JE004",
        ),
        Case(
            "evidence/survey-that-links-to-dev-zero",
            files={"answers.csv": link_to("/dev/zero")},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv: JE004",
        ),
        Case(
            "evidence/survey-that-links-to-nowhere",
            files={"answers.csv": link_to("gone.csv")},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv: JE004",
        ),
        Case(
            "evidence/survey-of-1-gb-is-refused-by-its-size",
            files={"answers.csv": sparse(1 << 30)},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="file_mb",
        ),
        Case(
            "evidence/survey-with-a-quote-left-open",
            files={"answers.csv": 'respondent_id,q1,comment\nr1,5,"fine\nr2,6,ok\n'},
            call=run_json(summarize("answers.csv", "--wide", "q1", "--format", "json"), mean_is("q1", 2, 5.5)),
            expect="ok",
            note="the reader sees no quoting in this file: the quote is text, and no answer is swallowed",
        ),
        Case(
            "evidence/survey-with-mixed-delimiters",
            files={"answers.csv": "respondent_id,q1,q2\nr1;5;6\nr2,7,8\n"},
            argv=summarize("answers.csv", *WIDE),
            where="answers.csv",
        ),
        Case(
            "evidence/survey-with-a-short-row",
            files={"answers.csv": "respondent_id,q1,q2\nr1,5,6\nr2,7\n"},
            argv=summarize("answers.csv", *WIDE),
            where="answers.csv",
        ),
        Case(
            "evidence/survey-of-10000-columns",
            files={"answers.csv": wide_survey(10_000, 2)},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:1: JM900",
        ),
        Case(
            "evidence/survey-with-a-header-of-one-huge-name",
            files={"answers.csv": "respondent_id,q" + "x" * 600_000 + "\nr1,5\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:1: JM900",
        ),
        Case(
            "evidence/duplicate-header",
            files={"answers.csv": "respondent_id,q1,q1\nr1,5,9\nr2,7,9\n"},
            argv=summarize("answers.csv", "--wide", "q1"),
            where="answers.csv:1:3: JE008",
            note="a reader renames the second q1 (q1_1) or keeps one: silently another column",
        ),
        Case(
            "evidence/duplicate-header-in-an-event-log",
            files={"log.csv": "case_id,activity,activity,timestamp\nc1,a,b,2026-01-01 10:00:00\n"},
            argv=discover("log.csv"),
            where="log.csv:1:3",
        ),
        Case(
            "evidence/survey-of-an-unknown-type",
            files={"answers.json": "[]"},
            argv=summarize("answers.json", "--wide", "q1"),
            where="answers.json",
        ),
        # ---- mapping files ---------------------------------------------------------------------------------------
        Case(
            "evidence/mapping-with-an-unknown-key",
            files={"answers.csv": SURVEY, "mapping.yaml": "form: wide\ncolumns: {q1: q1}\nweigth: w\n"},
            argv=summarize("answers.csv", "--mapping", "{dir}/mapping.yaml"),
            where="mapping.yaml:3",
        ),
        Case(
            "evidence/mapping-that-is-a-list",
            files={"answers.csv": SURVEY, "mapping.yaml": "- q1\n- q2\n"},
            argv=summarize("answers.csv", "--mapping", "{dir}/mapping.yaml"),
            where="mapping.yaml",
        ),
        Case(
            "evidence/mapping-that-is-a-folder",
            files={"answers.csv": SURVEY, "mapping.yaml/x": "x"},
            argv=summarize("answers.csv", "--mapping", "{dir}/mapping.yaml"),
            where="mapping.yaml",
        ),
        Case(
            "evidence/mapping-nested-500-deep",
            files={"answers.csv": SURVEY, "mapping.yaml": "columns: " + "[" * 500 + "]" * 500 + "\n"},
            argv=summarize("answers.csv", "--mapping", "{dir}/mapping.yaml"),
            where="mapping.yaml",
        ),
        # ---- Parquet surveys -------------------------------------------------------------------------------------
        Case(
            "evidence/parquet-truncated",
            files={"answers.parquet": truncated_copy(parquet({"respondent_id": ["r1", "r2"], "q1": [5, 6]}), 0.6)},
            argv=summarize("answers.parquet", "--wide", "q1"),
            where="answers.parquet",
        ),
        Case(
            "evidence/parquet-that-is-text",
            files={"answers.parquet": SURVEY},
            argv=summarize("answers.parquet", "--wide", "q1"),
            where="answers.parquet",
        ),
        Case(
            "evidence/parquet-with-text-ratings",
            files={"answers.parquet": parquet({"respondent_id": ["r1", "r2"], "q1": ["5", "very good"]})},
            argv=summarize("answers.parquet", "--wide", "q1"),
            where="answers.parquet: row 2, column q1",
        ),
        Case(
            "evidence/parquet-with-nested-ratings",
            files={"answers.parquet": parquet({"respondent_id": ["r1", "r2"], "q1": [[5, 6], [7]]})},
            argv=summarize("answers.parquet", "--wide", "q1"),
            where="answers.parquet: row 1, column q1",
        ),
        Case(
            "evidence/parquet-with-struct-weights",
            files={"answers.parquet": parquet({"respondent_id": ["r1"], "w": [{"a": 1}], "q1": [5]})},
            argv=summarize("answers.parquet", "--wide", "q1", "--weight", "w"),
            where="answers.parquet",
        ),
        Case(
            "evidence/parquet-bomb-of-60-million-rows",
            files={"answers.parquet": parquet_bomb},
            argv=summarize("answers.parquet", "--wide", "q1"),
            where="answers.parquet: JM900",
        ),
        Case(
            "evidence/parquet-with-duplicate-columns",
            files={"answers.parquet": parquet_duplicate_columns},
            argv=summarize("answers.parquet", "--wide", "q1"),
            where="JE008",
        ),
        Case(
            "evidence/parquet-without-rows",
            files={"answers.parquet": parquet({"respondent_id": pa_strings(), "q1": pa_ints()})},
            argv=summarize("answers.parquet", "--wide", "q1"),
            where="answers.parquet",
        ),
        # ---- event logs: CSV ---------------------------------------------------------------------------------------
        Case(
            "evidence/times-in-many-formats-and-zones",
            files={
                "log.csv": "case_id,activity,timestamp\nc1,a,2026-02-01T08:00:00Z\nc1,b,2026-02-01 09:00:00+01:00\n"
                "c1,c,2026-02-01T08:30:00.123456-00:30\nc2,a,2026-02-02\nc2,b,2026/02/02 10:00\n"
            },
            argv=discover("log.csv", "--format", "json"),
            expect="ok",
        ),
        Case(
            "evidence/time-day-first-is-located",
            files={"log.csv": EVENTS + "c3,Open app,31/12/2026 10:00\n"},
            argv=discover("log.csv"),
            where="log.csv:7:3",
        ),
        Case(
            "evidence/time-as-epoch-seconds-is-located",
            files={"log.csv": "case_id,activity,timestamp\nc1,a,1767261600\nc1,b,1767265200\n"},
            argv=discover("log.csv"),
            where="log.csv:2:3",
        ),
        Case(
            "evidence/time-infinity-is-located",
            files={"log.csv": EVENTS + "c3,Open app,infinity\n"},
            argv=discover("log.csv"),
            where="log.csv:7:3",
        ),
        Case(
            "evidence/identical-timestamps",
            files={
                "log.csv": "case_id,activity,timestamp\n"
                + "".join(f"c{i % 3},a{i % 5},2026-01-01 10:00:00\n" for i in range(60))
            },
            argv=discover("log.csv", "--format", "json"),
            expect="ok",
        ),
        Case(
            "evidence/one-case-with-100000-events",
            files={"log.csv": one_case_events(100_000)},
            argv=discover("log.csv", "--format", "json"),
            expect="ok",
        ),
        Case("evidence/empty-event-log", files={"log.csv": b""}, argv=discover("log.csv"), where="log.csv: JE005"),
        Case(
            "evidence/event-log-header-only",
            files={"log.csv": "case_id,activity,timestamp\n"},
            argv=discover("log.csv"),
            where="log.csv: JE005",
        ),
        Case(
            "evidence/event-log-without-a-case-column",
            files={"log.csv": "who,activity,timestamp\nc1,a,2026-01-01 10:00:00\n"},
            argv=discover("log.csv"),
            where="log.csv:1: JE102",
        ),
        Case(
            "evidence/event-without-a-case-id",
            files={"log.csv": EVENTS + ",Open app,2026-02-03 10:00:00\n"},
            argv=discover("log.csv"),
            where="log.csv:7:1",
        ),
        Case(
            "evidence/event-log-with-a-nul-byte",
            files={"log.csv": EVENTS.encode() + b"c3,Op\x00en,2026-02-03 10:00:00\n"},
            argv=discover("log.csv"),
            where="log.csv:7:6",
        ),
        Case(
            "evidence/event-log-in-utf16",
            files={"log.csv": EVENTS.encode("utf-16")},
            argv=discover("log.csv"),
            where="log.csv:1:1: JE003",
        ),
        Case(
            "evidence/event-log-that-is-a-fifo",
            files={"log.csv": fifo},
            argv=discover("log.csv"),
            where="log.csv: JE004",
        ),
        Case(
            "evidence/event-log-that-links-to-dev-zero",
            files={"log.xes": link_to("/dev/zero")},
            argv=discover("log.xes"),
            where="log.xes: JE004",
        ),
        Case(
            "evidence/event-log-of-an-unknown-type",
            files={"log.xlsx": b"PK\x03\x04"},
            argv=discover("log.xlsx"),
            where="log.xlsx: JE101",
        ),
        Case(
            "evidence/discover-refused-leaves-the-draft-map",
            files={"log.csv": EVENTS + "c3,Open app,0000-01-01 10:00:00\n", "draft.yaml": "old\n"},
            argv=discover("log.csv", "--draft-map", "{dir}/draft.yaml"),
            where="log.csv:7:3",
            outputs=["draft.yaml"],
        ),
        # ---- event logs: Parquet ---------------------------------------------------------------------------------
        Case(
            "evidence/event-parquet-truncated",
            files={
                "log.parquet": truncated_copy(
                    parquet({"case_id": ["c1"], "activity": ["a"], "timestamp": ["2026-01-01 10:00:00"]}), 0.5
                )
            },
            argv=discover("log.parquet"),
            where="log.parquet",
        ),
        Case(
            "evidence/event-parquet-with-numbers-for-times",
            files={"log.parquet": parquet({"case_id": ["c1"], "activity": ["a"], "timestamp": [1.5]})},
            argv=discover("log.parquet"),
            where="log.parquet",
        ),
        Case(
            "evidence/event-parquet-with-nested-case-ids",
            files={
                "log.parquet": parquet(
                    {"case_id": [{"id": 1}], "activity": ["a"], "timestamp": ["2026-01-01 10:00:00"]}
                )
            },
            argv=discover("log.parquet", "--format", "json"),
            expect="ok",
            note="a struct case id is read as its text",
        ),
        # ---- event logs: XES -------------------------------------------------------------------------------------
        Case("evidence/xes-good", files={"log.xes": XES}, argv=discover("log.xes", "--format", "json"), expect="ok"),
        Case("evidence/xes-gz-good", files={"log.xes.gz": gzipped(XES)}, argv=discover("log.xes.gz"), expect="ok"),
        Case(
            "evidence/xes-without-traces",
            files={"log.xes": XES_HEAD + '<string key="concept:name" value="empty"/></log>\n'},
            argv=discover("log.xes"),
            where="log.xes: JE005",
        ),
        Case(
            "evidence/xes-truncated",
            files={"log.xes": (XES_HEAD + XES_TRACE * 3)[:-40]},
            argv=discover("log.xes"),
            where="log.xes:",
        ),
        Case(
            "evidence/xes-gz-that-is-not-gzip",
            files={"log.xes.gz": XES},
            argv=discover("log.xes.gz"),
            where="log.xes.gz: JE105",
        ),
        Case(
            "evidence/xes-gz-truncated",
            files={"log.xes.gz": truncated_gzip},
            argv=discover("log.xes.gz"),
            where="log.xes.gz",
        ),
        Case(
            "evidence/xes-undefined-entity",
            files={"log.xes": XES.replace('value="c1"', 'value="&boom;"')},
            argv=discover("log.xes"),
            where="log.xes:3:",
        ),
        Case(
            "evidence/xes-event-with-100000-attributes",
            files={"log.xes": xes_many_attributes(100_000)},
            argv=discover("log.xes"),
            where="log.xes:3: JM900",
        ),
        Case(
            "evidence/xes-time-in-year-0000",
            files={"log.xes": XES.replace("2026-02-01T08:00:00Z", "0000-02-01T08:00:00Z")},
            argv=discover("log.xes"),
            where="trace 'c1' event 1",
        ),
        Case(
            "evidence/xes-whitespace-between-events",
            files={
                "log.xes": XES_HEAD + XES_TRACE.replace("</event>\n", "</event>" + " " * 2_000_000 + "\n") + "</log>\n"
            },
            argv=discover("log.xes"),
            where="xes_attribute_chars",
        ),
        Case(
            "evidence/xes-in-latin1",
            files={"log.xes": XES.replace("UTF-8", "ISO-8859-1").replace("Order", "Caf\xe9").encode("latin-1")},
            argv=discover("log.xes", "--format", "json"),
            expect="ok",
            note="an XML declaration names its encoding: a Latin-1 XES file is read as such",
        ),
        Case(
            "evidence/xes-binary-garbage",
            files={"log.xes": bytes(range(256)) * 40},
            argv=discover("log.xes"),
            where="log.xes:",
        ),
    ]


def pa_strings() -> object:
    import pyarrow as pa

    return pa.array([], pa.string())


def pa_ints() -> object:
    import pyarrow as pa

    return pa.array([], pa.int64())
