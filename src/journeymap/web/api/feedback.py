"""Feedback routes: upload a feedback table for a map, read the map's feedback (the heat strip's measures and the
suggested pain points), page a step's comments, confirm or correct one (the classifier retrains), accept
suggestions as cards. The work is :mod:`journeymap.web.feedback_service`; the routes translate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from ...limits import limits
from .. import feedback_service as service
from ..deps import Principal, StudioDep, authorize
from ..evidence_service import display_name, in_thread
from ..schemas.feedback import (
    MAX_PAGE,
    FeedbackAcceptCreate,
    FeedbackAcceptedPublic,
    FeedbackColumnUpdate,
    FeedbackCommentPublic,
    FeedbackCommentsPublic,
    FeedbackConfirmationCreate,
    FeedbackConfirmedPublic,
    FeedbackPublic,
    suggestion_public,
)
from .evidence import read_upload

router = APIRouter(tags=["feedback"])


@router.post("/maps/{mid}/feedback", status_code=201)
async def upload_feedback(
    mid: int,
    studio: StudioDep,
    user: Annotated[Principal, authorize("evidence:create")],
    file: Annotated[UploadFile, File(description="comments: CSV, TSV, XLSX, Parquet or JSON Lines")],
    text: Annotated[str | None, Form(description="the column of the comments' text (default: text, comment…)")] = None,
) -> FeedbackPublic:
    """Store a feedback table for the map and classify its comments against the map (the text column given, or
    the one named text, comment, feedback…; none found: the answer lists the columns to choose from)."""
    studio.map_row(mid)
    limit = (studio.settings.max_upload_mb or limits().upload_mb) * (1 << 20)
    content = await in_thread(lambda: read_upload(file, limit))
    view = await service.upload(studio, mid, display_name(file.filename), content, text, user.id)
    return FeedbackPublic.of(view)


@router.get("/maps/{mid}/feedback")
async def get_feedback(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("evidence:read")]
) -> FeedbackPublic:
    """The map's feedback: the latest upload classified against the live map and the workspace's confirmations,
    measured per step and touchpoint (the heat strip), with the suggested pain points (``upload`` null: none)."""
    return FeedbackPublic.of(await service.feedback_view(studio, mid))


@router.put("/maps/{mid}/feedback/column")
async def set_feedback_column(
    mid: int, body: FeedbackColumnUpdate, studio: StudioDep, _: Annotated[Principal, authorize("evidence:create")]
) -> FeedbackPublic:
    """Read the latest upload's comments from another column."""
    return FeedbackPublic.of(await service.set_text_column(studio, mid, body.text))


def _comment(view: service.FeedbackView, index: int) -> FeedbackCommentPublic:
    assert view.classified is not None
    comment, answer = view.classified.comments[index], view.classified.answers[index]
    confirmed = view.confirmations.get(comment.text)
    return FeedbackCommentPublic(
        row=comment.row,
        id=comment.id,
        text=comment.text,
        element=answer.element,
        element_score=answer.element_score,
        sentiment=answer.sentiment,
        sentiment_score=answer.sentiment_score,
        themes=list(answer.themes),
        confirmed=confirmed is not None,
        confirmed_element=confirmed.element if confirmed else None,
        confirmed_sentiment=confirmed.sentiment if confirmed else None,
    )


@router.get("/maps/{mid}/feedback/comments")
async def feedback_comments(
    mid: int,
    studio: StudioDep,
    _: Annotated[Principal, authorize("evidence:read")],
    step: Annotated[str | None, Query(max_length=200, description="a step id; empty: about no element")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
) -> FeedbackCommentsPublic:
    """A page of the comments counted for a step (its touchpoints' included), in file order."""
    view = await service.feedback_view(studio, mid)
    wanted = step or None
    indexes = await in_thread(lambda: service.comments_of_step(view, wanted))
    page = [_comment(view, i) for i in indexes[offset : offset + limit]]
    return FeedbackCommentsPublic(step=wanted, total=len(indexes), offset=offset, comments=page)


@router.post("/maps/{mid}/feedback/confirmations")
async def confirm_feedback(
    mid: int,
    body: FeedbackConfirmationCreate,
    studio: StudioDep,
    _: Annotated[Principal, authorize("evidence:create")],
) -> FeedbackConfirmedPublic:
    """Confirm or correct a comment's element and sentiment: written to the workspace's confirmations
    (``evidence/feedback/confirmed.csv``), the classifier retrained; answers the comment as now classified."""
    view, index = await service.confirm(studio, mid, body.row, body.element, body.sentiment)
    return FeedbackConfirmedPublic(comment=_comment(view, index), feedback=FeedbackPublic.of(view))


@router.post("/maps/{mid}/feedback/accept")
async def accept_feedback(
    mid: int, body: FeedbackAcceptCreate, studio: StudioDep, user: Annotated[Principal, authorize("map:edit")]
) -> FeedbackAcceptedPublic:
    """Add a card for each suggestion named, with its quotes as evidence, to the live map (a named version after)."""
    accepted = await service.accept_suggestions(studio, mid, body.ids, user.id)
    view = await service.feedback_view(studio, mid)
    return FeedbackAcceptedPublic(accepted=[suggestion_public(s) for s in accepted], feedback=FeedbackPublic.of(view))
