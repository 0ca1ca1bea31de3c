"""A self-contained HTML page of a diff between two maps (as-is and to-be, or two versions).

* One chart overlays both emotion curves: A dashed grey with hollow dots, B solid blue with filled dots, a
  legend naming both, and the change B − A written above each step that has a level in both maps.
* The steps side by side, in B's order with A's other steps where they stood: every change is written as
  a symbol *and* a word (``+ added``, ``− removed``, ``~ changed``, ``⇄ replaced``), never by colour alone.
* Tables of the moments of truth gained, lost and changed; the touchpoints; and the cards, lane by lane.

The page uses the map page's style, Content-Security-Policy and escaping (:mod:`journeymap.render.html_page`):
no script, no external resource; every piece of user text is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from ..analysis.diff import CardChange, CardRef, MapDiff, Row, StepRef
from ..model import EMOTION_MAX, EMOTION_MIN
from ..model.emotion import rounded
from .diff_html_parts import diff_sections, summary_items
from .html_document import h, page
from .layout import emotion_y
from .svg import element, esc, svg_element, text_block
from .text import text_width, wrap

__all__ = ["render_diff_html", "render_emotion_overlay_svg"]

DIFF_CSS = """
.chg { display: inline-block; min-width: 7.5em; padding: 1px 6px; border-radius: 4px; font-size: 12px;
  font-weight: bold; white-space: nowrap; }
.chg-added { background: #def5e5; } .chg-removed { background: #fde2e1; } .chg-changed { background: #fdf3d8; }
.chg-replaced { background: #efe7fb; } .chg-same { background: #f1f3f5; color: var(--muted); font-weight: normal; }
.chart { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
.chart svg { display: block; max-width: 100%; height: auto; }
.muted { color: var(--muted); }
.summary li { margin: 2px 0; }
td.num { text-align: right; white-space: nowrap; }
.side td { min-width: 12em; }
.lane-block { margin: 6px 0 12px; }
.lane-block ul { margin: 4px 0 4px 18px; padding: 0; list-style: none; }
"""

MARK = {
    "added": "+ added",
    "removed": "− removed",
    "changed": "~ changed",
    "replaced": "⇄ replaced",
    "same": "= same",
}

# chart geometry
CHART_LEFT = 74.0
CHART_TOP = 46.0
CHART_H = 250.0
COL_MIN_W = 84.0
LABEL_SIZE = 10.5
LABEL_LINE_H = 12.5
A_STROKE = "#7b8794"
B_STROKE = "#1d4e89"


def render_diff_html(diff: MapDiff) -> str:
    """The diff as a standalone HTML page."""
    title = f"Comparing {diff.a_title} with {diff.b_title}"
    rows = diff.rows()
    body = [
        f"<style>{DIFF_CSS}</style>\n",
        f'<header class="page"><h1>{h(title)}</h1>',
        f'<p><strong>A</strong> (dashed grey): {h(diff.a_title)} <span class="muted">· {h(diff.a_id)} · '
        f"{h(diff.a_state)}</span></p>",
        f'<p><strong>B</strong> (solid blue): {h(diff.b_title)} <span class="muted">· {h(diff.b_id)} · '
        f"{h(diff.b_state)}</span></p>",
        *(f'<p class="muted">Note: {h(n)}</p>' for n in diff.notes),
        "</header>\n<main>\n",
        *_summary(diff),
        '<section><h2>Emotional level</h2><div class="chart" role="region" tabindex="0" '
        'aria-label="Emotion curves of both maps">',
        render_emotion_overlay_svg(diff, rows),
        "</div></section>\n",
        *_side_by_side(diff, rows),
        *_moments(diff),
        *_touchpoints(diff),
        *_cards(diff),
        *diff_sections(diff),
        "</main>\n",
    ]
    return page(title, body)


# ---- summary and tables ------------------------------------------------------------------------------------


def _summary(diff: MapDiff) -> Iterator[str]:
    if diff.is_empty:
        yield "<section><h2>Summary</h2><p>No differences: the two maps are the same.</p></section>\n"
        return
    c = diff.summary()
    items = [
        f"Steps: {c['steps_added']} added, {c['steps_removed']} removed, {c['steps_renamed']} renamed, "
        f"{c['steps_moved']} moved, {c['steps_replaced']} replaced",
        f"Cards: {c['cards_added']} added, {c['cards_removed']} removed, {c['cards_changed']} changed, "
        f"{c['cards_unchanged']} unchanged",
        f"Moments of truth: {c['moments_gained']} gained, {c['moments_lost']} lost, {c['moments_changed']} changed",
        f"Touchpoints: {c['touchpoints_added']} added, {c['touchpoints_removed']} removed, "
        f"{c['touchpoints_changed']} changed",
        *summary_items(diff),
    ]
    yield '<section><h2>Summary</h2><ul class="summary">' + "".join(f"<li>{h(i)}</li>" for i in items)
    yield '</ul><p class="muted">Markers: + added (only in B), − removed (only in A), ~ changed (renamed, '
    yield "moved or a new emotional level), ⇄ replaced (by a step that names it in <code>replaces</code>), "
    yield "= same.</p></section>\n"


def _marker(status: str) -> str:
    return f'<span class="chg chg-{h(status)}">{h(MARK[status])}</span>'


def _step_cell(step: StepRef | None) -> str:
    if step is None:
        return '<td class="muted">—</td>'
    return (
        f'<td><strong>{h(step.name)}</strong><br><span class="muted">{h(step.stage_name)} · emotional level '
        f"{h(step.emotion_label)}</span></td>"
    )


def _row_details(diff: MapDiff, row: Row) -> list[str]:
    notes: list[str] = []
    match = row.match
    if match is not None:
        if match.renamed:
            notes.append(f"renamed from “{match.a.name}”")
        if match.moved_stage:
            notes.append(f"moved from stage “{match.a.stage_name}” to “{match.b.stage_name}”")
        elif match.reordered:
            notes.append("moved to another place in the order of steps")
        if row.status == "replaced" and row.b is None:
            notes.append(f"replaced by “{match.b.name}”")
        elif row.status == "replaced":
            olds = [s.a.name for s in diff.step_matches if s.b.id == match.b.id and s.how == "replaces"]
            notes.append("replaces " + ", ".join(f"“{n}”" for n in olds))
        if match.a.emotion is not None and match.b.emotion is not None and match.a.measured != match.b.measured:
            notes.append(
                f"emotional level {'measured' if match.a.measured else 'estimated'} in A, "
                f"{'measured' if match.b.measured else 'estimated'} in B"
            )
    a_id = row.a.id if row.a else None
    b_id = row.b.id if row.b else None
    added = sum(1 for c in diff.cards_added if c.step_id == b_id)
    removed = sum(1 for c in diff.cards_removed if c.step_id == a_id)
    changed = sum(1 for c in diff.cards_changed if c.b.step_id == b_id or (b_id is None and c.a.step_id == a_id))
    counts = [f"{n} {label}" for n, label in ((added, "+ added"), (removed, "− removed"), (changed, "~ changed")) if n]
    if counts:
        notes.append("cards: " + ", ".join(counts))
    return notes


def _side_by_side(diff: MapDiff, rows: list[Row]) -> Iterator[str]:
    yield '<section><h2>Steps side by side</h2><table class="side"><thead><tr><th>Change</th>'
    yield f"<th>A: {h(diff.a_title)}</th><th>B: {h(diff.b_title)}</th><th>Emotional level B − A</th>"
    yield "<th>Details</th></tr></thead><tbody>"
    for row in rows:
        delta = row.match.emotion_delta if row.match is not None and row.a is not None and row.b else None
        delta_text = "" if delta is None else _signed(delta)
        details = "".join(f"<li>{h(n)}</li>" for n in _row_details(diff, row))
        yield (
            f"<tr><td>{_marker(row.status)}</td>{_step_cell(row.a)}{_step_cell(row.b)}"
            f'<td class="num">{h(delta_text)}</td><td><ul>{details}</ul></td></tr>'
        )
    yield "</tbody></table></section>\n"


def _signed(value: float) -> str:
    return f"{value:+.1f}" if round(value, 1) != 0 else "±0"


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _priority(value: float | None) -> str:
    return "—" if value is None else rounded(value)


def _moments(diff: MapDiff) -> Iterator[str]:
    if not (diff.moments_gained or diff.moments_lost or diff.moments_changed):
        return
    yield "<section><h2>Moments of truth</h2><table><thead><tr><th>Change</th><th>Moment</th><th>Step</th>"
    yield "<th>Importance</th><th>Gap</th><th>Priority</th><th>Details</th></tr></thead><tbody>"
    for status, moments in (("added", diff.moments_gained), ("removed", diff.moments_lost)):
        word = "+ gained" if status == "added" else "− lost"
        for m in moments:
            yield (
                f'<tr><td><span class="chg chg-{status}">{h(word)}</span></td><td>{h(m.title)}</td>'
                f'<td>{h(m.step_name)}</td><td class="num">{h(_fmt(m.importance))}</td>'
                f'<td class="num">{h(_fmt(m.gap))}</td><td class="num">{h(_priority(m.priority))}</td>'
                f"<td>{'team estimate' if m.estimated else 'evidence'}</td></tr>"
            )
    for ch in diff.moments_changed:
        fields = ", ".join("basis" if f == "estimated" else f for f in ch.changes)
        yield (
            f"<tr><td>{_marker('changed')}</td><td>{h(ch.b.title)}</td><td>{h(ch.b.step_name)}</td>"
            f'<td class="num">{h(_fmt(ch.a.importance))} → {h(_fmt(ch.b.importance))}</td>'
            f'<td class="num">{h(_fmt(ch.a.gap))} → {h(_fmt(ch.b.gap))}</td>'
            f'<td class="num">{h(_priority(ch.a.priority))} → {h(_priority(ch.b.priority))}</td>'
            f"<td>changed: {h(fields)}</td></tr>"
        )
    yield '</tbody></table><p class="muted">Gap = expectation − experience; priority = importance × gap.</p>'
    yield "</section>\n"


def _touchpoints(diff: MapDiff) -> Iterator[str]:
    if not (diff.touchpoints_added or diff.touchpoints_removed or diff.touchpoints_changed):
        return
    yield "<section><h2>Touchpoints</h2><table><thead><tr><th>Change</th><th>Touchpoint</th><th>Step</th>"
    yield "<th>Channel · kind</th><th>Details</th></tr></thead><tbody>"
    for status, items in (("added", diff.touchpoints_added), ("removed", diff.touchpoints_removed)):
        for t in items:
            yield (
                f"<tr><td>{_marker(status)}</td><td>{h(t.name)}</td><td>{h(t.step_name)}</td>"
                f"<td>{h(t.channel)} · {h(t.kind)}</td><td></td></tr>"
            )
    for ch in diff.touchpoints_changed:
        details = []
        for f in ch.changes:
            if f == "step":
                details.append(f"moved from “{ch.a.step_name}”")
            else:
                details.append(f"{f}: {_value(getattr(ch.a, f))} → {_value(getattr(ch.b, f))}")
        yield (
            f"<tr><td>{_marker('changed')}</td><td>{h(ch.b.name)}</td><td>{h(ch.b.step_name)}</td>"
            f"<td>{h(ch.b.channel)} · {h(ch.b.kind)}</td><td>{h('; '.join(details))}</td></tr>"
        )
    yield "</tbody></table></section>\n"


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _cards(diff: MapDiff) -> Iterator[str]:
    by_lane: dict[str, list[str]] = {}
    for c in diff.cards_added:
        by_lane.setdefault(c.lane, []).append(_card_item("added", c))
    for c in diff.cards_removed:
        by_lane.setdefault(c.lane, []).append(_card_item("removed", c))
    for ch in diff.cards_changed:
        by_lane.setdefault(ch.b.lane, []).append(_card_change(ch))
    if not by_lane:
        return
    yield f'<section><h2>Cards</h2><p class="muted">{diff.cards_unchanged} cards unchanged.</p>'
    for lane, items in by_lane.items():
        yield f'<div class="lane-block"><strong>{h(lane)}</strong><ul>{"".join(items)}</ul></div>'
    yield "</section>\n"


def _card_item(status: str, c: CardRef) -> str:
    return f'<li>{_marker(status)} {h(c.text)} <span class="muted">at {h(c.step_name)}</span></li>'


def _card_change(ch: CardChange) -> str:
    parts = []
    if "text" in ch.changes:
        parts.append(f"“{h(ch.a.text)}” → “{h(ch.b.text)}”")
    else:
        parts.append(h(ch.b.text))
    if "step" in ch.changes:
        parts.append(f'<span class="muted">moved from {h(ch.a.step_name)} to {h(ch.b.step_name)}</span>')
    if "lane" in ch.changes:
        parts.append(f'<span class="muted">moved from lane {h(ch.a.lane)}</span>')
    for f in ("tags", "weight", "colour"):
        if f in ch.changes:
            parts.append(f'<span class="muted">{f}: {h(_value(getattr(ch.a, f)))} → {h(_value(getattr(ch.b, f)))}')
            parts[-1] += "</span>"
    return f"<li>{_marker('changed')} " + " · ".join(parts) + "</li>"


# ---- the chart ---------------------------------------------------------------------------------------------


def render_emotion_overlay_svg(diff: MapDiff, rows: list[Row] | None = None) -> str:
    """Both emotion curves on one chart (inline SVG, no XML declaration): A dashed grey, B solid blue."""
    rows = diff.rows() if rows is None else rows
    col_w = COL_MIN_W
    wrapped = [_column_lines(r, col_w - 6) for r in rows]
    label_h = max((len(lines) for lines in wrapped), default=1) * LABEL_LINE_H + 22
    width = CHART_LEFT + max(len(rows), 1) * col_w + 24
    width = max(width, 640.0)
    height = CHART_TOP + CHART_H + label_h + 10
    top = CHART_TOP

    def x_of(k: int) -> float:
        return CHART_LEFT + k * col_w + col_w / 2

    parts: list[str] = [element("rect", {"x": 0, "y": 0, "width": width, "height": height, "fill": "#ffffff"})]
    parts += _legend(diff, width)
    parts += _emotion_grid(width)
    a_points = [(k, r.a) for k, r in enumerate(rows) if r.a is not None and r.a.emotion is not None]
    b_points = [(k, r.b) for k, r in enumerate(rows) if r.b is not None and r.b.emotion is not None]
    parts += _deltas(rows, x_of)
    parts += _curve(a_points, x_of, top, "A", A_STROKE, dashed=True)
    parts += _curve(b_points, x_of, top, "B", B_STROKE, dashed=False)
    parts += _column_labels(rows, wrapped, x_of)
    title = f"Emotion curves: {diff.a_title} (A) and {diff.b_title} (B)"
    desc = _chart_description(diff, rows)
    css = "text { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; fill: #1f2933; }"
    return svg_element(width, height, title, desc, parts, css, ids="jm-diff")


def _emotion_grid(width: float) -> list[str]:
    """A line and a label for each emotional level, 1 (negative) to 10 (positive)."""
    parts: list[str] = []
    top = CHART_TOP
    for value in range(int(EMOTION_MIN), int(EMOTION_MAX) + 1):
        y = emotion_y(value, top, CHART_H)
        strong = value in (1, 10)
        parts.append(
            element(
                "line",
                {"x1": CHART_LEFT, "y1": y, "x2": width - 16, "y2": y, "stroke": "#cbd2d9" if strong else "#eef0f3"},
            )
        )
        label = {10: "10 positive", 1: "1 negative"}.get(value, str(value))
        parts.append(
            text_block([label], CHART_LEFT - 8, y + 3.5, size=10, line_height=10, anchor="end", fill="#52606d")
        )
    return parts


def _deltas(rows: list[Row], x_of: Callable[[int], float]) -> list[str]:
    """For each matched step with an emotional level on both sides: a dotted line from A to B and B − A."""
    parts: list[str] = []
    top = CHART_TOP
    for k, row in enumerate(rows):
        match = row.match
        if row.a is None or row.b is None or match is None or match.emotion_delta is None:
            continue
        ya = emotion_y(row.a.emotion or 0, top, CHART_H)
        yb = emotion_y(row.b.emotion or 0, top, CHART_H)
        parts.append(
            element(
                "line",
                {"x1": x_of(k), "y1": ya, "x2": x_of(k), "y2": yb, "stroke": "#9aa5b1", "stroke-dasharray": "2 3"},
            )
        )
        parts.append(
            element(
                "g",
                {"class": "jm-delta"},
                [
                    element("title", None, esc(f"{row.b.name}: B − A = {_signed(match.emotion_delta)}")),
                    text_block(
                        [_signed(match.emotion_delta)],
                        x_of(k),
                        min(ya, yb) - 10,
                        size=11,
                        line_height=11,
                        anchor="middle",
                        bold=True,
                    ),
                ],
            )
        )
    return parts


def _column_labels(rows: list[Row], wrapped: list[list[tuple[str, bool]]], x_of: Callable[[int], float]) -> list[str]:
    """Under each column: the mark of its status and the step's name (or both names)."""
    parts: list[str] = []
    for k, (row, lines) in enumerate(zip(rows, wrapped, strict=True)):
        label_top = CHART_TOP + CHART_H + 8
        symbol = MARK[row.status].split(" ")[0]
        parts.append(
            element(
                "g",
                {"class": f"jm-col jm-{row.status}"},
                [
                    element("title", None, esc(f"{MARK[row.status]}: {_column_label(row)}")),
                    text_block([symbol], x_of(k), label_top + 6, size=12, line_height=12, anchor="middle", bold=True),
                    *(
                        text_block(
                            [line],
                            x_of(k),
                            label_top + 22 + n * LABEL_LINE_H,
                            size=LABEL_SIZE,
                            line_height=LABEL_LINE_H,
                            anchor="middle",
                            fill="#52606d" if muted else "#1f2933",
                        )
                        for n, (line, muted) in enumerate(lines)
                    ),
                ],
            )
        )
    return parts


def _column_label(row: Row) -> str:
    if row.b is None:
        return f"A only: {row.a.name}" if row.a else ""
    if row.a is not None and row.a.name.casefold() != row.b.name.casefold():
        return f"{row.b.name} (A: {row.a.name})"
    return row.b.name


def _column_lines(row: Row, width: float) -> list[tuple[str, bool]]:
    """The label under a column, as (line, muted): B's step name, and A's in grey where it differs."""
    lines: list[tuple[str, bool]] = []
    if row.b is not None:
        lines += [(line, False) for line in wrap(row.b.name, width, LABEL_SIZE)[:4]]
    if row.a is not None and (row.b is None or row.a.name.casefold() != row.b.name.casefold()):
        prefix = "A only: " if row.b is None else "A: "
        lines += [(line, True) for line in wrap(prefix + row.a.name, width, LABEL_SIZE)[:4]]
    return lines


def _curve(
    points: list[tuple[int, StepRef]],
    x_of: Callable[[int], float],
    top: float,
    which: str,
    stroke: str,
    *,
    dashed: bool,
) -> list[str]:
    parts = []
    coords = [(x_of(k), emotion_y(step.emotion or 0, top, CHART_H), step) for k, step in points]
    for (x1, y1, _), (x2, y2, _) in itertools.pairwise(coords):
        attrs: dict[str, object] = {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": stroke, "stroke-width": 2.5}
        if dashed:
            attrs["stroke-dasharray"] = "7 5"
            attrs["stroke-width"] = 2
        parts.append(element("line", attrs))
    for x, y, step in coords:
        basis = f"measured, n = {step.n}" if step.measured else "estimate"
        dot: dict[str, object] = {"cx": x, "cy": y, "r": 5}
        if dashed:
            dot.update({"fill": "#ffffff", "stroke": stroke, "stroke-width": 2})
        else:
            dot.update({"fill": stroke})
        parts.append(
            element(
                "g",
                {"class": f"jm-point jm-{which.lower()}", "data-element": step.id},
                [
                    element("title", None, esc(f"{which}: {step.name}: {step.emotion:g} ({basis})")),
                    element("circle", dot),
                ],
            )
        )
    return parts


def _legend(diff: MapDiff, width: float) -> list[str]:
    parts = []
    x = CHART_LEFT
    y = 20.0
    for which, title, stroke, dashed in (("A", diff.a_title, A_STROKE, True), ("B", diff.b_title, B_STROKE, False)):
        label = f"{which}: {title}"
        label = label if text_width(label, 11) < 360 else wrap(label, 350, 11)[0] + "…"
        attrs: dict[str, object] = {"x1": x, "y1": y, "x2": x + 34, "y2": y, "stroke": stroke, "stroke-width": 2.5}
        if dashed:
            attrs["stroke-dasharray"] = "7 5"
        parts.append(element("line", attrs))
        circle: dict[str, object] = {"cx": x + 17, "cy": y, "r": 4.5}
        circle.update({"fill": "#ffffff", "stroke": stroke, "stroke-width": 2} if dashed else {"fill": stroke})
        parts.append(element("circle", circle))
        parts.append(text_block([label], x + 42, y + 4, size=11, line_height=11))
        x += 42 + text_width(label, 11) + 28
    parts.append(text_block(["bold numbers: B − A"], x, y + 4, size=11, line_height=11, fill="#52606d"))
    return parts


def _chart_description(diff: MapDiff, rows: list[Row]) -> str:
    deltas = diff.emotion_deltas
    text = f"{len(rows)} steps: emotional level of A (dashed grey) and B (solid blue)."
    if deltas:
        biggest = max(deltas, key=lambda d: abs(d.delta))
        text += f" Largest change: {biggest.b.name}, {_signed(biggest.delta)}."
    return text
