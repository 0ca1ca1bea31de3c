"""The Excel renderer: a map as a workbook a team can read, print, and fill in by hand.

Sheet "Journey" (timeline maps) is laid out as lanes × steps:

* row 1 stage names, row 2 step names, row 3 step ids (columns C onwards, one column a step);
* from row 4, one row a lane: column A the lane heading, column B its kind (with ``[id]`` when the id is not
  the one an import would make from the heading), then one cell a step with the lane's cards, one a line
  (a card's weight is written ``[W4]`` after its text; a line break inside a card is kept as U+2028);
* structured elements shown in a lane (touchpoints, moments of truth, value moments, …) follow the cards on
  lines starting with ``▸`` — read-only: :mod:`journeymap.files.xlsx_import` skips them;
* the emotion lane is a row of numbers, each with a note saying whether it is measured (mean, n, 95 %
  interval, data set) or estimated;
* cells are filled by VMPI band, then by the strongest card weight, then by the lane's colour.

When the map has several personas' emotion curves, sheet "Emotions" lists each step (stage, step, id) with a column
a persona's level (the map's persona first, each headed by the persona's name, its id in row 2), each number with the
same note as in the emotion lane. The import reads the "Journey" sheet only: the map's persona's levels.

Sheet "Map" holds the title, id, type, state, persona and scope, and the stage ids. Ecosystem maps get
"Actors" and "Flows" sheets; mental model diagrams "Towers" and "Supports". Every text is written as text,
never as a formula (a text starting with ``=``, ``+``, ``-`` or ``@`` is stored as a string with Excel's quote
prefix). Two renders of the same map give the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..files.zipwriter import rezip
from ..model import LaneKind, Map, MeasuredEmotion, Workspace, slugify
from .content import MapIndex, cell_items
from .extras import optional_module
from .families import drawings_for
from .layout import effective_lanes
from .persona_curves import PersonaCurve, persona_curves
from .registry import BinaryRenderer, RenderContext
from .theme import WEIGHT_FILL, lane_fill

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FIRST_LANE_ROW",
    "FIRST_STEP_COLUMN",
    "ITEM_PREFIX",
    "MEDIA_TYPE",
    "card_line",
    "lane_kind_cell",
    "render_xlsx",
    "renderer",
    "stable_zip",
    "workspace_xlsx",
]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_STEP_COLUMN = 3
FIRST_LANE_ROW = 4
ITEM_PREFIX = "▸ "
LINE_BREAK_IN_CARD = "\u2028"
_FIXED_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_FORMULA_START = ("=", "+", "-", "@")
_HEAD_FILL = "1D4E89"
_STEP_FILL = "DDE7F3"


def _openpyxl() -> Any:
    return optional_module("openpyxl", "Excel export", "office")


def stable_zip(data: bytes) -> bytes:
    """The zip archive ``data`` rewritten by :func:`journeymap.files.zipwriter.rezip` (fixed headers), with a fixed
    modification date in its core properties (openpyxl sets the time of saving), so equal content gives equal
    bytes."""

    def fixed_modified(name: str, content: bytes) -> bytes:
        if name == "docProps/core.xml":
            return _FIXED_MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
        return content

    return rezip(data, fixed_modified)


def card_line(text: str, weight: int | None) -> str:
    """One card as a line of a cell: its text (line breaks as U+2028) and ``[W4]`` for its weight."""
    line = text.replace("\n", LINE_BREAK_IN_CARD)
    return f"{line} [W{weight}]" if weight is not None else line


def lane_kind_cell(kind: LaneKind, lane_id: str, title: str) -> str:
    """Column B of a lane row: the kind, with ``[id]`` when an import would not make the same id."""
    default = slugify(title) if title else kind.value
    return kind.value if lane_id == default else f"{kind.value} [{lane_id}]"


def _set_text(cell: Any, text: str) -> None:
    """Write ``text`` as a string, never a formula (a leading =, +, -, @ gets Excel's quote prefix)."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _fill(colour: str) -> Any:
    styles = _openpyxl().styles
    return styles.PatternFill(fill_type="solid", start_color=colour.lstrip("#").upper())


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return BinaryRenderer("xlsx", ".xlsx", MEDIA_TYPE, render_xlsx)


def _new_workbook() -> Workbook:
    workbook: Workbook = _openpyxl().Workbook()
    workbook.remove(workbook.active)
    return workbook


def _save(workbook: Workbook) -> bytes:
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "journeymap"
    workbook.properties.lastModifiedBy = "journeymap"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return stable_zip(buffer.getvalue())


def render_xlsx(m: Map, context: RenderContext) -> bytes:
    """The map as an XLSX workbook (bytes)."""
    workbook = _new_workbook()
    write_map_sheets(workbook, m, context, prefix="")
    return _save(workbook)


def workspace_xlsx(workspace: Workspace, context: RenderContext) -> bytes:
    """A workbook for a whole workspace: one sheet a map (named after it) and a "Personas" sheet."""
    workbook = _new_workbook()
    used: set[str] = {"personas"}
    for m in workspace.maps:
        name = _sheet_name(m.title, used)
        sheet = workbook.create_sheet(name)
        _write_map_body(sheet, m, context)
    _write_personas(workbook.create_sheet("Personas"), workspace)
    return _save(workbook)


def _sheet_name(title: str, used: set[str]) -> str:
    clean = "".join(" " if c in "[]:*?/\\'" else c for c in title).strip() or "Map"
    base = clean[:28].strip()
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:25]} ({n})", n + 1
    used.add(name.lower())
    return name


def write_map_sheets(workbook: Workbook, m: Map, context: RenderContext, prefix: str) -> None:
    drawings_for(m).sheets()(workbook, m, context, prefix)
    _write_info(workbook.create_sheet(prefix + "Map"), m, context)


def _write_map_body(sheet: Worksheet, m: Map, context: RenderContext) -> None:
    """A workspace sheet: a short map header, then the journey grid (or a list for other map types)."""
    from .header import subtitle

    _set_text(sheet.cell(1, 1), m.title)
    sheet.cell(1, 1).font = _openpyxl().styles.Font(bold=True, size=14)
    _set_text(sheet.cell(2, 1), subtitle(m, context))
    drawings_for(m).summary()(sheet, m, context)


def timeline_summary(sheet: Worksheet, m: Map, context: RenderContext) -> None:
    """A timeline map's journey grid below the header of a workspace sheet."""
    _write_journey(sheet, m, context, top=3)


def network_summary(sheet: Worksheet, m: Map, context: RenderContext) -> None:
    """An ecosystem map's actors and value flows as a list below the header of a workspace sheet."""
    rows = [(a.name, a.kind.value) for a in m.actors]
    rows += [(f"{f.source} → {f.target}", f"{f.kind.value}: {f.label}") for f in m.value_flows]
    _write_pairs(sheet, rows)


def mental_summary(sheet: Worksheet, m: Map, context: RenderContext) -> None:
    """A mental model diagram's towers and supports as a list below the header of a workspace sheet."""
    rows = [(f"{s.name} › {t.name}", "\n".join(b.text for b in t.boxes)) for s in m.mental_spaces for t in s.towers]
    rows += [("Support", s.text) for s in m.supports]
    _write_pairs(sheet, rows)


def _write_pairs(sheet: Worksheet, rows: Sequence[tuple[str, str]]) -> None:
    for r, (a, b) in enumerate(rows, start=4):
        _set_text(sheet.cell(r, 1), a)
        _set_text(sheet.cell(r, 2), b)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 60


def _write_info(sheet: Worksheet, m: Map, context: RenderContext) -> None:
    styles = _openpyxl().styles
    persona = context.persona(m)
    rows = [
        ("Title", m.title),
        ("Id", m.id),
        ("Type", m.type.value),
        ("State", m.state.value),
        ("Persona", m.persona or ""),
        ("Persona name", persona.name if persona else ""),
        ("Point of view", m.scope.point_of_view),
        ("Purpose", m.scope.purpose),
        ("Start", m.scope.start),
        ("End", m.scope.end),
        ("Description", m.description),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        _set_text(sheet.cell(r, 1), key)
        sheet.cell(r, 1).font = styles.Font(bold=True)
        if value:
            _set_text(sheet.cell(r, 2), value)
        sheet.cell(r, 2).alignment = styles.Alignment(wrap_text=True, vertical="top")
    if m.stages:
        r = len(rows) + 2
        _set_text(sheet.cell(r, 1), "Stage id")
        _set_text(sheet.cell(r, 2), "Stage name")
        sheet.cell(r, 1).font = sheet.cell(r, 2).font = styles.Font(bold=True)
        for offset, stage in enumerate(m.stages, start=1):
            _set_text(sheet.cell(r + offset, 1), stage.id)
            _set_text(sheet.cell(r + offset, 2), stage.name)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90


@dataclass(frozen=True)
class _Look:
    """The cell styles of a journey sheet (made once a sheet; openpyxl registers a style where it is first used)."""

    utils: Any
    border: Any
    wrap_top: Any
    centre: Any
    bold: Any
    white_bold: Any
    muted: Any

    @classmethod
    def make(cls) -> _Look:
        openpyxl = _openpyxl()
        styles = openpyxl.styles
        thin = styles.Side(style="thin", color="CBD2D9")
        return cls(
            utils=openpyxl.utils,
            border=styles.Border(left=thin, right=thin, top=thin, bottom=thin),
            wrap_top=styles.Alignment(wrap_text=True, vertical="top"),
            centre=styles.Alignment(wrap_text=True, vertical="center", horizontal="center"),
            bold=styles.Font(bold=True),
            white_bold=styles.Font(bold=True, color="FFFFFF"),
            muted=styles.Font(color="52606D", size=9),
        )


def _write_journey(sheet: Worksheet, m: Map, context: RenderContext, top: int) -> None:
    look = _Look.make()
    _write_stage_rows(sheet, m, top, look)
    _write_lane_rows(sheet, m, context, top, look)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 18
    sheet.freeze_panes = sheet.cell(top + FIRST_LANE_ROW, FIRST_STEP_COLUMN)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_cols = "A:B"


def _write_stage_rows(sheet: Worksheet, m: Map, top: int, look: _Look) -> None:
    """The three heading rows: stages (merged over their steps), step names and step ids."""
    labels = (("Stage", "stages"), ("Step", "step names"), ("Step id", "step ids"))
    for r, (label, note) in enumerate(labels, start=top + 1):
        _set_text(sheet.cell(r, 1), label)
        _set_text(sheet.cell(r, 2), note)
        sheet.cell(r, 1).font = look.bold
        sheet.cell(r, 2).font = look.muted
    col = FIRST_STEP_COLUMN
    for stage in m.stages:
        first = col
        for step in stage.steps:
            _set_text(sheet.cell(top + 2, col), step.name)
            _set_text(sheet.cell(top + 3, col), step.id)
            sheet.cell(top + 2, col).font = look.bold
            sheet.cell(top + 2, col).fill = _fill(_STEP_FILL)
            sheet.cell(top + 2, col).alignment = look.centre
            sheet.cell(top + 3, col).font = look.muted
            sheet.cell(top + 3, col).alignment = look.centre
            for r in (top + 1, top + 2, top + 3):
                sheet.cell(r, col).border = look.border
            sheet.column_dimensions[look.utils.get_column_letter(col)].width = 30
            col += 1
        if stage.steps:
            cell = sheet.cell(top + 1, first)
            _set_text(cell, stage.name)
            for c in range(first, col):
                sheet.cell(top + 1, c).fill = _fill(_HEAD_FILL)
            cell.font = look.white_bold
            cell.alignment = look.centre
            if col - 1 > first:
                sheet.merge_cells(start_row=top + 1, start_column=first, end_row=top + 1, end_column=col - 1)


def _write_lane_rows(sheet: Worksheet, m: Map, context: RenderContext, top: int, look: _Look) -> None:
    """One row a lane: its heading, its kind and, under each step, its cards and items (or the emotion)."""
    steps = m.steps
    index = MapIndex.build(m, context.vmpi_bands)
    row = top + FIRST_LANE_ROW
    for lane in effective_lanes(m):
        heading = sheet.cell(row, 1)
        _set_text(heading, lane.heading)
        heading.font = look.bold
        heading.fill = _fill(lane_fill(lane.kind))
        heading.alignment = look.wrap_top
        heading.border = look.border
        _set_text(sheet.cell(row, 2), lane_kind_cell(lane.kind, lane.id, lane.title))
        sheet.cell(row, 2).font = look.muted
        sheet.cell(row, 2).alignment = look.wrap_top
        lines_in_row = 1
        for offset, step in enumerate(steps):
            cell = sheet.cell(row, FIRST_STEP_COLUMN + offset)
            cell.border = look.border
            if lane.kind is LaneKind.EMOTION:
                _emotion_cell(cell, step.emotion)
                continue
            cards = m.cards_at(lane, step.id)
            items = cell_items(m, index, lane.kind, (), step.id)
            lines = [card_line(c.text, c.weight) for c in cards]
            lines += [ITEM_PREFIX + " · ".join((item.title, *item.meta)) for item in items]
            cell.alignment = look.wrap_top
            if lines:
                _set_text(cell, "\n".join(lines))
                lines_in_row = max(lines_in_row, sum(1 + len(line) // 34 for line in lines))
            colour = _cell_colour(lane.kind, [c.weight for c in cards], [i.fill for i in items])
            cell.fill = _fill(colour)
        sheet.row_dimensions[row].height = min(409, max(30, 15 * lines_in_row))
        row += 1


def _cell_colour(kind: LaneKind, weights: Sequence[int | None], item_fills: Sequence[str]) -> str:
    if kind is LaneKind.VMPI_RESULTS:
        banded = [f for f in item_fills if f.lower() != "#ffffff"]
        if banded:
            return banded[0]
    known = [w for w in weights if w is not None]
    if known:
        return WEIGHT_FILL[max(known)]
    fills = [f for f in item_fills if f.lower() != "#ffffff"]
    return fills[0] if fills else lane_fill(kind)


def _emotion_cell(cell: Any, emotion: Any) -> None:
    styles = _openpyxl().styles
    cell.alignment = styles.Alignment(horizontal="center", vertical="center")
    if emotion is None:
        return
    cell.value = round(float(emotion.value), 2)
    cell.number_format = "0.0"
    if isinstance(emotion, MeasuredEmotion):
        interval = (
            "no interval (one rating)" if emotion.ci95 is None else f"95 % CI {emotion.ci95[0]:g}–{emotion.ci95[1]:g}"
        )
        note = f"Measured\nmean {emotion.mean:g}, n={emotion.n}, {interval}, data set {emotion.dataset}"
        cell.font = styles.Font(bold=True, color="1D4E89")
    else:
        note = "Estimated" + (f"\n{emotion.note}" if emotion.note else "")
        cell.font = styles.Font(italic=True, color="52606D")
    comment = _openpyxl().comments.Comment(note, "journeymap")
    comment.width = 260
    comment.height = 90
    cell.comment = comment
    band = 1 if emotion.value < 4 else 2 if emotion.value < 7 else 3
    cell.fill = _fill({1: "#fde2e1", 2: "#fff8e6", 3: "#e3f4e8"}[band])


def timeline_sheets(workbook: Workbook, m: Map, context: RenderContext, prefix: str) -> None:
    """A timeline map's journey grid on a sheet of its own."""
    _write_journey(workbook.create_sheet(prefix + "Journey"), m, context, top=0)
    curves = persona_curves(m, context)
    if len(curves) > 1:
        _write_emotions(workbook.create_sheet(prefix + "Emotions"), m, curves)
    if any(s.feedback is not None for s in m.steps) or any(t.feedback is not None for t in m.touchpoints):
        from .xlsx_feedback import VOICE_SHEET, write_voice_sheet

        write_voice_sheet(workbook.create_sheet(prefix + VOICE_SHEET), m, _set_text)
    from .xlsx_links import LINKS_SHEET, has_sub_journeys, write_links_sheet

    if has_sub_journeys(m):  # a step opens another map: its sub-journey in a column of its own
        write_links_sheet(workbook.create_sheet(prefix + LINKS_SHEET), m, context, _set_text)


def _write_emotions(sheet: Worksheet, m: Map, curves: Sequence[PersonaCurve]) -> None:
    """A row a step, a column a persona's emotional level (see the module's docstring)."""
    styles = _openpyxl().styles
    head = ["Stage", "Step", "Step id", *(c.name for c in curves)]
    for col, text in enumerate(head, start=1):
        cell = sheet.cell(1, col)
        _set_text(cell, text)
        cell.font = styles.Font(bold=True, color="FFFFFF")
        cell.fill = _fill(_HEAD_FILL)
        cell.alignment = styles.Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[_openpyxl().utils.get_column_letter(col)].width = 16 if col == 3 else 28
    for col, curve in enumerate(curves, start=4):
        _set_text(sheet.cell(2, col), curve.persona or "(the map's persona)")
        sheet.cell(2, col).font = styles.Font(italic=True, color="52606D")
    row = 3
    for stage in m.stages:
        for step in stage.steps:
            for col, text in enumerate((stage.name, step.name, step.id), start=1):
                _set_text(sheet.cell(row, col), text)
            for col, curve in enumerate(curves, start=4):
                _emotion_cell(sheet.cell(row, col), curve.levels.get(step.id))
            row += 1
    sheet.freeze_panes = "D3"


def network_sheets(workbook: Workbook, m: Map, context: RenderContext, prefix: str) -> None:
    """An ecosystem map's actors and value flows, a sheet each."""
    actors = workbook.create_sheet("Actors")
    _table(
        actors, ("Id", "Name", "Kind", "Description"), [(a.id, a.name, a.kind.value, a.description) for a in m.actors]
    )
    flows = workbook.create_sheet("Flows")
    rows = [(f.id, f.source, f.target, f.kind.value, f.label) for f in m.value_flows]
    _table(flows, ("Id", "From", "To", "Kind", "Label"), rows)


def mental_sheets(workbook: Workbook, m: Map, context: RenderContext, prefix: str) -> None:
    """A mental model diagram's towers and supports, a sheet each."""
    towers = workbook.create_sheet("Towers")
    rows = [(s.name, t.name, b.text) for s in m.mental_spaces for t in s.towers for b in t.boxes]
    _table(towers, ("Mental space", "Tower", "Box"), rows)
    names = {t.id: t.name for s in m.mental_spaces for t in s.towers}
    supports = workbook.create_sheet("Supports")
    srows = [(s.text, ", ".join(names.get(t, t) for t in s.towers) or "(no tower)") for s in m.supports]
    _table(supports, ("Support", "Towers"), srows)


def _table(sheet: Worksheet, head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    styles = _openpyxl().styles
    for c, text in enumerate(head, start=1):
        _set_text(sheet.cell(1, c), text)
        sheet.cell(1, c).font = styles.Font(bold=True, color="FFFFFF")
        sheet.cell(1, c).fill = _fill(_HEAD_FILL)
        sheet.column_dimensions[_openpyxl().utils.get_column_letter(c)].width = 32
    for r, values in enumerate(rows, start=2):
        for c, text in enumerate(values, start=1):
            if text:
                _set_text(sheet.cell(r, c), text)
            sheet.cell(r, c).alignment = styles.Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _write_personas(sheet: Worksheet, workspace: Workspace) -> None:
    rows = [
        (p.id, p.name, p.segment, f"{p.share:.0%}" if p.share is not None else "", p.description, "\n".join(p.goals))
        for p in workspace.personas
    ]
    _table(sheet, ("Id", "Name", "Segment", "Share", "Description", "Goals"), rows)
