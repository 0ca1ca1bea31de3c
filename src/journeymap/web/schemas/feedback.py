"""Feedback in the studio: the map's feedback (the upload, the heat strip's per-step measures, the suggested pain
points), a step's comments with their classification, and what confirming one or accepting suggestions takes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .common import ProblemPublic

if TYPE_CHECKING:
    from ..feedback_service import FeedbackView

Sentiment = Literal["negative", "neutral", "positive"]
MAX_PAGE = 100


# --- what the routes read -----------------------------------------------------------------------------------------


class FeedbackColumnUpdate(BaseModel):
    """The column of the uploaded file that holds the comments' text."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=300)


class FeedbackConfirmationCreate(BaseModel):
    """Confirm or correct one comment of the latest upload (``row``: its row in the file): the step or touchpoint
    it is about (null: about none of them) and its sentiment (null: not said)."""

    model_config = ConfigDict(extra="forbid")
    row: int = Field(ge=1)
    element: str | None = Field(default=None, max_length=200)
    sentiment: Sentiment | None = None


class FeedbackAcceptCreate(BaseModel):
    """The suggestions to accept, by id."""

    model_config = ConfigDict(extra="forbid")
    ids: list[str] = Field(min_length=1, max_length=200)


# --- what the routes answer ---------------------------------------------------------------------------------------


class FeedbackUploadPublic(BaseModel):
    """The feedback file the map's feedback is read from: its columns and the one holding the text (null: not
    chosen yet), the comments read and the rows skipped."""

    id: int
    filename: str
    columns: list[str]
    text_column: str | None
    comments: int
    skipped: int


class FeedbackElementPublic(BaseModel):
    """A step or touchpoint a comment may be about (``step``: the step a touchpoint is on)."""

    id: str
    name: str
    kind: Literal["step", "touchpoint"]
    step: str


class FeedbackStepPublic(BaseModel):
    """A step or touchpoint measured: its comments, the negative ones, the share negative with its Wilson 95 %
    interval (the measure of ``journeymap feedback measure``)."""

    element: str
    comments: int
    negative: int
    share_negative: float
    low: float
    high: float
    themes: list[str]


class FeedbackQuotePublic(BaseModel):
    text: str
    sentiment: str
    source: str
    row: int | None


class FeedbackSuggestionPublic(BaseModel):
    """A suggested card: its kind, step, words, how many comments say it, and its quotes."""

    id: str
    kind: str
    step: str
    element: str
    text: str
    count: int
    quotes: list[FeedbackQuotePublic]


class FeedbackPublic(BaseModel):
    """The map's feedback: the upload (null: none yet), the measured steps and touchpoints, the comments about no
    element, the confirmations of the workspace, the suggestions and the warnings of reading the file."""

    upload: FeedbackUploadPublic | None
    elements: list[FeedbackElementPublic]
    measures: list[FeedbackStepPublic]
    unplaced: int
    confirmations: int
    suggestions: list[FeedbackSuggestionPublic]
    problems: list[ProblemPublic]

    @classmethod
    def of(cls, view: FeedbackView) -> FeedbackPublic:
        classified = view.classified
        upload = None
        if view.upload is not None:
            upload = FeedbackUploadPublic(
                id=view.upload.id,
                filename=view.upload.filename,
                columns=view.columns,
                text_column=view.text,
                comments=len(classified.comments) if classified else 0,
                skipped=classified.skipped if classified else 0,
            )
        elements: list[FeedbackElementPublic] = []
        if view.map is not None:
            elements += [FeedbackElementPublic(id=s.id, name=s.name, kind="step", step=s.id) for s in view.map.steps]
            elements += [
                FeedbackElementPublic(id=t.id, name=t.name, kind="touchpoint", step=t.step)
                for t in view.map.touchpoints
            ]
        measures = [
            FeedbackStepPublic(
                element=element,
                comments=m.comments,
                negative=m.negative,
                share_negative=m.share_negative,
                low=m.ci95[0],
                high=m.ci95[1],
                themes=[t.theme for t in m.themes],
            )
            for element, m in view.measures.items()
        ]
        return cls(
            upload=upload,
            elements=elements,
            measures=measures,
            unplaced=view.unplaced,
            confirmations=len(view.confirmations),
            suggestions=[suggestion_public(s) for s in view.suggestions],
            problems=[ProblemPublic.of(p, None) for p in (classified.problems if classified else [])],
        )


def suggestion_public(item: Any) -> FeedbackSuggestionPublic:
    quotes = [
        FeedbackQuotePublic(
            text=str(q.get("text", "")),
            sentiment=str(q.get("sentiment", "")),
            source=str(q.get("source", "")),
            row=q.get("row") if isinstance(q.get("row"), int) else None,
        )
        for q in item.quotes
    ]
    return FeedbackSuggestionPublic(
        id=item.id,
        kind=item.kind,
        step=item.step,
        element=item.element,
        text=item.text,
        count=item.count,
        quotes=quotes,
    )


class FeedbackCommentPublic(BaseModel):
    """A comment and what the classifier says of it; ``confirmed`` holds the analyst's confirmation, if any."""

    row: int
    id: str | None
    text: str
    element: str | None
    element_score: float
    sentiment: Sentiment
    sentiment_score: float
    themes: list[str]
    confirmed: bool
    confirmed_element: str | None
    confirmed_sentiment: str | None


class FeedbackCommentsPublic(BaseModel):
    """A page of a step's comments (``step`` null: the comments about no element)."""

    step: str | None
    total: int
    offset: int
    comments: list[FeedbackCommentPublic]


class FeedbackConfirmedPublic(BaseModel):
    """A comment confirmed: the comment as the retrained classifier now sees it, and the map's feedback."""

    comment: FeedbackCommentPublic
    feedback: FeedbackPublic


class FeedbackAcceptedPublic(BaseModel):
    """The suggestions accepted (each now a card on the map) and the map's feedback."""

    accepted: list[FeedbackSuggestionPublic]
    feedback: FeedbackPublic
