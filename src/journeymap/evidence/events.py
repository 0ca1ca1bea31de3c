"""Reading interaction events (event logs) into the one table shape that discovery aggregates.

Formats: CSV (and TSV) and Parquet are scanned by the engine (:meth:`.Engine.read`); XES and gzipped XES are
streamed here with :func:`xml.etree.ElementTree.iterparse` (each event and trace is dropped as soon as it is read,
the document is never held) into Arrow record batches, loaded with :meth:`.Engine.from_arrow`.

Every log becomes a table with the columns

=============  =====================================================================================
``case``       the case (customer, application) id, as text
``activity``   the activity (touchpoint) name, as text
``time``       the timestamp, in UTC without a zone (text with an offset is converted to UTC; text
               without one is taken as UTC)
``channel``    the channel (web, phone, …), as text; only when the log has a channel column
``__order``    the event's position in the file: equal timestamps keep file order
=============  =====================================================================================

Columns of CSV and Parquet files are found by name when ``case``, ``activity`` or ``time`` is not given
(:data:`CANDIDATES`). XES logs use the standard attributes: the trace's ``concept:name`` is the case, the
event's ``concept:name`` the activity, ``time:timestamp`` the time, ``org:channel`` (or ``channel``) the channel
and ``org:resource`` the resource; the options name other event attributes.

Bad input raises :class:`~journeymap.errors.ProblemsError`; each problem names the file and the line (CSV:
line 1 is the header, so the event at ``__order`` *n* is on line *n* + 2), the row (Parquet), the trace and event
(XES) or the line and column (XML syntax, encoding). Codes:

======  ==================================================================================================
JM601   the event log cannot be read: missing, empty, unknown type, or no events in it
JM602   the file is not UTF-8
JM603   a column is missing or cannot be found ("did you mean …?", with the columns found)
JM604   a timestamp that cannot be read (the first few rows, with the value), or a column that is not a time
JM605   an event without a case or an activity
JM606   a truncated or malformed XES file (line and column), or a broken gzip stream
======  ==================================================================================================
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import JourneymapError, Problem, ProblemsError
from ..model import did_you_mean
from .engine import ORDER, Engine, file_kind

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

__all__ = [
    "ACTIVITY",
    "CANDIDATES",
    "CASE",
    "CHANNEL",
    "MAX_SHOWN",
    "RESOURCE",
    "TIME",
    "EventLog",
    "read_events",
    "read_xes",
]

CASE, ACTIVITY, TIME, CHANNEL, RESOURCE = "case", "activity", "time", "channel", "resource"

CANDIDATES: dict[str, tuple[str, ...]] = {
    CASE: (
        "case_id", "case", "caseid", "case:concept:name", "case id", "customer_id", "customer", "customerid",
        "client_id", "client", "application_id", "applicant_id", "journey_id", "account_id", "user_id", "session_id",
        "trace_id",
    ),
    ACTIVITY: (
        "activity", "touchpoint", "concept:name", "activity_name", "event", "event_name", "event_type", "step",
        "action", "task",
    ),
    TIME: (
        "timestamp", "time", "time:timestamp", "datetime", "date_time", "event_time", "occurred_at", "created_at",
        "ts", "date",
    ),
    CHANNEL: ("channel", "org:channel", "channel_name", "touchpoint_channel", "medium"),
}  # fmt: skip
"""Column names tried, in order (ignoring case and surrounding spaces), when a column is not named."""

_OPTIONS = {CASE: "--case", ACTIVITY: "--activity", TIME: "--time", CHANNEL: "--channel"}
_ROLES = {CASE: "case (customer) id", ACTIVITY: "activity (touchpoint)", TIME: "timestamp", CHANNEL: "channel"}

MAX_SHOWN = 5
"""How many bad rows a problem lists before it says how many more there are."""

_CHUNK = 8 * 1024 * 1024
_BATCH = 65_536


@dataclass(frozen=True)
class EventLog:
    """An event log read into the engine: the table (see the module docstring) and where its columns came from."""

    table: ir.Table
    path: Path
    case: str
    activity: str
    time: str
    channel: str | None = None
    columns: tuple[str, ...] = field(default=())
    """The columns (CSV, Parquet) or event attributes (XES) the file has."""

    @property
    def has_channel(self) -> bool:
        return self.channel is not None


def read_events(
    path: str | Path,
    engine: Engine,
    *,
    case: str | None = None,
    activity: str | None = None,
    time: str | None = None,
    channel: str | None = None,
) -> EventLog:
    """Read the event log at ``path`` (CSV, TSV, Parquet, XES or XES.gz) into ``engine``, checked.

    ``case``, ``activity``, ``time`` and ``channel`` name the columns (CSV, Parquet) or event attributes (XES);
    columns not named are found by :data:`CANDIDATES`. Raises :class:`ProblemsError` listing what is wrong.
    """
    path = Path(path)
    where = str(path)
    try:
        kind = file_kind(path)
    except JourneymapError as exc:
        raise ProblemsError([Problem("JM601", where, str(exc).removeprefix(f"{path}: "))]) from None
    if kind not in ("csv", "parquet", "xes"):
        hint = "event logs are CSV, TSV, Parquet, XES or XES.gz files"
        raise ProblemsError([Problem("JM601", where, f"cannot read events from a {kind} file", hint)])
    _check_file(path)
    if kind == "xes":
        return _read_xes_log(path, engine, case=case, activity=activity, time=time, channel=channel)
    if kind == "csv":
        _check_utf8(path)
    try:
        raw = engine.read(path, ordered=True, all_text=kind == "csv")
        names = tuple(c for c in raw.columns if c != ORDER)
    except ProblemsError:
        raise
    except Exception as exc:  # the backend's own reader failed: say so, with its words
        raise ProblemsError([Problem("JM601", where, f"cannot read the file: {_first_line(exc)}")]) from None
    columns = _resolve_columns(path, names, kind, {CASE: case, ACTIVITY: activity, TIME: time, CHANNEL: channel})
    table = _normalise(path, raw, columns, kind)
    return EventLog(
        table, path, columns[CASE] or "", columns[ACTIVITY] or "", columns[TIME] or "", columns[CHANNEL], names
    )


# ---- file-level checks ----------------------------------------------------------------------------------------
def _check_file(path: Path) -> None:
    where = str(path)
    if not path.exists():
        raise ProblemsError([Problem("JM601", where, "no such file")])
    if not path.is_file():
        raise ProblemsError([Problem("JM601", where, "is a folder, not an event log")])
    if path.stat().st_size == 0:
        raise ProblemsError([Problem("JM601", where, "the file is empty", "export the log again")])


def _check_utf8(path: Path) -> None:
    """Raise JM602 at the line and column of the first byte that is not UTF-8 (streamed, chunk by chunk)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0  # bytes before the current chunk
    lines = 0  # line breaks before the current chunk
    line_start = 0  # offset of the first byte of the current line
    blank = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                data = pending + chunk
                before = data[: exc.start]
                line = lines + before.count(b"\n") + 1
                last = before.rfind(b"\n")
                start = offset - len(pending) + last + 1 if last >= 0 else line_start
                column = offset - len(pending) + exc.start - start + 1
                bad = data[exc.start : exc.start + 1].hex()
                problem = Problem(
                    "JM602",
                    f"{path}:{line}:{column}",
                    f"the file is not UTF-8 (byte 0x{bad} cannot be read)",
                    "save the log as UTF-8 (e.g. 'CSV UTF-8' in a spreadsheet, or iconv -f latin1 -t utf-8)",
                )
                raise ProblemsError([problem]) from None
            blank = blank and not text.strip("\ufeff \t\r\n")
            count = chunk.count(b"\n")
            if count:
                line_start = offset + chunk.rfind(b"\n") + 1
            lines += count
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ProblemsError([Problem("JM602", f"{path}:{lines + 1}", "the file ends inside a character")]) from None
    if blank:
        raise ProblemsError([Problem("JM601", str(path), "the file is empty", "export the log again")])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# ---- columns ----------------------------------------------------------------------------------------------------
def _resolve_columns(
    path: Path, names: Sequence[str], kind: str, given: dict[str, str | None]
) -> dict[str, str | None]:
    where = f"{path}:1" if kind == "csv" else str(path)
    found = ", ".join(repr(n) for n in names) or "none"
    resolved: dict[str, str | None] = {}
    problems: list[Problem] = []
    for role in (CASE, ACTIVITY, TIME, CHANNEL):
        wanted = given.get(role)
        if wanted is not None:
            column = _match(wanted, names)
            if column is None:
                hint = f"{did_you_mean(wanted, names)}; columns found: {found}"
                problems.append(Problem("JM603", where, f"no column {wanted!r} for the {_ROLES[role]}", hint))
            resolved[role] = column
            continue
        column = next((c for cand in CANDIDATES[role] if (c := _match(cand, names, exact=False))), None)
        if column is None and role != CHANNEL:
            tried = ", ".join(CANDIDATES[role][:5])
            hint = f"columns found: {found}; name the column with {_OPTIONS[role]} COL (tried {tried}, …)"
            problems.append(Problem("JM603", where, f"cannot tell which column holds the {_ROLES[role]}", hint))
        resolved[role] = column
    if problems:
        raise ProblemsError(problems)
    return resolved


def _match(wanted: str, names: Sequence[str], *, exact: bool = True) -> str | None:
    if exact and wanted in names:
        return wanted
    folded = [n for n in names if n.strip().casefold() == wanted.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


# ---- CSV and Parquet ---------------------------------------------------------------------------------------------
def _parsed_time(raw: ir.Table, column: str, path: Path) -> ir.Value:
    value = raw[column]
    dtype = value.type()
    if dtype.is_string():
        return value.try_cast("timestamp('UTC')").cast("timestamp")
    if dtype.is_timestamp() or dtype.is_date():
        return value.cast("timestamp")
    hint = "the time column must hold dates and times (e.g. 2026-03-01 14:05:00 or 2026-03-01T14:05:00Z)"
    raise ProblemsError([Problem("JM604", str(path), f"column {column!r} holds {dtype}, not timestamps", hint)])


def _normalise(path: Path, raw: ir.Table, columns: dict[str, str | None], kind: str) -> ir.Table:
    case, activity, time = columns[CASE] or "", columns[ACTIVITY] or "", columns[TIME] or ""
    parsed = _parsed_time(raw, time, path)
    fields: dict[str, ir.Value] = {
        CASE: raw[case].cast("string"),
        ACTIVITY: raw[activity].cast("string"),
        TIME: parsed,
    }
    if columns[CHANNEL] is not None:
        fields[CHANNEL] = raw[columns[CHANNEL]].cast("string")
    fields[ORDER] = raw[ORDER].cast("int64")
    fields[_RAW_TIME] = raw[time].cast("string")
    located = raw.select(**fields)
    _check_rows(path, located, columns, kind)
    return located.drop(_RAW_TIME)


def _check_rows(path: Path, located: ir.Table, columns: dict[str, str | None], kind: str) -> None:
    """One aggregate counts every kind of bad row; only when there are some are the first few fetched."""
    conditions = {
        "no_case": located[CASE].isnull(),
        "no_activity": located[ACTIVITY].isnull(),
        "no_time": located[_RAW_TIME].isnull(),
        "bad_time": located[TIME].isnull() & located[_RAW_TIME].notnull(),
    }
    summary = located.aggregate(events=located.count(), **{k: located.count(where=c) for k, c in conditions.items()})
    counts = {k: int(v or 0) for k, v in summary.to_pyarrow().to_pylist()[0].items()}
    if counts["events"] == 0:
        raise ProblemsError([Problem("JM601", str(path), "the log has no events (only a header)")])
    labels = {
        "no_case": ("JM605", columns[CASE], "no case id"),
        "no_activity": ("JM605", columns[ACTIVITY], "no activity"),
        "no_time": ("JM604", columns[TIME], "no timestamp"),
        "bad_time": ("JM604", columns[TIME], "a timestamp that cannot be read"),
    }
    problems: list[Problem] = []
    for key, (code, column, what) in labels.items():
        if not counts[key]:
            continue
        bad = located.filter(conditions[key]).order_by(located[ORDER]).limit(MAX_SHOWN)
        rows = bad.select(ORDER, _RAW_TIME).to_pyarrow().to_pylist()
        for item in rows:
            value = f" {item[_RAW_TIME]!r}" if key == "bad_time" else ""
            hint = _TIME_HINT if key == "bad_time" else ""
            where = _row_where(path, located, int(item[ORDER]), kind)
            problems.append(Problem(code, where, f"column {column!r}: {what}{value}", hint))
        if counts[key] > len(rows):
            more = counts[key] - len(rows)
            problems.append(Problem(code, str(path), f"column {column!r}: {what} in {more:,} more rows"))
    if problems:
        raise ProblemsError(problems)


_RAW_TIME = "__time_text"

_TIME_HINT = "write times as ISO 8601, e.g. 2026-03-01 14:05:00, 2026-03-01T14:05:00Z or 2026-03-01T14:05:00+01:00"


def _row_where(path: Path, table: ir.Table, order: int, kind: str) -> str:
    """``file:line`` of a CSV event (line 1 is the header) or ``file: row n`` of a Parquet one (1-based).

    The position is the number of events before it, so it is right on every engine (Spark's ``__order`` has
    gaps between partitions)."""
    before = int(table.filter(table[ORDER] < order).count().to_pyarrow().as_py())
    return f"{path}:{before + 2}" if kind == "csv" else f"{path}: row {before + 1}"


# ---- XES ----------------------------------------------------------------------------------------------------------
_ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id"})


@dataclass
class _XesColumns:
    """The columns being filled from one XES file, and what was wrong in it."""

    activity_key: str
    time_key: str
    channel_keys: tuple[str, ...]
    case_key: str = "concept:name"
    batches: list[pa.RecordBatch] = field(default_factory=list)
    cases: list[str | None] = field(default_factory=list)
    activities: list[str | None] = field(default_factory=list)
    times: list[dt.datetime | None] = field(default_factory=list)
    channels: list[str | None] = field(default_factory=list)
    resources: list[str | None] = field(default_factory=list)
    events: int = 0
    keys: set[str] = field(default_factory=set)
    has_channel: bool = False
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def flag(self, kind: str, problem: Problem) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        shown = self.problems.setdefault(kind, [])
        if len(shown) < MAX_SHOWN:
            shown.append(problem)

    def flush(self) -> None:
        import pyarrow as pa

        if not self.cases:
            return
        start = self.events - len(self.cases)
        arrays = [
            pa.array(self.cases, pa.string()),
            pa.array(self.activities, pa.string()),
            pa.array(self.times, pa.timestamp("us")),
            pa.array(self.channels, pa.string()),
            pa.array(self.resources, pa.string()),
            pa.array(range(start, self.events), pa.int64()),
        ]
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=_xes_schema()))
        for column in (self.cases, self.activities, self.times, self.channels, self.resources):
            column.clear()


def _xes_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            (CASE, pa.string()),
            (ACTIVITY, pa.string()),
            (TIME, pa.timestamp("us")),
            (CHANNEL, pa.string()),
            (RESOURCE, pa.string()),
            (ORDER, pa.int64()),
        ]
    )


def read_xes(
    path: str | Path, *, activity: str | None = None, time: str | None = None, channel: str | None = None
) -> pa.Table:
    """The events of an XES (or ``.xes.gz``) file as an Arrow table (see the module docstring for the columns,
    plus ``resource``), streamed: elements are dropped as soon as they are read. Raises :class:`ProblemsError`."""
    return _xes_table(Path(path), activity, time, channel)[0]


def _xes_table(
    path: Path, activity: str | None, time: str | None, channel: str | None
) -> tuple[pa.Table, tuple[str, ...]]:
    import pyarrow as pa

    _check_file(path)
    state = _XesColumns(
        activity_key=activity or "concept:name",
        time_key=time or "time:timestamp",
        channel_keys=(channel,) if channel else ("org:channel", "channel"),
    )
    try:
        with _open_xes(path) as handle:
            _stream_xes(handle, path, state)
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        hint = "the file is truncated" if "no element found" in message else "the XML is malformed"
        problem = Problem("JM606", f"{path}:{line}:{column + 1}", f"not a readable XES file: {message}", hint)
        raise ProblemsError([problem]) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        problem = Problem("JM606", str(path), f"broken gzip stream: {_first_line(exc)}", "the file is truncated")
        raise ProblemsError([problem]) from None
    state.flush()
    if state.events == 0:
        raise ProblemsError([Problem("JM601", str(path), "the log has no events")])
    _check_xes_keys(path, state, channel)
    problems = [p for kind in ("case", "activity", "time", "bad_time") for p in _with_more(state, kind, path)]
    if problems:
        raise ProblemsError(problems)
    table = pa.Table.from_batches(state.batches, schema=_xes_schema())
    if not state.has_channel:
        table = table.drop_columns([CHANNEL])
    return table, tuple(sorted(state.keys))


def _check_xes_keys(path: Path, state: _XesColumns, channel: str | None) -> None:
    """An attribute no event has is one problem (with "did you mean"), not one per event."""
    problems = []
    found = ", ".join(repr(k) for k in sorted(state.keys)) or "none"
    for kind, key, role in (("activity", state.activity_key, ACTIVITY), ("time", state.time_key, TIME)):
        if state.counts.get(kind, 0) == state.events:
            hint = f"{did_you_mean(key, state.keys)}; event attributes found: {found}"
            problems.append(Problem("JM603", str(path), f"no event has the attribute {key!r} ({_ROLES[role]})", hint))
    if channel is not None and not state.has_channel:
        hint = f"{did_you_mean(channel, state.keys)}; event attributes found: {found}"
        problems.append(Problem("JM603", str(path), f"no event has the attribute {channel!r} (channel)", hint))
    if problems:
        raise ProblemsError(problems)


def _with_more(state: _XesColumns, kind: str, path: Path) -> list[Problem]:
    shown = state.problems.get(kind, [])
    more = state.counts.get(kind, 0) - len(shown)
    if more > 0:
        code = shown[0].code
        shown = [*shown, Problem(code, str(path), f"{shown[0].message.split(':')[0]} in {more:,} more events")]
    return shown


def _open_xes(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _stream_xes(handle: io.BufferedIOBase, path: Path, state: _XesColumns) -> None:
    """Fill ``state`` from the XML, holding only the current trace's events."""
    stack: list[ET.Element] = []
    trace_case: str | None = None
    trace_events: list[tuple[dict[str, str], int]] = []
    traces = 0
    event: dict[str, str] | None = None
    for what, elem in ET.iterparse(handle, events=("start", "end")):
        tag = _local(elem.tag)
        if what == "start":
            stack.append(elem)
            if tag == "trace":
                traces += 1
                trace_case, trace_events = None, []
            elif tag == "event":
                event = {}
            continue
        stack.pop()
        parent = _local(stack[-1].tag) if stack else ""
        if tag in _ATTRIBUTES:
            key, value = elem.get("key"), elem.get("value")
            if key is not None and value is not None:
                if parent == "event" and event is not None:
                    event[key] = value
                elif parent == "trace" and key == state.case_key:
                    trace_case = value
        elif tag == "event" and event is not None:
            trace_events.append((event, len(trace_events) + 1))
            state.keys.update(event)
            event = None
            elem.clear()
            if stack:
                stack[-1].remove(elem)
        elif tag == "trace":
            _add_trace(state, path, traces, trace_case, trace_events)
            trace_events = []
            elem.clear()
            if stack:
                stack[-1].remove(elem)


def _add_trace(
    state: _XesColumns, path: Path, trace_no: int, case: str | None, events: list[tuple[dict[str, str], int]]
) -> None:
    if case is None and events:
        where = f"{path}: trace {trace_no}"
        state.flag("case", Problem("JM605", where, "a trace without 'concept:name' (no case id)"))
    for attributes, number in events:
        state.events += 1
        where = (
            f"{path}: trace {case!r} event {number}" if case is not None else f"{path}: trace {trace_no} event {number}"
        )
        activity = attributes.get(state.activity_key)
        if activity is None:
            state.flag("activity", Problem("JM605", where, f"an event without {state.activity_key!r} (no activity)"))
        stamp = attributes.get(state.time_key)
        when = _parse_xes_time(stamp) if stamp is not None else None
        if stamp is None:
            state.flag("time", Problem("JM604", where, f"an event without {state.time_key!r} (no timestamp)"))
        elif when is None:
            state.flag("bad_time", Problem("JM604", where, f"a timestamp that cannot be read: {stamp!r}", _TIME_HINT))
        channel = next((attributes[k] for k in state.channel_keys if k in attributes), None)
        state.has_channel = state.has_channel or channel is not None
        state.cases.append(case)
        state.activities.append(activity)
        state.times.append(when)
        state.channels.append(channel)
        state.resources.append(attributes.get("org:resource"))
        if len(state.cases) >= _BATCH:
            state.flush()


def _parse_xes_time(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when


def _read_xes_log(
    path: Path, engine: Engine, *, case: str | None, activity: str | None, time: str | None, channel: str | None
) -> EventLog:
    if case is not None and case != "concept:name":
        hint = "in XES the case id is the trace's 'concept:name'"
        raise ProblemsError([Problem("JM603", str(path), f"--case {case!r} does not apply to XES logs", hint)])
    arrow, keys = _xes_table(path, activity, time, channel)
    table = engine.from_arrow(arrow)
    has_channel = CHANNEL in arrow.column_names
    return EventLog(
        table,
        path,
        "concept:name",
        activity or "concept:name",
        time or "time:timestamp",
        (channel or "org:channel") if has_channel else None,
        keys,
    )
