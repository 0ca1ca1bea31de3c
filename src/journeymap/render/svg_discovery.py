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

With step names (``--names``) boxes, bars, tooltips and descriptions show the steps' names; a tooltip (and the
funnel, under the name) keeps the activity code.

Both are deterministic (same discovery, same bytes) and accessible (``role="img"``, a title and a description);
every piece of text from the log goes through the escaping writer of :mod:`.svg`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..evidence.discovery import Discovery, format_duration
from .discovery.funnel import render_funnel_svg
from .discovery.layout import _bezier, _Edge, _FlowLayout, _label_lines, _layout_flow, _Node, flow_threshold, flow_width
from .discovery.style import (
    BLUE,
    DEFAULT_MIN_SHARE,
    DISCOVERY_CSS,
    GREY,
    LABEL_LINE,
    LABEL_SIZE,
    MARGIN,
    MAX_ACTIVITIES,
    MAX_FLOWS,
    NAME_LINE,
    NAME_SIZE,
    STAT_SIZE,
    SUB_SIZE,
    TITLE_SIZE,
    _fit,
    _header,
    _pct,
)
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


# ---- flow drawing ------------------------------------------------------------------------------------------------
def _pt(p: Point, dx: float, dy: float) -> str:
    return f"{num(p.x + dx)},{num(p.y + dy)}"


def _node_markup(node: _Node, dx: float, dy: float) -> str:
    r = node.rect
    x, y = r.x + dx, r.y + dy
    css = "jm-node-main" if node.main else "jm-node-other"
    rect = element("rect", {"x": num(x), "y": num(y), "width": num(r.w), "height": num(r.h), "rx": 8, "class": css})
    label = node.label or node.name
    name = _fit(label, r.w - 16, NAME_SIZE, bold=True, lines=2)
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
        element("title", None, esc(f"{_coded(label, node.name)}: {node.cases:,} cases")),
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


def _coded(label: str, activity: str) -> str:
    """A step's name with its activity code in brackets when they differ."""
    return activity if label == activity else f"{label} ({activity})"


def _edge_markup(edge: _Edge, dx: float, dy: float, names: Mapping[str, str]) -> str:
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
            f"{names.get(edge.flow.source, edge.flow.source)} → {names.get(edge.flow.target, edge.flow.target)}: "
            f"{edge.flow.count:,} times, "
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
    flows = [_edge_markup(e, dx, dy, discovery.names) for e in sorted(layout.edges, key=_draw_order)]
    body = [
        element("rect", {"x": 0, "y": 0, "width": num(width), "height": num(height), "fill": "#ffffff"}),
        _header(header_lines, sub_lines, width),
        element("g", {"class": "jm-flows"}, flows),
        element("g", {"class": "jm-activities"}, [_node_markup(n, dx, dy) for n in layout.nodes]),
        element("g", {"class": "jm-flow-labels"}, [_edge_label_markup(e, dx, dy) for e in layout.edges]),
        legend,
    ]
    description = (
        f"Directly-follows graph of {summary}. "
        f"Main path: {' → '.join(discovery.step_name(a) for a in discovery.main_path) or 'none'}. "
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
