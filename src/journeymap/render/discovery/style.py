"""What the pictures of a discovered journey share: sizes, colours, the style sheet, the heading and fitting text."""

from __future__ import annotations

from ..svg import element, num, text_block
from ..text import text_width, wrap

DEFAULT_MIN_SHARE = 0.01
"""Flows taken by fewer than this share of the cases are left out of the flow picture (main-path flows stay)."""
MAX_ACTIVITIES = 40
"""At most this many activities are drawn (the main path and then those most cases reach)."""
MAX_FLOWS = 36
"""At most this many flows are drawn, unless more are needed to show the main path and each activity's strongest
flow in and out."""

MARGIN = 32.0
BOX_W, BOX_H = 168.0, 70.0
PITCH = 272.0  # from one main-path box to the next
CHANNEL = 150.0  # space between rows, where arcs and labels go
NAME_SIZE, NAME_LINE = 12.5, 15.0
STAT_SIZE = 10.5
LABEL_SIZE, LABEL_LINE = 10.5, 12.5
TITLE_SIZE, SUB_SIZE = 20.0, 12.5

BLUE, GREY, RED, INK, MUTED = "#1d4e89", "#7b8794", "#b42318", "#1f2933", "#52606d"

DISCOVERY_CSS = """
.jm-node-main { fill: #1d4e89; stroke: #0f2a4a; stroke-width: 1; }
.jm-node-other { fill: #f4f6f9; stroke: #9aa5b1; stroke-width: 1; }
.jm-on-dark { fill: #ffffff; }
.jm-on-dark-muted { fill: #d9e6f5; }
.jm-flow { fill: none; stroke-linecap: round; }
.jm-flow-plate { fill: #ffffff; fill-opacity: 0.95; stroke-width: 0.8; }
.jm-track { fill: #eef1f5; }
.jm-bar { fill: #1d4e89; }
.jm-drop { fill: #b42318; }
.jm-gain { fill: #2f855a; }
.jm-rule { stroke: #cbd2d9; stroke-width: 1; }
"""


def _header(title_lines: list[str], sub_lines: list[str], width: float) -> str:
    y = MARGIN + TITLE_SIZE
    parts = [text_block(title_lines, MARGIN, y, size=TITLE_SIZE, line_height=26, css_class="jm-title")]
    y += (len(title_lines) - 1) * 26 + 22
    parts.append(text_block(sub_lines, MARGIN, y, size=SUB_SIZE, line_height=17, css_class="jm-muted"))
    rule_y = y + (len(sub_lines) - 1) * 17 + 14
    ends = {"x1": num(MARGIN), "y1": num(rule_y), "x2": num(width - MARGIN), "y2": num(rule_y)}
    parts.append(element("line", {**ends, "class": "jm-rule"}))
    return element("g", {"class": "jm-header"}, parts)


# ---- text helpers ------------------------------------------------------------------------------------------------
def _fit(text: str, width: float, size: float, *, bold: bool = False, lines: int = 2) -> list[str]:
    """``text`` wrapped to ``width``, at most ``lines`` lines; the last one ends with … when text was cut."""
    wrapped = wrap(text, width, size, bold)
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    last = kept[-1]
    while last and text_width(last + "…", size, bold) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"
