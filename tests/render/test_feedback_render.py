"""The voice of the customer on the map (issue 15): the measured home-loan map's SVG carries, per step, the share
negative with its 95 % interval, n, the top themes and the best quotes with their source rows, in a heat colour the
legend explains; quotes are clipped at a word boundary and escaped; the report, the Markdown and HTML pages carry
the same numbers; a map without feedback has no strip."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from xml.etree import ElementTree as ET

import pytest

from feedback_maps import hostile_feedback_map, measured_home_loan
from journeymap.model import DEFAULT_VMPI_BANDS, FeedbackMeasure, Map
from journeymap.render.feedback_view import HEAT, clip, shorten
from journeymap.render.registry import RenderContext, render
from journeymap.render.report_html import ReportData, render_report
from journeymap.render.text import text_width
from journeymap.render.theme import MOT_FILL, WEIGHT_FILL, delta_e

SVG = "{http://www.w3.org/2000/svg}"


def _pct(x: float) -> int:
    return round(x * 100)


def _expected_share(fm: FeedbackMeasure) -> str:
    return f"{_pct(fm.share_negative)} % negative ({_pct(fm.ci95[0])}–{_pct(fm.ci95[1])} %)"


def _text(group: ET.Element) -> str:
    return " ".join(" ".join(t.itertext()) for t in group.iter(f"{SVG}text"))


@pytest.fixture(scope="module")
def measured() -> tuple[Map, RenderContext]:
    return measured_home_loan()


@pytest.fixture(scope="module")
def svg_root(measured: tuple[Map, RenderContext]) -> ET.Element:
    m, context = measured
    return ET.fromstring(render(m, "svg", context))


def _cells(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-element", ""): g for g in root.iter(f"{SVG}g") if g.get("class") == "jm-feedback-cell"}


def test_the_measured_example_has_feedback(measured: tuple[Map, RenderContext]) -> None:
    m, _ = measured
    assert sum(1 for s in m.steps if s.feedback is not None) >= 10
    assert any(t.feedback is not None for t in m.touchpoints)


def test_every_step_cell_writes_its_measure(measured: tuple[Map, RenderContext], svg_root: ET.Element) -> None:
    m, _ = measured
    strips = [g for g in svg_root.iter(f"{SVG}g") if g.get("class") == "jm-feedback"]
    assert len(strips) == 1
    assert "Voice of the customer" in _text(strips[0])
    cells = _cells(svg_root)
    assert set(cells) == {s.id for s in m.steps}
    for step in m.steps:
        fm = step.feedback
        text = _text(cells[step.id])
        if fm is None:
            assert "no comments" in text
            continue
        assert cells[step.id].get("data-comments") == str(fm.comments)
        assert _expected_share(fm) in text, step.id
        assert f"n={fm.comments} comment" in text
        for theme in fm.themes[:2]:
            assert f"{theme.theme} {theme.count}" in text
        rows = {int(r) for r in re.findall(r"— \S+ row (\d+)", text)}
        assert rows and rows <= {q.row for q in fm.quotes}, step.id
        assert "“" in text and "”" in text


def test_the_heat_colour_follows_the_share_and_is_in_the_legend(
    measured: tuple[Map, RenderContext], svg_root: ET.Element
) -> None:
    m, _ = measured
    cells = _cells(svg_root)
    legend = next(g for g in svg_root.iter(f"{SVG}g") if g.get("class") == "jm-legend")
    legend_fills = {r.get("fill") for r in legend.iter(f"{SVG}rect")}
    shares = []
    for step in m.steps:
        if step.feedback is None:
            continue
        heat = next(r for r in cells[step.id].iter(f"{SVG}rect") if r.get("class") == "jm-heat")
        expected = [fill for low, fill, _ in HEAT if step.feedback.share_negative >= low][-1]
        assert heat.get("fill") == expected
        assert expected in legend_fills
        shares.append((step.feedback.share_negative, expected))
    used = {fill for _, fill in shares}
    legend_heat = legend_fills & {fill for _, fill, _ in HEAT}
    assert legend_heat == used, "the legend shows exactly the heat colours drawn"
    assert "% of comments negative" in _text(legend)


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_heat_ramp_is_sequential_and_distinct() -> None:
    fills = [fill for _, fill, _ in HEAT]
    assert all(_luminance(a) > _luminance(b) for a, b in itertools.pairwise(fills)), "darker with more negative"
    assert all(delta_e(a, b) > 10 for a, b in itertools.combinations(fills, 2))
    others = [*WEIGHT_FILL.values(), *(b.colour for b in DEFAULT_VMPI_BANDS), MOT_FILL, "#ffffff"]
    assert all(delta_e(a, b) > 10 for a in fills for b in others)


def test_touchpoint_cards_carry_their_count_and_share(
    measured: tuple[Map, RenderContext], svg_root: ET.Element
) -> None:
    m, _ = measured
    items = {
        g.get("data-element"): g for g in svg_root.iter(f"{SVG}g") if g.get("class") == "jm-item jm-item-touchpoint"
    }
    checked = 0
    for tp in m.touchpoints:
        if tp.feedback is not None and tp.id in items:
            fm = tp.feedback
            assert f"{fm.comments} comment" in _text(items[tp.id])
            assert f"{_pct(fm.share_negative)} % negative" in _text(items[tp.id])
            checked += 1
    assert checked >= 5


def test_a_map_without_feedback_has_no_strip(measured: tuple[Map, RenderContext]) -> None:
    m, context = measured
    plain = m.model_copy(deep=True)
    for step in plain.steps:
        step.feedback = None
    for tp in plain.touchpoints:
        tp.feedback = None
    svg = render(plain, "svg", context).decode()
    assert "jm-feedback" not in svg and "% of comments negative" not in svg
    assert "Voice of the customer" not in render(plain, "markdown", context).decode()


def test_clip_ends_at_a_word_boundary_with_an_ellipsis() -> None:
    text = "The portal kept throwing a generic error on the employment page and nobody could tell me why at all"
    lines = clip(text, 120, 10, 2, quoted=True)
    assert len(lines) == 2 and lines[0].startswith("“") and lines[-1].endswith("…”")
    shown = " ".join(lines)[1:-2]
    assert text.startswith(shown) and text[len(shown)] == " ", "cut between words"
    assert all(text_width(line, 10) <= 120 for line in lines)
    assert clip("short", 120, 10, 2) == ["short"]
    long_word = "x" * 500
    assert all(text_width(line, 10) <= 120 for line in clip(long_word, 120, 10, 3, quoted=True))
    assert shorten("one two three four", 10) == "one two…"
    assert shorten("a" * 30, 10) == "a" * 9 + "…"
    assert shorten("fits", 10) == "fits"


def test_hostile_quotes_are_escaped_clipped_and_fit() -> None:
    m = hostile_feedback_map()
    context = RenderContext()
    raw = render(m, "svg", context).decode()
    root = ET.fromstring(raw)  # well-formed
    assert not any(el.tag in (f"{SVG}script", f"{SVG}img", f"{SVG}b", f"{SVG}i") for el in root.iter())
    cell = _cells(root)["a"]
    width = 196 - 2 * 7 - 12
    lines = [("".join(t.itertext()), float(t.get("font-size", "0"))) for t in cell.iter(f"{SVG}tspan")]
    sizes = {float(t.get("font-size", "0")) for t in cell.iter(f"{SVG}text")}
    assert min(sizes) >= 9
    quote_lines = [t for t, _ in lines if t.startswith("“") or t.endswith("”")]
    assert any(t.endswith("…”") for t in quote_lines), "a long quote is clipped"
    assert all(text_width(t, 10) <= width + 0.5 for t in quote_lines)
    assert "62 % negative (47–76 %)" in _text(cell)
    for fmt in ("html", "markdown"):
        out = render(m, fmt, context).decode()
        assert "<script>alert" not in out and "<img src=x" not in out


def test_the_report_has_a_voice_of_the_customer_section(measured: tuple[Map, RenderContext]) -> None:
    m, context = measured
    html = render_report(ReportData(m, context, "home-loan-as-is.yaml", generated_on=dt.date(2026, 1, 15)))
    section = html[html.index('<section id="voice">') :]
    section = section[: section.index("</section>")]
    assert '<a href="#voice">Voice of the customer</a>' in html
    for step in m.steps:
        fm = step.feedback
        if fm is None:
            continue
        row = section[section.index(f"<td>{step.name}</td>") :]
        row = row[: row.index("</tr>")]
        assert f"<td class=num>{fm.comments}</td><td class=num>{fm.negative}</td>" in row
        assert _expected_share(fm) in row
        assert f"{fm.quotes[0].source} row {fm.quotes[0].row}" in row


def test_the_report_without_feedback_has_no_section(measured: tuple[Map, RenderContext]) -> None:
    m, context = measured
    plain = m.model_copy(deep=True)
    for step in plain.steps:
        step.feedback = None
    for tp in plain.touchpoints:
        tp.feedback = None
    assert 'id="voice"' not in render_report(ReportData(plain, context, "x.yaml"))


def test_markdown_and_html_pages_carry_the_numbers(measured: tuple[Map, RenderContext]) -> None:
    m, context = measured
    page_md = render(m, "markdown", context).decode()
    page_html = render(m, "html", context).decode()
    assert "## Voice of the customer" in page_md and "<h2>Voice of the customer</h2>" in page_html
    for step in m.steps:
        fm = step.feedback
        if fm is None:
            continue
        line = next(line for line in page_md.splitlines() if line.startswith(f"| {step.name} | {fm.comments} |"))
        assert _expected_share(fm) in line
        assert any(f"{q.source} row {q.row})" in line for q in fm.quotes)
        assert _expected_share(fm) in page_html
