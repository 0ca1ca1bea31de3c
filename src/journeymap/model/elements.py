"""The elements placed on a timeline map: cards, touchpoints, moments of truth, service challenges with
their contingencies, value moments, opportunities with hypotheses, evidence links and comments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import ID_PATTERN, Colour, Element, Id, Record, Text
from .enums import OpportunitySource, TouchpointKind, ValueType
from .feedback import FeedbackMeasure

__all__ = [
    "Card",
    "Comment",
    "Contingency",
    "EvidenceRef",
    "Hypothesis",
    "MomentOfTruth",
    "Opportunity",
    "ServiceChallenge",
    "Touchpoint",
    "ValueMoment",
]


class EvidenceRef(Record):
    """A link from an element to the evidence behind it."""

    dataset: Text = Field(min_length=1, description="Name of the data set (survey, feedback, event log).")
    element: Text = Field("", description="The column, question or activity in the data set.")
    quote: Text = Field("", description="A verbatim from the evidence.")
    n: int | None = Field(None, ge=0, description="Sample size behind the link.")
    n_effective: float | None = Field(
        None, ge=0, description="Kish's effective sample size, (Σw)² / Σw², when the answers are weighted."
    )
    measure: Text = Field("", description="What was measured from it: satisfaction, importance, emotion, …")
    measured_on: dt.date | None = Field(None, description="Date the value was computed from the evidence.")
    source: Text = Field("", description="Name of the workspace's evidence source the value was refreshed from.")
    query: Text = Field("", description="The table, query or file pattern the value was read with.")


class Card(Element):
    """An item in a lane at a step."""

    step: Id = Field(description="Id of the step the card belongs to.")
    text: Text = Field(min_length=1)
    tags: list[Text] = Field(default_factory=list)
    colour: Colour | None = Field(None, description="Fill colour; by default the lane's colour.")
    weight: int | None = Field(None, ge=1, le=5, description="Weight 1–5, used for colour coding.")
    evidence: list[EvidenceRef] = Field(default_factory=list)


class Touchpoint(Element):
    """An interaction between customer and organisation at a step."""

    step: Id
    name: Text = Field(min_length=1, description="A noun naming the interface, e.g. 'Rate comparison page'.")
    channel: Text = Field("other", description="web, app, phone, email, chat, store, branch, letter, …")
    kind: TouchpointKind = Field(TouchpointKind.INTERACTIVE, description="static, interactive or human.")
    owner: Text = Field("", description="Who runs the touchpoint when it is not the organisation (a partner).")
    value_types: list[ValueType] = Field(default_factory=list, description="Values the touchpoint creates.")
    satisfaction: float | None = Field(None, ge=1, le=10, description="Satisfaction 1–10 (evidence or estimate).")
    importance: float | None = Field(None, ge=1, le=10, description="Importance 1–10 (evidence or estimate).")
    evidence: list[EvidenceRef] = Field(default_factory=list)
    feedback: FeedbackMeasure | None = Field(None, description="What free-text feedback says: 'feedback measure'.")


class MomentOfTruth(Element):
    """A highly emotionally charged step or touchpoint that makes or breaks the experience.

    ``gap`` = expectation − experience; ``priority`` = importance × gap (see ``journeymap.analysis``).
    """

    step: Id
    touchpoint: Id | None = Field(None, description="Id of the touchpoint, when the moment is one.")
    title: Text = Field(min_length=1)
    importance: float = Field(ge=1, le=10, description="Importance 1–10.")
    expectation: float | None = Field(None, ge=1, le=10, description="What customers expect, 1–10.")
    experience: float | None = Field(None, ge=1, le=10, description="What customers experience, 1–10.")
    estimated: bool = Field(False, description="True when the scores are the team's estimate, not evidence.")
    evidence: list[EvidenceRef] = Field(default_factory=list)


class Contingency(Element):
    """What the organisation does when a service challenge happens."""

    text: Text = Field(min_length=1)
    owner: Text = Field("", description="Who carries it out.")


class ServiceChallenge(Element):
    """Something that can go wrong at a step, with the contingencies in place for it."""

    step: Id
    text: Text = Field(min_length=1)
    likelihood: int | None = Field(None, ge=1, le=5)
    contingencies: list[Contingency] = Field(default_factory=list)
    evidence: list[EvidenceRef] = Field(default_factory=list)


class ValueMoment(Element):
    """A moment scored by customer expectation (VMCE) and experience (VME), with a weight.

    VMPI = VME / VMCE × 100 % (see ``journeymap.analysis.value_moments``).
    """

    step: Id
    name: Text = Field(min_length=1)
    vmce: float = Field(gt=0, le=10, description="Customer value-moment expectation, 1–10.")
    vme: float = Field(ge=0, le=10, description="Customer value-moment experience, 0–10.")
    weight: int = Field(1, ge=1, le=5, description="Weight 1–5: how much the moment counts.")
    evidence: list[EvidenceRef] = Field(default_factory=list)


class Hypothesis(Element):
    """A testable belief behind an opportunity, with a measurable outcome."""

    statement: Text = Field(min_length=1, description="We believe that …")
    metric: Text = Field(min_length=1, description="What is measured, e.g. 'application completion rate'.")
    baseline: float | None = None
    target: float | None = None
    unit: Text = ""
    status: Literal["untested", "validated", "invalidated"] = "untested"


OpportunityStatus = Literal["idea", "testing", "validated", "rejected", "delivered"]
"""Where an opportunity is: an idea, being tested, validated or rejected by its tests, delivered."""

StepRef = Annotated[str, StringConstraints(pattern=rf"^(?:{ID_PATTERN[1:-1]}:)?{ID_PATTERN[1:]}")]
"""A step of this map (``step-id``) or of another map of the workspace (``map-id:step-id``)."""


class Opportunity(Element):
    """An improvement, phrased with a verb of change and as a 'How might we …?' question."""

    text: Text = Field(min_length=1, description="Starts with a verb of change: increase, reduce, …")
    how_might_we: Text = Field("", description="How might we …?")
    steps: list[StepRef] = Field(
        default_factory=list,
        description="Steps the opportunity concerns: a step id of this map, or map-id:step-id for a step of another "
        "map of the workspace.",
    )
    source: OpportunitySource = OpportunitySource.OTHER
    score: float | None = Field(None, ge=0, description="Score used for ranking (higher first).")
    owner: Text = Field("", description="Who takes the opportunity forward: a name or an e-mail address.")
    status: OpportunityStatus = Field(
        "idea", description="idea → testing → validated or rejected → delivered (the opportunity board)."
    )
    effort: float | None = Field(None, ge=1, le=10, description="Effort to deliver it, 1 (little) to 10 (a lot).")
    impact: float | None = Field(
        None, ge=1, le=10, description="Value to customers and the business when delivered, 1 (little) to 10 (a lot)."
    )
    hypotheses: list[Hypothesis] = Field(default_factory=list)
    evidence: list[EvidenceRef] = Field(default_factory=list)


class Comment(Element):
    """A note anchored to any element of the map, with a thread of replies."""

    target: Id = Field(
        description="Id of the element the comment is on (the map's id for the whole map); replies may leave it "
        "out: they are on their thread's element."
    )
    author: Text = Field(min_length=1)
    text: Text = Field(min_length=1)
    created: dt.datetime | None = None
    resolved: bool = False
    replies: list[Comment] = Field(default_factory=list)
