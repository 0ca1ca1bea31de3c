"""An SVG of the painter's vocabulary, parsed and checked before anything is drawn, with its style sheet,
markers and the style of each element."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from .path import _path
from .svg_values import (
    GEOMETRY,
    INHERITED,
    NOT_INHERITED,
    PROPERTIES,
    SILENT,
    Box,
    StyleSheet,
    Unsupported,
    _check_attributes,
    _local,
    cairo_module,
    colour,
    declarations,
    length,
    numbers,
    transform_matrix,
)


@dataclass(frozen=True)
class Marker:
    view_box: tuple[float, float, float, float]
    ref: tuple[float, float]
    size: tuple[float, float]
    node: ET.Element


class SvgDocument:
    """An SVG of the painter's vocabulary, read and checked; the style of each of its elements."""

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
