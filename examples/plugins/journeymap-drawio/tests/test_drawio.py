"""The draw.io format of journeymap-drawio: a valid, deterministic mxfile with the map's stages, lanes and cards."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from journeymap_drawio import FORMAT
from journeymap_drawio.drawing import draw_drawio

from journeymap import Map, render
from journeymap.errors import JourneymapError
from journeymap.files.templates import starter_map
from journeymap.model import MapType
from journeymap.render.registry import RenderContext, format_spec


def _cells(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text)
    assert root.tag == "mxfile"
    (diagram,) = root.findall("diagram")
    cells = diagram.findall("./mxGraphModel/root/mxCell")
    assert [c.get("id") for c in cells[:2]] == ["0", "1"]
    return {str(c.get("value")): c for c in cells[2:]}


def _geometry(cell: ET.Element) -> tuple[float, float, float, float]:
    box = cell.find("mxGeometry")
    assert box is not None
    return tuple(float(box.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def test_the_format_is_registered_through_the_entry_point() -> None:
    assert format_spec("drawio") == FORMAT
    assert FORMAT.media_type == "application/vnd.jgraph.mxfile" and FORMAT.extension == "drawio"


def test_stages_are_columns_lanes_rows_and_cards_cells() -> None:
    journey = starter_map(MapType.CUSTOMER_JOURNEY_MAP, "Buying a bike")
    cells = _cells(render(journey, "drawio").decode("utf-8"))
    discover, decide = _geometry(cells["Discover"]), _geometry(cells["Decide"])
    assert discover[1] == decide[1] and discover[0] + discover[2] == decide[0]  # stages side by side
    actions, thoughts = _geometry(cells["Actions"]), _geometry(cells["Thoughts"])
    assert actions[0] == thoughts[0] and actions[1] < thoughts[1]  # lanes one under the other
    card = _geometry(cells["Search for a solution"])  # the Actions lane's card, at the first step
    step = _geometry(cells["Notice the need"])
    assert step[0] < card[0] < step[0] + step[2] and actions[1] < card[1] < actions[1] + actions[3]


def test_the_output_is_deterministic_and_escapes_the_map_s_text() -> None:
    journey = starter_map(MapType.SERVICE_BLUEPRINT, "Tea & <b>cake</b>")
    first, second = render(journey, "drawio"), render(journey.model_copy(deep=True), "drawio")
    assert first == second
    title = next(c for c in _cells(first.decode("utf-8")).values() if "cake" in str(c.get("value")))
    assert title.get("value") == "Tea &amp; &lt;b&gt;cake&lt;/b&gt;"  # shown as text by draw.io, not as HTML


def test_an_ecosystem_map_is_actors_joined_by_its_value_flows() -> None:
    ecosystem = starter_map(MapType.ECOSYSTEM_MAP)
    root = ET.fromstring(draw_drawio(ecosystem, RenderContext()))
    cells = root.findall(".//mxCell")
    actors = {c.get("value"): c.get("id") for c in cells if c.get("vertex") and "ellipse" in str(c.get("style"))}
    assert set(actors) == {a.name for a in ecosystem.actors}
    edges = [(c.get("source"), c.get("target"), c.get("value")) for c in cells if c.get("edge")]
    assert (actors["Customer household"], actors["Our organisation"], "Monthly fee") in edges
    assert len(edges) == len(ecosystem.value_flows)


def test_a_mental_model_is_spaces_of_towers_with_supports() -> None:
    cells = _cells(draw_drawio(starter_map(MapType.MENTAL_MODEL_DIAGRAM), RenderContext()))
    assert {"Choose", "Compare options", "Read reviews", "Ask others", "Review pages"} <= set(cells)
    assert _geometry(cells["Review pages"])[1] > _geometry(cells["Read reviews"])[1]


def test_the_column_width_option() -> None:
    journey = Map.model_validate(starter_map(MapType.EXPERIENCE_MAP).model_dump())
    wide = _cells(draw_drawio(journey, RenderContext(options={"column_width": "300"})))
    assert _geometry(wide["Notice the need"])[2] == 300
    for bad, message in (("12", "between 80 and 400"), ("wide", "whole number")):
        with pytest.raises(JourneymapError, match=message):
            draw_drawio(journey, RenderContext(options={"column_width": bad}))
