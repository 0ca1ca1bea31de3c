"""Colours, sizes and the SVG style sheet shared by every renderer (one look across formats)."""

from __future__ import annotations

from ..model import ActorKind, FlowKind, LaneKind, TouchpointKind

__all__ = [
    "ACCENT",
    "ACTOR_FILL",
    "FLOW_STROKE",
    "GRID",
    "INK",
    "LANE_FILL",
    "MUTED",
    "SVG_CSS",
    "WEIGHT_FILL",
    "is_dark",
    "lane_fill",
]

INK = "#1f2933"
MUTED = "#52606d"
GRID = "#cbd2d9"
ACCENT = "#b7791f"  # moments of truth (also marked by a star and a label, never by colour alone)

LANE_FILL: dict[LaneKind, str] = {
    LaneKind.ACTIONS: "#e3f0fc",
    LaneKind.CUSTOMER_ACTIONS: "#e3f0fc",
    LaneKind.THOUGHTS: "#eef2ff",
    LaneKind.FEELINGS: "#fdf0f7",
    LaneKind.DESIRED_OUTCOMES: "#e9f7f3",
    LaneKind.PAIN_POINTS: "#fde2e1",
    LaneKind.JOBS_TO_BE_DONE: "#eef6e8",
    LaneKind.PHYSICAL_ARTIFACTS: "#f4efe6",
    LaneKind.PHYSICAL_EVIDENCE: "#f4efe6",
    LaneKind.CONTEXT: "#f1f3f5",
    LaneKind.TOUCHPOINTS: "#efe7fb",
    LaneKind.MOMENTS_OF_TRUTH: "#fdf3d8",
    LaneKind.ORGANISATION_ACTIVITIES: "#eceff1",
    LaneKind.ONSTAGE_ACTIONS: "#e6f4ea",
    LaneKind.BACKSTAGE_ACTIONS: "#eceff1",
    LaneKind.SUPPORT_PROCESSES: "#f1f3f5",
    LaneKind.STRENGTHS: "#e3f4e8",
    LaneKind.WEAKNESSES: "#fde8e4",
    LaneKind.OPPORTUNITIES: "#def5e5",
    LaneKind.THREATS: "#fcefdc",
    LaneKind.SERVICE_CHALLENGES: "#fdebd8",
    LaneKind.METRICS: "#e8f1f8",
    LaneKind.EXPERIENCE_HIGH_LEVEL: "#e3f0fc",
    LaneKind.EXPERIENCE_DETAILED: "#eef2ff",
    LaneKind.ATTRIBUTES: "#f4efe6",
    LaneKind.EXPECTATIONS: "#f1f3f5",
    LaneKind.EXPERIENCE: "#f1f3f5",
    LaneKind.VMPI_RESULTS: "#ffffff",
    LaneKind.EMOTION: "#ffffff",
}

WEIGHT_FILL: dict[int, str] = {
    1: "#f7f7f7",
    2: "#fff1c9",
    3: "#ffd98a",
    4: "#ffb35c",
    5: "#f28a3c",
}
"""Colour coding by weight (1 light … 5 strong); the weight is always written too (``W4``)."""

TOUCHPOINT_SHAPE: dict[TouchpointKind, str] = {
    TouchpointKind.STATIC: "square",
    TouchpointKind.INTERACTIVE: "circle",
    TouchpointKind.HUMAN: "triangle",
}

ACTOR_FILL: dict[ActorKind, str] = {
    ActorKind.PRIMARY_PROVIDER: "#1d4e89",
    ActorKind.PRIMARY_CUSTOMER: "#b7791f",
    ActorKind.PARTNER: "#d9e8f5",
    ActorKind.SUPPLIER: "#e2ecd9",
    ActorKind.INTERMEDIARY: "#efe7fb",
    ActorKind.COMPETITOR: "#fde2e1",
    ActorKind.REGULATOR: "#eceff1",
    ActorKind.COMMUNITY: "#fdf0f7",
    ActorKind.OTHER: "#f4f5f7",
}

FLOW_STROKE: dict[FlowKind, str] = {
    FlowKind.MONEY: "#2f855a",
    FlowKind.GOODS: "#8c5a2b",
    FlowKind.SERVICE: "#1d4e89",
    FlowKind.INFORMATION: "#6b46c1",
    FlowKind.TRUST: "#b7791f",
    FlowKind.OTHER: "#52606d",
}


def is_dark(colour: str) -> bool:
    """True when white text reads better than dark text on ``colour`` (#rrggbb), by WCAG relative luminance."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / (0.0263 + 0.05))


def lane_fill(kind: LaneKind) -> str:
    return LANE_FILL.get(kind, "#f4f5f7")


SVG_CSS = """
text { font-family: FONT_FAMILY; fill: #1f2933; }
.jm-title { font-weight: bold; }
.jm-muted { fill: #52606d; }
.jm-stage { fill: #1d4e89; }
.jm-stage-text { fill: #ffffff; font-weight: bold; }
.jm-step { fill: #dde7f3; }
.jm-lane-head { fill: #f4f5f7; stroke: #cbd2d9; }
.jm-cell { stroke: #e4e7eb; }
.jm-card { stroke: #9aa5b1; stroke-width: 0.6; }
.jm-mot { fill: none; stroke: #b7791f; stroke-width: 2.5; }
.jm-line { stroke: #52606d; stroke-width: 1.5; stroke-dasharray: 8 4; }
.jm-curve-est { fill: none; stroke: #52606d; stroke-width: 2; stroke-dasharray: 6 4; }
.jm-curve-measured { fill: none; stroke: #1d4e89; stroke-width: 2.5; }
.jm-ci { stroke: #1d4e89; stroke-width: 1.5; }
.jm-ci-band { fill: #1d4e89; fill-opacity: 0.12; stroke: none; }
.jm-guide { stroke: #e4e7eb; stroke-width: 1; }
.jm-edge { fill: none; stroke-width: 1.6; }
"""
