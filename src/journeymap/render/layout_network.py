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
from collections.abc import Sequence
from dataclasses import replace

from ..model import Actor, Map
from .geometry import Box, Point
from .network.labels import _place_labels
from .network.parts import LABEL_GAP, MARGIN, NODE_GAP, EdgeLayout, NetworkLayout, NodeLayout, actor_kind_label
from .network.placing import _centre_actors, _measure_actor, _node, _place_actors
from .network.rings import RingLayout, actor_tiers, ring_layouts
from .network.routing import _route_edges

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
    tiers = actor_tiers(actors, flows, centres)
    positions, shape = _place_actors(actors, flows, centres, sizes, tiers)
    nodes = {a.id: _node(a, sizes[a.id], positions[a.id], a.id in centres) for a in actors}
    edges = _route_edges(flows, nodes, [a.id for a in actors])
    placed = _place_labels(edges, list(nodes.values()))
    boxes = {i: n.box for i, n in nodes.items()}
    rings = ring_layouts(boxes, tiers, shape, [e.label_box for e in placed])
    return replace(_normalise([nodes[a.id] for a in actors], placed, rings), tiers=tuple(tiers.items()))


def _unique_actors(actors: Sequence[Actor]) -> list[Actor]:
    seen: set[str] = set()
    unique = []
    for actor in actors:
        if actor.id not in seen:
            seen.add(actor.id)
            unique.append(actor)
    return unique


# ---- final frame ---------------------------------------------------------------------------------------------
def _normalise(nodes: list[NodeLayout], edges: list[EdgeLayout], rings: tuple[RingLayout, ...]) -> NetworkLayout:
    """Shift everything so the drawing starts at :data:`MARGIN`, and measure it."""
    boxes = [n.box for n in nodes] + [e.label_box for e in edges]
    boxes += [Box(r.centre.x - r.rx, r.centre.y - r.ry, 2 * r.rx, 2 * r.ry) for r in rings]
    points = [p for e in edges for p in e.polyline(16)]
    xs = [b.x for b in boxes] + [p.x for p in points]
    ys = [b.y for b in boxes] + [p.y for p in points]
    right = max([b.right for b in boxes] + [p.x for p in points])
    bottom = max([b.bottom for b in boxes] + [p.y for p in points])
    dx, dy = MARGIN - min(xs), MARGIN - min(ys)
    moved_nodes = tuple(_shift_node(n, dx, dy) for n in nodes)
    moved_edges = tuple(_shift_edge(e, dx, dy) for e in edges)
    moved_rings = tuple(r.moved(dx, dy) for r in rings)
    size = (math.ceil(right + dx + MARGIN), math.ceil(bottom + dy + MARGIN))
    return NetworkLayout(moved_nodes, moved_edges, size[0], size[1], moved_rings)


def _shift_node(node: NodeLayout, dx: float, dy: float) -> NodeLayout:
    return replace(node, x=node.x + dx, y=node.y + dy)


def _shift_edge(edge: EdgeLayout, dx: float, dy: float) -> EdgeLayout:
    p0, c1, c2, p3 = (Point(p.x + dx, p.y + dy) for p in edge.points)
    anchor = Point(edge.label_anchor.x + dx, edge.label_anchor.y + dy)
    return replace(edge, points=(p0, c1, c2, p3), label_box=edge.label_box.moved(dx, dy), label_anchor=anchor)
