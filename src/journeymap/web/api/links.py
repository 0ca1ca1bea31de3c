"""Journeys that link: ``GET /api/maps/{mid}/links`` — the map's parents, children and step sub-journeys, from
the core's hierarchy (:mod:`journeymap.model.links`) by :mod:`journeymap.web.links_service`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter

from .. import links_service
from ..deps import Principal, StudioDep, authorize
from ..schemas.links import LinkedMapPublic, MapLinksPublic, StepLinkPublic

router = APIRouter(tags=["maps"])


@router.get("/maps/{mid}/links")
async def map_links(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("workspace:read")]
) -> MapLinksPublic:
    """The map's chain of parents (root first, each with the step that opens the next map: the breadcrumb), its
    children, the sub-journeys its steps open, and every map of the workspace a step may open. Members only: a
    share link opens one map, not its neighbours."""
    found = await links_service.map_links(studio, mid)
    return MapLinksPublic(
        map_id=found.map_id,
        ref=found.ref,
        title=found.title,
        parents=[LinkedMapPublic(**asdict(m)) for m in found.parents],
        children=[LinkedMapPublic(**asdict(m)) for m in found.children],
        steps=[StepLinkPublic(**asdict(s)) for s in found.steps],
        maps=[LinkedMapPublic(**asdict(m)) for m in found.maps],
    )
