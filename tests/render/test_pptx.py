"""The PowerPoint writer: slides, native shapes only, notes with the evidence, determinism, hostile text."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pptx import Presentation

from journeymap.cli.context import load_map_and_context
from journeymap.model import Map, MapType
from journeymap.render.pptx import MEDIA_TYPE, render_pptx, renderer
from journeymap.render.registry import RenderContext

from support import EXAMPLES, HOSTILE, example_map_files, hostile_map_data

HOME_LOAN = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"


def _texts(deck: Presentation) -> str:  # type: ignore[valid-type]
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)


def test_renderer_metadata() -> None:
    r = renderer()
    assert (r.name, r.extension, r.media_type, r.binary) == ("pptx", ".pptx", MEDIA_TYPE, True)


@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.stem)
def test_every_example(path: Path) -> None:
    m, context = load_map_and_context(path)
    first = render_pptx(m, context)
    time.sleep(0.01)
    assert first == render_pptx(m, context)
    deck = Presentation(io.BytesIO(first))
    stages = [s for s in m.stages if s.steps]
    assert len(deck.slides) == (1 + len(stages) if m.type.is_timeline else 1)
    for slide in deck.slides:
        assert all(shape.shape_type != 13 for shape in slide.shapes)  # 13 = picture: everything is native
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text
    text = _texts(deck)
    assert m.title in text
    if m.type.is_timeline:
        for lane in m.lanes:
            for card in lane.cards:
                assert card.text in text, card.text
    elif m.type is MapType.ECOSYSTEM_MAP:
        assert all(actor.name.split()[0] in text for actor in m.actors)


def test_notes_carry_the_evidence() -> None:
    m, context = load_map_and_context(HOME_LOAN)
    deck = Presentation(io.BytesIO(render_pptx(m, context)))
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    measured = next(s for s in m.steps if s.emotion is not None and s.emotion.is_measured)
    assert f"{measured.name}: emotional level measured — mean" in notes
    assert "n=" in notes and "95 % interval" in notes and "data set" in notes
    assert "estimated" in notes
    for mot in m.moments_of_truth:
        assert f"Moment of truth “{mot.title}”: importance {mot.importance:g}" in notes
    assert "priority" in notes and "basis:" in notes


def test_emotion_curve_and_moments_are_native_shapes() -> None:
    m, context = load_map_and_context(HOME_LOAN)
    deck = Presentation(io.BytesIO(render_pptx(m, context)))
    overview = deck.slides[0]
    kinds = [shape.shape_type for shape in overview.shapes]
    assert 5 in kinds  # freeform (the curve)
    starred = [s for s in overview.shapes if s.has_text_frame and "★" in s.text_frame.text]
    assert len(starred) >= len({mot.step for mot in m.moments_of_truth})  # moment-of-truth steps say so in words


def test_hostile_text_is_literal() -> None:
    m = Map.model_validate(hostile_map_data())
    data = render_pptx(m, RenderContext())
    text = _texts(Presentation(io.BytesIO(data)))
    for hostile in HOSTILE:
        assert hostile in text
