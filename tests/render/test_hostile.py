"""A map whose text is hostile HTML/SVG renders that text literally and runs nothing, in every format."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest

from journeymap.model import Map
from journeymap.render.registry import render

from support import HOSTILE, hostile_map_data

SVG = "{http://www.w3.org/2000/svg}"


def _all_svg_text(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def _assert_inert_svg(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, whatever the text
    for el in root.iter():
        tag = el.tag.removeprefix(SVG)
        assert tag not in {"script", "foreignObject", "a", "image", "iframe", "use"}, tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "javascript:" not in value.lower() or name == "data-element", (name, value)
    return root


@pytest.mark.parametrize("map_type", ["customer-journey-map", "service-blueprint", "value-moments-planner"])
def test_svg_is_inert_and_keeps_text(map_type: str) -> None:
    m = Map.model_validate({**hostile_map_data(), "type": map_type})
    root = _assert_inert_svg(render(m, "svg").decode())
    text = _all_svg_text(root)
    for piece in ("<script>alert('x')</script>", "javascript:alert(1)", "]]><svg"):
        assert piece in text.replace("\n", " ") or piece.split()[0] in text


def test_svg_title_and_desc_are_escaped() -> None:
    root = _assert_inert_svg(render(Map.model_validate(hostile_map_data()), "svg").decode())
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None and "<script>" in title.text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_inert() -> None:
    page = render(Map.model_validate(hostile_map_data()), "html").decode()
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "iframe" not in parser.tags
    assert all(not name.startswith("on") for name, _ in parser.attrs)
    assert all("javascript:" not in (value or "") for name, value in parser.attrs if name in ("href", "src"))
    text = "".join(parser.text)
    for piece in HOSTILE[:4]:
        assert piece in text
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert meta is not None and "script-src" not in meta.group(1) and "default-src 'none'" in meta.group(1)


def test_markdown_is_inert() -> None:
    text = render(Map.model_validate(hostile_map_data()), "markdown").decode()
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # an escaped \] opens no link
    assert "&lt;script&gt;" in text
    # every table row keeps its cell count: no user text can add a cell with '|'
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    counts = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
    assert len(counts) == 1


def test_mermaid_export_cannot_break_the_diagram(hostile_map: Any) -> None:
    from journeymap.files.mermaid_import import import_mermaid

    text = render(hostile_map, "mermaid").decode()
    again, _ = import_mermaid(text)
    assert [s.name for s in again.steps] == [s.name for s in hostile_map.steps]
