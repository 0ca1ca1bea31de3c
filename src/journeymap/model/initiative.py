"""An initiative: one pass of the mapping method, from the organisation's strategy to tested options.

It walks the eight stages of the method (docs/method.md): strategy and objectives, the 5Cs go / no-go (the
workspace's ``diagnostic``, not repeated here), the scope, the framing, the research plan with its evidence, the
as-is map, the empathy sessions, the opportunities framed as "How might we …?", options with hypotheses and the
experiments that test them — then the to-be map. An initiative points at the workspace's maps, personas,
opportunities and files by id or path; it copies none of them. What stage it has reached is computed from what
it holds (:mod:`journeymap.analysis.method`), never written down.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .base import Element, Id, Record, Text
from .elements import Hypothesis
from .enums import MapType

__all__ = [
    "Decision",
    "EmpathySession",
    "Experiment",
    "Framing",
    "Initiative",
    "InitiativeScope",
    "OpportunityRef",
    "Option",
    "ResearchActivity",
    "ResearchMethod",
    "Strategy",
]

ResearchMethod = Literal["existing-data", "touchpoint-interviews", "critical-incidents", "survey"]
Decision = Literal["adopt", "iterate", "drop"]


class Strategy(Record):
    """Stage 1: what the organisation is for and where it is going."""

    mission: Text = Field("", description="The mission of the organisation.")
    goals: list[Text] = Field(default_factory=list, description="The strategic goals the initiative serves.")
    markets: list[Text] = Field(default_factory=list, description="The markets and segments served.")
    hypotheses: list[Text] = Field(default_factory=list, description="The hypotheses behind the strategy.")


class InitiativeScope(Record):
    """Stage 2: which experience, of whom, on which kind of map, from when to when."""

    value_chain_map: Id | None = Field(None, description="Id of the ecosystem / customer value chain map.")
    persona: Id | None = Field(None, description="Id of the persona whose experience is mapped.")
    map_type: MapType | None = Field(None, description="The kind of map to build.")
    start: Text = Field("", description="The moment the experience starts.")
    end: Text = Field("", description="The moment it ends.")


class Framing(Record):
    """Stage 3: the initiative framed like any project."""

    work_effort: Text = Field("", description="Estimated work effort, e.g. '45 person-days'.")
    duration: Text = Field("", description="Estimated duration, e.g. '10 weeks'.")
    costs: Text = Field("", description="Estimated costs, e.g. '£38,000'.")
    resources: list[Text] = Field(default_factory=list, description="The people and means it needs.")
    mission_statement: Text = Field("", description="The initiative's mission statement.")


class ResearchActivity(Record):
    """Stage 4: one line of the research plan, with the evidence it produced attached."""

    method: ResearchMethod = Field(
        description="existing-data, touchpoint-interviews, critical-incidents or survey (docs/method.md)."
    )
    description: Text = Field(min_length=1, description="What is studied, with whom.")
    evidence: list[Text] = Field(
        default_factory=list,
        description="Paths of the evidence files it produced (surveys, event logs, feedback, notes), relative to "
        "the workspace.",
    )
    sources: list[Id] = Field(default_factory=list, description="Names of the workspace's sources it feeds.")


class EmpathySession(Record):
    """Stage 6: a session where the organisation works with the map (mark-up, discussion, stories)."""

    date: dt.date | None = None
    kind: Literal["mark-up", "discussion", "stories"] = "discussion"
    participants: list[Text] = Field(default_factory=list)
    comments: list[Text] = Field(default_factory=list, description="Comments and corrections gathered.")
    stories: list[Text] = Field(default_factory=list, description="Stories told, connected to the map.")


class OpportunityRef(Record):
    """Stage 6: an opportunity of a map the initiative takes up (framed there as "How might we …?")."""

    map: Id = Field(description="Id of the map holding the opportunity.")
    opportunity: Id = Field(description="Id of the opportunity in that map.")


class Option(Element):
    """Stage 7: a potential piece of the solution, with the hypotheses that a test can refute."""

    id: Id = Field(description="Identifier, unique within the initiative.")
    name: Text = Field(min_length=1)
    description: Text = ""
    opportunities: list[Id] = Field(
        default_factory=list, description="Ids of the opportunities (of the initiative's list) it answers."
    )
    hypotheses: list[Hypothesis] = Field(
        default_factory=list, description="What must be true; each names its measurable outcome (metric, target)."
    )


class Experiment(Element):
    """Stage 7: a test of an option in the market: what, when, the result against the outcome, the decision."""

    id: Id = Field(description="Identifier, unique within the initiative.")
    option: Id = Field(description="Id of the option tested.")
    hypothesis: Id | None = Field(None, description="Id of the option's hypothesis it tests.")
    tested: Text = Field(min_length=1, description="What was tested, with whom.")
    started: dt.date | None = None
    ended: dt.date | None = None
    result: float | None = Field(None, description="The value measured, in the hypothesis' unit.")
    result_note: Text = Field("", description="What the result says against the outcome.")
    decision: Decision | None = Field(None, description="adopt, iterate or drop.")

    @model_validator(mode="after")
    def _in_order(self) -> Experiment:
        if self.started and self.ended and self.ended < self.started:
            raise ValueError("an experiment cannot end before it started")
        return self


class Initiative(Element):
    """One pass of the method over one experience (docs/method.md)."""

    id: Id = Field(description="Identifier, unique within the workspace.")
    name: Text = Field(min_length=1)
    owner: Text = ""
    strategy: Strategy = Field(default_factory=Strategy)
    scope: InitiativeScope = Field(default_factory=InitiativeScope)
    framing: Framing = Field(default_factory=Framing)
    research: list[ResearchActivity] = Field(default_factory=list, description="The research plan.")
    as_is_map: Id | None = Field(None, description="Id of the as-is map the research is consolidated in.")
    empathy: list[EmpathySession] = Field(default_factory=list, description="The empathy sessions held.")
    opportunities: list[OpportunityRef] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    experiments: list[Experiment] = Field(default_factory=list)
    to_be_map: Id | None = Field(None, description="Id of the to-be map designed from the adopted options.")

    @model_validator(mode="after")
    def _ids_unique(self) -> Initiative:
        ids = [o.id for o in self.options] + [e.id for e in self.experiments]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"the id {twice[0]!r} is used twice among the options and experiments")
        return self
