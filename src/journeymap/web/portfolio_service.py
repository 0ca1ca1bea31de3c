"""The portfolio in the studio: the live maps of one workspace (or of every workspace a user is a member of) read
as the command line reads workspace folders, and handed to :mod:`journeymap.analysis.portfolio` — the journeys with
their health and its parts, the tree, the heat map, the personas, the opportunity board and the search. Nothing is
computed here that the library does not compute for ``journeymap portfolio``.

Changing an opportunity (its status, owner, effort, impact) goes through the map's live document, as any edit in
the studio: the map is checked, changed and written with :meth:`Studio.set_map_data`, so collaborators who have
the map open see the change at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio

from ..errors import MapFileError, NotFoundError
from ..files.dump import model_data
from ..store import repo

if TYPE_CHECKING:
    from ..analysis.portfolio import Portfolio
    from ..analysis.portfolio_search import SearchHit, SearchQuery
    from ..files.loader import WorkspaceSource
    from ..model import Map, Opportunity
    from .services import Studio

__all__ = ["StudioPortfolio", "change_opportunity", "portfolio_of", "search_of"]


@dataclass(frozen=True)
class StudioPortfolio:
    """The portfolio, and for each of its workspaces the store ids: (workspace id, name, map id → store id)."""

    portfolio: Portfolio
    ids: list[tuple[int, str, dict[str, int]]]

    def map_id(self, workspace: str, map_id: str) -> int | None:
        """The store id of the map ``map_id`` of the workspace named ``workspace``."""
        return next((maps.get(map_id) for _, name, maps in self.ids if name == workspace), None)


async def _map_ids(studio: Studio, workspace_id: int) -> dict[str, int]:
    """The workspace's live maps: map id (of their data) → store id."""
    with studio.store.session() as db:
        rows = [row.id for row in repo.live_maps(db, workspace_id)]
    found: dict[str, int] = {}
    for row_id in rows:
        found.setdefault(str((await studio.map_data(row_id)).get("id") or ""), row_id)
    return found


async def _read(studio: Studio, workspace_id: int) -> WorkspaceSource:
    """The workspace as the command line reads its folder (from a copy of its live files)."""
    from ..files.loader import read_workspace

    async with studio.workspace_folder(workspace_id) as root:
        return await anyio.to_thread.run_sync(read_workspace, root)


async def portfolio_of(studio: Studio, workspace_ids: list[int], *, statuses: list[str], sort: str) -> StudioPortfolio:
    """The portfolio of the workspaces (in order), its board filtered to ``statuses`` and sorted by ``sort``."""
    from ..analysis.portfolio import portfolio_of_sources

    sources = [await _read(studio, wid) for wid in workspace_ids]
    ids = [
        (wid, source.workspace.name, await _map_ids(studio, wid))
        for wid, source in zip(workspace_ids, sources, strict=True)
    ]

    def work() -> Portfolio:
        return portfolio_of_sources(sources, statuses=statuses, sort=sort)

    return StudioPortfolio(await anyio.to_thread.run_sync(work), ids)


async def search_of(studio: Studio, workspace_ids: list[int], query: SearchQuery) -> list[tuple[SearchHit, int | None]]:
    """What ``query`` finds in the workspaces' maps, each hit with the studio's id of its map."""
    from ..analysis.portfolio_search import search_portfolio

    sources = [await _read(studio, wid) for wid in workspace_ids]
    ids = {
        source.workspace.name: await _map_ids(studio, wid) for wid, source in zip(workspace_ids, sources, strict=True)
    }
    hits = search_portfolio([s.workspace for s in sources], query)
    return [(hit, ids.get(hit.workspace, {}).get(hit.map_id)) for hit in hits]


def _changed(journey_map: Map, opportunity_id: str, changes: dict[str, Any]) -> tuple[dict[str, Any], Opportunity]:
    """The map's data with the opportunity changed (validated as a whole), and the opportunity as it is now."""
    from ..model import Map as MapModel

    found = next((o for o in journey_map.opportunities if o.id == opportunity_id), None)
    if found is None:
        raise NotFoundError(f"opportunity {opportunity_id!r} in map {journey_map.id!r}")
    data = model_data(journey_map)
    for item in data.get("opportunities", []):
        if item.get("id") == opportunity_id:
            item.update(changes)
            for key in [k for k, v in changes.items() if v is None]:
                item.pop(key, None)
    checked = MapModel.model_validate(data)
    now = next(o for o in checked.opportunities if o.id == opportunity_id)
    return model_data(checked), now


async def change_opportunity(
    studio: Studio, map_id: int, opportunity_id: str, changes: dict[str, Any], user_id: int | None
) -> Opportunity:
    """Change the opportunity of the live map (see the module docstring); the opportunity as it is now."""
    journey_map, problems = await studio.check(map_id)
    if journey_map is None:
        raise MapFileError(problems)
    data, opportunity = _changed(journey_map, opportunity_id, changes)
    await studio.set_map_data(map_id, data, user_id)
    return opportunity
