"""``print_check`` (issue 14): the sizes the studio's export menu warns about are the ones ``render --paper`` warns
about, and the fixes it offers (fitted by rows, a larger paper) do make the text readable."""

from __future__ import annotations

from dataclasses import replace

import pytest

from journeymap.core.context import context_for
from journeymap.files.loader import read_workspace
from journeymap.model import Map
from journeymap.render.paper import paper_notes, printed_text
from journeymap.render.print_check import PrintCheck, print_check
from journeymap.render.registry import RenderContext
from journeymap.render.rows import READABLE_PT

from support import EXAMPLES


def _map(workspace: str, map_id: str) -> tuple[Map, RenderContext]:
    source = read_workspace(EXAMPLES / workspace)
    journey_map = source.workspace.map(map_id)
    assert journey_map is not None
    return journey_map, context_for(source.workspace)


def _check(m: Map, context: RenderContext, **options: str) -> PrintCheck:
    return print_check(m, replace(context, options=options), "pdf")


def test_a_16_step_map_on_a4_and_what_fixes_it() -> None:
    m, context = _map("home-loan", "home-loan-as-is")
    assert len(m.steps) == 16
    check = _check(m, context, paper="A4")
    assert check.small and check.card_pt is not None and check.smallest_pt is not None
    assert check.smallest_pt <= check.card_pt < READABLE_PT
    notes = paper_notes(m, replace(context, options={"paper": "A4"}))
    assert len(notes) == 1 and f"the cards' text is {check.card_pt:.1f} pt" in notes[0]  # the CLI's very numbers
    assert check.message and f"{check.card_pt:.1f} pt" in check.message and "A4" in check.message
    assert check.fit_rows_pt is not None and check.fit_rows_pt >= READABLE_PT
    rows = printed_text(m, replace(context, options={"paper": "A4", "fit": "rows"}))
    assert rows is not None and rows.card_pt == check.fit_rows_pt
    assert check.larger_paper == "A1"  # the smallest larger paper that is readable: A2 is not
    assert _check(m, context, paper="A2").small and not _check(m, context, paper="A1").small


@pytest.mark.parametrize(
    "options", [{"paper": "A4", "fit": "rows"}, {"paper": "A0"}, {"paper": "A0", "tile": "A3"}, {}]
)
def test_readable_or_without_paper_there_is_no_warning(options: dict[str, str]) -> None:
    m, context = _map("home-loan", "home-loan-as-is")
    check = _check(m, context, **options)
    assert not check.small and check.message is None
    assert check.fit_rows_pt is None and check.larger_paper is None
    assert (check.paper is None) == ("paper" not in options)


def test_tiled_fit_by_rows_is_offered_untiled() -> None:
    m, context = _map("home-loan", "home-loan-as-is")
    check = _check(m, context, paper="A2", tile="A4")
    assert check.small and check.fit_rows_pt is not None and check.fit_rows_pt >= READABLE_PT


def test_a_map_that_is_no_timeline_is_offered_only_a_larger_paper() -> None:
    m, context = _map("energy-ecosystem", "home-energy-value-chain")
    check = _check(m, context, paper="A4")
    assert check.small and check.fit_rows_pt is None and check.larger_paper in ("A3", "A2", "A1", "A0")


def test_formats_not_printed_on_paper_are_not_checked() -> None:
    m, context = _map("home-loan", "home-loan-as-is")
    for fmt in ("svg", "png", "pptx"):
        assert print_check(m, replace(context, options={"paper": "A4"}), fmt) == PrintCheck()
