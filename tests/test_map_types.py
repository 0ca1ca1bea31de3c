"""The table of map types is the one source of truth: the model's labels, the starter maps and the CLI read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.cli.main import build_parser
from journeymap.errors import JourneymapError
from journeymap.files.templates import starter_map
from journeymap.map_types import MAP_TYPES, map_type, map_type_names
from journeymap.model import LaneKind, MapType


def test_the_table_has_every_map_type_of_the_model_in_order() -> None:
    assert map_type_names() == tuple(t.value for t in MapType)


@pytest.mark.parametrize("kind", list(MapType))
def test_the_model_and_the_starter_map_follow_the_table(kind: MapType) -> None:
    spec = map_type(kind)
    assert kind.label == spec.label
    assert kind.is_timeline == (spec.family == "timeline")
    starter = starter_map(kind)
    assert starter.type is kind and starter.title == f"New {spec.label.lower()}"
    assert [lane.kind for lane in starter.lanes] == [LaneKind(name) for name in spec.lanes]
    assert bool(starter.stages) == (spec.family == "timeline")
    if spec.family == "network":
        assert starter.actors and starter.value_flows
    if spec.family == "mental-model":
        assert starter.mental_spaces and starter.supports


def test_a_starter_map_does_not_share_the_table_s_data() -> None:
    first = starter_map(MapType.SERVICE_BLUEPRINT)
    first.service_challenges[0].contingencies.clear()
    assert starter_map(MapType.SERVICE_BLUEPRINT).service_challenges[0].contingencies


def test_the_cli_offers_every_map_type_with_its_label() -> None:
    new = build_parser()._subparsers._group_actions[0].choices["new"]  # type: ignore[union-attr]
    action = next(a for a in new._actions if a.dest == "type")
    assert list(action.choices or ()) == [*MAP_TYPES, "workspace"]
    help_text = new.format_help()
    assert "Ecosystem / customer value chain map" in " ".join(help_text.split())


def test_an_unknown_map_type_is_a_clear_error() -> None:
    with pytest.raises(JourneymapError, match="unknown map type 'timeline-map'; known map types: customer-journey"):
        map_type("timeline-map")


@pytest.mark.parametrize("kind", list(MapType))
def test_stages_on_a_network_map_are_flagged_as_not_drawn(kind: MapType, tmp_path: Path) -> None:
    """JM204 follows the table's family: every network map type (and only those) warns that stages are not drawn."""
    from journeymap.files.loader import read_map

    path = tmp_path / "t.yaml"
    path.write_text(
        f"journeymap: 1\ntitle: T\ntype: {kind.value}\nstages:\n  - name: A\n    steps: [{{id: s1, name: Do it}}]\n"
    )
    flagged = [p for p in read_map(path, display="t.yaml").problems if p.code == "JM204"]
    if map_type(kind).family == "network":
        assert len(flagged) == 1 and repr(kind.value) in flagged[0].message and flagged[0].where.startswith("t.yaml:4")
    else:
        assert flagged == []
