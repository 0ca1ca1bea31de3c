"""Several personas' emotion curves on one map (issue 14): ``Step.emotions`` in the model, one curve a persona in the
layout (named, coloured and marked apart), and every format carrying each curve — SVG, legend, PowerPoint, Visio,
Excel."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.model import Map, MeasuredEmotion
from journeymap.model.emotion import EstimatedEmotion
from journeymap.model.references import check_map_references
from journeymap.render.layout import layout_timeline
from journeymap.render.legend import legend
from journeymap.render.persona_curves import MARKERS, PALETTE, persona_curves
from journeymap.render.registry import RenderContext, render
from journeymap.render.svg_curve import NEGATIVE_FILL, POSITIVE_FILL
from journeymap.render.theme import delta_e
from persona_maps import three_personas

FAMILY = Path(__file__).parents[2] / "examples" / "airline-trip" / "maps" / "family-trip-experience.yaml"
MARCO, NOOR = "Marco, family holiday organiser", "Noor, 8, on the family holiday"
NS = "{http://www.w3.org/2000/svg}"


# ---- model ---------------------------------------------------------------------------------------------------
def test_a_number_under_emotions_is_an_estimate_and_a_mapping_may_be_measured() -> None:
    m, _ = three_personas(2)
    step = m.steps[0]
    assert isinstance(step.emotions["bo"], EstimatedEmotion) and step.emotions["bo"].estimate == 9
    assert isinstance(step.emotions["cy"], MeasuredEmotion) and step.emotions["cy"].n == 30
    assert Map.model_validate({"title": "T", "stages": [{"name": "S", "steps": ["a"]}]}).steps[0].emotions == {}


def test_an_unknown_persona_under_emotions_is_a_located_error() -> None:
    m, context = three_personas(2)
    problems = check_map_references(m, personas=[p.id for p in context.personas])
    assert problems == []
    data = m.model_dump(mode="json")
    data["stages"][0]["steps"][1]["emotions"]["bob"] = {"estimate": 4}
    (problem,) = check_map_references(data, personas=["cy"])
    assert problem.code == "JM202" and "unknown persona 'bob'" in problem.message
    assert problem.loc == ("stages", 0, "steps", 1, "emotions", "bob")
    assert "did you mean 'bo'" in problem.hint


def test_the_file_layer_reports_the_line_of_an_unknown_persona(tmp_path: Path) -> None:
    from journeymap.errors import MapFileError
    from journeymap.files.loader import read_map

    path = tmp_path / "m.yaml"
    path.write_text("title: T\nstages:\n  - name: S\n    steps:\n      - name: A\n        emotions: {zed: 5}\n")
    with pytest.raises(MapFileError) as caught:
        read_map(path)
    (problem,) = caught.value.problems
    assert problem.code == "JM202" and "zed" in problem.message and ":6:" in problem.where, problem


# ---- layout --------------------------------------------------------------------------------------------------
def test_one_curve_a_persona_in_order_named_coloured_and_marked_apart() -> None:
    m, context = three_personas()
    (lane,) = [lane for lane in layout_timeline(m, context, 0).lanes if lane.chart_h]
    curves = lane.curves
    assert [c.persona.persona for c in curves] == ["ann", "bo", "cy"]  # the map's first, then the map's, workspace's
    assert [c.persona.name for c in curves] == ["Ann Archer", "Bo Brand", "Cy Clerk"]
    assert all(len(c.points) == 8 for c in curves)
    colours = [c.persona.style.colour for c in curves]
    for a, b in itertools.combinations(colours, 2):
        assert delta_e(a, b) > 20, (a, b)
    for colour in colours:
        assert min(delta_e(colour, zone) for zone in (POSITIVE_FILL, NEGATIVE_FILL, "#ffffff")) > 30
    assert len({c.persona.style.marker for c in curves}) == 3
    assert all(c.persona.style.estimate_colour == c.persona.style.colour for c in curves)
    assert [p.measured for p in curves[2].points] == [True] * 8 and not any(p.measured for p in curves[1].points)


def test_the_palette_and_markers_are_all_apart() -> None:
    assert len(set(MARKERS)) == len(MARKERS) == len(PALETTE)
    assert min(delta_e(a, b) for a, b in itertools.combinations(PALETTE, 2)) > 20


def test_a_map_with_one_persona_keeps_the_one_curve_look() -> None:
    m, context = load_map_and_context(FAMILY.parent.parent.parent / "home-loan" / "maps" / "home-loan-as-is.yaml")
    (curve,) = persona_curves(m, context)
    assert not curve.several
    assert (curve.style.colour, curve.style.estimate_colour) == ("#1d4e89", "#52606d")


def test_the_example_draws_the_child_beside_the_organiser() -> None:
    m, context = load_map_and_context(FAMILY)
    curves = persona_curves(m, context)
    assert [c.name for c in curves] == [MARCO, NOOR]
    assert any(level.is_measured for level in curves[1].levels.values())


# ---- SVG and legend ------------------------------------------------------------------------------------------
def test_svg_draws_each_persona_and_the_legend_names_them() -> None:
    m, context = three_personas()
    root = ET.fromstring(render(m, "svg", context))
    points = [g for g in root.iter(f"{NS}g") if "jm-point" in (g.get("class") or "")]
    assert {g.get("data-persona") for g in points} == {"ann", "bo", "cy"}
    styles = {line.get("style") for line in root.iter(f"{NS}line") if (line.get("class") or "").startswith("jm-curve-")}
    assert {f"stroke:{c}" for c in PALETTE[:3]} <= styles
    lane_text = "".join("".join(g.itertext()) for g in root.iter(f"{NS}g") if g.get("class") == "jm-emotion")
    assert "Ann Archer" in lane_text and "Cy Clerk" in lane_text
    legend_text = "".join("".join(g.itertext()) for g in root.iter(f"{NS}g") if g.get("class") == "jm-legend")
    for name in ("Ann Archer", "Bo Brand", "Cy Clerk"):
        assert f"{name} — emotion" in legend_text
    assert "cy" not in [e.label for e in legend(m, context).entries]
    symbols = [e.symbol for e in legend(m, context).entries if e.symbol.startswith("persona:")]
    assert symbols == [f"persona:{PALETTE[0]}:circle", f"persona:{PALETTE[1]}:square", f"persona:{PALETTE[2]}:diamond"]


# ---- office formats ------------------------------------------------------------------------------------------
def _family() -> tuple[Map, RenderContext]:
    return load_map_and_context(FAMILY)


def test_pptx_draws_each_persona_in_its_colour_and_names_it() -> None:
    m, context = _family()
    data = render(m, "pptx", context)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slides = [archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/slides/slide")]
    with_curve = [s for s in slides if "Emotional level" in s]
    assert len(with_curve) >= 3
    overview = next(s for s in with_curve if MARCO in s and NOOR in s)
    for colour in ("1D4E89", "C05621"):
        assert f'<a:srgbClr val="{colour}"/>' in overview
    assert 'prst="rect"' in overview and f'name="Emotion {NOOR}"' in overview  # Noor's square markers
    stage_slides = [s for s in with_curve if s is not overview]
    assert any(f'name="Emotion {NOOR}"' in s and NOOR in s for s in stage_slides)


def _vsdx_shapes(data: bytes) -> list[ET.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        page = ET.fromstring(archive.read("visio/pages/page1.xml"))
    return [s for s in page.iter() if s.tag.endswith("}Shape")]


def test_vsdx_draws_each_persona_and_its_legend_names_them() -> None:
    m, context = _family()
    shapes = _vsdx_shapes(render(m, "vsdx", context))
    names = [s.get("NameU") or "" for s in shapes]
    assert any(n.startswith("Emotion curve") and n.endswith(f"— {NOOR}") for n in names)
    assert any(n.startswith("Emotion curve") and n.endswith(f"— {MARCO}") for n in names)
    noor = [s for s in shapes if (s.get("NameU") or "").startswith("Emotion curve") and NOOR in (s.get("NameU") or "")]
    cells = {c.get("N"): c.get("V") for s in noor for c in s.iter() if c.tag.endswith("}Cell")}
    assert cells.get("LineColor", "").lower() == "#c05621"
    assert f"Legend {NOOR} — emotion" in names and f"Legend {MARCO} — emotion" in names


def test_xlsx_has_a_column_a_persona() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    m, context = _family()
    book = openpyxl.load_workbook(io.BytesIO(render(m, "xlsx", context)))
    sheet = book["Emotions"]
    head = [sheet.cell(1, c).value for c in range(1, 6)]
    assert head == ["Stage", "Step", "Step id", MARCO, NOOR]
    assert [sheet.cell(2, c).value for c in (4, 5)] == ["marco-family-holiday", "noor-young-traveller"]
    rows: dict[str, Any] = {sheet.cell(r, 3).value: (sheet.cell(r, 4).value, sheet.cell(r, 5)) for r in range(3, 15)}
    assert rows["a-gate"][0] == 4.5 and rows["a-gate"][1].value == 3.6
    assert "Measured" in rows["a-gate"][1].comment.text and "n=14" in rows["a-gate"][1].comment.text
    assert rows["p-checkin"][1].value is None  # Noor has no level at check-in
    one, one_context = load_map_and_context(FAMILY.parent.parent.parent / "home-loan" / "maps" / "home-loan-as-is.yaml")
    assert "Emotions" not in openpyxl.load_workbook(io.BytesIO(render(one, "xlsx", one_context))).sheetnames


def test_the_reports_emotion_chart_draws_each_persona() -> None:
    from journeymap.render.svg_emotion import render_emotion_svg

    m, context = _family()
    root = ET.fromstring(render_emotion_svg(m, context))
    text = "".join(root.itertext())
    assert MARCO in text and NOOR in text and "2 personas" in text
    squares = [p for p in root.iter(f"{NS}polygon") if p.get("fill") in ("#c05621", "#ffffff")]
    assert len(squares) >= 11  # Noor's markers (and the key's)
    styles = {line.get("style") for line in root.iter(f"{NS}line") if line.get("class") in ("measured", "estimate")}
    assert {"stroke:#1d4e89", "stroke:#c05621"} <= styles
