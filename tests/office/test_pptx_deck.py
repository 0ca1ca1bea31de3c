"""The deck as slides (read with python-pptx and as XML): a title slide, the persona, lanes numbered and cut alike on
every stage, value moments with expectation beside experience, ecosystem flows dashed by kind with a legend, channel
icons as native freeforms and a blueprint's hand-overs as native arrows."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from journeymap.core.context import load_map_and_context
from journeymap.model import MapType
from journeymap.render.blueprint_flows import hand_overs
from journeymap.render.icon_paths import icon_paths
from journeymap.render.icons import channel_icon
from journeymap.render.layout import layout_timeline
from journeymap.render.pptx import render_pptx

from support import EXAMPLES, example_map_files

HOME_LOAN = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _deck(path: Path) -> tuple[Any, Any]:
    m, context = load_map_and_context(path)
    return m, Presentation(io.BytesIO(render_pptx(m, context)))


def _texts(slide: Any) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.stem)
def test_title_and_persona_slides_open_the_deck(path: Path) -> None:
    m, deck = _deck(path)
    slides = list(deck.slides)
    assert m.title in _texts(slides[0])
    persona = m.persona and next((p for p in load_map_and_context(path)[1].personas if p.id == m.persona), None)
    if persona and m.type.is_timeline:
        assert persona.name in _texts(slides[1])


@pytest.mark.parametrize("path", [p for p in example_map_files() if "mental" not in p.stem and "energy" not in p.stem])
def test_lanes_numbered_alike_on_every_stage(path: Path) -> None:
    m, deck = _deck(path)
    names = {stage.name for stage in m.stages}
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for slide in deck.slides:
        title = _texts(slide)[0]
        found = re.fullmatch(r"(.+) — lanes? (\d+)(?:–(\d+))? of (\d+)", title)
        if found and found[1] in names:
            first = int(found[2])
            spans[found[1]].append((first, int(found[3] or first), int(found[4])))
    assert len({total for stage in spans.values() for *_, total in stage}) <= 1  # "of N" is the same everywhere
    if path == HOME_LOAN:  # its lanes are cut at the same places on every stage
        assert len({tuple(stage) for stage in spans.values()}) == 1, dict(spans)


def test_value_moments_compare_expectation_and_experience_on_one_slide() -> None:
    path = next(p for p in example_map_files() if p.stem == "business-return-value-moments")
    m, deck = _deck(path)
    assert m.value_moments
    for vm in m.value_moments:
        slides = ["\n".join(_texts(slide)) for slide in deck.slides if vm.name in "\n".join(_texts(slide))]
        assert any(f"VMCE {vm.vmce:g}\n" in text and f"VME {vm.vme:g}\n" in text for text in slides), vm.name


def test_ecosystem_flows_dashed_by_kind_with_a_legend() -> None:
    path = next(p for p in example_map_files() if p.stem == "home-energy-value-chain")
    m, deck = _deck(path)
    assert m.type is MapType.ECOSYSTEM_MAP
    slide = list(deck.slides)[-1]
    dashes = {d.get("val") for d in slide._element.iter(f"{A}prstDash")}
    kinds = {flow.kind for flow in m.value_flows}
    assert len(dashes) >= len(kinds) > 1  # every kind its own line style
    texts = " ".join(_texts(slide))
    assert "Value flows" in texts
    assert all(kind.value in texts for kind in kinds)
    assert all(flow.label.split()[0] in texts for flow in m.value_flows)  # every flow labelled or keyed


BLUEPRINT = EXAMPLES / "clinic-visit" / "maps" / "diabetes-review-blueprint.yaml"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _box(shape: Any) -> tuple[int, int, int, int]:
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


@pytest.mark.parametrize("path", [HOME_LOAN, BLUEPRINT], ids=lambda p: p.stem)
def test_every_touchpoint_has_its_channel_icon_as_a_native_shape(path: Path) -> None:
    """Each touchpoint's card on a stage slide has its channel's icon: one freeform (a custom geometry of unfilled
    pen strokes, no picture) inside the card, left of the card's text, with the channel as its alternative text;
    and above the icon its kind's mark (a square, circle or triangle)."""
    m, deck = _deck(path)
    found: dict[str, str] = {}
    marks: dict[str, str] = {}
    for slide in deck.slides:
        shapes = {shape.name: shape for shape in slide.shapes}
        for name, shape in shapes.items():
            if name.startswith("mark "):
                _, kind, tp_id = name.split(" ", 2)
                marks[tp_id] = kind
                assert shape._element.spPr.find(f"{A}prstGeom").get("prst") in ("rect", "ellipse", "triangle")
                assert shape.top < shapes[f"channel icon {channel_icon(_channel(m, tp_id))} {tp_id}"].top
            if not name.startswith("channel icon "):
                continue
            _, _, icon, tp_id = name.split(" ", 3)
            found[tp_id] = icon
            geometry = shape._element.spPr.find(f"{A}custGeom")
            assert geometry is not None and shape._element.find(f".//{P}blipFill") is None
            paths = geometry.findall(f"{A}pathLst/{A}path")
            assert len(paths) == len(icon_paths(icon)) and all(p.get("fill") == "none" for p in paths)
            assert shape._element.nvSpPr.cNvPr.get("descr").startswith("channel: ")
            card = shapes[f"touchpoint {tp_id}"]
            left, top, right, bottom = _box(card)
            i_left, i_top, i_right, i_bottom = _box(shape)
            assert left < i_left and i_right < right and top < i_top and i_bottom < bottom, name
            text_left = left + int(card._element.txBody.bodyPr.get("lIns"))
            assert i_right < text_left, name  # the text starts after the icon
    assert found == {tp.id: channel_icon(tp.channel) for tp in m.touchpoints}
    assert len(set(found.values())) > 2
    shapes = {"static": "square", "interactive": "circle", "human": "triangle"}
    assert marks == {tp.id: shapes[tp.kind.value] for tp in m.touchpoints}


def _channel(m: Any, tp_id: str) -> str:
    return str(next(tp.channel for tp in m.touchpoints if tp.id == tp_id))


def test_blueprint_hand_overs_are_arrows_in_the_gutter_between_cards() -> None:
    """A service blueprint's stage slides carry its hand-overs (the rule of blueprint_flows) as native connectors
    with arrow heads, each down a step's column from one card's foot to the next lane's first card, over no text."""
    m, deck = _deck(BLUEPRINT)
    layout = layout_timeline(m, load_map_and_context(BLUEPRINT)[1], 0.0)
    rule = {f"hand-over {h.step_id}: {h.upper_lane} to {h.lower_lane}" for h in hand_overs(m, layout)}
    drawn: list[str] = []
    for slide in deck.slides:
        arrows = [s for s in slide.shapes if s.name.startswith("hand-over ")]
        texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        for arrow in arrows:
            drawn.append(arrow.name)
            assert arrow._element.tag == f"{P}cxnSp"
            assert arrow._element.find(f".//{A}tailEnd[@type='triangle']") is not None
            assert arrow.width == 0 and arrow.height > 0  # straight down
            x, top, _, bottom = _box(arrow)
            over = [
                s.name for s in texts if s.left <= x <= s.left + s.width and s.top < bottom and top < s.top + s.height
            ]
            assert not over, (arrow.name, over)
            above = [s for s in texts if s.left <= x <= s.left + s.width and s.top + s.height <= top]
            below = [s for s in texts if s.left <= x <= s.left + s.width and s.top >= bottom]
            assert top - max(s.top + s.height for s in above) < Emu(Inches(0.05))  # from a card's foot
            assert min(s.top for s in below) - bottom < Emu(Inches(0.05))  # to the next card's top
    assert drawn and len(drawn) == len(set(drawn))
    assert set(drawn) <= rule
    assert len(drawn) >= len(rule) // 2  # lanes cut onto two slides hand over across slides: not drawn


def test_a_journey_map_has_no_hand_overs() -> None:
    _, deck = _deck(HOME_LOAN)
    assert not [s.name for slide in deck.slides for s in slide.shapes if s.name.startswith("hand-over ")]
