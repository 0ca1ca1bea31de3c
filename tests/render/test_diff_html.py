"""The diff page: both curves on one chart, changes written in words and symbols, hostile text inert."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

from journeymap.analysis.diff import diff_maps
from journeymap.files.loader import load_map
from journeymap.model import Map
from journeymap.render.diff_html import render_diff_html, render_emotion_overlay_svg

from support import EXAMPLES, HOSTILE, hostile_map_data

SVG = "{http://www.w3.org/2000/svg}"


class Collector(HTMLParser):
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


def parse(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    return collector


def home_loan_page() -> str:
    maps = EXAMPLES / "home-loan" / "maps"
    return render_diff_html(diff_maps(load_map(maps / "home-loan-as-is.yaml"), load_map(maps / "home-loan-to-be.yaml")))


def test_home_loan_page() -> None:
    page = home_loan_page()
    parsed = parse(page)
    text = " ".join(parsed.text)
    assert parsed.tags.count("svg") == 1  # one chart
    for marker in ("⇄ replaced", "~ changed", "+ gained", "− lost", "+ added", "− removed"):
        assert marker in text, marker
    assert "Steps: 0 added, 0 removed, 3 renamed, 0 moved, 2 replaced" in text
    assert "renamed from “Start application”" in text
    assert "replaces “Upload documents”, “Answer underwriter queries”" in text
    assert "emotional level measured in A, estimated in B" in text
    assert "2.9 (n=205)" in text and "5.5 est." in text
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert meta is not None and "default-src 'none'" in meta.group(1)


def test_chart_overlays_both_curves_with_a_legend_and_deltas() -> None:
    maps = EXAMPLES / "home-loan" / "maps"
    diff = diff_maps(load_map(maps / "home-loan-as-is.yaml"), load_map(maps / "home-loan-to-be.yaml"))
    root = ET.fromstring(render_emotion_overlay_svg(diff))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and "(A)" in (title.text or "") and "(B)" in (title.text or "")
    lines = root.findall(f"{SVG}line")
    dashed_grey = [x for x in lines if x.get("stroke") == "#7b8794" and x.get("stroke-dasharray")]
    solid_blue = [x for x in lines if x.get("stroke") == "#1d4e89" and not x.get("stroke-dasharray")]
    assert len(dashed_grey) >= 15 and len(solid_blue) >= 14  # the curves (and the legend's samples)
    shown = " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))
    assert "A: Home loan for a first-time buyer — as is" in shown and "B: Home loan" in shown
    deltas = ["".join(g.itertext()) for g in root.iter(f"{SVG}g") if g.get("class") == "jm-delta"]
    both = [r for r in diff.rows() if r.a and r.b and r.match and r.match.emotion_delta is not None]
    assert len(deltas) == len(both) == 15 and any("+2.6" in d for d in deltas)  # s-query's row has no B point
    a_points = [g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-point jm-a"]
    assert len(a_points) == 16


def _hostile(**changes: Any) -> Map:
    data = hostile_map_data()
    data.update(changes)
    return Map.model_validate(data)


def test_hostile_text_is_inert() -> None:
    text = " ".join(HOSTILE)
    a = _hostile()
    b = _hostile(
        title="B " + text,
        stages=[
            {"id": "s1", "name": text, "steps": [{"id": "a", "name": text + " x", "emotion": 7}]},
            {"id": "s2", "name": "S2", "steps": [{"id": "new", "name": HOSTILE[1], "emotion": 2}]},
        ],
    )
    page = render_diff_html(diff_maps(a, b))
    parsed = parse(page)
    assert not {"script", "img", "iframe", "object", "embed", "a"} & set(parsed.tags)
    assert all(not name.lower().startswith("on") for name, _ in parsed.attrs)
    assert all("javascript:" not in (value or "").lower() for _, value in parsed.attrs)
    joined = "".join(parsed.text)
    for piece in HOSTILE[:4]:
        assert piece in joined
    svg = re.search(r"<svg.*?</svg>", page, flags=re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    for el in root.iter():
        assert el.tag.removeprefix(SVG) not in {"script", "foreignObject", "a", "image", "use"}
        assert all(not k.lower().startswith("on") for k in el.attrib)


def test_identical_maps() -> None:
    m = load_map(EXAMPLES / "home-loan" / "maps" / "home-loan-to-be.yaml")
    page = render_diff_html(diff_maps(m, m))
    assert "No differences: the two maps are the same." in page
    assert "= same" in " ".join(parse(page).text)
