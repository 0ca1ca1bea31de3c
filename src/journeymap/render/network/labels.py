"""Placing the labels of the value flows of an ecosystem map on or near their curves, clear of every box and
label (see :mod:`journeymap.render.layout_network`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

from ..curves import Cubic, _bezier, _segment_hits_box, _tangent
from ..geometry import Box, Point
from .parts import LABEL_GAP, LABEL_LINE, LABEL_SIZE, EdgeLayout, NodeLayout
from .routing import _Route

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
