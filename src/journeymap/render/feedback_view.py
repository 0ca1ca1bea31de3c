"""What every output shows of a map's measured feedback (``journeymap feedback measure``), worded once.

The SVG strip, the evidence report, the slides, the spreadsheet and the Markdown table all read a step's
:class:`~journeymap.model.FeedbackMeasure` through these helpers, so the count, the share negative with its
95 % interval, the themes and the best quotes read the same everywhere. The heat colours are one sequential
orange-red ramp (light: few negative comments, dark: many); any two differ by CIEDE2000 ΔE > 10, and none looks
like a weight, a VMPI band, a moment of truth (tests/render/test_feedback_render.py) or the examples' own card
colours (ΔE > 12). The share is always written too, never shown by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import FeedbackMeasure, FeedbackQuote, Map, Step, Touchpoint
from .text import text_width, wrap

__all__ = [
    "HEAT",
    "StepVoice",
    "best_quotes",
    "clip",
    "count_text",
    "has_feedback",
    "heat_bin",
    "heat_label",
    "heat_legend",
    "percent",
    "quote_source",
    "share_text",
    "shorten",
    "step_voices",
    "themes_text",
    "touchpoint_line",
    "touchpoint_voices",
]

HEAT: tuple[tuple[float, str, str], ...] = (
    (0.0, "#fcd5c5", "#1f2933"),
    (0.2, "#fbac86", "#1f2933"),
    (0.4, "#f2734a", "#1f2933"),
    (0.6, "#bf2c1c", "#ffffff"),
    (0.8, "#7f0a0a", "#ffffff"),
)
"""The heat ramp by share negative: (lower bound, fill, ink for text on it)."""


@dataclass(frozen=True)
class StepVoice:
    """One step's feedback, with the names an output needs beside it."""

    step: Step
    stage: str
    measure: FeedbackMeasure


def has_feedback(m: Map) -> bool:
    """True when any step or touchpoint of ``m`` carries measured feedback."""
    return any(s.feedback is not None for s in m.steps) or any(t.feedback is not None for t in m.touchpoints)


def step_voices(m: Map) -> list[StepVoice]:
    """The steps with feedback, in the map's order."""
    return [
        StepVoice(step, stage.name, step.feedback)
        for stage in m.stages
        for step in stage.steps
        if step.feedback is not None
    ]


def touchpoint_voices(m: Map) -> list[tuple[Touchpoint, FeedbackMeasure]]:
    """The touchpoints with feedback, in the map's order."""
    return [(tp, tp.feedback) for tp in m.touchpoints if tp.feedback is not None]


def percent(share: float) -> str:
    """A share as a whole percentage: ``62 %``."""
    return f"{round(share * 100)} %"


def share_text(fm: FeedbackMeasure) -> str:
    """``62 % negative (55–69 %)``: the share negative with its 95 % Wilson interval."""
    low, high = fm.ci95
    return f"{percent(fm.share_negative)} negative ({round(low * 100)}–{percent(high)})"


def count_text(fm: FeedbackMeasure) -> str:
    """``n=34 comments`` (``n=1 comment``)."""
    return f"n={fm.comments} comment{'s' if fm.comments != 1 else ''}"


def themes_text(fm: FeedbackMeasure, top: int = 2) -> str:
    """The top themes with their counts: ``fees 17 · app 10``."""
    return " · ".join(f"{t.theme} {t.count}" for t in fm.themes[:top])


def touchpoint_line(fm: FeedbackMeasure) -> str:
    """A touchpoint card's sub-line: ``34 comments · 59 % negative``."""
    return f"{fm.comments} comment{'s' if fm.comments != 1 else ''} · {percent(fm.share_negative)} negative"


def best_quotes(fm: FeedbackMeasure, top: int = 2) -> list[FeedbackQuote]:
    """The quotes to show first: as ``feedback measure`` ranked them (the most representative first), a negative
    one before others when the first ``top`` would otherwise have none."""
    quotes = list(fm.quotes[:top])
    if quotes and not any(q.sentiment == "negative" for q in quotes):
        negative = next((q for q in fm.quotes if q.sentiment == "negative"), None)
        if negative is not None:
            quotes = [negative, *quotes[: top - 1]]
    return quotes


def quote_source(q: FeedbackQuote, date: bool = False) -> str:
    """Where a quote comes from: ``comments.csv row 214`` (``, turn 7`` for notes; ``, 2024-03-02`` with date)."""
    where = f"{q.source} row {q.row}" + (f", {q.unit}" if q.unit else "")
    return where + (f", {q.date.isoformat()}" if date and q.date is not None else "")


def heat_bin(share: float) -> int:
    """The index in :data:`HEAT` of a share negative."""
    return max(i for i, (low, _, _) in enumerate(HEAT) if share >= low - 1e-9)


def heat_label(index: int) -> str:
    """The legend's words for a bin of :data:`HEAT`: ``40–60 % negative``."""
    low = round(HEAT[index][0] * 100)
    high = round(HEAT[index + 1][0] * 100) if index + 1 < len(HEAT) else 100
    return f"{low}–{high} % of comments negative"


def clip(text: str, width: float, size: float, max_lines: int, *, quoted: bool = False) -> list[str]:
    """``text`` wrapped to ``width`` px in at most ``max_lines`` lines; when it is longer, the last line ends at a
    word boundary with an ellipsis (a word longer than a line is broken, never overflows). With ``quoted`` the
    text is set in curly quotation marks."""
    body = " ".join(text.split())
    lines = wrap(f"“{body}”" if quoted else body, width, size)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    tail = "…”" if quoted else "…"
    while text_width(last + tail, size) > width and " " in last:
        last = last.rsplit(" ", 1)[0]
    while last and text_width(last + tail, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,;:.-–—") + tail
    return kept


def heat_legend(m: Map) -> list[tuple[str, str]]:
    """The legend's swatches for the heat colours drawn for ``m``'s steps: (fill, label), light to dark."""
    used = sorted({heat_bin(s.feedback.share_negative) for s in m.steps if s.feedback is not None})
    return [(HEAT[i][1], heat_label(i)) for i in used]


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at a word boundary with an ellipsis when longer (a
    first word longer than the limit is cut inside)."""
    body = " ".join(text.split())
    if len(body) <= limit:
        return body
    cut = body[: limit - 1]
    if " " in cut and body[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"
