"""Every deck, read as XML: no text under 10 pt anywhere (run sizes, default run sizes and autofit scales), and
the service blueprint's three lines drawn as native connectors with their labels."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from big_map_support import big_map
from journeymap.core.context import load_map_and_context
from journeymap.model import MapType
from journeymap.render.pptx import render_pptx
from journeymap.render.registry import RenderContext

from support import example_map_files

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
MIN_PT = 10.0
BLUEPRINT_LINES = ("Line of interaction", "Line of visibility", "Line of internal interaction")


@cache
def _deck(name: str) -> bytes:
    if name == "big-generated":
        return render_pptx(big_map(), RenderContext())
    path = next(p for p in example_map_files() if p.stem == name)
    m, context = load_map_and_context(path)
    return render_pptx(m, context)


def _slides(data: bytes) -> list[tuple[str, etree._Element]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        names.sort(key=lambda n: int(re.sub(r"\D", "", n)))
        return [(n, etree.fromstring(archive.read(n))) for n in names]


def _small_texts(root: etree._Element) -> list[tuple[float, str]]:
    """Every text of a slide drawn under 10 pt: run size × the text body's autofit scale."""
    small = []
    for body in root.iter(f"{{{P}}}txBody"):
        autofit = body.find("a:bodyPr/a:normAutofit", NS)
        scale = int(autofit.get("fontScale", "100000")) / 100000 if autofit is not None else 1.0
        for props in body.iter(f"{{{A}}}rPr", f"{{{A}}}defRPr", f"{{{A}}}endParaRPr"):
            if props.get("sz") is None:
                continue
            size = int(props.get("sz", "0")) / 100 * scale
            if size < MIN_PT - 1e-9:
                parent = props.getparent()
                text = "".join(parent.itertext()) if parent is not None else ""
                small.append((size, text[:60]))
    return small


DECKS = [p.stem for p in example_map_files()] + ["big-generated"]


@pytest.mark.parametrize("name", DECKS)
def test_no_text_under_10_pt(name: str) -> None:
    slides = _slides(_deck(name))
    assert slides
    for slide_name, root in slides:
        small = _small_texts(root)
        assert not small, (name, slide_name, small[:5])
        assert not root.findall(".//p:pic", NS), "every shape is native: no pictures"


@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.stem)
def test_blueprint_lines_are_native_connectors_with_labels(path: Path) -> None:
    m, _ = load_map_and_context(path)
    if m.type is not MapType.SERVICE_BLUEPRINT:
        return
    assert m.blueprint_lines
    connectors: set[str] = set()
    texts: set[str] = set()
    for _, root in _slides(_deck(path.stem)):
        for connector in root.iter(f"{{{P}}}cxnSp"):
            props = connector.find("p:nvCxnSpPr/p:cNvPr", NS)
            assert props is not None
            connectors.add(props.get("name", ""))
            assert connector.find("p:spPr/a:prstGeom[@prst='line']", NS) is not None
        texts |= {"".join(t.itertext()) for t in root.iter(f"{{{A}}}p")}
    wanted = {line.kind.label for line in m.blueprint_lines}
    assert wanted == set(BLUEPRINT_LINES)
    assert wanted <= connectors, connectors
    assert all(any(label in text for text in texts) for label in wanted)


def test_big_map_overview_summarises() -> None:
    """40 steps do not fit one overview slide at 10 pt: the overview shows the stages, not every step name."""
    slides = _slides(_deck("big-generated"))
    texts = ["".join(p.itertext()) for _, root in slides for p in root.iter(f"{{{A}}}p")]
    assert any("8 stages" in text and "40 steps" in text for text in texts)
