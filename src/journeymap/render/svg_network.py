"""The ecosystem / customer value chain map as SVG, drawn from :func:`~.layout_network.layout_network`.

Top to bottom: a title block (title, map type and state, description), the network, and a legend of the
flow kinds. Actors are boxes filled by their kind (:data:`~.theme.ACTOR_FILL`) with the kind written under
the name, so colour is never the only cue; flows are arrows stroked by kind (:data:`~.theme.FLOW_STROKE`)
*and* dashed by kind (:data:`FLOW_DASH`), with their label on a white plate. Every piece of user text goes
through the escaping writer of :mod:`.svg`.
"""

from __future__ import annotations

from ..model import FlowKind, Map
from .layout_network import Box, EdgeLayout, NetworkLayout, NodeLayout, Point, layout_network
from .network.ring_drawing import RING_CSS, draw_rings, ring_legend
from .registry import RenderContext
from .svg import element, esc, num, svg_document, text_block
from .text import text_width
from .theme import ACTOR_FILL, FLOW_STROKE, SVG_CSS, is_dark
from .title_block import PAGE_MARGIN, TitleBlock, title_block

__all__ = ["FLOW_DASH", "TitleBlock", "render_ecosystem_svg", "title_block"]

FLOW_DASH: dict[FlowKind, str] = {
    FlowKind.MONEY: "",
    FlowKind.SERVICE: "9 4",
    FlowKind.GOODS: "14 4 3 4",
    FlowKind.INFORMATION: "3 3",
    FlowKind.TRUST: "1 4",
    FlowKind.OTHER: "7 3 1 3",
}
"""A dash pattern per flow kind, so kinds differ by line style as well as colour."""

MIN_WIDTH = 760.0
LEGEND_SIZE = 11.5
LEGEND_SAMPLE = 46.0

NETWORK_CSS = """
.jm-node { stroke-width: 1; }
.jm-node-primary { stroke-width: 2; }
.jm-flow-label { fill: #ffffff; fill-opacity: 0.96; stroke-width: 0.8; }
.jm-leader { fill: none; stroke-width: 0.8; stroke-dasharray: 2 2; }
.jm-rule { stroke: #cbd2d9; stroke-width: 1; }
.jm-on-dark { fill: #ffffff; }
.jm-kind { fill: #52606d; }
.jm-kind-on-dark { fill: #e4ecf5; }
"""


def render_ecosystem_svg(m: Map, context: RenderContext) -> str:
    """An ecosystem / customer value chain map as a standalone, accessible SVG document."""
    layout = layout_network(m)
    kinds = [k for k in FlowKind if any(e.kind is k for e in layout.edges)]
    width = max(MIN_WIDTH, layout.width, _legend_width(kinds) + 2 * PAGE_MARGIN)
    header = title_block(m, context, width)
    dx = (width - layout.width) / 2
    dy = header.height
    legend_y = dy + layout.height + 8
    legend, legend_h = _legend(kinds, PAGE_MARGIN, legend_y, width - 2 * PAGE_MARGIN)
    rings, rings_h = ring_legend(layout.rings, PAGE_MARGIN, legend_y + legend_h, LEGEND_SIZE)
    height = legend_y + legend_h + rings_h + PAGE_MARGIN
    body = [
        element("rect", {"x": 0, "y": 0, "width": num(width), "height": num(height), "fill": "#ffffff"}),
        _markers(),
        header.markup,
        element("g", {"transform": f"translate({num(dx)} {num(dy)})"}, _network(layout, _descriptions(m))),
        legend,
        rings,
    ]
    css = SVG_CSS + NETWORK_CSS + (RING_CSS if layout.rings else "")
    return svg_document(width, height, m.title, _description(m, layout), body, css)


def _description(m: Map, layout: NetworkLayout) -> str:
    summary = f"{m.type.label} with {len(layout.nodes)} actors and {len(layout.edges)} value flows."
    return f"{summary} {m.description}".strip()


# ---- network -------------------------------------------------------------------------------------------------
def _markers() -> str:
    markers = [
        element(
            "marker",
            {
                "id": f"jm-arrow-{kind.value}",
                "viewBox": "0 0 10 10",
                "refX": 10,
                "refY": 5,
                "markerWidth": 11,
                "markerHeight": 11,
                "markerUnits": "userSpaceOnUse",
                "orient": "auto",
            },
            element("path", {"d": "M0,0.5 L10,5 L0,9.5 z", "fill": FLOW_STROKE[kind]}),
        )
        for kind in FlowKind
    ]
    return element("defs", None, markers)


def _descriptions(m: Map) -> dict[str, str]:
    """Each actor's name and description, shown as a tooltip (``<title>``) on its box."""
    return {a.id: f"{a.name} — {a.description}" if a.description else a.name for a in m.actors}


def _network(layout: NetworkLayout, tooltips: dict[str, str]) -> list[str]:
    parts = [draw_rings(layout.rings)] if layout.rings else []
    parts.append(element("g", {"class": "jm-flows"}, [_edge_path(e) for e in layout.edges]))
    parts.append(element("g", {"class": "jm-actors"}, [_node(n, tooltips.get(n.id, "")) for n in layout.nodes]))
    parts.append(element("g", {"class": "jm-flow-labels"}, [_edge_label(e) for e in layout.edges]))
    return parts


def _edge_path(edge: EdgeLayout) -> str:
    p0, c1, c2, p3 = edge.points
    d = f"M{_pt(p0)} C{_pt(c1)} {_pt(c2)} {_pt(p3)}"
    attrs: dict[str, object] = {
        "d": d,
        "class": "jm-edge",
        "stroke": FLOW_STROKE[edge.kind],
        "stroke-dasharray": FLOW_DASH[edge.kind] or None,
        "stroke-linecap": "round" if edge.kind is FlowKind.TRUST else None,
        "marker-end": f"url(#jm-arrow-{edge.kind.value})",
        "data-flow": edge.id,
    }
    return element("path", attrs)


def _pt(p: Point) -> str:
    return f"{num(p.x)},{num(p.y)}"


def _node(node: NodeLayout, tooltip: str) -> str:
    fill = ACTOR_FILL[node.kind]
    light = is_dark(fill)
    rect = element(
        "rect",
        {
            "x": num(node.x),
            "y": num(node.y),
            "width": num(node.w),
            "height": num(node.h),
            "rx": 7,
            "fill": fill,
            "stroke": "#0f2a4a" if light else "#7b8794",
            "class": "jm-node jm-node-primary" if node.primary else "jm-node",
        },
    )
    cx = node.x + node.w / 2
    text_h = len(node.lines) * node.name_line + 14
    top = node.y + (node.h - text_h) / 2 + node.name_size
    name = text_block(
        list(node.lines),
        cx,
        top,
        size=node.name_size,
        line_height=node.name_line,
        bold=True,
        anchor="middle",
        css_class="jm-on-dark" if light else "",
    )
    kind_y = top + (len(node.lines) - 1) * node.name_line + 15
    kind_class = "jm-kind-on-dark" if light else ("" if node.primary else "jm-kind")  # ink on mid-tone fills
    kind = text_block([node.kind_label], cx, kind_y, size=10, line_height=14, anchor="middle", css_class=kind_class)
    title = element("title", None, esc(tooltip))
    return element("g", {"class": "jm-actor", "data-actor": node.id}, [title, rect, name, kind])


def _edge_label(edge: EdgeLayout) -> str:
    box = edge.label_box
    stroke = FLOW_STROKE[edge.kind]
    parts = []
    if not box.inflated(2).contains(edge.label_anchor):
        near = _nearest_on_box(box, edge.label_anchor)
        parts.append(_leader(edge.label_anchor, near, stroke))
    plate = {"x": num(box.x), "y": num(box.y), "width": num(box.w), "height": num(box.h), "rx": 3}
    parts.append(element("rect", {**plate, "class": "jm-flow-label", "stroke": stroke}))
    lines = list(edge.label_lines)
    first = box.y + (box.h - len(lines) * edge.label_line) / 2 + edge.label_size * 0.93
    cx = box.x + box.w / 2
    parts.append(text_block(lines, cx, first, size=edge.label_size, line_height=edge.label_line, anchor="middle"))
    return element("g", {"class": "jm-flow-label-group", "data-flow": edge.id}, parts)


def _leader(anchor: Point, near: Point, stroke: str) -> str:
    line = element(
        "line",
        {"x1": num(anchor.x), "y1": num(anchor.y), "x2": num(near.x), "y2": num(near.y), "class": "jm-leader"},
    )
    dot = element("circle", {"cx": num(anchor.x), "cy": num(anchor.y), "r": 2, "fill": stroke})
    return element("g", {"stroke": stroke}, [line, dot])


def _nearest_on_box(box: Box, point: Point) -> Point:
    return Point(min(max(point.x, box.x), box.right), min(max(point.y, box.y), box.bottom))


# ---- legend --------------------------------------------------------------------------------------------------
def _legend_item_width(kind: FlowKind) -> float:
    return LEGEND_SAMPLE + 8 + text_width(_kind_name(kind), LEGEND_SIZE) + 26


def _kind_name(kind: FlowKind) -> str:
    return kind.value.capitalize()


def _legend_width(kinds: list[FlowKind]) -> float:
    if not kinds:
        return 0.0
    return text_width("Value flows", LEGEND_SIZE, bold=True) + 16 + sum(_legend_item_width(k) for k in kinds)


def _legend(kinds: list[FlowKind], x: float, y: float, width: float) -> tuple[str, float]:
    """A row (wrapping when needed) of flow-kind samples: a dashed arrow and the kind's name."""
    if not kinds:
        return "", 0.0
    heading = "Value flows"
    parts = [text_block([heading], x, y + 15, size=LEGEND_SIZE, line_height=16, bold=True)]
    start = x + text_width(heading, LEGEND_SIZE, bold=True) + 16
    cx, cy = start, y
    for kind in kinds:
        item = _legend_item_width(kind)
        if cx + item > x + width and cx > start:
            cx, cy = start, cy + 24
        mid = cy + 11
        parts.append(
            _edge_path_sample(kind, Point(cx, mid), Point(cx + LEGEND_SAMPLE, mid))
            + text_block([_kind_name(kind)], cx + LEGEND_SAMPLE + 8, mid + 4, size=LEGEND_SIZE, line_height=16)
        )
        cx += item
    return element("g", {"class": "jm-legend"}, parts), cy - y + 30


def _edge_path_sample(kind: FlowKind, start: Point, end: Point) -> str:
    attrs: dict[str, object] = {
        "d": f"M{_pt(start)} L{_pt(end)}",
        "class": "jm-edge",
        "stroke": FLOW_STROKE[kind],
        "stroke-dasharray": FLOW_DASH[kind] or None,
        "stroke-linecap": "round" if kind is FlowKind.TRUST else None,
        "marker-end": f"url(#jm-arrow-{kind.value})",
    }
    return element("path", attrs)
