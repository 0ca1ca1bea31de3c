"""Each map type drawn on one Visio page from the shared layouts: timeline maps (header, stages, steps, lanes, the
emotion curve), ecosystem maps (actors and the value flows glued to them) and mental model diagrams."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

from ...model import FlowKind, Map
from ..blueprint_flows import visio_hand_overs
from ..families import drawings_for
from ..freshness_badges import badge_text
from ..geometry import Box, Point
from ..header import header_lines
from ..layout import (
    CELL_PAD,
    HEAD_W,
    ITEM_PAD,
    LINE_H,
    MARGIN,
    MARKER_W,
    STAGE_H,
    Curve,
    CurvePoint,
    ItemBox,
    TimelineLayout,
    chart_y,
    layout_timeline,
)
from ..layout_mental import GAP_NOTE, GAP_TEXT, GUTTER_W, MentalLayout, TextBox, layout_mental
from ..layout_network import EdgeLayout, NetworkLayout, layout_network
from ..legend import legend
from ..network.ring_visio import RING_LEGEND_H, visio_ring_legend, visio_rings
from ..registry import RenderContext
from ..svg_curve import MOODS, NEGATIVE_FILL, NEUTRAL, POSITIVE_FILL
from ..text import text_width
from ..theme import ACCENT, ACTOR_FILL, FLOW_STROKE, GRID, INK, MUTED, is_dark, lane_fill
from .feedback import draw_voice, voice_strip
from .icons import visio_channel_icons
from .legend import FLOW_PATTERN, draw_flow_legend, draw_legend, mark
from .persona_marks import persona_marker
from .shapes import CARD_LINE, STAGE_FILL, STEP_FILL, WHITE, Drawing, Style


# ---- the map types ---------------------------------------------------------------------------------------------
def _header(drawing: Drawing, m: Map, context: RenderContext, width: float) -> float:
    """The title block (title, type, persona, scope, description) at the top; returns its height in px."""
    header = header_lines(m, context, width - 2 * MARGIN)
    h = header.height
    title_h = len(header.title) * 27.0 + 6
    drawing.box(
        Box(MARGIN, MARGIN, width - 2 * MARGIN, title_h),
        m.title,
        Style(fill=None, line=None, text_px=20.0, bold=True),
        name="Title",
    )
    if header.body:
        drawing.box(
            Box(MARGIN, MARGIN + title_h, width - 2 * MARGIN, header.text_height - title_h),
            "\n".join(header.body),
            Style(fill=None, line=None, text_px=11.0, text_colour=MUTED),
            name="Header",
        )
    card = header.card
    if card is not None:  # the persona's card (a native box: name, then segment, quote and goals as meta lines)
        meta = [" ".join(card.role), " ".join(card.quote), *("• " + " ".join(goal) for goal in card.goals)]
        box = Box(MARGIN, MARGIN + header.text_height, card.width, card.height)
        style = Style(fill="#f7f5fc", line="#d6d0ea", text_px=13.0, bold=True, rounded_px=8.0)
        drawing.box(box, " ".join(card.name), style, name=f"Persona {card.persona_id}", meta=[m for m in meta if m])
    return h


def _page_below_header(m: Map, context: RenderContext, width: float, height: float) -> tuple[Drawing, float]:
    """A page (at least 760 px wide) with the map's header on top and room for a ``width`` × ``height`` layout
    below it; and how far down the layout starts."""
    width = max(width, 760.0)
    header_h = header_lines(m, context, width - 2 * MARGIN).height + 16
    drawing = Drawing(width, height + header_h)
    _header(drawing, m, context, width)
    return drawing, header_h


def timeline_drawing(m: Map, context: RenderContext) -> Drawing:
    probe = layout_timeline(m, context, 0.0)
    text_w = max(probe.width - 2 * MARGIN, 600.0)
    header_h = header_lines(m, context, text_w).height
    key = legend(m, context, text_w, probe)
    layout = layout_timeline(m, context, header_h + key.height + 8)
    voice = voice_strip(m, layout)  # measured feedback: a strip below the lanes, the page taller by it
    drawing = Drawing(layout.width, layout.height if voice is None else voice.y + voice.h + MARGIN)
    _header(drawing, m, context, layout.width)
    draw_legend(drawing, key, MARGIN, MARGIN + header_h)
    stage_names = {stage.id: stage.name for stage in m.stages}
    for stage in layout.stages:
        drawing.box(
            Box(stage.x, layout.stage_y, stage.w, STAGE_H),
            stage_names.get(stage.stage_id, " ".join(stage.name_lines)),
            Style(fill=STAGE_FILL, line=WHITE, text_px=13.0, text_colour=WHITE, bold=True, middle=True),
            name=f"Stage {stage.stage_id}",
        )
    _steps(drawing, layout)
    _lanes(drawing, layout)
    _blueprint_lines(drawing, layout)
    visio_hand_overs(drawing, m, layout)
    visio_channel_icons(drawing, layout)
    if voice is not None:
        draw_voice(drawing, voice, layout)
    for col in layout.columns:
        if col.moments:  # the column framed from its step to the foot of the grid, as in the SVG
            frame = Box(col.x + 1.5, layout.step_y, col.w - 3, layout.grid_bottom - layout.step_y)
            style = Style(fill=None, line=ACCENT, line_px=2.5, rounded_px=6.0)
            drawing.box(frame, "", style, name=f"Moment of truth frame {col.step.id}")
    return drawing


def _steps(drawing: Drawing, layout: TimelineLayout) -> None:
    """Each step's box with its name, and its sub-lines (phase, actors, moment of truth, sub-journey, evidence)
    inside it."""
    for col in layout.columns:
        meta = [*col.meta_lines, *(["★ moment of truth"] if col.moments else []), *col.sub_lines]
        meta += [badge_text(col.evidence)] if col.evidence is not None else []
        box = Box(col.x, layout.step_y, col.w, layout.step_h)
        style = Style(fill=STEP_FILL, line=WHITE, bold=True)
        if meta:
            top = layout.step_y + CELL_PAD + len(col.name_lines) * LINE_H - 2
            drawing.card(box, col.step.name, style, f"Step {col.step.id}", meta, top)
        else:
            drawing.box(box, col.step.name, style, name=f"Step {col.step.id}")


def _blueprint_lines(drawing: Drawing, layout: TimelineLayout) -> None:
    """Each blueprint line dashed across the page, its name beside it on the left on a white plate: the line
    starts after the name, so it never strikes the name through."""
    for line in layout.lines:
        label = line.kind.label
        label_w = text_width(label, 11.0, bold=True) + 12
        plate = Style(fill=WHITE, line=None, text_px=11.0, text_colour=MUTED, bold=True, middle=True)
        drawing.box(Box(MARGIN, line.y - 9, label_w, 18), label, plate, name=f"Label {label}")
        drawing.path(
            [Point(MARGIN + label_w + 2, line.y), Point(layout.width - MARGIN, line.y)],
            Style(fill=None, line=MUTED, line_px=1.5, dashed=True),
            name=label,
        )


def _lanes(drawing: Drawing, layout: TimelineLayout) -> None:
    grid_w = layout.width - MARGIN - layout.grid_x
    for lane in layout.lanes:
        fill = lane_fill(lane.lane.kind)
        drawing.box(Box(layout.grid_x, lane.y, grid_w, lane.h), "", Style(fill=fill, line=GRID), name="Lane band")
        drawing.box(
            Box(MARGIN, lane.y, HEAD_W, lane.h),
            lane.lane.heading,
            Style(fill="#f4f5f7", line=GRID, bold=True),
            name=f"Lane {lane.lane.id}",
        )
        if lane.chart_h:
            _emotion(drawing, lane.y, lane.chart_h, layout, lane.curves)
        for cell in lane.cells:
            for placed in cell.items:
                _item(drawing, placed)


def _item(drawing: Drawing, placed: ItemBox) -> None:
    """One card: its box and title, its sub-lines (a text shape inside the card's group), a touchpoint's mark."""
    item = placed.item
    colour = WHITE if is_dark(item.fill) else INK
    title = f"★ {item.title}" if item.marker == "star" else item.title
    marked = item.marker in ("square", "circle", "triangle")
    style = Style(
        fill=item.fill,
        line=CARD_LINE,
        text_colour=colour,
        meta_colour=MUTED if colour == INK else WHITE,
        rounded_px=3.0,
        indent_px=MARKER_W if marked else 0.0,
    )
    box, name = Box(placed.x, placed.y, placed.w, placed.h), f"{item.kind} {item.element_id}"
    if item.meta:
        drawing.card(box, title, style, name, item.meta, placed.y + ITEM_PAD + len(placed.title_lines) * LINE_H - 3)
    else:
        drawing.box(box, title, style, name)
    if marked and item.marker is not None:
        cx, cy = placed.x + ITEM_PAD + 6, placed.y + ITEM_PAD + 7
        mark(drawing, item.marker, cx, cy, f"Mark {item.marker} {item.element_id}")


def _emotion(drawing: Drawing, top: float, chart_h: float, layout: TimelineLayout, curves: Sequence[Curve]) -> None:
    right = layout.width - MARGIN
    guide = Style(fill=None, line="#e4e7eb", line_px=1.0, text_px=10.0, text_colour=MUTED)
    mid, grid_w = chart_y(NEUTRAL, top, chart_h), right - layout.grid_x
    zone = Style(fill=POSITIVE_FILL, line=None)  # positive above the scale's midpoint, negative below, as in the SVG
    drawing.box(Box(layout.grid_x, top, grid_w, mid - top), "", zone, name="Positive zone")
    zone = Style(fill=NEGATIVE_FILL, line=None)
    drawing.box(Box(layout.grid_x, mid, grid_w, top + chart_h - mid), "", zone, name="Negative zone")
    for value, words, _, colour in MOODS:
        y = chart_y(value, top, chart_h)
        label = f"{value:g} {words}" if value != NEUTRAL else words
        drawing.path([Point(layout.grid_x, y), Point(right, y)], guide, name=f"Emotion guide {label}")
        scale = Style(fill=None, line=None, text_px=10.0, text_colour=colour, bold=True, middle=True)
        drawing.box(Box(MARGIN + HEAD_W - 140, y - 8, 134, 16), label, scale, name="Scale")
    for curve in reversed(curves):  # the map's persona drawn last, on top
        _curve(drawing, curve)


def _curve(drawing: Drawing, curve: Curve) -> None:
    """One persona's curve: measured stretches solid, estimated ones dashed, as in the SVG, in the persona's colour
    and marker when the map has several curves; the labels where the layout placed them (none where it found no
    free place)."""
    look = curve.persona.style
    who = f" — {curve.persona.name}" if curve.persona.several else ""
    points = list(curve.points)
    for measured, run in _runs(points):
        kind = "measured" if measured else "estimated"
        style = Style(fill=None, line=look.stroke(measured), line_px=2.5 if measured else 2.0, dashed=not measured)
        drawing.path([Point(p.x, p.y) for p in run], style, name=f"Emotion curve {kind}{who}")
    for p in points:
        if p.ci_y is not None:
            whisker = Style(fill=None, line=look.colour, line_px=1.5)
            drawing.path([Point(p.x, p.ci_y[0]), Point(p.x, p.ci_y[1])], whisker, name=f"CI{who}")
        persona_marker(drawing, look, p.x, p.y, 5.0, p.measured, f"Emotion point{who}")
        if p.label_box is None:
            continue
        if p.leader is not None:
            drawing.path([p.leader[0], p.leader[1]], Style(fill=None, line=MUTED, line_px=0.75), name="Leader")
        label_style = Style(fill=None, line=None, text_px=10.0, centred=True, middle=True)
        drawing.box(p.label_box, p.label, label_style, name=f"Emotion{who}")


def _runs(points: Sequence[CurvePoint]) -> list[tuple[bool, list[CurvePoint]]]:
    """The curve cut into runs of segments of one kind: a segment is measured when both its ends are."""
    runs: list[tuple[bool, list[CurvePoint]]] = []
    for a, b in itertools.pairwise(points):
        measured = a.measured and b.measured
        if runs and runs[-1][0] == measured:
            runs[-1][1].append(b)
        else:
            runs.append((measured, [a, b]))
    return runs


def network_drawing(m: Map, context: RenderContext) -> Drawing:
    layout: NetworkLayout = layout_network(m)
    legend_h = (34 if layout.edges else 0) + (RING_LEGEND_H if layout.rings else 0)
    drawing, header_h = _page_below_header(m, context, layout.width, layout.height + legend_h)
    visio_rings(drawing, layout.rings, header_h)
    ids: dict[str, int] = {}
    names = {a.id: a.name for a in m.actors}
    for node in layout.nodes:
        fill = ACTOR_FILL[node.kind]
        colour = WHITE if is_dark(fill) else INK
        ids[node.id] = drawing.box(
            Box(node.x, node.y + header_h, node.w, node.h),
            names.get(node.id, " ".join(node.lines)),
            Style(
                fill=fill,
                line=INK if node.primary else CARD_LINE,
                line_px=2.0 if node.primary else 1.0,
                text_px=node.name_size,
                text_colour=colour,
                meta_colour=MUTED if colour == INK else WHITE,
                bold=node.primary,
                centred=True,
                middle=True,
                rounded_px=6.0,
            ),
            name=f"Actor {node.id}",
            meta=[node.kind_label],
        )
    labels = {f.id: f.label for f in m.value_flows}
    for edge in layout.edges:
        points = [Point(p.x, p.y + header_h) for p in edge.polyline()]
        style = Style(fill=None, line=FLOW_STROKE[edge.kind], line_px=1.6, pattern=FLOW_PATTERN[edge.kind])
        style = replace(style, end_arrow=True)
        label = edge.label_box
        label_box = Box(label.x, label.y + header_h, label.w, label.h)
        if edge.source in ids and edge.target in ids:
            drawing.connector(points, style, ids[edge.source], ids[edge.target], f"Flow {edge.id}", "", label_box)
        else:
            drawing.path(points, style, name=f"Flow {edge.id}")
    for edge in layout.edges:  # the labels last, on white plates over every line, as in the SVG
        _flow_label(drawing, edge, labels.get(edge.id, " ".join(edge.label_lines)), header_h)
    kinds = sorted({edge.kind for edge in layout.edges}, key=list(FlowKind).index)
    if kinds:
        draw_flow_legend(drawing, kinds, MARGIN, header_h + layout.height + 4)
    visio_ring_legend(drawing, layout.rings, MARGIN, header_h + layout.height + 4 + (34 if kinds else 0))
    return drawing


def _flow_label(drawing: Drawing, edge: EdgeLayout, text: str, dy: float) -> None:
    box = Box(edge.label_box.x, edge.label_box.y + dy, edge.label_box.w, edge.label_box.h)
    stroke = FLOW_STROKE[edge.kind]
    anchor = Point(edge.label_anchor.x, edge.label_anchor.y + dy)
    if not box.inflated(2).contains(anchor):  # a leader from the flow to a label placed away from it
        near = Point(min(max(anchor.x, box.x), box.right), min(max(anchor.y, box.y), box.bottom))
        drawing.path([anchor, near], Style(fill=None, line=stroke, line_px=0.8), name=f"Leader {edge.id}")
    style = Style(fill=WHITE, line=stroke, line_px=0.8, text_px=edge.label_size, centred=True, middle=True)
    drawing.box(box, text, replace(style, rounded_px=3.0), name=f"Flow label {edge.id}")


def _text_box(drawing: Drawing, text: TextBox, dy: float, style: Style, name: str, meta: Sequence[str] = ()) -> int:
    box = text.box
    return drawing.box(Box(box.x, box.y + dy, box.w, box.h), " ".join(text.lines), style, name, meta)


def mental_drawing(m: Map, context: RenderContext) -> Drawing:
    layout: MentalLayout = layout_mental(m)
    drawing, dy = _page_below_header(m, context, layout.width, layout.height)
    texts = _mental_texts(m)
    for space in layout.spaces:
        region = space.region
        drawing.box(Box(region.x, region.y + dy, region.w, region.h), "", Style(fill="#f4f7fb", line="#dde7f3"))
        white = Style(fill=STAGE_FILL, line=STAGE_FILL, text_colour=WHITE, bold=True, text_px=13.5)
        _text_box(drawing, _full(space.header, texts), dy, white, f"Mental space {space.id}")
    for tower in layout.towers:
        name_style = Style(fill=STEP_FILL, line="#9fb3c8", bold=True)
        _text_box(drawing, _full(tower.name, texts), dy, name_style, f"Tower {tower.id}")
        for box in tower.boxes:
            _text_box(drawing, _full(box, texts), dy, Style(text_px=11.5), f"Box {box.id}")
    drawing.path(
        [Point(layout.line_x1, layout.line_y + dy), Point(layout.line_x2, layout.line_y + dy)],
        Style(fill=None, line=INK, line_px=2.5),
        name="The line",
    )
    gutter = Style(fill=None, line=None, text_px=11.0, bold=True)
    y = layout.line_y + dy
    drawing.box(
        Box(layout.gutter_x, y - 52, GUTTER_W - 16, 48),
        "▲ Mental model",
        gutter,
        "Above the line",
        ["What people think, feel and believe"],
    )
    drawing.box(
        Box(layout.gutter_x, y + 6, GUTTER_W - 16, 48), "▼ Supports", gutter, "Below", ["What the organisation offers"]
    )
    for gap in layout.gaps:
        slot = gap.box
        drawing.box(
            Box(slot.x, slot.y + dy, slot.w, slot.h),
            GAP_TEXT,
            Style(fill="#fff8f0", line="#c05621", line_px=1.4, dashed=True, text_colour="#9c4221", centred=True),
            name=f"Gap {gap.tower}",
            meta=[GAP_NOTE],
        )
    for support in layout.supports:
        _text_box(
            drawing,
            _full(support.text, texts),
            dy,
            Style(fill="#e6f4ea", line="#2f855a", text_px=11.5),
            f"Support {support.id} {support.part}",
            [" ".join(support.note)] if support.note else (),
        )
    if layout.unlinked_heading is not None:
        unlinked = layout.unlinked_heading
        drawing.box(
            Box(unlinked.x, unlinked.y + dy, unlinked.w, unlinked.h),
            "Not linked to a tower",
            Style(fill=None, line=None, text_px=11.5, bold=True),
        )
    return drawing


def _mental_texts(m: Map) -> dict[str, str]:
    """The unwrapped text of every element of a mental model diagram, by id (wrapping is Visio's job)."""
    texts: dict[str, str] = {}
    for space in m.mental_spaces:
        texts[space.id] = space.name
        for tower in space.towers:
            texts[tower.id] = tower.name
            for box in tower.boxes:
                texts[box.id] = box.text
    for support in m.supports:
        texts[support.id] = support.text
    return texts


def _full(text: TextBox, texts: dict[str, str]) -> TextBox:
    full = texts.get(text.id)
    if full is None:
        return text
    return TextBox(text.id, text.box, (full,), text.size, text.line_height, text.bold)


def drawing_for(m: Map, context: RenderContext) -> Drawing:
    """The shapes of ``m`` on one page, laid out by the shared layout of its map type."""
    return drawings_for(m).visio()(m, context)
