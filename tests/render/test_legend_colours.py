"""The legend shows what is on the page: every card and mark colour of a timeline map is in its legend, no swatch
is shown that no card uses, and the swatches differ clearly (CIEDE2000 ΔE > 10)."""

from __future__ import annotations

import itertools
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.model import DEFAULT_VMPI_BANDS, Map
from journeymap.render.legend import NEUTRAL_FILLS, legend
from journeymap.render.registry import render
from journeymap.render.theme import MARK_FILL, MOT_FILL, WEIGHT_FILL, delta_e

from support import example_map_files

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = {f"{SVG}{tag}" for tag in ("rect", "circle", "polygon", "path", "ellipse")}
TIMELINES = [p for p in example_map_files() if load_map_and_context(p)[0].type.family == "timeline"]


def _fills(group: ET.Element) -> set[str]:
    return {s.get("fill", "").lower() for s in group.iter() if s.tag in SHAPES and s.get("fill")}


def _marked(root: ET.Element) -> set[str]:
    """The fills of every card, touchpoint mark and evidence badge on the page."""
    fills: set[str] = set()
    for group in root.iter(f"{SVG}g"):
        classes = (group.get("class") or "").split()
        if any(c.startswith(("jm-item", "jm-evidence")) for c in classes):
            fills |= _fills(group)
    return fills


def _legend_fills(root: ET.Element) -> set[str]:
    legends = [g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-legend"]
    return set().union(*(_fills(g) for g in legends))


def test_timeline_examples_exist() -> None:
    assert len(TIMELINES) >= 5


@pytest.mark.parametrize("path", TIMELINES, ids=lambda p: p.stem)
def test_every_colour_on_the_page_is_in_the_legend(path: Path) -> None:
    m, context = load_map_and_context(path)
    root = ET.fromstring(render(m, "svg", context))
    on_page = _marked(root)
    assert on_page, "no cards found: the test would pass vacuously"
    missing = on_page - _legend_fills(root) - NEUTRAL_FILLS
    assert not missing, f"{path.stem}: colours on the page but not in the legend: {sorted(missing)}"


def _weighted_fills(m: Map) -> set[str]:
    """The weight colours the cards really wear: weighted cards without a colour of their own, value moments."""
    fills = {WEIGHT_FILL[c.weight] for lane in m.lanes for c in lane.cards if c.weight and not c.colour}
    return fills | {WEIGHT_FILL[v.weight] for v in m.value_moments}


@pytest.mark.parametrize("path", TIMELINES, ids=lambda p: p.stem)
def test_no_weight_swatch_that_no_card_wears(path: Path) -> None:
    m, context = load_map_and_context(path)
    entries = legend(m, context).entries
    weight_swatches = {e.symbol[5:] for e in entries if e.label.startswith("weight W")}
    assert weight_swatches <= _weighted_fills(m)


def test_a_card_with_its_own_colour_is_explained_by_that_colour() -> None:
    path = next(p for p in TIMELINES if p.stem == "home-loan-as-is")
    m, context = load_map_and_context(path)
    own = [c for lane in m.lanes for c in lane.cards if c.colour]
    assert own, "the example gives some cards their own colour"
    entries = {e.symbol: e.label for e in legend(m, context).entries}
    for card in own:
        label = entries[f"fill:{card.colour}"]
        assert f"W{card.weight}" in label and "colour set in the map" in label
    # The red W5 cards do not bring in the violet W5 swatch they do not wear.
    assert not any(e.startswith("weight W5") for e in entries.values())


def test_an_unused_weight_or_band_is_not_in_the_legend() -> None:
    path = next(p for p in TIMELINES if p.stem == "home-loan-as-is")
    m, context = load_map_and_context(path)
    lane = next(lane for lane in m.lanes if lane.cards)
    card = lane.cards[0]
    weighted = m.model_copy(deep=True)
    target = next(lane2 for lane2 in weighted.lanes if lane2.id == lane.id)
    target.cards[0] = card.model_copy(update={"weight": 2, "colour": None})
    labels = [e.label for e in legend(weighted, context).entries]
    assert "weight W2" in labels
    assert not any(label.startswith("VMPI") for label in labels)


def test_weights_and_vmpi_bands_differ_clearly() -> None:
    swatches = {f"W{w}": fill for w, fill in WEIGHT_FILL.items()}
    swatches |= {f"VMPI {b.label}": b.colour for b in DEFAULT_VMPI_BANDS}
    swatches["moment of truth"] = MOT_FILL
    close = [
        (a, b, round(delta_e(swatches[a], swatches[b]), 1))
        for a, b in itertools.combinations(swatches, 2)
        if delta_e(swatches[a], swatches[b]) <= 10
    ]
    assert not close, f"swatches too alike (CIEDE2000 ΔE ≤ 10): {close}"


def test_delta_e_is_ciede2000() -> None:
    assert delta_e("#000000", "#ffffff") == pytest.approx(100.0, abs=0.01)
    assert delta_e("#ffd98a", "#ffd98a") == 0.0
    # The old W3 and the VMPI "near expectation" yellow, which the issue found almost the same.
    assert delta_e("#ffd98a", "#f3d58a") < 3
    assert delta_e(MARK_FILL, MOT_FILL) > 10


def test_legend_marks_use_the_page_colours() -> None:
    path = next(p for p in TIMELINES if p.stem == "home-loan-as-is")
    m, context = load_map_and_context(path)
    root = ET.fromstring(render(m, "svg", context))
    assert {MARK_FILL, MOT_FILL} <= _legend_fills(root)


def test_white_text_on_dark_cards_is_not_overridden_by_the_style_sheet() -> None:
    """A style sheet rule beats a fill attribute (SVG and CSS agree), so the default ink is inherited from the
    root rather than set on ``text``: the white title of a W4/W5 card stays white in browsers, PNG and PDF."""
    from journeymap.render.theme import SVG_CSS, is_dark

    rules = dict(line.split("{", 1) for line in SVG_CSS.strip().splitlines() if "{" in line)
    assert "fill" not in rules.get("text ", "")
    assert is_dark(WEIGHT_FILL[5]) and is_dark(WEIGHT_FILL[4])
    path = next(p for p in TIMELINES if p.stem == "business-return-value-moments")
    m, context = load_map_and_context(path)
    root = ET.fromstring(render(m, "svg", context))
    items = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("jm-item")]
    dark = [g for g in items if any(r.get("fill") == WEIGHT_FILL[5] for r in g.findall(f"{SVG}rect"))]
    assert dark and all(t.get("fill") == "#ffffff" for g in dark for t in g.findall(f"{SVG}text"))
