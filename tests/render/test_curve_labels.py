"""The emotion curve's labels collide with nothing (issue 14), checked geometrically on the SVG drawn: no label box
meets a segment of the curve, an interval whisker or band, a point, another label, or leaves the lane; and the
lane grows with the map, shows positive and negative zones, the scale's words and faces, and no "5.5"."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.model import Map
from journeymap.render.curve_labels import box_hits_polygon, place_labels
from journeymap.render.curves import _segment_hits_box
from journeymap.render.geometry import Box, Point
from journeymap.render.layout import layout_timeline
from journeymap.render.registry import RenderContext, render
from persona_maps import three_personas

NS = "{http://www.w3.org/2000/svg}"
HOME_LOAN = Path(__file__).parents[2] / "examples" / "home-loan" / "maps" / "home-loan-as-is.yaml"


def _map(emotions: list[Any]) -> Map:
    steps = [{"id": f"s{i}", "name": f"Step {i}", "emotion": e} for i, e in enumerate(emotions)]
    stages = [{"name": f"Stage {k}", "steps": steps[k : k + 5]} for k in range(0, len(steps), 5)]
    return Map.model_validate({"title": "Curve", "stages": stages})


def _f(node: ET.Element, name: str) -> float:
    return float(node.get(name, "0"))


def _emotion_scene(svg: str) -> dict[str, Any]:
    root = ET.fromstring(svg)
    lane = next(g for g in root.iter(f"{NS}g") if "jm-lane-emotion" in g.get("class", ""))
    chart = next(g for g in lane.iter(f"{NS}g") if g.get("class") == "jm-emotion")
    band_rect = lane.find(f"{NS}rect")
    assert band_rect is not None
    scene: dict[str, Any] = {"labels": [], "segments": [], "bands": [], "dots": [], "chart": chart}
    for node in chart:
        if node.tag == f"{NS}line" and node.get("class", "").startswith("jm-curve-"):
            scene["segments"].append((Point(_f(node, "x1"), _f(node, "y1")), Point(_f(node, "x2"), _f(node, "y2"))))
        if node.tag == f"{NS}polygon" and node.get("class") == "jm-ci-band":
            pairs = [pair.split(",") for pair in node.get("points", "").split()]
            scene["bands"].append([Point(float(x), float(y)) for x, y in pairs])
    for point in chart.iter(f"{NS}g"):
        if "jm-point" not in point.get("class", ""):
            continue
        for node in point:
            if node.tag == f"{NS}rect" and node.get("class") == "jm-curve-chip":
                scene["labels"].append(Box(_f(node, "x"), _f(node, "y"), _f(node, "width"), _f(node, "height")))
            elif node.tag == f"{NS}line" and node.get("class") == "jm-ci":  # whisker and caps
                scene["segments"].append((Point(_f(node, "x1"), _f(node, "y1")), Point(_f(node, "x2"), _f(node, "y2"))))
            elif node.tag == f"{NS}circle":
                r = _f(node, "r")
                scene["dots"].append(Box(_f(node, "cx") - r, _f(node, "cy") - r, 2 * r, 2 * r))
            elif node.tag == f"{NS}polygon" and node.get("class") == "jm-marker":  # a persona's square, diamond …
                corners = [[float(v) for v in pair.split(",")] for pair in node.get("points", "").split()]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                scene["dots"].append(Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    scene["lane"] = (_f(band_rect, "y"), _f(band_rect, "y") + _f(band_rect, "height"))
    return scene


def _assert_clear(svg: str, expected_labels: int) -> dict[str, Any]:
    scene = _emotion_scene(svg)
    labels: list[Box] = scene["labels"]
    assert len(labels) == expected_labels
    top, bottom = scene["lane"]
    for index, box in enumerate(labels):
        assert top <= box.y and box.bottom <= bottom, f"label {index} leaves the lane"
        for a, b in scene["segments"]:
            assert not _segment_hits_box(a, b, box), f"label {index} {box} over the segment {a}–{b}"
        for band in scene["bands"]:
            assert not box_hits_polygon(box, band), f"label {index} over an interval band"
        for dot in scene["dots"]:
            assert not box.overlaps(dot), f"label {index} over a point"
    for (i, a), (j, b) in itertools.combinations(enumerate(labels), 2):
        assert not a.overlaps(b), f"labels {i} and {j} overlap"
    return scene


def test_home_loan_labels_collide_with_nothing() -> None:
    m, context = load_map_and_context(HOME_LOAN)
    svg = render(m, "svg", context).decode()
    scene = _assert_clear(svg, sum(1 for s in m.steps if s.emotion is not None))
    assert scene["bands"], "the home-loan map has neighbouring measured points: a band joins their intervals"
    text = "".join(scene["chart"].itertext())
    assert "very positive" in text and "neutral" in text and "very negative" in text
    scale = [t.text or "" for node in scene["chart"] if node.tag == f"{NS}text" for t in node.iter()]
    assert "5.5" not in scale and "10" in scale and "1" in scale  # numbers too, but no "5.5" midline
    assert "mean · 95 % interval" in text  # the key names the interval's marks
    assert len(scene["chart"].findall(f".//{NS}g[@class='jm-face jm-face-positive']")) == 1


ONE = {"mean": 6.0, "n": 1, "dataset": "survey.csv"}


def _alternating(n: int) -> list[Any]:
    return [{**ONE, "mean": 2.0 if i % 2 else 9.0} if i % 3 else (8.5 if i % 2 == 0 else 1.5) for i in range(n)]


EDGE_CASES = {
    "forty-alternating": _alternating(40),
    "all-equal": [5.5] * 12,
    "all-equal-measured": [{"mean": 7.0, "n": 30, "ci95": [6.5, 7.5], "dataset": "d"}] * 10,
    "extremes": [1.0, 10.0] * 6,
    "extremes-measured": [
        {"mean": 10.0, "n": 50, "ci95": [9.6, 10.0], "dataset": "d"},
        {"mean": 1.0, "n": 50, "ci95": [1.0, 1.4], "dataset": "d"},
    ]
    * 5,
    "wide-intervals": [{"mean": 5.0 + (i % 3), "n": 9, "ci95": [2.0, 9.5], "dataset": "d"} for i in range(9)],
    "one-step": [4.0],
    "n-equals-one-run": [ONE] * 8,
}


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_generated_curves_labels_collide_with_nothing(name: str) -> None:
    emotions = EDGE_CASES[name]
    svg = render(_map(emotions), "svg", RenderContext(options={"fit": "page"})).decode()  # one curve, one row
    _assert_clear(svg, len(emotions))


def test_the_lane_grows_with_the_map() -> None:
    small = layout_timeline(_map([5.0, 6.0, 7.0]), RenderContext(), 0)
    big = layout_timeline(_map(_alternating(40)), RenderContext(), 0)
    (small_lane,) = [lane for lane in small.lanes if lane.chart_h]
    (big_lane,) = [lane for lane in big.lanes if lane.chart_h]
    assert 220 <= small_lane.chart_h < big_lane.chart_h <= 420
    for lane in (small_lane, big_lane):  # every label placed, inside the lane
        chart = Box(0, lane.y, 1e6, lane.chart_h)
        assert all(p.label_box is not None and p.label_box.inside(chart) for p in lane.curve)


def test_place_labels_avoids_segments_and_falls_back_to_a_leader() -> None:
    points = [Point(0, 100), Point(50, 0), Point(100, 100)]  # a sharp peak
    segments = [(points[0], points[1]), (points[1], points[2])]
    placed = place_labels(points, [(40.0, 14.0)] * 3, segments, Box(-60, -60, 220, 200))
    assert all(p.clear for p in placed)
    assert placed[1].box.bottom <= 0  # above the peak
    for label in placed:
        assert not any(_segment_hits_box(a, b, label.box) for a, b in segments)
    # a point walled in by a small square of segments: the label stands outside, joined by a leader line
    c = [Point(-20, -24), Point(20, -24), Point(20, 24), Point(-20, 24)]
    walls = [(c[0], c[1]), (c[1], c[2]), (c[2], c[3]), (c[3], c[0])]
    (alone,) = place_labels([Point(0, 0)], [(30.0, 12.0)], walls, Box(-200, -200, 400, 400))
    assert alone.clear and alone.leader is not None
    assert not any(_segment_hits_box(a, b, alone.box) for a, b in walls)
    start, end = alone.leader
    assert abs(start.x) <= 6 and abs(start.y) <= 6 and alone.box.contains(end)


def test_three_personas_labels_collide_with_nothing() -> None:
    """Three personas' curves crossing each other: every label drawn is clear of every curve's segments, whiskers,
    bands and markers and of every other label; a label with no free place is left out, never drawn over."""
    m, context = three_personas(12)
    layout = layout_timeline(m, context, 0)
    (lane,) = [lane for lane in layout.lanes if lane.chart_h]
    assert len(lane.curves) == 3
    points = lane.curve
    shown = [p for p in points if p.label_box is not None]
    svg = render(m, "svg", context).decode()
    scene = _assert_clear(svg, len(shown))
    assert len(scene["dots"]) == len(points) == 36
    assert len(shown) >= 0.75 * len(points), f"only {len(shown)} of {len(points)} labels placed"
