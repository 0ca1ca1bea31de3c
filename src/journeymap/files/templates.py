"""Starter maps for ``journeymap new``: a small, valid map of each type, phrased the way lint expects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..map_types import map_type as map_type_spec
from ..model import Map, MapType, Persona, Workspace

__all__ = ["starter_map", "starter_persona", "starter_workspace"]

_STAGES = [
    {"id": "discover", "name": "Discover", "steps": [{"id": "notice-need", "name": "Notice the need", "emotion": 5}]},
    {"id": "decide", "name": "Decide", "steps": [{"id": "compare-options", "name": "Compare options", "emotion": 4}]},
    {"id": "use", "name": "Use", "steps": [{"id": "first-use", "name": "Use it the first time", "emotion": 7}]},
]

_CARDS: dict[str, str] = {
    "actions": "Search for a solution",
    "customer-actions": "Ask at the front desk",
    "thoughts": "Is this worth the effort?",
    "feelings": "curious",
    "pain-points": "waiting for an answer",
    "jobs-to-be-done": "Get the problem solved today",
    "physical-evidence": "Printed leaflet",
    "onstage-actions": "Greet the customer",
    "backstage-actions": "Check the booking system",
    "support-processes": "Nightly stock update",
    "physical-artifacts": "Phone",
    "experience-high-level": "Finds the offer",
    "experience-detailed": "Reads the offer page on a phone",
    "attributes": "Clear prices",
    "cultural-environment": "Team lead backs taking the time a case needs",
    "technical-environment": "Case system slow to load",
    "physical-environment": "Quiet desk with two screens",
}


def starter_map(map_type: MapType, title: str | None = None) -> Map:
    """A small valid map of ``map_type`` to start from: the common parts (persona, scope; stages and lanes for a
    timeline) and the type's own template from :mod:`journeymap.map_types`."""
    spec = map_type_spec(map_type)
    data: dict[str, Any] = {
        "id": "new-map",
        "type": spec.name,
        "title": title or f"New {spec.label.lower()}",
        "persona": "customer",
        "personas": [{"id": "customer", "name": "Customer", "segment": "Describe the segment"}],
        "scope": {"point_of_view": "Whose experience?", "purpose": "What decision will this map inform?",
                  "start": "The moment the need arises", "end": "The moment the need is resolved"},
    }  # fmt: skip
    if spec.family == "timeline":
        data["stages"] = _plain(_STAGES)
        data["lanes"] = [_lane(kind) for kind in spec.lanes]
    data.update(_plain(spec.template))
    return Map.model_validate(data)


def _plain(value: Any) -> Any:
    """A fresh copy of template data as a map file reads it: dicts and lists (the table holds read-only ones)."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _lane(kind: str) -> dict[str, Any]:
    lane: dict[str, Any] = {"id": kind, "kind": kind}
    if kind in _CARDS:
        lane["cards"] = [{"step": "notice-need", "text": _CARDS[kind]}]
    return lane


def starter_persona() -> Persona:
    return Persona(id="customer", name="Customer", segment="Describe the segment", goals=["What they want to achieve"])


def starter_workspace(name: str) -> Workspace:
    return Workspace(name=name, description="Personas and maps of one experience.")
