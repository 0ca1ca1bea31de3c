"""XES and gzipped XES event logs, streamed with :func:`xml.etree.ElementTree.iterparse` (each event and trace is
dropped as soon as it is read, the document is never held) into Arrow record batches."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ProblemsError
from ..limits import limits
from ..model import did_you_mean
from .engine import ORDER
from .event_columns import (
    ACTIVITY,
    CASE,
    CHANNEL,
    LIFECYCLE,
    MAX_SHOWN,
    RESOURCE,
    ROLES,
    TIME,
    TIME_HINT,
    first_line,
)
from .files import check_file, open_gzip
from .xes_guard import MarkupGuard

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["read_xes", "xes_table"]

_BATCH = 65_536

_ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id"})


@dataclass
class _XesColumns:
    """The columns being filled from one XES file, and what was wrong in it."""

    activity_key: str
    time_key: str
    channel_keys: tuple[str, ...]
    case_key: str = "concept:name"
    lifecycle_key: str | None = None
    batches: list[pa.RecordBatch] = field(default_factory=list)
    cases: list[str | None] = field(default_factory=list)
    activities: list[str | None] = field(default_factory=list)
    times: list[dt.datetime | None] = field(default_factory=list)
    channels: list[str | None] = field(default_factory=list)
    resources: list[str | None] = field(default_factory=list)
    lifecycles: list[str | None] = field(default_factory=list)
    events: int = 0
    keys: set[str] = field(default_factory=set)
    has_channel: bool = False
    has_lifecycle: bool = False
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
        if self.lifecycle_key is not None:
            arrays.append(pa.array(self.lifecycles, pa.string()))
        schema = _xes_schema(with_lifecycle=self.lifecycle_key is not None)
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
        for column in (self.cases, self.activities, self.times, self.channels, self.resources, self.lifecycles):
            column.clear()


def _xes_schema(*, with_lifecycle: bool = False) -> pa.Schema:
    import pyarrow as pa

    fields = [
        (CASE, pa.string()),
        (ACTIVITY, pa.string()),
        (TIME, pa.timestamp("us")),
        (CHANNEL, pa.string()),
        (RESOURCE, pa.string()),
        (ORDER, pa.int64()),
    ]
    if with_lifecycle:
        fields.append((LIFECYCLE, pa.string()))
    return pa.schema(fields)


def read_xes(
    path: str | Path,
    *,
    activity: str | None = None,
    time: str | None = None,
    channel: str | None = None,
    lifecycle: str | None = None,
) -> pa.Table:
    """The events of an XES (or ``.xes.gz``) file as an Arrow table (see the module docstring for the columns,
    plus ``resource``, and ``lifecycle`` when ``lifecycle`` names an attribute, e.g. ``lifecycle:transition``),
    streamed: elements are dropped as soon as they are read. Raises :class:`ProblemsError`."""
    return xes_table(Path(path), activity, time, channel, lifecycle=lifecycle)[0]


def xes_table(
    path: Path, activity: str | None, time: str | None, channel: str | None, *, lifecycle: str | None = None
) -> tuple[pa.Table, tuple[str, ...]]:
    """The events and the event attribute keys found. ``lifecycle`` names the attribute read into the
    ``lifecycle`` column (none without it); the column is dropped when no event has the attribute."""
    import pyarrow as pa

    check_file(path, "event log")
    state = _XesColumns(
        activity_key=activity or "concept:name",
        time_key=time or "time:timestamp",
        channel_keys=(channel,) if channel else ("org:channel", "channel"),
        lifecycle_key=lifecycle,
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
        problem = Problem("JE105", str(path), f"broken gzip stream: {first_line(exc)}", "the file is truncated")
        raise ProblemsError([problem]) from None
    state.flush()
    if state.events == 0:
        raise ProblemsError([Problem("JE005", str(path), "the log has no events")])
    _check_xes_keys(path, state, channel)
    problems = [p for kind in ("case", "activity", "time", "bad_time") for p in _with_more(state, kind, path)]
    if problems:
        raise ProblemsError(problems)
    table = pa.Table.from_batches(state.batches, schema=_xes_schema(with_lifecycle=lifecycle is not None))
    if not state.has_channel:
        table = table.drop_columns([CHANNEL])
    if lifecycle is not None and not state.has_lifecycle:
        table = table.drop_columns([LIFECYCLE])
    return table, tuple(sorted(state.keys))


def _check_xes_keys(path: Path, state: _XesColumns, channel: str | None) -> None:
    """An attribute no event has is one problem (with "did you mean"), not one per event."""
    problems = []
    found = ", ".join(repr(k) for k in sorted(state.keys)) or "none"
    for kind, key, role in (("activity", state.activity_key, ACTIVITY), ("time", state.time_key, TIME)):
        if state.counts.get(kind, 0) == state.events:
            hint = f"{did_you_mean(key, state.keys)}; event attributes found: {found}"
            problems.append(Problem("JE010", str(path), f"no event has the attribute {key!r} ({ROLES[role]})", hint))
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
    guard = MarkupGuard(handle, path)
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
    lifecycle_key = state.lifecycle_key
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
        if lifecycle_key is not None:
            transition = attributes.get(lifecycle_key)
            state.has_lifecycle = state.has_lifecycle or transition is not None
            state.lifecycles.append(transition)
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
        state.flag("bad_time", Problem("JE103", where, f"cannot read the timestamp {stamp!r}", TIME_HINT))


def _parse_xes_time(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when
