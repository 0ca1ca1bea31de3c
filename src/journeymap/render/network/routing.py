"""Routing the value flows of an ecosystem map: curves clipped to the boxes, bundles fanned out, flows bent
around boxes, loops for an actor's flows to itself (see :mod:`journeymap.render.layout_network`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ...model import ValueFlow
from ..curves import Cubic, _bezier, _exit_parameter, _lerp, _segment, _segment_hits_box
from ..geometry import Box, Point
from ..text import wrap
from .parts import BUNDLE_SPREAD, LABEL_SIZE, LABEL_WRAP, LOOP_HEIGHT, NodeLayout, _label_size


@dataclass(frozen=True)
class _Route:
    flow: ValueFlow
    curve: Cubic
    curved: bool
    label_lines: tuple[str, ...]
    label_w: float
    label_h: float
    outward: Point  # for self-loops: which way the loop points


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
