"""docs/office.md's table of marks per format agrees with what the SVG, VSDX and PPTX writers draw (PDF and PNG are
drawn from the SVG, so their columns must be the SVG's)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.render.registry import render
from journeymap.render.theme import MARK_FILL, WEIGHT_FILL
from journeymap.render.vsdx import render_vsdx

from support import example_map_files

DOC = Path(__file__).resolve().parents[2] / "docs" / "office.md"
EXAMPLES = {p.stem: p for p in example_map_files()}
MAPS = ("home-loan-as-is", "diabetes-review-blueprint", "business-return-value-moments")


def _table() -> dict[str, dict[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    lines = text[text.index("| mark | SVG") :].splitlines()
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    rows: dict[str, dict[str, str]] = {}
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(head[1:], cells[1:], strict=True))
    return rows


@cache
def _outputs() -> tuple[str, str]:
    svg, vsdx = "", ""
    for stem in MAPS:
        m, context = load_map_and_context(EXAMPLES[stem])
        svg += render(m, "svg", context).decode()
        with zipfile.ZipFile(io.BytesIO(render_vsdx(m, context))) as archive:
            vsdx += archive.read("visio/pages/page1.xml").decode()
    return svg, vsdx


WEIGHTS = tuple(f'"{c}"' for c in WEIGHT_FILL.values())
BANDS = ('"#e8a0a0"', '"#f3d58a"', '"#9fd3a8"')
DETECT: dict[str, tuple[Callable[[str], bool], Callable[[str], bool]]] = {
    "emotion curve": (lambda s: "jm-curve-" in s, lambda v: 'NameU="Emotion curve ' in v),
    "interval": (lambda s: 'class="jm-ci' in s, lambda v: 'NameU="CI"' in v),
    "moment-of-truth frame": (lambda s: 'class="jm-mot"' in s, lambda v: 'NameU="Moment of truth frame ' in v),
    "touchpoint marks": (lambda s: f'fill="{MARK_FILL}"' in s, lambda v: 'NameU="Mark ' in v),
    "weight colours": (lambda s: any(w in s for w in WEIGHTS), lambda v: any(w in v for w in WEIGHTS)),
    "VMPI bands": (lambda s: all(b in s for b in BANDS), lambda v: all(b in v for b in BANDS)),
    "blueprint lines": (lambda s: "jm-blueprint-line" in s, lambda v: 'NameU="Line of ' in v),
    "legend": (lambda s: 'class="jm-legend"' in s, lambda v: 'NameU="Legend ' in v),
    "evidence badges": (lambda s: "jm-evidence" in s, lambda v: "● n=" in v),
    "persona card": (lambda s: 'class="jm-persona-card"' in s, lambda v: 'NameU="Persona ' in v),
    "channel icons": (lambda s: 'class="jm-channel"' in s, lambda v: 'NameU="Channel icon ' in v),
    "hand-over arrows": (lambda s: 'class="jm-handover-arrow"' in s, lambda v: 'NameU="Hand-over ' in v),
    "sub-journey": (lambda s: 'class="jm-sub-journey"' in s, lambda v: "↳ sub-journey: " in v),
}
PPTX_DETECT: dict[str, Callable[[str], bool]] = {
    "channel icons": lambda p: re.search(r'name="channel icon [^"]+" descr="channel: ', p) is not None,
    "hand-over arrows": lambda p: any(
        'name="hand-over ' in c and '<a:tailEnd type="triangle"' in c for c in p.split("<p:cxnSp>")
    ),
    "blueprint lines": lambda p: 'name="Line of interaction"' in p,
    "touchpoint marks": lambda p: MARK_FILL.lstrip("#").upper() in p,
    "legend": lambda p: 'name="Legend ' in p,
    "sub-journey": lambda p: "↳ sub-journey: Taking a status call" in p,
}
"""What the stage slides are read for (the PPTX XML as written), for the marks a slide draws as shapes."""


MEASURED_ONLY = {"voice of the customer": "drawn on maps with measured feedback: tests/office/test_feedback_office.py"}
"""Rows checked elsewhere, on a map the examples do not ship (what the row is checked on)."""


def test_the_table_names_every_checked_mark() -> None:
    assert set(_table()) == set(DETECT) | set(MEASURED_ONLY)


@pytest.mark.parametrize("mark", sorted(DETECT))
def test_svg_and_vsdx_carry_what_the_table_says(mark: str) -> None:
    row = _table()[mark]
    svg, vsdx = _outputs()
    in_svg, in_vsdx = DETECT[mark]
    assert in_svg(svg) == row["SVG"].startswith("yes"), f"{mark}: SVG"
    assert in_vsdx(vsdx) == row["VSDX"].startswith("yes"), f"{mark}: VSDX"
    assert row["PDF"] == row["PNG"] == row["SVG"]  # both drawn from the SVG


@cache
def _pptx() -> str:
    """The slides' XML of the examples' decks, as written."""
    pytest.importorskip("pptx")
    text = ""
    for stem in MAPS:
        m, context = load_map_and_context(EXAMPLES[stem])
        with zipfile.ZipFile(io.BytesIO(render(m, "pptx", context))) as archive:
            text += "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/slides/slide"))
    return text


@pytest.mark.parametrize("mark", sorted(PPTX_DETECT))
def test_pptx_carries_what_the_table_says(mark: str) -> None:
    assert PPTX_DETECT[mark](_pptx()) == _table()[mark]["PPTX"].startswith("yes"), mark


@cache
def _office(fmt: str) -> str:
    """Every XML part of the ``fmt`` files of the examples, upper case (colours are written ``RRGGBB``)."""
    pytest.importorskip("openpyxl")
    text = ""
    for stem in MAPS:
        m, context = load_map_and_context(EXAMPLES[stem])
        with zipfile.ZipFile(io.BytesIO(render(m, fmt, context))) as archive:
            text += "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    return text.upper()


@pytest.mark.parametrize("fmt", ["pptx", "xlsx"])
@pytest.mark.parametrize("mark", ["weight colours", "VMPI bands"])
def test_office_colours_are_what_the_table_says(fmt: str, mark: str) -> None:
    colours = WEIGHTS if mark == "weight colours" else BANDS
    found = any(c.strip('"').lstrip("#").upper() in _office(fmt) for c in colours)
    assert found == _table()[mark][fmt.upper()].startswith("yes")


def test_xlsx_has_the_sub_journey_in_a_column_as_the_table_says() -> None:
    found = "SUB-JOURNEY ID" in _office("xlsx") and "HELPLINE-AGENT-EXPERIENCE" in _office("xlsx")
    assert found == _table()["sub-journey"]["XLSX"].startswith("yes")
