"""Properties of the timeline layout: nothing overlaps, every text fits its box."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.model import Map
from journeymap.render.layout import ITEM_PAD, MARKER_W, layout_timeline
from journeymap.render.registry import RenderContext
from journeymap.render.text import text_width, wrap

words = st.text(alphabet=st.characters(codec="ascii", categories=("L", "N", "P")), min_size=1, max_size=40)
texts = st.lists(words, min_size=1, max_size=25).map(" ".join)


@given(st.lists(texts, min_size=1, max_size=6), st.integers(1, 4))
@settings(max_examples=40, deadline=None)
def test_items_never_overlap_and_text_fits(card_texts: list[str], steps: int) -> None:
    step_list = [{"id": f"s{i}", "name": f"Step {i}"} for i in range(steps)]
    cards = [{"step": f"s{i % steps}", "text": t} for i, t in enumerate(card_texts)]
    m = Map.model_validate(
        {"title": "T", "stages": [{"name": "S", "steps": step_list}], "lanes": [{"kind": "actions", "cards": cards}]}
    )
    layout = layout_timeline(m, RenderContext(), 100)
    boxes = [item for lane in layout.lanes for cell in lane.cells for item in cell.items]
    assert len(boxes) == len(cards)
    for lane in layout.lanes:
        for cell in lane.cells:
            for item in cell.items:
                assert cell.x <= item.x and item.x + item.w <= cell.x + cell.w
                assert lane.y <= item.y and item.y + item.h <= lane.y + lane.h
                room = item.w - 2 * ITEM_PAD - (MARKER_W if item.item.marker else 0)
                assert all(text_width(line, 12) <= room + 0.01 for line in item.title_lines)
            ordered = sorted(cell.items, key=lambda b: b.y)
            for a, b in itertools.pairwise(ordered):
                assert a.y + a.h <= b.y
    for upper, lower in zip(layout.lanes, layout.lanes[1:], strict=False):
        assert upper.y + upper.h <= lower.y


def test_wrap_keeps_every_character() -> None:
    text = "Supercalifragilisticexpialidocious and a long line of ordinary words to wrap"
    lines = wrap(text, 60, 12)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(text_width(line, 12) <= 60 for line in lines)
