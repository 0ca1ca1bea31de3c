"""Painting a checked SVG onto a cairo context: groups, shapes, markers and text, and the bounds that let a
page or tile draw only what it shows."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .document import SvgDocument
from .path import _path, _rect
from .svg_values import (
    _SPACES,
    EMPTY,
    INHERITED,
    NS,
    SILENT,
    Box,
    Unsupported,
    _union,
    colour,
    length,
    numbers,
    select_font,
    transform_matrix,
)


class SvgPainter(SvgDocument):
    """A parsed SVG of the known vocabulary; :meth:`paint` draws it (in its user units, px)."""

    # drawing -------------------------------------------------------------------------------------------------

    def paint(self, context: Any, window: Box | None = None) -> None:
        """Draw the picture onto ``context`` (whose user space is the SVG's, in px); with a ``window``
        (x0, y0, x1, y1), only what reaches into it."""
        if window is not None and self._bounds is None:
            self._bounds = {}
            self._measure_children(self._scratch(), self.root, dict(INHERITED), (0.0, 0.0))
        self._window = window
        context.save()
        context.rectangle(0, 0, self.width, self.height)
        context.clip()
        # text as wide as the layout measured it at any scale: advances not rounded to device pixels
        options = self.cairo.FontOptions()
        options.set_hint_metrics(self.cairo.HINT_METRICS_OFF)
        context.set_font_options(options)
        try:
            self._children(context, self.root, dict(INHERITED))
        finally:
            self._window = None
            context.restore()

    # bounds, for drawing only what a window shows ------------------------------------------------------------

    def _measure_children(
        self, scratch: Any, node: ET.Element, style: dict[str, str], offset: tuple[float, float]
    ) -> Box | None:
        """The union of the children's bounds (an empty box for none); ``None`` when one is unknown."""
        box: Box = EMPTY
        known = True
        for child in node:
            tag = child.tag[len(NS) :]
            if tag in SILENT or tag in ("defs", "marker"):
                continue
            found = self._measure(scratch, tag, child, style, offset)
            if found is None:
                known = False
            else:
                box = _union(box, found)
        return box if known else None

    def _measure(
        self, scratch: Any, tag: str, node: ET.Element, inherited: dict[str, str], offset: tuple[float, float]
    ) -> Box | None:
        """Where ``node`` may draw, in the root's coordinates (remembered for :meth:`paint`); ``None`` when
        unknown (drawn always): under a transform other than a translation."""
        style = self._style(tag, node, inherited)
        transform = node.get("transform")
        if transform is not None:
            xx, yx, xy, yy, x0, y0 = transform_matrix(self.cairo, transform).as_tuple()
            if (xx, yx, xy, yy) != (1.0, 0.0, 0.0, 1.0):
                return None
            offset = (offset[0] + x0, offset[1] + y0)
        box: Box | None
        if tag == "g":
            box = self._measure_children(scratch, node, style, offset)
        elif tag == "text":
            box = self._text_box(scratch, node, style)
        else:
            scratch.new_path()
            end = self._outline(scratch, tag, node)
            width = length(style["stroke-width"])
            if end is False:
                box = EMPTY
            elif colour(style["stroke"]) is not None and width > 0:
                self._stroke_style(scratch, style, width)
                box = scratch.stroke_extents()
            else:
                box = scratch.path_extents()
            scratch.new_path()
            if box is not None and end not in (None, False) and style["marker-end"].strip() != "none":
                reach = max((max(m.size) for m in self.markers.values()), default=0.0) * 1.5
                box = (box[0] - reach, box[1] - reach, box[2] + reach, box[3] + reach)
        if box is None:
            return None
        if tag != "g" and box[0] <= box[2]:  # a group's union is in the root's coordinates already
            box = (box[0] + offset[0] - 1, box[1] + offset[1] - 1, box[2] + offset[0] + 1, box[3] + offset[1] + 1)
        assert self._bounds is not None
        self._bounds[id(node)] = box
        return box

    def _text_box(self, scratch: Any, node: ET.Element, style: dict[str, str]) -> Box:
        """Generous bounds of a text: every position it may start at, widened by its longest chunk on both
        sides (any anchor) and by its largest font above and below."""
        x = y = 0.0
        xs: list[float] = []
        ys: list[float] = []
        widest = chunk = biggest = 0.0
        for piece in _text_pieces(self, node, style):
            if piece.x is not None or piece.y is not None:
                chunk = 0.0
            x = (piece.x if piece.x is not None else x) + piece.dx
            y = (piece.y if piece.y is not None else y) + piece.dy
            size = length(piece.style["font-size"])
            biggest = max(biggest, size)
            advance = 0.0
            if piece.text:
                self._font(scratch, piece.style)
                extents = scratch.text_extents(piece.text)
                advance = max(extents[4], extents[0] + extents[2], 0.0)
                biggest = max(biggest, -extents[1], extents[1] + extents[3])
            xs.extend((x, x + advance))
            ys.append(y)
            x += advance
            chunk += advance
            widest = max(widest, chunk)
        stroke = length(style["stroke-width"])
        reach = widest + stroke + 2
        return (min(xs) - reach, min(ys) - 1.5 * biggest - stroke, max(xs) + reach, max(ys) + biggest + stroke)

    def _children(self, context: Any, node: ET.Element, style: dict[str, str]) -> None:
        window, bounds = self._window, self._bounds
        for child in node:
            tag = child.tag[len(NS) :]
            if tag in SILENT or tag in ("defs", "marker"):
                continue
            if window is not None and bounds is not None:
                box = bounds.get(id(child))
                if box is not None and (
                    box[2] < window[0] or box[0] > window[2] or box[3] < window[1] or box[1] > window[3]
                ):
                    continue  # wholly outside the window
            self._element(context, tag, child, style)

    def _element(self, context: Any, tag: str, node: ET.Element, inherited: dict[str, str]) -> None:
        style = self._style(tag, node, inherited)
        if style.get("display", "inline").strip() == "none":
            return
        transform = node.get("transform")
        opacity = float(style.get("opacity", "1"))
        if opacity <= 0:
            return
        saved = transform is not None or opacity < 1
        if saved:
            context.save()
            if transform is not None:
                context.transform(transform_matrix(self.cairo, transform))
            if opacity < 1:
                context.push_group()
        if tag == "g":
            self._children(context, node, style)
        elif tag == "text":
            self._text(context, node, style)
        else:
            self._shape(context, tag, node, style)
        if saved:
            if opacity < 1:
                context.pop_group_to_source()
                context.paint_with_alpha(opacity)
            context.restore()

    def _shape(self, context: Any, tag: str, node: ET.Element, style: dict[str, str]) -> None:
        end = self._outline(context, tag, node)
        if end is False:
            return
        self._fill_and_stroke(context, style)
        marker = style.get("marker-end", "none").strip()
        if marker != "none" and end is not None:
            self._marker(context, marker, end)

    def _outline(self, context: Any, tag: str, node: ET.Element) -> tuple[float, float, float] | Literal[False] | None:
        """Add the shape's outline to the path: the end point and direction there (for a marker), ``None``
        for a shape without an end, ``False`` for a shape that draws nothing."""
        end: tuple[float, float, float] | None = None
        get = node.get
        if tag == "rect":
            if not _rect(context, node):
                return False
        elif tag == "line":
            x1, y1 = length(get("x1", "0")), length(get("y1", "0"))
            x2, y2 = length(get("x2", "0")), length(get("y2", "0"))
            context.move_to(x1, y1)
            context.line_to(x2, y2)
            end = (x2, y2, math.atan2(y2 - y1, x2 - x1))
        elif tag in ("polyline", "polygon"):
            values = numbers(get("points", ""))
            points = list(zip(values[0::2], values[1::2], strict=False))
            if len(points) < 2:
                return False
            context.move_to(*points[0])
            for point in points[1:]:
                context.line_to(*point)
            if tag == "polygon":
                context.close_path()
            else:
                (ax, ay), (bx, by) = points[-2], points[-1]
                end = (bx, by, math.atan2(by - ay, bx - ax))
        elif tag == "circle":
            r = length(get("r", "0"))
            if r <= 0:
                return False
            context.new_sub_path()
            context.arc(length(get("cx", "0")), length(get("cy", "0")), r, 0, 2 * math.pi)
            context.close_path()
        elif tag == "ellipse":
            rx, ry = length(get("rx", "0")), length(get("ry", "0"))
            if rx <= 0 or ry <= 0:
                return False
            context.save()
            context.translate(length(get("cx", "0")), length(get("cy", "0")))
            context.scale(rx, ry)
            context.new_sub_path()
            context.arc(0, 0, 1, 0, 2 * math.pi)
            context.close_path()
            context.restore()
        elif tag == "path":
            end = _path(context, get("d", ""))
        else:
            raise Unsupported(f"<{tag}> outside its place")
        return end

    def _fill_and_stroke(self, context: Any, style: dict[str, str]) -> None:
        if style["visibility"] != "visible":
            context.new_path()
            return
        fill = colour(style["fill"])
        stroke = colour(style["stroke"])
        width = length(style["stroke-width"])
        if fill is not None:
            alpha = float(style["fill-opacity"])
            context.set_source_rgba(*fill, alpha)
            rule = self.cairo.FILL_RULE_EVEN_ODD if style["fill-rule"] == "evenodd" else self.cairo.FILL_RULE_WINDING
            context.set_fill_rule(rule)
            if stroke is not None and width > 0:
                context.fill_preserve()
            else:
                context.fill()
                return
        if stroke is not None and width > 0:
            self._stroke_style(context, style, width)
            context.set_source_rgba(*stroke, float(style["stroke-opacity"]))
            context.stroke()
        else:
            context.new_path()

    def _stroke_style(self, context: Any, style: dict[str, str], width: float) -> None:
        cairo = self.cairo
        context.set_line_width(width)
        context.set_line_cap(
            {"round": cairo.LINE_CAP_ROUND, "square": cairo.LINE_CAP_SQUARE}.get(
                style["stroke-linecap"], cairo.LINE_CAP_BUTT
            )
        )
        context.set_line_join(
            {"round": cairo.LINE_JOIN_ROUND, "bevel": cairo.LINE_JOIN_BEVEL}.get(
                style["stroke-linejoin"], cairo.LINE_JOIN_MITER
            )
        )
        context.set_miter_limit(length(style["stroke-miterlimit"]))
        dashes = [] if style["stroke-dasharray"].strip() == "none" else numbers(style["stroke-dasharray"])
        if len(dashes) % 2:
            dashes *= 2
        if any(d < 0 for d in dashes) or not any(dashes):
            dashes = []
        context.set_dash(dashes, length(style["stroke-dashoffset"]) if dashes else 0.0)

    def _marker(self, context: Any, reference: str, end: tuple[float, float, float]) -> None:
        ident = reference.strip()[len("url(#") : -1]
        marker = self.markers.get(ident)
        if marker is None:
            raise Unsupported(f"marker {ident!r} is not defined")
        vx, vy, vw, vh = marker.view_box
        scale = min(marker.size[0] / vw, marker.size[1] / vh)  # preserveAspectRatio="xMidYMid meet"
        offset_x = (marker.size[0] - vw * scale) / 2
        offset_y = (marker.size[1] - vh * scale) / 2
        context.save()
        context.translate(end[0], end[1])
        context.rotate(end[2])
        context.translate(-(marker.ref[0] - vx) * scale - offset_x, -(marker.ref[1] - vy) * scale - offset_y)
        context.rectangle(0, 0, marker.size[0], marker.size[1])
        context.clip()
        context.translate(offset_x, offset_y)
        context.scale(scale, scale)
        context.translate(-vx, -vy)
        self._children(context, marker.node, self._style("marker", marker.node, dict(INHERITED)))
        context.restore()

    def _text(self, context: Any, node: ET.Element, style: dict[str, str]) -> None:
        pieces = list(_text_pieces(self, node, style))
        if not pieces:
            return
        # SVG's default white space: newlines dropped, runs of spaces collapsed, ends trimmed
        first = next((i for i, p in enumerate(pieces) if p.text), None)
        last = next((i for i in range(len(pieces) - 1, -1, -1) if pieces[i].text), None)
        if first is not None and last is not None:
            pieces[first].text = pieces[first].text.lstrip(" ")
            pieces[last].text = pieces[last].text.rstrip(" ")
        # a chunk starts at each absolute position; pieces without one continue where the last ended
        chunks: list[list[_Piece]] = []
        for piece in pieces:
            if piece.x is not None or piece.y is not None or not chunks:
                chunks.append([])
            chunks[-1].append(piece)
        x = y = 0.0
        for index, parts in enumerate(chunks):
            following = chunks[index + 1][0] if index + 1 < len(chunks) else None
            x = parts[0].x if parts[0].x is not None else x
            y = parts[0].y if parts[0].y is not None else y
            x, y = self._chunk(context, x, y, parts, following is not None and following.x is None)

    def _chunk(self, context: Any, x: float, y: float, parts: list[_Piece], need_end: bool) -> tuple[float, float]:
        """Draw one chunk of text from (x, y), shifted by its anchor; where it ends."""
        anchor = parts[0].style["text-anchor"]
        measure = need_end or len(parts) > 1 or anchor != "start"
        advances: list[float] = []
        if measure:
            for part in parts:
                if part.text:
                    self._font(context, part.style)
                    advances.append(part.dx + context.text_extents(part.text)[4])
                else:
                    advances.append(part.dx)
            total = sum(advances)
            x -= total / 2 if anchor == "middle" else total if anchor == "end" else 0.0
        for index, part in enumerate(parts):
            x += part.dx
            y += part.dy
            if part.text and part.style["visibility"] == "visible":
                self._show(context, x, y, part)
            if measure:
                x += advances[index] - part.dx
        return x, y

    def _font(self, context: Any, style: dict[str, str]) -> None:
        select_font(context, self.cairo, style["font-family"], style["font-weight"], style["font-style"])
        context.set_font_size(length(style["font-size"]))

    def _show(self, context: Any, x: float, y: float, part: _Piece) -> None:
        style = part.style
        fill = colour(style["fill"])
        stroke = colour(style["stroke"])
        width = length(style["stroke-width"])
        self._font(context, style)
        if fill is not None:
            context.set_source_rgba(*fill, float(style["fill-opacity"]))
            context.move_to(x, y)
            context.show_text(part.text)
        if stroke is not None and width > 0:
            context.move_to(x, y)
            context.text_path(part.text)
            self._stroke_style(context, style, width)
            context.set_source_rgba(*stroke, float(style["stroke-opacity"]))
            context.stroke()


@dataclass
class _Piece:
    text: str
    style: dict[str, str]
    x: float | None
    y: float | None
    dx: float
    dy: float


def _clean(text: str | None) -> str:
    if not text:
        return ""
    return _SPACES.sub(" ", text.replace("\n", "").replace("\r", "").replace("\t", " "))


def _position(node: ET.Element, name: str) -> float | None:
    value = node.get(name)
    if value is None:
        return None
    found = numbers(value)
    return found[0] if found else None


def _text_pieces(painter: SvgDocument, node: ET.Element, style: dict[str, str]) -> Iterator[_Piece]:
    yield _Piece(
        _clean(node.text),
        style,
        _position(node, "x") or 0.0,
        _position(node, "y") or 0.0,
        _position(node, "dx") or 0.0,
        _position(node, "dy") or 0.0,
    )
    for child in node:
        span = painter._style("tspan", child, style)
        if span.get("display", "inline").strip() != "none":
            yield _Piece(
                _clean(child.text),
                span,
                _position(child, "x"),
                _position(child, "y"),
                _position(child, "dx") or 0.0,
                _position(child, "dy") or 0.0,
            )
        if child.tail:
            yield _Piece(_clean(child.tail), style, None, None, 0.0, 0.0)
