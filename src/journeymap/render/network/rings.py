"""The rings of an ecosystem map: core, direct and indirect actors on concentric ellipses around the centre.

The model has no ring field, so an actor's ring is derived from its flows (see docs/format.md, "Ecosystem
map"): the **core** is the centre of the drawing (the primary provider and the primary customer, else the most
connected actor); **direct** actors exchange value with the focal actor — the primary provider when there is
one, else any core actor; every other actor is **indirect**. The placing puts the direct actors on an inner
ellipse and the indirect ones on an outer one; the rings drawn here are ellipses of one shape (the inner
ellipse's) whose sizes fall halfway between the boxes of one ring and those of the next, so every box lies
wholly inside its ring's annulus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...model import Actor, ActorKind, ValueFlow
from ..geometry import Box, Point
from ..text import text_width

__all__ = ["RING_LABEL", "TIERS", "RingLayout", "actor_tiers", "inside_annulus", "rho_range", "ring_layouts"]

TIERS = ("core", "direct", "indirect")
RING_LABEL = {"core": "Core", "direct": "Direct", "indirect": "Indirect"}
RING_PAD = 16.0
"""Least clearance (px, along the shorter axis) between a ring's line and the boxes on either side."""
LABEL_SIZE = 11.0
LABEL_H = 16.0


@dataclass(frozen=True)
class RingLayout:
    """One ring: the ellipse ``rx`` × ``ry`` around ``centre`` is its outer line; ``inner`` the next ring in."""

    tier: str
    label: str
    centre: Point
    rx: float
    ry: float
    inner: tuple[float, float] | None
    label_box: Box

    def moved(self, dx: float, dy: float) -> RingLayout:
        centre = Point(self.centre.x + dx, self.centre.y + dy)
        return RingLayout(self.tier, self.label, centre, self.rx, self.ry, self.inner, self.label_box.moved(dx, dy))

    def contains(self, box: Box) -> bool:
        """Whether ``box`` lies wholly in this ring's annulus (inside the outer line, outside the inner one)."""
        return inside_annulus(box, self.centre, (self.rx, self.ry), self.inner)


def actor_tiers(actors: Sequence[Actor], flows: Iterable[ValueFlow], centres: Sequence[str]) -> dict[str, str]:
    """Each actor's ring by the rule of the module docstring."""
    kinds = {a.id: a.kind for a in actors}
    focal = {c for c in centres if kinds.get(c) is ActorKind.PRIMARY_PROVIDER} or set(centres)
    direct = set()
    for flow in flows:
        if flow.source in focal:
            direct.add(flow.target)
        if flow.target in focal:
            direct.add(flow.source)
    return {a.id: "core" if a.id in centres else "direct" if a.id in direct else "indirect" for a in actors}


def rho_range(box: Box, centre: Point, axes: tuple[float, float]) -> tuple[float, float]:
    """The least and the greatest elliptic radius (1 on the ellipse of ``axes``) of the points of ``box``."""
    a, b = axes
    x0, x1 = (box.x - centre.x) / a, (box.right - centre.x) / a
    y0, y1 = (box.y - centre.y) / b, (box.bottom - centre.y) / b
    near_x = 0.0 if x0 <= 0 <= x1 else min(abs(x0), abs(x1))
    near_y = 0.0 if y0 <= 0 <= y1 else min(abs(y0), abs(y1))
    far = math.hypot(max(abs(x0), abs(x1)), max(abs(y0), abs(y1)))
    return math.hypot(near_x, near_y), far


def inside_annulus(box: Box, centre: Point, outer: tuple[float, float], inner: tuple[float, float] | None) -> bool:
    if rho_range(box, centre, outer)[1] > 1.0 + 1e-9:
        return False
    return inner is None or rho_range(box, centre, inner)[0] >= 1.0 - 1e-9


def ring_layouts(
    boxes: dict[str, Box], tiers: dict[str, str], axes: tuple[float, float], obstacles: Sequence[Box]
) -> tuple[RingLayout, ...]:
    """The rings around (0, 0) for actors' ``boxes`` placed in their ``tiers`` (the placing keeps the rings
    apart); ring labels go where they meet no actor or flow label (``obstacles``)."""
    a, b = axes
    pad = RING_PAD / min(a, b)
    spans = {}
    for tier in TIERS:
        ranges = [rho_range(box, Point(0.0, 0.0), axes) for i, box in boxes.items() if tiers.get(i) == tier]
        if ranges:
            spans[tier] = (min(r[0] for r in ranges), max(r[1] for r in ranges))
    used = [t for t in TIERS if t in spans]
    rings: list[RingLayout] = []
    inner: tuple[float, float] | None = None
    for k, tier in enumerate(used):
        nxt = spans[used[k + 1]][0] if k + 1 < len(used) else None
        reach = spans[tier][1]
        scale = (reach + nxt) / 2 if nxt is not None else reach + 1.5 * pad
        outer = (a * scale, b * scale)
        label = _label_box(RING_LABEL[tier], outer, inner, [*boxes.values(), *obstacles, *(r.label_box for r in rings)])
        rings.append(RingLayout(tier, RING_LABEL[tier], Point(0.0, 0.0), outer[0], outer[1], inner, label))
        inner = outer
    return tuple(rings)


def _label_box(
    text: str, outer: tuple[float, float], inner: tuple[float, float] | None, obstacles: Sequence[Box]
) -> Box:
    """The label just inside the ring's outer line: at the top if free, else the first free place around."""
    w = text_width(text, LABEL_SIZE, bold=True) + 10
    first: Box | None = None
    for step in range(48):
        turn = (step + 1) // 2 * (1 if step % 2 else -1)  # 0, +1, -1, +2, -2 … steps of 7.5° from the top
        angle = -math.pi / 2 + turn * math.pi / 24
        x, y = outer[0] * math.cos(angle), outer[1] * math.sin(angle)
        for inset in (6.0, 12.0, 20.0):
            length = math.hypot(x, y) or 1.0
            cx = x - x / length * (inset + w / 2 * abs(x) / length)
            cy = y - y / length * (inset + LABEL_H / 2)
            box = Box(cx - w / 2, cy - LABEL_H / 2, w, LABEL_H)
            if first is None:
                first = box
            if inside_annulus(box, Point(0.0, 0.0), outer, inner) and not any(box.overlaps(o, 3.0) for o in obstacles):
                return box
    assert first is not None
    return first
