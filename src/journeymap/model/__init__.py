"""The model: the one truth of what a map is. Pydantic v2 models, pure, no IO."""

from .base import Element, Id, Record, Text, slugify
from .diagnostic import CRITERIA, Criterion, DiagnosticRule, FiveCs
from .elements import (
    Card,
    Comment,
    Contingency,
    EvidenceRef,
    Hypothesis,
    MomentOfTruth,
    Opportunity,
    ServiceChallenge,
    Touchpoint,
    ValueMoment,
)
from .emotion import EMOTION_MAX, EMOTION_MIN, EmotionalLevel, EstimatedEmotion, MeasuredEmotion
from .enums import (
    ActorKind,
    BlueprintLineKind,
    FlowKind,
    LaneKind,
    MapState,
    MapType,
    NarrativePhase,
    OpportunitySource,
    TouchpointKind,
    ValueType,
)
from .journey_map import FORMAT_VERSION, BlueprintLine, Lane, Map, Scope, Stage, Step
from .mental import MentalSpace, Support, Tower, TowerBox
from .network import Actor, ValueFlow
from .persona import Persona
from .references import check_map_references, describe_loc, did_you_mean
from .workspace import DEFAULT_VMPI_BANDS, VmpiBand, Workspace, WorkspaceSettings

__all__ = [
    "CRITERIA",
    "DEFAULT_VMPI_BANDS",
    "EMOTION_MAX",
    "EMOTION_MIN",
    "FORMAT_VERSION",
    "Actor",
    "ActorKind",
    "BlueprintLine",
    "BlueprintLineKind",
    "Card",
    "Comment",
    "Contingency",
    "Criterion",
    "DiagnosticRule",
    "Element",
    "EmotionalLevel",
    "EstimatedEmotion",
    "EvidenceRef",
    "FiveCs",
    "FlowKind",
    "Hypothesis",
    "Id",
    "Lane",
    "LaneKind",
    "Map",
    "MapState",
    "MapType",
    "MeasuredEmotion",
    "MentalSpace",
    "MomentOfTruth",
    "NarrativePhase",
    "Opportunity",
    "OpportunitySource",
    "Persona",
    "Record",
    "Scope",
    "ServiceChallenge",
    "Stage",
    "Step",
    "Support",
    "Text",
    "Touchpoint",
    "TouchpointKind",
    "Tower",
    "TowerBox",
    "ValueFlow",
    "ValueMoment",
    "ValueType",
    "VmpiBand",
    "Workspace",
    "WorkspaceSettings",
    "check_map_references",
    "describe_loc",
    "did_you_mean",
    "slugify",
]
