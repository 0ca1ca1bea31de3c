"""The Visio writer: every map as a one-page ``.vsdx`` drawing of editable shapes, from the standard library.

No maintained library creates a Visio drawing from scratch, and a VSDX is only an OPC zip of a few XML parts,
so this module writes those parts itself:

* ``[Content_Types].xml`` and ``_rels/.rels`` (the package), ``docProps/core.xml`` and ``docProps/app.xml``
  (fixed timestamps, so the output is byte-for-byte deterministic and can be golden-tested);
* ``visio/document.xml`` (one default style sheet) and ``visio/pages/pages.xml`` (one page, sized to the map);
* ``visio/pages/page1.xml``: the shapes and the ``Connects`` that glue value flows to their actors.

Geometry is never computed here: the shared layouts place everything (:func:`~.layout.layout_timeline`,
:func:`~.layout_network.layout_network`, :func:`~.layout_mental.layout_mental`), in px at 96 dpi. Visio
measures in inches (96 px = 1 in) with its y axis pointing up, so every y is flipped against the page height.
Every piece of user text is stripped of characters XML cannot hold and escaped, so hostile text comes out
literally.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..files.zipwriter import zip_bytes
from ..model import Map, MapType
from .geometry import Box, Point
from .header import header_lines
from .layout import CELL_PAD, HEAD_W, MARGIN, STAGE_H, CurvePoint, TimelineLayout, emotion_y, layout_timeline
from .layout_mental import GAP_NOTE, GAP_TEXT, GUTTER_W, MentalLayout, TextBox, layout_mental
from .layout_network import NetworkLayout, layout_network
from .registry import BinaryRenderer, RenderContext
from .theme import ACTOR_FILL, FLOW_STROKE, GRID, INK, MUTED, is_dark, lane_fill

__all__ = ["render_vsdx", "renderer"]

PX_PER_IN = 96.0
MEDIA_TYPE = "application/vnd.ms-visio.drawing"
NS = "http://schemas.microsoft.com/office/visio/2012/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
FIXED_TIME = "2000-01-01T00:00:00Z"

CONTENT_TYPES = {
    "/visio/document.xml": "application/vnd.ms-visio.drawing.main+xml",
    "/visio/pages/pages.xml": "application/vnd.ms-visio.pages+xml",
    "/visio/pages/page1.xml": "application/vnd.ms-visio.page+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

STAGE_FILL = "#1d4e89"
STEP_FILL = "#dde7f3"
CARD_LINE = "#9aa5b1"
WHITE = "#ffffff"


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _num(value: float) -> str:
    """A number as Visio reads it: fixed precision, no exponent, no negative zero."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _px(value: float) -> float:
    return value / PX_PER_IN


# ---- shapes ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Style:
    """How a shape looks: fill (``None``: no fill), line (``None``: no line), text size in px and colour."""

    fill: str | None = WHITE
    line: str | None = CARD_LINE
    line_px: float = 0.75
    dashed: bool = False
    text_px: float = 12.0
    text_colour: str = INK
    meta_colour: str = MUTED
    bold: bool = False
    centred: bool = False
    middle: bool = False
    rounded_px: float = 0.0
    end_arrow: bool = False
    text_background: bool = False


@dataclass
class Drawing:
    """The shapes of one page, in px with y down; converted to Visio's inches (y up) when written."""

    width: float
    height: float
    shapes: list[str] = field(default_factory=list)
    connects: list[str] = field(default_factory=list)
    next_id: int = 1

    def _id(self) -> int:
        shape_id = self.next_id
        self.next_id += 1
        return shape_id

    def _y(self, y: float) -> float:
        return _px(self.height - y)

    def box(
        self,
        box: Box,
        text: str = "",
        style: Style | None = None,
        name: str = "",
        meta: Sequence[str] = (),
        ellipse: bool = False,
    ) -> int:
        """A rectangle (or ellipse) shape holding ``text`` (and smaller ``meta`` lines); returns its id."""
        style = style or Style()
        shape_id = self._id()
        w, h = _px(max(box.w, 1.0)), _px(max(box.h, 1.0))
        cells = [
            ("PinX", _px(box.x) + w / 2),
            ("PinY", self._y(box.y) - h / 2),
            ("Width", w),
            ("Height", h),
            ("LocPinX", w / 2),
            ("LocPinY", h / 2),
            ("Angle", 0.0),
        ]
        if ellipse:
            geometry = _geometry([("Ellipse", (w / 2, h / 2, w, h / 2, w / 2, h))], no_fill=style.fill is None)
        else:
            rows = [("MoveTo", (0.0, 0.0)), ("LineTo", (w, 0.0)), ("LineTo", (w, h)), ("LineTo", (0.0, h))]
            geometry = _geometry([*rows, ("LineTo", (0.0, 0.0))], no_fill=style.fill is None)
        self.shapes.append(_shape(shape_id, name, cells, style, geometry, text, meta))
        return shape_id

    def path(
        self, points: Sequence[Point], style: Style, name: str = "", text: str = "", label_box: Box | None = None
    ) -> int:
        """An open polyline through ``points`` as one shape (a 1-D shape from the first to the last point)."""
        shape_id = self._id()
        xs = [p.x for p in points]
        ys = [p.y for p in points]
        left, top = min(xs), min(ys)
        w, h = _px(max(max(xs) - left, 1.0)), _px(max(max(ys) - top, 1.0))
        bottom = self._y(top) - h
        local = [(_px(p.x - left), self._y(p.y) - bottom) for p in points]
        first, last = points[0], points[-1]
        cells: list[tuple[str, float]] = [
            ("PinX", _px(left) + w / 2),
            ("PinY", bottom + h / 2),
            ("Width", w),
            ("Height", h),
            ("LocPinX", w / 2),
            ("LocPinY", h / 2),
            ("Angle", 0.0),
            ("BeginX", _px(first.x)),
            ("BeginY", self._y(first.y)),
            ("EndX", _px(last.x)),
            ("EndY", self._y(last.y)),
        ]
        if label_box is not None:
            tw, th = _px(label_box.w), _px(label_box.h)
            cells += [
                ("TxtPinX", _px(label_box.x - left) + tw / 2),
                ("TxtPinY", self._y(label_box.y) - bottom - th / 2),
                ("TxtWidth", tw),
                ("TxtHeight", th),
                ("TxtLocPinX", tw / 2),
                ("TxtLocPinY", th / 2),
            ]
        rows = [("MoveTo", local[0])] + [("LineTo", p) for p in local[1:]]
        geometry = _geometry(rows, no_fill=True)
        self.shapes.append(_shape(shape_id, name, cells, style, geometry, text, ()))
        return shape_id

    def connector(
        self, points: Sequence[Point], style: Style, source: int, target: int, name: str, text: str, label_box: Box
    ) -> int:
        """A 1-D connector from ``source`` to ``target``, glued as Visio glues a connector drawn by hand: its ends
        follow the shapes when they move (``_WALKGLUE`` on the ends, ``_XFTRIGGER`` on the shapes' moves), its
        size and angle follow its ends, and its bends are kept relative to its length."""
        shape_id = self._id()
        bx, by = _px(points[0].x), self._y(points[0].y)
        ex, ey = _px(points[-1].x), self._y(points[-1].y)
        dx, dy = ex - bx, ey - by
        length = max(math.hypot(dx, dy), 1e-6)
        ux, uy = dx / length, dy / length

        def local(p: Point) -> tuple[float, float]:
            """A point in the connector's own frame: along it (a fraction of its length) and across it (inches)."""
            px, py = _px(p.x) - bx, self._y(p.y) - by
            return (px * ux + py * uy) / length, -px * uy + py * ux

        walk = "_WALKGLUE(BegTrigger,EndTrigger,WalkPreference)"
        cells: list[tuple[str, float, str]] = [
            ("PinX", (bx + ex) / 2, "(BeginX+EndX)/2"),
            ("PinY", (by + ey) / 2, "(BeginY+EndY)/2"),
            ("Width", length, "SQRT((EndX-BeginX)^2+(EndY-BeginY)^2)"),
            ("Height", 0.0, ""),
            ("LocPinX", length / 2, "Width*0.5"),
            ("LocPinY", 0.0, "Height*0.5"),
            ("Angle", math.atan2(dy, dx), "ATAN2(EndY-BeginY,EndX-BeginX)"),
            ("BeginX", bx, walk),
            ("BeginY", by, walk),
            ("EndX", ex, walk),
            ("EndY", ey, walk),
            ("BegTrigger", 2.0, f"_XFTRIGGER(Sheet.{source}!EventXFMod)"),
            ("EndTrigger", 2.0, f"_XFTRIGGER(Sheet.{target}!EventXFMod)"),
            ("ObjType", 2.0, ""),
        ]
        cx, cy = local(Point(label_box.x + label_box.w / 2, label_box.y + label_box.h / 2))
        tw, th = _px(label_box.w), _px(label_box.h)
        cells += [
            ("TxtPinX", cx * length, f"Width*{_num(cx)}"),
            ("TxtPinY", cy, ""),
            ("TxtWidth", tw, ""),
            ("TxtHeight", th, ""),
            ("TxtLocPinX", tw / 2, "TxtWidth*0.5"),
            ("TxtLocPinY", th / 2, "TxtHeight*0.5"),
            ("TxtAngle", -math.atan2(dy, dx), "-Angle"),
        ]
        rows = []
        for i, p in enumerate(points):
            t, across = local(p)
            rows.append(("MoveTo" if i == 0 else "LineTo", t * length, across, f"Width*{_num(t)}"))
        geometry = ['<Section N="Geometry" IX="0"><Cell N="NoFill" V="1"/><Cell N="NoLine" V="0"/>']
        for ix, (kind, x, y, fx) in enumerate(rows, start=1):
            geometry.append(
                f'<Row T="{kind}" IX="{ix}"><Cell N="X" V="{_num(x)}" F="{fx}"/><Cell N="Y" V="{_num(y)}"/></Row>'
            )
        geometry.append("</Section>")
        plain = [(n, v) for n, v, f in cells if not f]
        shape = _shape(shape_id, name, plain, style, "".join(geometry), text, ())
        formulas = "".join(f'<Cell N="{n}" V="{_num(v)}" F="{f}"/>' for n, v, f in cells if f)
        head_end = shape.index(">") + 1
        self.shapes.append(shape[:head_end] + formulas + shape[head_end:])
        self.glue(shape_id, source, target)
        return shape_id

    def glue(self, connector: int, source: int, target: int) -> None:
        """Glue the begin of ``connector`` to ``source`` and its end to ``target`` (Visio's ``Connect`` rows)."""
        for cell, part, sheet in (("BeginX", 9, source), ("EndX", 12, target)):
            self.connects.append(
                f'<Connect FromSheet="{connector}" FromCell="{cell}" FromPart="{part}" '
                f'ToSheet="{sheet}" ToCell="PinX" ToPart="3"/>'
            )


def _geometry(rows: Sequence[tuple[str, Sequence[float]]], no_fill: bool) -> str:
    names = {"Ellipse": ("X", "Y", "A", "B", "C", "D")}
    out = [f'<Section N="Geometry" IX="0"><Cell N="NoFill" V="{int(no_fill)}"/><Cell N="NoLine" V="0"/>']
    for ix, (kind, values) in enumerate(rows, start=1):
        cells = "".join(
            f'<Cell N="{n}" V="{_num(v)}"/>' for n, v in zip(names.get(kind, ("X", "Y")), values, strict=True)
        )
        out.append(f'<Row T="{kind}" IX="{ix}">{cells}</Row>')
    out.append("</Section>")
    return "".join(out)


def _shape(
    shape_id: int,
    name: str,
    cells: Sequence[tuple[str, float]],
    style: Style,
    geometry: str,
    text: str,
    meta: Sequence[str],
) -> str:
    attrs = f'ID="{shape_id}" Type="Shape" LineStyle="0" FillStyle="0" TextStyle="0"'
    if name:
        attrs += f" NameU={quoteattr(clean(name))} Name={quoteattr(clean(name))}"
    out = [f"<Shape {attrs}>"]
    out.extend(f'<Cell N="{n}" V="{_num(v)}"/>' for n, v in cells)
    if style.fill is None:
        out.append('<Cell N="FillPattern" V="0"/>')
    else:
        out.append(f'<Cell N="FillForegnd" V="{style.fill}"/><Cell N="FillPattern" V="1"/>')
    if style.line is None:
        out.append('<Cell N="LinePattern" V="0"/>')
    else:
        out.append(
            f'<Cell N="LineColor" V="{style.line}"/><Cell N="LinePattern" V="{2 if style.dashed else 1}"/>'
            f'<Cell N="LineWeight" V="{_num(style.line_px / PX_PER_IN)}"/>'
        )
    if style.rounded_px:
        out.append(f'<Cell N="Rounding" V="{_num(_px(style.rounded_px))}"/>')
    if style.text_background:
        out.append(f'<Cell N="TextBkgnd" V="{WHITE}"/>')
    if style.end_arrow:
        out.append('<Cell N="EndArrow" V="4"/><Cell N="EndArrowSize" V="2"/>')
    margin = _num(_px(4.0))
    out.append(
        f'<Cell N="LeftMargin" V="{margin}"/><Cell N="RightMargin" V="{margin}"/>'
        f'<Cell N="TopMargin" V="{margin}"/><Cell N="BottomMargin" V="{margin}"/>'
        f'<Cell N="VerticalAlign" V="{1 if style.middle else 0}"/>'
    )
    size = _num(_px(style.text_px))
    out.append(
        '<Section N="Character">'
        f'<Row IX="0"><Cell N="Size" V="{size}" U="PT"/><Cell N="Color" V="{style.text_colour}"/>'
        f'<Cell N="Style" V="{int(style.bold)}"/></Row>'
        f'<Row IX="1"><Cell N="Size" V="{_num(_px(style.text_px - 2))}" U="PT"/>'
        f'<Cell N="Color" V="{style.meta_colour}"/><Cell N="Style" V="0"/></Row></Section>'
    )
    out.append(f'<Section N="Paragraph"><Row IX="0"><Cell N="HorzAlign" V="{int(style.centred)}"/></Row></Section>')
    out.append(geometry)
    if text or meta:
        body = escape(clean(text))
        if meta:
            body += '<cp IX="1"/>' + escape(clean("\n" + "\n".join(meta)))
        out.append(f'<Text><cp IX="0"/>{body}</Text>')
    out.append("</Shape>")
    return "".join(out)


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


def _timeline(m: Map, context: RenderContext) -> Drawing:
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


def _network(m: Map, context: RenderContext) -> Drawing:
    layout: NetworkLayout = layout_network(m)
    width = max(layout.width, 760.0)
    header_h = header_lines(m, context, width - 2 * MARGIN).height + 16
    drawing = Drawing(width, layout.height + header_h)
    _header(drawing, m, context, width)
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


def _mental(m: Map, context: RenderContext) -> Drawing:
    layout: MentalLayout = layout_mental(m)
    width = max(layout.width, 760.0)
    dy = header_lines(m, context, width - 2 * MARGIN).height + 16
    drawing = Drawing(width, layout.height + dy)
    _header(drawing, m, context, width)
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


# ---- the package -----------------------------------------------------------------------------------------------
def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body).encode("utf-8")


def _rels(rels: Iterable[tuple[str, str, str]]) -> bytes:
    rows = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return _xml(f'<Relationships xmlns="{REL_NS}">{rows}</Relationships>')


def _content_types() -> bytes:
    defaults = (
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
    )
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in CONTENT_TYPES.items())
    return _xml(f'<Types xmlns="{CT_NS}">{defaults}{overrides}</Types>')


def _document() -> bytes:
    sheet = (
        '<StyleSheet ID="0" NameU="No Style" Name="No Style">'
        '<Cell N="LineWeight" V="0.01041666666666667"/><Cell N="LineColor" V="#000000"/>'
        '<Cell N="LinePattern" V="1"/><Cell N="FillForegnd" V="#ffffff"/><Cell N="FillPattern" V="1"/>'
        '<Cell N="LeftMargin" V="0"/><Cell N="RightMargin" V="0"/><Cell N="TopMargin" V="0"/>'
        '<Cell N="BottomMargin" V="0"/><Cell N="VerticalAlign" V="1"/>'
        '<Section N="Character"><Row IX="0"><Cell N="Font" V="0"/><Cell N="Color" V="#000000"/>'
        '<Cell N="Size" V="0.1666666666666667"/></Row></Section>'
        "</StyleSheet>"
    )
    return _xml(
        f'<VisioDocument xmlns="{NS}" xmlns:r="{NS_R}" xml:space="preserve">'
        '<DocumentSettings TopPage="0" DefaultTextStyle="0" DefaultLineStyle="0" DefaultFillStyle="0" '
        'DefaultGuideStyle="0"/>'
        '<FaceNames><FaceName NameU="DejaVu Sans" UnicodeRanges="-1 -1 0 0" CharSets="1 0" Panos="2 11 6 3 3 8 4 2 2 4"'
        ' Flags="325"/></FaceNames>'
        f"<StyleSheets>{sheet}</StyleSheets></VisioDocument>"
    )


def _pages(drawing: Drawing, title: str) -> bytes:
    name = quoteattr(clean(title)[:31] or "Page-1")
    sheet = (
        f'<PageSheet LineStyle="0" FillStyle="0" TextStyle="0">'
        f'<Cell N="PageWidth" V="{_num(_px(drawing.width))}"/><Cell N="PageHeight" V="{_num(_px(drawing.height))}"/>'
        '<Cell N="PageScale" V="1" U="IN_F"/><Cell N="DrawingScale" V="1" U="IN_F"/>'
        '<Cell N="DrawingSizeType" V="0"/><Cell N="DrawingScaleType" V="0"/><Cell N="PrintPageOrientation" V="2"/>'
        "</PageSheet>"
    )
    page = f'<Page ID="0" NameU={name} Name={name}>{sheet}<Rel r:id="rId1"/></Page>'
    return _xml(f'<Pages xmlns="{NS}" xmlns:r="{NS_R}" xml:space="preserve">{page}</Pages>')


def _page(drawing: Drawing) -> bytes:
    connects = f"<Connects>{''.join(drawing.connects)}</Connects>" if drawing.connects else ""
    return _xml(
        f'<PageContents xmlns="{NS}" xmlns:r="{NS_R}" xml:space="preserve">'
        f"<Shapes>{''.join(drawing.shapes)}</Shapes>{connects}</PageContents>"
    )


def _core(title: str) -> bytes:
    return _xml(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(clean(title))}</dc:title><dc:creator>journeymap</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _app() -> bytes:
    return _xml(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>journeymap</Application><DocSecurity>0</DocSecurity></Properties>"
    )


def drawing_for(m: Map, context: RenderContext) -> Drawing:
    """The shapes of ``m`` on one page, laid out by the shared layout of its map type."""
    if m.type is MapType.ECOSYSTEM_MAP:
        return _network(m, context)
    if m.type is MapType.MENTAL_MODEL_DIAGRAM:
        return _mental(m, context)
    return _timeline(m, context)


def render_vsdx(m: Map, context: RenderContext) -> bytes:
    """The map as a ``.vsdx`` package (bytes), identical for identical input."""
    drawing = drawing_for(m, context)
    vs = "http://schemas.microsoft.com/visio/2010/relationships"
    od = "http://schemas.openxmlformats.org"
    parts: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", _content_types()),
        (
            "_rels/.rels",
            _rels(
                [
                    ("rId1", f"{vs}/document", "visio/document.xml"),
                    ("rId2", f"{od}/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
                    ("rId3", f"{od}/officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
                ]
            ),
        ),
        ("docProps/core.xml", _core(m.title)),
        ("docProps/app.xml", _app()),
        ("visio/document.xml", _document()),
        ("visio/_rels/document.xml.rels", _rels([("rId1", f"{vs}/pages", "pages/pages.xml")])),
        ("visio/pages/pages.xml", _pages(drawing, m.title)),
        ("visio/pages/_rels/pages.xml.rels", _rels([("rId1", f"{vs}/page", "page1.xml")])),
        ("visio/pages/page1.xml", _page(drawing)),
    ]
    return zip_bytes(parts)


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return BinaryRenderer("vsdx", ".vsdx", MEDIA_TYPE, render_vsdx)
