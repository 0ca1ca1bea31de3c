"""The mental model diagram as SVG, drawn from :func:`~.layout_mental.layout_mental`.

Top to bottom: the title block, the mental spaces (a header band each), the towers standing on the line,
the line itself (labelled in the left gutter: people's mental model above, the organisation's supports
below), the supports hanging under the towers they serve, and a dashed slot marked "gap" under every
tower nothing supports. Every piece of user text goes through the escaping writer of :mod:`.svg`.
"""

from __future__ import annotations

from ..model import Map
from .layout_mental import (
    GAP_NOTE,
    GAP_TEXT,
    GUTTER_W,
    PAD_X,
    GapLayout,
    MentalLayout,
    SpaceLayout,
    SupportLayout,
    TextBox,
    TowerLayout,
    layout_mental,
)
from .layout_network import Box
from .registry import RenderContext
from .svg import element, num, svg_document, text_block
from .text import wrap
from .theme import SVG_CSS
from .title_block import title_block

__all__ = ["render_mental_model_svg"]

MIN_WIDTH = 760.0
GUTTER_SIZE = 11.0
GUTTER_LINE = 14.0

MENTAL_CSS = """
.jm-rule { stroke: #cbd2d9; stroke-width: 1; }
.jm-space { fill: #f4f7fb; stroke: #dde7f3; }
.jm-space-head { fill: #1d4e89; }
.jm-space-name { fill: #ffffff; }
.jm-tower-name { fill: #dde7f3; stroke: #9fb3c8; stroke-width: 0.8; }
.jm-tower-box { fill: #ffffff; stroke: #9aa5b1; stroke-width: 0.7; }
.jm-the-line { stroke: #1f2933; stroke-width: 2.5; }
.jm-support { fill: #e6f4ea; stroke: #2f855a; stroke-width: 0.9; }
.jm-note { fill: #276749; font-style: italic; }
.jm-gap { fill: #fff8f0; stroke: #c05621; stroke-width: 1.4; stroke-dasharray: 6 4; }
.jm-gap-text { fill: #9c4221; }
.jm-gutter-head { font-weight: bold; }
"""


def render_mental_model_svg(m: Map, context: RenderContext) -> str:
    """A mental model diagram as a standalone, accessible SVG document."""
    layout = layout_mental(m)
    width = max(MIN_WIDTH, float(layout.width))
    header = title_block(m, context, width)
    height = header.height + layout.height
    body = [
        element("rect", {"x": 0, "y": 0, "width": num(width), "height": num(height), "fill": "#ffffff"}),
        header.markup,
        element("g", {"transform": f"translate(0 {num(header.height)})"}, _diagram(layout)),
    ]
    return svg_document(width, height, m.title, _description(m, layout), body, SVG_CSS + MENTAL_CSS)


def _description(m: Map, layout: MentalLayout) -> str:
    gaps = sum(1 for t in layout.towers if not t.supported)
    summary = (
        f"{m.type.label} with {len(layout.spaces)} mental spaces, {len(layout.towers)} towers and "
        f"{len({s.id for s in layout.supports})} supports; {gaps} towers have no support (gaps)."
    )
    return f"{summary} {m.description}".strip()


def _diagram(layout: MentalLayout) -> list[str]:
    parts = [_space(s) for s in layout.spaces]
    parts.extend(_tower(t) for t in layout.towers)
    parts.append(_line(layout))
    parts.extend(_gap(g) for g in layout.gaps)
    parts.extend(_support(s) for s in layout.supports)
    if layout.unlinked_heading is not None:
        head = layout.unlinked_heading
        parts.append(text_block(["Not linked to a tower"], head.x, head.y + 13, size=11.5, line_height=14, bold=True))
    return parts


def _rect(box: Box, css_class: str, rx: float = 4) -> str:
    attrs = {"x": num(box.x), "y": num(box.y), "width": num(box.w), "height": num(box.h), "rx": rx}
    return element("rect", {**attrs, "class": css_class})


def _text(text: TextBox, css_class: str = "") -> str:
    return text_block(
        list(text.lines),
        text.box.x + PAD_X,
        text.first_baseline,
        size=text.size,
        line_height=text.line_height,
        bold=text.bold,
        css_class=css_class,
    )


def _space(space: SpaceLayout) -> str:
    head = space.header
    parts = [_rect(space.region, "jm-space", 6), _rect(head.box, "jm-space-head", 6), _text(head, "jm-space-name")]
    return element("g", {"class": "jm-mental-space", "data-space": space.id}, parts)


def _tower(tower: TowerLayout) -> str:
    parts = [_rect(tower.name.box, "jm-tower-name"), _text(tower.name)]
    for box in tower.boxes:
        parts.extend((_rect(box.box, "jm-tower-box", 3), _text(box)))
    return element("g", {"class": "jm-tower", "data-tower": tower.id}, parts)


def _line(layout: MentalLayout) -> str:
    y = layout.line_y
    ends = {"x1": num(layout.line_x1), "y1": num(y), "x2": num(layout.line_x2), "y2": num(y)}
    rule = element("line", {**ends, "class": "jm-the-line"})
    x = layout.gutter_x
    width = GUTTER_W - 16
    above = ["What people think, feel and believe"]
    below = ["What the organisation offers"]
    above_lines = wrap(above[0], width, GUTTER_SIZE)
    below_lines = wrap(below[0], width, GUTTER_SIZE)
    top = y - 10 - len(above_lines) * GUTTER_LINE
    parts = [
        rule,
        text_block(["▲ Mental model"], x, top - 4, size=12.5, line_height=16, css_class="jm-gutter-head"),
        text_block(
            above_lines, x, top + GUTTER_LINE - 2, size=GUTTER_SIZE, line_height=GUTTER_LINE, css_class="jm-muted"
        ),
        text_block(["▼ Supports"], x, y + 22, size=12.5, line_height=16, css_class="jm-gutter-head"),
        text_block(below_lines, x, y + 22 + 16, size=GUTTER_SIZE, line_height=GUTTER_LINE, css_class="jm-muted"),
    ]
    return element("g", {"class": "jm-line-group"}, parts)


def _gap(gap: GapLayout) -> str:
    box = gap.box
    cx = box.x + box.w / 2
    parts = [
        _rect(box, "jm-gap", 4),
        text_block(
            [GAP_TEXT], cx, box.y + 21, size=13, line_height=16, bold=True, anchor="middle", css_class="jm-gap-text"
        ),
        text_block([GAP_NOTE], cx, box.y + 36, size=10, line_height=12, anchor="middle", css_class="jm-gap-text"),
    ]
    return element("g", {"class": "jm-gap-group", "data-tower": gap.tower}, parts)


def _support(support: SupportLayout) -> str:
    text = support.text
    parts = [_rect(text.box, "jm-support", 4), _text(text)]
    if support.note:
        y = text.first_baseline + len(text.lines) * text.line_height + 2
        parts.append(
            text_block(list(support.note), text.box.x + PAD_X, y, size=10, line_height=12.5, css_class="jm-note")
        )
    return element("g", {"class": "jm-support-group", "data-support": support.id}, parts)
