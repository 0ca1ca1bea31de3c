"""Properties of the ecosystem / value chain network layout: nothing overlaps, arrows meet their boxes,
the primary actors sit in the middle, and the same map always gives the same drawing."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.model import ActorKind, FlowKind, Map, ValueFlow
from journeymap.render.curves import _bezier
from journeymap.render.layout_network import (
    LABEL_GAP,
    NODE_GAP,
    Box,
    NetworkLayout,
    NodeLayout,
    Point,
    layout_network,
)
from journeymap.render.network.routing import _bundle_routes

EXAMPLE = Path(__file__).parents[2] / "examples" / "energy-ecosystem"


def network(actors: list[tuple[str, str]], flows: list[tuple[str, str, str, str]], **extra: Any) -> Map:
    """A map from (id, kind) actors and (source, target, label, kind) flows; names are made from ids."""
    return Map.model_validate(
        {
            "title": "Network",
            "type": "ecosystem-map",
            "actors": [{"id": i, "name": f"Actor {i}", "kind": k} for i, k in actors],
            "value_flows": [{"source": s, "target": t, "label": lab, "kind": k} for s, t, lab, k in flows],
            **extra,
        }
    )


def energy_map() -> Map:
    actors = [
        ("provider", "primary-provider"),
        ("customer", "primary-customer"),
        ("network", "partner"),
        ("installer", "supplier"),
        ("comparison", "intermediary"),
        ("regulator", "regulator"),
        ("rival", "competitor"),
        ("forum", "community"),
        ("bank", "other"),
        ("wholesale", "supplier"),
    ]
    flows = [
        ("provider", "customer", "Electricity supply", "goods"),
        ("customer", "provider", "Monthly direct debit", "money"),
        ("provider", "customer", "Usage insights in the app", "information"),
        ("customer", "provider", "Meter readings", "information"),
        ("comparison", "customer", "Tariff comparison", "information"),
        ("provider", "comparison", "Referral commission", "money"),
        ("installer", "customer", "Smart meter installation visit", "service"),
        ("provider", "installer", "Installation fee", "money"),
        ("network", "customer", "Grid connection", "service"),
        ("provider", "network", "Network charges", "money"),
        ("regulator", "provider", "Licence conditions and price cap rules", "information"),
        ("regulator", "customer", "Consumer protection", "trust"),
        ("rival", "customer", "Retention offers", "information"),
        ("forum", "customer", "Recommendations and reviews from neighbours", "trust"),
        ("bank", "customer", "Green home loan", "money"),
        ("wholesale", "provider", "Renewable power purchase", "goods"),
        ("provider", "wholesale", "Wholesale payments", "money"),
        ("provider", "provider", "Staff training", "other"),
    ]
    return network(actors, flows)


# ---- property checks shared by the tests ---------------------------------------------------------------------
def distance_to_boundary(point: Point, box: Box) -> float:
    """0 on the edge of the box; positive elsewhere (inside or outside)."""
    if box.contains(point):
        return min(point.x - box.x, box.right - point.x, point.y - box.y, box.bottom - point.y)
    dx = max(box.x - point.x, 0.0, point.x - box.right)
    dy = max(box.y - point.y, 0.0, point.y - box.bottom)
    return math.hypot(dx, dy)


def assert_readable(layout: NetworkLayout) -> None:
    nodes = [n.box for n in layout.nodes]
    labels = [e.label_box for e in layout.edges]
    for a, b in itertools.combinations(nodes, 2):
        assert not a.overlaps(b, NODE_GAP - 0.01), (a, b)
    for a, b in itertools.combinations(labels, 2):
        assert not a.overlaps(b, LABEL_GAP - 0.01), (a, b)
    for label in labels:
        for node in nodes:
            assert not label.overlaps(node, LABEL_GAP - 0.01), (label, node)
    boxes = {n.id: n.box for n in layout.nodes}
    for edge in layout.edges:
        start, end = edge.points[0], edge.points[3]
        assert distance_to_boundary(start, boxes[edge.source]) < 0.05, edge
        assert distance_to_boundary(end, boxes[edge.target]) < 0.05, edge
    for box in nodes + labels:
        assert box.x >= 0 and box.y >= 0, box
        assert box.right <= layout.width and box.bottom <= layout.height, box
    for edge in layout.edges:
        for p in edge.polyline():
            assert 0 <= p.x <= layout.width and 0 <= p.y <= layout.height


def assert_edges_avoid_other_boxes(layout: NetworkLayout) -> None:
    for edge in layout.edges:
        points = edge.polyline(64)
        for node in layout.nodes:
            if node.id not in (edge.source, edge.target):
                assert not any(node.box.contains(p) for p in points), (edge.id, node.id)


# ---- tests ---------------------------------------------------------------------------------------------------
def test_realistic_network_is_readable() -> None:
    layout = layout_network(energy_map())
    assert len(layout.nodes) == 10
    assert len(layout.edges) == 18
    assert_readable(layout)
    assert_edges_avoid_other_boxes(layout)


def test_primary_provider_and_customer_sit_side_by_side_in_the_middle() -> None:
    layout = layout_network(energy_map())
    provider, customer = layout.node("provider"), layout.node("customer")
    assert provider.kind is ActorKind.PRIMARY_PROVIDER and provider.primary
    assert provider.box.right < customer.box.x  # provider on the left, customer on the right
    assert provider.box.centre.y == pytest.approx(customer.box.centre.y)
    middle = Point((provider.box.centre.x + customer.box.centre.x) / 2, provider.box.centre.y)
    others = [n.box.centre for n in layout.nodes if not n.primary]
    assert min(p.x for p in others) < middle.x < max(p.x for p in others)
    assert min(p.y for p in others) < middle.y < max(p.y for p in others)


def test_actors_lean_towards_the_centre_actor_they_deal_with() -> None:
    actors = [("p", "primary-provider"), ("c", "primary-customer"), ("s", "supplier"), ("f", "community")]
    flows = [("s", "p", "Parts", "goods"), ("f", "c", "Advice", "trust"), ("p", "c", "Service", "service")]
    layout = layout_network(network(actors, flows))
    assert layout.node("s").box.centre.x < layout.node("f").box.centre.x


def test_layout_is_deterministic() -> None:
    first = layout_network(energy_map())
    second = layout_network(energy_map())
    assert first == second


def test_flows_between_the_same_actors_fan_out_as_curves() -> None:
    actors = [("p", "primary-provider"), ("c", "primary-customer")]
    flows = [
        ("p", "c", "Service", "service"),
        ("c", "p", "Fee", "money"),
        ("p", "c", "Invoice", "information"),
    ]
    layout = layout_network(network(actors, flows))
    assert all(e.curved for e in layout.edges if e.id != layout.edges[1].id)
    middles = [e.polyline(2)[1] for e in layout.edges]
    for a, b in itertools.combinations(middles, 2):
        assert math.dist((a.x, a.y), (b.x, b.y)) > 20
    assert_readable(layout)


def test_opposite_flows_do_not_overlap() -> None:
    actors = [("a", "partner"), ("b", "supplier")]
    layout = layout_network(network(actors, [("a", "b", "Goods", "goods"), ("b", "a", "Money", "money")]))
    there, back = layout.edges
    assert there.curved and back.curved
    assert math.dist(_xy(there.polyline(2)[1]), _xy(back.polyline(2)[1])) > 20
    assert_readable(layout)


def _xy(p: Point) -> tuple[float, float]:
    return (p.x, p.y)


def test_an_edge_bends_around_a_box_in_its_way() -> None:
    # three actors in a row: the flow from the first to the last must go round the one in the middle
    row = {i: _node(i, x) for i, x in (("a", 0.0), ("b", 300.0), ("c", 600.0))}
    flow = ValueFlow(id="f", source="a", target="c", label="Around", kind=FlowKind.GOODS)
    route = _bundle_routes([flow], row["a"], row["c"], row)["f"]
    assert route.curved
    samples = [_bezier(route.curve, k / 64) for k in range(65)]
    assert not any(row["b"].box.contains(p) for p in samples)
    assert distance_to_boundary(route.curve[0], row["a"].box) < 0.05
    assert distance_to_boundary(route.curve[3], row["c"].box) < 0.05


def _node(node_id: str, x: float) -> NodeLayout:
    return NodeLayout(node_id, x, 0.0, 120.0, 50.0, (node_id,), ActorKind.OTHER, "Other", False, 13.0, 16.0)


def test_self_loop_starts_and_ends_on_its_actor() -> None:
    layout = layout_network(network([("p", "primary-provider")], [("p", "p", "Training", "other")]))
    loop = layout.edges[0]
    assert loop.curved
    assert_readable(layout)


def test_flows_to_unknown_actors_are_left_out() -> None:
    m = network([("a", "partner"), ("b", "supplier")], [("a", "b", "Goods", "goods"), ("a", "ghost", "Lost", "money")])
    layout = layout_network(m)
    assert [e.label_lines for e in layout.edges] == [("Goods",)]


def test_empty_and_single_actor_maps() -> None:
    empty = layout_network(network([], []))
    assert empty.nodes == () and empty.edges == () and empty.width > 0
    single = layout_network(network([("a", "other")], []))
    assert len(single.nodes) == 1 and single.nodes[0].primary


def test_without_primary_actors_the_most_connected_actor_is_the_centre() -> None:
    actors = [("a", "partner"), ("b", "supplier"), ("c", "supplier"), ("d", "other")]
    flows = [("a", "b", "x", "money"), ("b", "c", "y", "money"), ("b", "d", "z", "money")]
    layout = layout_network(network(actors, flows))
    assert [n.id for n in layout.nodes if n.primary] == ["b"]
    assert_readable(layout)


def test_node_boxes_fit_their_wrapped_names() -> None:
    long_name = "Regional distribution network operator and metering services"
    m = Map.model_validate(
        {"title": "N", "type": "ecosystem-map", "actors": [{"id": "x", "name": long_name, "kind": "partner"}]}
    )
    node = layout_network(m).nodes[0]
    assert len(node.lines) > 1
    assert " ".join(node.lines) == long_name
    assert node.kind_label == "Partner"


def test_labels_are_wrapped_and_complete() -> None:
    label = "Half-hourly smart-meter readings sent every night to the supplier's billing platform"
    layout = layout_network(network([("a", "partner"), ("b", "supplier")], [("a", "b", label, "information")]))
    edge = layout.edges[0]
    assert len(edge.label_lines) > 1
    assert " ".join(edge.label_lines) == label
    assert edge.kind is FlowKind.INFORMATION


def test_twenty_actors_and_forty_flows_stay_readable() -> None:
    actors = [("p", "primary-provider"), ("c", "primary-customer")] + [(f"a{k}", "partner") for k in range(18)]
    ids = [a for a, _ in actors]
    flows = []
    for k in range(40):
        source = ids[k % len(ids)]
        target = ids[(k * 7 + 3) % len(ids)]
        flows.append((source, target, f"Flow number {k} with a few words", list(FlowKind)[k % 6].value))
    layout = layout_network(network(actors, flows))
    assert len(layout.edges) == 40
    assert_readable(layout)
    assert_edges_avoid_other_boxes(layout)


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="example workspace not present")
def test_example_workspace_is_readable() -> None:
    from journeymap.files.loader import read_workspace

    for source in read_workspace(EXAMPLE).maps:
        if source.map.actors:
            assert_readable(layout_network(source.map))


# ---- random networks -----------------------------------------------------------------------------------------
WORDS = ["value", "data", "fee", "trust", "parts", "advice", "loan", "energy", "reviews", "grant", "survey"]


@st.composite
def random_networks(draw: st.DrawFn) -> Map:
    count = draw(st.integers(min_value=2, max_value=20))
    kinds = draw(st.lists(st.sampled_from(list(ActorKind)), min_size=count, max_size=count))
    names = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), min_size=count, max_size=count))
    actors = [
        {"id": f"a{k}", "name": " ".join(name).capitalize(), "kind": kind.value}
        for k, (kind, name) in enumerate(zip(kinds, names, strict=True))
    ]
    ends = st.integers(min_value=0, max_value=count - 1)
    flow = st.tuples(ends, ends, st.lists(st.sampled_from(WORDS), min_size=1, max_size=7), st.sampled_from(FlowKind))
    flows = [
        {"source": f"a{s}", "target": f"a{t}", "label": " ".join(words), "kind": kind.value}
        for s, t, words, kind in draw(st.lists(flow, max_size=40))
    ]
    return Map.model_validate({"title": "Random", "type": "ecosystem-map", "actors": actors, "value_flows": flows})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_networks())
def test_random_networks_never_overlap(m: Map) -> None:
    layout = layout_network(m)
    assert len(layout.nodes) == len(m.actors)
    assert len(layout.edges) == len(m.value_flows)
    assert_readable(layout)
