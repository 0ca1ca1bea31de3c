"""The deck as slides (read with python-pptx and as XML): a title slide, the persona, lanes numbered and cut alike on
every stage, value moments with expectation beside experience, ecosystem flows dashed by kind with a legend."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from journeymap.core.context import load_map_and_context
from journeymap.model import MapType
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
