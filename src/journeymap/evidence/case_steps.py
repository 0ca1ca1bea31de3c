"""The one window pass of discovery: every event with its position in its case, the next activity and the gap
to it. A module of its own so that :mod:`.discovery` and :mod:`.first_waits` share it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .engine import ORDER
from .event_columns import ACTIVITY, CASE, CHANNEL, TIME

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["GAP", "NEXT", "POSITION", "format_duration", "ordered_steps", "seconds"]

POSITION, NEXT, GAP = "__position", "__next_activity", "__gap_seconds"


def ordered_steps(events: ir.Table) -> ir.Table:
    """Every event with its position in its case (0-based), the next activity of the case and the seconds to it.

    Ordered by time, then ``__order``: equal timestamps keep file order on every backend."""
    import ibis

    window = ibis.window(group_by=events[CASE], order_by=[events[TIME], events[ORDER]])
    steps = events.mutate(
        **{
            POSITION: ibis.row_number().over(window),
            NEXT: events[ACTIVITY].lead().over(window),
            "__next_time": events[TIME].lead().over(window),
        }
    )
    gap = steps["__next_time"].delta(steps[TIME], unit="microsecond") / 1_000_000
    columns = [CASE, ACTIVITY, TIME, POSITION, NEXT]
    if CHANNEL in events.columns:
        columns.append(CHANNEL)
    return steps.select(*columns, **{GAP: gap})


def seconds(value: object) -> float | None:
    """A number of seconds as the results give it (rounded to the microsecond), or ``None``."""
    return None if value is None else round(float(value), 6)  # type: ignore[arg-type]


def format_duration(seconds: float | None) -> str:
    """A duration for people: ``45 s``, ``12 min``, ``2 h 10 min``, ``3 d 4 h``; ``–`` when unknown."""
    if seconds is None:
        return "–"
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, _ = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
