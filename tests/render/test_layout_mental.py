"""Properties of the mental model diagram layout: towers above the line, supports under the towers they
serve, a gap under every unsupported tower, text that fits its boxes, and no overlaps."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.model import Map
from journeymap.render.layout_mental import PAD_X, MentalLayout, TextBox, layout_mental
from journeymap.render.layout_network import Box
from journeymap.render.text import text_width

EXAMPLE = Path(__file__).parents[2] / "examples" / "streaming-mental-model"


def mental(spaces: list[dict[str, Any]], supports: list[dict[str, Any]]) -> Map:
    return Map.model_validate(
        {"title": "Mental model", "type": "mental-model-diagram", "mental_spaces": spaces, "supports": supports}
    )


def trip_map() -> Map:
    spaces: list[dict[str, Any]] = [
        {
            "id": "plan",
            "name": "Plan the trip",
            "towers": [
                {
                    "id": "dates",
                    "name": "Pick dates",
                    "boxes": [{"text": "I check school holidays first"}, {"text": "Cheaper mid-week, but I work"}],
                },
                {"id": "budget", "name": "Set a budget", "boxes": [{"text": "I never go above last year's spend"}]},
                {"id": "mood", "name": "Agree the kind of trip with my partner"},
            ],
        },
        {"id": "empty", "name": "A space with no towers yet"},
        {
            "id": "book",
            "name": "Book",
            "towers": [
                {"id": "compare", "name": "Compare prices", "boxes": [{"text": "I open five tabs"}]},
                {"id": "pay", "name": "Pay", "boxes": [{"text": "I want to split the bill with friends"}]},
            ],
        },
    ]
    supports = [
        {"id": "calendar", "text": "Calendar view with school holidays", "towers": ["dates"]},
        {"id": "planner", "text": "Budget planner across dates and budget", "towers": ["dates", "budget"]},
        {"id": "alerts", "text": "Price alerts", "towers": ["compare", "dates"]},
        {"id": "orphan", "text": "A support for a tower that does not exist", "towers": ["nowhere"]},
        {"id": "dates-2", "text": "Flexible dates search", "towers": ["dates"]},
        {"id": "split", "text": "Split payment", "towers": ["pay"]},
    ]
    return mental(spaces, supports)


def all_text_boxes(layout: MentalLayout) -> list[TextBox]:
    boxes = [s.header for s in layout.spaces]
    for tower in layout.towers:
        boxes.append(tower.name)
        boxes.extend(tower.boxes)
    boxes.extend(s.text for s in layout.supports)
    return boxes


def assert_sound(layout: MentalLayout) -> None:
    """Nothing overlaps, text fits, towers are above the line and supports and gaps below it."""
    drawn: list[Box] = [t.box for t in all_text_boxes(layout)] + [g.box for g in layout.gaps]
    for a, b in itertools.combinations(drawn, 2):
        assert not a.overlaps(b), (a, b)
    for text in all_text_boxes(layout):
        for line in text.lines:
            assert text_width(line, text.size, bold=text.bold) <= text.box.w - 2 * PAD_X + 0.01, line
        assert text.box.h >= len(text.lines) * text.line_height
    for tower in layout.towers:
        for item in (tower.name, *tower.boxes):
            assert item.box.bottom < layout.line_y
            assert tower.column.x <= item.box.x and item.box.right <= tower.column.right
    for box in [s.text.box for s in layout.supports] + [g.box for g in layout.gaps]:
        assert box.y > layout.line_y
    for box in drawn:
        assert box.x >= 0 and box.right <= layout.width and box.y >= 0 and box.bottom <= layout.height
    for a, b in itertools.combinations([s.region for s in layout.spaces], 2):
        assert not a.overlaps(b)


def test_layout_is_sound() -> None:
    assert_sound(layout_mental(trip_map()))


def test_spaces_are_side_by_side_and_hold_their_towers() -> None:
    layout = layout_mental(trip_map())
    regions = [s.region for s in layout.spaces]
    assert [r.x for r in regions] == sorted(r.x for r in regions)
    for tower in layout.towers:
        region = next(s.region for s in layout.spaces if s.id == tower.space)
        assert region.x <= tower.column.x and tower.column.right <= region.right
    assert len(layout.spaces) == 3  # the space without towers keeps its place and its name
    assert " ".join(layout.spaces[1].header.lines) == "A space with no towers yet"


def test_towers_stand_on_the_line() -> None:
    layout = layout_mental(trip_map())
    bottoms = {round(t.boxes[-1].box.bottom if t.boxes else t.name.box.bottom, 6) for t in layout.towers}
    assert len(bottoms) == 1  # every tower ends at the same height, just above the line
    dates = next(t for t in layout.towers if t.id == "dates")
    assert dates.name.box.y < dates.boxes[0].box.y < dates.boxes[1].box.y  # name on top, boxes in file order


def test_support_sits_under_its_tower_and_spans_adjacent_towers() -> None:
    layout = layout_mental(trip_map())
    columns = {t.id: t.column for t in layout.towers}
    planner = next(s for s in layout.supports if s.id == "planner")
    assert planner.towers == ("dates", "budget")
    assert planner.text.box.x == columns["dates"].x
    assert planner.text.box.right == columns["budget"].right
    centre = (columns["dates"].x + columns["budget"].right) / 2
    assert planner.text.box.centre.x == pytest.approx(centre)
    calendar = next(s for s in layout.supports if s.id == "calendar")
    assert (calendar.text.box.x, calendar.text.box.w) == (columns["dates"].x, columns["dates"].w)


def test_several_supports_under_one_tower_stack() -> None:
    layout = layout_mental(trip_map())
    under_dates = [s.text.box for s in layout.supports if "dates" in s.towers]
    assert len(under_dates) == 4
    tops = sorted(b.y for b in under_dates)
    assert len(set(tops)) == 4  # stacked, not side by side


def test_support_for_towers_apart_gets_a_box_under_each_with_a_note() -> None:
    layout = layout_mental(trip_map())
    parts = [s for s in layout.supports if s.id == "alerts"]
    assert [p.part for p in parts] == [0, 1]
    assert {p.towers for p in parts} == {("dates",), ("compare",)}
    under_dates = next(p for p in parts if p.towers == ("dates",))
    assert "Compare prices" in " ".join(under_dates.note)
    assert all(p.text.lines == ("Price alerts",) for p in parts)


def test_unsupported_towers_show_a_gap_right_under_the_line() -> None:
    layout = layout_mental(trip_map())
    gaps = {g.tower: g.box for g in layout.gaps}
    assert set(gaps) == {"mood"}
    mood = next(t for t in layout.towers if t.id == "mood")
    assert not mood.supported
    assert gaps["mood"].x == mood.column.x and gaps["mood"].w == mood.column.w
    assert all(g.y <= s.text.box.y for g in gaps.values() for s in layout.supports)


def test_supports_without_a_known_tower_are_gathered_at_the_right() -> None:
    layout = layout_mental(trip_map())
    orphan = next(s for s in layout.supports if s.id == "orphan")
    assert orphan.towers == ()
    assert layout.unlinked_heading is not None
    assert orphan.text.box.x >= max(t.column.right for t in layout.towers)
    assert orphan.text.box.y > layout.unlinked_heading.bottom


def test_supports_are_listed_in_file_order() -> None:
    layout = layout_mental(trip_map())
    ids = list(dict.fromkeys(s.id for s in layout.supports))
    assert ids == ["calendar", "planner", "alerts", "orphan", "dates-2", "split"]


def test_layout_is_deterministic() -> None:
    assert layout_mental(trip_map()) == layout_mental(trip_map())


def test_empty_diagram() -> None:
    layout = layout_mental(mental([], []))
    assert layout.towers == () and layout.supports == () and layout.width > 0 and layout.height > 0


def test_long_unbroken_words_are_broken_to_fit() -> None:
    word = "Supercalifragilisticexpialidocious-and-then-some-more-letters"
    spaces = [{"id": "s", "name": "S", "towers": [{"id": "t", "name": word, "boxes": [{"text": word}]}]}]
    layout = layout_mental(mental(spaces, []))
    assert len(layout.towers[0].boxes[0].lines) > 1
    assert "".join(layout.towers[0].boxes[0].lines) == word
    assert_sound(layout)


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="example workspace not present")
def test_example_workspace_is_sound() -> None:
    from journeymap.files.loader import read_workspace

    for source in read_workspace(EXAMPLE).maps:
        if source.map.mental_spaces:
            assert_sound(layout_mental(source.map))


WORDS = ["I", "want", "to", "know", "price", "before", "booking", "friends", "trust", "reviews", "never", "late"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=18).map(" ".join)


@st.composite
def random_diagrams(draw: st.DrawFn) -> Map:
    spaces = []
    tower_ids = []
    for s in range(draw(st.integers(0, 4))):
        towers = []
        for t in range(draw(st.integers(0, 4))):
            tower_ids.append(f"t{s}-{t}")
            boxes = [{"text": text} for text in draw(st.lists(sentences, max_size=5))]
            towers.append({"id": f"t{s}-{t}", "name": draw(sentences), "boxes": boxes})
        spaces.append({"id": f"s{s}", "name": draw(sentences), "towers": towers})
    targets = st.lists(st.sampled_from([*tower_ids, "unknown"]), max_size=3)
    supports = [
        {"id": f"sup{k}", "text": draw(sentences), "towers": draw(targets)} for k in range(draw(st.integers(0, 8)))
    ]
    return mental(spaces, supports)


@settings(max_examples=60, deadline=None)
@given(random_diagrams())
def test_random_diagrams_are_sound(m: Map) -> None:
    layout = layout_mental(m)
    assert_sound(layout)
    supported = {t for s in m.supports for t in s.towers}
    assert {g.tower for g in layout.gaps} == {t.id for sp in m.mental_spaces for t in sp.towers} - supported
