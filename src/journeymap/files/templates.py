"""Starter maps for ``journeymap new``: a small, valid map of each type, phrased the way lint expects."""

from __future__ import annotations

from typing import Any

from ..model import Map, MapType, Persona, Workspace

__all__ = ["starter_map", "starter_persona", "starter_workspace"]

_STAGES = [
    {"id": "discover", "name": "Discover", "steps": [{"id": "notice-need", "name": "Notice the need", "emotion": 5}]},
    {"id": "decide", "name": "Decide", "steps": [{"id": "compare-options", "name": "Compare options", "emotion": 4}]},
    {"id": "use", "name": "Use", "steps": [{"id": "first-use", "name": "Use it the first time", "emotion": 7}]},
]

_LANES: dict[MapType, list[str]] = {
    MapType.CUSTOMER_JOURNEY_MAP: [
        "actions", "thoughts", "feelings", "pain-points", "emotion", "touchpoints", "moments-of-truth",
        "opportunities",
    ],
    MapType.SERVICE_BLUEPRINT: [
        "physical-evidence", "customer-actions", "onstage-actions", "backstage-actions", "support-processes",
        "service-challenges",
    ],
    MapType.EXPERIENCE_MAP: [
        "actions", "jobs-to-be-done", "thoughts", "feelings", "pain-points", "physical-artifacts", "emotion",
        "opportunities",
    ],
    MapType.VALUE_MOMENTS_PLANNER: [
        "experience-high-level", "experience-detailed", "attributes", "expectations", "experience", "vmpi-results",
    ],
}  # fmt: skip

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
}


def starter_map(map_type: MapType, title: str | None = None) -> Map:
    """A small valid map of ``map_type`` to start from."""
    data: dict[str, Any] = {
        "id": "new-map",
        "type": map_type.value,
        "title": title or f"New {map_type.label.lower()}",
        "persona": "customer",
        "personas": [{"id": "customer", "name": "Customer", "segment": "Describe the segment"}],
        "scope": {"point_of_view": "Whose experience?", "purpose": "What decision will this map inform?",
                  "start": "The moment the need arises", "end": "The moment the need is resolved"},
    }  # fmt: skip
    if map_type is MapType.ECOSYSTEM_MAP:
        data["actors"] = [
            {"id": "provider", "name": "Our organisation", "kind": "primary-provider"},
            {"id": "household", "name": "Customer household", "kind": "primary-customer"},
            {"id": "partner", "name": "Delivery partner", "kind": "partner"},
        ]
        data["value_flows"] = [
            {"id": "pays", "source": "household", "target": "provider", "label": "Monthly fee", "kind": "money"},
            {"id": "serves", "source": "provider", "target": "household", "label": "Service", "kind": "service"},
            {"id": "ships", "source": "partner", "target": "household", "label": "Parcel", "kind": "goods"},
        ]
        return Map.model_validate(data)
    if map_type is MapType.MENTAL_MODEL_DIAGRAM:
        data["mental_spaces"] = [
            {"id": "choose", "name": "Choose", "towers": [
                {"id": "compare", "name": "Compare options", "boxes": [{"text": "Read reviews"}]},
                {"id": "ask", "name": "Ask others", "boxes": [{"text": "Ask a friend"}]},
            ]},
        ]  # fmt: skip
        data["supports"] = [{"id": "reviews", "text": "Review pages", "towers": ["compare"]}]
        return Map.model_validate(data)
    data["stages"] = _STAGES
    lanes = []
    for kind in _LANES[map_type]:
        lane: dict[str, Any] = {"id": kind, "kind": kind}
        if kind in _CARDS:
            lane["cards"] = [{"step": "notice-need", "text": _CARDS[kind]}]
        lanes.append(lane)
    data["lanes"] = lanes
    if map_type is not MapType.VALUE_MOMENTS_PLANNER:
        data["touchpoints"] = [{"id": "website", "step": "compare-options", "name": "Website", "channel": "web"}]
    if map_type is MapType.SERVICE_BLUEPRINT:
        data["blueprint_lines"] = [
            {"kind": "interaction", "after": "customer-actions"},
            {"kind": "visibility", "after": "onstage-actions"},
            {"kind": "internal-interaction", "after": "backstage-actions"},
        ]
        data["service_challenges"] = [
            {
                "id": "queue",
                "step": "notice-need",
                "text": "Long queue at the desk",
                "contingencies": [{"text": "Open a second desk", "owner": "Shift lead"}],
            }
        ]
    if map_type is MapType.VALUE_MOMENTS_PLANNER:
        data["value_moments"] = [{"id": "first-offer", "step": "notice-need", "name": "First offer seen",
                                  "vmce": 8, "vme": 6, "weight": 3}]  # fmt: skip
    return Map.model_validate(data)


def starter_persona() -> Persona:
    return Persona(id="customer", name="Customer", segment="Describe the segment", goals=["What they want to achieve"])


def starter_workspace(name: str) -> Workspace:
    return Workspace(name=name, description="Personas and maps of one experience.")
