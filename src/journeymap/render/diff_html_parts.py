"""Sections of the diff page (:mod:`.diff_html`) for what issue 13 added to the diff: significant drops of measured
emotional levels (Welch's test), changes of emotional basis, value moments with the map's VMPI, lanes, and every
other detail of the map. Every change is written as a symbol and a word, never by colour alone; user text is escaped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..analysis.diff_parts import DROP_ALPHA, EmotionChange, FieldChange
from ..analysis.diff_result import MapDiff
from .html_document import h

__all__ = ["DIFF_PARTS_CSS", "diff_sections", "summary_items"]

DIFF_PARTS_CSS = """
.drop { background: #fde2e1; border: 1px solid #e8a0a0; border-radius: 8px; padding: 8px 12px; }
.drop strong { color: #9b1c1c; }
"""

MARK = {"added": "+ added", "removed": "− removed", "changed": "~ changed"}


def _marker(status: str) -> str:
    return f'<span class="chg chg-{h(status)}">{h(MARK[status])}</span>'


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def summary_items(diff: MapDiff) -> list[str]:
    """Lines for the page's summary list."""
    c = diff.summary()
    return [
        f"Value moments: {c['value_moments_added']} added, {c['value_moments_removed']} removed, "
        f"{c['value_moments_changed']} changed · VMPI of the map {_pct(diff.vmpi_a)} → {_pct(diff.vmpi_b)}",
        f"Lanes: {c['lanes_added']} added, {c['lanes_removed']} removed, {c['lanes_changed']} changed",
        f"Emotional levels changed: {c['emotions_changed']} · significant drops: {c['drops_flagged']} · "
        f"other details: {c['details_changed']}",
    ]


def diff_sections(diff: MapDiff) -> Iterator[str]:
    """The added sections, each only when it has something to say."""
    yield f"<style>{DIFF_PARTS_CSS}</style>\n"
    yield from _drops(diff)
    yield from _emotions(diff)
    yield from _value_moments(diff)
    yield from _lanes(diff)
    yield from _others(diff)


def _test_text(change: EmotionChange) -> str:
    test = change.test
    if test is None:
        return ""
    low, high = test.ci95
    return f"{test.diff:+.2f} (95 % CI {low:+.2f} to {high:+.2f}), Welch's p = {_p(test.p)}"


def _drops(diff: MapDiff) -> Iterator[str]:
    drops = diff.significant_drops
    if not drops:
        return
    yield '<section class="drop" role="alert"><h2>▼ Significant drops</h2><ul>'
    for x in drops:
        yield (
            f"<li><strong>▼ {h(x.b.name)}</strong>: {h(x.a.emotion_label)} → {h(x.b.emotion_label)}, "
            f"{h(_test_text(x))}</li>"
        )
    yield (
        f'</ul><p class="muted">A measured emotional level that fell with Welch\'s p &lt; {DROP_ALPHA:g}, from the '
        "n, mean and standard deviation stored with each level (effective n with weights).</p></section>\n"
    )


def _emotions(diff: MapDiff) -> Iterator[str]:
    changes = [x for x in diff.emotion_changes if x.from_basis != x.to_basis or x.test is not None]
    if not changes:
        return
    yield "<section><h2>Emotional level: basis and tests</h2><table><thead><tr><th>Step</th><th>A</th><th>B</th>"
    yield "<th>Basis</th><th>Change (Welch)</th></tr></thead><tbody>"
    for x in changes:
        basis = f"{x.from_basis} → {x.to_basis}" if x.from_basis != x.to_basis else x.to_basis
        flag = "▼ significant drop · " if x.significant_drop else ""
        yield (
            f"<tr><td>{h(x.b.name)}</td><td>{h(x.a.emotion_label)}</td><td>{h(x.b.emotion_label)}</td>"
            f"<td>{h(basis)}</td><td>{h(flag + _test_text(x))}</td></tr>"
        )
    yield "</tbody></table></section>\n"


def _value_moments(diff: MapDiff) -> Iterator[str]:
    if not (diff.value_moments_added or diff.value_moments_removed or diff.value_moments_changed):
        return
    yield f"<section><h2>Value moments</h2><p>VMPI of the map: {h(_pct(diff.vmpi_a))} → {h(_pct(diff.vmpi_b))}</p>"
    yield "<table><thead><tr><th>Change</th><th>Value moment</th><th>Step</th><th>VMCE</th><th>VME</th>"
    yield "<th>Weight</th><th>VMPI</th></tr></thead><tbody>"
    for status, items in (("added", diff.value_moments_added), ("removed", diff.value_moments_removed)):
        for v in items:
            yield (
                f"<tr><td>{_marker(status)}</td><td>{h(v.name)}</td><td>{h(v.step_name)}</td>"
                f'<td class="num">{v.vmce:g}</td><td class="num">{v.vme:g}</td><td class="num">{v.weight}</td>'
                f'<td class="num">{h(_pct(v.vmpi))}</td></tr>'
            )
    for ch in diff.value_moments_changed:
        a, b = ch.a, ch.b
        yield (
            f"<tr><td>{_marker('changed')}</td><td>{h(b.name)}</td><td>{h(b.step_name)}</td>"
            f'<td class="num">{a.vmce:g} → {b.vmce:g}</td><td class="num">{a.vme:g} → {b.vme:g}</td>'
            f'<td class="num">{a.weight} → {b.weight}</td>'
            f'<td class="num">{h(_pct(a.vmpi))} → {h(_pct(b.vmpi))}</td></tr>'
        )
    yield '</tbody></table><p class="muted">VMPI = VME / VMCE × 100 %; of the map Σ w·VME / Σ w·VMCE.</p></section>\n'


def _lanes(diff: MapDiff) -> Iterator[str]:
    if not (diff.lanes_added or diff.lanes_removed or diff.lanes_changed):
        return
    yield "<section><h2>Lanes</h2><ul>"
    for status, items in (("added", diff.lanes_added), ("removed", diff.lanes_removed)):
        for x in items:
            yield f'<li>{_marker(status)} {h(x.heading)} <span class="muted">{h(x.kind)} · {x.cards} cards</span></li>'
    for ch in diff.lanes_changed:
        said = []
        if ch.renamed:
            said.append(f"renamed from “{ch.a.heading}”")
        if "kind" in ch.changes:
            said.append(f"kind {ch.a.kind} → {ch.b.kind}")
        if "position" in ch.changes:
            said.append("moved among the lanes")
        yield f"<li>{_marker('changed')} {h(ch.b.heading)}: {h('; '.join(said))}</li>"
    yield "</ul></section>\n"


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 200 else text[:199] + "…"


def _other(c: FieldChange) -> str:
    what = "map" if c.kind == "map" else f"{c.kind.replace('_', ' ')}: {c.label}"
    if c.change != "changed":
        return f"<tr><td>{_marker(c.change)}</td><td>{h(what)}</td><td></td><td></td></tr>"
    return (
        f"<tr><td>{_marker('changed')}</td><td>{h(what)} › <code>{h(c.field)}</code></td>"
        f"<td>{h(_value(c.a))}</td><td>{h(_value(c.b))}</td></tr>"
    )


def _others(diff: MapDiff) -> Iterator[str]:
    if not diff.other_changes:
        return
    yield "<section><h2>Other details</h2><table><thead><tr><th>Change</th><th>Where</th><th>A</th><th>B</th>"
    yield "</tr></thead><tbody>"
    yield from (_other(c) for c in diff.other_changes)
    yield "</tbody></table></section>\n"
