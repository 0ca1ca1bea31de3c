"""Reading the values of the SVG vocabulary the painter draws: lengths, number lists, colours, transforms, CSS
declarations and style sheets, and which elements, attributes and properties belong to it."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

from ..extras import optional_module

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
    return optional_module("cairocffi", what, "pdf")  # also when libcairo itself is missing


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
