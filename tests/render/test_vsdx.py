"""The Visio writer: package parts, valid XML, text, glued connectors, determinism, hostile text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.model import Map, MapType
from journeymap.render.registry import RenderContext
from journeymap.render.vsdx import CONTENT_TYPES, clean, render_vsdx, renderer

from support import HOSTILE, example_map_files

V = "{http://schemas.microsoft.com/office/visio/2012/main}"
PARTS = {
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "visio/document.xml",
    "visio/_rels/document.xml.rels",
    "visio/pages/pages.xml",
    "visio/pages/_rels/pages.xml.rels",
    "visio/pages/page1.xml",
}
EXAMPLES = example_map_files()


def _parts(data: bytes) -> dict[str, ET.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: ET.fromstring(archive.read(name)) for name in archive.namelist()}


def _page_text(data: bytes) -> str:
    page = _parts(data)["visio/pages/page1.xml"]
    return "\n".join("".join(text.itertext()) for text in page.iter(f"{V}Text"))


def _ws(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> tuple[Map, RenderContext, bytes]:
    path: Path = request.param
    m, context = load_map_and_context(path)
    return m, context, render_vsdx(m, context)


def test_renderer_metadata() -> None:
    r = renderer()
    assert (r.name, r.extension, r.media_type, r.binary) == ("vsdx", ".vsdx", "application/vnd.ms-visio.drawing", True)


def test_examples_exist() -> None:
    types = {load_map_and_context(p)[0].type for p in EXAMPLES}
    assert MapType.ECOSYSTEM_MAP in types
    assert MapType.MENTAL_MODEL_DIAGRAM in types


def test_every_part_is_present_and_valid_xml(example: tuple[Map, RenderContext, bytes]) -> None:
    _, _, data = example
    parts = _parts(data)  # parses every part
    assert set(parts) == PARTS
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert archive.testzip() is None


def test_content_types_and_relationships(example: tuple[Map, RenderContext, bytes]) -> None:
    parts = _parts(example[2])
    ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    overrides = {o.get("PartName"): o.get("ContentType") for o in parts["[Content_Types].xml"].iter(f"{ct}Override")}
    assert overrides == CONTENT_TYPES
    assert overrides["/visio/document.xml"] == "application/vnd.ms-visio.drawing.main+xml"
    defaults = {d.get("Extension") for d in parts["[Content_Types].xml"].iter(f"{ct}Default")}
    assert defaults == {"rels", "xml"}
    rel = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
    targets = {r.get("Target"): r.get("Type") for r in parts["_rels/.rels"].iter(rel)}
    assert targets["visio/document.xml"] == "http://schemas.microsoft.com/visio/2010/relationships/document"
    assert [r.get("Target") for r in parts["visio/_rels/document.xml.rels"].iter(rel)] == ["pages/pages.xml"]
    assert [r.get("Target") for r in parts["visio/pages/_rels/pages.xml.rels"].iter(rel)] == ["page1.xml"]
    page = parts["visio/pages/pages.xml"].find(f"{V}Page")
    assert page is not None
    cells = {c.get("N"): float(c.get("V", "0")) for c in page.iter(f"{V}Cell")}
    assert cells["PageWidth"] > 1 and cells["PageHeight"] > 1


def test_shapes_lie_on_the_page(example: tuple[Map, RenderContext, bytes]) -> None:
    parts = _parts(example[2])
    page = parts["visio/pages/pages.xml"]
    size = {c.get("N"): float(c.get("V", "0")) for c in page.iter(f"{V}Cell")}
    shapes = list(parts["visio/pages/page1.xml"].iter(f"{V}Shape"))
    ids = [s.get("ID") for s in shapes]
    assert len(ids) == len(set(ids)) > 5
    for shape in shapes:
        cells = {
            c.get("N"): float(c.get("V", "0")) for c in shape.findall(f"{V}Cell") if c.get("N") in ("PinX", "PinY")
        }
        assert -0.01 <= cells["PinX"] <= size["PageWidth"] + 0.01
        assert -0.01 <= cells["PinY"] <= size["PageHeight"] + 0.01
        assert shape.find(f"{V}Section[@N='Geometry']") is not None


def test_every_card_and_element_text_is_in_the_page(example: tuple[Map, RenderContext, bytes]) -> None:
    m, _, data = example
    text = _ws(_page_text(data))
    wanted = [card.text for lane in m.lanes for card in lane.cards]
    wanted += [step.name for stage in m.stages for step in stage.steps] + [stage.name for stage in m.stages]
    wanted += [vm.name for vm in m.value_moments] + [tp.name for tp in m.touchpoints]
    wanted += [a.name for a in m.actors] + [f.label for f in m.value_flows]
    wanted += [s.name for s in m.mental_spaces] + [t.name for s in m.mental_spaces for t in s.towers]
    wanted += [b.text for s in m.mental_spaces for t in s.towers for b in t.boxes] + [s.text for s in m.supports]
    wanted.append(m.title)
    missing = [w for w in wanted if _ws(w) not in text]
    assert not missing


def test_value_moments_are_coloured_by_weight() -> None:
    from journeymap.render.theme import WEIGHT_FILL

    path = next(p for p in EXAMPLES if "value-moments" in p.stem)
    m, context = load_map_and_context(path)
    page = _parts(render_vsdx(m, context))["visio/pages/page1.xml"]
    fills = {
        c.get("V")
        for s in page.iter(f"{V}Shape")
        if (s.get("NameU") or "").startswith("value-moment ")
        for c in s.findall(f"{V}Cell[@N='FillForegnd']")
    }
    assert fills == {WEIGHT_FILL[vm.weight] for vm in m.value_moments}
    bands = {
        c.get("V")
        for s in page.iter(f"{V}Shape")
        if (s.get("NameU") or "").startswith("vmpi ")
        for c in s.findall(f"{V}Cell[@N='FillForegnd']")
    }
    assert bands and bands <= {b.colour for b in context.vmpi_bands}


def test_blueprint_lines_are_dashed_and_labelled() -> None:
    path = next(p for p in EXAMPLES if "blueprint" in p.stem)
    m, context = load_map_and_context(path)
    page = _parts(render_vsdx(m, context))["visio/pages/page1.xml"]
    lines = [s for s in page.iter(f"{V}Shape") if (s.get("NameU") or "").startswith("Line of ")]
    assert len(lines) == len(m.blueprint_lines) > 0
    for line in lines:
        assert line.find(f"{V}Cell[@N='LinePattern']").get("V") == "2"  # type: ignore[union-attr]
        label = next(s for s in page.iter(f"{V}Shape") if s.get("NameU") == f"Label {line.get('NameU')}")
        assert "".join(label.find(f"{V}Text").itertext()) == line.get("NameU")  # type: ignore[union-attr]


def test_emotion_curve_is_solid_where_measured_and_dashed_where_estimated() -> None:
    path = next(p for p in EXAMPLES if p.stem == "home-loan-as-is")
    m, context = load_map_and_context(path)
    page = _parts(render_vsdx(m, context))["visio/pages/page1.xml"]
    runs = [s for s in page.iter(f"{V}Shape") if (s.get("NameU") or "").startswith("Emotion curve ")]
    assert {s.get("NameU") for s in runs} == {"Emotion curve measured", "Emotion curve estimated"}
    segments = 0
    for run in runs:
        pattern = run.find(f"{V}Cell[@N='LinePattern']").get("V")  # type: ignore[union-attr]
        assert pattern == ("1" if run.get("NameU") == "Emotion curve measured" else "2")
        segments += len(run.findall(f"{V}Section[@N='Geometry']/{V}Row")) - 1
    points = sum(1 for stage in m.stages for step in stage.steps if step.emotion is not None)
    assert segments == points - 1  # every segment drawn once


def test_connectors_are_glued_to_their_actors() -> None:
    path = next(p for p in EXAMPLES if load_map_and_context(p)[0].type is MapType.ECOSYSTEM_MAP)
    m, context = load_map_and_context(path)
    page = _parts(render_vsdx(m, context))["visio/pages/page1.xml"]
    shapes = {s.get("ID"): s for s in page.iter(f"{V}Shape")}
    connects = list(page.iter(f"{V}Connect"))
    assert len(connects) == 2 * len(m.value_flows)
    actor_of = {sid: (s.get("NameU") or "").removeprefix("Actor ") for sid, s in shapes.items()}
    flows = {f.id: f for f in m.value_flows}
    for connect in connects:
        assert connect.get("FromSheet") in shapes and connect.get("ToSheet") in shapes
        assert connect.get("FromCell") in ("BeginX", "EndX") and connect.get("ToCell") == "PinX"
        flow = flows[(shapes[connect.get("FromSheet")].get("NameU") or "").removeprefix("Flow ")]
        end = flow.source if connect.get("FromCell") == "BeginX" else flow.target
        assert actor_of[connect.get("ToSheet")] == end
        cells = {c.get("N"): c for c in shapes[connect.get("FromSheet")].findall(f"{V}Cell")}
        assert {"BeginX", "BeginY", "EndX", "EndY"} <= set(cells)
        # glued as Visio glues: the ends walk with the shapes, which trigger it when they move
        for name in ("BeginX", "BeginY", "EndX", "EndY"):
            assert cells[name].get("F") == "_WALKGLUE(BegTrigger,EndTrigger,WalkPreference)"
        trigger = "BegTrigger" if connect.get("FromCell") == "BeginX" else "EndTrigger"
        assert cells[trigger].get("F") == f"_XFTRIGGER(Sheet.{connect.get('ToSheet')}!EventXFMod)"
        assert cells["ObjType"].get("V") == "2"  # a 1-D shape
        assert cells["Width"].get("F") == "SQRT((EndX-BeginX)^2+(EndY-BeginY)^2)"


def test_two_renders_are_byte_identical(example: tuple[Map, RenderContext, bytes]) -> None:
    m, context, data = example
    assert render_vsdx(m, context) == data


def test_hostile_text_comes_out_literally(hostile_map: Map) -> None:
    data = render_vsdx(hostile_map, RenderContext())
    parts = _parts(data)  # still valid XML
    text = _page_text(data)
    for hostile in HOSTILE:
        assert hostile in text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = archive.read("visio/pages/page1.xml").decode()
    assert "<script>" not in raw and "<img" not in raw
    title = parts["docProps/core.xml"].find("{http://purl.org/dc/elements/1.1/}title")
    assert title is not None and HOSTILE[0] in (title.text or "")


def test_control_characters_are_removed(hostile_map: Map) -> None:
    assert clean("a\x00b\x07c\x1bd\ufffe\r\ne\tf") == "abcd\ne\tf"
    lane = hostile_map.lanes[0]
    card = lane.cards[0].model_copy(update={"text": "bell\x07 and nul\x00 text"})
    broken = hostile_map.model_copy(
        update={"lanes": [lane.model_copy(update={"cards": [card]}), *hostile_map.lanes[1:]]}
    )
    data = render_vsdx(broken, RenderContext())
    assert "bell and nul text" in _page_text(data)
