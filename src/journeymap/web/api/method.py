"""The method: ``GET /api/workspaces/{wid}/method`` (where each initiative stands, computed by the core) and
``PUT /api/workspaces/{wid}/initiatives/{initiative}`` (an initiative edited in the studio, written back to the
workspace file), by :mod:`journeymap.web.method_service`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from .. import method_service
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError
from ..schemas.method import (
    InitiativeEdit,
    InitiativeMethodPublic,
    InitiativeReportPublic,
    InitiativeSaved,
    MethodPublic,
    OpportunityTakenPublic,
)

router = APIRouter(tags=["workspaces"])


@router.get("/workspaces/{wid}/method")
async def method(wid: int, studio: StudioDep, _: Annotated[Principal, authorize("workspace:read")]) -> MethodPublic:
    """Every initiative of the workspace: the state of its eight stages with what is missing to move on, the 5Cs
    gate, the four iterations of its as-is map and its experiments' results against their outcomes — exactly
    ``journeymap method --format json`` — with the initiative's data and the opportunities it takes up."""
    found = await method_service.method_view(studio, wid)
    return MethodPublic(
        workspace=found.workspace,
        version=found.version,
        initiatives=[
            InitiativeMethodPublic(
                report=InitiativeReportPublic.model_validate(item.report.to_dict()),
                initiative=item.data,
                opportunities=[OpportunityTakenPublic(**vars(o)) for o in item.opportunities],
            )
            for item in found.initiatives
        ],
    )


@router.put("/workspaces/{wid}/initiatives/{initiative}")
def put_initiative(
    wid: int,
    initiative: str,
    body: InitiativeEdit,
    studio: StudioDep,
    _: Annotated[Principal, authorize("workspace:edit")],
) -> InitiativeSaved:
    """Replace (or add) an initiative of the workspace file. The file is validated before it is written (422 with
    located problems) and the edit is refused with 409 when the file changed since ``version``."""
    try:
        version, saved = method_service.save_initiative(studio, wid, initiative, dict(body.initiative), body.version)
    except method_service.StaleWorkspaceFile as exc:
        raise ApiError(409, str(exc), hint=method_service.STALE_HINT) from None
    except method_service.InitiativeIdChanged as exc:
        raise ApiError(422, str(exc), hint="ids cannot change") from None
    return InitiativeSaved(version=version, initiative=saved)
