"""Straight segments and cubic Bézier curves: crossings, hits on boxes, points, tangents, splitting, and where a
curve leaves a box."""

from __future__ import annotations

import math

from .geometry import Box, Point


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
