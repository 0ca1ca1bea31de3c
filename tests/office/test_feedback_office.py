"""The voice of the customer in the office exports (issue 15): the stage slides of the measured home-loan map show,
per step, a native box with the share negative and its interval, n and the best quote with its source row, at
10 pt or more; the workbook's "Voice of the customer" sheet holds the numbers as numbers; docs/office.md's row says
which formats carry it."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from feedback_maps import hostile_feedback_map, measured_home_loan
from journeymap.model import FeedbackMeasure, Map
from journeymap.render.registry import RenderContext, render

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
DOC = Path(__file__).resolve().parents[2] / "docs" / "office.md"


def _share(fm: FeedbackMeasure) -> str:
    return f"{round(fm.share_negative * 100)} % negative ({round(fm.ci95[0] * 100)}–{round(fm.ci95[1] * 100)} %)"


@cache
def _measured() -> tuple[Map, RenderContext]:
    return measured_home_loan()


@cache
def _deck(plain: bool = False) -> list[etree._Element]:
    pytest.importorskip("pptx")
    m, context = _measured()
    if plain:
        m = _without_feedback(m)
    with zipfile.ZipFile(io.BytesIO(render(m, "pptx", context))) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        return [etree.fromstring(archive.read(n)) for n in names]


def _without_feedback(m: Map) -> Map:
    plain = m.model_copy(deep=True)
    for step in plain.steps:
        step.feedback = None
    for tp in plain.touchpoints:
        tp.feedback = None
    return plain


def _voice_shapes(slides: list[etree._Element]) -> dict[str, list[etree._Element]]:
    shapes: dict[str, list[etree._Element]] = {}
    for slide in slides:
        for sp in slide.iter(f"{{{P}}}sp"):
            name = sp.find("p:nvSpPr/p:cNvPr", NS).get("name", "")
            if name.startswith("voice "):
                shapes.setdefault(name.removeprefix("voice "), []).append(sp)
    return shapes


def _text(sp: etree._Element) -> str:
    return " ".join("".join(p.itertext()) for p in sp.iter(f"{{{A}}}p"))


def test_every_measured_step_has_one_voice_box_with_its_numbers() -> None:
    m, _ = _measured()
    shapes = _voice_shapes(_deck())
    measured = {s.id: s.feedback for s in m.steps if s.feedback is not None}
    assert set(shapes) == set(measured)
    for step_id, fm in measured.items():
        assert len(shapes[step_id]) == 1, f"{step_id} drawn once"
        text = _text(shapes[step_id][0])
        assert _share(fm) in text
        assert f"n={fm.comments} comment" in text
        rows = {int(r) for r in re.findall(r"— \S+ row (\d+)", text)}
        assert len(rows) == 1 and rows <= {q.row for q in fm.quotes}
        assert "“" in text and "”" in text


def test_voice_boxes_are_native_and_at_least_10_pt() -> None:
    for shapes in _voice_shapes(_deck()).values():
        sp = shapes[0]
        assert sp.find("p:spPr/a:prstGeom", NS) is not None, "a native shape"
        sizes = [int(r.get("sz")) / 100 for r in sp.iter(f"{{{A}}}rPr") if r.get("sz")]
        autofit = sp.find("p:txBody/a:bodyPr/a:normAutofit", NS)
        scale = int(autofit.get("fontScale", "100000")) / 100000 if autofit is not None else 1.0
        assert sizes and min(sizes) * scale >= 10


def test_a_deck_without_feedback_has_no_voice_row() -> None:
    slides = _deck(plain=True)
    assert not _voice_shapes(slides)
    assert not any("Voice of the customer" in "".join(s.itertext()) for s in slides)


def test_the_workbook_has_the_numbers_as_numbers() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    m, context = _measured()
    book = openpyxl.load_workbook(io.BytesIO(render(m, "xlsx", context)))
    sheet = book["Voice of the customer"]
    head = [c.value for c in sheet[1]]
    rows = {(r[head.index("Step id")], r[head.index("Touchpoint id")]): r for r in sheet.iter_rows(2, values_only=True)}
    expected = [((s.id, None), s.feedback) for s in m.steps if s.feedback is not None]
    expected += [((t.step, t.id), t.feedback) for t in m.touchpoints if t.feedback is not None]
    assert len(rows) == len(expected)
    for key, fm in expected:
        row = rows[key]
        assert row[head.index("Comments")] == fm.comments
        assert row[head.index("Negative")] == fm.negative
        assert row[head.index("Share negative")] == pytest.approx(fm.share_negative)
        assert row[head.index("CI 95 % low")] == pytest.approx(fm.ci95[0])
        assert row[head.index("CI 95 % high")] == pytest.approx(fm.ci95[1])
        quotes = row[head.index("Quotes with their source row")]
        for q in fm.quotes:
            assert q.text in quotes and f"{q.source} row {q.row}" in quotes
    plain = openpyxl.load_workbook(io.BytesIO(render(_without_feedback(m), "xlsx", context)))
    assert "Voice of the customer" not in plain.sheetnames


def _row(mark: str) -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    lines = text[text.index("| mark | SVG") :].splitlines()
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == mark:
            return dict(zip(head[1:], cells[1:], strict=True))
    raise AssertionError(f"no row {mark!r} in docs/office.md")


def test_docs_office_row_says_what_the_formats_carry() -> None:
    row = _row("voice of the customer")
    m, context = _measured()
    svg = render(m, "svg", context).decode()
    assert ('class="jm-feedback"' in svg) == row["SVG"].startswith("yes")
    assert row["PDF"] == row["PNG"] == row["SVG"]
    assert bool(_voice_shapes(_deck())) == row["PPTX"].startswith("yes")
    with zipfile.ZipFile(io.BytesIO(render(m, "vsdx", context))) as archive:
        page = archive.read("visio/pages/page1.xml").decode()
    assert ("Voice of the customer" in page) == row["VSDX"].startswith("yes")
    for step in m.steps:
        if step.feedback is not None:
            assert f'NameU="Voice {step.id}"' in page and _share(step.feedback) in page
    assert row["XLSX"].startswith("yes")


def test_hostile_feedback_stays_text_in_the_deck_and_the_workbook() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("pptx")
    m = hostile_feedback_map()
    with zipfile.ZipFile(io.BytesIO(render(m, "pptx", RenderContext()))) as archive:
        slides = [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.startswith("ppt/slides/slide")]
    texts = [_text(sp) for sp in _voice_shapes(slides)["a"]]
    assert len(texts) == 1 and "<script>alert('x')</script>" in texts[0]
    assert "…”" in texts[0], "the long quote is cut on the slide"
    book = openpyxl.load_workbook(io.BytesIO(render(m, "xlsx", RenderContext())))
    cells = [c for row in book["Voice of the customer"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("<script>alert('x')</script>" in c.value for c in cells)
    assert all(c.data_type == "s" for c in cells), "text stays text, never a formula"
    assert any(c.value.startswith("=1+1") and c.quotePrefix for c in cells)


def test_speaker_notes_say_where_the_voice_numbers_come_from() -> None:
    pytest.importorskip("pptx")
    m, context = _measured()
    with zipfile.ZipFile(io.BytesIO(render(m, "pptx", context))) as archive:
        notes = " ".join(
            "".join(etree.fromstring(archive.read(n)).itertext())
            for n in archive.namelist()
            if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)
        )
    for step in m.steps:
        fm = step.feedback
        if fm is None:
            continue
        low, high = (round(x * 100) for x in fm.ci95)
        assert f"{step.name}: voice of the customer — {fm.negative} of {fm.comments} comments negative" in notes
        assert f"Wilson 95 % interval {low} %–{high} %" in notes
        for q in fm.quotes:
            assert f"{q.source} row {q.row}" in notes
