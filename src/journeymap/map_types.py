"""The table of map types: the one source of truth for their labels, families, default lanes and templates.

The CLI's ``journeymap new TYPE``, the starter maps of :mod:`journeymap.files.templates`, the model's
``MapType.label`` and the studio's "new map" menu (through ``GET /api/catalog``) all read this table. It imports
only the standard library, so the CLI builds its choices without importing the model.

A map type's ``family`` says how it is laid out: ``timeline`` (stages × steps, with lanes), ``network`` (actors
and value flows) or ``mental-model`` (mental spaces, towers and supports). Its ``lanes`` are the lane kinds a new
map of the type starts with, and its ``template`` the type's own starter content, merged into the starter map.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from .errors import JourneymapError

__all__ = ["MAP_TYPES", "Family", "MapTypeSpec", "map_type", "map_type_names"]

Family = Literal["timeline", "network", "mental-model"]


@dataclass(frozen=True)
class MapTypeSpec:
    """One kind of customer-experience map."""

    name: str
    """The spelling in map files (``service-blueprint``)."""
    label: str
    family: Family
    description: str
    lanes: tuple[str, ...] = ()
    """Lane kinds a new map of this type starts with (timeline maps only)."""
    template: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """The type's own starter content (e.g. a blueprint's lines), added to the common parts of a starter map."""
    vmpi_planner: bool = False
    """A wall planner scored by the VMPI: its legend shows the VMPI bands, its header the map's VMPI, and printed
    on tiled paper it is called a wall planner."""


_TOUCHPOINT = ({"id": "website", "step": "compare-options", "name": "Website", "channel": "web"},)

_CUSTOMER_JOURNEY_MAP = MapTypeSpec(
    "customer-journey-map", "Customer journey map", "timeline",
    "One persona's experience, stage by stage: actions, thoughts, feelings, emotion and touchpoints.",
    ("actions", "thoughts", "feelings", "pain-points", "emotion", "touchpoints", "moments-of-truth", "opportunities"),
    MappingProxyType({"touchpoints": _TOUCHPOINT}),
)  # fmt: skip
_SERVICE_BLUEPRINT = MapTypeSpec(
    "service-blueprint", "Service blueprint", "timeline",
    "What the customer does and what the organisation does, onstage and backstage, to serve them.",
    ("physical-evidence", "customer-actions", "onstage-actions", "backstage-actions", "support-processes",
     "service-challenges"),
    MappingProxyType({
        "touchpoints": _TOUCHPOINT,
        "blueprint_lines": (
            {"kind": "interaction", "after": "customer-actions"},
            {"kind": "visibility", "after": "onstage-actions"},
            {"kind": "internal-interaction", "after": "backstage-actions"},
        ),
        "service_challenges": ({
            "id": "queue", "step": "notice-need", "text": "Long queue at the desk",
            "contingencies": ({"text": "Open a second desk", "owner": "Shift lead"},),
        },),
    }),
)  # fmt: skip
_EXPERIENCE_MAP = MapTypeSpec(
    "experience-map", "Experience map", "timeline",
    "A human experience in general, not tied to one product: jobs, feelings, artifacts and emotion.",
    ("actions", "jobs-to-be-done", "thoughts", "feelings", "pain-points", "physical-artifacts", "emotion",
     "opportunities"),
    MappingProxyType({"touchpoints": _TOUCHPOINT}),
)  # fmt: skip
_MENTAL_MODEL_DIAGRAM = MapTypeSpec(
    "mental-model-diagram", "Mental model diagram", "mental-model",
    "People's reasoning in towers grouped by mental space, with the organisation's supports beneath.",
    (),
    MappingProxyType({
        "mental_spaces": ({"id": "choose", "name": "Choose", "towers": (
            {"id": "compare", "name": "Compare options", "boxes": ({"text": "Read reviews"},)},
            {"id": "ask", "name": "Ask others", "boxes": ({"text": "Ask a friend"},)},
        )},),
        "supports": ({"id": "reviews", "text": "Review pages", "towers": ("compare",)},),
    }),
)  # fmt: skip
_ECOSYSTEM_MAP = MapTypeSpec(
    "ecosystem-map", "Ecosystem / customer value chain map", "network",
    "The actors around the customer and the value (money, goods, services, information) flowing between them.",
    (),
    MappingProxyType({
        "actors": (
            {"id": "provider", "name": "Our organisation", "kind": "primary-provider"},
            {"id": "household", "name": "Customer household", "kind": "primary-customer"},
            {"id": "partner", "name": "Delivery partner", "kind": "partner"},
        ),
        "value_flows": (
            {"id": "pays", "source": "household", "target": "provider", "label": "Monthly fee", "kind": "money"},
            {"id": "serves", "source": "provider", "target": "household", "label": "Service", "kind": "service"},
            {"id": "ships", "source": "partner", "target": "household", "label": "Parcel", "kind": "goods"},
        ),
    }),
)  # fmt: skip
_VALUE_MOMENTS_PLANNER = MapTypeSpec(
    "value-moments-planner", "Value-moments wall planner", "timeline",
    "A wall planner of the moments that create value, scored by the Value Moment Performance Index (VMPI).",
    ("experience-high-level", "experience-detailed", "attributes", "expectations", "experience", "vmpi-results"),
    MappingProxyType({
        "value_moments": ({"id": "first-offer", "step": "notice-need", "name": "First offer seen", "vmce": 8,
                           "vme": 6, "weight": 3},),
    }),
    vmpi_planner=True,
)  # fmt: skip
_EMPLOYEE_EXPERIENCE_MAP = MapTypeSpec(
    "employee-experience-map", "Employee experience map", "timeline",
    "An employee's experience of their work, step by step, in its cultural, technical and physical environment.",
    ("actions", "thoughts", "feelings", "pain-points", "emotion", "cultural-environment", "technical-environment",
     "physical-environment", "touchpoints", "opportunities"),
    MappingProxyType({
        "persona": "employee",
        "personas": ({"id": "employee", "name": "Employee", "kind": "employee", "segment": "Describe the team"},),
        "touchpoints": ({"id": "case-system", "step": "compare-options", "name": "Case system",
                         "channel": "internal-tool"},),
    }),
)  # fmt: skip

MAP_TYPES: Mapping[str, MapTypeSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            _CUSTOMER_JOURNEY_MAP,
            _SERVICE_BLUEPRINT,
            _EXPERIENCE_MAP,
            _MENTAL_MODEL_DIAGRAM,
            _ECOSYSTEM_MAP,
            _VALUE_MOMENTS_PLANNER,
            _EMPLOYEE_EXPERIENCE_MAP,
        )
    }
)
"""Every map type by name, in menu order."""


def map_type_names() -> tuple[str, ...]:
    """The names of every map type, in menu order."""
    return tuple(MAP_TYPES)


def map_type(name: str) -> MapTypeSpec:
    """The map type called ``name``; a :class:`~journeymap.errors.JourneymapError` naming the known ones."""
    spec = MAP_TYPES.get(str(name))
    if spec is None:
        raise JourneymapError(f"unknown map type {name!r}; known map types: {', '.join(MAP_TYPES)}")
    return spec
