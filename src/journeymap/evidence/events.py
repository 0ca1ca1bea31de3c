"""Reading interaction events (event logs) into the one table shape that discovery aggregates.

Formats: CSV (and TSV) and Parquet are scanned by the engine (:meth:`.Engine.read`); XES and gzipped XES are
streamed by :mod:`.xes` with :func:`xml.etree.ElementTree.iterparse` (each event and trace is dropped as soon as
it is read, the document is never held) into Arrow record batches, loaded with :meth:`.Engine.from_arrow`. The
columns and how they are found are in :mod:`.event_columns`, the checks of CSV and Parquet rows in
:mod:`.event_tables`, the refusal of XML bombs in :mod:`.xes_guard`; this module reads a file with them and
re-exports their public names.

Every log becomes a table with the columns

=============  =====================================================================================
``case``       the case (customer, application) id, as text
``activity``   the activity (touchpoint) name, as text
``time``       the timestamp, in UTC without a zone (text with an offset is converted to UTC; text
               without one is taken as UTC)
``channel``    the channel (web, phone, …), as text; only when the log has a channel column
``lifecycle``  the lifecycle transition (start, complete, …), as text; only when asked for
               (``with_lifecycle`` or ``lifecycle``) and the log has one: XES ``lifecycle:transition``,
               a CSV column named lifecycle, lifecycle:transition or event_type (:data:`LIFECYCLE_CANDIDATES`)
``__order``    the event's position in the file: equal timestamps keep file order
=============  =====================================================================================

Bad input raises :class:`~journeymap.errors.ProblemsError`; each problem names the file and where in it. Codes:

======  ==================================================================================================
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

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import JourneymapError, Problem, ProblemsError
from ..model import did_you_mean
from .engine import ORDER, Engine, file_kind
from .event_columns import (
    ACTIVITY,
    CANDIDATES,
    CASE,
    CHANNEL,
    LIFECYCLE,
    LIFECYCLE_CANDIDATES,
    MAX_SHOWN,
    RESOURCE,
    TIME,
    first_line,
    resolve_columns,
)
from .event_tables import normalise
from .files import check_csv, check_file, check_parquet
from .xes import read_xes, xes_table

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "ACTIVITY",
    "CANDIDATES",
    "CASE",
    "CHANNEL",
    "LIFECYCLE",
    "MAX_SHOWN",
    "RESOURCE",
    "TIME",
    "EventLog",
    "read_events",
    "read_xes",
]


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
    lifecycle: str | None = None
    """The column (attribute) read as the lifecycle transition, when asked for and found."""

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
    lifecycle: str | None = None,
    with_lifecycle: bool = False,
) -> EventLog:
    """Read the event log at ``path`` (CSV, TSV, Parquet, XES or XES.gz) into ``engine``, checked.

    ``case``, ``activity``, ``time`` and ``channel`` name the columns (CSV, Parquet) or event attributes (XES);
    columns not named are found by :data:`CANDIDATES`. The ``lifecycle`` column is read when ``lifecycle`` names
    it, or, with ``with_lifecycle``, when one is found (:data:`LIFECYCLE_CANDIDATES`; in XES
    ``lifecycle:transition``). Raises :class:`ProblemsError` listing what is wrong.
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
    check_file(path, "event log")
    if kind == "xes":
        wanted = lifecycle or ("lifecycle:transition" if with_lifecycle else None)
        log = _read_xes_log(path, engine, case=case, activity=activity, time=time, channel=channel, lifecycle=wanted)
        if lifecycle is not None and log.lifecycle is None:
            hint = f"{did_you_mean(lifecycle, log.columns)}; event attributes found: {', '.join(log.columns)}"
            problem = Problem("JE010", where, f"no event has the attribute {lifecycle!r} (lifecycle)", hint)
            raise ProblemsError([problem])
        return log
    check_csv(path) if kind == "csv" else check_parquet(path)
    try:
        raw = engine.read(path, ordered=True, all_text=kind == "csv")
        names = tuple(c for c in raw.columns if c != ORDER)
    except ProblemsError:
        raise
    except Exception as exc:  # the backend's own reader failed: say so, with its words
        raise ProblemsError([Problem("JE007", where, f"cannot read the file: {first_line(exc)}")]) from None
    columns = resolve_columns(path, names, kind, {CASE: case, ACTIVITY: activity, TIME: time, CHANNEL: channel})
    if lifecycle is not None or with_lifecycle:
        columns[LIFECYCLE] = _lifecycle_column(path, names, kind, lifecycle, columns[ACTIVITY])
    table = normalise(engine, path, raw, columns, kind, names)
    return EventLog(
        table,
        path,
        columns[CASE] or "",
        columns[ACTIVITY] or "",
        columns[TIME] or "",
        columns[CHANNEL],
        names,
        columns.get(LIFECYCLE),
    )


def _lifecycle_column(
    path: Path, names: tuple[str, ...], kind: str, wanted: str | None, activity: str | None
) -> str | None:
    """The lifecycle column: the one named (JE010 with "did you mean" when there is none), or the first of
    :data:`LIFECYCLE_CANDIDATES` found that does not hold the activity; ``None`` when none is found."""
    folded = {n.strip().casefold(): n for n in names if n != activity}
    if wanted is not None:
        found = wanted if wanted in names else folded.get(wanted.strip().casefold())
        if found is None:
            where = f"{path}:1" if kind == "csv" else str(path)
            hint = f"{did_you_mean(wanted, names)}; columns found: {', '.join(repr(n) for n in names[:20])}"
            raise ProblemsError([Problem("JE010", where, f"no column {wanted!r} for the lifecycle", hint)])
        return found
    return next((folded[c] for c in LIFECYCLE_CANDIDATES if c in folded), None)


def _read_xes_log(
    path: Path,
    engine: Engine,
    *,
    case: str | None,
    activity: str | None,
    time: str | None,
    channel: str | None,
    lifecycle: str | None = None,
) -> EventLog:
    if case is not None and case != "concept:name":
        hint = "in XES the case id is the trace's 'concept:name'"
        raise ProblemsError([Problem("JE010", str(path), f"--case {case!r} does not apply to XES logs", hint)])
    arrow, keys = xes_table(path, activity, time, channel, lifecycle=lifecycle)
    table = engine.from_arrow(arrow)
    has_channel = CHANNEL in arrow.column_names
    has_lifecycle = LIFECYCLE in arrow.column_names
    return EventLog(
        table,
        path,
        "concept:name",
        activity or "concept:name",
        time or "time:timestamp",
        (channel or "org:channel") if has_channel else None,
        keys,
        lifecycle if has_lifecycle else None,
    )
