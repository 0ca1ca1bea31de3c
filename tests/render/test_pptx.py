"""The PowerPoint writer: slides, native shapes only, notes with the evidence, determinism, hostile text."""

from __future__ import annotations

import io
import itertools
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from journeymap.core.context import load_map_and_context
from journeymap.model import Map, MapType
from journeymap.render.pptx import MAX_STEPS, MEDIA_TYPE, render_pptx, renderer, wrapped_lines
from journeymap.render.registry import RenderContext

from support import EXAMPLES, HOSTILE, example_map_files, hostile_map_data

HOME_LOAN = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"


def _texts(deck: Presentation) -> str:  # type: ignore[valid-type]
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)


def _title(slide: Any) -> str:
    return str(next(shape for shape in slide.shapes if shape.has_text_frame).text_frame.text)


def _stage_slides(m: Map, deck: Any) -> list[Any]:
    """The stage slides of a deck (title "<stage> — …" or the stage's name), after the title, persona and overview
    slides and before the value moments, moments of truth and opportunities."""
    names = {stage.name for stage in m.stages}
    return [slide for slide in deck.slides if _title(slide).split(" — ")[0] in names]


def _overview(deck: Any) -> Any:
    """The overview slide: the first whose notes give the evidence behind the numbers."""
    return next(s for s in deck.slides if s.notes_slide.notes_text_frame.text.startswith("Evidence behind"))


def _run_sizes(slide: Any) -> list[tuple[float, str]]:
    return [
        (run.font.size.pt, run.text)
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]


def _check_stage_slides(m: Map, data: bytes) -> list[Any]:
    """Every text on the stage slides at 10 pt or more, every shape on the slide, every card drawn once
    (its box named after it, holding its text); the stage slides returned."""
    deck = Presentation(io.BytesIO(data))
    slides = _stage_slides(m, deck)
    drawn: Counter[str] = Counter()
    for slide in slides:
        small = [(size, text) for size, text in _run_sizes(slide) if size < 10]
        assert not small, (_title(slide), small[:3])
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, shape.name
            assert shape.left + shape.width <= deck.slide_width + 2, (_title(slide), shape.name)
            assert shape.top + shape.height <= deck.slide_height + 2, (_title(slide), shape.name)
            if shape.name.startswith("card "):
                drawn[shape.name] += 1
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text
    cards = {f"card {card.id}": card for lane in m.lanes for card in lane.cards}
    assert set(drawn) == set(cards)
    assert all(count == 1 for count in drawn.values()), [name for name, count in drawn.items() if count > 1]
    for slide in slides:
        for shape in slide.shapes:
            if shape.name in cards:
                assert cards[shape.name].text in shape.text_frame.text
    return slides


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
    if m.type.is_timeline:  # the title, persona and overview slides, then each stage on one slide or more, in order
        titles = [_title(slide) for slide in _stage_slides(m, deck)]
        assert len(titles) >= len(stages)
        assert [t.split(" — ")[0] for t in titles] == sorted(
            (t.split(" — ")[0] for t in titles), key=[s.name for s in stages].index
        )
        assert {t.split(" — ")[0] for t in titles} == {s.name for s in stages}
    else:  # a title slide, then the diagram (a mental model: a slide a mental space)
        assert len(deck.slides) >= 2
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
    notes = _overview(deck).notes_slide.notes_text_frame.text
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
    overview = _overview(deck)
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


@pytest.mark.parametrize("path", [p for p in example_map_files() if "home-loan" in p.stem or "blueprint" in p.stem])
def test_stage_slides_readable_and_complete(path: Path) -> None:
    m, context = load_map_and_context(path)
    _check_stage_slides(m, render_pptx(m, context))


def test_many_lanes_continue_on_the_next_slide() -> None:
    m, context = load_map_and_context(HOME_LOAN)
    slides = _check_stage_slides(m, render_pptx(m, context))
    stages = [s for s in m.stages if s.steps]
    assert len(slides) > len(stages)  # 13 lanes do not fit one slide at 10 pt
    for stage in stages:
        titles = [_title(slide) for slide in slides if _title(slide).split(" — ")[0] == stage.name]
        if len(titles) == 1:
            continue
        spans = [re.fullmatch(re.escape(stage.name) + r" — lanes (\d+)–(\d+) of (\d+)", t) for t in titles]
        assert all(spans), titles
        numbers = [(int(s[1]), int(s[2]), int(s[3])) for s in spans if s]
        assert numbers[0][0] == 1 and numbers[-1][1] == numbers[-1][2]  # from the first lane to the last
        for (_, last, _), (first, _, _) in itertools.pairwise(numbers):
            assert first == last + 1  # continuing, none left out
    notes = [slide.notes_slide.notes_text_frame.text for slide in slides]
    assert all(n.startswith("Evidence behind the numbers") for n in notes)
    continued = [s for s in slides if any("Continued on the next slide: lane" in t for _, t in _run_sizes(s))]
    assert continued


def _crowded_map() -> Map:
    """A stage of 14 steps, one with 40 long cards in a lane, and a map of 3 steps with 25 lanes."""
    words = "the customer waits for a reply about the documents she uploaded yesterday evening"
    steps = [{"id": f"s{i}", "name": f"Step number {i} with a longer name"} for i in range(14)]
    lanes: list[dict[str, Any]] = [
        {
            "id": "actions",
            "kind": "actions",
            "cards": [{"id": f"crowd{i}", "step": "s0", "text": f"{i}: {words}"} for i in range(40)]
            + [{"id": f"one{i}", "step": f"s{i}", "text": f"Card {i} {words}"} for i in range(14)],
        }
    ]
    lanes += [
        {
            "id": f"lane{k}",
            "kind": "thoughts",
            "title": f"Lane {k}",
            "cards": [{"id": f"c{k}", "step": "t0", "text": "x"}],
        }
        for k in range(25)
    ]
    return Map.model_validate(
        {
            "id": "crowded",
            "title": "Crowded",
            "stages": [
                {"id": "big", "name": "Big stage", "steps": steps},
                {"id": "tall", "name": "Tall stage", "steps": [{"id": f"t{i}", "name": f"T{i}"} for i in range(3)]},
            ],
            "lanes": lanes,
        }
    )


def test_crowded_stages_paginate_by_steps_and_cards() -> None:
    m = _crowded_map()
    data = render_pptx(m, RenderContext())
    slides = _check_stage_slides(m, data)
    titles = [_title(slide) for slide in slides]
    assert any(t.startswith("Big stage — steps 1–") for t in titles)
    assert any(re.match(r"Big stage — steps \d+–14 of 14", t) for t in titles)
    for slide in slides:
        step_heads = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Step number")]
        assert len(step_heads) <= MAX_STEPS
    headings = [shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame]
    assert "Actions (continued)" in headings
    assert any(re.match(r"Big stage — steps 1–\d+ of 14 · lane 1 of 26 \(continued\)", t) for t in titles)
    assert any(re.match(r"Tall stage — lanes 1–\d+ of 26", t) for t in titles)  # empty card lanes are kept
    assert render_pptx(m, RenderContext()) == data


def test_wrapped_lines_estimate() -> None:
    assert wrapped_lines("", 2.0, 10) == 1
    assert wrapped_lines("short", 2.0, 10) == 1
    assert wrapped_lines("a\nb\nc", 2.0, 10) == 3
    long = " ".join(["word"] * 100)
    assert wrapped_lines(long, 2.0, 10) > wrapped_lines(long, 4.0, 10) > wrapped_lines(long, 4.0, 8) - 1
    assert wrapped_lines("x" * 200, 1.0, 10) >= 10  # a word longer than a line is broken
