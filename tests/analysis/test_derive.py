"""Deriving a to-be map from an as-is map."""

from __future__ import annotations

from journeymap.analysis.derive import derive_to_be
from journeymap.files.loader import read_workspace
from journeymap.model import MapState

from support import EXAMPLES


def test_derive_keeps_the_structure_links_steps_and_turns_measures_into_estimates() -> None:
    as_is = next(m.map for m in read_workspace(EXAMPLES / "home-loan").maps if m.map.state is MapState.AS_IS)
    to_be = derive_to_be(as_is)
    assert to_be.state is MapState.TO_BE and to_be.derived_from == as_is.id and to_be.id != as_is.id
    before = [step for stage in as_is.stages for step in stage.steps]
    after = [step for stage in to_be.stages for step in stage.steps]
    assert [s.name for s in after] == [s.name for s in before]
    assert all(s.replaces == [b.id] for s, b in zip(after, before, strict=True))
    measured = [(b, s) for b, s in zip(before, after, strict=True) if b.emotion is not None and b.emotion.is_measured]
    assert measured, "the example has measured steps"
    for b, s in measured:
        assert s.emotion is not None and not s.emotion.is_measured
        assert s.emotion.value == round(b.emotion.value * 2) / 2  # to the nearest half point
    assert len(to_be.lanes) == len(as_is.lanes) and to_be.comments == []
