"""The Visio page tells the same story as the SVG: a legend with the page's colours, moment-of-truth frames,
touchpoint marks, flow labels over every line, blueprint labels off their line, and sub-lines in one size."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.render.icon_paths import icon_polylines
from journeymap.render.icons import channel_icon
from journeymap.render.legend import NEUTRAL_FILLS
from journeymap.render.theme import ACCENT, MARK_FILL
from journeymap.render.vsdx import render_vsdx

from support import example_map_files

V = "{http://schemas.microsoft.com/office/visio/2012/main}"
EXAMPLES = {p.stem: p for p in example_map_files()}


def _page(stem: str) -> ET.Element:
    m, context = load_map_and_context(EXAMPLES[stem])
    with zipfile.ZipFile(io.BytesIO(render_vsdx(m, context))) as archive:
        return ET.fromstring(archive.read("visio/pages/page1.xml"))


def _shapes(page: ET.Element, prefix: str) -> list[ET.Element]:
    return [s for s in page.iter(f"{V}Shape") if (s.get("NameU") or "").startswith(prefix)]


def _cell(shape: ET.Element, name: str) -> str | None:
    cell = shape.find(f"{V}Cell[@N='{name}']")
    return None if cell is None else cell.get("V")


def _box(shape: ET.Element) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in inches."""
    x, y = float(_cell(shape, "PinX") or 0), float(_cell(shape, "PinY") or 0)
    w, h = float(_cell(shape, "Width") or 0), float(_cell(shape, "Height") or 0)
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


@pytest.mark.parametrize(
    "stem",
    ["home-loan-as-is", "diabetes-review-blueprint", "business-return-value-moments", "family-trip-experience"],
)
def test_every_card_colour_is_in_the_visio_legend(stem: str) -> None:
    page = _page(stem)
    cards = [
        s
        for s in page.iter(f"{V}Shape")
        if re.match(r"(card|value-moment|vmpi|touchpoint|opportunity|challenge|moment-of-truth) ", s.get("NameU") or "")
        and not (s.get("NameU") or "").endswith(" meta")
    ]
    on_page = {(_cell(s, "FillForegnd") or "").lower() for s in cards} - NEUTRAL_FILLS
    in_legend = {(_cell(s, "FillForegnd") or "").lower() for s in _shapes(page, "Legend mark ")}
    assert on_page and not on_page - in_legend


def test_moments_of_truth_are_framed_and_touchpoints_marked() -> None:
    m, _ = load_map_and_context(EXAMPLES["home-loan-as-is"])
    page = _page("home-loan-as-is")
    frames = _shapes(page, "Moment of truth frame ")
    assert {f.get("NameU") for f in frames} == {f"Moment of truth frame {mot.step}" for mot in m.moments_of_truth}
    assert all(_cell(f, "LineColor") == ACCENT and _cell(f, "FillPattern") == "0" for f in frames)
    marks = _shapes(page, "Mark ")
    assert {s.get("NameU") for s in marks} == {f"Mark {k} {tp.id}" for tp in m.touchpoints for k in _kind(tp.kind)}
    assert all(_cell(s, "FillForegnd") == MARK_FILL for s in marks)


def _kind(kind: object) -> list[str]:
    return [{"static": "square", "interactive": "circle", "human": "triangle"}[getattr(kind, "value", "")]]


def test_blueprint_labels_sit_beside_their_line() -> None:
    page = _page("diabetes-review-blueprint")
    lines = _shapes(page, "Line of ")
    assert lines
    for line in lines:
        label = _shapes(page, f"Label {line.get('NameU')}")[0]
        _left, bottom, right, top = _box(label)
        assert float(_cell(line, "BeginX") or 0) > right  # the line starts after its name: no strike-through
        assert bottom < float(_cell(line, "BeginY") or 0) < top
        assert _cell(label, "FillForegnd") == "#ffffff"


def test_flow_labels_are_drawn_over_every_flow() -> None:
    page = _page("home-energy-value-chain")
    shapes = list(page.iter(f"{V}Shape"))
    order = {s.get("NameU"): i for i, s in enumerate(shapes)}
    flows = [s for s in shapes if (s.get("NameU") or "").startswith("Flow ") and "label" not in (s.get("NameU") or "")]
    labels = _shapes(page, "Flow label ")
    assert len(labels) == len(flows) > 0
    assert min(order[s.get("NameU")] for s in labels) > max(order[s.get("NameU")] for s in flows)
    assert all(_cell(s, "FillForegnd") == "#ffffff" for s in labels)
    patterns = {_cell(s, "LinePattern") for s in flows}
    assert len(patterns) > 1  # flow kinds differ by line pattern as in the SVG
    assert _shapes(page, "Legend flow ")


def test_sub_lines_are_a_text_shape_inside_the_card() -> None:
    """A card's sub-lines are a child text shape of the card's group, not a second run of its text: LibreOffice
    counts a run's start in UTF-8 bytes, so after a title with "★" the sub-line's first letters took the title's
    size."""
    page = _page("diabetes-review-blueprint")
    groups = [s for s in page.iter(f"{V}Shape") if s.get("Type") == "Group"]
    moments = [g for g in groups if (g.get("NameU") or "").startswith("moment-of-truth ")]
    assert moments
    for group in moments:
        own = group.find(f"{V}Text")
        assert own is not None and "".join(own.itertext()).startswith("★ ")
        assert own.find(f"{V}cp[@IX='1']") is None
        child = group.find(f"{V}Shapes/{V}Shape")
        assert child is not None and child.get("NameU") == f"{group.get('NameU')} meta"
        assert "".join(child.find(f"{V}Text").itertext()).startswith("importance")  # type: ignore[union-attr]
        size = child.find(f"{V}Section[@N='Character']/{V}Row/{V}Cell[@N='Size']")
        title = group.find(f"{V}Section[@N='Character']/{V}Row/{V}Cell[@N='Size']")
        assert float(size.get("V")) < float(title.get("V"))  # type: ignore[union-attr]


@pytest.mark.parametrize("stem", ["home-loan-as-is", "diabetes-review-blueprint"])
def test_every_touchpoint_has_its_channel_icon_in_its_card(stem: str) -> None:
    """Each touchpoint's card has its channel's icon, as in the SVG: an unfilled shape of line strokes (a geometry
    section a stroke of the icon) inside the card, below its title, left of its sub-lines; the legend draws each."""
    m, _ = load_map_and_context(EXAMPLES[stem])
    page = _page(stem)
    icons = _shapes(page, "Channel icon ")
    found = {}
    for icon in icons:
        _, _, key, tp_id = (icon.get("NameU") or "").split(" ", 3)
        found[tp_id] = key
        sections = icon.findall(f"{V}Section[@N='Geometry']")
        assert len(sections) == len(icon_polylines(key))
        assert all(_cell_of(s, "NoFill") == "1" for s in sections)
        assert all(s.find(f"{V}Row[@T='LineTo']") is not None for s in sections)
        card = _shapes(page, f"touchpoint {tp_id}")[0]
        left, bottom, right, top = _box(card)
        i_left, i_bottom, i_right, i_top = _box(icon)
        assert left < i_left and i_right < right and bottom < i_bottom and i_top < top
        meta = card.find(f"{V}Shapes/{V}Shape")
        assert meta is not None
        assert i_right < left + float(_cell(meta, "LeftMargin") or 0)  # the sub-lines start after the icon
    assert found == {tp.id: channel_icon(tp.channel) for tp in m.touchpoints}
    legend = {(s.get("NameU") or "").removeprefix("Legend mark "): s for s in _shapes(page, "Legend mark ")}
    for tp in m.touchpoints:  # the legend's entry naming the channel draws its icon
        entry = next(shape for label, shape in legend.items() if tp.channel in label.split(", "))
        assert len(entry.findall(f"{V}Section[@N='Geometry']")) == len(icon_polylines(channel_icon(tp.channel)))


def _cell_of(section: ET.Element, name: str) -> str | None:
    cell = section.find(f"{V}Cell[@N='{name}']")
    return None if cell is None else cell.get("V")
