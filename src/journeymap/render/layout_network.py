"""Geometry of an ecosystem / customer value chain map: actors as boxes, value flows as labelled arrows.

Pure geometry (no drawing), so the SVG, Visio and PowerPoint writers all place things the same way.
The method follows the seed's recipe for a customer value chain map — *put the primary provider, then the
primary customer, in the centre; put the other actors around them; add the value flows between them*:

1. **Nodes** are sized to their names, wrapped with the real DejaVu Sans metrics, plus a line for the kind.
2. **Centre.** The primary provider (left) and the primary customer (right) sit side by side in the middle,
   far enough apart for the labels of the flows between them. Without primary actors, the most connected
   actor is the centre.
3. **Ring.** Every other actor gets a slot on an ellipse around the centre. Each actor leans left or right
   by its flows to the provider (left) or the customer (right); actors linked to neither lean like their
   neighbours. Actors are dealt to slots by that lean, then pairs of slots are swapped while that lowers a
   cost of edge crossings, edges running through boxes, lean mismatch and edge length (deterministic local
   search: fixed order, no randomness). The ellipse then grows until no two boxes come closer than
   :data:`NODE_GAP`.
4. **Edges** are cubic Bézier curves clipped to the node boxes, so each arrow starts and ends on a box edge.
   Flows joining the same pair of actors (either direction) fan out as curves side by side; a flow whose
   straight line would cross another box is bent (trying growing bends either side) until it clears.
   A flow from an actor to itself is a loop on the box's outer side.
5. **Labels** sit on their edge with a white background, placed shortest flow first (least room). Candidate
   places are tried along the edge (middle first) and then pushed outward from it, half a label at a time;
   a place is allowed only if its rectangle keeps :data:`LABEL_GAP` from every box and every label already
   placed. Among allowed places the one crossing the fewest other edges, covering no arrow tip and nearest
   the middle wins; if none near the edge is free, a spiral search outward always ends on a free place, and
   the writer draws a thin leader line back to the edge.
6. Everything is shifted so the drawing starts at :data:`MARGIN`; ``width`` and ``height`` enclose it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ..model import Actor, ActorKind, FlowKind, Map, ValueFlow
from .geometry import Box, Point
from .text import text_width, wrap

__all__ = [
    "LABEL_GAP",
    "MARGIN",
    "NODE_GAP",
    "Box",
    "EdgeLayout",
    "NetworkLayout",
    "NodeLayout",
    "Point",
    "actor_kind_label",
    "layout_network",
]

# ---- sizes (px) -------------------------------------------------------------------------------------------
NAME_SIZE = 13.0
NAME_LINE = 16.0
PRIMARY_NAME_SIZE = 15.0
PRIMARY_NAME_LINE = 18.5
NAME_WRAP = 150.0
PRIMARY_NAME_WRAP = 170.0
KIND_SIZE = 10.0
KIND_LINE = 14.0
NODE_PAD_X = 14.0
NODE_PAD_Y = 10.0
NODE_MIN_W = 118.0
LABEL_SIZE = 11.0
LABEL_LINE = 13.5
LABEL_WRAP = 150.0
LABEL_PAD_X = 5.0
LABEL_PAD_Y = 3.0
NODE_GAP = 36.0
"""Smallest clearance between two actor boxes."""
LABEL_GAP = 4.0
"""Smallest clearance between a flow label and any box or other label."""
MARGIN = 24.0
LOOP_HEIGHT = 46.0
BUNDLE_SPREAD = 46.0
"""Least bend between neighbouring flows that join the same two actors (more for taller labels)."""


# ---- geometry primitives -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NodeLayout:
    """An actor's box: ``x``, ``y`` is the top-left corner; ``lines`` the wrapped name."""

    id: str
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    kind: ActorKind
    kind_label: str
    primary: bool
    """A primary provider or customer, or the actor at the centre of the drawing: drawn stronger."""
    name_size: float
    name_line: float

    @property
    def box(self) -> Box:
        return Box(self.x, self.y, self.w, self.h)


@dataclass(frozen=True)
class EdgeLayout:
    """A value flow: a cubic Bézier ``points`` = (start, control 1, control 2, end), clipped to the boxes.

    ``start`` lies on the source box's edge and ``end`` (the arrow tip) on the target box's edge. The label's
    rectangle is ``label_box`` (lines centred in it); ``label_anchor`` is the point of the curve it belongs
    to (inside the label unless the label had to move away, when a leader line joins them).
    """

    id: str
    source: str
    target: str
    kind: FlowKind
    points: tuple[Point, Point, Point, Point]
    curved: bool
    label_lines: tuple[str, ...]
    label_box: Box
    label_anchor: Point
    label_size: float
    label_line: float

    def polyline(self, samples: int = 24) -> tuple[Point, ...]:
        """The curve as ``samples + 1`` points (for writers without Bézier curves)."""
        return tuple(_bezier(self.points, i / samples) for i in range(samples + 1))

    @property
    def label_centre(self) -> Point:
        return self.label_box.centre


@dataclass(frozen=True)
class NetworkLayout:
    nodes: tuple[NodeLayout, ...]
    edges: tuple[EdgeLayout, ...]
    width: float
    height: float

    def node(self, node_id: str) -> NodeLayout:
        return next(n for n in self.nodes if n.id == node_id)


def actor_kind_label(kind: ActorKind) -> str:
    """``primary-provider`` → ``Primary provider`` (the kind is always written, never shown by colour alone)."""
    return kind.value.replace("-", " ").capitalize()


# ---- entry point ---------------------------------------------------------------------------------------------
def layout_network(m: Map) -> NetworkLayout:
    """Place the actors and value flows of an ecosystem map (see the module docstring for the method)."""
    actors = _unique_actors(m.actors)
    ids = {a.id for a in actors}
    flows = [f for f in m.value_flows if f.source in ids and f.target in ids]
    if not actors:
        return NetworkLayout((), (), 2 * MARGIN, 2 * MARGIN)
    sizes = {a.id: _measure_actor(a) for a in actors}
    centres = _centre_actors(actors, flows)
    positions = _place_actors(actors, flows, centres, sizes)
    nodes = {a.id: _node(a, sizes[a.id], positions[a.id], a.id in centres) for a in actors}
    edges = _route_edges(flows, nodes, [a.id for a in actors])
    placed = _place_labels(edges, list(nodes.values()))
    return _normalise([nodes[a.id] for a in actors], placed)


def _unique_actors(actors: Sequence[Actor]) -> list[Actor]:
    seen: set[str] = set()
    unique = []
    for actor in actors:
        if actor.id not in seen:
            seen.add(actor.id)
            unique.append(actor)
    return unique


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
    actors: Sequence[Actor], flows: Sequence[ValueFlow], centres: list[str], sizes: dict[str, _Size]
) -> dict[str, Point]:
    positions = _centre_positions(centres, flows, sizes)
    ring = [a.id for a in actors if a.id not in positions]
    if not ring:
        return positions
    pairs = _pairs(flows)
    lean = _lean(ring, centres, [(f.source, f.target) for f in flows if f.source != f.target])
    half_w, half_h = _centre_extent(positions, sizes)
    a = half_w + max(sizes[i].w for i in ring) / 2 + 190 + 5 * len(ring)
    b = half_h + max(sizes[i].h for i in ring) / 2 + 125 + 4 * len(ring)
    cost = _Cost(pairs, lean, positions, sizes, a)
    best: tuple[float, list[float], list[str]] | None = None
    for angles in _slot_angles(len(ring)):
        order = _reduce_crossings(_initial_order(ring, lean, angles), angles, cost, (a, b))
        total = cost.local(set(ring), cost.positions(order, [_ellipse_point(t, (a, b)) for t in angles]))
        if best is None or total < best[0] - 1e-9:
            best = (total, angles, order)
    assert best is not None
    return _fit_ellipse(best[2], best[1], positions, sizes, (a, b))


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
) -> dict[str, Point]:
    """Grow the ellipse until no two boxes come closer than :data:`NODE_GAP`."""
    a, b = axes
    while True:
        positions = dict(fixed)
        positions.update({i: _ellipse_point(angle, (a, b)) for i, angle in zip(order, angles, strict=True) if i})
        boxes = [_box_at(positions[i], sizes[i]) for i in positions]
        if not any(p.overlaps(q, NODE_GAP) for k, p in enumerate(boxes) for q in boxes[k + 1 :]):
            return positions
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


def _segments_cross(p1: Point, p2: Point, p3: Point, p4: Point) -> bool:
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)

    d1, d2 = orient(p3, p4, p1), orient(p3, p4, p2)
    d3, d4 = orient(p1, p2, p3), orient(p1, p2, p4)
    return d1 * d2 < 0 and d3 * d4 < 0


def _segment_hits_box(p: Point, q: Point, box: Box) -> bool:
    """Liang–Barsky: does the segment pq pass through ``box``?"""
    if max(p.x, q.x) < box.x or min(p.x, q.x) > box.right or max(p.y, q.y) < box.y or min(p.y, q.y) > box.bottom:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = q.x - p.x, q.y - p.y
    for edge_p, edge_q in ((-dx, p.x - box.x), (dx, box.right - p.x), (-dy, p.y - box.y), (dy, box.bottom - p.y)):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


# ---- Bézier helpers ------------------------------------------------------------------------------------------
Cubic = tuple[Point, Point, Point, Point]


def _lerp(p: Point, q: Point, t: float) -> Point:
    return Point(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t)


def _bezier(c: Cubic, t: float) -> Point:
    u = 1 - t
    x = u**3 * c[0].x + 3 * u * u * t * c[1].x + 3 * u * t * t * c[2].x + t**3 * c[3].x
    y = u**3 * c[0].y + 3 * u * u * t * c[1].y + 3 * u * t * t * c[2].y + t**3 * c[3].y
    return Point(x, y)


def _tangent(c: Cubic, t: float) -> Point:
    u = 1 - t
    x = 3 * u * u * (c[1].x - c[0].x) + 6 * u * t * (c[2].x - c[1].x) + 3 * t * t * (c[3].x - c[2].x)
    y = 3 * u * u * (c[1].y - c[0].y) + 6 * u * t * (c[2].y - c[1].y) + 3 * t * t * (c[3].y - c[2].y)
    length = math.hypot(x, y) or 1.0
    return Point(x / length, y / length)


def _split(c: Cubic, t: float) -> tuple[Cubic, Cubic]:
    """De Casteljau: the two halves of the curve at ``t``."""
    ab, bc, cd = _lerp(c[0], c[1], t), _lerp(c[1], c[2], t), _lerp(c[2], c[3], t)
    abc, bcd = _lerp(ab, bc, t), _lerp(bc, cd, t)
    mid = _lerp(abc, bcd, t)
    return (c[0], ab, abc, mid), (mid, bcd, cd, c[3])


def _segment(c: Cubic, t0: float, t1: float) -> Cubic:
    """The part of the curve between ``t0`` and ``t1``."""
    _, tail = _split(c, t0)
    head, _ = _split(tail, (t1 - t0) / (1 - t0) if t0 < 1 else 1.0)
    return head


def _exit_parameter(c: Cubic, box: Box, from_start: bool) -> float:
    """The parameter where the curve leaves ``box`` (walking from the start or from the end)."""
    steps = 96
    inside_t = 0.0 if from_start else 1.0
    for k in range(1, steps + 1):
        t = k / steps if from_start else 1 - k / steps
        if not box.contains(_bezier(c, t)):
            lo, hi = inside_t, t
            for _ in range(40):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if box.contains(_bezier(c, mid)) else (lo, mid)
            return hi
        inside_t = t
    return 0.5


# ---- routing the flows ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Route:
    flow: ValueFlow
    curve: Cubic
    curved: bool
    label_lines: tuple[str, ...]
    label_w: float
    label_h: float
    outward: Point  # for self-loops: which way the loop points


def _label_size(label: str) -> tuple[float, float]:
    lines = wrap(label, LABEL_WRAP, LABEL_SIZE)
    w = max(text_width(line, LABEL_SIZE) for line in lines) + 2 * LABEL_PAD_X
    return math.ceil(w), len(lines) * LABEL_LINE + 2 * LABEL_PAD_Y


def _route_edges(flows: Sequence[ValueFlow], nodes: dict[str, NodeLayout], order: list[str]) -> list[_Route]:
    bundles: dict[tuple[str, str], list[ValueFlow]] = {}
    for flow in flows:
        ends = sorted((flow.source, flow.target), key=order.index)
        bundles.setdefault((ends[0], ends[1]), []).append(flow)
    routes: dict[str, _Route] = {}
    for (first, second), bundle in bundles.items():
        if first == second:
            routes.update(_loops(bundle, nodes[first], _outward(nodes[first], nodes)))
        else:
            routes.update(_bundle_routes(bundle, nodes[first], nodes[second], nodes))
    return [routes[f.id] for f in flows]


def _outward(node: NodeLayout, nodes: dict[str, NodeLayout]) -> Point:
    """Up for actors above the middle of the drawing, down for the others."""
    middle = sum(n.box.centre.y for n in nodes.values()) / len(nodes)
    return Point(0.0, -1.0 if node.box.centre.y <= middle else 1.0)


def _bundle_routes(
    bundle: list[ValueFlow], first: NodeLayout, second: NodeLayout, nodes: dict[str, NodeLayout]
) -> dict[str, _Route]:
    """Curves for every flow between two actors: fanned out side by side, bent away from other boxes."""
    p, q = first.box.centre, second.box.centre
    length = math.hypot(q.x - p.x, q.y - p.y) or 1.0
    normal = Point(-(q.y - p.y) / length, (q.x - p.x) / length)
    others = [n.box.inflated(8) for n in nodes.values() if n.id not in (first.id, second.id)]
    tallest = max(_label_size(f.label)[1] for f in bundle)
    spread = max(BUNDLE_SPREAD, (tallest + 10) / 0.75)  # the middle of a bent curve lies 0.75 × bend away
    fan = [(k - (len(bundle) - 1) / 2) * spread for k in range(len(bundle))]
    bend = min(_bends(length), key=lambda b: sum(_curve_hits(_bent(p, q, normal, b + f), others) for f in fan))
    routes = {}
    for flow, offset in zip(bundle, fan, strict=True):
        curve = _bent(p, q, normal, bend + offset)
        source, target = (first, second) if flow.source == first.id else (second, first)
        if source is second:
            curve = (curve[3], curve[2], curve[1], curve[0])
        t0 = _exit_parameter(curve, source.box, from_start=True)
        t1 = _exit_parameter(curve, target.box, from_start=False)
        lines = tuple(wrap(flow.label, LABEL_WRAP, LABEL_SIZE))
        w, h = _label_size(flow.label)
        routes[flow.id] = _Route(flow, _segment(curve, t0, t1), bend + offset != 0, lines, w, h, Point(0.0, 0.0))
    return routes


def _bends(length: float) -> list[float]:
    steps = [0.0]
    for fraction in (0.12, 0.24, 0.36, 0.5, 0.65, 0.8):
        steps.extend((fraction * length, -fraction * length))
    return steps


def _bent(p: Point, q: Point, normal: Point, offset: float) -> Cubic:
    """A symmetric cubic from ``p`` to ``q`` whose middle lies ``offset * 0.75`` away from the chord."""
    c1 = _lerp(p, q, 1 / 3)
    c2 = _lerp(p, q, 2 / 3)
    return (
        p,
        Point(c1.x + normal.x * offset, c1.y + normal.y * offset),
        Point(c2.x + normal.x * offset, c2.y + normal.y * offset),
        q,
    )


def _curve_hits(curve: Cubic, boxes: list[Box]) -> int:
    """How many of ``boxes`` the curve passes through."""
    samples = [_bezier(curve, k / 32) for k in range(33)]
    hull = _bounds(samples)
    return sum(
        1 for box in boxes if box.overlaps(hull) and any(_segment_hits_box(a, b, box) for a, b in pairwise(samples))
    )


def _bounds(points: Sequence[Point]) -> Box:
    xs, ys = [p.x for p in points], [p.y for p in points]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _loops(bundle: list[ValueFlow], node: NodeLayout, outward: Point) -> dict[str, _Route]:
    """Flows from an actor to itself: loops on the box's outer side, nested when there are several."""
    routes = {}
    box = node.box
    for k, flow in enumerate(bundle):
        edge_y = box.y if outward.y < 0 else box.bottom
        half = box.w / 4
        rise = (LOOP_HEIGHT + 26 * k) * outward.y
        cx = box.centre.x
        curve = (
            Point(cx - half, edge_y),
            Point(cx - half - 34, edge_y + rise),
            Point(cx + half + 34, edge_y + rise),
            Point(cx + half, edge_y),
        )
        w, h = _label_size(flow.label)
        lines = tuple(wrap(flow.label, LABEL_WRAP, LABEL_SIZE))
        routes[flow.id] = _Route(flow, curve, True, lines, w, h, outward)
    return routes


# ---- placing the labels --------------------------------------------------------------------------------------
_ALONG = (0.5, *(0.5 + sign * 0.04 * k for k in range(1, 11) for sign in (-1, 1)))
"""Where along its edge a label may sit: the middle first, then ever closer to the ends."""
_OUTWARD = (0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.0, -2.0, 3.0, -3.0)
"""How far off its edge a label may move, in label half-sizes (0: centred on the edge)."""


def _place_labels(routes: list[_Route], nodes: list[NodeLayout]) -> list[EdgeLayout]:
    """Each label on its edge, clear of every box and of the labels placed before it (module docstring)."""
    obstacles = [n.box for n in nodes]
    samples = [tuple(_bezier(r.curve, k / 16) for k in range(17)) for r in routes]
    tips = [r.curve[3] for r in routes]
    placed: list[Box] = []
    edges: dict[int, EdgeLayout] = {}
    for index in sorted(range(len(routes)), key=lambda i: (_chord(routes[i].curve), i)):  # least room first
        route = routes[index]
        box, anchor = _label_place(route, index, obstacles, placed, samples, tips)
        placed.append(box)
        edges[index] = EdgeLayout(
            id=route.flow.id,
            source=route.flow.source,
            target=route.flow.target,
            kind=route.flow.kind,
            points=route.curve,
            curved=route.curved,
            label_lines=route.label_lines,
            label_box=box,
            label_anchor=anchor,
            label_size=LABEL_SIZE,
            label_line=LABEL_LINE,
        )
    return [edges[i] for i in range(len(routes))]


def _chord(curve: Cubic) -> float:
    return math.hypot(curve[3].x - curve[0].x, curve[3].y - curve[0].y)


def _label_place(
    route: _Route,
    index: int,
    obstacles: list[Box],
    placed: list[Box],
    samples: list[tuple[Point, ...]],
    tips: list[Point],
) -> tuple[Box, Point]:
    def free(box: Box) -> bool:
        return not any(box.overlaps(o, LABEL_GAP) for o in obstacles) and not any(
            box.overlaps(o, LABEL_GAP) for o in placed
        )

    best: tuple[float, Box, Point] | None = None
    for ring in _OUTWARD:
        for t in _ALONG:
            anchor = _bezier(route.curve, t)
            box = _candidate(route, anchor, _tangent(route.curve, t), ring)
            if not free(box):
                continue
            score = _soft_cost(box, index, samples, tips) + 2.5 * abs(t - 0.5) + 1.2 * abs(ring)
            if best is None or score < best[0] - 1e-9:
                best = (score, box, anchor)
        if best is not None and best[0] <= 1.0 + 1.2 * abs(ring):
            break
    if best is not None:
        return best[1], best[2]
    anchor = _bezier(route.curve, 0.5)
    return _spiral(anchor, route.label_w, route.label_h, free), anchor


def _candidate(route: _Route, anchor: Point, tangent: Point, ring: float) -> Box:
    """The label rectangle centred on the curve, or pushed ``ring`` steps off it along the normal."""
    w, h = route.label_w, route.label_h
    if route.outward != Point(0.0, 0.0):  # a self-loop: the label sits beyond the loop, then slides sideways
        centre = Point(anchor.x + ring * (w / 2 + 6), anchor.y + route.outward.y * (h / 2 + 2))
        return Box(centre.x - w / 2, centre.y - h / 2, w, h)
    normal = Point(-tangent.y, tangent.x)
    shift = ring * ((abs(normal.x) * w + abs(normal.y) * h) / 2 + 3)
    return Box(anchor.x + normal.x * shift - w / 2, anchor.y + normal.y * shift - h / 2, w, h)


def _soft_cost(box: Box, index: int, samples: list[tuple[Point, ...]], tips: list[Point]) -> float:
    """How much a label would hide: other edges it crosses, and arrow tips it covers (heavily)."""
    cost = 0.0
    for other, points in enumerate(samples):
        if other == index:
            continue
        if box.inflated(12).contains(tips[other]):
            cost += 6.0
        if any(_segment_hits_box(a, b, box) for a, b in pairwise(points)):
            cost += 1.0
    return cost


def _spiral(anchor: Point, w: float, h: float, free: Callable[[Box], bool]) -> Box:
    """The nearest free place on a spiral around ``anchor`` (always ends: obstacles are finite)."""
    radius = 12.0
    while True:
        for k in range(24):
            angle = 2 * math.pi * k / 24
            box = Box(anchor.x + radius * math.cos(angle) - w / 2, anchor.y + radius * math.sin(angle) - h / 2, w, h)
            if free(box):
                return box
        radius += 12.0


# ---- final frame ---------------------------------------------------------------------------------------------
def _normalise(nodes: list[NodeLayout], edges: list[EdgeLayout]) -> NetworkLayout:
    """Shift everything so the drawing starts at :data:`MARGIN`, and measure it."""
    boxes = [n.box for n in nodes] + [e.label_box for e in edges]
    points = [p for e in edges for p in e.polyline(16)]
    xs = [b.x for b in boxes] + [p.x for p in points]
    ys = [b.y for b in boxes] + [p.y for p in points]
    right = max([b.right for b in boxes] + [p.x for p in points])
    bottom = max([b.bottom for b in boxes] + [p.y for p in points])
    dx, dy = MARGIN - min(xs), MARGIN - min(ys)
    moved_nodes = tuple(_shift_node(n, dx, dy) for n in nodes)
    moved_edges = tuple(_shift_edge(e, dx, dy) for e in edges)
    return NetworkLayout(moved_nodes, moved_edges, math.ceil(right + dx + MARGIN), math.ceil(bottom + dy + MARGIN))


def _shift_node(node: NodeLayout, dx: float, dy: float) -> NodeLayout:
    return replace(node, x=node.x + dx, y=node.y + dy)


def _shift_edge(edge: EdgeLayout, dx: float, dy: float) -> EdgeLayout:
    p0, c1, c2, p3 = (Point(p.x + dx, p.y + dy) for p in edge.points)
    anchor = Point(edge.label_anchor.x + dx, edge.label_anchor.y + dy)
    return replace(edge, points=(p0, c1, c2, p3), label_box=edge.label_box.moved(dx, dy), label_anchor=anchor)
