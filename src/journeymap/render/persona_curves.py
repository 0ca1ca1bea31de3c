"""Whose emotion curves a timeline map draws, in which order, and how each looks.

A step's ``emotion`` is the level of the map's own persona; ``emotions`` holds other personas' levels by persona id.
Each persona with a level at any step gets a curve: the map's persona first, then the others in the order of the
map's own personas, then the workspace's. Each curve is named by its persona's display name (never the id) and has
a colour of its own (:data:`PALETTE`; any two differ by CIEDE2000 ΔE > 20, and each stands out on the positive and
negative zones) and a marker shape of its own (:data:`MARKERS`). The line's dash and the marker's fill keep their one
meaning in every format: an estimate is dashed with hollow markers, a measured value solid with filled markers.

A map with one curve keeps the one-curve look (measured blue, estimates grey), so it reads as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Map
from ..model.emotion import EmotionalLevel
from .registry import RenderContext

__all__ = ["MARKERS", "PALETTE", "CurveStyle", "PersonaCurve", "marker_points", "persona_curves"]

PALETTE = ("#1d4e89", "#c05621", "#0f7b6c", "#b83280", "#6b7a00")
"""Blue, orange, teal, magenta, olive: the colours of the curves of a map with several personas, in order."""
MARKERS = ("circle", "square", "diamond", "triangle", "nabla")
"""The marker shapes of the curves, in order (a nabla is a triangle pointing down)."""
ONE_CURVE_MEASURED, ONE_CURVE_ESTIMATE = "#1d4e89", "#52606d"


@dataclass(frozen=True)
class CurveStyle:
    colour: str
    """The line, the filled markers and the interval whiskers of measured values."""
    estimate_colour: str
    """The dashed line and the outline of the hollow markers of estimates."""
    marker: str

    def stroke(self, measured: bool) -> str:
        return self.colour if measured else self.estimate_colour


@dataclass(frozen=True)
class PersonaCurve:
    """One persona's emotional levels along the map (by step id), with its display name and style."""

    persona: str
    """The persona's id ("" when the map names no persona: the steps' ``emotion``)."""
    name: str
    style: CurveStyle
    levels: Mapping[str, EmotionalLevel] = field(default_factory=dict)
    index: int = 0
    count: int = 1
    """How many curves the map draws (a map with more than one names each in its legend)."""

    @property
    def several(self) -> bool:
        return self.count > 1


def _names(m: Map, context: RenderContext | None) -> dict[str, str]:
    """Every persona id the map can name, to its display name; the map's own definitions first."""
    names: dict[str, str] = {}
    for persona in (*m.personas, *(context.personas if context is not None else ())):
        names.setdefault(persona.id, persona.name or persona.id)
    return names


def persona_curves(m: Map, context: RenderContext | None = None) -> list[PersonaCurve]:
    """The curves ``m`` draws (see the module's docstring): none when no step has any level."""
    names = _names(m, context)
    own = {step.id: step.emotion for step in m.steps if step.emotion is not None}
    others: dict[str, dict[str, EmotionalLevel]] = {}
    for step in m.steps:
        for persona, level in step.emotions.items():
            others.setdefault(persona, {})[step.id] = level
    main = m.persona or ""
    if main in others:  # the map's persona written under emotions too: its own level (emotion) comes first
        own = {**others.pop(main), **own}
    rank = {persona: i for i, persona in enumerate(names)}
    order = sorted(others, key=lambda p: (rank.get(p, len(rank)), p))
    found = [(main, own)] if own else []
    found += [(persona, others[persona]) for persona in order]
    curves = []
    for index, (persona, levels) in enumerate(found):
        if len(found) == 1:
            style = CurveStyle(ONE_CURVE_MEASURED, ONE_CURVE_ESTIMATE, MARKERS[0])
        else:
            colour = PALETTE[index % len(PALETTE)]
            style = CurveStyle(colour, colour, MARKERS[index % len(MARKERS)])
        name = names.get(persona, persona) if persona else "The map's persona"
        curves.append(PersonaCurve(persona, name, style, levels, index, len(found)))
    return curves


def marker_points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """The corners of a polygon marker of half-size ``r`` centred on (cx, cy); [] for a circle."""
    if shape == "square":
        s = r * 0.9
        return [(cx - s, cy - s), (cx + s, cy - s), (cx + s, cy + s), (cx - s, cy + s)]
    if shape == "diamond":
        s = r * 1.2
        return [(cx, cy - s), (cx + s, cy), (cx, cy + s), (cx - s, cy)]
    if shape == "triangle":
        s = r * 1.2
        return [(cx, cy - s), (cx + s, cy + s * 0.8), (cx - s, cy + s * 0.8)]
    if shape == "nabla":
        s = r * 1.2
        return [(cx - s, cy - s * 0.8), (cx + s, cy - s * 0.8), (cx, cy + s)]
    return []
