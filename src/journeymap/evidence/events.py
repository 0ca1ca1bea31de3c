"""Reading interaction events (event logs) into the one table shape that discovery aggregates.

Formats: CSV (and TSV) and Parquet are scanned by the engine (:meth:`.Engine.read`); XES and gzipped XES are
streamed here with :func:`xml.etree.ElementTree.iterparse` (each event and trace is dropped as soon as it is read,
the document is never held) into Arrow record batches, loaded with :meth:`.Engine.from_arrow`.

Every log becomes a table with the columns

=============  ==================================================================================================
JE003   the file is not UTF-8 (line and column of the first bad byte)
JE004   no such file, or a folder
JE005   an empty file, or a log without events (only a header)
JE007   a file the engine's reader cannot parse (with the reader's message)
JE010   a named column (or XES attribute) that does not exist ("did you mean …?", with the columns found)
JE101   a file type that is not an event log (use CSV, TSV, Parquet, XES or XES.gz)
JE102   a column that cannot be found by name when not given (the columns found; name it with --case …)
JE103   a timestamp that cannot be read or is missing (the first few rows, with the value), or a time column
        that holds something else (numbers)
JE104   an event without a case id or an activity
JE105   a truncated or malformed XES file (line and column), or a broken gzip stream
JE106   an XES file with a DTD, entity declarations or external references (refused: XML bombs)
JM900   a limit exceeded (:mod:`journeymap.limits`): the file's size, a gzip file that unpacks too big or grows
        too much, a header of too many columns, an XES element or text over ``xes_attribute_chars``
======  ==================================================================================================
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import JourneymapError, Problem, ProblemsError
from ..limits import limits
from ..model import did_you_mean
from .engine import ORDER, Engine, file_kind
from .files import check_csv, check_file, check_parquet, open_gzip

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
        raise ProblemsError([Problem("JE101", where, str(exc).removeprefix(f"{path}: "))]) from None
    if kind not in ("csv", "parquet", "xes"):
        hint = "event logs are CSV, TSV, Parquet, XES or XES.gz files"
        raise ProblemsError([Problem("JE101", where, f"cannot read events from a {kind} file", hint)])
    _check_file(path)
    if kind == "xes":
        return _read_xes_log(path, engine, case=case, activity=activity, time=time, channel=channel)
    check_csv(path) if kind == "csv" else check_parquet(path)
    try:
        raw = engine.read(path, ordered=True, all_text=kind == "csv")
        names = tuple(c for c in raw.columns if c != ORDER)
    except ProblemsError:
        raise
    except Exception as exc:  # the backend's own reader failed: say so, with its words
        raise ProblemsError([Problem("JE007", where, f"cannot read the file: {_first_line(exc)}")]) from None
    columns = _resolve_columns(path, names, kind, {CASE: case, ACTIVITY: activity, TIME: time, CHANNEL: channel})
    table = _normalise(engine, path, raw, columns, kind, names)
    return EventLog(
        table, path, columns[CASE] or "", columns[ACTIVITY] or "", columns[TIME] or "", columns[CHANNEL], names
    )


# ---- file-level checks ----------------------------------------------------------------------------------------
def _check_file(path: Path) -> None:
    check_file(path, "event log")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# ---- columns -----------------------------------------------------------------------------------------------------
def _resolve_columns(
    path: Path, names: Sequence[str], kind: str, given: dict[str, str | None]
) -> dict[str, str | None]:
    where = f"{path}:1" if kind == "csv" else str(path)
    shown = ", ".join(repr(n) for n in names[:_SHOWN_COLUMNS]) or "none"
    found = shown + (f" and {len(names) - _SHOWN_COLUMNS:,} more" if len(names) > _SHOWN_COLUMNS else "")
    resolved: dict[str, str | None] = {}
    problems: list[Problem] = []
    for role in (CASE, ACTIVITY, TIME, CHANNEL):
        wanted = given.get(role)
        if wanted is not None:
            column = _match(wanted, names)
            if column is None:
                hint = f"{did_you_mean(wanted, names)}; columns found: {found}"
                problems.append(Problem("JE010", where, f"no column {wanted!r} for the {_ROLES[role]}", hint))
            resolved[role] = column
            continue
        column = next((c for cand in CANDIDATES[role] if (c := _match(cand, names, exact=False))), None)
        if column is None and role != CHANNEL:
            tried = ", ".join(CANDIDATES[role][:5])
            hint = f"columns found: {found}; name the column with {_OPTIONS[role]} COL (tried {tried}, …)"
            problems.append(Problem("JE102", where, f"cannot tell which column holds the {_ROLES[role]}", hint))
        resolved[role] = column
    if problems:
        raise ProblemsError(problems)
    return resolved


_SHOWN_COLUMNS = 20
"""Columns listed in a problem (a file that is one long line has thousands)."""


def _match(wanted: str, names: Sequence[str], *, exact: bool = True) -> str | None:
    if exact and wanted in names:
        return wanted
    folded = [n for n in names if n.strip().casefold() == wanted.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


# ---- CSV and Parquet ---------------------------------------------------------------------------------------------
_OFFSET = r":[0-9]{2}(\.[0-9]*)?\s*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)\s*$"


def _parsed_time(raw: ir.Table, column: str, path: Path) -> ir.Value:
    import ibis

    value = raw[column]
    dtype = value.type()
    if dtype.is_string():
        # text with a UTC offset is converted to UTC; the (much faster) plain cast would drop the offset
        with_offset = value.re_search(_OFFSET)
        parsed = ibis.ifelse(
            with_offset, value.try_cast("timestamp('UTC')").cast("timestamp"), value.try_cast("timestamp")
        )
        return _in_calendar(parsed)
    if dtype.is_timestamp() or dtype.is_date():
        return _in_calendar(value.cast("timestamp"))
    hint = "the time column must hold dates and times (e.g. 2026-03-01 14:05:00 or 2026-03-01T14:05:00Z)"
    raise ProblemsError([Problem("JE103", str(path), f"column {column!r} holds {dtype}, not timestamps", hint)])


def _in_calendar(parsed: ir.TimestampValue) -> ir.Value:
    """Times of years 1 to 9999 (what every engine and Python can hold); others (year 0, 99999, infinity) are
    null, so they are reported as timestamps that cannot be read, with their row."""
    import ibis

    year = parsed.year()
    return ibis.ifelse((year >= 1) & (year <= 9999), parsed, ibis.null("timestamp"))


def _normalise(
    engine: Engine, path: Path, raw: ir.Table, columns: dict[str, str | None], kind: str, names: Sequence[str]
) -> ir.Table:
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
    _check_rows(engine, path, located, columns, kind, names)
    return located.drop(_RAW_TIME)


def _check_rows(
    engine: Engine, path: Path, located: ir.Table, columns: dict[str, str | None], kind: str, names: Sequence[str]
) -> None:
    """One aggregate counts every kind of bad row; only when there are some are the first few fetched."""
    conditions = {
        "no_case": located[CASE].isnull(),
        "no_activity": located[ACTIVITY].isnull(),
        "no_time": located[_RAW_TIME].isnull(),
        "bad_time": located[TIME].isnull() & located[_RAW_TIME].notnull(),
    }
    summary = located.aggregate(events=located.count(), **{k: located.count(where=c) for k, c in conditions.items()})
    counts = {k: int(v or 0) for k, v in engine.rows(summary)[0].items()}
    if counts["events"] == 0:
        raise ProblemsError([Problem("JE005", str(path), "the log has no events (only a header)")])
    labels = {
        "no_case": ("JE104", columns[CASE], "no case id"),
        "no_activity": ("JE104", columns[ACTIVITY], "no activity"),
        "no_time": ("JE103", columns[TIME], "no timestamp"),
        "bad_time": ("JE103", columns[TIME], "a timestamp that cannot be read"),
    }
    problems: list[Problem] = []
    for key, (code, column, what) in labels.items():
        if not counts[key]:
            continue
        bad = located.filter(conditions[key]).order_by(located[ORDER]).limit(MAX_SHOWN)
        rows = engine.rows(bad.select(ORDER, _RAW_TIME))
        for item in rows:
            where = _cell(engine, path, located, int(item[ORDER]), kind, names, column or "")
            if key == "bad_time":
                message = f"column {column!r}: cannot read the timestamp {item[_RAW_TIME]!r}"
                problems.append(Problem(code, where, message, _TIME_HINT))
            else:
                problems.append(Problem(code, where, f"column {column!r}: {what}"))
        if counts[key] > len(rows):
            more = counts[key] - len(rows)
            message = f"column {column!r}: {what} in {more:,} more row{'s' if more != 1 else ''}"
            problems.append(Problem(code, str(path), message))
    if problems:
        raise ProblemsError(problems)


_RAW_TIME = "__time_text"


def _cell(engine: Engine, path: Path, table: ir.Table, order: int, kind: str, names: Sequence[str], column: str) -> str:
    """Where an event's cell is: ``file:LINE:FIELD`` in a CSV (line 1 is the header), ``file: row N, column C``
    in Parquet, as the survey readers say it.

    The row is counted as the number of events before it, so it is right on every engine (Spark's ``__order`` has
    gaps between partitions)."""
    before = int(engine.scalar(table.filter(table[ORDER] < order).count()))
    if kind == "csv":
        field_no = names.index(column) + 1 if column in names else 1
        return f"{path}:{before + 2}:{field_no}"
    return f"{path}: row {before + 1}, column {column}"


_TIME_HINT = "write times as ISO 8601, e.g. 2026-03-01 14:05:00, 2026-03-01T14:05:00Z or 2026-03-01T14:05:00+01:00"


# ---- XES ---------------------------------------------------------------------------------------------------------
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
        problem = Problem("JE105", f"{path}:{line}:{column + 1}", f"not a readable XES file: {message}", hint)
        raise ProblemsError([problem]) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        problem = Problem("JE105", str(path), f"broken gzip stream: {_first_line(exc)}", "the file is truncated")
        raise ProblemsError([problem]) from None
    state.flush()
    if state.events == 0:
        raise ProblemsError([Problem("JE005", str(path), "the log has no events")])
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
            problems.append(Problem("JE010", str(path), f"no event has the attribute {key!r} ({_ROLES[role]})", hint))
    if channel is not None and not state.has_channel:
        hint = f"{did_you_mean(channel, state.keys)}; event attributes found: {found}"
        problems.append(Problem("JE010", str(path), f"no event has the attribute {channel!r} (channel)", hint))
    if problems:
        raise ProblemsError(problems)


_XES_MORE = {
    "case": "traces without 'concept:name'",
    "activity": "events without an activity",
    "time": "events without a timestamp",
    "bad_time": "events whose timestamp cannot be read",
}


def _with_more(state: _XesColumns, kind: str, path: Path) -> list[Problem]:
    shown = state.problems.get(kind, [])
    more = state.counts.get(kind, 0) - len(shown)
    if more > 0:
        shown = [*shown, Problem(shown[0].code, str(path), f"{more:,} more {_XES_MORE[kind]}")]
    return shown


def _open_xes(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return open_gzip(path)
    return path.open("rb")


class _MarkupGuard:
    """The XML bytes, refused (JM900, with the line) when a run between two ``<`` is longer than
    ``limits().xes_attribute_chars``: an element with a huge attribute, or a huge text between elements (XES has
    none; a whitespace bomb is one). Expat re-scans an unfinished token on every read, so a 50 MB attribute would
    take minutes; and text between elements is kept in memory. Checked at C speed (``bytes.split``)."""

    def __init__(self, source: io.BufferedIOBase, path: Path) -> None:
        self.source, self.path = source, path
        self.most = limits().xes_attribute_chars
        self.run = 0  # bytes since the last "<"
        self.run_line = 1  # the line where that run started
        self.lines = 1
        self.prolog: bytes | None = b""  # the end of what came before the root element, until it starts

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        if self.prolog is not None:
            self._check_prolog(data)
        pieces = data.split(b"<")
        if len(pieces) == 1:
            self.run += len(data)
            longest, line = self.run, self.run_line
        else:
            first = self.run + len(pieces[0])
            middle = max(pieces[1:-1], key=len, default=b"")
            longest, line = first, self.run_line
            if len(middle) > longest:
                longest = len(middle)
                line = self.lines + data[: data.index(b"<" + middle)].count(b"\n")
            self.run = len(pieces[-1])
            self.run_line = self.lines + data.count(b"\n") - pieces[-1].count(b"\n")
        if longest > self.most:
            what = "an element's attributes or the text between two elements"
            problem = limits().problem("xes_attribute_chars", f"{self.path}:{line}", what, f"{longest:,} bytes so far")
            raise ProblemsError([problem])
        self.lines += data.count(b"\n")
        return data

    def _check_prolog(self, data: bytes) -> None:
        """Refuse a DTD (``<!DOCTYPE``) before the root element: XES needs none, and a DTD is how entity bombs
        (billion laughs) and external entities (XXE) get in. Without one, an entity reference is an error."""
        assert self.prolog is not None
        text = self.prolog + data
        root = _ROOT_START.search(text)
        head = text if root is None else text[: root.start()]
        found = head.find(b"<!DOCTYPE")
        if found >= 0:
            line = self.lines + text[:found].count(b"\n") - self.prolog.count(b"\n")
            hint = "XES logs need no DTD; export the log again (a DTD can make a small file huge: XML bombs)"
            message = "a DTD (<!DOCTYPE …>) is not allowed in an event log"
            raise ProblemsError([Problem("JE106", f"{self.path}:{line}", message, hint)])
        self.prolog = None if root is not None else text[-16:]


_ROOT_START = re.compile(rb"<[^?!]")


def _stream_xes(handle: io.BufferedIOBase, path: Path, state: _XesColumns) -> None:
    """Fill ``state`` from the XML, holding no more than the current trace: an event is read from its attribute
    children when it ends, then cleared and removed from its trace; a trace is removed from the log when it ends
    (its ``concept:name`` may come after its events)."""
    names: dict[str, str] = {}  # tag → name without its namespace, worked out once per distinct tag
    root: ET.Element | None = None
    trace: ET.Element | None = None
    events: list[dict[str, str]] = []
    case: str | None = None
    traces = depth = inside_event = 0
    most = limits().columns
    parser = ET.XMLParser(target=ET.TreeBuilder())
    guard = _MarkupGuard(handle, path)
    for what, elem in ET.iterparse(guard, events=("start", "end"), parser=parser):
        if what == "start":
            depth += 1
            if depth == 2:
                if (names.get(elem.tag) or _local(elem.tag, names)) == "trace":
                    trace, events, case, traces = elem, [], None, traces + 1
            elif depth == 1:
                root = elem
            continue
        depth -= 1
        if depth >= 3:  # inside an event (or a trace's nested attribute): held until its end, so bounded
            inside_event += 1
            if inside_event > most:
                where = f"{path}:{_line(parser, guard)}"
                problem = limits().problem("columns", where, "the attributes of one event", f"over {most:,}")
                raise ProblemsError([problem])
            continue
        inside_event = 0
        if depth == 2 and trace is not None:
            local = names.get(elem.tag) or _local(elem.tag, names)
            if local == "event":
                events.append(_attributes(elem, names))
            elif local in _ATTRIBUTES and elem.get("key") == state.case_key:
                case = elem.get("value")
            elem.clear()
            trace.remove(elem)
        elif depth == 1 and root is not None:
            if elem is trace:
                _add_trace(state, path, traces, case, events)
                trace, events = None, []
            elem.clear()
            root.remove(elem)


def _line(parser: ET.XMLParser, handle: object) -> int:
    """The line the parser has reached (the C parser hides its position; the guard counts lines read)."""
    expat = getattr(parser, "parser", None)
    line = getattr(expat, "CurrentLineNumber", 0)
    return int(line or getattr(handle, "lines", 1))


def _local(tag: str, names: dict[str, str]) -> str:
    local = names.get(tag)
    if local is None:
        local = names[tag] = tag.rsplit("}", 1)[-1]
    return local


def _attributes(elem: ET.Element, names: dict[str, str]) -> dict[str, str]:
    """The simple attributes (string, date, int, …) directly under ``elem``: key → value."""
    found: dict[str, str] = {}
    for child in elem:
        if (names.get(child.tag) or _local(child.tag, names)) in _ATTRIBUTES:
            key, value = child.get("key"), child.get("value")
            if key is not None and value is not None:
                found[key] = value
    return found


def _add_trace(state: _XesColumns, path: Path, trace_no: int, case: str | None, events: list[dict[str, str]]) -> None:
    """Append a trace's events to the columns (the hot loop of the XES reader: problems are described only when
    there is one)."""
    if case is None and events:
        state.flag(
            "case", Problem("JE104", f"{path}: trace #{trace_no}", "a trace without 'concept:name' (no case id)")
        )
    activity_key, time_key, channel_keys = state.activity_key, state.time_key, state.channel_keys
    cases, activities, times, channels, resources = (
        state.cases, state.activities, state.times, state.channels, state.resources,
    )  # fmt: skip
    for number, attributes in enumerate(events, start=1):
        state.keys.update(attributes)
        activity = attributes.get(activity_key)
        stamp = attributes.get(time_key)
        when = _parse_xes_time(stamp) if stamp is not None else None
        if activity is None or when is None:
            _flag_event(state, path, trace_no, case, number, activity is None, stamp)
        channel = None
        for key in channel_keys:
            channel = attributes.get(key)
            if channel is not None:
                state.has_channel = True
                break
        cases.append(case)
        activities.append(activity)
        times.append(when)
        channels.append(channel)
        resources.append(attributes.get("org:resource"))
    state.events += len(events)
    if len(cases) >= _BATCH:
        state.flush()


def _flag_event(
    state: _XesColumns, path: Path, trace_no: int, case: str | None, number: int, no_activity: bool, stamp: str | None
) -> None:
    where = (
        f"{path}: trace {case!r} event {number}" if case is not None else f"{path}: trace #{trace_no} event {number}"
    )
    if no_activity:
        state.flag("activity", Problem("JE104", where, f"an event without {state.activity_key!r} (no activity)"))
    if stamp is None:
        state.flag("time", Problem("JE103", where, f"an event without {state.time_key!r} (no timestamp)"))
    elif _parse_xes_time(stamp) is None:
        state.flag("bad_time", Problem("JE103", where, f"cannot read the timestamp {stamp!r}", _TIME_HINT))


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
        raise ProblemsError([Problem("JE010", str(path), f"--case {case!r} does not apply to XES logs", hint)])
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
