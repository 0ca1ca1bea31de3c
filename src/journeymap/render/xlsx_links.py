"""The spreadsheet's "Sub-journeys" sheet: a row a step that opens a sub-journey (another map of the workspace), with
its stage, name and id, and the sub-journey's id and title in columns of their own. Written only for maps with such a
step; the import never reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Map
from .registry import RenderContext
from .sub_journeys import sub_journey_title

__all__ = ["LINKS_SHEET", "has_sub_journeys", "write_links_sheet"]

LINKS_SHEET = "Sub-journeys"
HEAD = ("Stage", "Step", "Step id", "Sub-journey", "Sub-journey id")
WIDTHS = (18, 30, 16, 40, 24)


def has_sub_journeys(m: Map) -> bool:
    return any(step.sub_journey for step in m.steps)


def write_links_sheet(sheet: Any, m: Map, context: RenderContext, set_text: Callable[[Any, str], None]) -> None:
    """Fill ``sheet`` (an openpyxl worksheet); ``set_text`` writes a text as text, never as a formula."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (text, width) in enumerate(zip(HEAD, WIDTHS, strict=True), start=1):
        cell = sheet.cell(1, col)
        set_text(cell, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1D4E89")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = width
    row = 2
    for stage in m.stages:
        for step in stage.steps:
            if not step.sub_journey:
                continue
            title = sub_journey_title(step, context) or step.sub_journey
            for col, text in enumerate((stage.name, step.name, step.id, title, step.sub_journey), start=1):
                set_text(sheet.cell(row, col), text)
                sheet.cell(row, col).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    sheet.freeze_panes = "A2"
