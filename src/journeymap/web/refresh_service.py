"""Refreshing evidence in the studio: measure a live map again from the sources its workspace declares
(``sources:`` and ``evidence › sources`` of ``journeymap.yaml``, see docs/refresh.md), and the schedule that does it
by itself for the workspaces whose settings ask for it (``settings.refresh.every_hours``).

The sources are read by the library (:func:`journeymap.core.refresh.read_sources`) in a worker thread, from the
folder the workspace was imported from when it is still there (its evidence files as they are now), else from a
copy of the workspace's files in the store. The values are then measured onto the map as it is at that moment
(edits made meanwhile are kept) and written into the live document, with a version before (when the map changed
since the last one) and a named version after, as applying a survey does. In the studio a PostgreSQL source must
take its URL from an environment variable of the server (``url_env``): editors do not make the server connect to
addresses they write. A failing source changes nothing and raises the problems naming it.

The schedule runs in every studio process; a round claims each due workspace store-wide before refreshing it
(:func:`_claim`), so with several processes on one PostgreSQL store a due workspace is refreshed once.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import anyio

from ..errors import JourneymapError, MapFileError, NotFoundError, ProblemsError
from ..files.dump import model_data
from ..model.workspace import Workspace
from ..store import refresh as stored
from ..store import repo

if TYPE_CHECKING:
    from ..core.refresh import MapRefresh
    from ..model import Map
    from .services import Studio

__all__ = ["RefreshSchedule", "Refreshed", "refresh_due", "refresh_live_map", "run_schedule"]

log = logging.getLogger("journeymap.studio.refresh")


@dataclass(frozen=True)
class Refreshed:
    """A live map refreshed: what the library found, and the named version taken after it."""

    result: MapRefresh
    version: str


def _workspace_of(studio: Studio, workspace_id: int) -> tuple[Workspace, Path | None]:
    """The workspace's settings as a model, and the folder it was imported from (when it still exists)."""
    with studio.store.session() as db:
        row = repo.workspace(db, workspace_id)
        if row is None:
            raise NotFoundError(f"workspace {workspace_id}")
        settings, source = dict(row.settings or {}), row.source_path
    workspace = Workspace.model_validate({**settings, "personas": [], "maps": []})
    folder = Path(source) if source else None
    return workspace, folder if folder is not None and folder.is_dir() else None


@contextlib.asynccontextmanager
async def _evidence_root(studio: Studio, workspace_id: int, folder: Path | None) -> AsyncIterator[Path]:
    if folder is not None:
        yield folder
        return
    async with studio.workspace_folder(workspace_id) as copy:
        yield copy


async def refresh_live_map(studio: Studio, map_id: int, user_id: int | None) -> Refreshed:
    """Measure the live map again from its workspace's sources (see the module docstring)."""
    from ..core.refresh import measure_collected, read_sources

    row = studio.map_row(map_id)
    workspace, folder = _workspace_of(studio, row.workspace_id)
    journey_map = await _checked_map(studio, map_id)
    async with _evidence_root(studio, row.workspace_id, folder) as root:
        collected = await anyio.to_thread.run_sync(
            lambda: read_sources(workspace, root, journey_map.id, inline_urls=False)
        )
    if not collected.ok:
        raise ProblemsError([p for s in collected.sources for p in s.problems])
    # measured onto the map as it is now: edits made by others while the sources were read are kept
    result = measure_collected(await _checked_map(studio, map_id), collected)
    if result.map is None:
        raise ProblemsError(result.problems)
    with studio.store.session() as db:
        changed = repo.has_changes_since_version(db, map_id)
    if changed:
        await studio.take_version(map_id, kind="auto")
    await studio.set_map_data(map_id, model_data(result.map), user_id)
    name = "refreshed from " + ", ".join(s.name for s in result.sources)
    await studio.take_version(map_id, kind="named", name=name, user_id=user_id)
    return Refreshed(result, name)


async def _checked_map(studio: Studio, map_id: int) -> Map:
    journey_map, problems = await studio.check(map_id)
    if journey_map is None:
        raise MapFileError(problems)
    return journey_map


# --- the schedule -------------------------------------------------------------------------------------------------


@dataclass
class RefreshSchedule:
    """When each workspace is next due in this process. A workspace is due ``every_hours`` after it was first seen
    or last refreshed; one round runs at a time (a round still running when the next tick comes is not doubled).
    ``clock``: seconds of the wall clock (they are compared with the refreshes other processes noted)."""

    clock: Callable[[], float] = time.time
    last: dict[int, float] = field(default_factory=dict)
    running: bool = False

    def due(self, workspaces: dict[int, float]) -> list[int]:
        """The workspaces (id → every_hours) whose refresh is due now; the others start counting now."""
        now = self.clock()
        for gone in set(self.last) - set(workspaces):
            del self.last[gone]
        return [
            wid for wid, hours in sorted(workspaces.items()) if now - self.last.setdefault(wid, now) >= hours * 3600
        ]

    def done(self, workspace_id: int) -> None:
        self.last[workspace_id] = self.clock()


async def _maps_with_sources(studio: Studio, workspace_id: int, workspace: Workspace) -> list[int]:
    """The store ids of the workspace's live maps whose map id (in their data) has sources."""
    wanted = {e.map for e in workspace.evidence if e.sources}
    if not wanted:
        return []
    with studio.store.session() as db:
        ids = [row.id for row in repo.live_maps(db, workspace_id)]
    return [map_id for map_id in ids if (await studio.map_data(map_id)).get("id") in wanted]


async def refresh_due(studio: Studio, schedule: RefreshSchedule) -> list[tuple[int, bool]]:
    """One round: refresh every map of the workspaces that are due; (map id, refreshed) for each map tried. A
    failure is logged with its source and reason, and the round goes on."""
    if schedule.running:
        return []
    schedule.running = True
    tried: list[tuple[int, bool]] = []
    try:
        with studio.store.session() as db:
            workspaces = stored.scheduled_workspaces(db)
        for workspace_id in schedule.due(workspaces):
            if not _claim(studio, schedule, workspace_id, workspaces[workspace_id]):
                schedule.done(workspace_id)  # another process refreshed it just now, or is refreshing it
                continue
            workspace, _ = _workspace_of(studio, workspace_id)
            for map_id in await _maps_with_sources(studio, workspace_id, workspace):
                tried.append((map_id, await _refresh_logged(studio, map_id)))
            schedule.done(workspace_id)
    finally:
        schedule.running = False
    return tried


def _claim(studio: Studio, schedule: RefreshSchedule, workspace_id: int, hours: float) -> bool:
    """Claim this round's refresh of the workspace among all the studio's processes: under its store-wide lock (not
    waited for: when held, another process is claiming it), still due (no process refreshed it in the last
    ``hours``) and noted as refreshed now, so the others find it done."""
    with studio.store.try_exclusive(f"scheduled-refresh:{workspace_id}") as db:
        if db is None:
            return False
        now = datetime.fromtimestamp(schedule.clock(), UTC)
        last = stored.last_scheduled_refresh(db, workspace_id)
        if last is not None and (now - last).total_seconds() < hours * 3600:
            return False
        stored.note_scheduled_refresh(db, workspace_id, now)
        return True


async def _refresh_logged(studio: Studio, map_id: int) -> bool:
    try:
        done = await refresh_live_map(studio, map_id, None)
    except ProblemsError as error:
        for problem in error.problems:
            log.warning("scheduled refresh of map %s: %s: %s", map_id, problem.where, problem.message)
        return False
    except JourneymapError as error:
        log.warning("scheduled refresh of map %s: %s", map_id, error)
        return False
    log.info("scheduled refresh of map %s: %d values changed (%s)", map_id, len(done.result.changes), done.version)
    return True


async def run_schedule(studio: Studio, schedule: RefreshSchedule, tick_s: float = 60.0) -> None:
    """Every ``tick_s`` seconds, a round of :func:`refresh_due` (until cancelled with the server)."""
    while True:
        await anyio.sleep(tick_s)
        try:
            await refresh_due(studio, schedule)
        except Exception:  # the schedule must outlive one bad round
            log.exception("scheduled refresh failed")
