"""Evidence for the library: measure a map with a survey, discover the journey in an event log.

The same functions of :mod:`journeymap.evidence` that ``journeymap measure`` and ``journeymap discover`` call,
with Python arguments instead of command-line options. The evidence engine (Ibis on DuckDB, Spark or
PostgreSQL) is imported only when one of them runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Literal

from ..errors import MapFileError, Problem

if TYPE_CHECKING:
    from ..evidence.discovery import Discovery
    from ..evidence.engine import EngineConfig
    from ..evidence.survey_spec import SurveySpec
    from ..model import Map

__all__ = ["EngineChoice", "Measurement", "discover_file", "engine_config", "measure", "measure_file", "survey_layout"]

EngineChoice = Literal["duckdb", "spark", "postgres"]


def engine_config(engine: EngineConfig | EngineChoice | None = None, database_url: str | None = None) -> EngineConfig:
    """The engine to use: a config as is, or a kind by name (DuckDB without one)."""
    from ..evidence.engine import EngineConfig

    if isinstance(engine, EngineConfig):
        return engine
    return EngineConfig(kind=engine or "duckdb", database_url=database_url)


def survey_layout(
    *,
    mapping: str | Path | None = None,
    wide: str | None = None,
    long: bool = False,
    scale: str | None = None,
    missing: list[str] | None = None,
    by: str | None = None,
    weight: str | None = None,
    sheet: str | None = None,
    overall: str | None = None,
) -> SurveySpec:
    """A survey layout from the same settings as the command line's survey options (``--wide``, ``--mapping``…)."""
    from ..evidence.survey_spec import spec_from_options

    options = SimpleNamespace(
        mapping=str(mapping) if mapping else None, wide=wide, long=long, scale=scale, missing=missing, by=by,
        weight=weight, sheet=sheet, overall=overall,
    )  # fmt: skip
    return spec_from_options(options)


@dataclass(frozen=True)
class Measurement:
    """A map measured with a survey: the measured map, the warnings, and the survey's dataset name."""

    map: Map
    problems: list[Problem]
    dataset: str


def measure(
    journey_map: Map,
    survey: str | Path,
    layout: SurveySpec | None = None,
    *,
    engine: EngineConfig | EngineChoice | None = None,
    persona: str | None = None,
) -> Measurement:
    """``journey_map`` with emotional levels and touchpoint scores measured from the survey file (what
    ``journeymap measure`` does); :class:`~journeymap.errors.MapFileError` when the survey does not fit the map."""
    from ..evidence.engine import Engine
    from ..evidence.measure import measure_map
    from ..evidence.survey import summarize_survey

    with Engine(engine_config(engine)) as running:
        summary = summarize_survey(running, Path(survey), layout or survey_layout(), distribution=False)
    measured, problems = measure_map(journey_map, summary, persona=persona)
    if any(p.is_error for p in problems):
        raise MapFileError(problems)
    return Measurement(measured, problems, summary.dataset)


def measure_file(
    journey_map: Map,
    survey: str | Path,
    layout: SurveySpec | None = None,
    *,
    engine: EngineConfig | EngineChoice | None = None,
) -> tuple[Map, list[Problem]]:
    """:func:`measure`'s measured map and warnings."""
    found = measure(journey_map, survey, layout, engine=engine)
    return found.map, found.problems


def discover_file(
    log: str | Path,
    *,
    case: str | None = None,
    activity: str | None = None,
    time: str | None = None,
    channel: str | None = None,
    engine: EngineConfig | EngineChoice | None = None,
) -> Discovery:
    """The journey found in an event log (CSV, Parquet, XES): paths, flows, funnel, variants. Columns not
    named are found by their usual names."""
    from ..evidence.discovery import discover
    from ..evidence.engine import Engine
    from ..evidence.events import read_events

    path = Path(log)
    with Engine(engine_config(engine)) as running:
        events = read_events(path, running, case=case, activity=activity, time=time, channel=channel)
        return discover(events.table, running, source=path.name)
