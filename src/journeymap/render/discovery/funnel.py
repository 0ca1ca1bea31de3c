"""The funnel of the main path of a discovered journey as SVG: one bar a step, with the drop-off, the share of
cases that stop there and the median time after the previous step. With step names (``--names``) a step is
labelled by its name, its activity code in small grey type under it."""

from __future__ import annotations

from ...evidence.discovery import Discovery, FunnelStep, format_duration
from ..svg import element, num, svg_document, text_block
from ..text import text_width, wrap
from ..theme import SVG_CSS
from .style import DISCOVERY_CSS, MARGIN, SUB_SIZE, TITLE_SIZE, _fit, _header, _pct

FUNNEL_LABEL_W = 230.0
FUNNEL_BAR_W = 520.0
FUNNEL_DROP_W = 170.0
FUNNEL_TIME_W = 150.0
FUNNEL_ROW = 50.0
FUNNEL_BAR_H = 28.0


def render_funnel_svg(discovery: Discovery, *, title: str | None = None) -> str:
    """The funnel of the main path of ``discovery`` as a standalone, accessible SVG (see the module docstring)."""
    heading = title or f"Journey funnel — {discovery.source or 'event log'}"
    width = 2 * MARGIN + FUNNEL_LABEL_W + FUNNEL_BAR_W + FUNNEL_DROP_W + FUNNEL_TIME_W + 36
    first = discovery.funnel[0].cases if discovery.funnel else 0
    which = "after the steps before it (ordered)" if discovery.funnel_rule.startswith("ordered") else "of the main path"
    summary = (
        f"Cases reaching each step {which}, as a share of the {first:,} that reach the first step "
        f"({discovery.cases:,} cases in the log)"
    )
    title_lines = wrap(heading, width - 2 * MARGIN, TITLE_SIZE, bold=True)
    sub_lines = wrap(summary, width - 2 * MARGIN, SUB_SIZE)
    header_h = MARGIN + len(title_lines) * 26 + len(sub_lines) * 17 + 24
    bar_x = MARGIN + FUNNEL_LABEL_W + 12
    drop_x = bar_x + FUNNEL_BAR_W + 24
    time_x = drop_x + FUNNEL_DROP_W
    columns_y = header_h + 14
    heads = ((MARGIN, "Step"), (bar_x, "Cases reaching the step"), (drop_x, "Lost since the previous step"),
             (time_x, discovery.wait_label[:1].upper() + discovery.wait_label[1:]))  # fmt: skip
    widths = {MARGIN: FUNNEL_LABEL_W, bar_x: FUNNEL_BAR_W, drop_x: FUNNEL_DROP_W - 12, time_x: FUNNEL_TIME_W}
    parts = [
        text_block(wrap(text, widths[x], 11, bold=True), x, columns_y, size=11, line_height=14, bold=True,
                   css_class="jm-muted")
        for x, text in heads
    ]  # fmt: skip
    columns_y += 14
    y = columns_y + 14
    rows: list[str] = []
    for index, step in enumerate(discovery.funnel):
        rows.append(_funnel_row(step, discovery.step_name(step.activity), index, y, (bar_x, drop_x, time_x)))
        y += FUNNEL_ROW
    if not discovery.funnel:
        rows.append(text_block(["No events: nothing to show."], MARGIN, y + 20, size=12, line_height=15))
        y += FUNNEL_ROW
    note = (
        "Drop-off = cases reaching the previous step − cases reaching this one (a negative value means cases reach "
        "this step without the previous one). 'Stop here' = cases whose last event is this step."
    )
    note_lines = wrap(note, width - 2 * MARGIN, 11.5)
    parts.append(element("g", {"class": "jm-funnel"}, rows))
    parts.append(text_block(note_lines, MARGIN, y + 22, size=11.5, line_height=15, css_class="jm-muted"))
    height = y + 22 + len(note_lines) * 15 + MARGIN
    body = [
        element("rect", {"x": 0, "y": 0, "width": num(width), "height": num(height), "fill": "#ffffff"}),
        _header(title_lines, sub_lines, width),
        *parts,
    ]
    steps = [f"{discovery.step_name(s.activity)} {s.cases:,} ({_pct(s.share)})" for s in discovery.funnel]
    description = summary + ": " + "; ".join(steps)
    return svg_document(width, height, heading, description, body, SVG_CSS + DISCOVERY_CSS)


def _funnel_row(step: FunnelStep, label: str, index: int, y: float, xs: tuple[float, float, float]) -> str:
    bar_x, drop_x, time_x = xs
    bar_y = y + (FUNNEL_ROW - FUNNEL_BAR_H) / 2
    number = f"{index + 1}"
    name = _fit(label, FUNNEL_LABEL_W - 26, 12.5, bold=True, lines=2)
    code = [] if label == step.activity else _fit(step.activity, FUNNEL_LABEL_W - 26, 10, lines=1)
    name_y = y + FUNNEL_ROW / 2 - (len(name) - 1) * 7.5 - len(code) * 6 + 4.5
    share = max(0.0, min(step.share, 1.0))
    bar_w = max(2.0, FUNNEL_BAR_W * share)
    text = f"{step.cases:,} · {_pct(step.share)}"
    text_w = text_width(text, 12, bold=True)
    inside = bar_w >= text_w + 16
    label_x = bar_x + bar_w - 8 if inside else bar_x + bar_w + 8
    parts = [
        text_block([number], MARGIN + 14, name_y, size=12.5, line_height=15, anchor="end", css_class="jm-muted"),
        text_block(name, MARGIN + 26, name_y, size=12.5, line_height=15, bold=True),
        element("rect", {"x": num(bar_x), "y": num(bar_y), "width": num(FUNNEL_BAR_W), "height": num(FUNNEL_BAR_H),
                         "rx": 3, "class": "jm-track"}),
        element("rect", {"x": num(bar_x), "y": num(bar_y), "width": num(bar_w), "height": num(FUNNEL_BAR_H),
                         "rx": 3, "class": "jm-bar"}),
        text_block([text], label_x, bar_y + FUNNEL_BAR_H / 2 + 4.5, size=12, line_height=15, bold=True,
                   anchor="end" if inside else "start", css_class="jm-on-dark" if inside else ""),
    ]  # fmt: skip
    if code:  # the activity code under the step's name
        code_y = name_y + (len(name) - 1) * 15 + 13
        parts.append(text_block(code, MARGIN + 26, code_y, size=10, line_height=12, css_class="jm-muted"))
    if index == 0:
        drop = ["—"]
        drop_class = "jm-muted"
    elif step.drop_off == 0:
        drop = ["no drop-off"]
        drop_class = "jm-muted"
    elif step.drop_off > 0:
        previous = step.cases + step.drop_off
        drop = [f"−{step.drop_off:,} ({_pct(step.drop_off / previous)})"]
        drop_class = "jm-drop"
    else:
        drop = [f"+{-step.drop_off:,} (reached by another way)"]
        drop_class = "jm-gain"
    parts.append(text_block(drop, drop_x, y + FUNNEL_ROW / 2 - 1, size=12, line_height=15, bold=True,
                            css_class=drop_class))  # fmt: skip
    stop = f"{_pct(step.stop_share)} stop here"
    parts.append(text_block([stop], drop_x, y + FUNNEL_ROW / 2 + 13, size=10.5, line_height=13, css_class="jm-muted"))
    median = format_duration(step.median_seconds_from_previous) if index else "—"
    parts.append(text_block([median], time_x, y + FUNNEL_ROW / 2 + 4.5, size=12, line_height=15))
    return element("g", {"class": "jm-funnel-step"}, parts)
