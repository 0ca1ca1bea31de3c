"""A first look at an evidence file: its columns, its first rows as text, its row count, and a mapping guessed
from them (:mod:`journeymap.evidence.suggest`) — what a person checks before measuring a map with a survey or
discovering a journey in an event log.

Files are read by the evidence engine (DuckDB unless given another), every cell as text, in file order; an XES
log is read by the XES reader, and its standard attributes are the roles. Problems are the library's
(:class:`~journeymap.errors.ProblemsError`, with line and column); ``shown`` is the name they give the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import JourneymapError, Problem, ProblemsError
from .suggest import EventRoles, SurveyMapping, suggest_events, suggest_survey

if TYPE_CHECKING:
    from ..model import Map
    from .engine import Engine

__all__ = ["SAMPLE_ROWS", "EvidenceKind", "Inspection", "evidence_file_kind", "inspect_file", "suggest_mapping"]

EvidenceKind = Literal["survey", "events"]
SAMPLE_ROWS = 2000
"""Rows read to guess the mapping (the layout, the scale, which column holds what)."""
_READABLE = {
    "survey": ("JE006", "CSV, XLSX or Parquet"),
    "events": ("JE101", "CSV, TSV, Parquet or XES"),
}


@dataclass(frozen=True, slots=True)
class Inspection:
    """An evidence file's columns, its first rows (cell texts, up to :data:`SAMPLE_ROWS`), its row count, and —
    for an XES log — the attributes it was read with."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    count: int
    read_with: EventRoles | None = None


def evidence_file_kind(path: Path, kind: EvidenceKind, shown: str | None = None) -> str:
    """``csv``, ``parquet``, ``xlsx`` or ``xes`` from the file name; a problem (JE006 for a survey, JE101 for an
    event log) naming ``shown`` when the name says nothing the library reads."""
    from .engine import file_kind

    try:
        return file_kind(path)
    except JourneymapError:
        code, what = _READABLE[kind]
        raise ProblemsError(
            [Problem(code, shown or str(path), f"a {kind} file is {what}", "rename or export the file")]
        ) from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def inspect_file(
    path: Path, kind: EvidenceKind, *, shown: str | None = None, engine: Engine | None = None
) -> Inspection:
    """Columns, first rows, row count (and XES attributes) of the survey or event log at ``path``; the library's
    problems when it cannot be read."""
    from .engine import ORDER, Engine
    from .events import read_events
    from .sources import open_source

    file_type = evidence_file_kind(path, kind, shown)
    own = engine is None
    engine = engine or Engine()
    try:
        read_with = None
        if kind == "events" and file_type not in ("csv", "parquet"):
            log = read_events(path, engine)  # XES, or the library's problem for a file that is not an event log
            table = log.table
            read_with = EventRoles(log.case, log.activity, log.time, log.channel)
        else:
            table = open_source(engine, path, ordered=True, all_text=True).table
        columns = [c for c in table.columns if c != ORDER]
        ordered = table.order_by(ORDER) if ORDER in table.columns else table
        sample = engine.rows(ordered.select(*columns).limit(SAMPLE_ROWS))
        count = int(engine.scalar(table.count()))
    finally:
        if own:
            engine.close()
    rows = tuple(tuple(_text(row.get(c)) for c in columns) for row in sample)
    return Inspection(tuple(columns), rows, count, read_with)


def suggest_mapping(inspection: Inspection, kind: EvidenceKind, journey_map: Map | None) -> SurveyMapping | EventRoles:
    """The mapping to offer for an inspected file: an XES log's own attributes, else the guess of
    :mod:`journeymap.evidence.suggest` from its columns, first rows and the map."""
    if inspection.read_with is not None:
        return inspection.read_with
    if kind == "survey":
        return suggest_survey(inspection.columns, inspection.rows, journey_map)
    return suggest_events(inspection.columns, inspection.rows, journey_map)
