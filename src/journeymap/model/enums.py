"""The closed vocabularies of the model (map types, lane kinds, touchpoint kinds, …).

Values are the spellings used in map files: lower case, words joined by hyphens.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..map_types import Family, MapTypeSpec

__all__ = [
    "ActorKind",
    "BlueprintLineKind",
    "FlowKind",
    "LaneKind",
    "MapState",
    "MapStatus",
    "MapType",
    "NarrativePhase",
    "OpportunitySource",
    "TouchpointKind",
    "ValueType",
]


class MapType(enum.StrEnum):
    """The kinds of experience map (six for customers, one for employees)."""

    CUSTOMER_JOURNEY_MAP = "customer-journey-map"
    SERVICE_BLUEPRINT = "service-blueprint"
    EXPERIENCE_MAP = "experience-map"
    MENTAL_MODEL_DIAGRAM = "mental-model-diagram"
    ECOSYSTEM_MAP = "ecosystem-map"
    VALUE_MOMENTS_PLANNER = "value-moments-planner"
    EMPLOYEE_EXPERIENCE_MAP = "employee-experience-map"

    @property
    def label(self) -> str:
        """The type's label, from the table of map types (:mod:`journeymap.map_types`)."""
        from ..map_types import map_type

        return map_type(self.value).label

    @property
    def is_timeline(self) -> bool:
        """True for the map types laid out as stages × steps (all but the ecosystem map and mental model)."""
        return self.family == "timeline"

    @property
    def family(self) -> Family:
        """How maps of this type are laid out (``timeline``, ``network`` or ``mental-model``), from the table."""
        return self.spec.family

    @property
    def spec(self) -> MapTypeSpec:
        """The type's entry in the table of map types (:mod:`journeymap.map_types`)."""
        from ..map_types import map_type

        return map_type(self.value)


class MapState(enum.StrEnum):
    """Whether a map shows the experience as it is today or as it should become."""

    AS_IS = "as-is"
    TO_BE = "to-be"


class MapStatus(enum.StrEnum):
    """Where a map is in its life: being drafted, being reviewed, the current one, or retired (kept for the record)."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    CURRENT = "current"
    RETIRED = "retired"


class LaneKind(enum.StrEnum):
    """A row of a timeline map. ``custom`` lanes carry their own title."""

    # customer
    ACTIONS = "actions"
    THOUGHTS = "thoughts"
    FEELINGS = "feelings"
    DESIRED_OUTCOMES = "desired-outcomes"
    PAIN_POINTS = "pain-points"
    EMOTION = "emotion"
    JOBS_TO_BE_DONE = "jobs-to-be-done"
    PHYSICAL_ARTIFACTS = "physical-artifacts"
    CONTEXT = "context"
    # interaction
    TOUCHPOINTS = "touchpoints"
    MOMENTS_OF_TRUTH = "moments-of-truth"
    # organisation
    ORGANISATION_ACTIVITIES = "organisation-activities"
    STRENGTHS = "strengths"
    WEAKNESSES = "weaknesses"
    OPPORTUNITIES = "opportunities"
    THREATS = "threats"
    SERVICE_CHALLENGES = "service-challenges"
    METRICS = "metrics"
    # service blueprint layers
    CUSTOMER_ACTIONS = "customer-actions"
    PHYSICAL_EVIDENCE = "physical-evidence"
    ONSTAGE_ACTIONS = "onstage-actions"
    BACKSTAGE_ACTIONS = "backstage-actions"
    SUPPORT_PROCESSES = "support-processes"
    # value-moments wall planner streams
    EXPERIENCE_HIGH_LEVEL = "experience-high-level"
    EXPERIENCE_DETAILED = "experience-detailed"
    ATTRIBUTES = "attributes"
    EXPECTATIONS = "expectations"
    EXPERIENCE = "experience"
    VMPI_RESULTS = "vmpi-results"
    # employee experience: the three environments of an employee's work
    CULTURAL_ENVIRONMENT = "cultural-environment"
    TECHNICAL_ENVIRONMENT = "technical-environment"
    PHYSICAL_ENVIRONMENT = "physical-environment"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _LANE_LABELS.get(self, self.value.replace("-", " ").capitalize())

    @property
    def is_structured(self) -> bool:
        """True when the lane shows structured elements of the map rather than only its own cards."""
        return self in _STRUCTURED_LANES


_LANE_LABELS = {
    LaneKind.EMOTION: "Emotional level",
    LaneKind.JOBS_TO_BE_DONE: "Jobs to be done",
    LaneKind.ORGANISATION_ACTIVITIES: "Organisation activities",
    LaneKind.ONSTAGE_ACTIONS: "Onstage actions",
    LaneKind.BACKSTAGE_ACTIONS: "Backstage actions",
    LaneKind.EXPERIENCE_HIGH_LEVEL: "Customer experience — high level",
    LaneKind.EXPERIENCE_DETAILED: "Customer experience — detailed and resources",
    LaneKind.EXPECTATIONS: "Value-moment expectations (VMCE)",
    LaneKind.EXPERIENCE: "Value-moment experience (VME)",
    LaneKind.VMPI_RESULTS: "VMPI results",
}

_STRUCTURED_LANES = frozenset(
    {
        LaneKind.EMOTION,
        LaneKind.TOUCHPOINTS,
        LaneKind.MOMENTS_OF_TRUTH,
        LaneKind.SERVICE_CHALLENGES,
        LaneKind.OPPORTUNITIES,
        LaneKind.EXPECTATIONS,
        LaneKind.EXPERIENCE,
        LaneKind.VMPI_RESULTS,
    }
)


class TouchpointKind(enum.StrEnum):
    """Kalbach's three kinds of touchpoint."""

    STATIC = "static"
    INTERACTIVE = "interactive"
    HUMAN = "human"


class ValueType(enum.StrEnum):
    """The five consumption values of Sheth, Newman and Gross."""

    FUNCTIONAL = "functional"
    SOCIAL = "social"
    EMOTIONAL = "emotional"
    EPISTEMIC = "epistemic"
    CONDITIONAL = "conditional"


class OpportunitySource(enum.StrEnum):
    """Where an opportunity was framed from."""

    WEAKNESS = "weakness"
    UNCOVERED_AREA = "uncovered-area"
    CUSTOMER_EFFORT = "customer-effort"
    COMPETITOR = "competitor"
    OTHER = "other"


class NarrativePhase(enum.StrEnum):
    """Phases of the narrative arc a to-be map can be designed along."""

    EXPOSITION = "exposition"
    INCITING_INCIDENT = "inciting-incident"
    RISING_ACTION = "rising-action"
    CRISIS = "crisis"
    CLIMAX = "climax"
    FALLING_ACTION = "falling-action"
    END = "end"


class BlueprintLineKind(enum.StrEnum):
    """The three lines that separate the layers of a service blueprint."""

    INTERACTION = "interaction"
    VISIBILITY = "visibility"
    INTERNAL_INTERACTION = "internal-interaction"

    @property
    def label(self) -> str:
        return f"Line of {self.value.replace('-', ' ')}"


class ActorKind(enum.StrEnum):
    """The role of an actor in an ecosystem / customer value chain map."""

    PRIMARY_PROVIDER = "primary-provider"
    PRIMARY_CUSTOMER = "primary-customer"
    PARTNER = "partner"
    SUPPLIER = "supplier"
    INTERMEDIARY = "intermediary"
    COMPETITOR = "competitor"
    REGULATOR = "regulator"
    COMMUNITY = "community"
    OTHER = "other"


class FlowKind(enum.StrEnum):
    """What flows between two actors of an ecosystem map."""

    MONEY = "money"
    GOODS = "goods"
    SERVICE = "service"
    INFORMATION = "information"
    TRUST = "trust"
    OTHER = "other"
