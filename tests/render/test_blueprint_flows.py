"""Hand-over arrows on the service blueprint: one per step where adjacent layer lanes both have cards, drawn in
the gutter so that no arrow crosses a card's text box, and named in the legend."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from xml.etree import ElementTree as ET

from journeymap.core.context import load_map_and_context
from journeymap.render.blueprint_flows import LAYERS
from journeymap.render.registry import render

from support import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"
BLUEPRINT = EXAMPLES / "clinic-visit" / "maps" / "diabetes-review-blueprint.yaml"


def _expected(m) -> set[tuple[str, str, str]]:
    """The rule of docs/format.md, applied to the model: adjacent layer lanes with cards at the same step."""
    lanes = list(m.lanes)
    found = set()
    for upper, lower in itertools.pairwise(lanes):
        if upper.kind in LAYERS and lower.kind in LAYERS:
            steps = {c.step for c in upper.cards} & {c.step for c in lower.cards}
            found |= {(s, upper.id, lower.id) for s in steps}
    return found


def _card_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    boxes = []
    for group in root.iter(f"{SVG}g"):
        if "jm-item" in (group.get("class") or "").split():
            rect = group.find(f"{SVG}rect")
            assert rect is not None
            x, y, w, h = (float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
            boxes.append((x, y, x + w, y + h))
    return boxes


def test_one_arrow_per_hand_over_and_none_crosses_a_card() -> None:
    m, context = load_map_and_context(BLUEPRINT)
    root = ET.fromstring(render(m, "svg", context))
    arrows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-handover-arrow"]
    drawn = {(g.get("data-step"), g.get("data-from"), g.get("data-to")) for g in arrows}
    expected = _expected(m)
    assert len(expected) >= 20  # the example hands over at most steps
    assert len(arrows) == len(expected) and drawn == expected
    cards = _card_boxes(root)
    assert cards
    for arrow in arrows:
        line = arrow.find(f"{SVG}line")
        assert line is not None
        x = float(line.get("x1", "0"))
        y1, y2 = sorted(float(line.get(k, "0")) for k in ("y1", "y2"))
        assert y2 - y1 > 10  # a visible shaft, pointing down
        for left, top, right, bottom in cards:
            crosses = left < x < right and y1 < bottom and top < y2
            assert not crosses, f"arrow at step {arrow.get('data-step')} crosses a card"


def test_hand_overs_are_in_the_legend_only_on_blueprints() -> None:
    m, context = load_map_and_context(BLUEPRINT)
    assert b"hand-over between blueprint layers" in render(m, "svg", context)
    journey = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"
    other, other_context = load_map_and_context(journey)
    svg = render(other, "svg", other_context)
    assert b"jm-handover" not in svg and b"hand-over" not in svg


def test_the_visio_page_has_the_same_hand_overs() -> None:
    m, context = load_map_and_context(BLUEPRINT)
    with zipfile.ZipFile(io.BytesIO(render(m, "vsdx", context))) as package:
        page = package.read("visio/pages/page1.xml").decode()
    names = set(re.findall(r'NameU="(Hand-over [^"]*)"', page))
    assert len(names) == len(_expected(m))
    assert 'NameU="Legend mark hand-over between blueprint layers"' in page
