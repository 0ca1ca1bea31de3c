"""Evidence routes: upload a survey or an event log for a map (its columns, first rows and a suggested mapping),
list a map's uploads, apply one (a survey measures the map, an event log is discovered).

The routes translate: the JSON bodies and the answers are the models of :mod:`journeymap.web.schemas.evidence`; the
work is done by :mod:`journeymap.web.evidence_service` and the library behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import ValidationError

from ...errors import Problem
from ...evidence.suggest import EventRoles
from ...limits import LIMIT_CODE, limits
from .. import evidence_service as service
from ..bodylimit import too_large_message
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError
from ..schemas.common import JsonObject, ProblemPublic
from ..schemas.evidence import (
    PREVIEW_ROWS,
    EventColumnsUpdate,
    EventsAppliedPublic,
    EvidenceApplicationCreate,
    EvidenceAppliedPublic,
    EvidenceFilePublic,
    EvidenceUploadPublic,
    MeasuredPublic,
    SurveyAppliedPublic,
)
from .maps import map_view

router = APIRouter(tags=["evidence"])


# --- upload ---------------------------------------------------------------------------------------------------


def read_upload(upload: UploadFile, limit: int) -> bytes:
    """The uploaded file (spooled to disk by the form parser), read at most once up to ``limit`` (in a worker
    thread: a big file is read off the event loop)."""
    upload.file.seek(0)
    content = upload.file.read(limit + 1)
    if len(content) > limit:
        message, hint = too_large_message("upload_mb", limit)
        raise ApiError(413, f"file: {message}", hint=hint, problems=[Problem(LIMIT_CODE, "file", message, hint)])
    return content


@router.post("/maps/{mid}/evidence", status_code=201)
async def upload_evidence(
    mid: int,
    studio: StudioDep,
    user: Annotated[Principal, authorize("evidence:create")],
    file: Annotated[UploadFile, File(description="a survey (CSV, XLSX, Parquet) or an event log (CSV, Parquet, XES)")],
    kind: Annotated[Literal["survey", "events"], Form()],
) -> EvidenceUploadPublic:
    """Store a survey or an event log for the map; answer its columns, first rows, row count and a mapping
    guessed from its header, its content and the map."""
    studio.map_row(mid)
    limit = (studio.settings.max_upload_mb or limits().upload_mb) * (1 << 20)
    content = await service.in_thread(lambda: read_upload(file, limit))  # the body limit already refused more
    done = await service.upload(studio, mid, kind, service.display_name(file.filename), content, user.id)
    return EvidenceUploadPublic(
        id=done.id,
        kind=done.kind,
        filename=done.filename,
        columns=list(done.inspection.columns),
        preview=[list(row) for row in done.inspection.rows[:PREVIEW_ROWS]],
        rows=done.inspection.count,
        suggested_mapping=dict(done.suggestion.to_mapping()),
    )


@router.get("/maps/{mid}/evidence")
def list_evidence(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("evidence:read")]
) -> list[EvidenceFilePublic]:
    """The evidence files uploaded for the map, newest first (without their content)."""
    return [EvidenceFilePublic.of(info) for info in service.evidence_of_map(studio, mid)]


# --- apply ----------------------------------------------------------------------------------------------------


def _mapping_where(loc: Sequence[str | int]) -> str:
    return "mapping" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)


def _event_columns(mapping: JsonObject) -> EventRoles:
    try:
        columns = EventColumnsUpdate.model_validate(mapping)
    except ValidationError as error:
        problems = [
            Problem("invalid", _mapping_where(tuple(e["loc"])), str(e["msg"]), "give case, activity, time, channel")
            for e in error.errors(include_url=False)
        ]
        raise ApiError(422, f"{problems[0].where}: {problems[0].message}", problems=problems) from None
    return columns.roles()


@router.post("/evidence/{eid}/apply")
async def apply_evidence(
    eid: int,
    body: EvidenceApplicationCreate,
    studio: StudioDep,
    user: Annotated[Principal, authorize("map:edit")],
) -> EvidenceAppliedPublic:
    """A survey: measure the map with it (written into the live document, with a version before and after).
    An event log: the journey discovered in it."""
    evidence = service.evidence_file(studio, eid)
    if evidence.kind == "events":
        found = await service.apply_events(studio, evidence, _event_columns(body.mapping))
        return EventsAppliedPublic.of(found.roles, found.discovery)
    applied = await service.apply_survey(studio, evidence, dict(body.mapping), user.id)
    measured = {
        step: MeasuredPublic(mean=m.mean, low=m.low, high=m.high, n=m.n) for step, m in applied.measured.items()
    }
    problems = [ProblemPublic.of(p, None) for p in applied.problems]
    view = await map_view(studio, evidence.map_id)
    return SurveyAppliedPublic(measured=measured, problems=problems, map=view)
