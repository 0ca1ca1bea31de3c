"""One discovery from a file, as ``journeymap discover`` runs it: read the log (with its lifecycle column), apply
the activity filters and the lifecycle rule, check the names file against the log, discover."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .discovery import Discovery, discover
from .discovery_filters import EventFilter, filter_events
from .engine import Engine, EngineConfig
from .events import read_events
from .step_names import StepNames, read_step_names

__all__ = ["DiscoverRequest", "discover_log"]


@dataclass(frozen=True)
class DiscoverRequest:
    """What to read and how: the columns (``None``: found by name), the filters, the funnel, waits, names."""

    case: str | None = None
    activity: str | None = None
    time: str | None = None
    channel: str | None = None
    lifecycle: str | None = None
    rule: EventFilter = field(default_factory=EventFilter)
    funnel: Sequence[str] = ()
    waits: str = "first"
    names: Path | None = None
    top: int | None = None


def discover_log(
    path: Path, request: DiscoverRequest, config: EngineConfig | None = None
) -> tuple[Discovery, StepNames]:
    """The discovery of the log at ``path`` (its ``names`` set from the names file) and the step names (empty
    without a names file). Raises :class:`~journeymap.errors.ProblemsError` for bad input (the log, a pattern, a
    funnel step, the names)."""
    with Engine(config) as engine:
        log = read_events(
            path,
            engine,
            case=request.case,
            activity=request.activity,
            time=request.time,
            channel=request.channel,
            lifecycle=request.lifecycle,
            with_lifecycle=True,
        )
        table, summary, activities = filter_events(
            log.table, engine, request.rule, names_needed=request.names is not None
        )
        summary["lifecycle_column"] = log.lifecycle
        names = read_step_names(request.names, activities) if request.names else StepNames()
        extra = {} if request.top is None else {"top": request.top}
        found = discover(
            table,
            engine,
            source=path.name,
            funnel_steps=list(request.funnel) or None,
            waits=request.waits,
            filters=summary,
            **extra,
        )
    if names.activities:  # every output (table, JSON, pictures) shows the steps by these names
        found = dataclasses.replace(found, names=dict(names.activities))
    if found.filters.get("events_read") is None:  # nothing was filtered: the discovery counted the events
        found = dataclasses.replace(
            found, filters={**found.filters, "events_read": found.events, "events_kept": found.events}
        )
    return found, names
