"""Pictures of a discovered journey (:class:`~journeymap.evidence.discovery.Discovery`) as SVG.

* :func:`render_flow_svg`: the directly-follows graph. The activities of the main path are boxes in one row, left
  to right; every other activity sits above or below, between the main-path activities it is most connected to
  (rows above first, then below, nearest free slot first). Flows are arrows whose width grows with their count
  (:func:`flow_width`), labelled with the count and the median time between the two activities; the main path is
  blue and other flows grey (the width and the labels say the same, so colour is never the only cue). Flows
  between neighbours of the main row are straight; forward jumps arc above a row, backward flows (rework loops)
  arc below it, flows between rows bend from one to the other. Labels are placed along their arrow where they
  overlap no box and no other label. Flows taken fewer than :func:`flow_threshold` times are left out, and the
  picture says how many.
* :func:`render_funnel_svg`: the funnel of the main path: one horizontal bar per step (cases reaching it, with the
  share of the first step), the drop-off from the previous step, the share of cases that stop there and the
  median time after the previous step.

Both are deterministic (same discovery, same bytes) and accessible (``role="img"``, a title and a description);
every piece of text from the log goes through the escaping writer of :mod:`.svg`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..evidence.discovery import Discovery, Flow, FunnelStep, format_duration
from .geometry import Box, Point
from .svg import element, esc, num, svg_document, text_block
from .text import text_width, wrap
from .theme import SVG_CSS

__all__ = [
    "DEFAULT_MIN_SHARE",
    "MAX_ACTIVITIES",
    "MAX_FLOWS",
    "flow_threshold",
    "flow_width",
    "render_flow_svg",
    "render_funnel_svg",
]

DEFAULT_MIN_SHARE = 0.01
"""Flows taken by fewer than this share of the cases are left out of the flow picture (main-path flows stay)."""
MAX_ACTIVITIES = 40
"""At most this many activities are drawn (the main path and then those most cases reach)."""
MAX_FLOWS = 36
"""At most this many flows are drawn, unless more are needed to show the main path and each activity's strongest
flow in and out."""

MARGIN = 32.0
BOX_W, BOX_H = 168.0, 70.0
PITCH = 272.0  # from one main-path box to the next
CHANNEL = 150.0  # space between rows, where arcs and labels go
NAME_SIZE, NAME_LINE = 12.5, 15.0
STAT_SIZE = 10.5
LABEL_SIZE, LABEL_LINE = 10.5, 12.5
TITLE_SIZE, SUB_SIZE = 20.0, 12.5

BLUE, GREY, RED, INK, MUTED = "#1d4e89", "#7b8794", "#b42318", "#1f2933", "#52606d"

DISCOVERY_CSS = """
.jm-node-main { fill: #1d4e89; stroke: #0f2a4a; stroke-width: 1; }
.jm-node-other { fill: #f4f6f9; stroke: #9aa5b1; stroke-width: 1; }
.jm-on-dark { fill: #ffffff; }
.jm-on-dark-muted { fill: #d9e6f5; }
.jm-flow { fill: none; stroke-linecap: round; }
.jm-flow-plate { fill: #ffffff; fill-opacity: 0.95; stroke-width: 0.8; }
.jm-track { fill: #eef1f5; }
.jm-bar { fill: #1d4e89; }
.jm-drop { fill: #b42318; }
.jm-gain { fill: #2f855a; }
.jm-rule { stroke: #cbd2d9; stroke-width: 1; }
"""


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
        nodes[name] = _Node(name, a.cases, a.starts, a.ends, True, float(index), 0)
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
        nodes[name] = _Node(name, a.cases, a.starts, a.ends, False, col, row)
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


# ---- flow drawing ------------------------------------------------------------------------------------------------
def _pt(p: Point, dx: float, dy: float) -> str:
    return f"{num(p.x + dx)},{num(p.y + dy)}"


def _node_markup(node: _Node, dx: float, dy: float) -> str:
    r = node.rect
    x, y = r.x + dx, r.y + dy
    css = "jm-node-main" if node.main else "jm-node-other"
    rect = element("rect", {"x": num(x), "y": num(y), "width": num(r.w), "height": num(r.h), "rx": 8, "class": css})
    name = _fit(node.name, r.w - 16, NAME_SIZE, bold=True, lines=2)
    stats = [f"{node.cases:,} cases"]
    roles = []
    if node.starts:
        roles.append(f"starts {_pct(node.starts / node.cases)}")
    if node.ends:
        roles.append(f"ends {_pct(node.ends / node.cases)}")
    if roles:
        stats.append(" · ".join(roles))
    stats = [line for s in stats for line in _fit(s, r.w - 16, STAT_SIZE, lines=1)]
    height = len(name) * NAME_LINE + len(stats) * 13.0
    top = y + (r.h - height) / 2 + NAME_SIZE * 0.85
    cx = x + r.w / 2
    light = "jm-on-dark" if node.main else ""
    parts = [
        element("title", None, f"{esc(node.name)}: {node.cases:,} cases"),
        rect,
        text_block(name, cx, top, size=NAME_SIZE, line_height=NAME_LINE, bold=True, anchor="middle", css_class=light),
        text_block(
            stats,
            cx,
            top + len(name) * NAME_LINE + 1,
            size=STAT_SIZE,
            line_height=13,
            anchor="middle",
            css_class="jm-on-dark-muted" if node.main else "jm-muted",
        ),
    ]
    return element("g", {"class": "jm-activity"}, parts)


def _edge_markup(edge: _Edge, dx: float, dy: float) -> str:
    colour = BLUE if edge.main else GREY
    start = edge.segments[0][0]
    if edge.straight:
        d = f"M{_pt(start, dx, dy)} L{_pt(edge.segments[-1][3], dx, dy)}"
    else:
        curves = " ".join(f"C{_pt(c1, dx, dy)} {_pt(c2, dx, dy)} {_pt(p3, dx, dy)}" for _, c1, c2, p3 in edge.segments)
        d = f"M{_pt(start, dx, dy)} {curves}"
    path = element(
        "path",
        {"d": d, "class": "jm-flow", "stroke": colour, "stroke-width": num(edge.width), "stroke-opacity": 0.9},
    )
    tip, left, right = edge.arrow
    head = element("path", {"d": f"M{_pt(tip, dx, dy)} L{_pt(left, dx, dy)} L{_pt(right, dx, dy)} Z", "fill": colour})
    title = element(
        "title",
        None,
        esc(
            f"{edge.flow.source} → {edge.flow.target}: {edge.flow.count:,} times, "
            f"median {format_duration(edge.flow.median_seconds)}"
        ),
    )
    return element("g", {"class": "jm-flow-group"}, [title, path, head])


def _edge_label_markup(edge: _Edge, dx: float, dy: float) -> str:
    if edge.label is None:
        return ""
    r = edge.label
    colour = BLUE if edge.main else GREY
    plate = element(
        "rect",
        {
            "x": num(r.x + dx),
            "y": num(r.y + dy),
            "width": num(r.w),
            "height": num(r.h),
            "rx": 4,
            "class": "jm-flow-plate",
            "stroke": colour,
        },
    )
    count, median = _label_lines(edge.flow)
    cx = r.x + dx + r.w / 2
    first = r.y + dy + 3.5 + LABEL_SIZE
    parts = [
        plate,
        text_block([count], cx, first, size=LABEL_SIZE, line_height=LABEL_LINE, bold=True, anchor="middle"),
        text_block(
            [median], cx, first + LABEL_LINE, size=LABEL_SIZE - 0.5, line_height=LABEL_LINE, anchor="middle",
            css_class="jm-muted",
        ),
    ]  # fmt: skip
    return element("g", {"class": "jm-flow-label"}, parts)


def _bounds(layout: _FlowLayout) -> Box:
    xs: list[float] = []
    ys: list[float] = []
    for node in layout.nodes:
        xs += [node.rect.x, node.rect.right]
        ys += [node.rect.y, node.rect.bottom]
    for edge in layout.edges:
        for segment in edge.segments:
            for t in (0.0, 0.25, 0.5, 0.75, 1.0):
                p = _bezier(segment, t)
                xs.append(p.x)
                ys.append(p.y)
        if edge.label is not None:
            xs += [edge.label.x, edge.label.right]
            ys += [edge.label.y, edge.label.bottom]
    if not xs:
        return Box(0, 0, 0, 0)
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def render_flow_svg(
    discovery: Discovery,
    *,
    title: str | None = None,
    min_share: float = DEFAULT_MIN_SHARE,
    max_flows: int = MAX_FLOWS,
) -> str:
    """The directly-follows graph of ``discovery`` as a standalone, accessible SVG (see the module docstring)."""
    layout = _layout_flow(discovery, min_share, max_flows)
    bounds = _bounds(layout)
    heading = title or f"Journey flows — {discovery.source or 'event log'}"
    summary = _summary(discovery)
    legend_lines = _flow_notes(discovery, layout)
    width = max(bounds.w + 2 * MARGIN, 760.0)
    header_lines = wrap(heading, width - 2 * MARGIN, TITLE_SIZE, bold=True)
    sub_lines = wrap(summary, width - 2 * MARGIN, SUB_SIZE)
    header_h = MARGIN + len(header_lines) * 26 + len(sub_lines) * 17 + 24
    dx = MARGIN - bounds.x + (width - 2 * MARGIN - bounds.w) / 2
    dy = header_h + 8 - bounds.y
    graph_bottom = header_h + 8 + bounds.h
    legend_y = graph_bottom + 28
    legend, legend_h = _flow_legend(legend_lines, MARGIN, legend_y, width - 2 * MARGIN)
    height = legend_y + legend_h + MARGIN
    body = [
        element("rect", {"x": 0, "y": 0, "width": num(width), "height": num(height), "fill": "#ffffff"}),
        _header(header_lines, sub_lines, width),
        element("g", {"class": "jm-flows"}, [_edge_markup(e, dx, dy) for e in sorted(layout.edges, key=_draw_order)]),
        element("g", {"class": "jm-activities"}, [_node_markup(n, dx, dy) for n in layout.nodes]),
        element("g", {"class": "jm-flow-labels"}, [_edge_label_markup(e, dx, dy) for e in layout.edges]),
        legend,
    ]
    description = (
        f"Directly-follows graph of {summary}. Main path: {' → '.join(discovery.main_path) or 'none'}. "
        + " ".join(legend_lines)
    )
    return svg_document(width, height, heading, description, body, SVG_CSS + DISCOVERY_CSS)


def _draw_order(edge: _Edge) -> tuple[bool, int, str, str]:
    return (edge.main, -edge.flow.count, edge.flow.source, edge.flow.target)


def _summary(discovery: Discovery) -> str:
    parts = [
        f"{discovery.cases:,} cases",
        f"{discovery.events:,} events",
        f"{discovery.activity_count:,} activities",
        f"{discovery.variant_count:,} variants",
    ]
    if discovery.first_time and discovery.last_time:
        parts.append(f"{discovery.first_time:%d %b %Y} – {discovery.last_time:%d %b %Y}")
    if discovery.median_case_seconds is not None:
        parts.append(f"median case {format_duration(discovery.median_case_seconds)}")
    return " · ".join(parts)


def _flow_notes(discovery: Discovery, layout: _FlowLayout) -> list[str]:
    notes = [
        "Boxes: activities, with the cases that reach them and the share of those cases that start or end there.",
        "Arrows: one activity directly followed by another, as wide as it is frequent, labelled with the count "
        "and the median time between the two.",
    ]
    if layout.hidden_flows:
        notes.append(f"{layout.hidden_flows:,} rarer flows (fewer than {layout.threshold:,} times) are not drawn.")
    if layout.hidden_activities:
        notes.append(f"{layout.hidden_activities:,} activities reached by the fewest cases are not drawn.")
    return notes


def _header(title_lines: list[str], sub_lines: list[str], width: float) -> str:
    y = MARGIN + TITLE_SIZE
    parts = [text_block(title_lines, MARGIN, y, size=TITLE_SIZE, line_height=26, css_class="jm-title")]
    y += (len(title_lines) - 1) * 26 + 22
    parts.append(text_block(sub_lines, MARGIN, y, size=SUB_SIZE, line_height=17, css_class="jm-muted"))
    rule_y = y + (len(sub_lines) - 1) * 17 + 14
    ends = {"x1": num(MARGIN), "y1": num(rule_y), "x2": num(width - MARGIN), "y2": num(rule_y)}
    parts.append(element("line", {**ends, "class": "jm-rule"}))
    return element("g", {"class": "jm-header"}, parts)


def _flow_legend(notes: list[str], x: float, y: float, width: float) -> tuple[str, float]:
    sample = 46.0
    parts: list[str] = []
    cy = y + 8
    for colour, label, stroke in ((BLUE, "main path", 6.0), (GREY, "other flows", 3.0)):
        parts.append(
            element(
                "line",
                {
                    "x1": num(x),
                    "y1": num(cy),
                    "x2": num(x + sample),
                    "y2": num(cy),
                    "stroke": colour,
                    "stroke-width": num(stroke),
                    "stroke-linecap": "round",
                },
            )
        )
        parts.append(text_block([label], x + sample + 10, cy + 4, size=11.5, line_height=15))
        x += sample + 10 + text_width(label, 11.5) + 28
    lines = [line for note in notes for line in wrap(note, width, 11.5)]
    parts.append(text_block(lines, MARGIN, cy + 28, size=11.5, line_height=15, css_class="jm-muted"))
    return element("g", {"class": "jm-legend"}, parts), 28 + len(lines) * 15


# ---- text helpers ------------------------------------------------------------------------------------------------
def _fit(text: str, width: float, size: float, *, bold: bool = False, lines: int = 2) -> list[str]:
    """``text`` wrapped to ``width``, at most ``lines`` lines; the last one ends with … when text was cut."""
    wrapped = wrap(text, width, size, bold)
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    last = kept[-1]
    while last and text_width(last + "…", size, bold) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"


# ---- funnel ------------------------------------------------------------------------------------------------------
FUNNEL_LABEL_W = 230.0
FUNNEL_BAR_W = 520.0
FUNNEL_DROP_W = 170.0
FUNNEL_TIME_W = 150.0
FUNNEL_ROW = 50.0
FUNNEL_BAR_H = 28.0


def render_funnel_svg(discovery: Discovery, *, title: str | None = None) -> str:
    """The funnel of the main path of ``discovery`` as a standalone, accessible SVG (see the module docstring)."""
    heading = title or f"Journey funnel — {discovery.source or 'event log'}"
    width = 2 * MARGIN + FUNNEL_LABEL_W + FUNNEL_BAR_W + FUNNEL_DROP_W + FUNNEL_TIME_W + 36
    first = discovery.funnel[0].cases if discovery.funnel else 0
    summary = (
        f"Cases reaching each step of the main path, as a share of the {first:,} that reach the first step "
        f"({discovery.cases:,} cases in the log)"
    )
    title_lines = wrap(heading, width - 2 * MARGIN, TITLE_SIZE, bold=True)
    sub_lines = wrap(summary, width - 2 * MARGIN, SUB_SIZE)
    header_h = MARGIN + len(title_lines) * 26 + len(sub_lines) * 17 + 24
    bar_x = MARGIN + FUNNEL_LABEL_W + 12
    drop_x = bar_x + FUNNEL_BAR_W + 24
    time_x = drop_x + FUNNEL_DROP_W
    columns_y = header_h + 14
    heads = ((MARGIN, "Step"), (bar_x, "Cases reaching the step"), (drop_x, "Lost since the previous step"),
             (time_x, "Median time after the previous step"))  # fmt: skip
    widths = {MARGIN: FUNNEL_LABEL_W, bar_x: FUNNEL_BAR_W, drop_x: FUNNEL_DROP_W - 12, time_x: FUNNEL_TIME_W}
    parts = [
        text_block(wrap(text, widths[x], 11, bold=True), x, columns_y, size=11, line_height=14, bold=True,
                   css_class="jm-muted")
        for x, text in heads
    ]  # fmt: skip
    columns_y += 14
    y = columns_y + 14
    rows: list[str] = []
    for index, step in enumerate(discovery.funnel):
        rows.append(_funnel_row(step, index, y, bar_x, drop_x, time_x))
        y += FUNNEL_ROW
    if not discovery.funnel:
        rows.append(text_block(["No events: nothing to show."], MARGIN, y + 20, size=12, line_height=15))
        y += FUNNEL_ROW
    note = (
        "Drop-off = cases reaching the previous step − cases reaching this one (a negative value means cases reach "
        "this step without the previous one). 'Stop here' = cases whose last event is this step."
    )
    note_lines = wrap(note, width - 2 * MARGIN, 11.5)
    parts.append(element("g", {"class": "jm-funnel"}, rows))
    parts.append(text_block(note_lines, MARGIN, y + 22, size=11.5, line_height=15, css_class="jm-muted"))
    height = y + 22 + len(note_lines) * 15 + MARGIN
    body = [
        element("rect", {"x": 0, "y": 0, "width": num(width), "height": num(height), "fill": "#ffffff"}),
        _header(title_lines, sub_lines, width),
        *parts,
    ]
    description = summary + ": " + "; ".join(f"{s.activity} {s.cases:,} ({_pct(s.share)})" for s in discovery.funnel)
    return svg_document(width, height, heading, description, body, SVG_CSS + DISCOVERY_CSS)


def _funnel_row(step: FunnelStep, index: int, y: float, bar_x: float, drop_x: float, time_x: float) -> str:
    bar_y = y + (FUNNEL_ROW - FUNNEL_BAR_H) / 2
    number = f"{index + 1}"
    name = _fit(step.activity, FUNNEL_LABEL_W - 26, 12.5, bold=True, lines=2)
    name_y = y + FUNNEL_ROW / 2 - (len(name) - 1) * 7.5 + 4.5
    share = max(0.0, min(step.share, 1.0))
    bar_w = max(2.0, FUNNEL_BAR_W * share)
    text = f"{step.cases:,} · {_pct(step.share)}"
    text_w = text_width(text, 12, bold=True)
    inside = bar_w >= text_w + 16
    label_x = bar_x + bar_w - 8 if inside else bar_x + bar_w + 8
    parts = [
        text_block([number], MARGIN + 14, name_y, size=12.5, line_height=15, anchor="end", css_class="jm-muted"),
        text_block(name, MARGIN + 26, name_y, size=12.5, line_height=15, bold=True),
        element("rect", {"x": num(bar_x), "y": num(bar_y), "width": num(FUNNEL_BAR_W), "height": num(FUNNEL_BAR_H),
                         "rx": 3, "class": "jm-track"}),
        element("rect", {"x": num(bar_x), "y": num(bar_y), "width": num(bar_w), "height": num(FUNNEL_BAR_H),
                         "rx": 3, "class": "jm-bar"}),
        text_block([text], label_x, bar_y + FUNNEL_BAR_H / 2 + 4.5, size=12, line_height=15, bold=True,
                   anchor="end" if inside else "start", css_class="jm-on-dark" if inside else ""),
    ]  # fmt: skip
    if index == 0:
        drop = ["—"]
        drop_class = "jm-muted"
    elif step.drop_off >= 0:
        previous = step.cases + step.drop_off
        drop = [f"−{step.drop_off:,} ({_pct(step.drop_off / previous if previous else 0.0)})"]
        drop_class = "jm-drop" if step.drop_off else "jm-muted"
    else:
        drop = [f"+{-step.drop_off:,} (reached by another way)"]
        drop_class = "jm-gain"
    parts.append(text_block(drop, drop_x, y + FUNNEL_ROW / 2 - 1, size=12, line_height=15, bold=True,
                            css_class=drop_class))  # fmt: skip
    stop = f"{_pct(step.stop_share)} stop here"
    parts.append(text_block([stop], drop_x, y + FUNNEL_ROW / 2 + 13, size=10.5, line_height=13, css_class="jm-muted"))
    median = format_duration(step.median_seconds_from_previous) if index else "—"
    parts.append(text_block([median], time_x, y + FUNNEL_ROW / 2 + 4.5, size=12, line_height=15))
    return element("g", {"class": "jm-funnel-step"}, parts)
