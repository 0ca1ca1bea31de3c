"""Issue 14: the Markdown table, the HTML page and the evidence report as a CX lead shares them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeymap.core.context import context_for
from journeymap.files.loader import read_workspace
from journeymap.model import Map
from journeymap.render.markdown import md
from journeymap.render.registry import RenderContext, render

from support import EXAMPLES, run

HOME = EXAMPLES / "home-loan"


def _home_loan(fmt: str) -> str:
    source = read_workspace(HOME)
    journey_map = source.workspace.map("home-loan-as-is")
    assert journey_map is not None
    return render(journey_map, fmt, context_for(source.workspace)).decode()


def test_markdown_has_no_backslash_before_a_number_in_a_cell() -> None:
    text = _home_loan("markdown")
    assert "| 7.4 (n=212, 95 % CI 7.1–7.7) |" in text
    assert not re.search(r"\\\d", text), re.findall(r".{20}\\\d.{20}", text)
    assert md("1. first", paragraph=True) == "1\\. first"  # outside a table a list start is still escaped
    assert md("# not a heading", paragraph=True) == "\\# not a heading"
    assert md("7.4 (n=212)", paragraph=True) == "7.4 (n=212)"  # "7.4" opens no list


def test_markdown_shows_one_card_a_line_in_a_cell() -> None:
    text = _home_loan("markdown")
    actions = next(line for line in text.splitlines() if line.startswith("| **Actions**"))
    assert (
        "• Compare two-year and five-year fixes across three lenders<br>"
        "• Ask a colleague who bought last year which lender she used"
    ) in actions
    challenges = next(line for line in text.splitlines() if line.startswith("| **Service challenges**"))
    assert "older phone<br>↳ Accept the file" in challenges  # each contingency on its own line


def test_priority_has_one_decimal_everywhere() -> None:
    for fmt in ("markdown", "html", "svg"):
        text = _home_loan(fmt)
        assert "50.35" not in text, fmt
    assert "priority 50.4" in _home_loan("markdown") and "priority 31.2" in _home_loan("markdown")
    assert "<td>50.4</td>" in _home_loan("html") and "<td>25.0</td>" in _home_loan("html")


def test_html_page_shows_the_title_once_and_the_whole_map() -> None:
    page = _home_loan("html")
    body = page.split("<body>", 1)[1]
    visible = re.sub(r'<header class="page visually-hidden">.*?</header>', "", body, flags=re.S)
    visible = re.sub(r"<title[^>]*>.*?</title>", "", visible, flags=re.S)  # the SVG's accessible name
    assert visible.count(">Home loan for a first-time buyer — as is<") == 1  # the picture's own title block
    assert "<h1>" not in visible
    assert '<header class="page visually-hidden"><h1>' in page  # a heading for screen readers
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    frame = re.search(r"\.map-frame \{([^}]*)\}", css)
    assert frame is not None and "max-height" not in frame.group(1) and "height:" not in frame.group(1)
    assert "@media print" in css and re.search(r"\.map-frame svg \{[^}]*width: 100%", css)


def test_report_names_files_relative_to_the_workspace(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    survey = (HOME / "evidence" / "post-completion-survey.csv").resolve()
    mapping = (HOME / "evidence" / "post-completion-survey.mapping.yaml").resolve()
    events = (HOME / "evidence" / "applications-events.csv").resolve()
    code, _, err = run(capsys, "report", str((HOME / "maps" / "home-loan-as-is.yaml").resolve()), "--survey",
                       str(survey), "--mapping", str(mapping), "--events", str(events), "-o", str(target))  # fmt: skip
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<h3>evidence/post-completion-survey.csv</h3>" in page
    assert "maps/home-loan-as-is.yaml (" in page and "evidence/applications-events.csv:" in page
    assert str(HOME.resolve()) not in page and str(Path.home()) + "/" not in page


def test_report_outside_the_workspace_shows_a_file_name(tmp_path: Path) -> None:
    from journeymap.render.report_html import ReportData, render_report

    journey_map = Map.model_validate({"title": "T", "stages": [{"name": "S", "steps": [{"name": "A"}]}]})
    data = ReportData(journey_map, RenderContext(), str(tmp_path / "maps" / "t.yaml"))
    data.findings = []
    page = render_report(data)
    assert str(tmp_path) not in page and "t.yaml (" in page
