"""The evidence report: one self-contained HTML page that shows a map with everything measured about it, and
where every number came from.

Sections: the map; the emotion curve with 95 % bands; each survey's summaries with their distributions; the
importance–performance chart; moments of truth ranked, and suggested from the data; value moments (VMPI); the
journey discovered from an event log (paths, flows, funnel); opportunities ranked; lint findings; sources and
formulas. Sections without data are left out. No script, no external resource (same CSP as map pages).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.value_moments import map_vmpi, vmpi, vmpi_band
from ..model import Map
from .drawing import render_svg
from .header import subtitle
from .html_document import h, page
from .registry import RenderContext
from .report_feedback import feedback_section
from .report_freshness import freshness_section
from .report_waves import waves_section
from .svg_emotion import render_emotion_svg

__all__ = ["ReportData", "render_report"]

REPORT_CSS = """<style>
nav.toc ol { columns: 2; font-size: 14px; }
.figure { overflow: auto; background: #fff; border: 1px solid #cbd2d9; border-radius: 8px; padding: 8px; }
.figure svg { display: block; }
.bar { display: inline-block; height: 10px; background: #1d4e89; vertical-align: middle; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #52606d; font-size: 13px; }
.severity-error { color: #b42318; font-weight: bold; }
.severity-warning { color: #8a5a00; }
dl.sources dt { font-weight: bold; margin-top: 6px; }
dl.sources dd { margin: 2px 0 0 18px; color: #52606d; }
</style>"""


@dataclass
class ReportData:
    """Everything a report shows, computed by the analysis functions (see ``journeymap.cli.report``)."""

    map: Map
    context: RenderContext
    source: str
    surveys: list[Any] = field(default_factory=list)  # SurveySummary
    survey_files: list[str] = field(default_factory=list)
    measure_problems: list[Any] = field(default_factory=list)  # Problem
    ipa: Any = None  # IpaResult | None
    moments: list[Any] = field(default_factory=list)  # MomentScore
    suggestions: list[Any] = field(default_factory=list)  # MomentSuggestion
    opportunities: Any = None  # OpportunityReport | None
    discovery: Any = None  # Discovery | None
    events_file: str | None = None
    findings: list[Any] = field(default_factory=list)  # lint findings (journeymap.errors.Problem)
    generated_on: dt.date | None = None
    waves: list[Any] = field(default_factory=list)  # EmotionChange: the map's measured levels against the surveys'


def _section(anchor: str, title: str, body: Iterable[str]) -> str:
    return f'<section id="{anchor}"><h2>{h(title)}</h2>' + "".join(body) + "</section>\n"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table; cells are already-escaped HTML."""
    heads = "".join(f"<th{' class=num' if i in numeric else ''}>{h(c)}</th>" for i, c in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>"


def _shown_path(path: str, data: ReportData) -> str:
    """A file as the report names it: relative to the map's workspace (or the map's folder) when it lies below it,
    else its file name — never an absolute local path (a report is shared)."""
    full = Path(path)
    if not full.is_absolute():
        return full.as_posix()
    from ..files.loader import find_workspace_root

    source = Path(data.source)
    for base in (find_workspace_root(source), source.parent.resolve() if source.is_absolute() else None):
        if base is not None and full.resolve().is_relative_to(base):
            return full.resolve().relative_to(base).as_posix()
    return full.name


def _shown_where(where: str, data: ReportData) -> str:
    """A finding's ``file:line:column`` with the file shown as :func:`_shown_path` shows it."""
    match = re.fullmatch(r"(.*?)((?::\d+){0,2})", where)
    assert match is not None  # the pattern matches every string
    return _shown_path(match.group(1), data) + match.group(2) if match.group(1) else where


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _figure(svg: str) -> str:
    return '<div class="figure">' + svg.split("\n", 1)[1] + "</div>"


def render_report(data: ReportData) -> str:
    m = data.map
    sections = [
        ("map", "The map", _map(data)),
        ("emotion", "Emotional level", _emotion(data)),
        ("freshness", "Evidence strength and freshness", freshness_section(data)),
        ("surveys", "Survey evidence", _surveys(data)),
        ("waves", "Change since the map was measured (Welch's test)", waves_section(data)),
        ("voice", "Voice of the customer", feedback_section(data)),
        ("ipa", "Importance and performance of touchpoints", _ipa(data)),
        ("moments", "Moments of truth", _moments(data)),
        ("value-moments", "Value moments (VMPI)", _value_moments(data)),
        ("discovery", "The journey customers took (event log)", _discovery(data)),
        ("opportunities", "Opportunities", _opportunities(data)),
        ("lint", "Phrasing and completeness", _lint(data)),
        ("sources", "Where the numbers come from", _sources(data)),
    ]
    shown = [(anchor, title, list(body)) for anchor, title, body in sections]
    shown = [(a, t, b) for a, t, b in shown if b]
    toc = "".join(f'<li><a href="#{a}">{h(t)}</a></li>' for a, t, _ in shown)
    head = (
        f'<header class="page"><h1>Evidence report: {h(m.title)}</h1><p>{h(subtitle(m, data.context))}</p></header>'
        f'{REPORT_CSS}<main><nav class="toc"><ol>{toc}</ol></nav>'
    )
    return page(f"Evidence report: {m.title}", [head, *(_section(a, t, b) for a, t, b in shown), "</main>"])


def _map(data: ReportData) -> Iterator[str]:
    yield _figure(render_svg(data.map, data.context))


def _emotion(data: ReportData) -> Iterator[str]:
    steps = [s for s in data.map.steps if s.emotion is not None]
    if not steps:
        return
    yield _figure(render_emotion_svg(data.map, data.context))
    rows = []
    for step in steps:
        e = step.emotion
        assert e is not None
        if e.is_measured:
            interval = "— (n = 1, no interval)" if e.ci95 is None else f"{e.ci95[0]:.2f}–{e.ci95[1]:.2f}"
            basis = f"measured: {h(e.dataset)}, n = {e.n}"
            rows.append([h(step.name), _num(e.value), interval, basis])
        else:
            rows.append([h(step.name), _num(e.value), "—", "team estimate"])
    yield _table(["Step", "Level (1–10)", "95 % interval", "Basis"], rows, numeric=(1,))


def _distribution(counts: dict[str, int]) -> str:
    """A small histogram (one bar per answer value, in value order) with the counts written beside it."""
    if not counts:
        return ""
    top = max(counts.values()) or 1
    bars = []
    for index, count in enumerate(counts.values()):
        height = max(1.0, 18.0 * count / top)
        bars.append(f'<rect x="{index * 7}" y="{18 - height:.1f}" width="6" height="{height:.1f}" fill="#1d4e89"/>')
    text = ", ".join(f"{v}: {c}" for v, c in counts.items())
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{len(counts) * 7}" height="18" role="img" '
        f'aria-label="{h(text)}">{"".join(bars)}</svg>'
    )
    return f'{svg} <span class="note">{h(text)}</span>'


def _surveys(data: ReportData) -> Iterator[str]:
    for summary, path in zip(data.surveys, data.survey_files, strict=False):
        low, high = summary.scale
        who = f", {summary.respondents} respondents" if summary.respondents else ""
        yield f"<h3>{h(_shown_path(path, data))}</h3><p class=note>Scale {low:g}–{high:g}{h(who)}.</p>"
        rows = [
            [
                h(r.element),
                h(r.measure),
                h(r.segment or "all"),
                str(r.n) if r.n_effective is None else f"{r.n} (eff. {r.n_effective:.1f})",  # Kish's, with weights
                _num(r.mean),
                _num(r.std),
                "—" if r.ci95 is None else f"{r.ci95[0]:.2f}–{r.ci95[1]:.2f}",
                _distribution(r.distribution),
            ]
            for r in summary.rows
        ]
        yield _table(["Element", "Measure", "Segment", "n", "Mean", "SD", "95 % CI", "Distribution"], rows, (3, 4, 5))
    if data.measure_problems:
        yield "<p class=note>" + "<br>".join(h(str(p)) for p in data.measure_problems) + "</p>"


def _ipa(data: ReportData) -> Iterator[str]:
    if data.ipa is None or not data.ipa.points:
        return
    from .svg_ipa import render_ipa_svg

    yield _figure(render_ipa_svg(data.ipa))
    yield f"<p class=note>{h(data.ipa.rule)}</p>"


def _moments(data: ReportData) -> Iterator[str]:
    if data.moments:
        rows = [
            [
                str(x.rank),
                h(x.title),
                h(x.step_name),
                _num(x.importance, 1),
                _num(x.expectation, 1),
                _num(x.experience, 1),
                _num(x.gap, 1),
                _num(x.priority, 1),
                h(x.basis),
            ]
            for x in data.moments
        ]
        head = ["#", "Moment", "Step", "Importance", "Expectation", "Experience", "Gap", "Priority", "Basis"]
        yield _table(head, rows, (3, 4, 5, 6, 7))
        yield "<p class=note>Gap = expectation − experience; priority = importance × gap; ranked by priority.</p>"
    if data.suggestions:
        yield (
            "<h3>Suggested from the data</h3><ul>"
            + "".join(f"<li>{h(s.reason)}</li>" for s in data.suggestions)
            + "</ul>"
        )


def _value_moments(data: ReportData) -> Iterator[str]:
    moments = data.map.value_moments
    if not moments:
        return
    bands = data.context.vmpi_bands
    rows = [
        [
            h(v.name),
            h(v.step),
            str(v.weight),
            _num(v.vmce, 1),
            _num(v.vme, 1),
            f"{vmpi(v):.0f} %",
            h(vmpi_band(vmpi(v), bands).label),
        ]
        for v in moments
    ]
    yield _table(["Value moment", "Step", "Weight", "VMCE", "VME", "VMPI", "Band"], rows, (2, 3, 4, 5))
    total = map_vmpi(moments)
    if total is not None:
        band = vmpi_band(total, bands)
        yield f"<p><strong>Map VMPI (weighted): {total:.0f} %</strong> — {h(band.label)}.</p>"
    yield "<p class=note>VMPI = VME / VMCE × 100 %; map VMPI = Σ wᵢ·VMEᵢ / Σ wᵢ·VMCEᵢ × 100 %.</p>"


def _discovery(data: ReportData) -> Iterator[str]:
    d = data.discovery
    if d is None:
        return
    from ..evidence.discovery import format_duration
    from .svg_discovery import render_flow_svg, render_funnel_svg

    yield (
        f"<p>{d.cases:,} cases, {d.events:,} events, {d.activity_count} activities, {d.variant_count} variants "
        f"(paths); median case duration {h(format_duration(d.median_case_seconds))}.</p>"
    )
    yield f"<p class=note>Main path: {h(' → '.join(d.main_path))}. {h(d.main_path_rule)}</p>"
    yield _figure(render_flow_svg(d))
    yield _figure(render_funnel_svg(d))
    rows = [
        [str(i + 1), h(" → ".join(v.activities)), str(v.cases), f"{v.cases / max(d.cases, 1):.0%}"]
        for i, v in enumerate(d.top_variants)
    ]
    yield "<h3>Most frequent paths</h3>" + _table(["#", "Path", "Cases", "Share"], rows, (2, 3))


def _opportunities(data: ReportData) -> Iterator[str]:
    report = data.opportunities
    if report is None or not report.items:
        return
    rows = [
        [
            str(o.rank),
            h(o.text),
            h(o.how_might_we),
            h(o.source),
            _num(o.score, 1),
            h(o.score_basis),
            h("; ".join(o.flags)),
        ]
        for o in report.items
    ]
    yield _table(["#", "Opportunity", "How might we…", "Source", "Score", "Score from", "To do"], rows, (4,))


def _lint(data: ReportData) -> Iterator[str]:
    if not data.findings:
        yield "<p>No findings: phrasing and completeness rules are met.</p>"
        return
    rows = []
    for f in data.findings:
        severity = f.severity.value
        where = f"{_shown_where(f.where, data)} — {f.path}" if f.path else _shown_where(f.where, data)
        badge = f'<span class="severity-{h(severity)}">{h(severity)}</span>'
        rows.append([badge, h(f.code), h(where), h(f.message), h(f.hint)])
    yield _table(["Severity", "Rule", "Where", "Finding", "Suggestion"], rows)


def _sources(data: ReportData) -> Iterator[str]:
    items = [("Map", f"{_shown_path(data.source, data)} ({data.map.type.label}, {data.map.state.value})")]
    for summary, path in zip(data.surveys, data.survey_files, strict=False):
        items.append(
            (
                "Survey",
                f"{_shown_path(path, data)}: {len(summary.rows)} summaries"
                + (f", {summary.respondents} respondents" if summary.respondents else ""),
            )
        )
    if data.discovery is not None and data.events_file:
        items.append(
            (
                "Event log",
                f"{_shown_path(data.events_file, data)}: {data.discovery.cases:,} cases, "
                f"{data.discovery.events:,} events",
            )
        )
    estimated = sum(1 for s in data.map.steps if s.emotion is not None and not s.emotion.is_measured)
    if estimated:
        items.append(("Team estimates", f"{estimated} steps' emotional level is the team's estimate (marked est.)"))
    formulas = [
        "Mean = Σwx / Σw; 95 % interval = mean ± t(0.975, n − 1) · sd / √n (Kish's effective n with weights).",
        "Survey values on other scales are put on 1–10 by x′ = 1 + (x − low) × 9 / (high − low).",
        "Derived importance = Pearson correlation of a rating with the overall rating.",
        "Gap = expectation − experience; moment-of-truth priority = importance × gap.",
        "VMPI = VME / VMCE × 100 %; map VMPI weighted by the moments' weights.",
        "Directly-follows count of (a, b): how often b immediately follows a in a case; funnel: cases reaching a step.",
    ]
    yield '<dl class="sources">' + "".join(f"<dt>{h(k)}</dt><dd>{h(v)}</dd>" for k, v in items) + "</dl>"
    yield "<h3>Formulas</h3><ul>" + "".join(f"<li>{h(f)}</li>" for f in formulas) + "</ul>"
    if data.generated_on:
        yield f"<p class=note>Made on {data.generated_on.isoformat()}.</p>"
