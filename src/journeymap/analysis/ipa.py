"""Importance–performance analysis (IPA) of a map's touchpoints (Martilla and James, 1977).

Each touchpoint with both an importance and a satisfaction score (1–10) is a point: satisfaction (the
performance) across, importance up. Two crossing lines split the chart into four quadrants:

===================== ========================== ===========================================
quadrant              rule                       what it says
===================== ========================== ===========================================
concentrate here      importance ≥ I*, sat. < S* it matters and it disappoints: fix it first
keep up the good work importance ≥ I*, sat. ≥ S* it matters and it delivers
low priority          importance < I*, sat. < S* weak, but it matters little
possible overkill     importance < I*, sat. ≥ S* more effort than customers value
===================== ========================== ===========================================

**The crossing point** (I*, S*) — the rule, configurable with ``crossing=``:

* ``"mean"`` (default, the data-centred IPA): I* = mean importance and S* = mean satisfaction of the
  plotted touchpoints. It compares touchpoints with each other, so there is always something to look at.
* ``"midpoint"`` (the scale-centred IPA): I* = S* = the middle of the scale, (1 + 10) / 2 = 5.5.
  It compares each touchpoint with an absolute bar.
* explicit values: ``importance_cross=`` and ``satisfaction_cross=`` override either line.

A point on a crossing line counts as high (≥): a touchpoint exactly at the mean satisfaction is not
flagged "concentrate here".

**The scores** come from the map (``Touchpoint.importance`` and ``.satisfaction``, which ``journeymap
measure`` fills from a survey; *n* is the largest sample size of the touchpoint's evidence links) or from
an explicit mapping ``{touchpoint id: (importance, satisfaction, n)}`` that a report passes from its
survey results; the mapping wins over the map for the ids it names.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import EMOTION_MAX, EMOTION_MIN, Map, Touchpoint

__all__ = [
    "Crossing",
    "IpaPoint",
    "IpaResult",
    "Quadrant",
    "TouchpointScores",
    "crossing_value",
    "importance_performance",
    "quadrant",
]

TouchpointScores = tuple[float, float, int | None]
"""Survey results of one touchpoint: (importance, satisfaction, n)."""

Crossing = Literal["mean", "midpoint"]


class Quadrant(enum.StrEnum):
    """The four quadrants of an importance–performance chart."""

    CONCENTRATE_HERE = "concentrate-here"
    KEEP_UP_THE_GOOD_WORK = "keep-up-the-good-work"
    LOW_PRIORITY = "low-priority"
    POSSIBLE_OVERKILL = "possible-overkill"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def advice(self) -> str:
        return _ADVICE[self]


_LABELS = {
    Quadrant.CONCENTRATE_HERE: "Concentrate here",
    Quadrant.KEEP_UP_THE_GOOD_WORK: "Keep up the good work",
    Quadrant.LOW_PRIORITY: "Low priority",
    Quadrant.POSSIBLE_OVERKILL: "Possible overkill",
}

_ADVICE = {
    Quadrant.CONCENTRATE_HERE: "important and disappointing: improve first",
    Quadrant.KEEP_UP_THE_GOOD_WORK: "important and satisfying: protect it",
    Quadrant.LOW_PRIORITY: "less important and less satisfying: watch",
    Quadrant.POSSIBLE_OVERKILL: "less important but very satisfying: effort could go elsewhere",
}


@dataclass(frozen=True)
class IpaPoint:
    """One touchpoint on the chart."""

    touchpoint_id: str
    name: str
    step_id: str
    step_name: str
    importance: float
    satisfaction: float
    n: int | None
    source: Literal["map", "survey"]
    quadrant: Quadrant

    def to_dict(self) -> dict[str, Any]:
        return {
            "touchpoint": self.touchpoint_id,
            "name": self.name,
            "step": self.step_id,
            "step_name": self.step_name,
            "importance": self.importance,
            "satisfaction": self.satisfaction,
            "n": self.n,
            "source": self.source,
            "quadrant": self.quadrant.value,
            "quadrant_label": self.quadrant.label,
        }


@dataclass(frozen=True)
class IpaResult:
    """The points, the crossing point and how it was chosen, and what could not be plotted."""

    map_id: str
    map_title: str
    points: tuple[IpaPoint, ...]
    importance_cross: float
    satisfaction_cross: float
    crossing: str
    """How the crossing point was chosen, in words (e.g. "means of the 8 touchpoints")."""
    scale: tuple[float, float] = (EMOTION_MIN, EMOTION_MAX)
    unscored: tuple[str, ...] = ()
    """Ids of touchpoints with no importance or no satisfaction (not plotted)."""
    unmatched: tuple[str, ...] = field(default=())
    """Ids in the explicit scores that name no touchpoint of the map (ignored)."""

    def in_quadrant(self, which: Quadrant) -> list[IpaPoint]:
        """The points of one quadrant, most important first."""
        return sorted((p for p in self.points if p.quadrant is which), key=lambda p: (-p.importance, p.satisfaction))

    @property
    def rule(self) -> str:
        """The quadrant rule with this result's crossing point, in words."""
        i, s = f"{self.importance_cross:.2f}", f"{self.satisfaction_cross:.2f}"
        return (
            f"crossing at importance {i}, satisfaction {s} ({self.crossing}); a point on a line counts as high. "
            f"Concentrate here: importance ≥ {i} and satisfaction < {s}."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "map": self.map_id,
            "title": self.map_title,
            "crossing": {
                "importance": self.importance_cross,
                "satisfaction": self.satisfaction_cross,
                "rule": self.crossing,
            },
            "scale": list(self.scale),
            "points": [p.to_dict() for p in self.points],
            "quadrants": {q.value: [p.touchpoint_id for p in self.in_quadrant(q)] for q in Quadrant},
            "unscored": list(self.unscored),
            "unmatched": list(self.unmatched),
        }


def quadrant(importance: float, satisfaction: float, importance_cross: float, satisfaction_cross: float) -> Quadrant:
    """The quadrant of a point: high importance is importance ≥ I*, high satisfaction is satisfaction ≥ S*.

    concentrate here = high importance and low satisfaction; keep up the good work = high and high;
    low priority = low and low; possible overkill = low importance and high satisfaction.
    """
    important = importance >= importance_cross
    satisfying = satisfaction >= satisfaction_cross
    if important:
        return Quadrant.KEEP_UP_THE_GOOD_WORK if satisfying else Quadrant.CONCENTRATE_HERE
    return Quadrant.POSSIBLE_OVERKILL if satisfying else Quadrant.LOW_PRIORITY


def crossing_value(
    values: Sequence[float], rule: Crossing = "mean", scale: tuple[float, float] = (EMOTION_MIN, EMOTION_MAX)
) -> float:
    """Where a crossing line lies: the arithmetic mean Σxᵢ / n of ``values`` (``"mean"``), or the scale
    midpoint (low + high) / 2 (``"midpoint"``, also used when there are no values)."""
    if rule == "mean" and values:
        return sum(values) / len(values)
    if rule not in ("mean", "midpoint"):
        raise ValueError(f"unknown crossing rule {rule!r}: use 'mean' or 'midpoint'")
    return (scale[0] + scale[1]) / 2


def _evidence_n(touchpoint: Touchpoint) -> int | None:
    sizes = [e.n for e in touchpoint.evidence if e.n is not None]
    return max(sizes) if sizes else None


def importance_performance(
    m: Map,
    scores: Mapping[str, TouchpointScores] | None = None,
    *,
    crossing: Crossing = "mean",
    importance_cross: float | None = None,
    satisfaction_cross: float | None = None,
) -> IpaResult:
    """Importance–performance analysis of the touchpoints of ``m`` (see the module docstring for the rule)."""
    scores = scores or {}
    steps = {s.id: s.name for s in m.steps}
    raw: list[tuple[Touchpoint, float, float, int | None, Literal["map", "survey"]]] = []
    unscored: list[str] = []
    for tp in m.touchpoints:
        if tp.id in scores:
            importance, satisfaction, n = scores[tp.id]
            raw.append((tp, float(importance), float(satisfaction), n, "survey"))
        elif tp.importance is not None and tp.satisfaction is not None:
            raw.append((tp, tp.importance, tp.satisfaction, _evidence_n(tp), "map"))
        else:
            unscored.append(tp.id)
    known = {tp.id for tp in m.touchpoints}
    unmatched = tuple(sorted(k for k in scores if k not in known))
    i_cross = importance_cross if importance_cross is not None else crossing_value([r[1] for r in raw], crossing)
    s_cross = satisfaction_cross if satisfaction_cross is not None else crossing_value([r[2] for r in raw], crossing)
    points = tuple(
        IpaPoint(
            tp.id, tp.name, tp.step, steps.get(tp.step, tp.step), imp, sat, n, src, quadrant(imp, sat, i_cross, s_cross)
        )
        for tp, imp, sat, n, src in raw
    )
    return IpaResult(
        m.id,
        m.title,
        points,
        i_cross,
        s_cross,
        _describe(crossing, len(points), importance_cross, satisfaction_cross),
        unscored=tuple(unscored),
        unmatched=unmatched,
    )


def _describe(rule: Crossing, count: int, importance_cross: float | None, satisfaction_cross: float | None) -> str:
    if importance_cross is not None and satisfaction_cross is not None:
        return "values given"
    if rule == "midpoint" or count == 0:
        base = "scale midpoint" + ("" if rule == "midpoint" else " (no scored touchpoint)")
    else:
        base = f"means of the {count} touchpoint{'s' if count != 1 else ''}"
    given = [
        name for name, v in (("importance", importance_cross), ("satisfaction", satisfaction_cross)) if v is not None
    ]
    return base + (f"; {given[0]} given" if given else "")
