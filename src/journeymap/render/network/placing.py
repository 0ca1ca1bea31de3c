"""Placing the actors of an ecosystem map: boxes sized to their names, the primary provider and customer in the
centre, the other actors on an ellipse around them, ordered to reduce crossings (see
:mod:`journeymap.render.layout_network`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...model import Actor, ActorKind, ValueFlow
from ..curves import _segment_hits_box, _segments_cross
from ..geometry import Box, Point
from ..text import text_width, wrap
from .parts import (
    KIND_LINE,
    KIND_SIZE,
    NAME_LINE,
    NAME_SIZE,
    NAME_WRAP,
    NODE_GAP,
    NODE_MIN_W,
    NODE_PAD_X,
    NODE_PAD_Y,
    PRIMARY_NAME_LINE,
    PRIMARY_NAME_SIZE,
    PRIMARY_NAME_WRAP,
    NodeLayout,
    _label_size,
    actor_kind_label,
)
from .rings import RING_PAD, rho_range


# ---- nodes ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Size:
    w: float
    h: float
    lines: tuple[str, ...]
    primary: bool


def _measure_actor(actor: Actor) -> _Size:
    primary = actor.kind in (ActorKind.PRIMARY_PROVIDER, ActorKind.PRIMARY_CUSTOMER)
    size, line, width = (
        (PRIMARY_NAME_SIZE, PRIMARY_NAME_LINE, PRIMARY_NAME_WRAP) if primary else (NAME_SIZE, NAME_LINE, NAME_WRAP)
    )
    lines = tuple(wrap(actor.name, width, size, bold=True))
    content = max(
        max(text_width(text, size, bold=True) for text in lines), text_width(actor_kind_label(actor.kind), KIND_SIZE)
    )
    w = max(NODE_MIN_W + (24 if primary else 0), content + 2 * NODE_PAD_X)
    h = 2 * NODE_PAD_Y + len(lines) * line + KIND_LINE + (6 if primary else 2)
    return _Size(math.ceil(w), math.ceil(h), lines, primary)


def _node(actor: Actor, size: _Size, centre: Point, central: bool) -> NodeLayout:
    primary = size.primary
    return NodeLayout(
        id=actor.id,
        x=centre.x - size.w / 2,
        y=centre.y - size.h / 2,
        w=size.w,
        h=size.h,
        lines=size.lines,
        kind=actor.kind,
        kind_label=actor_kind_label(actor.kind),
        primary=primary or central,
        name_size=PRIMARY_NAME_SIZE if primary else NAME_SIZE,
        name_line=PRIMARY_NAME_LINE if primary else NAME_LINE,
    )


def _centre_actors(actors: Sequence[Actor], flows: Sequence[ValueFlow]) -> list[str]:
    """The primary provider then the primary customer; without them, the most connected actor."""
    centre = []
    for kind in (ActorKind.PRIMARY_PROVIDER, ActorKind.PRIMARY_CUSTOMER):
        found = next((a.id for a in actors if a.kind is kind), None)
        if found is not None:
            centre.append(found)
    if centre:
        return centre
    degree = _degrees(flows)
    best = max(actors, key=lambda a: (degree.get(a.id, 0), -actors.index(a)))
    return [best.id]


def _degrees(flows: Iterable[ValueFlow]) -> dict[str, int]:
    degree: dict[str, int] = {}
    for flow in flows:
        for end in {flow.source, flow.target}:
            degree[end] = degree.get(end, 0) + 1
    return degree


# ---- placing the actors --------------------------------------------------------------------------------------
def _place_actors(
    actors: Sequence[Actor],
    flows: Sequence[ValueFlow],
    centres: list[str],
    sizes: dict[str, _Size],
    tiers: dict[str, str],
) -> tuple[dict[str, Point], tuple[float, float]]:
    """The centre actors, then the direct ring on an ellipse around them, then the indirect ring outside it.

    Returns the centres of the boxes and the axes of the direct ring's ellipse (the shape of every ring)."""
    positions = _centre_positions(centres, flows, sizes)
    half_w, half_h = _centre_extent(positions, sizes)
    shape: tuple[float, float] | None = None
    for tier in ("direct", "indirect"):
        ring = [a.id for a in actors if a.id not in positions and tiers.get(a.id) == tier]
        if not ring:
            continue
        axes = _ring_axes(ring, positions, sizes, shape)
        placed, fitted = _place_ring(ring, flows, centres, sizes, positions, axes)
        shape = shape or fitted
        positions = _clear_of_inner(placed, ring, sizes, shape)
    return positions, shape or (half_w + 60.0, half_h + 60.0)


def _ring_axes(
    ring: list[str], inner: dict[str, Point], sizes: dict[str, _Size], shape: tuple[float, float] | None
) -> tuple[float, float]:
    """The first ellipse tried for ``ring``: around the centre, no flatter than 1.7 : 1 (rings read as rings);
    an outer ring takes the inner ring's ``shape``, just beyond its farthest box."""
    widest = max(sizes[i].w for i in ring) / 2
    tallest = max(sizes[i].h for i in ring) / 2
    if shape is None:
        half_w, half_h = _centre_extent(inner, sizes)
        a = half_w + widest + 190 + 5 * len(ring)
        b = half_h + tallest + 125 + 4 * len(ring)
        return a, max(b, a / 1.7)
    reach = max(rho_range(_box_at(p, sizes[i]), Point(0.0, 0.0), shape)[1] for i, p in inner.items())
    scale = reach + 2 * RING_PAD / min(shape) + max(widest / shape[0], tallest / shape[1])
    return shape[0] * scale, shape[1] * scale


def _place_ring(
    ring: list[str],
    flows: Sequence[ValueFlow],
    centres: list[str],
    sizes: dict[str, _Size],
    fixed: dict[str, Point],
    axes: tuple[float, float],
) -> tuple[dict[str, Point], tuple[float, float]]:
    """``ring`` on an ellipse around the ``fixed`` actors, ordered to reduce crossings (see the module docstring)."""
    known = set(fixed) | set(ring)
    pairs = [p for p in _pairs(flows) if p[0] in known and p[1] in known]
    lean = _lean(ring, centres, [(f.source, f.target) for f in flows if f.source != f.target])
    a, b = axes
    cost = _Cost(pairs, lean, fixed, sizes, a)
    best: tuple[float, list[float], list[str]] | None = None
    for angles in _slot_angles(len(ring)):
        order = _reduce_crossings(_initial_order(ring, lean, angles), angles, cost, (a, b))
        total = cost.local(set(ring), cost.positions(order, [_ellipse_point(t, (a, b)) for t in angles]))
        if best is None or total < best[0] - 1e-9:
            best = (total, angles, order)
    assert best is not None
    return _fit_ellipse(best[2], best[1], fixed, sizes, (a, b))


def _clear_of_inner(
    positions: dict[str, Point], ring: list[str], sizes: dict[str, _Size], shape: tuple[float, float]
) -> dict[str, Point]:
    """Push ``ring`` outwards (all together, so no boxes come closer) until, measured in ellipses of ``shape``,
    its nearest box is at least two ring pads beyond the farthest box inside it: room for the ring's line."""
    gap = 2 * RING_PAD / min(shape)
    inner = [i for i in positions if i not in ring]
    reach = max(rho_range(_box_at(positions[i], sizes[i]), Point(0.0, 0.0), shape)[1] for i in inner)
    factor = 1.0
    while True:
        moved = {i: Point(p.x * factor, p.y * factor) if i in ring else p for i, p in positions.items()}
        near = min(rho_range(_box_at(moved[i], sizes[i]), Point(0.0, 0.0), shape)[0] for i in ring)
        if near >= reach + gap or factor > 8:
            return moved
        factor *= 1.03


def _pairs(flows: Iterable[ValueFlow]) -> list[tuple[str, str]]:
    """Distinct undirected actor pairs joined by at least one flow (self-loops left out), in flow order."""
    seen: dict[tuple[str, str], None] = {}
    for flow in flows:
        if flow.source != flow.target:
            seen.setdefault((min(flow.source, flow.target), max(flow.source, flow.target)), None)
    return list(seen)


def _centre_positions(centres: list[str], flows: Sequence[ValueFlow], sizes: dict[str, _Size]) -> dict[str, Point]:
    if len(centres) == 1:
        return {centres[0]: Point(0.0, 0.0)}
    provider, customer = centres
    between = [f for f in flows if {f.source, f.target} == {provider, customer}]
    widest = max((_label_size(f.label)[0] for f in between), default=0.0)
    gap = max(190.0, widest + 90.0)
    left = -(gap / 2 + sizes[provider].w / 2)
    right = gap / 2 + sizes[customer].w / 2
    return {provider: Point(left, 0.0), customer: Point(right, 0.0)}


def _centre_extent(positions: dict[str, Point], sizes: dict[str, _Size]) -> tuple[float, float]:
    half_w = max(abs(p.x) + sizes[i].w / 2 for i, p in positions.items())
    half_h = max(sizes[i].h / 2 for i in positions)
    return half_w, half_h


def _lean(ring: list[str], centres: list[str], links: list[tuple[str, str]]) -> dict[str, float]:
    """-1 … 1: how strongly an actor belongs on the provider's (left) or the customer's (right) side.

    The mean side of the centre actors it has flows with (each flow counts), else of its ring neighbours.
    """
    side = {centres[0]: -1.0, centres[-1]: 1.0} if len(centres) == 2 else {centres[0]: 0.0}
    neighbours: dict[str, list[str]] = {i: [] for i in ring}
    for u, v in links:
        if u in neighbours:
            neighbours[u].append(v)
        if v in neighbours:
            neighbours[v].append(u)
    lean: dict[str, float] = {}
    for actor in ring:
        linked = [side[n] for n in neighbours[actor] if n in side]
        lean[actor] = sum(linked) / len(linked) if linked else 0.0
    anchored = {i for i in ring if any(n in side for n in neighbours[i])}
    for _ in range(4):  # actors linked only to other ring actors lean like their neighbours
        for actor in ring:
            if actor not in anchored and neighbours[actor]:
                values = [lean.get(n, side.get(n, 0.0)) for n in neighbours[actor]]
                lean[actor] = sum(values) / len(values)
    return lean


def _slot_angles(count: int) -> list[list[float]]:
    """Two sets of evenly spaced parameter angles (y grows downwards), both symmetric about the vertical axis.

    There are more slots than ring actors (at least six), so actors linked to both centre actors can take
    the top or bottom middle and the search can leave room where the drawing is crowded.
    """
    slots = max(6, count + count // 4)
    return [
        [start + 2 * math.pi * k / slots for k in range(slots)]
        for start in (math.pi / 2, math.pi / 2 + math.pi / slots)
    ]


def _initial_order(ring: list[str], lean: dict[str, float], angles: list[float]) -> list[str]:
    """Actors dealt to slots (``""`` marks an empty slot): the strongest leaners first, each to the free slot
    whose horizontal position best matches its lean."""
    order = [""] * len(angles)
    for actor in sorted(ring, key=lambda i: (-abs(lean[i]), ring.index(i))):
        free = [k for k in range(len(angles)) if not order[k]]
        order[min(free, key=lambda k: ((lean[actor] - math.cos(angles[k])) ** 2, k))] = actor
    return order


def _ellipse_point(angle: float, axes: tuple[float, float]) -> Point:
    return Point(axes[0] * math.cos(angle), axes[1] * math.sin(angle))


def _fit_ellipse(
    order: list[str],
    angles: list[float],
    fixed: dict[str, Point],
    sizes: dict[str, _Size],
    axes: tuple[float, float],
) -> tuple[dict[str, Point], tuple[float, float]]:
    """Grow the ellipse until no two boxes come closer than :data:`NODE_GAP`."""
    a, b = axes
    while True:
        positions = dict(fixed)
        positions.update({i: _ellipse_point(angle, (a, b)) for i, angle in zip(order, angles, strict=True) if i})
        boxes = [_box_at(positions[i], sizes[i]) for i in positions]
        if not any(p.overlaps(q, NODE_GAP) for k, p in enumerate(boxes) for q in boxes[k + 1 :]):
            return positions, (a, b)
        a, b = a * 1.06, b * 1.06


def _box_at(centre: Point, size: _Size) -> Box:
    return Box(centre.x - size.w / 2, centre.y - size.h / 2, size.w, size.h)


# ---- crossing reduction --------------------------------------------------------------------------------------
def _reduce_crossings(order: list[str], angles: list[float], cost: _Cost, axes: tuple[float, float]) -> list[str]:
    """Swap pairs of slots while the layout cost drops (first improvement, fixed order: deterministic)."""
    order = list(order)
    slots = [_ellipse_point(angle, axes) for angle in angles]
    positions = cost.positions(order, slots)
    for _ in range(6):
        improved = False
        for i in range(len(order)):
            for j in range(i + 1, len(order)):
                moved = {order[i], order[j]} - {""}
                if not moved:
                    continue
                swapped = list(order)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                candidate = cost.positions(swapped, slots)
                if cost.local(moved, candidate) + 1e-9 < cost.local(moved, positions):
                    order, positions, improved = swapped, candidate, True
        if not improved:
            break
    return order


class _Cost:
    """Cost of a ring order, evaluated only around the actors a swap moves."""

    def __init__(
        self,
        pairs: list[tuple[str, str]],
        lean: dict[str, float],
        fixed: dict[str, Point],
        sizes: dict[str, _Size],
        scale: float,
    ) -> None:
        self.pairs, self.lean, self.fixed, self.sizes, self.scale = pairs, lean, fixed, sizes, scale
        self._boxes: dict[tuple[str, Point], Box] = {}

    def _box(self, actor: str, centre: Point) -> Box:
        key = (actor, centre)
        if key not in self._boxes:
            self._boxes[key] = _box_at(centre, self.sizes[actor]).inflated(6)
        return self._boxes[key]

    def positions(self, order: list[str], slots: list[Point]) -> dict[str, Point]:
        return {**self.fixed, **{actor: slot for actor, slot in zip(order, slots, strict=True) if actor}}

    def local(self, moved: set[str], pos: dict[str, Point]) -> float:
        touching = [p for p in self.pairs if p[0] in moved or p[1] in moved]
        total = 0.0
        for u, v in touching:
            for s, t in self.pairs:
                if len({u, v, s, t}) == 4 and _segments_cross(pos[u], pos[v], pos[s], pos[t]):
                    total += 10.0
            total += math.dist((pos[u].x, pos[u].y), (pos[v].x, pos[v].y)) / self.scale
        for u, v in self.pairs:  # edges through boxes: moved edges past any box, any edge past a moved box
            suspects = pos if (u in moved or v in moved) else moved
            for actor in suspects:
                if actor not in (u, v) and _segment_hits_box(pos[u], pos[v], self._box(actor, pos[actor])):
                    total += 15.0
        for actor in moved & set(self.lean):
            total += 4.0 * (self.lean[actor] - pos[actor].x / self.scale) ** 2
        return total
