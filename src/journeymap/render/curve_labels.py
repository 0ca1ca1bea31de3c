"""Where the labels of a curve's points go: next to their point, over nothing else.

A pure function every format that draws an emotion curve can call (SVG, and so PNG and PDF; Visio; a deck):
``place_labels(points, sizes, segments, bounds)`` tries places around each point — above, below, the four
diagonals, right, left; then the same a little farther out, joined to the point by a leader line — and takes
the first whose box meets no segment of the curve (nor an interval's whisker), no polygon (an interval band),
no point, no label already placed, and stays inside ``bounds``. Points with the least room are served first.
When no place is free, the one with the fewest collisions is taken and marked ``clear=False``: a caller that must
not draw over anything (the emotion lane of a map) leaves such a label out.

Several curves (one a persona) are placed together: ``groups`` says which curve each point is on, so a point's
preferred side follows its own curve's shape, and every label keeps clear of every curve.

All coordinates are in one system with y downwards (SVG's); sizes are (width, height) of each label's box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .curves import _segment_hits_box
from .geometry import Box, Point

__all__ = ["PlacedLabel", "Segment", "box_hits_polygon", "place_labels"]

Segment = tuple[Point, Point]

RING = 12.0
"""How much farther out each ring of fall-back places lies."""
RINGS = 5
LEADER_FROM = 2
"""From this ring on, a label stands off and a leader line joins it to its point."""

# (dx, dy) unit directions of the places around a point
_ABOVE, _BELOW, _RIGHT, _LEFT = (0.0, -1.0), (0.0, 1.0), (1.0, 0.0), (-1.0, 0.0)
_UP_RIGHT, _UP_LEFT, _DOWN_RIGHT, _DOWN_LEFT = (1.0, -1.0), (-1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """A label's box; ``leader`` joins its point to the box when the label stands off; ``clear`` is False when no
    free place was found."""

    box: Box
    leader: Segment | None = None
    clear: bool = True


def place_labels(
    points: Sequence[Point],
    sizes: Sequence[tuple[float, float]],
    segments: Sequence[Segment],
    bounds: Box,
    *,
    areas: Sequence[Sequence[Point]] = (),
    obstacles: Sequence[Box] = (),
    marks: Sequence[Box] | None = None,
    radius: float = 6.0,
    gap: float = 3.0,
    groups: Sequence[int] | None = None,
) -> list[PlacedLabel]:
    """The place of each point's label (see the module's docstring); one result per point, in order.

    ``marks`` are the boxes each point's mark takes (its dot and interval whisker; by default a dot of
    ``radius``): labels sit around them and never over any of them. ``areas`` are polygons (interval bands) and
    ``obstacles`` other boxes to keep clear of; ``groups`` the curve of each point (all on one by default), its
    neighbours on the same curve being the points before and after it in ``points``."""
    if marks is None:
        marks = [Box(p.x - radius, p.y - radius, 2 * radius, 2 * radius) for p in points]
    scene = _Scene(list(segments), [list(a) for a in areas], [*obstacles, *marks], bounds, gap)
    curve = list(groups) if groups is not None else [0] * len(points)
    sides = [_preference(points, i, curve) for i in range(len(points))]
    order = sorted(
        range(len(points)), key=lambda i: (scene.room(_candidates(points, marks, i, sizes[i], 0, sides[i])), i)
    )
    placed: dict[int, PlacedLabel] = {}
    for index in order:
        labels = [p.box for p in placed.values()]
        placed[index] = _place_one(points, marks, index, sizes[index], scene, labels, sides[index])
    return [placed[i] for i in range(len(points))]


@dataclass
class _Scene:
    segments: list[Segment]
    areas: list[list[Point]]
    boxes: list[Box]
    bounds: Box
    gap: float

    def collisions(self, box: Box, labels: Sequence[Box]) -> int:
        probe = box.inflated(self.gap)
        count = 0 if box.inside(self.bounds) else 10
        count += sum(1 for a, b in self.segments if _segment_hits_box(a, b, probe))
        count += sum(1 for area in self.areas if box_hits_polygon(probe, area))
        count += sum(1 for other in self.boxes if probe.overlaps(other))
        count += sum(1 for other in labels if probe.overlaps(other))
        return count

    def room(self, candidates: list[Box]) -> int:
        return sum(1 for box in candidates if self.collisions(box, ()) == 0)


def _place_one(
    points: Sequence[Point],
    marks: Sequence[Box],
    index: int,
    size: tuple[float, float],
    scene: _Scene,
    labels: list[Box],
    sides: list[tuple[float, float]],
) -> PlacedLabel:
    mark = marks[index]
    best: tuple[int, Box, Segment | None] | None = None
    for ring in range(RINGS):
        for box in _candidates(points, marks, index, size, ring, sides):
            leader = _leader(mark, box) if ring >= LEADER_FROM else None
            hits = scene.collisions(box, labels)
            if leader is not None:  # a leader line crosses no other label nor mark
                hits += sum(1 for other in [*labels, *scene.boxes] if other != mark and _crosses(leader, other))
            if hits == 0:
                return PlacedLabel(box, leader)
            if best is None or hits < best[0]:
                best = (hits, box, leader)
    assert best is not None
    return PlacedLabel(best[1], best[2], clear=False)


def _candidates(
    points: Sequence[Point],
    marks: Sequence[Box],
    index: int,
    size: tuple[float, float],
    ring: int,
    sides: list[tuple[float, float]],
) -> list[Box]:
    """Boxes of ``size`` around the point's mark, ``ring`` rings out, in the order of ``sides``
    (:func:`_preference`)."""
    point, mark, (w, h) = points[index], marks[index], size
    d = 4.0 + ring * RING
    boxes = []
    for dx, dy in sides:
        x = point.x - w / 2 if dx == 0 else (mark.right + d if dx > 0 else mark.x - d - w)
        if dy == 0:
            y = point.y - h / 2
        elif dx == 0:
            y = mark.bottom + d if dy > 0 else mark.y - d - h
        else:  # a diagonal place hugs the mark's side, just above or below the point
            y = point.y + 2.0 + ring * RING / 2 if dy > 0 else point.y - 2.0 - ring * RING / 2 - h
        boxes.append(Box(x, y, w, h))
    return boxes


def _preference(points: Sequence[Point], index: int, groups: Sequence[int]) -> list[tuple[float, float]]:
    """The directions to try, best first, from the curve's shape at the point: above a peak, below a dip, on the
    open side of a slope (up-left of a rise, up-right of a fall)."""
    y = points[index].y
    same = groups[index]
    before = points[index - 1].y if index > 0 and groups[index - 1] == same else None
    after = points[index + 1].y if index + 1 < len(points) and groups[index + 1] == same else None
    # y grows downwards: a neighbour with a larger y is lower on the page
    lower_before = before is None or before >= y
    lower_after = after is None or after >= y
    if lower_before and lower_after:  # a peak (or a flat run): above first
        order = [_ABOVE, _UP_LEFT, _UP_RIGHT, _BELOW, _DOWN_LEFT, _DOWN_RIGHT, _RIGHT, _LEFT]
    elif not lower_before and not lower_after:  # a dip
        order = [_BELOW, _DOWN_LEFT, _DOWN_RIGHT, _ABOVE, _UP_LEFT, _UP_RIGHT, _RIGHT, _LEFT]
    elif lower_before:  # rising to the right: the line leaves up-right, so up-left and down-right are open
        order = [_UP_LEFT, _DOWN_RIGHT, _ABOVE, _BELOW, _LEFT, _RIGHT, _UP_RIGHT, _DOWN_LEFT]
    else:  # falling to the right
        order = [_UP_RIGHT, _DOWN_LEFT, _ABOVE, _BELOW, _RIGHT, _LEFT, _UP_LEFT, _DOWN_RIGHT]
    return order


def _leader(mark: Box, box: Box) -> Segment:
    """From the edge of the point's mark to the nearest point of the label's box."""
    centre = mark.centre
    near = Point(min(max(centre.x, box.x), box.right), min(max(centre.y, box.y), box.bottom))
    start = Point(min(max(near.x, mark.x), mark.right), min(max(near.y, mark.y), mark.bottom))
    return start, near


def _crosses(leader: Segment, box: Box) -> bool:
    return _segment_hits_box(leader[0], leader[1], box)


def box_hits_polygon(box: Box, polygon: Sequence[Point]) -> bool:
    """True when ``box`` and the (simple) polygon share any area or edge."""
    if len(polygon) < 3:
        return False
    edges = list(zip(polygon, [*polygon[1:], polygon[0]], strict=True))
    if any(_segment_hits_box(a, b, box) for a, b in edges):
        return True
    return _inside(box.centre, polygon) or any(box.contains(p) for p in polygon)


def _inside(point: Point, polygon: Sequence[Point]) -> bool:
    """Even-odd rule."""
    inside = False
    for a, b in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (a.y > point.y) != (b.y > point.y):
            x = a.x + (point.y - a.y) / (b.y - a.y) * (b.x - a.x)
            if x > point.x:
                inside = not inside
    return inside
