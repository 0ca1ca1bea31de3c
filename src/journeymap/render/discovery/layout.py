"""The layout of the flow picture of a discovered journey: which activities and flows are shown, the main path
in one row and the others above and below it, flows routed as arcs, labels placed clear of boxes and labels
(see :mod:`journeymap.render.svg_discovery`)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...evidence.discovery import Discovery, Flow, format_duration
from ..geometry import Box, Point
from ..text import text_width
from .style import BOX_H, BOX_W, CHANNEL, DEFAULT_MIN_SHARE, LABEL_LINE, LABEL_SIZE, MAX_ACTIVITIES, PITCH

# ---- geometry ----------------------------------------------------------------------------------------------------
Segment = tuple[Point, Point, Point, Point]


def _bezier(segment: Segment, t: float) -> Point:
    p0, p1, p2, p3 = segment
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return Point(a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y)


def _along(segments: Sequence[Segment], t: float) -> Point:
    """The point at ``t`` (0–1) of a path of cubic segments, each segment an equal share of ``t``."""
    scaled = min(max(t, 0.0), 1.0) * len(segments)
    index = min(int(scaled), len(segments) - 1)
    return _bezier(segments[index], scaled - index)


def flow_threshold(discovery: Discovery, min_share: float = DEFAULT_MIN_SHARE) -> int:
    """The smallest count of a flow that is drawn: ``min_share`` of the cases, at least 1."""
    return max(1, math.ceil(min_share * discovery.cases))


def flow_width(count: int, largest: int) -> float:
    """Stroke width of a flow: 1.5 px for the rarest up to 11 px for the largest (by the square root of the
    count, so mid-sized flows stay visible)."""
    if largest <= 0:
        return 1.5
    return 1.5 + 9.5 * math.sqrt(count / largest)


# ---- flow layout --------------------------------------------------------------------------------------------
@dataclass
class _Node:
    name: str
    cases: int
    starts: int
    ends: int
    main: bool
    col: float
    row: int
    rect: Box = field(default_factory=lambda: Box(0, 0, 0, 0))
    label: str = ""
    """The step's name shown in the box (``name`` is the activity code, the node's key)."""


@dataclass
class _Edge:
    flow: Flow
    main: bool
    width: float
    segments: list[Segment] = field(default_factory=list)
    straight: bool = False
    arrow: tuple[Point, Point, Point] = (Point(0, 0),) * 3
    label: Box | None = None
    ports: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _FlowLayout:
    nodes: tuple[_Node, ...]
    edges: tuple[_Edge, ...]
    hidden_flows: int
    hidden_activities: int
    threshold: int


def _place_nodes(discovery: Discovery, shown: list[str], flows: list[Flow]) -> dict[str, _Node]:
    """Main path in row 0 at whole columns; every other activity at a half column of another row, as near as
    possible to the count-weighted mean column of the placed activities it exchanges flows with."""
    stats = {a.activity: a for a in discovery.activities}
    nodes: dict[str, _Node] = {}
    for index, name in enumerate(discovery.main_path):
        a = stats[name]
        nodes[name] = _Node(name, a.cases, a.starts, a.ends, True, float(index), 0, label=discovery.step_name(name))
    taken: set[tuple[int, float]] = set()
    last = max(len(discovery.main_path) - 1, 0)
    others = sorted((n for n in shown if n not in nodes), key=lambda n: (-stats[n].cases, n))
    for name in others:
        weights = [
            (nodes[other].col, f.count)
            for f in flows
            for other in ((f.target,) if f.source == name else (f.source,) if f.target == name else ())
            if other in nodes and other != name
        ]
        total = sum(w for _, w in weights)
        anchor = sum(c * w for c, w in weights) / total if total else float(last)
        row, col = _free_slot(taken, anchor, last)
        taken.add((row, col))
        a = stats[name]
        nodes[name] = _Node(name, a.cases, a.starts, a.ends, False, col, row, label=discovery.step_name(name))
    return nodes


def _free_slot(taken: set[tuple[int, float]], anchor: float, last: int) -> tuple[int, float]:
    """The free half-column slot nearest ``anchor``: a step further out costs as much as 1.5 columns sideways;
    ties go above the main row first, then left."""
    columns = [c + 0.5 for c in range(-1, last + 1)]
    free = [
        ((row - 1) * 1.5 + abs(col - anchor), row, 0 if signed < 0 else 1, col, signed)
        for row in range(1, 2 + len(taken) // len(columns) + 1)
        for signed in (-row, row)
        for col in columns
        if (signed, col) not in taken
    ]  # the outermost row tried always has a free slot
    _, _, _, col, signed = min(free)
    return signed, col


def _select_flows(discovery: Discovery, visible: set[str], threshold: int, budget: int) -> list[Flow]:
    """The flows drawn: the main path's, each activity's strongest flow in and out (so no box floats alone),
    then the most frequent others taken at least ``threshold`` times, up to ``budget`` flows in all."""
    main_pairs = set(zip(discovery.main_path, discovery.main_path[1:], strict=False))
    candidates = [f for f in discovery.directly_follows if f.source in visible and f.target in visible]
    keep = {(f.source, f.target) for f in candidates if (f.source, f.target) in main_pairs}
    for ends in ("source", "target"):
        strongest: dict[str, Flow] = {}
        for f in candidates:  # sorted by count, largest first
            if f.source != f.target:
                strongest.setdefault(getattr(f, ends), f)
        keep |= {(f.source, f.target) for f in strongest.values()}
    for f in candidates:
        if len(keep) >= budget:
            break
        if f.count >= threshold:
            keep.add((f.source, f.target))
    return [f for f in candidates if (f.source, f.target) in keep]


def _layout_flow(discovery: Discovery, min_share: float, max_flows: int) -> _FlowLayout:
    threshold = flow_threshold(discovery, min_share)
    main_pairs = set(zip(discovery.main_path, discovery.main_path[1:], strict=False))
    ranked = sorted(discovery.activities, key=lambda a: (a.activity not in discovery.main_path, -a.cases, a.activity))
    shown = [a.activity for a in ranked[: max(MAX_ACTIVITIES, len(discovery.main_path))]]
    flows = _select_flows(discovery, set(shown), threshold, max_flows)
    nodes = _place_nodes(discovery, shown, flows)
    rows = [n.row for n in nodes.values()] or [0]
    cols = [n.col for n in nodes.values()] or [0.0]
    min_row, min_col = min(rows), min(cols)
    for node in nodes.values():
        x = (node.col - min_col) * PITCH
        y = (node.row - min_row) * (BOX_H + CHANNEL)
        node.rect = Box(x, y, BOX_W, BOX_H)
    largest = max((f.count for f in flows), default=1)
    edges = [_Edge(f, (f.source, f.target) in main_pairs, flow_width(f.count, largest)) for f in flows]
    _route(edges, nodes)
    _place_labels(edges, [n.rect for n in nodes.values()])
    return _FlowLayout(
        tuple(nodes[n] for n in shown),
        tuple(edges),
        hidden_flows=len(discovery.directly_follows) - len(flows),
        hidden_activities=len(discovery.activities) - len(shown),
        threshold=threshold,
    )


def _sides(edge: _Edge, nodes: dict[str, _Node]) -> tuple[str, str]:
    a, b = nodes[edge.flow.source], nodes[edge.flow.target]
    if a is b:
        return "loop", "loop"
    if a.row == b.row:
        if b.col - a.col == 1 and not any(n.row == a.row and a.col < n.col < b.col for n in nodes.values()):
            return "right", "left"
        return ("top", "top") if b.col > a.col else ("bottom", "bottom")
    return ("bottom", "top") if b.row > a.row else ("top", "bottom")


def _route(edges: list[_Edge], nodes: dict[str, _Node]) -> None:
    """Attach each flow to a side of its boxes (spreading the flows that share a side by where their other end
    lies) and shape its curve."""
    ends: dict[tuple[str, str], list[tuple[float, float, int, str]]] = {}
    for index, edge in enumerate(edges):
        out_side, in_side = _sides(edge, nodes)
        edge.ports = {"out": out_side, "in": in_side}
        source, target = nodes[edge.flow.source], nodes[edge.flow.target]
        if out_side in ("top", "bottom"):
            ends.setdefault((source.name, out_side), []).append((target.rect.x, target.rect.y, index, "out"))
            ends.setdefault((target.name, in_side), []).append((source.rect.x, source.rect.y, index, "in"))
    offsets: dict[tuple[int, str], float] = {}
    for (name, _side), items in ends.items():
        items.sort(key=lambda item: (item[0], item[1], item[2], item[3]))
        rect = nodes[name].rect
        for position, (_, _, index, end) in enumerate(items):
            share = (position + 1) / (len(items) + 1)
            offsets[(index, end)] = rect.x + rect.w * (0.12 + 0.76 * share)
    boxes = list(nodes.values())
    for index, edge in enumerate(edges):
        source, target = nodes[edge.flow.source], nodes[edge.flow.target]
        out_x = offsets.get((index, "out"), source.rect.x + source.rect.w / 2)
        in_x = offsets.get((index, "in"), target.rect.x + target.rect.w / 2)
        _shape(edge, source, target, out_x, in_x, boxes)


def _shape(edge: _Edge, source: _Node, target: _Node, out_x: float, in_x: float, boxes: list[_Node]) -> None:
    a, b = source.rect, target.rect
    out_side, in_side = edge.ports["out"], edge.ports["in"]
    segments: list[Segment]
    if out_side == "loop":
        p0, p3 = Point(a.right - 30, a.y), Point(a.right, a.y + 18)
        segments = [(p0, Point(p0.x, a.y - 46), Point(a.right + 46, p3.y), p3)]
    elif out_side == "right":
        p0, p3 = Point(a.right, a.y + a.h / 2), Point(b.x, b.y + b.h / 2)
        segments = [(p0, p0, p3, p3)]
        edge.straight = True
    elif out_side == in_side:  # an arc above (top) or below (bottom) the row
        up = out_side == "top"
        p0, p3 = Point(out_x, a.y if up else a.bottom), Point(in_x, b.y if up else b.bottom)
        span = abs(p3.x - p0.x) / PITCH
        lift = min(CHANNEL * 0.6, 26 + 22 * span) * 4 / 3 * (-1 if up else 1)
        segments = [(p0, Point(p0.x, p0.y + lift), Point(p3.x, p3.y + lift), p3)]
    else:  # from one row to another, through the gaps of the rows in between
        down = out_side == "bottom"
        p0 = Point(out_x, a.bottom if down else a.y)
        p3 = Point(in_x, b.y if down else b.bottom)
        waypoints = [p0, *_gaps(source, target, p0, p3, boxes), p3]
        segments = []
        for start, end in itertools.pairwise(waypoints):
            middle = (start.y + end.y) / 2
            segments.append((start, Point(start.x, middle), Point(end.x, middle), end))
    edge.segments = _with_arrow(edge, segments)


def _gaps(source: _Node, target: _Node, p0: Point, p3: Point, boxes: list[_Node]) -> list[Point]:
    """Where a flow crosses each row between its two rows: the free x nearest its straight line."""
    step = 1 if target.row > source.row else -1
    points = []
    for row in range(source.row + step, target.row, step):
        in_row = [n.rect for n in boxes if n.row == row]
        y = next((r.y + r.h / 2 for r in in_row), None)
        if y is None:
            continue
        share = (y - p0.y) / (p3.y - p0.y) if p3.y != p0.y else 0.5
        ideal = p0.x + (p3.x - p0.x) * share
        free = [ideal] + [x for r in in_row for x in (r.x - PITCH * 0.19, r.right + PITCH * 0.19)]
        x = min(
            (x for x in free if not any(r.x - 14 <= x <= r.right + 14 for r in in_row)),
            key=lambda x: (abs(x - ideal), x),
        )
        points.append(Point(x, y))
    return points


def _with_arrow(edge: _Edge, segments: list[Segment]) -> list[Segment]:
    """Shorten the last segment by the arrowhead and record the head's triangle."""
    p0, c1, c2, p3 = segments[-1]
    head = 7.0 + 0.9 * edge.width
    before = c2 if (c2.x, c2.y) != (p3.x, p3.y) else p0
    length = math.hypot(p3.x - before.x, p3.y - before.y) or 1.0
    ux, uy = (p3.x - before.x) / length, (p3.y - before.y) / length
    base = Point(p3.x - ux * head, p3.y - uy * head)
    half = head * 0.55
    edge.arrow = (p3, Point(base.x - uy * half, base.y + ux * half), Point(base.x + uy * half, base.y - ux * half))
    if edge.straight:
        return [(p0, p0, base, base)]
    return [*segments[:-1], (p0, c1, c2, base)]


def _label_lines(flow: Flow) -> list[str]:
    return [f"{flow.count:,}", format_duration(flow.median_seconds)]


def _label_size(flow: Flow) -> tuple[float, float]:
    lines = _label_lines(flow)
    width = max(text_width(lines[0], LABEL_SIZE, bold=True), text_width(lines[1], LABEL_SIZE - 0.5)) + 12
    return width, LABEL_LINE * 2 + 7


_T_CANDIDATES = tuple(sorted((i / 20 for i in range(2, 19)), key=lambda t: (abs(t - 0.5), t)))


def _place_labels(edges: list[_Edge], boxes: list[Box]) -> None:
    """Each label on its arrow where it overlaps no box and no label placed before it (largest flows first);
    when the arrow has no such place, the free place nearest the arrow's middle."""
    placed: list[Box] = []

    def clash(rect: Box) -> bool:
        return any(rect.overlaps(b, 5) for b in boxes) or any(rect.overlaps(p, 3) for p in placed)

    for edge in sorted(edges, key=lambda e: (-e.flow.count, e.flow.source, e.flow.target)):
        w, h = _label_size(edge.flow)
        ts = (0.35, 0.5, 0.2) if edge.ports["out"] == "loop" else _T_CANDIDATES
        options = (
            Box(p.x - w / 2 + sx, p.y - h / 2 + sy, w, h)
            for sy, sx in _shifts(w, h)
            for p in (_along(edge.segments, t) for t in ts)
        )
        label = next((r for r in options if not clash(r)), None)
        if label is None:
            middle = _along(edge.segments, 0.5)
            around = (
                Box(middle.x - w / 2 + dx * k * (w * 0.5 + 4), middle.y - h / 2 + dy * k * (h + 4), w, h)
                for k in range(1, 16)
                for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0), (-1, -1), (1, -1), (-1, 1), (1, 1))
            )
            label = next((r for r in around if not clash(r)), Box(middle.x - w / 2, middle.y - h / 2, w, h))
        edge.label = label
        placed.append(label)


def _shifts(w: float, h: float) -> list[tuple[float, float]]:
    """Offsets tried around a point of the arrow: on it first, then further and further beside it."""
    shifts = [(0.0, 0.0)]
    for k in range(1, 5):
        shifts += [(-k * (h + 4), 0.0), (k * (h + 4), 0.0), (0.0, -k * (w * 0.6)), (0.0, k * (w * 0.6))]
    return shifts
