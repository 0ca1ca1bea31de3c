"""Draw the SVG of :mod:`journeymap.render.svg_map` straight onto a cairo context (for PDF and PNG).

cairosvg draws any SVG, but it lays text out one character at a time, which makes a large map slow to print.
Our renderers write a small, known part of SVG: groups with translations, rectangles, lines, polylines,
polygons, circles, ellipses, paths (``M L H V C S Q T Z``), arrow-head markers at a path's end, text with
``tspan`` lines, colours and opacities, stroke widths, dashes and caps, fonts by size, weight and style,
``text-anchor``, and a style sheet of plain type and class rules. :class:`Drawing` reads such an SVG and
draws it with cairo, each string of text whole with ``show_text`` (so a PDF keeps the text as text and embeds
the font). Anything outside that vocabulary raises :class:`Unsupported` while reading, before anything is
drawn, and the caller draws that SVG with cairosvg instead (:func:`drawing_of`): nothing is dropped silently.

Styles follow SVG: presentation attributes, then style-sheet rules (class rules over type rules, later over
earlier), then a ``style`` attribute; inherited properties pass from parent to child.
"""

from __future__ import annotations

import importlib
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any, Literal

from ..errors import MissingExtraError

__all__ = ["Box", "Drawing", "SvgPainter", "Unsupported", "cairo_module", "drawing_of", "select_font"]

NS = "{http://www.w3.org/2000/svg}"


Box = tuple[float, float, float, float]
"""x0, y0, x1, y1."""
EMPTY: Box = (math.inf, math.inf, -math.inf, -math.inf)


def _meets(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _union(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


class Unsupported(Exception):
    """The SVG uses something :class:`SvgPainter` does not draw."""


def cairo_module(what: str = "PDF export") -> ModuleType:
    """``cairocffi`` (installed with cairosvg, the ``pdf`` extra)."""
    try:
        return importlib.import_module("cairocffi")
    except (ImportError, OSError) as exc:  # OSError: libcairo itself is missing
        raise MissingExtraError(what, "pdf") from exc


INHERITED = {
    "fill": "#000000",
    "fill-opacity": "1",
    "fill-rule": "nonzero",
    "stroke": "none",
    "stroke-opacity": "1",
    "stroke-width": "1",
    "stroke-dasharray": "none",
    "stroke-dashoffset": "0",
    "stroke-linecap": "butt",
    "stroke-linejoin": "miter",
    "stroke-miterlimit": "4",
    "font-family": "sans-serif",
    "font-size": "16",
    "font-weight": "normal",
    "font-style": "normal",
    "text-anchor": "start",
    "marker-end": "none",
    "visibility": "visible",
}
"""Inherited properties the painter knows, with their initial values."""
NOT_INHERITED = {"opacity", "display"}
PROPERTIES = set(INHERITED) | NOT_INHERITED
IGNORED_ATTRIBUTES = {"id", "class", "style", "role", "version", "xmlns", "lang"}
"""Attributes that draw nothing (``data-*`` and ``aria-*`` are ignored too)."""
GEOMETRY: dict[str, set[str]] = {
    "svg": {"width", "height", "viewBox"},
    "g": {"transform"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "transform"},
    "circle": {"cx", "cy", "r", "transform"},
    "ellipse": {"cx", "cy", "rx", "ry", "transform"},
    "line": {"x1", "y1", "x2", "y2", "transform"},
    "polyline": {"points", "transform"},
    "polygon": {"points", "transform"},
    "path": {"d", "transform"},
    "text": {"x", "y", "dx", "dy", "transform"},
    "tspan": {"x", "y", "dx", "dy"},
    "marker": {"viewBox", "refX", "refY", "markerWidth", "markerHeight", "markerUnits", "orient"},
}
WEIGHTS = tuple(str(w) for w in range(100, 1000, 100))
SILENT = {"title", "desc", "metadata", "style"}
"""Elements that draw nothing."""

NAMED_COLOURS = {
    "black": (0.0, 0.0, 0.0),
    "white": (1.0, 1.0, 1.0),
    "red": (1.0, 0.0, 0.0),
    "green": (0.0, 128 / 255, 0.0),
    "blue": (0.0, 0.0, 1.0),
    "gray": (128 / 255, 128 / 255, 128 / 255),
    "grey": (128 / 255, 128 / 255, 128 / 255),
}

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"([MmLlHhVvCcSsQqTtZz])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([\s,]+)|(.)")
_TRANSFORM = re.compile(r"\s*(translate|scale|rotate|matrix)\s*\(([^)]*)\)\s*,?")
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SELECTOR = re.compile(r"^(?:([a-zA-Z][\w-]*)|\.([\w-]+))$")
_SPACES = re.compile(" +")
_RGB = re.compile(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")


def length(value: str) -> float:
    """A plain number or a number of ``px``."""
    text = value.strip().removesuffix("px")
    try:
        return float(text)
    except ValueError:
        raise Unsupported(f"length {value!r}") from None


def numbers(value: str) -> list[float]:
    text = value.strip()
    found = _NUMBER.findall(text)
    if _NUMBER.sub("", text).replace(",", "").strip():
        raise Unsupported(f"list of numbers {value!r}")
    return [float(n) for n in found]


@lru_cache(maxsize=4096)
def colour(value: str) -> tuple[float, float, float] | None:
    """RGB (0–1) of a CSS colour; ``None`` for ``none``/``transparent``."""
    text = value.strip().lower()
    if text in ("none", "transparent"):
        return None
    if text.startswith("#") and len(text) in (4, 7):
        digits = text[1:] if len(text) == 7 else "".join(c * 2 for c in text[1:])
        try:
            return int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255
        except ValueError:
            raise Unsupported(f"colour {value!r}") from None
    match = _RGB.fullmatch(text)
    if match:
        r, g, b = (min(int(v), 255) / 255 for v in match.groups())
        return r, g, b
    if text in NAMED_COLOURS:
        return NAMED_COLOURS[text]
    raise Unsupported(f"colour {value!r}")


def transform_matrix(cairo: ModuleType, value: str) -> Any:
    """A cairo matrix for an SVG ``transform`` list."""
    matrix = cairo.Matrix()
    rest = value
    while rest.strip():
        match = _TRANSFORM.match(rest)
        if not match:
            raise Unsupported(f"transform {value!r}")
        name, args = match.group(1), numbers(match.group(2))
        if name == "translate" and len(args) in (1, 2):
            step = cairo.Matrix(x0=args[0], y0=args[1] if len(args) == 2 else 0.0)
        elif name == "scale" and len(args) in (1, 2):
            step = cairo.Matrix(xx=args[0], yy=args[1] if len(args) == 2 else args[0])
        elif name == "rotate" and len(args) == 1:
            step = cairo.Matrix.init_rotate(math.radians(args[0]))
        elif name == "matrix" and len(args) == 6:
            step = cairo.Matrix(*args)
        else:
            raise Unsupported(f"transform {value!r}")
        matrix = step.multiply(matrix)  # the later transform applies first
        rest = rest[match.end() :]
    return matrix


def declarations(text: str) -> dict[str, str]:
    """``name: value; …`` (a style sheet rule's body or a ``style`` attribute)."""
    found: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, colon, value = part.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not colon or name not in PROPERTIES or "!" in value:
            raise Unsupported(f"style declaration {part.strip()!r}")
        found[name] = value
    return found


@dataclass(frozen=True)
class StyleSheet:
    """Rules of the form ``type { … }`` and ``.class { … }`` (comma lists of them)."""

    by_type: dict[str, list[tuple[int, dict[str, str]]]]
    by_class: dict[str, list[tuple[int, dict[str, str]]]]

    @classmethod
    def parse(cls, css: str) -> StyleSheet:
        by_type: dict[str, list[tuple[int, dict[str, str]]]] = {}
        by_class: dict[str, list[tuple[int, dict[str, str]]]] = {}
        text = _CSS_COMMENT.sub("", css)
        if _CSS_RULE.sub("", text).strip():
            raise Unsupported("style sheet")
        for order, match in enumerate(_CSS_RULE.finditer(text)):
            body = declarations(match.group(2))
            for selector in match.group(1).split(","):
                found = _SELECTOR.match(selector.strip())
                if not found:
                    raise Unsupported(f"selector {selector.strip()!r}")
                if found.group(1):
                    by_type.setdefault(found.group(1), []).append((order, body))
                else:
                    by_class.setdefault(found.group(2), []).append((order, body))
        return cls(by_type, by_class)

    def merge(self, other: StyleSheet) -> StyleSheet:
        offset = 1 + max(
            (order for rules in (*self.by_type.values(), *self.by_class.values()) for order, _ in rules), default=0
        )
        by_type = {k: list(v) for k, v in self.by_type.items()}
        by_class = {k: list(v) for k, v in self.by_class.items()}
        for source, target in ((other.by_type, by_type), (other.by_class, by_class)):
            for key, rules in source.items():
                target.setdefault(key, []).extend((order + offset, body) for order, body in rules)
        return StyleSheet(by_type, by_class)

    def matching(self, tag: str, classes: str) -> dict[str, str]:
        """The declarations of every rule that matches, in cascade order (later wins)."""
        found: dict[str, str] = {}
        for _, body in sorted(self.by_type.get(tag, []), key=lambda rule: rule[0]):
            found.update(body)
        class_rules = [rule for name in classes.split() for rule in self.by_class.get(name, [])]
        for _, body in sorted(class_rules, key=lambda rule: rule[0]):
            found.update(body)
        return found


def _local(tag: str) -> str:
    if not tag.startswith(NS):
        raise Unsupported(f"element {tag!r} outside the SVG namespace")
    return tag[len(NS) :]


def _check_attributes(tag: str, node: ET.Element) -> None:
    allowed = GEOMETRY.get(tag, set())
    for name in node.attrib:
        if name.startswith("{"):
            raise Unsupported(f"attribute {name!r}")
        if name in allowed or name in PROPERTIES or name in IGNORED_ATTRIBUTES:
            continue
        if name.startswith(("data-", "aria-")):
            continue
        raise Unsupported(f"attribute {name!r} on <{tag}>")


def select_font(context: Any, cairo: ModuleType, family: str, weight: str, style: str) -> None:
    """Select the first family of a CSS ``font-family`` list, as cairosvg does."""
    first = family.split(",")[0].strip().strip("'\"") or "sans-serif"
    bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 550)
    slant = {"italic": cairo.FONT_SLANT_ITALIC, "oblique": cairo.FONT_SLANT_OBLIQUE}.get(style, cairo.FONT_SLANT_NORMAL)
    context.select_font_face(first, slant, cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)


@dataclass(frozen=True)
class Marker:
    view_box: tuple[float, float, float, float]
    ref: tuple[float, float]
    size: tuple[float, float]
    node: ET.Element


class SvgPainter:
    """A parsed SVG of the known vocabulary; :meth:`paint` draws it (in its user units, px)."""

    def __init__(self, svg: str) -> None:
        self.cairo = cairo_module()
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as exc:
            raise Unsupported(f"XML: {exc}") from None
        if _local(root.tag) != "svg":
            raise Unsupported("the root is not <svg>")
        self.root = root
        self.sheet = StyleSheet({}, {})
        self.markers: dict[str, Marker] = {}
        self._scratch_context: Any = None
        self._check(root)
        box = numbers(root.get("viewBox", ""))
        self.width = length(root.get("width", str(box[2] if len(box) == 4 else 0)))
        self.height = length(root.get("height", str(box[3] if len(box) == 4 else 0)))
        if len(box) == 4 and (box[0], box[1], box[2], box[3]) != (0.0, 0.0, self.width, self.height):
            raise Unsupported("a viewBox other than the drawing's size")
        if self.width <= 0 or self.height <= 0:
            raise Unsupported("the drawing has no size")
        self._styles: dict[tuple[str, str], dict[str, str]] = {}
        self._bounds: dict[int, Box] | None = None
        self._window: Box | None = None

    def _check(self, node: ET.Element) -> None:
        """Reject what the painter cannot draw; read style sheets and markers (before drawing anything)."""
        for child in node.iter():
            tag = _local(child.tag)
            if tag == "style":
                if child.get("type", "text/css") != "text/css" or len(child):
                    raise Unsupported("style element")
                self.sheet = self.sheet.merge(StyleSheet.parse(child.text or ""))
                continue
            if tag in SILENT:
                continue
            if tag == "defs":
                for kid in child:
                    if _local(kid.tag) != "marker":
                        raise Unsupported(f"<{_local(kid.tag)}> in <defs>")
                continue
            if tag == "marker":
                self._read_marker(child)
            elif tag not in GEOMETRY:
                raise Unsupported(f"element <{tag}>")
            _check_attributes(tag, child)
            if tag == "tspan" and len(child):
                raise Unsupported("nested tspan")
            if tag == "text":
                for kid in child:
                    if _local(kid.tag) != "tspan":
                        raise Unsupported(f"<{_local(kid.tag)}> in <text>")
            self._check_geometry(tag, child)
            for name, value in child.attrib.items():
                if name in PROPERTIES:
                    self._check_property(name, value)
            for name, value in declarations(child.get("style", "")).items():
                self._check_property(name, value)
        for rules in (*self.sheet.by_type.values(), *self.sheet.by_class.values()):
            for _, body in rules:
                for name, value in body.items():
                    self._check_property(name, value)

    def _scratch(self) -> Any:
        """A context to build paths and measure on (drawing nothing)."""
        if self._scratch_context is None:
            self._scratch_context = self.cairo.Context(self.cairo.ImageSurface(self.cairo.FORMAT_ARGB32, 1, 1))
        self._scratch_context.new_path()
        return self._scratch_context

    def _check_geometry(self, tag: str, node: ET.Element) -> None:
        """Every number, point list, path and transform readable (so drawing never stops half-way)."""
        for name, value in node.attrib.items():
            if name not in GEOMETRY.get(tag, ()) or tag in ("svg", "marker"):
                continue
            if name == "transform":
                transform_matrix(self.cairo, value)
            elif name == "d":
                _path(self._scratch(), value)
            elif name == "points":
                if len(numbers(value)) % 2:
                    raise Unsupported(f"points {value[:40]!r}")
            elif tag in ("text", "tspan"):
                if len(numbers(value)) > 1:
                    raise Unsupported("a list of text positions")
            else:
                length(value)

    def _check_property(self, name: str, value: str) -> None:
        if value.strip() == "inherit":
            return
        if name in ("fill", "stroke"):
            colour(value)
        elif name == "marker-end":
            if value.strip() != "none" and not re.fullmatch(r"url\(#[\w-]+\)", value.strip()):
                raise Unsupported(f"marker-end {value!r}")
        elif name in ("fill-opacity", "stroke-opacity", "opacity", "stroke-width", "stroke-miterlimit"):
            length(value)
        elif name == "font-size":
            length(value)
        elif name == "stroke-dasharray":
            if value.strip() != "none":
                numbers(value)
        elif name == "stroke-dashoffset":
            length(value)
        elif name == "display" and value.strip() not in ("inline", "none", "block"):
            raise Unsupported(f"display {value!r}")
        elif name == "visibility" and value.strip() not in ("visible", "hidden", "collapse"):
            raise Unsupported(f"visibility {value!r}")
        elif name == "text-anchor" and value.strip() not in ("start", "middle", "end"):
            raise Unsupported(f"text-anchor {value!r}")
        elif name == "font-style" and value.strip() not in ("normal", "italic", "oblique"):
            raise Unsupported(f"font-style {value!r}")
        elif name == "font-weight" and not (
            value.strip() in ("normal", "bold", "bolder", "lighter") or value.isdigit()
        ):
            raise Unsupported(f"font-weight {value!r}")
        elif name == "fill-rule" and value.strip() not in ("nonzero", "evenodd"):
            raise Unsupported(f"fill-rule {value!r}")
        elif name == "stroke-linecap" and value.strip() not in ("butt", "round", "square"):
            raise Unsupported(f"stroke-linecap {value!r}")
        elif name == "stroke-linejoin" and value.strip() not in ("miter", "round", "bevel"):
            raise Unsupported(f"stroke-linejoin {value!r}")

    def _read_marker(self, node: ET.Element) -> None:
        ident = node.get("id")
        if not ident:
            return
        if node.get("markerUnits", "strokeWidth") != "userSpaceOnUse" or node.get("orient") != "auto":
            raise Unsupported("a marker that is not in user space with orient='auto'")
        size = (length(node.get("markerWidth", "3")), length(node.get("markerHeight", "3")))
        box = numbers(node.get("viewBox", f"0 0 {size[0]} {size[1]}"))
        if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
            raise Unsupported("marker viewBox")
        ref = (length(node.get("refX", "0")), length(node.get("refY", "0")))
        self.markers[ident] = Marker((box[0], box[1], box[2], box[3]), ref, size, node)

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

    def _style(self, tag: str, node: ET.Element, inherited: dict[str, str]) -> dict[str, str]:
        style = dict(inherited)
        for name in NOT_INHERITED:
            style.pop(name, None)
        parent = inherited
        attrib = node.attrib
        for name, value in attrib.items():
            if name in PROPERTIES:
                style[name] = value
        key = (tag, attrib.get("class", ""))
        rules = self._styles.get(key)
        if rules is None:
            rules = self._styles[key] = self.sheet.matching(tag, key[1])
        style.update(rules)
        inline = attrib.get("style")
        if inline:
            style.update(declarations(inline))
        for name, value in list(style.items()):
            if value.strip() == "inherit":
                style[name] = parent.get(name, INHERITED.get(name, ""))
        return style

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
            x, y = length(get("x", "0")), length(get("y", "0"))
            w, h = length(get("width", "0")), length(get("height", "0"))
            if w <= 0 or h <= 0:
                return False
            rx_raw, ry_raw = get("rx"), get("ry")
            rx = length(rx_raw) if rx_raw is not None else None
            ry = length(ry_raw) if ry_raw is not None else None
            rx, ry = (rx if rx is not None else ry or 0.0), (ry if ry is not None else rx or 0.0)
            rx, ry = min(rx, w / 2), min(ry, h / 2)
            if rx > 0 and ry > 0:
                _rounded_rect(context, x, y, w, h, rx, ry)
            else:
                context.rectangle(x, y, w, h)
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


def _text_pieces(painter: SvgPainter, node: ET.Element, style: dict[str, str]) -> Iterator[_Piece]:
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


def _rounded_rect(context: Any, x: float, y: float, w: float, h: float, rx: float, ry: float) -> None:
    context.save()
    context.translate(x, y)
    context.scale(rx, ry)
    sw, sh = w / rx, h / ry
    context.new_sub_path()
    context.arc(sw - 1, 1, 1, -math.pi / 2, 0)
    context.arc(sw - 1, sh - 1, 1, 0, math.pi / 2)
    context.arc(1, sh - 1, 1, math.pi / 2, math.pi)
    context.arc(1, 1, 1, math.pi, 3 * math.pi / 2)
    context.close_path()
    context.restore()


def _path_tokens(d: str) -> Iterator[str | float]:
    for command, number, _space, other in _PATH_TOKEN.findall(d):
        if other:
            raise Unsupported(f"path data {d[:40]!r}")
        if command:
            yield command
        elif number:
            yield float(number)


def _path(context: Any, d: str) -> tuple[float, float, float] | None:
    """Build the path ``d`` (commands M L H V C S Q T Z); the end point and the direction there."""
    tokens = list(_path_tokens(d))
    i = 0
    command = ""
    x = y = start_x = start_y = 0.0
    last_control: tuple[float, float] | None = None
    last_quad: tuple[float, float] | None = None
    direction = 0.0

    def take(count: int) -> list[float]:
        nonlocal i
        values = tokens[i : i + count]
        if len(values) != count or not all(isinstance(v, float) for v in values):
            raise Unsupported(f"path data {d[:40]!r}")
        i += count
        return [float(v) for v in values]

    def heading(ax: float, ay: float, bx: float, by: float) -> None:
        nonlocal direction
        if (ax, ay) != (bx, by):
            direction = math.atan2(by - ay, bx - ax)

    while i < len(tokens):
        token = tokens[i]
        if isinstance(token, str):
            command = token
            i += 1
            if command in "Zz":
                heading(x, y, start_x, start_y)
                context.close_path()
                x, y = start_x, start_y
                last_control = last_quad = None
                continue
        elif not command or command in "Zz":
            raise Unsupported(f"path data {d[:40]!r}")
        relative = command.islower()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        upper = command.upper()
        control: tuple[float, float] | None = None
        quad: tuple[float, float] | None = None
        if upper == "M":
            px, py = take(2)
            x, y = ox + px, oy + py
            start_x, start_y = x, y
            context.move_to(x, y)
            command = "l" if relative else "L"  # further pairs are lines
        elif upper in ("L", "H", "V"):
            if upper == "L":
                px, py = take(2)
                nx, ny = ox + px, oy + py
            elif upper == "H":
                nx, ny = ox + take(1)[0], y
            else:
                nx, ny = x, oy + take(1)[0]
            heading(x, y, nx, ny)
            context.line_to(nx, ny)
            x, y = nx, ny
        elif upper in ("C", "S"):
            if upper == "C":
                c1x, c1y, c2x, c2y, px, py = take(6)
                c1 = (ox + c1x, oy + c1y)
            else:
                c2x, c2y, px, py = take(4)
                c1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_control else (x, y)
            c2 = (ox + c2x, oy + c2y)
            nx, ny = ox + px, oy + py
            if (c2[0], c2[1]) != (nx, ny):
                heading(c2[0], c2[1], nx, ny)
            elif c1 != (nx, ny):
                heading(c1[0], c1[1], nx, ny)
            else:
                heading(x, y, nx, ny)
            context.curve_to(c1[0], c1[1], c2[0], c2[1], nx, ny)
            x, y = nx, ny
            control = c2
        elif upper in ("Q", "T"):
            if upper == "Q":
                qx, qy, px, py = take(4)
                q = (ox + qx, oy + qy)
            else:
                px, py = take(2)
                q = (2 * x - last_quad[0], 2 * y - last_quad[1]) if last_quad else (x, y)
            nx, ny = ox + px, oy + py
            if q != (nx, ny):
                heading(q[0], q[1], nx, ny)
            else:
                heading(x, y, nx, ny)
            context.curve_to(
                x + 2 / 3 * (q[0] - x),
                y + 2 / 3 * (q[1] - y),
                nx + 2 / 3 * (q[0] - nx),
                ny + 2 / 3 * (q[1] - ny),
                nx,
                ny,
            )
            x, y = nx, ny
            quad = q
        else:  # pragma: no cover - the tokenizer knows no other command
            raise Unsupported(f"path command {command!r}")
        last_control, last_quad = control, quad
    if not tokens:
        return None
    return x, y, direction


# the painter or cairosvg, behind one interface ---------------------------------------------------------------


@dataclass(frozen=True)
class Drawing:
    """Something that draws an SVG of ``width`` × ``height`` px onto a cairo context (in px)."""

    width: float
    height: float
    paint: Callable[[Any, Box | None], None]
    """Draws onto a context in px; given a window (x0, y0, x1, y1), it may leave out what lies outside it."""
    painted_by: str


def drawing_of(svg: str, what: str = "PDF export") -> Drawing:
    """Our painter for SVG in its vocabulary; cairosvg (recorded once, replayed as vectors) for anything else."""
    cairo = cairo_module(what)
    try:
        painter = SvgPainter(svg)
    except Unsupported:
        return _cairosvg_drawing(svg, cairo, what)
    return Drawing(painter.width, painter.height, painter.paint, "journeymap")


def _cairosvg_drawing(svg: str, cairo: ModuleType, what: str) -> Drawing:
    try:
        cairosvg = importlib.import_module("cairosvg")
    except (ImportError, OSError) as exc:
        raise MissingExtraError(what, "pdf") from exc
    tree = cairosvg.parser.Tree(bytestring=svg.encode("utf-8"))
    recorded: dict[str, Any] = {}

    class Recording(cairosvg.surface.Surface):  # type: ignore[name-defined,misc]
        """cairosvg drawing into a cairo recording surface (vectors and text), replayed onto a page."""

        device_units_per_user_units = 1

        def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
            surface = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, (0, 0, width, height))
            recorded.update(surface=surface, width=width, height=height)
            return surface, width, height

    def record() -> Any:
        Recording(tree, None, 96)  # draws into a recording surface; not finished, so it can be replayed
        return recorded.pop("surface")

    recorded["surface"] = record()

    def paint(context: Any, window: Box | None = None) -> None:
        # a fresh recording for each page: cairo's PDF writer would reuse one recording's first page's part
        surface = recorded.pop("surface", None) or record()
        context.save()
        context.set_source_surface(surface, 0, 0)
        context.paint()
        context.restore()

    return Drawing(float(recorded["width"]), float(recorded["height"]), paint, "cairosvg")
