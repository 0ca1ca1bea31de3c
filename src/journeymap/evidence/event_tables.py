"""CSV, TSV and Parquet event logs, once the engine has scanned them: the columns put in the one shape (times
parsed, in UTC), and every bad row counted, the first few located by line and field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ProblemsError
from .engine import ORDER, Engine
from .event_columns import ACTIVITY, CASE, CHANNEL, LIFECYCLE, MAX_SHOWN, TIME, TIME_HINT

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["normalise"]

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


def normalise(
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
    if columns.get(LIFECYCLE) is not None:
        fields[LIFECYCLE] = raw[columns[LIFECYCLE] or ""].cast("string")
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
                problems.append(Problem(code, where, message, TIME_HINT))
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
