"""A journey sheet filled in by hand (or written by ``journeymap render --format xlsx``) → map.

The layout is the one :mod:`journeymap.render.xlsx` writes: sheet "Journey" with stage names in row 1
(a merged or empty cell continues the stage to its left), step names in row 2, step ids in row 3 (optional:
made from the name when empty), and from row 4 one row a lane — column A its heading, column B its kind
(``pain-points``, optionally with ``[id]``; empty for a custom lane), then one cell a step with the cards, one a
line (``[W1]`` … ``[W5]`` at the end of a line is the card's weight; lines starting with ``▸`` are read-only
items and skipped). The emotion lane holds numbers 1–10 (estimates). Sheet "Map" holds the title (required),
id, type, state, persona, scope, description and stage ids.

Every problem of the sheet is collected and raised at once as :class:`~journeymap.errors.MapFileError`; each
names the file, the sheet and the cell, e.g. ``planner.xlsx › Journey!D7``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import MapFileError, Problem
from ..model import EMOTION_MAX, EMOTION_MIN, LaneKind, Map, MapState, MapType, did_you_mean, slugify
from .xlsx_read import Cell, Workbook, column_letter, open_workbook

__all__ = ["import_xlsx"]

_WEIGHT = re.compile(r"\s*\[W([1-5])\]\s*$")
_KIND_ID = re.compile(r"^\s*([A-Za-z0-9_\- ]*?)\s*(?:\[([^\]]*)\])?\s*$")
_ITEM_PREFIX = "▸"
_LABELS = {kind.label.lower(): kind for kind in LaneKind} | {kind.value: kind for kind in LaneKind}
_INFO_KEYS = {
    "title": "title",
    "id": "id",
    "type": "type",
    "state": "state",
    "persona": "persona",
    "point of view": "point_of_view",
    "purpose": "purpose",
    "start": "start",
    "end": "end",
    "description": "description",
}


class _Sheet:
    """The cells of one sheet that hold something (read sparsely: a far cell costs one cell, not the range up to
    it), with problems that name the file, sheet and cell."""

    def __init__(self, book: Workbook, title: str, problems: list[Problem]) -> None:
        self.title = title
        self.book = book
        self.problems = problems
        self.cells: dict[tuple[int, int], Cell] = {}
        by_row: dict[int, list[int]] = {}
        for cell in book.cells(title):
            self.cells[(cell.row, cell.col)] = cell
            by_row.setdefault(cell.row, []).append(cell.col)
        self.by_row = by_row
        self.rows = sorted(by_row)
        self.last_column = max((col for _, col in self.cells), default=0)
        self.notes: dict[tuple[int, int], str] | None = None

    def where(self, row: int, col: int | None = None) -> str:
        return self.book.where(self.title, row, col)

    def problem(self, code: str, row: int, col: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(code, self.where(row, col), message, hint))

    def raw(self, row: int, col: int) -> Any:
        cell = self.cells.get((row, col))
        if cell is None:
            return None
        if cell.kind == "empty" and cell.formula:
            self.problem(
                "XL002",
                row,
                col,
                "holds a formula with no saved value",
                "type the value; or open and save the workbook in Excel so the formula's value is saved",
            )
            return None
        if cell.kind == "error":
            self.problem("XL013", row, col, f"holds an error ({cell.value})", "fix the formula or type the value")
            return None
        return cell.value

    def text(self, row: int, col: int) -> str:
        value = self.raw(row, col)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def columns_in(self, row: int) -> list[int]:
        return sorted(self.by_row.get(row, []))

    def note(self, row: int, col: int) -> str:
        if self.notes is None:
            self.notes = self.book.comments(self.title)
        return self.notes.get((row, col), "")


def import_xlsx(path: str | Path, *, display: str | None = None) -> Map:
    """Read the journey sheet of the workbook at ``path`` as a map; raises :class:`MapFileError` with every
    problem found (each naming the sheet and cell)."""
    path = Path(path)
    shown = display or path.name
    with open_workbook(path, shown, code="XL001") as book:
        return _import(path, shown, book)


def _import(path: Path, shown: str, book: Workbook) -> Map:
    problems: list[Problem] = []
    if "Journey" not in book.sheets:
        sheets = ", ".join(book.sheetnames)
        problems.append(
            Problem("XL003", shown, f"no sheet named 'Journey' (sheets: {sheets})", did_you_mean("x", ["Journey"]))
        )
        raise MapFileError(problems)
    places: dict[tuple[Any, ...], str] = {}
    info, stage_ids = _read_info(shown, book, problems, places)
    journey = _Sheet(book, "Journey", problems)
    stages, columns = _read_steps(journey, stage_ids, places)
    lanes = _read_lanes(journey, columns, places)
    if problems:
        raise MapFileError(problems)
    data: dict[str, Any] = {**info, "stages": stages, "lanes": lanes}
    places.update(_apply_emotions(data))
    if "id" not in data:
        data["id"] = slugify(path.stem, "map")
    try:
        return Map.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(_validation_problem(shown, error, places))
        raise MapFileError(problems) from exc


def _read_info(
    shown: str, book: Workbook, problems: list[Problem], places: dict[tuple[Any, ...], str]
) -> tuple[dict[str, Any], dict[str, str]]:
    if "Map" not in book.sheets:
        problems.append(
            Problem(
                "XL004", f"{shown} › Map", "no 'Map' sheet with the map's title", "add a sheet 'Map': A1 Title, B1 …"
            )
        )
        return {}, {}
    sheet = _Sheet(book, "Map", problems)
    info: dict[str, Any] = {}
    scope: dict[str, str] = {}
    stage_ids: dict[str, str] = {}
    title_row: int | None = None
    in_stages = False
    for row in sheet.rows:
        key = sheet.text(row, 1)
        value = sheet.text(row, 2)
        if key.lower() == "stage id":
            in_stages = True
            continue
        if in_stages:
            if key and value:
                stage_ids.setdefault(value, key)
            continue
        field = _INFO_KEYS.get(key.lower())
        if field is None:
            continue
        if field == "title":
            title_row = row
        if not value:
            continue
        if field == "type":
            _choice(sheet, row, value, [t.value for t in MapType], info, "type")
        elif field == "state":
            _choice(sheet, row, value, [s.value for s in MapState], info, "state")
        elif field in ("point_of_view", "purpose", "start", "end"):
            scope[field] = value
            places[("scope", field)] = sheet.where(row, 2)
        else:
            info[field] = value
        places.setdefault((field,), sheet.where(row, 2))
    if "title" not in info:
        row = title_row or 1
        sheet.problem("XL005", row, 2, "the map has no title", "write the title in Map!B1, next to 'Title'")
    if scope:
        info["scope"] = scope
    if info.get("type") in (MapType.ECOSYSTEM_MAP.value, MapType.MENTAL_MODEL_DIAGRAM.value):
        sheet.problem("XL006", 3, 2, f"a {info['type']} has no journey sheet to import", "use a timeline map type")
    return info, stage_ids


def _choice(sheet: _Sheet, row: int, value: str, options: list[str], info: dict[str, Any], key: str) -> None:
    if value in options:
        info[key] = value
    else:
        sheet.problem("XL007", row, 2, f"unknown {key} {value!r}", did_you_mean(value, options))


def _read_steps(
    sheet: _Sheet, stage_ids: dict[str, str], places: dict[tuple[Any, ...], str]
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The stages with their steps, and the step id of each column that has a step."""
    stages: list[dict[str, Any]] = []
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    step_columns = sorted({col for (row, col) in sheet.cells if row in (1, 2, 3) and col >= 3})
    for col in step_columns:
        stage_name = sheet.text(1, col)
        name = sheet.text(2, col)
        step_id = sheet.text(3, col)
        if not name and not step_id:
            continue
        if stage_name or not stages:
            label = stage_name or "Journey"
            stage: dict[str, Any] = {"name": label, "steps": []}
            if label in stage_ids:
                stage["id"] = stage_ids[label]
            places[("stages", len(stages))] = sheet.where(1, col)
            stages.append(stage)
        if not step_id:
            step_id = slugify(name, f"step-{col - 2}")
        if step_id in seen:
            hint = f"already the id of the step in column {_letter(seen[step_id])}; step ids must be unique"
            sheet.problem("XL008", 3, col, f"duplicate step id {step_id!r}", hint)
            continue
        seen[step_id] = col
        step_place = ("stages", len(stages) - 1, "steps", len(stages[-1]["steps"]))
        places[step_place] = sheet.where(2, col)
        places[(*step_place, "id")] = sheet.where(3 if sheet.text(3, col) else 2, col)
        stages[-1]["steps"].append({"id": step_id, "name": name or step_id})
        columns[col] = step_id
    return stages, columns


def _letter(col: int) -> str:
    return column_letter(col)


def _lane_kind(sheet: _Sheet, row: int, heading: str) -> tuple[LaneKind | None, str]:
    """The kind and explicit id written in column B (kind found from the heading when B is empty)."""
    raw = sheet.text(row, 2)
    if not raw:
        return _LABELS.get(heading.lower(), LaneKind.CUSTOM), ""
    match = _KIND_ID.match(raw)
    word = (match.group(1) if match else raw).strip().lower().replace(" ", "-")
    lane_id = (match.group(2) or "").strip() if match else ""
    try:
        return LaneKind(word), lane_id
    except ValueError:
        kinds = [k.value for k in LaneKind]
        sheet.problem("XL010", row, 2, f"unknown lane kind {word!r}", did_you_mean(word, kinds))
        return None, lane_id


def _read_lanes(sheet: _Sheet, columns: dict[int, str], places: dict[tuple[Any, ...], str]) -> list[dict[str, Any]]:
    lanes: list[dict[str, Any]] = []
    for row in sheet.rows:
        if row < 4:
            continue
        heading = sheet.text(row, 1)
        filled = [col for col in sheet.columns_in(row) if col >= 3]
        if not heading and not sheet.text(row, 2) and not filled:
            continue
        kind, lane_id = _lane_kind(sheet, row, heading)
        if kind is None:
            continue
        lane: dict[str, Any] = {"kind": kind.value}
        if heading and heading != kind.label:
            lane["title"] = heading
        if lane_id:
            lane["id"] = lane_id
        index = len(lanes)
        places[("lanes", index)] = sheet.where(row, 1)
        if kind is LaneKind.EMOTION:
            lane["emotions"] = _emotions(sheet, row, filled, columns)
        else:
            lane["cards"] = _cards(sheet, row, filled, columns)
            for number, card in enumerate(lane["cards"]):
                places[("lanes", index, "cards", number)] = card.pop("_where")
        lanes.append(lane)
    return lanes


def _under_no_step(sheet: _Sheet, row: int, col: int) -> None:
    hint = "write the step's name in row 2 (and its id in row 3) above it, or move it under a step"
    sheet.problem("XL011", row, col, "a card under no step", hint)


def _cards(sheet: _Sheet, row: int, filled: list[int], columns: dict[int, str]) -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = []
    for col in filled:
        text = sheet.text(row, col)
        if not text:
            continue
        if col not in columns:
            _under_no_step(sheet, row, col)
            continue
        for line in text.split("\n"):
            line = line.strip()
            if not line or line.startswith(_ITEM_PREFIX):
                continue
            card: dict[str, Any] = {"step": columns[col], "_where": sheet.where(row, col)}
            weight = _WEIGHT.search(line)
            if weight:
                card["weight"] = int(weight.group(1))
                line = line[: weight.start()].rstrip()
            card["text"] = line
            if line:
                cards.append(card)
    return cards


def _emotions(sheet: _Sheet, row: int, filled: list[int], columns: dict[int, str]) -> dict[str, dict[str, Any]]:
    emotions: dict[str, dict[str, Any]] = {}
    for col in filled:
        value = sheet.raw(row, col)
        if col not in columns:
            _under_no_step(sheet, row, col)
            continue
        number: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                number = None
        if number is None or not EMOTION_MIN <= number <= EMOTION_MAX:
            hint = "write the emotional level as a number from 1 (very negative) to 10 (very positive)"
            sheet.problem("XL012", row, col, f"emotion {value!r} is not a number 1–10", hint)
            continue
        emotion: dict[str, Any] = {"estimate": number, "_where": sheet.where(row, col)}
        note = _note(sheet.note(row, col))
        if note:
            emotion["note"] = note
        emotions[columns[col]] = emotion
    return emotions


def _note(comment: str) -> str:
    first, _, rest = comment.strip().partition("\n")
    if first.strip() == "Estimated":
        return rest.strip()
    if first.strip() == "Measured":
        return f"measured: {rest.strip()}"
    return comment.strip()


def _apply_emotions(data: dict[str, Any]) -> dict[tuple[Any, ...], str]:
    """Emotion rows hold numbers, not cards: put them on their steps; the cell of each step's emotion."""
    emotions: dict[str, dict[str, Any]] = {}
    places: dict[tuple[Any, ...], str] = {}
    for lane in data["lanes"]:
        emotions.update(lane.pop("emotions", {}))
    for s, stage in enumerate(data["stages"]):
        for t, step in enumerate(stage["steps"]):
            if step["id"] in emotions:
                emotion = emotions[step["id"]]
                places[("stages", s, "steps", t, "emotion")] = emotion.pop("_where")
                step["emotion"] = emotion
    return places


def _validation_problem(shown: str, error: Any, places: dict[tuple[Any, ...], str]) -> Problem:
    """XL009 at the cell the failing field came from (the longest known prefix of its location)."""
    loc = tuple(error["loc"])
    where = shown
    for end in range(len(loc), 0, -1):
        if loc[:end] in places:
            where = places[loc[:end]]
            break
    path = " › ".join(str(part) for part in loc)
    return Problem("XL009", where, f"{path}: {error['msg']}", "correct the cell")
