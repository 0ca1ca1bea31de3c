"""Each map type drawn on one Visio page from the shared layouts: timeline maps (header, stages, steps, lanes, the
emotion curve), ecosystem maps (actors and the value flows glued to them) and mental model diagrams."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Map
from ..families import drawings_for
from ..freshness_badges import badge_text
from ..geometry import Box, Point
from ..header import header_lines
from ..layout import CELL_PAD, HEAD_W, MARGIN, STAGE_H, CurvePoint, TimelineLayout, emotion_y, layout_timeline
from ..layout_mental import GAP_NOTE, GAP_TEXT, GUTTER_W, MentalLayout, TextBox, layout_mental
from ..layout_network import NetworkLayout, layout_network
from ..registry import RenderContext
from ..theme import ACTOR_FILL, FLOW_STROKE, GRID, INK, MUTED, is_dark, lane_fill
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
            Box(MARGIN, MARGIN + title_h, width - 2 * MARGIN, h - title_h),
            "\n".join(header.body),
            Style(fill=None, line=None, text_px=11.0, text_colour=MUTED),
            name="Header",
        )
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
    width = layout_timeline(m, context, 0.0).width
    header_h = header_lines(m, context, width - 2 * MARGIN).height + 8
    layout = layout_timeline(m, context, header_h)
    drawing = Drawing(layout.width, layout.height)
    _header(drawing, m, context, layout.width)
    stage_names = {stage.id: stage.name for stage in m.stages}
    for stage in layout.stages:
        drawing.box(
            Box(stage.x, layout.stage_y, stage.w, STAGE_H),
            stage_names.get(stage.stage_id, " ".join(stage.name_lines)),
            Style(fill=STAGE_FILL, line=WHITE, text_px=13.0, text_colour=WHITE, bold=True, middle=True),
            name=f"Stage {stage.stage_id}",
        )
    for col in layout.columns:
        meta = [*col.meta_lines, *(["★ moment of truth"] if col.moments else [])]
        meta += [badge_text(col.evidence)] if col.evidence is not None else []
        drawing.box(
            Box(col.x, layout.step_y, col.w, layout.step_h),
            col.step.name,
            Style(fill=STEP_FILL, line=WHITE, bold=True),
            name=f"Step {col.step.id}",
            meta=meta,
        )
    _lanes(drawing, layout)
    for line in layout.lines:
        right = layout.width - MARGIN
        drawing.path(
            [Point(MARGIN, line.y), Point(right, line.y)],
            Style(fill=None, line=MUTED, line_px=1.5, dashed=True, text_px=11.0, text_colour=MUTED, bold=True),
            name=line.kind.label,
            text=line.kind.label,
            label_box=Box(MARGIN + CELL_PAD, line.y - 18, 260, 16),
        )
    return drawing


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
            _emotion(drawing, lane.y, lane.chart_h, layout, lane.curve)
        for cell in lane.cells:
            for placed in cell.items:
                item = placed.item
                colour = WHITE if is_dark(item.fill) else INK
                title = f"★ {item.title}" if item.marker == "star" else item.title
                drawing.box(
                    Box(placed.x, placed.y, placed.w, placed.h),
                    title,
                    Style(
                        fill=item.fill,
                        line=CARD_LINE,
                        text_colour=colour,
                        meta_colour=MUTED if colour == INK else WHITE,
                        rounded_px=3.0,
                    ),
                    name=f"{item.kind} {item.element_id}",
                    meta=item.meta,
                )


def _emotion(drawing: Drawing, top: float, chart_h: float, layout: TimelineLayout, curve: Sequence[CurvePoint]) -> None:
    right = layout.width - MARGIN
    guide = Style(fill=None, line="#e4e7eb", line_px=1.0, text_px=10.0, text_colour=MUTED)
    for value, label in ((10.0, "10 positive"), (5.5, "5.5"), (1.0, "1 negative")):
        y = emotion_y(value, top, chart_h)
        drawing.path([Point(layout.grid_x, y), Point(right, y)], guide, name=f"Emotion guide {label}")
        drawing.box(
            Box(MARGIN + HEAD_W - 90, y - 8, 84, 16), label, Style(fill=None, line=None, text_px=10.0), name="Scale"
        )
    points = list(curve)
    if len(points) >= 2:
        measured = all(p.measured for p in points)
        style = Style(fill=None, line=STAGE_FILL if measured else MUTED, line_px=2.5 if measured else 2.0)
        style = Style(fill=None, line=style.line, line_px=style.line_px, dashed=not measured)
        drawing.path([Point(p.x, p.y) for p in points], style, name="Emotion curve")
    for p in points:
        fill = STAGE_FILL if p.measured else WHITE
        drawing.box(Box(p.x - 5, p.y - 5, 10, 10), "", Style(fill=fill, line=MUTED, line_px=1.5), ellipse=True)
        if p.ci_y is not None:
            drawing.path([Point(p.x, p.ci_y[0]), Point(p.x, p.ci_y[1])], Style(fill=None, line=STAGE_FILL), name="CI")
        label_y = (p.ci_y[0] if p.ci_y else p.y) - 22
        drawing.box(Box(p.x + 6, label_y, 110, 16), p.label, Style(fill=None, line=None, text_px=10.0), name="Emotion")


def network_drawing(m: Map, context: RenderContext) -> Drawing:
    layout: NetworkLayout = layout_network(m)
    drawing, header_h = _page_below_header(m, context, layout.width, layout.height)
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
        label = edge.label_box
        style = Style(
            fill=None,
            line=FLOW_STROKE[edge.kind],
            line_px=1.6,
            text_px=edge.label_size,
            centred=True,
            middle=True,
            end_arrow=True,
            text_background=True,
        )
        text = labels.get(edge.id, " ".join(edge.label_lines))
        label_box = Box(label.x, label.y + header_h, label.w, label.h)
        if edge.source in ids and edge.target in ids:
            drawing.connector(points, style, ids[edge.source], ids[edge.target], f"Flow {edge.id}", text, label_box)
        else:
            drawing.path(points, style, name=f"Flow {edge.id}", text=text, label_box=label_box)
    return drawing


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
