"""Rings on ecosystem maps: core / direct / indirect ellipses behind the actors, each named, every actor wholly
inside its own ring's annulus (checked on the drawn SVG), and the rings in the legend."""

from __future__ import annotations

import io
import itertools
import math
import zipfile
from xml.etree import ElementTree as ET

from journeymap.core.context import load_map_and_context
from journeymap.model import ActorKind, Map
from journeymap.render.geometry import Box, Point
from journeymap.render.layout_network import layout_network
from journeymap.render.network.rings import actor_tiers, inside_annulus
from journeymap.render.registry import render

from support import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"
ECOSYSTEM = EXAMPLES / "energy-ecosystem" / "maps" / "home-energy-value-chain.yaml"


def _expected_tiers(m: Map) -> dict[str, str]:
    """The rule of docs/format.md, from the model: core = primary actors, direct = a flow with the provider."""
    core = {a.id for a in m.actors if a.kind in (ActorKind.PRIMARY_PROVIDER, ActorKind.PRIMARY_CUSTOMER)}
    provider = {a.id for a in m.actors if a.kind is ActorKind.PRIMARY_PROVIDER}
    linked = {f.source for f in m.value_flows if f.target in provider}
    linked |= {f.target for f in m.value_flows if f.source in provider}
    return {a.id: "core" if a.id in core else "direct" if a.id in linked else "indirect" for a in m.actors}


def test_the_example_has_all_three_rings() -> None:
    m, _ = load_map_and_context(ECOSYSTEM)
    tiers = _expected_tiers(m)
    assert set(tiers.values()) == {"core", "direct", "indirect"}
    centres = [a.id for a in m.actors if a.kind in (ActorKind.PRIMARY_PROVIDER, ActorKind.PRIMARY_CUSTOMER)]
    assert actor_tiers(m.actors, m.value_flows, centres) == tiers


def test_rings_are_drawn_named_and_hold_their_actors() -> None:
    m, context = load_map_and_context(ECOSYSTEM)
    root = ET.fromstring(render(m, "svg", context))
    ellipses = {e.get("data-ring"): e for e in root.iter(f"{SVG}ellipse")}
    assert set(ellipses) == {"core", "direct", "indirect"}
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for name in ("CORE", "DIRECT", "INDIRECT", "Core:", "Direct:", "Indirect:"):
        assert name in texts
    network = next(g for g in root.iter(f"{SVG}g") if (g.get("transform") or "").startswith("translate"))
    dx, dy = (float(v) for v in network.get("transform", "")[len("translate(") : -1].split())
    axes = {k: (float(e.get("rx", "0")), float(e.get("ry", "0"))) for k, e in ellipses.items()}
    centre = Point(float(ellipses["core"].get("cx", "0")), float(ellipses["core"].get("cy", "0")))
    inner = {"core": None, "direct": axes["core"], "indirect": axes["direct"]}
    tiers = _expected_tiers(m)
    actors = [g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-actor"]
    assert len(actors) == len(m.actors)
    for group in actors:
        rect = group.find(f"{SVG}rect")
        assert rect is not None
        box = Box(*(float(rect.get(k, "0")) for k in ("x", "y", "width", "height")))
        tier = tiers[group.get("data-actor", "")]
        assert inside_annulus(box, centre, axes[tier], inner[tier]), f"{group.get('data-actor')} not in {tier}"
    assert dx >= 0 and dy > 0


def test_ring_labels_sit_on_their_band_clear_of_actors() -> None:
    m, _ = load_map_and_context(ECOSYSTEM)
    layout = layout_network(m)
    assert [r.tier for r in layout.rings] == ["core", "direct", "indirect"]
    for ring in layout.rings:
        assert ring.contains(ring.label_box)
        assert not any(ring.label_box.overlaps(n.box) for n in layout.nodes)
    # The rings are nested and read as rings, not as flat bands.
    sizes = [(r.rx, r.ry) for r in layout.rings]
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(sizes))
    assert all(rx / ry <= 2.0 for rx, ry in sizes)
    assert math.isclose(sizes[0][0] / sizes[0][1], sizes[-1][0] / sizes[-1][1])


def test_without_primary_actors_the_most_connected_actor_is_the_core() -> None:
    m, _ = load_map_and_context(ECOSYSTEM)
    plain = m.model_copy(deep=True)
    for actor in plain.actors:
        actor.kind = ActorKind.OTHER
    layout = layout_network(plain)
    tiers = {r.tier for r in layout.rings}
    assert "core" in tiers
    core = next(r for r in layout.rings if r.tier == "core")
    assert sum(core.contains(n.box) for n in layout.nodes) == 1


def test_the_visio_page_has_the_rings_and_their_legend() -> None:
    m, context = load_map_and_context(ECOSYSTEM)
    with zipfile.ZipFile(io.BytesIO(render(m, "vsdx", context))) as package:
        page = package.read("visio/pages/page1.xml").decode()
    for name in ("Core", "Direct", "Indirect"):
        for shape in (f"Ring {name}", f"Ring label {name}", f"Legend mark ring {name}"):
            assert f'NameU="{shape}"' in page
    # The rings come first on the page, so every actor is drawn over them.
    assert page.index('NameU="Ring Core"') < page.index('NameU="Actor ')


def test_the_slide_has_the_rings_behind_the_actors() -> None:
    m, context = load_map_and_context(ECOSYSTEM)
    with zipfile.ZipFile(io.BytesIO(render(m, "pptx", context))) as package:
        slides = [package.read(n).decode() for n in package.namelist() if n.startswith("ppt/slides/slide")]
    slide = next(s for s in slides if 'name="Ring Core"' in s)
    for name in ("Core", "Direct", "Indirect"):
        assert f'name="Ring {name}"' in slide and name.upper() in slide
    assert slide.index('name="Ring Indirect"') < slide.index('name="Ring Core"') < slide.index("Brightwell")
