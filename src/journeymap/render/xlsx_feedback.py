"""The spreadsheet's "Voice of the customer" sheet: a row a step, then a row a touchpoint, with measured feedback
(``journeymap feedback measure``): the number of comments, of negative ones, the share negative and its 95 %
Wilson interval as numbers (formatted as percentages), the themes with their counts and the quotes whole, each
beside its source row. Written only for maps with measured feedback; the import never reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import FeedbackMeasure, Map
from .feedback_view import HEAT, heat_bin, quote_source, step_voices, touchpoint_voices

__all__ = ["VOICE_SHEET", "write_voice_sheet"]

VOICE_SHEET = "Voice of the customer"
HEAD = (
    "Stage",
    "Step",
    "Step id",
    "Touchpoint",
    "Touchpoint id",
    "Comments",
    "Negative",
    "Share negative",
    "CI 95 % low",
    "CI 95 % high",
    "Themes (count)",
    "Quotes with their source row",
    "Data set",
)
WIDTHS = (16, 28, 16, 26, 16, 11, 10, 10, 10, 10, 30, 90, 16)


def write_voice_sheet(sheet: Any, m: Map, set_text: Callable[[Any, str], None]) -> None:
    """Fill ``sheet`` (an openpyxl worksheet); ``set_text`` writes a text as text, never as a formula."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (text, width) in enumerate(zip(HEAD, WIDTHS, strict=True), start=1):
        cell = sheet.cell(1, col)
        set_text(cell, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill(fill_type="solid", start_color="1D4E89")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = width
    steps = {s.id: (stage.name, s) for stage in m.stages for s in stage.steps}
    rows: list[tuple[tuple[str, str, str, str, str], FeedbackMeasure]] = [
        ((v.stage, v.step.name, v.step.id, "", ""), v.measure) for v in step_voices(m)
    ]
    for tp, fm in touchpoint_voices(m):
        stage, step = steps.get(tp.step, ("", None))
        rows.append(((stage, step.name if step else tp.step, tp.step, tp.name, tp.id), fm))
    for r, (names, fm) in enumerate(rows, start=2):
        for col, text in enumerate(names, start=1):
            set_text(sheet.cell(r, col), text)
        numbers = (fm.comments, fm.negative, fm.share_negative, fm.ci95[0], fm.ci95[1])
        for col, value in enumerate(numbers, start=6):
            cell = sheet.cell(r, col, value)
            cell.number_format = "0" if col < 8 else "0.0%"
        sheet.cell(r, 8).fill = PatternFill(fill_type="solid", start_color=_heat(fm))
        sheet.cell(r, 8).font = Font(color="FFFFFF" if HEAT[heat_bin(fm.share_negative)][2] == "#ffffff" else None)
        set_text(sheet.cell(r, 11), ", ".join(f"{t.theme} ({t.count})" for t in fm.themes))
        quotes = "\n".join(f"“{q.text}” — {quote_source(q, date=True)} ({q.sentiment})" for q in fm.quotes)
        set_text(sheet.cell(r, 12), quotes)
        set_text(sheet.cell(r, 13), fm.dataset)
        for col in (2, 4, 11, 12):
            sheet.cell(r, col).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEAD))}{max(len(rows) + 1, 2)}"


def _heat(fm: FeedbackMeasure) -> str:
    return HEAT[heat_bin(fm.share_negative)][1].lstrip("#").upper()
