"""The model: the one truth of what a map is. Pydantic v2 models, pure, no IO.

Names are imported when first used (PEP 562): ``from journeymap.model import did_you_mean`` does not build the
pydantic classes, so commands that read no map (``evidence summarize``, ``discover``) do not pay for them.
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
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
        MapStatus,
        MapType,
        NarrativePhase,
        OpportunitySource,
        TouchpointKind,
        ValueType,
    )
    from .feedback import FeedbackMeasure, FeedbackQuote, FeedbackTheme
    from .journey_map import FORMAT_VERSION, BlueprintLine, Lane, Map, Scope, Stage, Step
    from .mental import MentalSpace, Support, Tower, TowerBox
    from .network import Actor, ValueFlow
    from .persona import Persona
    from .references import check_map_references, describe_loc, did_you_mean
    from .workspace import DEFAULT_VMPI_BANDS, EvidenceSource, SurveySource, VmpiBand, Workspace, WorkspaceSettings

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
    "EvidenceSource",
    "FeedbackMeasure",
    "FeedbackQuote",
    "FeedbackTheme",
    "FiveCs",
    "FlowKind",
    "Hypothesis",
    "Id",
    "Lane",
    "LaneKind",
    "Map",
    "MapState",
    "MapStatus",
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
    "SurveySource",
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

_MODULES = {
    "CRITERIA": "diagnostic",
    "DEFAULT_VMPI_BANDS": "workspace",
    "EMOTION_MAX": "emotion",
    "EMOTION_MIN": "emotion",
    "FORMAT_VERSION": "journey_map",
    "Actor": "network",
    "ActorKind": "enums",
    "BlueprintLine": "journey_map",
    "BlueprintLineKind": "enums",
    "Card": "elements",
    "Comment": "elements",
    "Contingency": "elements",
    "Criterion": "diagnostic",
    "DiagnosticRule": "diagnostic",
    "Element": "base",
    "EmotionalLevel": "emotion",
    "EstimatedEmotion": "emotion",
    "EvidenceRef": "elements",
    "EvidenceSource": "workspace",
    "FeedbackMeasure": "feedback",
    "FeedbackQuote": "feedback",
    "FeedbackTheme": "feedback",
    "FiveCs": "diagnostic",
    "FlowKind": "enums",
    "Hypothesis": "elements",
    "Id": "base",
    "Lane": "journey_map",
    "LaneKind": "enums",
    "Map": "journey_map",
    "MapState": "enums",
    "MapStatus": "enums",
    "MapType": "enums",
    "MeasuredEmotion": "emotion",
    "MentalSpace": "mental",
    "MomentOfTruth": "elements",
    "NarrativePhase": "enums",
    "Opportunity": "elements",
    "OpportunitySource": "enums",
    "Persona": "persona",
    "Record": "base",
    "Scope": "journey_map",
    "ServiceChallenge": "elements",
    "Stage": "journey_map",
    "Step": "journey_map",
    "Support": "mental",
    "SurveySource": "workspace",
    "Text": "base",
    "Touchpoint": "elements",
    "TouchpointKind": "enums",
    "Tower": "mental",
    "TowerBox": "mental",
    "ValueFlow": "network",
    "ValueMoment": "elements",
    "ValueType": "enums",
    "VmpiBand": "workspace",
    "Workspace": "workspace",
    "WorkspaceSettings": "workspace",
    "check_map_references": "references",
    "describe_loc": "references",
    "did_you_mean": "references",
    "slugify": "base",
}
"""The module that defines each exported name."""


def __getattr__(name: str) -> _typing.Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
