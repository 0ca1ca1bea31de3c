"""The portfolio: ``GET /api/workspaces/{wid}/portfolio`` (one workspace) and ``GET /api/portfolio`` (every
workspace the caller is a member of) answer what ``journeymap portfolio --format json`` prints — journeys with owner,
status and health parts, the tree, the heat map, the personas and the opportunity board — with the studio's ids of
the maps; ``…/portfolio/search`` searches the maps; ``PATCH /api/maps/{mid}/opportunities/{oid}`` moves an
opportunity on the board (status, owner, effort, impact) through the map's live document. The work is
:mod:`journeymap.web.portfolio_service`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ...analysis.portfolio_search import SearchQuery
from ...store import team
from .. import portfolio_service as service
from ..deps import Principal, StudioDep, authorize
from ..schemas.portfolio import (
    OpportunityPatch,
    OpportunityPublic,
    PortfolioPublic,
    SearchHitPublic,
    StudioWorkspacePublic,
)

router = APIRouter(tags=["portfolio"])

Statuses = Annotated[
    list[str],
    Query(description="keep the opportunities with these statuses (idea, testing, validated, …); all when empty"),
]
Sort = Annotated[str, Query(description="sort the board by score, effort, impact or value")]
Text = Annotated[str, Query(max_length=200)]


def _public(found: service.StudioPortfolio) -> PortfolioPublic:
    studio = [StudioWorkspacePublic(id=wid, name=name, maps=maps) for wid, name, maps in found.ids]
    return PortfolioPublic.model_validate({**found.portfolio.to_dict(), "studio": studio})


@router.get("/workspaces/{wid}/portfolio")
async def workspace_portfolio(
    wid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("workspace:read")],
    status: Statuses = [],  # noqa: B006 - FastAPI copies a query list's default
    sort: Sort = "score",
) -> PortfolioPublic:
    """The workspace's portfolio: journeys (owner, status, health and its parts), the tree of journeys, the journey ×
    stage heat map, the personas with their journeys and the opportunity board."""
    return _public(await service.portfolio_of(studio, [wid], statuses=status, sort=sort))


@router.get("/portfolio")
async def portfolio(
    studio: StudioDep,
    who: Annotated[Principal, authorize("account")],
    status: Statuses = [],  # noqa: B006 - FastAPI copies a query list's default
    sort: Sort = "score",
) -> PortfolioPublic:
    """The portfolio of every workspace the caller is a member of."""
    with studio.store.session() as db:
        ids = [w.id for w, _ in team.workspaces_of(db, who.user_id)]
    return _public(await service.portfolio_of(studio, ids, statuses=status, sort=sort))


@router.get("/workspaces/{wid}/portfolio/search")
async def search_portfolio(
    wid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("workspace:read")],
    text: Text = "",
    tag: Text = "",
    persona: Text = "",
    touchpoint: Text = "",
    channel: Text = "",
) -> list[SearchHitPublic]:
    """The elements of the workspace's maps that match: text (in names and descriptions), a map tag, a persona, a
    touchpoint or a channel (all given must match); nothing when nothing is asked."""
    query = SearchQuery(text, tag, persona, touchpoint, channel)
    hits = await service.search_of(studio, [wid], query)
    return [SearchHitPublic(**hit.to_dict(), studio_map=map_id) for hit, map_id in hits]


@router.patch("/maps/{mid}/opportunities/{oid}")
async def patch_opportunity(
    mid: int,
    oid: Annotated[str, Path(max_length=200)],
    body: OpportunityPatch,
    studio: StudioDep,
    user: Annotated[Principal, authorize("map:edit")],
) -> OpportunityPublic:
    """Change an opportunity of the map — move it on the board (its status), or set its owner, effort or impact —
    in the live document (collaborators see it at once)."""
    changes = body.model_dump(include=body.model_fields_set)
    done = await service.change_opportunity(studio, mid, oid, changes, user.id)
    return OpportunityPublic(
        map_id=mid,
        id=done.id,
        text=done.text,
        status=done.status,
        owner=done.owner,
        effort=done.effort,
        impact=done.impact,
    )
