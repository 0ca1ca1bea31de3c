"""The ecosystem map and mental model diagram as SVG: well-formed, accessible, deterministic, every piece
of text present as selectable text, and hostile text only ever escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from journeymap.model import FlowKind, Map
from journeymap.render.registry import RenderContext
from journeymap.render.svg_mental import render_mental_model_svg
from journeymap.render.svg_network import FLOW_DASH, render_ecosystem_svg
from journeymap.render.theme import FLOW_STROKE

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", '" onload="x', "javascript:alert(1)", "]]>"]


def ecosystem(**extra: Any) -> Map:
    data: dict[str, Any] = {
        "title": "Bike repair ecosystem",
        "type": "ecosystem-map",
        "description": "Who keeps commuters cycling, and what they exchange.",
        "actors": [
            {"id": "fix", "name": "FixMyBike", "kind": "primary-provider"},
            {"id": "rider", "name": "Daily commuter", "kind": "primary-customer"},
            {"id": "parts", "name": "Parts wholesaler", "kind": "supplier"},
            {"id": "employer", "name": "Employer benefits team", "kind": "partner"},
            {"id": "council", "name": "City council", "kind": "regulator"},
        ],
        "value_flows": [
            {"source": "fix", "target": "rider", "label": "Repairs on call", "kind": "service"},
            {"source": "rider", "target": "fix", "label": "Monthly subscription fee", "kind": "money"},
            {"source": "parts", "target": "fix", "label": "Spare parts", "kind": "goods"},
            {"source": "employer", "target": "rider", "label": "Cycle-to-work benefit", "kind": "money"},
            {"source": "council", "target": "rider", "label": "Safe cycle lanes", "kind": "trust"},
            {"source": "fix", "target": "employer", "label": "Usage reports", "kind": "information"},
            {"source": "fix", "target": "fix", "label": "Mechanic training", "kind": "other"},
        ],
    }
    data.update(extra)
    return Map.model_validate(data)


def mental_model(**extra: Any) -> Map:
    data: dict[str, Any] = {
        "title": "Choosing what to watch",
        "type": "mental-model-diagram",
        "description": "What viewers think above the line; what the service offers below it.",
        "mental_spaces": [
            {
                "id": "evening",
                "name": "Gauge the evening",
                "towers": [
                    {"id": "time", "name": "Work out the time we have", "boxes": [{"text": "Ninety minutes, tops"}]},
                    {"id": "energy", "name": "Match our energy", "boxes": [{"text": "Nothing too dark tonight"}]},
                ],
            },
            {
                "id": "agree",
                "name": "Agree together",
                "towers": [{"id": "negotiate", "name": "Negotiate", "boxes": [{"text": "We each get one veto"}]}],
            },
        ],
        "supports": [
            {"id": "runtime", "text": "Finish time on every tile", "towers": ["time"]},
            {"id": "moods", "text": "Mood filters", "towers": ["energy", "time"]},
        ],
    }
    data.update(extra)
    return Map.model_validate(data)


def hostile_ecosystem() -> Map:
    actors = [
        {"id": f"a{k}", "name": text, "kind": kind, "description": text}
        for k, (text, kind) in enumerate(
            zip(HOSTILE, ["primary-provider", "primary-customer", "partner", "other"], strict=True)
        )
    ]
    flows = [
        {"source": f"a{k}", "target": f"a{(k + 1) % 4}", "label": text, "kind": "money"}
        for k, text in enumerate(HOSTILE)
    ]
    return ecosystem(title=HOSTILE[0], description=" ".join(HOSTILE), actors=actors, value_flows=flows)


def hostile_mental_model() -> Map:
    spaces = [
        {
            "id": f"s{k}",
            "name": text,
            "towers": [{"id": f"t{k}", "name": text, "boxes": [{"text": text}]}],
        }
        for k, text in enumerate(HOSTILE)
    ]
    supports = [{"id": f"sup{k}", "text": text, "towers": [f"t{k}"]} for k, text in enumerate(HOSTILE[:2])]
    supports.append({"id": "lost", "text": HOSTILE[3], "towers": ["nowhere"]})
    return mental_model(title=HOSTILE[0], description=" ".join(HOSTILE), mental_spaces=spaces, supports=supports)


# ---- helpers -------------------------------------------------------------------------------------------------
def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def texts(root: ET.Element) -> str:
    """All text drawn as ``<text>`` (with its ``<tspan>`` lines), without whitespace."""
    drawn = "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    return "".join(drawn.split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def attributes(root: ET.Element) -> Iterator[tuple[str, str, str]]:
    for el in root.iter():
        for name, value in el.attrib.items():
            yield local(el.tag), name, value


def assert_safe(svg: str) -> None:
    root = parse(svg)  # well-formed
    assert not any(local(el.tag) in ("script", "foreignObject") for el in root.iter())
    for _tag, name, value in attributes(root):
        assert not local(name).lower().startswith("on"), name
        assert "javascript:" not in value.lower()
    assert "<script" not in svg
    assert "]]>" not in svg
    assert 'onload="' not in svg


def assert_accessible(svg: str, title: str) -> None:
    root = parse(svg)
    assert local(root.tag) == "svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}title").text == title  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc") is not None
    assert root.get("aria-labelledby") == "jm-title jm-desc"
    assert "DejaVu Sans" in (root.find(f"{SVG}style").text or "")  # type: ignore[union-attr]


def assert_rounded(svg: str) -> None:
    """Every number in an attribute has at most one decimal."""
    for _tag, name, value in attributes(parse(svg)):
        if name in ("data-flow", "data-actor", "data-tower", "data-space", "data-support", "id"):
            continue
        assert not re.search(r"\d\.\d\d", value), (name, value)


# ---- ecosystem -----------------------------------------------------------------------------------------------
def test_ecosystem_svg_is_accessible_and_well_formed() -> None:
    m = ecosystem()
    svg = render_ecosystem_svg(m, RenderContext())
    assert_accessible(svg, m.title)
    assert_safe(svg)
    assert_rounded(svg)


def test_ecosystem_svg_shows_every_name_label_and_kind_as_text() -> None:
    m = ecosystem()
    drawn = texts(parse(render_ecosystem_svg(m, RenderContext())))
    for actor in m.actors:
        assert squeeze(actor.name) in drawn
    for flow in m.value_flows:
        assert squeeze(flow.label) in drawn
    for kind_label in ("Primaryprovider", "Primarycustomer", "Supplier", "Partner", "Regulator"):
        assert kind_label in drawn
    assert squeeze(m.title) in drawn and squeeze(m.description) in drawn
    assert squeeze("Ecosystem / customer value chain map") in drawn


def test_flows_are_arrows_stroked_and_dashed_by_kind() -> None:
    root = parse(render_ecosystem_svg(ecosystem(), RenderContext()))
    paths = [p for p in root.iter(f"{SVG}path") if p.get("data-flow")]
    assert len(paths) == 7
    for path in paths:
        assert path.get("marker-end", "").startswith("url(#jm-arrow-")
        kind = FlowKind(path.get("marker-end", "")[len("url(#jm-arrow-") : -1])
        assert path.get("stroke") == FLOW_STROKE[kind]
        assert path.get("stroke-dasharray") == (FLOW_DASH[kind] or None)
    markers = {m.get("id") for m in root.iter(f"{SVG}marker")}
    assert {f"jm-arrow-{k.value}" for k in FlowKind} <= markers
    assert len(set(FLOW_DASH.values())) == len(FlowKind)  # line style differs for every kind


def test_legend_names_the_flow_kinds_used() -> None:
    root = parse(render_ecosystem_svg(ecosystem(), RenderContext()))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-legend")
    words = "".join(legend.itertext())
    for kind in ("Money", "Goods", "Service", "Information", "Trust", "Other"):
        assert kind in words
    only_money = ecosystem(value_flows=[{"source": "fix", "target": "rider", "label": "Fee", "kind": "money"}])
    root = parse(render_ecosystem_svg(only_money, RenderContext()))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-legend")
    assert "".join(legend.itertext()) == "Value flowsMoney"


def test_ecosystem_svg_is_deterministic() -> None:
    assert render_ecosystem_svg(ecosystem(), RenderContext()) == render_ecosystem_svg(ecosystem(), RenderContext())


def test_hostile_text_in_an_ecosystem_is_only_escaped() -> None:
    m = hostile_ecosystem()
    svg = render_ecosystem_svg(m, RenderContext())
    assert_safe(svg)
    root = parse(svg)
    drawn = texts(root)
    for text in HOSTILE:
        assert squeeze(text) in drawn
    assert root.find(f"{SVG}title").text == HOSTILE[0]  # type: ignore[union-attr]
    assert "&lt;script&gt;" in svg and "]]&gt;" in svg


def test_empty_ecosystem_renders() -> None:
    svg = render_ecosystem_svg(ecosystem(actors=[], value_flows=[]), RenderContext())
    assert_safe(svg)
    assert not [p for p in parse(svg).iter(f"{SVG}path") if p.get("data-flow")]


def test_actor_descriptions_are_tooltips() -> None:
    m = ecosystem()
    m.actors[2].description = "Ships parts within 24 hours"
    root = parse(render_ecosystem_svg(m, RenderContext()))
    parts = next(g for g in root.iter(f"{SVG}g") if g.get("data-actor") == "parts")
    assert parts.findtext(f"{SVG}title") == "Parts wholesaler — Ships parts within 24 hours"


def test_primary_provider_name_is_drawn_light_on_its_dark_fill() -> None:
    root = parse(render_ecosystem_svg(ecosystem(), RenderContext()))
    provider = next(g for g in root.iter(f"{SVG}g") if g.get("data-actor") == "fix")
    name = provider.find(f"{SVG}text")
    assert name is not None and name.get("class") == "jm-on-dark"


# ---- mental model --------------------------------------------------------------------------------------------
def test_mental_model_svg_is_accessible_and_well_formed() -> None:
    m = mental_model()
    svg = render_mental_model_svg(m, RenderContext())
    assert_accessible(svg, m.title)
    assert_safe(svg)
    assert_rounded(svg)


def test_mental_model_svg_shows_every_text() -> None:
    m = mental_model()
    drawn = texts(parse(render_mental_model_svg(m, RenderContext())))
    for space in m.mental_spaces:
        assert squeeze(space.name) in drawn
        for tower in space.towers:
            assert squeeze(tower.name) in drawn
            for box in tower.boxes:
                assert squeeze(box.text) in drawn
    for support in m.supports:
        assert squeeze(support.text) in drawn
    assert "Mentalmodel" in drawn and "Supports" in drawn  # the line is labelled on both sides
    assert squeeze(m.title) in drawn and squeeze(m.description) in drawn


def test_mental_model_marks_each_unsupported_tower_with_a_gap() -> None:
    root = parse(render_mental_model_svg(mental_model(), RenderContext()))
    gaps = [g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-gap-group"]
    assert [g.get("data-tower") for g in gaps] == ["negotiate"]
    assert "gap" in "".join(gaps[0].itertext())
    rect = gaps[0].find(f"{SVG}rect")
    assert rect is not None and rect.get("class") == "jm-gap"
    line = [el for el in root.iter(f"{SVG}line") if el.get("class") == "jm-the-line"]
    assert len(line) == 1


def test_mental_model_svg_is_deterministic() -> None:
    first = render_mental_model_svg(mental_model(), RenderContext())
    assert first == render_mental_model_svg(mental_model(), RenderContext())


def test_hostile_text_in_a_mental_model_is_only_escaped() -> None:
    svg = render_mental_model_svg(hostile_mental_model(), RenderContext())
    assert_safe(svg)
    drawn = texts(parse(svg))
    for text in HOSTILE:
        assert squeeze(text) in drawn


def test_empty_mental_model_renders() -> None:
    svg = render_mental_model_svg(mental_model(mental_spaces=[], supports=[]), RenderContext())
    assert_safe(svg)
