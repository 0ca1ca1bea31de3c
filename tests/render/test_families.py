"""The family table: every map type's family has a drawing in every format, and renderers dispatch through it."""

from __future__ import annotations

import dataclasses
from typing import get_args

import pytest

from journeymap.errors import JourneymapError
from journeymap.map_types import MAP_TYPES, Family
from journeymap.model import Map, MapType
from journeymap.render import families
from journeymap.render.families import FAMILIES, FamilyDrawings, drawings_for
from journeymap.render.registry import RenderContext, render


def test_every_family_has_every_drawing_and_each_one_loads() -> None:
    assert set(FAMILIES) == set(get_args(Family))
    assert {spec.family for spec in MAP_TYPES.values()} <= set(FAMILIES)
    for drawings in FAMILIES.values():
        for entry in dataclasses.fields(FamilyDrawings):
            assert callable(getattr(drawings, entry.name)()), f"{entry.name}: {getattr(drawings, entry.name).path}"


def test_each_map_type_gets_its_familys_drawings() -> None:
    for map_type in MapType:
        assert drawings_for(Map(id="m", title="M", type=map_type)) is FAMILIES[MAP_TYPES[map_type.value].family]


def test_the_svg_is_the_drawing_the_table_names(monkeypatch: pytest.MonkeyPatch) -> None:
    network = Map(id="m", title="M", type=MapType.ECOSYSTEM_MAP)
    swapped = dict(FAMILIES)
    swapped["network"] = dataclasses.replace(FAMILIES["network"], svg=FAMILIES["mental-model"].svg)
    monkeypatch.setattr(families, "FAMILIES", swapped)
    assert b"mental spaces" in render(network, "svg", RenderContext())


def test_a_family_without_drawings_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(families, "FAMILIES", {})
    with pytest.raises(JourneymapError, match="no drawing for maps of the 'timeline' family"):
        drawings_for(Map(id="m", title="M"))


def test_the_vmpi_planner_flag_comes_from_the_table() -> None:
    planners = {spec.name for spec in MAP_TYPES.values() if spec.vmpi_planner}
    assert planners == {"value-moments-planner"}
    assert MapType.VALUE_MOMENTS_PLANNER.spec.vmpi_planner and not MapType.SERVICE_BLUEPRINT.spec.vmpi_planner
