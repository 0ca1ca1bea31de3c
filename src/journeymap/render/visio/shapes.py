"""The shapes of a Visio page: styles, the page's drawing (shapes, texts, connections) written as VSDX XML,
with every y flipped against the page height and every piece of user text made safe for XML."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape, quoteattr

from ..geometry import Box, Point
from ..theme import INK, MUTED

PX_PER_IN = 96.0


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
    pattern: int | None = None  # a Visio LinePattern (overrides ``dashed``): 1 solid, 2 dash, 3 dot, 4 dash-dot …
    text_px: float = 12.0
    text_colour: str = INK
    meta_colour: str = MUTED
    bold: bool = False
    centred: bool = False
    middle: bool = False
    rounded_px: float = 0.0
    end_arrow: bool = False
    text_background: bool = False
    indent_px: float = 0.0  # more room on the left of the text (for a mark drawn there)


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

    def card(self, box: Box, title: str, style: Style, name: str, meta: Sequence[str], meta_top: float) -> int:
        """A card: a group shape that is the box with its ``title``, holding the ``meta`` lines as a text shape from
        ``meta_top`` down (they move with the card). Not one text with two runs: LibreOffice counts a run's start
        in UTF-8 bytes, so after a title with ``★``, ``é`` or ``’`` the sub-line's first letters took the title's
        size."""
        group = self.box(box, title, style, name)
        w, h = _px(max(box.w, 1.0)), _px(max(box.h, 1.0))
        top = min(max(meta_top, box.y), box.bottom - 1.0)
        mh = _px(box.bottom - top)
        cells = [
            ("PinX", w / 2),
            ("PinY", mh / 2),
            ("Width", w),
            ("Height", mh),
            ("LocPinX", w / 2),
            ("LocPinY", mh / 2),
            ("Angle", 0.0),
        ]
        meta_style = replace(
            style, fill=None, line=None, text_px=style.text_px - 2, text_colour=style.meta_colour, bold=False
        )
        rows = [("MoveTo", (0.0, 0.0)), ("LineTo", (w, 0.0)), ("LineTo", (w, mh)), ("LineTo", (0.0, mh))]
        geometry = _geometry([*rows, ("LineTo", (0.0, 0.0))], no_fill=True)
        child = _shape(self._id(), f"{name} meta", cells, meta_style, geometry, "\n".join(meta), ())
        outer = self.shapes[-1].replace('Type="Shape"', 'Type="Group"', 1)
        self.shapes[-1] = outer.removesuffix("</Shape>") + f"<Shapes>{child}</Shapes></Shape>"
        del h
        return group

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

    def polygon(self, points: Sequence[Point], style: Style, name: str = "") -> int:
        """A closed, filled polygon through ``points`` (a mark: a triangle)."""
        shape_id = self._id()
        left, top = min(p.x for p in points), min(p.y for p in points)
        w = _px(max(max(p.x for p in points) - left, 1.0))
        h = _px(max(max(p.y for p in points) - top, 1.0))
        bottom = self._y(top) - h
        local = [(_px(p.x - left), self._y(p.y) - bottom) for p in [*points, points[0]]]
        cells = [
            ("PinX", _px(left) + w / 2),
            ("PinY", bottom + h / 2),
            ("Width", w),
            ("Height", h),
            ("LocPinX", w / 2),
            ("LocPinY", h / 2),
            ("Angle", 0.0),
        ]
        rows = [("MoveTo", local[0])] + [("LineTo", p) for p in local[1:]]
        self.shapes.append(_shape(shape_id, name, cells, style, _geometry(rows, no_fill=style.fill is None), "", ()))
        return shape_id

    def strokes(self, lines: Sequence[Sequence[Point]], style: Style, name: str = "") -> int:
        """Several polylines as one unfilled shape, a geometry section each (an icon drawn with a pen)."""
        shape_id = self._id()
        xs = [p.x for line in lines for p in line]
        ys = [p.y for line in lines for p in line]
        left, top = min(xs), min(ys)
        w, h = _px(max(max(xs) - left, 1.0)), _px(max(max(ys) - top, 1.0))
        bottom = self._y(top) - h
        cells = [
            ("PinX", _px(left) + w / 2),
            ("PinY", bottom + h / 2),
            ("Width", w),
            ("Height", h),
            ("LocPinX", w / 2),
            ("LocPinY", h / 2),
            ("Angle", 0.0),
        ]
        sections = []
        for ix, line in enumerate(lines):
            local = [(_px(p.x - left), self._y(p.y) - bottom) for p in line]
            rows = [("MoveTo", local[0])] + [("LineTo", q) for q in local[1:]]
            sections.append(_geometry(rows, no_fill=True, ix=ix))
        self.shapes.append(_shape(shape_id, name, cells, style, "".join(sections), "", ()))
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
        plain = [(n, v) for n, v, f in cells if not f]
        shape = _shape(shape_id, name, plain, style, _connector_geometry(rows), text, ())
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


def _pattern(style: Style) -> int:
    if style.pattern is not None:
        return style.pattern
    return 2 if style.dashed else 1


def _connector_geometry(rows: Sequence[tuple[str, float, float, str]]) -> str:
    """The geometry section of a connector: its points as (row type, x, y, formula of x) rows, unfilled."""
    geometry = ['<Section N="Geometry" IX="0"><Cell N="NoFill" V="1"/><Cell N="NoLine" V="0"/>']
    for ix, (kind, x, y, fx) in enumerate(rows, start=1):
        geometry.append(
            f'<Row T="{kind}" IX="{ix}"><Cell N="X" V="{_num(x)}" F="{fx}"/><Cell N="Y" V="{_num(y)}"/></Row>'
        )
    geometry.append("</Section>")
    return "".join(geometry)


def _geometry(rows: Sequence[tuple[str, Sequence[float]]], no_fill: bool, ix: int = 0) -> str:
    names = {"Ellipse": ("X", "Y", "A", "B", "C", "D")}
    out = [f'<Section N="Geometry" IX="{ix}"><Cell N="NoFill" V="{int(no_fill)}"/><Cell N="NoLine" V="0"/>']
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
            f'<Cell N="LineColor" V="{style.line}"/><Cell N="LinePattern" V="{_pattern(style)}"/>'
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
        f'<Cell N="LeftMargin" V="{_num(_px(4.0 + style.indent_px))}"/><Cell N="RightMargin" V="{margin}"/>'
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
        if meta:  # the line break stays in the title's run, so the meta run's first letter is not the title's size
            body += ("\n" if text else "") + '<cp IX="1"/>' + escape(clean("\n".join(meta)))
        out.append(f'<Text><cp IX="0"/>{body}</Text>')
    out.append("</Shape>")
    return "".join(out)
