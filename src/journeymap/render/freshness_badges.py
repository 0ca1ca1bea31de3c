"""Evidence badges on a timeline map: under each step's name, a dot and a few words on what its emotional level
rests on (see :mod:`journeymap.analysis.freshness`), a legend entry per kind of dot and the map's coverage line.

- filled green dot, ``n=212 · 62 days``: measured and current;
- filled amber dot, ``n=212 · 262 days · stale``: measured, older than the workspace's ``stale_after_days`` (or
  undated: ``date unknown · stale``);
- hollow dot, ``team estimate``: the team's estimate;
- small grey dot, ``no evidence``: no emotional level.

The words carry the meaning; the colour only repeats it. Maps without any score (a blank wall planner, an
ecosystem map) get no badges, and neither does a to-be map without a measured step: its levels are the intended
experience, which cannot be measured yet.
"""

from __future__ import annotations

from ..analysis.freshness import MODERATE_N, EvidenceStatus, Freshness, evidence_freshness
from ..model import Map, MapState, WorkspaceSettings
from .registry import RenderContext
from .svg import element, esc, text_block
from .theme import MUTED

__all__ = [
    "BADGE_FILL",
    "badge_kind",
    "badge_label",
    "badge_symbol",
    "badge_text",
    "draw_step_badge",
    "legend_labels",
    "map_freshness",
]

BADGE_FILL = {"current": "#2f855a", "stale": "#c77d0a", "estimated": "#ffffff", "none": "#cbd2d9"}
"""The dot's fill per kind of badge (the estimate's dot is hollow: white with a grey ring)."""
STALE_INK = "#8a5a00"
"""The badge text of a stale value: dark amber, readable on white (contrast above 4.5 : 1)."""
RADIUS = 4.0


def map_freshness(m: Map, context: RenderContext) -> Freshness | None:
    """The freshness of ``m`` with the workspace's setting, or None when the map has nothing to badge."""
    if not m.steps:
        return None
    result = evidence_freshness(m, WorkspaceSettings(stale_after_days=context.stale_after_days))
    if not any(item.status != "none" for item in result.steps):
        return None
    if m.state is not MapState.AS_IS and not any(item.measured for item in result.steps):
        return None
    return result


def badge_kind(item: EvidenceStatus) -> str:
    """``current``, ``stale``, ``estimated`` or ``none``."""
    if item.measured:
        return "stale" if item.stale else "current"
    return item.status


def badge_label(item: EvidenceStatus) -> str:
    """The badge's words, e.g. ``n=212 · 62 days``, ``n=18 weak · 262 days · stale``, ``team estimate``."""
    if not item.measured:
        return "team estimate" if item.status == "estimated" else "no evidence"
    size = f"n={item.n}" if item.n is not None else "n unknown"
    if item.n_effective is not None and item.n is not None and round(item.n_effective) != item.n:
        size += f" (eff. {item.n_effective:.0f})"
    if item.strength == "weak":
        size += " weak"
    parts = [size, item.age_text]
    if item.stale:
        parts.append("stale")
    return " · ".join(parts)


def badge_text(item: EvidenceStatus) -> str:
    """The badge as text alone, for formats that draw no dot (Visio): ``● n=212 · 62 days``, ``○ team estimate``."""
    return f"{'○' if item.status == 'estimated' else '●'} {badge_label(item)}"


def _tooltip(item: EvidenceStatus, result: Freshness) -> str:
    if not item.measured:
        return f"{item.name}: {badge_label(item)}"
    when = item.measured_on.isoformat() if item.measured_on else "date unknown"
    source = f", source {item.source}" if item.source else ""
    fresh = f"stale (older than {result.stale_after_days} days)" if item.stale else "current"
    return (
        f"{item.name}: measured from {item.dataset or 'evidence'}{source} on {when}, n = {item.n}, "
        f"strength {item.strength or 'unknown'}; {fresh}"
    )


def badge_symbol(kind: str, cx: float, cy: float) -> str:
    """The dot of a badge of ``kind`` centred on (cx, cy)."""
    if kind == "estimated":
        return element(
            "circle", {"cx": cx, "cy": cy, "r": RADIUS - 0.5, "fill": "#ffffff", "stroke": MUTED, "stroke-width": 1.5}
        )
    radius = RADIUS - 1 if kind == "none" else RADIUS
    return element("circle", {"cx": cx, "cy": cy, "r": radius, "fill": BADGE_FILL[kind]})


def draw_step_badge(item: EvidenceStatus, result: Freshness, x: float, y: float) -> str:
    """The badge of one step with its text's baseline at ``y``, starting at ``x``."""
    kind = badge_kind(item)
    ink = STALE_INK if kind == "stale" else None
    label = text_block(
        [badge_label(item)], x + 2 * RADIUS + 4, y, size=10, line_height=12.5, css_class="" if ink else "jm-muted",
        fill=ink, bold=kind == "stale",
    )  # fmt: skip
    return element(
        "g",
        {"class": f"jm-evidence jm-evidence-{kind}"},
        [element("title", None, esc(_tooltip(item, result))), badge_symbol(kind, x + RADIUS, y - 3.5), label],
    )


def legend_labels(result: Freshness) -> list[tuple[str, str]]:
    """(badge kind, legend text) for each kind of badge the map's steps show, in a fixed order."""
    shown = {badge_kind(item) for item in result.steps}
    days = result.stale_after_days
    weak = any(item.strength == "weak" for item in result.steps)
    texts = {
        "current": f"evidence measured ≤ {days} days ago (n · age{f'; weak: n < {MODERATE_N:.0f}' if weak else ''})",
        "stale": f"evidence stale: measured > {days} days ago or undated",
        "estimated": "team estimate, no evidence",
        "none": "no evidence",
    }
    return [(kind, text) for kind, text in texts.items() if kind in shown]
