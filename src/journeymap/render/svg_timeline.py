"""Drawing a timeline map (journey map, service blueprint, experience map, wall planner) as SVG."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Map
from .blueprint_flows import draw_hand_overs
from .freshness_badges import draw_step_badge
from .header import header_lines
from .icons import draw_channel_icon
from .layout import (
    CELL_PAD,
    FONT,
    HEAD_W,
    ITEM_PAD,
    LINE_H,
    MARGIN,
    MARKER_W,
    META_FONT,
    META_LINE_H,
    STAGE_H,
    ItemBox,
    LaneBox,
    TimelineLayout,
    layout_timeline,
    meta_indent,
)
from .legend import legend
from .registry import RenderContext
from .svg import element, num, svg_document, text_block
from .svg_curve import CURVE_CSS, draw_emotion_lane
from .svg_feedback import draw_feedback_strip, feedback_strip
from .svg_sub_journey import draw_sub_journey
from .theme import ACCENT, GRID, SVG_CSS, is_dark, lane_fill

__all__ = ["render_timeline_svg"]


def render_timeline_svg(m: Map, context: RenderContext) -> str:
    layout, body, css = timeline_body(m, context)
    description = f"{m.type.label} with {len(layout.columns)} steps in {len(layout.stages)} stages"
    description += f" and {len(layout.lanes)} lanes. {m.description}".rstrip()
    return svg_document(layout.width, layout.height, m.title, description, body, css)


def timeline_body(
    m: Map, context: RenderContext, chrome: bool = True, whole: Map | None = None
) -> tuple[TimelineLayout, list[str], str]:
    """The layout, the SVG elements and the CSS of a timeline map; without ``chrome`` no header or legend
    (a continued row of :mod:`journeymap.render.rows`), with ``whole`` the header and legend of that map."""
    if chrome:
        probe = layout_timeline(m, context, 0)
        text_w = max(probe.width - 2 * MARGIN, 600.0)
        header = header_lines(whole or m, context, text_w)
        key = legend(whole or m, context, text_w, probe if whole is None else layout_timeline(whole, context, 0))
        top = header.height + key.height + 8
    layout = layout_timeline(m, context, top if chrome else -MARGIN / 2)
    body = [
        element("rect", {"x": 0, "y": 0, "width": layout.width, "height": layout.height, "fill": "#ffffff"}),
        *((header.draw(MARGIN, MARGIN), key.draw(MARGIN, MARGIN + header.height)) if chrome else ()),
        *_stages(layout),
        *_steps(layout),
        *(_lane(lane, layout) for lane in layout.lanes),
        *_lines(layout),
        *draw_hand_overs(m, layout),
        *_moment_frames(layout),
    ]
    strip = feedback_strip(m, layout, layout.grid_bottom + 10)
    if strip is not None:  # the voice of the customer below the lanes (maps with measured feedback only)
        body.append(draw_feedback_strip(strip, layout))
        layout.height = strip.y + strip.h + MARGIN
    css = SVG_CSS + (CURVE_CSS if any(lane.chart_h for lane in layout.lanes) else "")
    return layout, body, css


def _stages(layout: TimelineLayout) -> Iterator[str]:
    for stage in layout.stages:
        yield element(
            "g",
            {"class": "jm-stage-group", "data-element": stage.stage_id},
            [
                element(
                    "rect",
                    {
                        "x": stage.x + 1,
                        "y": layout.stage_y,
                        "width": stage.w - 2,
                        "height": STAGE_H - 2,
                        "rx": 4,
                        "class": "jm-stage",
                    },
                ),
                text_block(
                    list(stage.name_lines),
                    stage.x + 10,
                    layout.stage_y + 19,
                    size=13,
                    line_height=16,
                    css_class="jm-stage-text",
                ),
            ],
        )


def _steps(layout: TimelineLayout) -> Iterator[str]:
    for col in layout.columns:
        parts = [
            element(
                "rect",
                {
                    "x": col.x + 1,
                    "y": layout.step_y,
                    "width": col.w - 2,
                    "height": layout.step_h - 2,
                    "rx": 3,
                    "class": "jm-step",
                },
            ),
            text_block(
                list(col.name_lines),
                col.x + CELL_PAD,
                layout.step_y + CELL_PAD + FONT,
                size=FONT,
                line_height=LINE_H,
                bold=True,
            ),
        ]
        y = layout.step_y + CELL_PAD + len(col.name_lines) * LINE_H + META_FONT
        if col.meta_lines:
            parts.append(
                text_block(
                    list(col.meta_lines),
                    col.x + CELL_PAD,
                    y,
                    size=META_FONT,
                    line_height=META_LINE_H,
                    css_class="jm-muted",
                )
            )
            y += len(col.meta_lines) * META_LINE_H
        if col.moments:
            parts.append(
                text_block(
                    ["★ moment of truth"],
                    col.x + CELL_PAD,
                    y,
                    size=META_FONT,
                    line_height=META_LINE_H,
                    bold=True,
                    fill=ACCENT,
                )
            )
            y += META_LINE_H
        if col.sub_lines:
            parts.append(draw_sub_journey(col, y))
            y += len(col.sub_lines) * META_LINE_H
        if col.evidence is not None and layout.freshness is not None:
            parts.append(draw_step_badge(col.evidence, layout.freshness, col.x + CELL_PAD, y + 2))
        yield element("g", {"class": "jm-step-group", "data-element": col.step.id}, parts)


def _lane(lane: LaneBox, layout: TimelineLayout) -> str:
    fill = lane_fill(lane.lane.kind)
    grid_w = layout.width - MARGIN - layout.grid_x
    parts = [
        element("rect", {"x": MARGIN, "y": lane.y, "width": HEAD_W, "height": lane.h, "class": "jm-lane-head"}),
        text_block(
            list(lane.heading_lines),
            MARGIN + CELL_PAD,
            lane.y + CELL_PAD + FONT,
            size=FONT,
            line_height=LINE_H,
            bold=True,
        ),
        element(
            "rect", {"x": layout.grid_x, "y": lane.y, "width": grid_w, "height": lane.h, "fill": fill, "stroke": GRID}
        ),
    ]
    for cell in lane.cells:
        parts.append(
            element("line", {"x1": cell.x, "y1": lane.y, "x2": cell.x, "y2": lane.y + lane.h, "class": "jm-cell"})
        )
        parts.extend(_item(item) for item in cell.items)
    if lane.chart_h:
        parts.append(draw_emotion_lane(lane, layout))
    return element("g", {"class": f"jm-lane jm-lane-{lane.lane.kind.value}", "data-element": lane.lane.id}, parts)


def _item(box: ItemBox) -> str:
    item = box.item
    parts = [
        element(
            "rect",
            {"x": box.x, "y": box.y, "width": box.w, "height": box.h, "rx": 4, "fill": item.fill, "class": "jm-card"},
        )
    ]
    text_x = box.x + ITEM_PAD + (MARKER_W if item.marker else 0)
    if item.marker:
        parts.append(_marker(item.marker, box.x + ITEM_PAD + 6, box.y + ITEM_PAD + 7))
    ink = "#ffffff" if is_dark(item.fill) else None  # white text on dark card colours
    title_y = box.y + ITEM_PAD + FONT - 1
    parts.append(text_block(list(box.title_lines), text_x, title_y, size=FONT, line_height=LINE_H, fill=ink))
    if box.meta_lines:
        meta_y = box.y + ITEM_PAD + len(box.title_lines) * LINE_H + META_FONT
        css = "" if ink else "jm-muted"
        parts.extend(_meta(box, meta_y, css, ink))
    return element("g", {"class": f"jm-item jm-item-{item.kind}", "data-element": item.element_id}, parts)


def _meta(box: ItemBox, y: float, css: str, ink: str | None) -> Iterator[str]:
    """An item's meta lines; a touchpoint's first one (its channel) after the channel's icon."""
    lines = list(box.meta_lines)
    x = box.x + ITEM_PAD
    if box.item.channel is not None:
        yield draw_channel_icon(box.item.channel, x, y - META_FONT + 0.5, 12.0)
        yield text_block(
            lines[:1], x + meta_indent(box.item), y, size=META_FONT, line_height=0, css_class=css, fill=ink
        )
        lines, y = lines[1:], y + META_LINE_H
    if lines:
        yield text_block(lines, x, y, size=META_FONT, line_height=META_LINE_H, css_class=css, fill=ink)


def _marker(shape: str, cx: float, cy: float) -> str:
    if shape == "square":
        return element("rect", {"x": cx - 5, "y": cy - 5, "width": 10, "height": 10, "fill": "#6b46c1"})
    if shape == "triangle":
        points = f"{num(cx)},{num(cy - 6)} {num(cx + 6)},{num(cy + 5)} {num(cx - 6)},{num(cy + 5)}"
        return element("polygon", {"points": points, "fill": "#6b46c1"})
    if shape == "star":
        return text_block(["★"], cx - 6, cy + 5, size=14, line_height=14, fill=ACCENT)
    return element("circle", {"cx": cx, "cy": cy, "r": 5.5, "fill": "#6b46c1"})


def _lines(layout: TimelineLayout) -> Iterator[str]:
    right = layout.width - MARGIN
    for line in layout.lines:
        yield element(
            "g",
            {"class": f"jm-blueprint-line jm-{line.kind.value}"},
            [
                element("line", {"x1": MARGIN, "y1": line.y, "x2": right, "y2": line.y, "class": "jm-line"}),
                text_block(
                    [line.kind.label],
                    MARGIN + CELL_PAD,
                    line.y - 4,
                    size=META_FONT + 1,
                    line_height=14,
                    bold=True,
                    css_class="jm-muted",
                ),
            ],
        )


def _moment_frames(layout: TimelineLayout) -> Iterator[str]:
    bottom = layout.grid_bottom
    for col in layout.columns:
        if col.moments:
            yield element(
                "rect",
                {
                    "x": col.x + 1.5,
                    "y": layout.step_y,
                    "width": col.w - 3,
                    "height": bottom - layout.step_y,
                    "rx": 6,
                    "class": "jm-mot",
                },
            )
