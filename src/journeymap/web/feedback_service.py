"""Feedback in the studio, as a service the routes translate: upload a feedback table for a map (its text column
chosen), classify its comments against the live map, measure them per step (the heat strip), page a step's
comments, confirm or correct one (the classifier retrains on the workspace's confirmations) and accept suggested
pain points as cards.

The work is the library's (:mod:`journeymap.feedback`): the classifier of ``feedback classify``, the tally and
measures of ``feedback measure``, the suggestions and :func:`~journeymap.feedback.suggest.accept` of ``feedback
accept`` — no second formula. A classification is kept in the studio's evidence cache (:mod:`.evidence_cache`)
under what it depends on: the file's content, its text column, the map's words (its element documents) and the
confirmations' content; a confirmation changes that key, so the next answer is the retrained classifier's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import MapFileError, NotFoundError, Problem, ProblemsError
from ..files.dump import model_data
from ..store import evidence as stored_evidence
from ..store import feedback as stored
from ..store import repo
from . import evidence_cache
from .evidence_service import in_thread
from .feedback_files import (
    CONFIRMED_PATH,
    columns_of,
    confirmations_bytes,
    default_text_column,
    parse_confirmations,
    read_comments,
)

if TYPE_CHECKING:
    from ..feedback.classify import Classification, FeedbackClassifier
    from ..feedback.comments import Comment
    from ..feedback.confirmations import Confirmation
    from ..feedback.measure import FeedbackTally
    from ..feedback.suggest import Suggestion
    from ..model import FeedbackMeasure, Map
    from ..store.evidence import StoredEvidence
    from .services import Studio

__all__ = [
    "Classified",
    "FeedbackView",
    "accept_suggestions",
    "comments_of_step",
    "confirm",
    "feedback_view",
    "set_text_column",
    "upload",
]


def _confirmations_lock(workspace_id: int) -> str:
    """The store-wide lock of a workspace's confirmations: one confirmation at a time is read, changed and written
    back, in any studio process (two editors never lose each other's)."""
    return f"feedback-confirmations:{workspace_id}"


@dataclass(frozen=True)
class Classified:
    """An upload's comments with the classifier's answer for each, and the rows skipped reading it."""

    dataset: str
    comments: list[Comment]
    answers: list[Classification]
    problems: list[Problem]
    skipped: int


@dataclass
class FeedbackView:
    """What the studio shows of a map's feedback: the upload, the measure of each step and touchpoint, the
    suggestions, and the classification behind them (None while no text column is chosen)."""

    upload: StoredEvidence | None
    columns: list[str] = field(default_factory=list)
    text: str | None = None
    map: Map | None = None
    classified: Classified | None = None
    measures: dict[str, FeedbackMeasure] = field(default_factory=dict)
    unplaced: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)
    confirmations: dict[str, Confirmation] = field(default_factory=dict)
    tally: FeedbackTally | None = None


# --- keys and the cache ---------------------------------------------------------------------------------------


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _map_key(journey_map: Map) -> str:
    """What the classifier reads of the map: its elements' documents and which step each touchpoint is on."""
    from ..feedback.elements import element_documents

    return _digest([element_documents(journey_map), [(t.id, t.step) for t in journey_map.touchpoints]])


def _classifier(journey_map: Map, confirmations: list[Confirmation], conf_key: str) -> FeedbackClassifier:
    from ..feedback.classify import FeedbackClassifier

    key = ("feedback-classifier", _map_key(journey_map), conf_key, evidence_cache.ENGINE_VERSION)
    return evidence_cache.cache.get(key, lambda: FeedbackClassifier.for_map(journey_map, confirmations=confirmations))


def _classified(
    upload: StoredEvidence, text: str, columns: list[str], journey_map: Map, confirmations: list[Confirmation]
) -> Classified:
    conf_key = _digest([(c.text, c.element, c.sentiment) for c in confirmations])
    digest = evidence_cache.content_hash(upload.content)
    key = ("feedback", digest, upload.filename, text, _map_key(journey_map), conf_key, evidence_cache.ENGINE_VERSION)

    def compute() -> Classified:
        comments, problems, skipped = read_comments(upload.filename, upload.content, text, columns)
        classifier = _classifier(journey_map, confirmations, conf_key)
        answers = classifier.classify([c.text for c in comments])
        dataset = upload.filename.rsplit(".", 1)[0] or "feedback"
        return Classified(dataset, comments, answers, problems, skipped)

    return evidence_cache.cache.get(key, compute)


# --- reading ----------------------------------------------------------------------------------------------------


async def _checked_map(studio: Studio, map_id: int) -> Map:
    journey_map, problems = await studio.check(map_id)
    if journey_map is None:
        raise MapFileError(problems)
    return journey_map


def _confirmations(studio: Studio, workspace_id: int) -> list[Confirmation]:
    with studio.store.session() as db:
        content = stored.workspace_file(db, workspace_id, CONFIRMED_PATH)
    return parse_confirmations(content)


def _latest(studio: Studio, map_id: int) -> StoredEvidence | None:
    with studio.store.session() as db:
        return stored.latest_feedback(db, map_id)


def _text_of(upload: StoredEvidence) -> tuple[list[str], str | None]:
    mapping = upload.mapping or {}
    listed, text = mapping.get("columns"), mapping.get("text")
    columns = [str(c) for c in listed] if isinstance(listed, list) else []
    return columns, text if isinstance(text, str) else None


def _measure(view: FeedbackView, journey_map: Map, classified: Classified) -> None:
    """The measures and suggestions of ``feedback measure``, from the classification."""
    from ..feedback.measure import FeedbackTally, apply_measures
    from ..feedback.suggest import suggest

    day = dt.date.today()
    tally = FeedbackTally(journey_map)
    tally.add(classified.comments, classified.answers)
    measured = apply_measures(journey_map, tally, classified.dataset, day)
    elements: list[Any] = [*measured.steps, *measured.touchpoints]
    view.measures = {
        e.id: e.feedback for e in elements if e.feedback is not None and e.feedback.dataset == classified.dataset
    }
    view.unplaced = tally.unplaced
    view.suggestions = list(suggest(measured, tally, [], classified.dataset, day).items)
    view.tally = tally


async def feedback_view(studio: Studio, map_id: int, checked: Map | None = None) -> FeedbackView:
    """The map's feedback as it is now: the latest upload classified against the live map (``checked``: the map
    just checked, not checked again) with the workspace's confirmations, measured per step (an empty view when no
    feedback was uploaded)."""
    row = studio.map_row(map_id)
    upload = _latest(studio, map_id)
    if upload is None:
        return FeedbackView(None)
    columns, text = _text_of(upload)
    view = FeedbackView(upload, columns, text)
    if text is None:
        return view
    journey_map = checked if checked is not None else await _checked_map(studio, map_id)

    def work() -> None:
        confirmations = _confirmations(studio, row.workspace_id)
        view.confirmations = {c.text: c for c in confirmations}
        view.map = journey_map
        view.classified = _classified(upload, text, columns, journey_map, confirmations)
        _measure(view, journey_map, view.classified)

    await in_thread(work)
    return view


# --- changing -----------------------------------------------------------------------------------------------------


async def upload(
    studio: Studio, map_id: int, filename: str, content: bytes, text: str | None, author_id: int | None
) -> FeedbackView:
    """Store a feedback table for the map (its columns read, the text column ``text`` or the one named like a
    comment), then its view. JE220 when ``text`` is not a column of the file."""
    studio.map_row(map_id)
    columns = await in_thread(lambda: columns_of(filename, content))
    chosen = _chosen_column(filename, columns, text)
    if chosen is not None:  # read now: a file whose rows cannot be read is refused before it is stored
        await in_thread(lambda: read_comments(filename, content, chosen, columns))
    with studio.store.session() as db:
        evidence_id = stored_evidence.add_evidence(db, map_id, stored.FEEDBACK_KIND, filename, content, author_id)
        stored_evidence.set_mapping(db, evidence_id, {"text": chosen, "columns": columns})
    return await feedback_view(studio, map_id)


def _chosen_column(filename: str, columns: list[str], text: str | None) -> str | None:
    if text is None or not text.strip():
        return default_text_column(columns)
    if text not in columns:
        from ..model import did_you_mean

        hint = did_you_mean(text, columns) or "one of: " + ", ".join(columns[:20])
        raise ProblemsError([Problem("JE220", f"{filename}:1", f"the file has no column {text!r}", hint)])
    return text


async def set_text_column(studio: Studio, map_id: int, text: str) -> FeedbackView:
    """Read the latest upload's comments from column ``text`` instead."""
    found = _latest(studio, map_id)
    if found is None:
        raise NotFoundError("the map's feedback", hint=f"upload a feedback file (POST /api/maps/{map_id}/feedback)")
    columns, _ = _text_of(found)
    chosen = _chosen_column(found.filename, columns, text)
    await in_thread(lambda: read_comments(found.filename, found.content, chosen or text, columns))
    with studio.store.session() as db:
        stored_evidence.set_mapping(db, found.id, {"text": chosen, "columns": columns})
    return await feedback_view(studio, map_id)


def placed_step(view: FeedbackView, index: int) -> str | None:
    """The step comment ``index`` counts for (its element's step), or None when it is about no element."""
    assert view.classified is not None and view.tally is not None
    comment, answer = view.classified.comments[index], view.classified.answers[index]
    element = view.tally.element_of(comment, answer)
    return None if element is None else view.tally.step_of(element)


def comments_of_step(view: FeedbackView, step: str | None) -> list[int]:
    """The indexes of the comments counted for ``step`` (None: the comments about no element), in file order."""
    if view.classified is None:
        return []
    return [i for i in range(len(view.classified.comments)) if placed_step(view, i) == step]


def _ready(view: FeedbackView, map_id: int) -> tuple[Classified, Map]:
    if view.upload is None or view.classified is None or view.map is None:
        hint = f"upload a feedback file and choose its text column (POST /api/maps/{map_id}/feedback)"
        raise NotFoundError("the map's classified feedback", hint=hint)
    return view.classified, view.map


async def confirm(
    studio: Studio, map_id: int, row: int, element: str | None, sentiment: str | None
) -> tuple[FeedbackView, int]:
    """Confirm or correct comment ``row`` of the latest upload: its element (a step or touchpoint id, None: about
    none) and sentiment written to the workspace's confirmations (one line a text: a text confirmed again is
    replaced); answers the view retrained on them and the comment's index."""
    from ..feedback.confirmations import Confirmation

    workspace_id = studio.map_row(map_id).workspace_id
    classified, journey_map = _ready(await feedback_view(studio, map_id), map_id)
    index = next((i for i, c in enumerate(classified.comments) if c.row == row), None)
    if index is None:
        raise NotFoundError(f"comment row {row} of {classified.dataset}")
    known = {s.id for s in journey_map.steps} | {t.id for t in journey_map.touchpoints}
    if element is not None and element not in known:
        from ..model import did_you_mean

        hint = did_you_mean(element, known) or "give a step or touchpoint id of the map, or null"
        raise ProblemsError([Problem("JE226", "element", f"{element!r} is not a step or touchpoint of the map", hint)])
    text = classified.comments[index].text

    def write() -> None:
        with studio.store.exclusive(_confirmations_lock(workspace_id)) as db:
            items = parse_confirmations(stored.workspace_file(db, workspace_id, CONFIRMED_PATH))
            items = [c for c in items if c.text.strip() != text.strip()]
            items.append(Confirmation(text, element, sentiment))
            stored.set_workspace_file(db, workspace_id, CONFIRMED_PATH, confirmations_bytes(items))

    await in_thread(write)
    return await feedback_view(studio, map_id, journey_map), index


async def accept_suggestions(studio: Studio, map_id: int, ids: list[str], user_id: int | None) -> list[Suggestion]:
    """Add a card for each suggestion in ``ids`` (the code of ``feedback accept``: quotes as evidence) to the live
    map, with a version before (when it changed since the last one) and a named version after."""
    from ..feedback.suggest import Suggestions, accept

    view = await feedback_view(studio, map_id)
    classified, journey_map = _ready(view, map_id)
    found = Suggestions(journey_map.id, classified.dataset, dt.date.today(), view.suggestions)
    updated, chosen = await in_thread(lambda: accept(journey_map, found, ids))
    with studio.store.session() as db:
        changed = repo.has_changes_since_version(db, map_id)
    if changed:
        await studio.take_version(map_id, kind="auto")
    await studio.set_map_data(map_id, model_data(updated), user_id)
    name = f"accepted {len(chosen)} suggestion{'s' if len(chosen) != 1 else ''} from {classified.dataset}"
    await studio.take_version(map_id, kind="named", name=name, user_id=user_id)
    return chosen
