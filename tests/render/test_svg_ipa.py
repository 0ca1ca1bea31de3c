"""The importance–performance chart: accessible, quadrants written, labels never overlapping, hostile text inert."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analysis.ipa import Quadrant, importance_performance
from journeymap.files.loader import load_map
from journeymap.model import Map
from journeymap.render.svg_ipa import layout_ipa, render_ipa_svg

from support import EXAMPLES, HOSTILE

SVG = "{http://www.w3.org/2000/svg}"


def ipa_map(points: list[tuple[str, float, float]]) -> Map:
    touchpoints = [
        {"id": f"tp{k}", "step": "s", "name": name, "importance": imp, "satisfaction": sat}
        for k, (name, imp, sat) in enumerate(points)
    ]
    return Map.model_validate(
        {
            "title": "Chart",
            "stages": [{"name": "S", "steps": [{"id": "s", "name": "Step"}]}],
            "touchpoints": touchpoints,
        }
    )


def texts(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def assert_inert(root: ET.Element) -> None:
    for el in root.iter():
        assert el.tag.removeprefix(SVG) not in {"script", "foreignObject", "a", "image", "iframe", "use"}
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "javascript:" not in value.lower(), (name, value)


def test_home_loan_chart() -> None:
    result = importance_performance(load_map(EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"))
    root = ET.fromstring(render_ipa_svg(result))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "jm-title jm-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and "Importance–performance analysis" in (title.text or "")
    assert desc is not None and "Concentrate here: Application tracker, Document upload screen." in (desc.text or "")
    shown = texts(root)
    for q in Quadrant:
        assert q.label in shown  # the quadrants are named, not only coloured
    for name in ("Application tracker", "Document upload screen", "Borrowing calculator"):
        assert name in shown
    assert "Satisfaction (performance), 1–10" in shown and "Importance, 1–10" in shown
    assert "I* 8.20" in shown and "S* 5.56" in shown
    points = root.findall(f".//{SVG}g[@class='jm-ipa-point jm-concentrate-here']")
    assert {p.get("data-element") for p in points} == {"tp-tracker", "tp-upload"}
    assert "14 touchpoints without scores not shown" in shown


def test_hostile_names_are_text() -> None:
    result = importance_performance(ipa_map([(text, 5 + k % 4, 3 + k % 6) for k, text in enumerate(HOSTILE)]))
    svg = render_ipa_svg(result)
    root = ET.fromstring(svg)
    assert_inert(root)
    shown = texts(root)
    assert "<script>alert('x')</script>" in shown.replace("\n", " ") or "<script>alert('x')" in shown
    assert "<script" not in svg and "<img" not in svg


def _overlaps(labels: Any) -> list[tuple[str, str]]:
    return [(a.point.name, b.point.name) for a, b in itertools.combinations(labels, 2) if a.box.overlaps(b.box)]


def test_crowded_labels_do_not_overlap() -> None:
    points = [(f"Touchpoint number {k} with a long name", 7 + (k % 5) * 0.1, 4 + (k % 7) * 0.1) for k in range(30)]
    layout = layout_ipa(importance_performance(ipa_map(points)))
    assert _overlaps(layout.labels) == []
    assert any(label.leader for label in layout.labels)


names = st.text(alphabet="abcdefghij XYZ<>&\"'", min_size=1, max_size=40).filter(lambda s: s.strip() != "")
score = st.floats(min_value=1, max_value=10, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(names, score, score), min_size=1, max_size=25))
def test_labels_never_overlap(points: list[tuple[str, float, float]]) -> None:
    result = importance_performance(ipa_map(points))
    layout = layout_ipa(result)
    assert _overlaps(layout.labels) == []
    for label in layout.labels:  # every label inside the picture
        assert label.box.x >= 0 and label.box.x + label.box.w <= layout.width
        assert label.box.y >= 0 and label.box.y + label.box.h <= layout.height
    ET.fromstring(render_ipa_svg(result))  # well-formed whatever the names
