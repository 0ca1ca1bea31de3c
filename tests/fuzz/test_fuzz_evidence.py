"""Fuzzing the evidence readers: random CSV tables and mutated bytes of the examples' evidence (the home-loan survey
and event log, an XES log and its gzip) through the survey summary (``summarize_survey``) and the event-log reader
(``read_events`` then ``discover``).

The only documented outcomes are a result, or a :class:`~journeymap.errors.ProblemsError` whose problems each name
their place; any other exception (a DuckDB error, an OverflowError, a UnicodeDecodeError, …) is a bug. A few dozen
examples run by default (a few seconds in CI); set the environment variable ``JOURNEYMAP_FUZZ_EXAMPLES`` (e.g.
``JOURNEYMAP_FUZZ_EXAMPLES=2000``) for a longer run.
"""

from __future__ import annotations

import contextlib
import gzip
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.errors import ProblemsError
from journeymap.evidence.discovery import discover
from journeymap.evidence.engine import Engine
from journeymap.evidence.events import read_events
from journeymap.evidence.survey import summarize_survey
from journeymap.evidence.survey_spec import ColumnTarget, SurveySpec

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_EXAMPLES", "8"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "examples" / "home-loan" / "evidence"
XES = (ROOT / "tests" / "fixtures" / "events" / "small.xes").read_bytes()


def _head(path: Path, lines: int) -> bytes:
    """The first ``lines`` lines of an example (mutating a small file keeps each example fast)."""
    with path.open("rb") as handle:
        return b"".join(handle.readline() for _ in range(lines))


SURVEY = _head(EVIDENCE / "post-completion-survey.csv", 30)
EVENTS = _head(EVIDENCE / "applications-events.csv", 60)

cells = st.one_of(
    st.integers(-3, 14).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "n/a", "NaN", "inf", "-inf", "1e400", "9" * 40, '"', '""', "a,b", "é", "\x00", "0x10"]),
    st.text(max_size=8),
)
ODD_TIMES = ["2026-02-01 08:00:00", "2026-02-01T08:00:00Z", "2026-02-01T08:00:00+05:30", "0000-01-01 00:00:00",
             "99999-01-01 00:00:00", "31/12/2026", "infinity", "", "2026-02-30 10:00:00", "1767261600"]  # fmt: skip
times = st.one_of(st.sampled_from(ODD_TIMES), st.text(max_size=12))


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine() as duck:
        yield duck


def assert_located(error: ProblemsError) -> None:
    assert error.problems, "a ProblemsError without problems"
    for problem in error.problems:
        assert problem.where, f"a problem without its place: {problem}"
        assert problem.message


@contextlib.contextmanager
def _written(data: bytes, name: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def summarize(engine: Engine, data: bytes, spec: SurveySpec, name: str = "survey.csv") -> None:
    with _written(data, name) as path:
        try:
            summary = summarize_survey(engine, path, spec)
        except ProblemsError as exc:
            assert_located(exc)
            return
        for row in summary.rows:
            for number in (row.mean, row.std, *(row.ci95 or ())):
                assert number is None or math.isfinite(number), f"{row}: a number that is not finite"


def read_log(engine: Engine, data: bytes, name: str) -> None:
    with _written(data, name) as path:
        try:
            log = read_events(path, engine)
            discover(log.table, engine, source=name)
        except ProblemsError as exc:
            assert_located(exc)


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each edit (position, bytes to remove, bytes to insert) applied."""
    buffer = bytearray(data)
    for position, remove, insert in edits:
        at = position % (len(buffer) + 1)
        buffer[at : at + remove] = insert
    return bytes(buffer)


edits = st.lists(
    st.tuples(st.integers(0, 1 << 20), st.integers(0, 8), st.binary(max_size=6) | st.sampled_from([b",", b'"', b"\n"])),
    min_size=1,
    max_size=6,
)

WIDE = SurveySpec(
    form="wide",
    columns={"q1": ColumnTarget("q1"), "q2": ColumnTarget("q2", "satisfaction")},
    respondent="respondent_id",
    weight="w",
    segment="segment",
    missing=("n/a",),
)


@FUZZ
@given(
    st.lists(st.tuples(cells, cells, cells, st.sampled_from(["a", "b", "", "a,b"])), min_size=0, max_size=12),
    st.booleans(),
)
def test_random_survey_tables(engine: Engine, rows: list[tuple[str, str, str, str]], weighted: bool) -> None:
    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n') else cell

    lines = ["respondent_id,segment,w,q1,q2"]
    lines += [",".join(quoted(c) for c in (f"r{i}", seg, w, q1, q2)) for i, (q1, q2, w, seg) in enumerate(rows)]
    spec = WIDE if weighted else SurveySpec(form="wide", columns=WIDE.columns, respondent="respondent_id")
    summarize(engine, ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"), spec)


@FUZZ
@given(edits)
def test_mutated_example_survey(engine: Engine, changes: list[tuple[int, int, bytes]]) -> None:
    spec = SurveySpec(
        form="wide",
        columns={"r-calc": ColumnTarget("r-calc"), "a-docs": ColumnTarget("a-docs")},
        respondent="respondent_id",
        weight="weight",
        missing=("0",),
    )
    summarize(engine, mutate(SURVEY, changes), spec)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["c1", "c2", "", "c,3"]), cells, times), min_size=0, max_size=12))
def test_random_event_tables(engine: Engine, rows: list[tuple[str, str, str]]) -> None:
    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n') else cell

    lines = ["case_id,activity,timestamp"] + [",".join(quoted(c) for c in row) for row in rows]
    read_log(engine, ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"), "log.csv")


@FUZZ
@given(edits, st.sampled_from(["log.csv", "log.xes", "log.xes.gz"]))
def test_mutated_example_logs(engine: Engine, changes: list[tuple[int, int, bytes]], name: str) -> None:
    if name == "log.csv":
        data = mutate(EVENTS, changes)
    elif name == "log.xes":
        data = mutate(XES, changes)
    else:
        packed = gzip.compress(XES, mtime=0)
        data = mutate(packed, changes) if changes[0][0] % 2 else gzip.compress(mutate(XES, changes), mtime=0)
    read_log(engine, data, name)


def test_the_examples_read_as_they_are(engine: Engine) -> None:
    """The unmutated inputs are valid: the fuzz tests start from files that work."""
    with _written(EVENTS, "log.csv") as path:
        assert read_events(path, engine).columns[:3] == ("case_id", "activity", "timestamp")
    with _written(XES, "log.xes") as path:
        read_events(path, engine)
