"""The columns every event log becomes, how they are found in a file when not named, and what a problem about
them says. :mod:`.events` re-exports the public names."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..model import did_you_mean

__all__ = [
    "ACTIVITY",
    "CANDIDATES",
    "CASE",
    "CHANNEL",
    "LIFECYCLE",
    "LIFECYCLE_CANDIDATES",
    "MAX_SHOWN",
    "RESOURCE",
    "ROLES",
    "TIME",
    "TIME_HINT",
    "first_line",
    "resolve_columns",
]

CASE, ACTIVITY, TIME, CHANNEL, RESOURCE = "case", "activity", "time", "channel", "resource"
LIFECYCLE = "lifecycle"
"""The column of an event's lifecycle transition (start, complete, …), read only when asked for (discovery)."""

LIFECYCLE_CANDIDATES = ("lifecycle:transition", "lifecycle", "lifecycle_transition", "transition", "event_type")
"""Column names tried, in order, for the lifecycle column when it is asked for but not named (never the column
that holds the activity)."""

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
ROLES = {CASE: "case (customer) id", ACTIVITY: "activity (touchpoint)", TIME: "timestamp", CHANNEL: "channel"}

MAX_SHOWN = 5
"""How many bad rows a problem lists before it says how many more there are."""


TIME_HINT = "write times as ISO 8601, e.g. 2026-03-01 14:05:00, 2026-03-01T14:05:00Z or 2026-03-01T14:05:00+01:00"


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def resolve_columns(path: Path, names: Sequence[str], kind: str, given: dict[str, str | None]) -> dict[str, str | None]:
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
                problems.append(Problem("JE010", where, f"no column {wanted!r} for the {ROLES[role]}", hint))
            resolved[role] = column
            continue
        column = next((c for cand in CANDIDATES[role] if (c := _match(cand, names, exact=False))), None)
        if column is None and role != CHANNEL:
            tried = ", ".join(CANDIDATES[role][:5])
            hint = f"columns found: {found}; name the column with {_OPTIONS[role]} COL (tried {tried}, …)"
            problems.append(Problem("JE102", where, f"cannot tell which column holds the {ROLES[role]}", hint))
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
