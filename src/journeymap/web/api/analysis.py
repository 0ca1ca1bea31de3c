"""The analysis routes: an analysis of a map drawn as SVG or HTML (``/api/maps/{mid}/analysis/{name}``), and which
analyses a map can have drawn now (``/api/maps/{mid}/analyses``).

Which analyses there are comes from the analyses registry (:mod:`journeymap.analysis.registry`); the work is done
by :mod:`journeymap.web.analysis_service`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response

from .. import analysis_service
from ..deps import Principal, StudioDep, authorize
from ..schemas.analyses import AnalysisAvailabilityPublic, MapAnalysesPublic
from ..security import DOCUMENT_CSP

router = APIRouter(tags=["evidence"])

DOCUMENT = {"content-security-policy": DOCUMENT_CSP}
DRAWINGS = {media.split(";")[0]: {"schema": {"type": "string"}} for media in analysis_service.MEDIA_TYPES.values()}
"""The answer's media types in the OpenAPI document: the text of the drawing."""


@router.get(
    "/maps/{mid}/analysis/{name}",
    response_class=Response,
    responses={200: {"content": DRAWINGS, "description": "the drawing: an SVG picture or an HTML page"}},
)
async def analysis(
    mid: int, name: str, studio: StudioDep, _: Annotated[Principal, authorize("evidence:read")]
) -> Response:
    """An analysis of the map drawn from the map and its evidence: ``emotion`` (the emotion curve with 95 %
    intervals), ``ipa`` (importance–performance), ``discovery`` (the flows of the map's latest event log) as SVG,
    ``report`` (the evidence report) as one HTML page, and any registered analysis that draws the map."""
    found = analysis_service.studio_analysis(name)
    drawing = await analysis_service.draw(studio, mid, found)
    return Response(drawing.content, media_type=drawing.media_type, headers=DOCUMENT)


@router.get("/maps/{mid}/analyses")
async def map_analyses(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("evidence:read")]
) -> MapAnalysesPublic:
    """The analyses the studio draws for a map, each with whether the map has what it needs now and, when not, what
    to add (an event log for ``discovery`` and ``conform``, a scored touchpoint for ``ipa``, an emotional level for
    ``emotion``; every analysis when the map has errors). Decided without drawing: ask this before the drawings,
    and ask only for the available ones."""
    found = await analysis_service.availability(studio, mid)
    return MapAnalysesPublic(
        map_id=mid,
        analyses=[
            AnalysisAvailabilityPublic(
                name=item.analysis.name, label=item.analysis.label, description=item.analysis.description,
                studio=item.output, available=item.hint is None, hint=item.hint,
            )
            for item in found
        ],
    )  # fmt: skip
