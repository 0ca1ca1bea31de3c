"""Refreshing a map's evidence: ``POST /api/maps/{mid}/refresh`` measures the live map again from the sources its
workspace declares (docs/refresh.md) and answers what was read and what changed. The work is
:mod:`journeymap.web.refresh_service`; a failing source answers 422 with problems naming it (nothing changed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from .. import refresh_service as service
from ..deps import Principal, StudioDep, authorize
from ..schemas.refresh import RefreshPublic
from .maps import map_view

router = APIRouter(tags=["evidence"])


@router.post("/maps/{mid}/refresh")
async def refresh_map(
    mid: int, studio: StudioDep, user: Annotated[Principal, authorize("evidence:refresh")]
) -> RefreshPublic:
    """Measure the map again from its workspace's sources: written into the live document, with a version before
    (when it changed since the last one) and a named version "refreshed from …" after. Answers the sources read
    (rows), the values that changed (old → new) and the warnings; a source that fails changes nothing."""
    done = await service.refresh_live_map(studio, mid, user.id)
    return RefreshPublic.of(done.result, done.version, await map_view(studio, mid))
