"""Colours, sizes and the SVG style sheet shared by every renderer (one look across formats)."""

from __future__ import annotations

import math

from ..model import ActorKind, FlowKind, LaneKind, TouchpointKind

__all__ = [
    "ACCENT",
    "ACTOR_FILL",
    "FLOW_STROKE",
    "GRID",
    "INK",
    "LANE_FILL",
    "MARK_FILL",
    "MOT_FILL",
    "MUTED",
    "SVG_CSS",
    "WEIGHT_FILL",
    "delta_e",
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
    LaneKind.CULTURAL_ENVIRONMENT: "#fbeee6",
    LaneKind.TECHNICAL_ENVIRONMENT: "#e3efee",
    LaneKind.PHYSICAL_ENVIRONMENT: "#edf3e1",
    LaneKind.EMOTION: "#ffffff",
}

WEIGHT_FILL: dict[int, str] = {
    1: "#e9e4f5",
    2: "#cabfe8",
    3: "#a896d5",
    4: "#8066bd",
    5: "#55318f",
}
"""Colour coding by weight (1 light … 5 strong), one violet ramp: no weight looks like a VMPI band (red, yellow,
green) or a pain point's red; any two swatches differ by CIEDE2000 ΔE > 10 (tests/render/test_legend_colours.py).
The weight is always written too (``W4``)."""

MOT_FILL = "#fff8e6"
"""The fill of a moment-of-truth card (content.py), shown in the legend beside the star."""
MARK_FILL = "#6b46c1"
"""The fill of a touchpoint's mark (square static, circle interactive, triangle human)."""

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


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB ``#rrggbb``."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(first: str, second: str) -> float:
    """CIEDE2000 colour difference of two ``#rrggbb`` colours (about 2: barely visible; over 10: clearly apart)."""
    (l1, a1, b1), (l2, a2, b2) = _lab(first), _lab(second)
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_bar = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.2 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = (
        -2
        * math.sqrt(c_bar**7 / (c_bar**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_bar, 1 + 0.015 * c_bar * t
    dl, dc, dhh = (l2 - l1) / s_l, (c2 - c1) / s_c, d_hue / s_h
    return math.sqrt(dl**2 + dc**2 + dhh**2 + rotation * dc * dhh)


def lane_fill(kind: LaneKind) -> str:
    return LANE_FILL.get(kind, "#f4f5f7")


SVG_CSS = """
svg { fill: #1f2933; }
text { font-family: FONT_FAMILY; }
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
