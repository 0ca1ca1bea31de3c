"""Refreshing evidence: measure a workspace's maps again from the sources it declares (see docs/refresh.md).

A workspace names its sources under ``sources:`` (files or globs, a DuckDB file, a PostgreSQL table or query,
Spark) and, per map under ``evidence:``, the sources that map is measured from. :func:`refresh_map` reads every
source of one map, measures the map with each in turn and records on every measured value its source, what it was
read with (table, query or file pattern) and the date; :func:`refresh_workspace` does it for every map and writes a
map's file (atomically) only when all of its sources were read and measured. A failing source changes nothing for
its map and says which source failed and why; the other maps are still refreshed.

Used by ``journeymap refresh``, by the studio's "Refresh evidence" and its schedule, and from Python::

    from journeymap.core.refresh import refresh_workspace

    report = refresh_workspace("examples/home-loan", dry_run=True)
    for item in report.maps:
        print(item.map_id, [c.text() for c in item.changes])
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import JourneymapError, Problem, ProblemsError
from ..model import Map, MeasuredEmotion
from ..model.workspace import DataSource, Workspace

__all__ = [
    "Collected",
    "MapRefresh",
    "RefreshReport",
    "SourceResult",
    "ValueChange",
    "measure_collected",
    "read_sources",
    "refresh_map",
    "refresh_workspace",
]


@dataclass(frozen=True)
class SourceResult:
    """One source of a map: rows read, what it was read with, and the problem when it failed."""

    name: str
    kind: str
    read_with: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "read_with": self.read_with,
            "rows": self.rows,
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(frozen=True)
class ValueChange:
    """A measured value that changed: a step's emotional level, a touchpoint's satisfaction or importance."""

    element: str
    kind: str
    field: str
    old: float | None
    new: float | None
    source: str

    def text(self) -> str:
        def shown(value: float | None) -> str:
            return "—" if value is None else f"{value:g}"

        return f"{self.kind} {self.element} {self.field}: {shown(self.old)} → {shown(self.new)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "element": self.element,
            "kind": self.kind,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "source": self.source,
        }


@dataclass
class MapRefresh:
    """One map refreshed (or not): its sources, the values that changed, the measured map and its warnings."""

    map_id: str
    measured_on: dt.date
    sources: list[SourceResult]
    changes: list[ValueChange] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    map: Map | None = None
    """The measured map (None when a source failed)."""
    path: Path | None = None
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.map is not None and all(s.ok for s in self.sources)

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.sources for p in s.problems]

    def to_json(self) -> dict[str, Any]:
        return {
            "map": self.map_id,
            "ok": self.ok,
            "written": self.written,
            "measured_on": self.measured_on.isoformat(),
            "sources": [s.to_json() for s in self.sources],
            "changes": [c.to_json() for c in self.changes],
            "warnings": [p.to_dict() for p in self.warnings],
        }


@dataclass
class RefreshReport:
    """Every map refreshed; ``ok`` when no source failed."""

    maps: list[MapRefresh]
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(m.ok for m in self.maps)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "dry_run": self.dry_run, "maps": [m.to_json() for m in self.maps]}


def _spec(source: DataSource, root: Path) -> Any:
    from ..evidence.files import inside_workspace
    from .evidence import survey_layout

    mapping = inside_workspace(root, source.mapping, f"source {source.name} › mapping") if source.mapping else None
    return survey_layout(mapping=mapping)


def _summary(source: DataSource, root: Path, scratch: Path) -> tuple[Any, int]:
    """The survey summary of one source, named as measured values will name their data set; rows read."""
    from ..evidence.engine import Engine, EngineConfig
    from ..evidence.live_sources import read_source
    from ..evidence.survey import summarize_survey

    read = read_source(source, root, scratch)
    config = EngineConfig(kind="spark", spark_master=read.master) if read.engine == "spark" else EngineConfig()
    spec = _spec(source, root)
    rows = read.rows
    with Engine(config) as engine:
        summary = summarize_survey(engine, read.path, spec, distribution=False)
        if not rows:  # a spreadsheet: its rows as the survey reader found them
            from ..evidence.sources import open_source

            rows = int(engine.scalar(open_source(engine, read.path, sheet=spec.sheet).table.count()))
    # a file of the workspace keeps its own name (as 'measure' writes it); a table, a query or several files
    # read together are named after the source
    inside_scratch = read.path.resolve().is_relative_to(scratch.resolve())
    summary.dataset = source.name if inside_scratch else read.path.name
    return summary, rows


def _located(source: DataSource, error: BaseException) -> list[Problem]:
    """The problems of a failed source, each saying which source it is."""
    where = f"source {source.name}"
    if isinstance(error, ProblemsError):
        return [
            p if p.where.startswith(where) else Problem(p.code, f"{where}: {p.where}", p.message, p.hint)
            for p in error.problems
        ]
    return [Problem("JE200", where, str(error), "check the source's settings in journeymap.yaml")]


@dataclass
class Collected:
    """The sources of one map read and summarized (the slow part), ready to be measured onto the map."""

    map_id: str
    sources: list[SourceResult]
    summaries: list[tuple[DataSource, Any]]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sources)


def read_sources(workspace: Workspace, root: Path, map_id: str, *, inline_urls: bool = True) -> Collected:
    """Read and summarize every source the map's evidence entry names; a source that fails is kept with its
    problems (the others are still read, so that every failure is said at once)."""
    entry = next((e for e in workspace.evidence if e.map == map_id and e.sources), None)
    if entry is None:
        raise JourneymapError(f"map {map_id!r} has no sources: name them under evidence › sources in journeymap.yaml")
    collected = Collected(map_id, [], [])
    with tempfile.TemporaryDirectory(prefix="journeymap-refresh-") as tmp:
        for name in entry.sources:
            source = workspace.source(name)
            assert source is not None  # the workspace model checks the names
            try:
                _allowed(source, inline_urls)
                summary, rows = _summary(source, root, Path(tmp))
            except (JourneymapError, OSError) as error:
                collected.sources.append(SourceResult(name, source.kind, source.read_with, 0, _located(source, error)))
                continue
            collected.sources.append(SourceResult(name, source.kind, source.read_with, rows))
            collected.summaries.append((source, summary))
    return collected


def measure_collected(journey_map: Map, collected: Collected, *, today: dt.date | None = None) -> MapRefresh:
    """``journey_map`` measured with the summaries read, in order, each value stamped with its source; the map is
    left out (None) when a source failed or did not fit the map."""
    from ..evidence.measure import measure_map

    today = today or dt.date.today()
    results = list(collected.sources)
    if not collected.ok:
        return MapRefresh(journey_map.id, today, results)
    measured, warnings = journey_map, []
    for source, summary in collected.summaries:
        measured, found = measure_map(measured, summary, today=today)
        errors = [p for p in found if p.is_error]
        if errors:
            index = next(i for i, r in enumerate(results) if r.name == source.name)
            results[index] = replace(results[index], problems=_located(source, ProblemsError(errors)))
        warnings += [p for p in found if not p.is_error]
        measured = _stamp(measured, summary.dataset, source, today)
    if not all(r.ok for r in results):
        return MapRefresh(journey_map.id, today, results, warnings=warnings)
    names = [r.name for r in results]
    return MapRefresh(journey_map.id, today, results, _changes(journey_map, measured, names), warnings, measured)


def refresh_map(
    workspace: Workspace, root: Path, journey_map: Map, *, today: dt.date | None = None, inline_urls: bool = True
) -> MapRefresh:
    """``journey_map`` measured again from the sources its evidence entry names (nothing is written). With
    ``inline_urls`` false (the studio), a PostgreSQL source must take its URL from an environment variable."""
    collected = read_sources(workspace, root, journey_map.id, inline_urls=inline_urls)
    return measure_collected(journey_map, collected, today=today)


def _allowed(source: DataSource, inline_urls: bool) -> None:
    if not inline_urls and source.kind == "postgres" and source.url:
        hint = "put the URL in an environment variable of the server and name it with url_env"
        raise ProblemsError(
            [
                Problem(
                    "JE204",
                    f"source {source.name}",
                    "the studio does not connect to URLs written in the workspace",
                    hint,
                )
            ]
        )


def _stamp(m: Map, dataset: str, source: DataSource, today: dt.date) -> Map:
    """Every value measured today from ``dataset`` records the source, what it was read with, and the date."""
    provenance = {"source": source.name, "query": source.read_with}

    def emotion(value: Any) -> Any:
        if isinstance(value, MeasuredEmotion) and value.dataset == dataset and value.measured_on in (None, today):
            return value.model_copy(update={**provenance, "measured_on": today})
        return value

    def evidence(refs: list[Any]) -> list[Any]:
        return [
            ref.model_copy(update={**provenance, "measured_on": today})
            if ref.dataset == dataset and ref.measured_on in (None, today)
            else ref
            for ref in refs
        ]

    stages = [
        stage.model_copy(update={"steps": [s.model_copy(update={"emotion": emotion(s.emotion)}) for s in stage.steps]})
        for stage in m.stages
    ]
    touchpoints = [tp.model_copy(update={"evidence": evidence(tp.evidence)}) for tp in m.touchpoints]
    return m.model_copy(update={"stages": stages, "touchpoints": touchpoints})


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return float(getattr(value, "value", value))


def _changes(before: Map, after: Map, sources: Sequence[str]) -> list[ValueChange]:
    """The measured values that differ between the map before and after."""
    changes: list[ValueChange] = []
    old_steps = {s.id: s for s in before.steps}
    for step in after.steps:
        old = old_steps[step.id].emotion if step.id in old_steps else None
        new = step.emotion
        if not isinstance(new, MeasuredEmotion):
            continue
        if _number(old) != _number(new) or not isinstance(old, MeasuredEmotion):
            source = new.source or ", ".join(sources)
            changes.append(ValueChange(step.id, "step", "emotion", _number(old), _number(new), source))
    old_tps = {t.id: t for t in before.touchpoints}
    for tp in after.touchpoints:
        previous = old_tps.get(tp.id)
        for name in ("satisfaction", "importance"):
            old_value = _number(getattr(previous, name, None)) if previous is not None else None
            new_value = _number(getattr(tp, name, None))
            if old_value != new_value:
                source = next((e.source for e in tp.evidence if e.source), ", ".join(sources))
                changes.append(ValueChange(tp.id, "touchpoint", name, old_value, new_value, source))
    return changes


def refresh_workspace(
    root: str | Path,
    *,
    maps: Sequence[str] | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    inline_urls: bool = True,
) -> RefreshReport:
    """Refresh every map of the workspace at ``root`` that names sources (or only ``maps``); write each map whose
    sources all succeeded (unless ``dry_run``), atomically, keeping its comments."""
    from ..files.loader import read_workspace

    folder = Path(root)
    source = read_workspace(folder)
    workspace = source.workspace
    with_sources = [e.map for e in workspace.evidence if e.sources]
    wanted = list(maps) if maps else with_sources
    unknown = [m for m in wanted if m not in with_sources]
    if unknown:
        listed = ", ".join(with_sources) or "none"
        raise JourneymapError(f"map {unknown[0]!r} has no sources to refresh from (maps with sources: {listed})")
    report = RefreshReport([], dry_run)
    for item in source.maps:
        if item.map.id not in wanted:
            continue
        result = refresh_map(workspace, folder, item.map, today=today, inline_urls=inline_urls)
        result.path = item.path
        if result.ok and result.map is not None and not dry_run:
            _write(result.map, item.path)
            result.written = True
        report.maps.append(result)
    return report


def _write(measured: Map, path: Path) -> None:
    from ..files.dump import save_map

    save_map(measured, path)
