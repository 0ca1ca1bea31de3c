"""A tiny SVG writer that escapes every piece of user text.

Text never goes into SVG unescaped: element text and attribute values are escaped for XML, control
characters are replaced, and nothing a user writes becomes an element, an attribute name, a URL or a style.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from .text import FONT_FAMILY, clean_text

__all__ = ["attr", "element", "esc", "num", "svg_document", "svg_element", "text_block", "text_line"]


def esc(text: str) -> str:
    """``text`` escaped for XML element content and attribute values."""
    return escape(clean_text(text), quote=True)


def num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0`` (deterministic output)."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def attr(attrs: Mapping[str, object]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{esc(shown)}"')
    return "".join(parts)


def element(tag: str, attrs: Mapping[str, object] | None = None, content: str | Iterable[str] | None = None) -> str:
    """An element; ``content`` is markup already built (escape user text with :func:`esc` first)."""
    opening = f"<{tag}{attr(attrs or {})}"
    if content is None:
        return opening + "/>"
    body = content if isinstance(content, str) else "".join(content)
    return f"{opening}>{body}</{tag}>"


def text_block(
    lines: list[str],
    x: float,
    y: float,
    *,
    size: float,
    line_height: float,
    css_class: str = "",
    bold: bool = False,
    anchor: str = "start",
    fill: str | None = None,
) -> str:
    """Lines of text starting with the first baseline at ``y``; each line a ``tspan`` (text stays text)."""
    spans = []
    for index, line in enumerate(lines):
        dy = "0" if index == 0 else num(line_height)
        spans.append(element("tspan", {"x": x, "dy": dy}, esc(line)))
    attrs: dict[str, object] = {"x": x, "y": y, "font-size": size, "class": css_class or None}
    if bold:
        attrs["font-weight"] = "bold"
    if anchor != "start":
        attrs["text-anchor"] = anchor
    if fill:
        attrs["fill"] = fill
    return element("text", attrs, spans)


def text_line(
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    css_class: str = "",
    bold: bool = False,
    anchor: str = "start",
    fill: str | None = None,
) -> str:
    """One line of text with its baseline at ``y`` (a :func:`text_block` of one line)."""
    return text_block(
        [text], x, y, size=size, line_height=size, css_class=css_class, bold=bold, anchor=anchor, fill=fill
    )


def svg_document(width: float, height: float, title: str, description: str, body: Iterable[str], css: str) -> str:
    """A standalone SVG with a title and description for screen readers (``role="img"``)."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg_element(width, height, title, description, body, css) + "\n"


def svg_element(
    width: float, height: float, title: str, description: str, body: Iterable[str], css: str, ids: str = "jm"
) -> str:
    """An ``<svg>`` element (no XML declaration, for a page) with a title and description for screen readers
    (``role="img"``), their ids starting ``ids-``; ``FONT_FAMILY`` in ``css`` is replaced by the font list."""
    head = element("title", {"id": f"{ids}-title"}, esc(title)) + element(
        "desc", {"id": f"{ids}-desc"}, esc(description)
    )
    style = element("style", None, css.replace("FONT_FAMILY", FONT_FAMILY))
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "width": width,
        "height": height,
        "viewBox": f"0 0 {num(width)} {num(height)}",
        "role": "img",
        "aria-labelledby": f"{ids}-title {ids}-desc",
    }
    return element("svg", attrs, [head, style, *body])
