"""The map: scope, state, stages → steps, lanes of cards, and the structured elements of every map type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import Field, model_validator

from .base import Element, Id, Record, Text, slugify
from .elements import (
    Card,
    Comment,
    MomentOfTruth,
    Opportunity,
    ServiceChallenge,
    Touchpoint,
    ValueMoment,
)
from .emotion import EmotionalLevel
from .enums import BlueprintLineKind, LaneKind, MapState, MapStatus, MapType, NarrativePhase
from .feedback import FeedbackMeasure
from .ids import fill_missing_ids
from .mental import MentalSpace, Support
from .network import Actor, ValueFlow
from .persona import Persona

__all__ = ["FORMAT_VERSION", "BlueprintLine", "Lane", "Map", "Scope", "Stage", "Step", "prepare_map_data"]

FORMAT_VERSION = 1
"""Version of the map file format this release reads and writes (the ``journeymap:`` key of a file)."""


class Scope(Record):
    """Whose experience the map shows, why, and where it starts and ends."""

    point_of_view: Text = Field("", description="Whose experience, in which relationship.")
    purpose: Text = Field("", description="What the map is for: the decision it should inform.")
    start: Text = Field("", description="The moment the experience starts (e.g. the customer's need arises).")
    end: Text = Field("", description="The moment it ends (e.g. the need is resolved).")


class Step(Element):
    """A column of the map: one step of the experience, in time order."""

    name: Text = Field(min_length=1)
    description: Text = ""
    emotion: EmotionalLevel | None = Field(
        None, description="Emotional level: a number or {estimate: …} when estimated; {mean, n, ci95, …} when measured."
    )
    emotions: dict[Id, EmotionalLevel] = Field(
        default_factory=dict,
        description="Emotional levels of other personas at this step, by persona id (a number is an estimate, as for "
        "emotion); the map's own persona's level is emotion.",
    )
    narrative_phase: NarrativePhase | None = Field(None, description="Phase of the narrative arc (to-be maps).")
    actors: list[Id] = Field(default_factory=list, description="Ids of the personas taking part in the step.")
    replaces: list[Id] = Field(
        default_factory=list, description="To-be maps: ids of the steps of the as-is map this step replaces."
    )
    feedback: FeedbackMeasure | None = Field(None, description="What free-text feedback says: 'feedback measure'.")
    sub_journey: Id | None = Field(
        None, description="Id of another map of the workspace that details this step (its sub-journey)."
    )

    @model_validator(mode="before")
    @classmethod
    def _emotion_shorthand(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if _is_number(data.get("emotion")):
            data = {**data, "emotion": {"estimate": data["emotion"]}}
        others = data.get("emotions")
        if isinstance(others, dict) and any(_is_number(v) for v in others.values()):
            levels = {k: {"estimate": v} if _is_number(v) else v for k, v in others.items()}
            data = {**data, "emotions": levels}
        return data


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Stage(Element):
    """A phase of the experience, grouping steps."""

    name: Text = Field(min_length=1)
    description: Text = ""
    steps: list[Step] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _step_shorthand(cls, data: Any) -> Any:
        return _expand_step_names(data)


def _expand_step_names(data: Any) -> Any:
    """``steps: [Search, Compare]`` is short for ``steps: [{name: Search}, {name: Compare}]``."""
    if isinstance(data, dict) and isinstance(data.get("steps"), list):
        steps = [{"name": s} if isinstance(s, str) else s for s in data["steps"]]
        data = {**data, "steps": steps}
    return data


class Lane(Element):
    """A row of a timeline map. Structured lanes (emotion, touchpoints, …) also show the map's elements."""

    kind: LaneKind = LaneKind.CUSTOM
    title: Text = Field("", description="Heading; by default the label of the kind.")
    cards: list[Card] = Field(default_factory=list)

    @property
    def heading(self) -> str:
        return self.title or self.kind.label


class BlueprintLine(Record):
    """A line of a service blueprint, drawn below the lane ``after``."""

    kind: BlueprintLineKind
    after: Id = Field(description="Id of the lane above the line.")


class Map(Element):
    """One experience of one persona, from a point of view, with a purpose and a scope."""

    journeymap: int = Field(FORMAT_VERSION, description="Version of the file format.")
    type: MapType = MapType.CUSTOMER_JOURNEY_MAP
    title: Text = Field(min_length=1)
    description: Text = ""
    persona: Id | None = Field(None, description="Id of the persona whose experience this is.")
    personas: list[Persona] = Field(default_factory=list, description="Personas defined in the map itself.")
    scope: Scope = Field(default_factory=Scope)
    state: MapState = MapState.AS_IS
    derived_from: Id | None = Field(None, description="Id of the as-is map a to-be map derives from.")
    parent: Id | None = Field(None, description="Id of the map this one details (a step of it names this map).")
    owner: Text = Field("", description="Who owns the map: a name or an e-mail address.")
    status: MapStatus = Field(MapStatus.DRAFT, description="draft, in-review, current or retired.")
    reviewed_on: dt.date | None = Field(None, description="Date of the map's last review.")
    review_every_days: int | None = Field(
        None, ge=1, description="Review the map this often (days); by default the workspace's review_every_days."
    )
    tags: list[Text] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    lanes: list[Lane] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    moments_of_truth: list[MomentOfTruth] = Field(default_factory=list)
    service_challenges: list[ServiceChallenge] = Field(default_factory=list)
    value_moments: list[ValueMoment] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    blueprint_lines: list[BlueprintLine] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list, description="Ecosystem map: the actors.")
    value_flows: list[ValueFlow] = Field(default_factory=list, description="Ecosystem map: value flows.")
    mental_spaces: list[MentalSpace] = Field(default_factory=list, description="Mental model: towers above.")
    supports: list[Support] = Field(default_factory=list, description="Mental model: supports below.")
    comments: list[Comment] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _fill_ids(cls, data: Any) -> Any:
        return prepare_map_data(data) if isinstance(data, dict) else data

    # ---- navigation -------------------------------------------------------------------------------------
    @property
    def steps(self) -> list[Step]:
        """All steps, in time order."""
        return [step for stage in self.stages for step in stage.steps]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def lane(self, kind: LaneKind) -> Lane | None:
        return next((lane for lane in self.lanes if lane.kind is kind), None)

    def cards_at(self, lane: Lane, step_id: str) -> list[Card]:
        return [card for card in lane.cards if card.step == step_id]

    def persona_ids(self) -> set[str]:
        return {p.id for p in self.personas}

    def elements(self) -> Iterator[Element]:
        """Every element of the map (the map itself first), in document order."""
        yield self
        yield from _iter_elements(self)


def prepare_map_data(data: dict[str, Any]) -> dict[str, Any]:
    """Raw map data with its shorthands expanded and the ids an author left out filled in (a copy)."""
    if "id" not in data and isinstance(data.get("title"), str):
        data = {**data, "id": slugify(data["title"], "map")}
    if isinstance(data.get("stages"), list):
        data = {**data, "stages": [_expand_step_names(s) for s in data["stages"]]}
    if isinstance(data.get("comments"), list):
        data = {**data, "comments": [_thread_targets(c) for c in data["comments"]]}
    return fill_missing_ids(data)


def _thread_targets(comment: Any) -> Any:
    """Replies are on their thread's element: fill in a reply's missing ``target`` from its parent."""
    if not isinstance(comment, dict) or not isinstance(comment.get("replies"), list):
        return comment
    target = comment.get("target")
    replies = [
        _thread_targets({"target": target, **r} if isinstance(r, dict) and target is not None else r)
        for r in comment["replies"]
    ]
    return {**comment, "replies": replies}


def _iter_elements(record: Record) -> Iterator[Element]:
    for name in type(record).model_fields:
        value = getattr(record, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Element):
                yield item
            if isinstance(item, Record):
                yield from _iter_elements(item)
