"""Evidence in the studio: upload a survey or an event log for a map, see its first rows and a suggested mapping,
apply it (a survey measures the map, an event log is discovered), and the analyses drawn from the evidence.

Everything is done by the library (``journeymap.evidence``, ``journeymap.report``, the renderers) on the DuckDB
engine, in a worker thread, on a temporary copy of the uploaded file; its problems keep the file name the user
uploaded, with the line and column of the bad cell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
import tempfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select

from ...errors import JourneymapError, MapFileError, Problem, ProblemsError
from ...files.dump import model_data
from ...limits import LIMIT_CODE, limits
from ...model import Map, MeasuredEmotion
from ...store import repo
from ...store import tables as t
from ..bodylimit import too_large_message
from ..deps import Principal, StudioDep, authorize
from ..errors import ApiError, iso, not_found, problem_dict
from ..security import DOCUMENT_CSP
from .maps import map_view

DOCUMENT = {"content-security-policy": DOCUMENT_CSP}

router = APIRouter(tags=["evidence"])

PREVIEW_ROWS = 20
SAMPLE_ROWS = 2000
"""Rows read to guess the mapping (the layout, the scale, which column holds what)."""
ANALYSES = ("ipa", "emotion", "discovery", "report")
SVG = "image/svg+xml"
HTML = "text/html; charset=utf-8"

T = TypeVar("T")


# --- files ----------------------------------------------------------------------------------------------------


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, without any folder, at most 300 characters (what problems and reports show)."""
    name = re.split(r"[/\\]", filename or "")[-1].strip().replace("\x00", "")
    if len(name) > 300:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 299 - len(suffix)] + dot + suffix) if dot and len(suffix) < 20 else name[:300]
    return name or "upload"


def disk_name(filename: str) -> str:
    """A safe name for the temporary copy: letters, digits, ``. _ -`` (the engine reads globs in file names)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).lstrip(".") or "upload"
    return safe[-120:]


def _relocate(problems: Sequence[Problem], places: dict[str, str]) -> list[Problem]:
    """The problems with the temporary paths replaced by the names the user knows."""

    def fix(text: str) -> str:
        for temporary, shown in places.items():
            text = text.replace(temporary, shown)
        return text

    return [replace(p, where=fix(p.where), message=fix(p.message), hint=fix(p.hint)) for p in problems]


@contextlib.contextmanager
def _shown_as(places: dict[str, str]) -> Iterator[None]:
    """Re-raise the library's problems with the names the user knows in place of temporary paths."""
    try:
        yield
    except ProblemsError as error:
        raise ProblemsError(_relocate(error.problems, places)) from None
    except JourneymapError as error:
        text = str(error)
        for temporary, shown in places.items():
            text = text.replace(temporary, shown)
        raise ApiError(422, text) from None


@contextlib.contextmanager
def _scratch(filename: str, content: bytes) -> Iterator[Path]:
    """The uploaded content as a file in a temporary folder (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="journeymap-evidence-") as tmp:
        path = Path(tmp) / disk_name(filename)
        path.write_bytes(content)
        with _shown_as({str(path): filename, path.name: filename}):
            yield path


def _kind_of_file(path: Path, shown: str, evidence: str) -> str:
    from ...evidence.engine import file_kind

    try:
        return file_kind(path)
    except JourneymapError:
        code, what = (
            ("JE006", "CSV, XLSX or Parquet") if evidence == "survey" else ("JE101", "CSV, TSV, Parquet or XES")
        )
        raise ProblemsError(
            [Problem(code, shown, f"a {evidence} file is {what}", "rename or export the file")]
        ) from None


def _engine() -> Any:
    from ...evidence.engine import Engine

    return Engine()


async def _in_thread(work: Callable[[], T]) -> T:
    return await anyio.to_thread.run_sync(work)


# --- reading an upload ----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def inspect_file(
    path: Path, shown: str, evidence: str
) -> tuple[list[str], list[list[str]], int | None, dict[str, Any] | None]:
    """Columns, the first rows (as text, up to :data:`SAMPLE_ROWS`) and the row count of an upload, and for an
    XES log the attributes the library read it with; problems (the library's) when it cannot be read."""
    from ...evidence.engine import ORDER
    from ...evidence.events import read_events
    from ...evidence.sources import open_source

    kind = _kind_of_file(path, shown, evidence)
    read_with: dict[str, Any] | None = None
    with _engine() as engine:
        if evidence == "events" and kind not in ("csv", "parquet"):
            log = read_events(path, engine)  # XES, or the library's problem for a file that is not an event log
            table = log.table
            used = {"case": log.case, "activity": log.activity, "time": log.time, "channel": log.channel}
            read_with = {role: column for role, column in used.items() if column}
        else:
            table = open_source(engine, path, ordered=True, all_text=True).table
        columns = [c for c in table.columns if c != ORDER]
        ordered = table.order_by(ORDER) if ORDER in table.columns else table
        sample = ordered.select(*columns).limit(SAMPLE_ROWS).to_pyarrow().to_pylist()
        count = int(table.count().execute())
    rows = [[_text(row.get(c)) for c in columns] for row in sample]
    return columns, rows, count, read_with


# --- guessing the mapping -------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _targets(journey_map: Map | None) -> dict[str, str]:
    """Lookup key (id or name, case and spacing ignored) → id of the map's steps, then touchpoints."""
    found: dict[str, str] = {}
    if journey_map is None:
        return found
    for step in journey_map.steps:
        found.setdefault(_key(step.id), step.id)
        found.setdefault(_key(step.name), step.id)
    for tp in journey_map.touchpoints:
        found.setdefault(_key(tp.id), tp.id)
        found.setdefault(_key(tp.name), tp.id)
    return found


def _named(columns: Sequence[str], names: Sequence[str], taken: Collection[str] = ()) -> str | None:
    folded = {c.strip().casefold(): c for c in reversed(columns) if c not in taken}
    return next((folded[n] for n in names if n in folded), None)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _values(rows: list[list[str]], index: int) -> list[str]:
    return [row[index] for row in rows if row[index].strip()]


def _numeric_share(values: list[str]) -> float:
    return sum(1 for v in values if _number(v) is not None) / len(values) if values else 0.0


def _matches(values: list[str], targets: dict[str, str]) -> float:
    distinct = {v.strip() for v in values}
    return sum(1 for v in distinct if _key(v) in targets) / len(distinct) if distinct else 0.0


SEGMENTS = ("segment", "segments", "customer_segment", "group", "cohort", "persona", "customer_type")
WEIGHTS = ("weight", "weights", "survey_weight", "wt", "w")
OVERALL = ("overall", "overall_rating", "overall_satisfaction", "overall_score", "q_overall", "osat")
ELEMENTS = ("element", "step", "step_id", "touchpoint", "touchpoint_id", "item", "question")
VALUES = ("value", "rating", "score", "answer", "response")
MEASURE_COLUMNS = ("measure", "metric", "measure_type", "question_type")
SUFFIXES = {
    "sat": "satisfaction", "satisfaction": "satisfaction", "imp": "importance", "importance": "importance",
    "rating": "rating", "score": "rating", "effort": "effort", "freq": "frequency", "frequency": "frequency",
    "nps": "nps",
}  # fmt: skip


def _scale(numbers: list[float], nps: bool) -> dict[str, Any]:
    """The scale (and 0 as "not answered") the answers suggest: the smallest of 1–5, 1–7, 1–10 holding them."""
    if not numbers:
        return {"scale": "1-10"}
    low, high = min(numbers), max(numbers)
    top = next((s for s in (5, 7, 10) if high <= s), math.ceil(high))
    if low < 0:
        return {"scale": f"{math.floor(low)}-{top}"}
    if low < 1 and (nps or top > 10):
        return {"scale": f"0-{top}"}
    if low == 0:
        return {"scale": f"1-{top}", "missing": [0]}
    return {"scale": f"1-{top}"}


def _column_target(column: str, targets: dict[str, str]) -> tuple[str, str] | None:
    """(element id, measure) of a wide column: its header is a step or touchpoint id or name, maybe with a
    measure suffix (``tp-upload_sat``, ``Check in rating``)."""
    if _key(column) in targets:
        return targets[_key(column)], "rating"
    match = re.fullmatch(r"(.+?)[\s_.:-]*\(?([A-Za-z]+)\)?", column.strip())
    if match and match.group(2).lower() in SUFFIXES and _key(match.group(1)) in targets:
        return targets[_key(match.group(1))], SUFFIXES[match.group(2).lower()]
    return None


def suggest_survey(columns: list[str], rows: list[list[str]], journey_map: Map | None) -> dict[str, Any]:
    """A mapping (the format of docs/evidence.md) guessed from the header, the first rows and the map."""
    from ...evidence.survey import RESPONDENT_COLUMNS

    targets = _targets(journey_map)
    index = {c: i for i, c in enumerate(columns)}
    respondent = _named(columns, (*RESPONDENT_COLUMNS, "respondent"))
    segment = _named(columns, SEGMENTS)
    weight = _named(columns, WEIGHTS)
    roles = {c for c in (respondent, segment, weight) if c}
    element = _named(columns, ELEMENTS, roles) or next(
        (c for c in columns if c not in roles and _matches(_values(rows, index[c]), targets) >= 0.5), None
    )
    value = _named(columns, VALUES, roles | {element} if element else roles)
    value_named = value is not None
    if element and value is None:
        value = next(
            (c for c in columns if c not in roles | {element} and _numeric_share(_values(rows, index[c])) >= 0.9),
            None,
        )
    wide: dict[str, tuple[str, str]] = {}
    overall = _named(columns, OVERALL, roles)
    for column in columns:
        if column in roles or column == overall:
            continue
        target = _column_target(column, targets)
        if target is not None and _numeric_share(_values(rows, index[column])) >= 0.5:
            wide[column] = target
    long_fits = element is not None and value is not None
    long_fits = long_fits and (value_named or _numeric_share(_values(rows, index[str(value)])) >= 0.9)
    if long_fits and (not wide or _matches(_values(rows, index[str(element)]), targets) >= 0.5):
        assert element is not None and value is not None
        measure = _named(columns, MEASURE_COLUMNS, roles | {element, value})
        names = {"respondent": respondent, "element": element, "measure": measure, "value": value}
        numbers = [n for v in _values(rows, index[value]) if (n := _number(v)) is not None]
        mapping: dict[str, Any] = {"form": "long", "long": {k: v for k, v in names.items() if v}}
        mapping.update(_scale(numbers, nps=False))
    else:
        mapping = {"form": "wide"}
        if respondent:
            mapping["respondent"] = respondent
        mapping["columns"] = {c: e if m == "rating" else {"element": e, "measure": m} for c, (e, m) in wide.items()}
        if overall:
            mapping["overall"] = overall
        rated = [c for c, (_, m) in wide.items() if m in ("rating", "satisfaction", "importance")]
        numbers = [n for c in [*rated, *([overall] if overall else [])] for v in _values(rows, index[c])
                   if (n := _number(v)) is not None]  # fmt: skip
        nps = any(m == "nps" or "nps" in c.lower() for c, (_, m) in wide.items())
        mapping.update(_scale(numbers, nps=nps))
    if segment:
        mapping["segment"] = segment
    if weight:
        mapping["weight"] = weight
    return mapping


def _is_time(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def suggest_events(columns: list[str], rows: list[list[str]], journey_map: Map | None) -> dict[str, Any]:
    """The case, activity, timestamp (and channel) columns of an event log: by name, then by content."""
    from ...evidence.events import ACTIVITY, CANDIDATES, CASE, CHANNEL, TIME

    index = {c: i for i, c in enumerate(columns)}
    found: dict[str, str] = {}
    for role in (CASE, ACTIVITY, TIME, CHANNEL):
        column = _named(columns, CANDIDATES[role], set(found.values()))
        if column is not None:
            found[role] = column
    free = [c for c in columns if c not in found.values()]
    if TIME not in found:
        times = [c for c in free if (vs := _values(rows, index[c])) and sum(map(_is_time, vs)) >= 0.9 * len(vs)]
        if times:
            found[TIME] = times[0]
            free.remove(times[0])
    texts = [c for c in free if _numeric_share(_values(rows, index[c])) < 0.5 or c == found.get(CASE)]
    if ACTIVITY not in found:
        targets = _targets(journey_map)
        by_match = sorted(texts, key=lambda c: -_matches(_values(rows, index[c]), targets))
        if by_match and _matches(_values(rows, index[by_match[0]]), targets) > 0:
            found[ACTIVITY] = by_match[0]
        elif texts:  # the text column with the fewest distinct values that still varies
            varied = [c for c in texts if len(set(_values(rows, index[c]))) > 1] or texts
            found[ACTIVITY] = min(varied, key=lambda c: len(set(_values(rows, index[c]))))
        if ACTIVITY in found:
            free.remove(found[ACTIVITY])
    if CASE not in found and free:  # ids repeat over a case's events, more distinct than the activities
        distinct = {c: len(set(_values(rows, index[c]))) for c in free}
        repeated = [c for c in free if 1 < distinct[c] < len(_values(rows, index[c]))]
        if repeated:
            found[CASE] = max(repeated, key=lambda c: distinct[c])
    return {role: found[role] for role in (CASE, ACTIVITY, TIME, CHANNEL) if role in found}


# --- upload ---------------------------------------------------------------------------------------------------


def _read_upload(upload: UploadFile, limit: int) -> bytes:
    """The uploaded file (spooled to disk by the form parser), read at most once up to ``limit`` (in a worker
    thread: a big file is read off the event loop)."""
    upload.file.seek(0)
    content = upload.file.read(limit + 1)
    if len(content) > limit:
        message, hint = too_large_message("upload_mb", limit)
        raise ApiError(413, f"file: {message}", hint=hint, problems=[Problem(LIMIT_CODE, "file", message, hint)])
    return content


def _evidence(row: t.EvidenceFile) -> dict[str, Any]:
    return {
        "id": row.id,
        "map_id": row.map_id,
        "kind": row.kind,
        "filename": row.filename,
        "size": len(row.content),
        "mapping": row.mapping,
        "created_at": iso(row.created_at),
    }


@router.post("/maps/{mid}/evidence", status_code=201)
async def upload_evidence(
    mid: int,
    request: Request,
    studio: StudioDep,
    user: Annotated[Principal, authorize("evidence:create")],
    file: Annotated[UploadFile, File(description="a survey (CSV, XLSX, Parquet) or an event log (CSV, Parquet, XES)")],
    kind: Annotated[Literal["survey", "events"], Form()],
) -> dict[str, Any]:
    """Store a survey or an event log for the map; answer its columns, first rows, row count and a mapping
    guessed from its header, its content and the map."""
    studio.map_row(mid)
    limit = (studio.settings.max_upload_mb or limits().upload_mb) * (1 << 20)
    content = await _in_thread(lambda: _read_upload(file, limit))  # the body limit already refused more
    filename = display_name(file.filename)
    journey_map, _ = await studio.check(mid)

    def read() -> tuple[list[str], list[list[str]], int | None, dict[str, Any]]:
        with _scratch(filename, content) as path:
            columns, rows, count, read_with = inspect_file(path, filename, kind)
        if read_with is not None:  # an XES log: its standard attributes
            return columns, rows, count, read_with
        suggest = suggest_survey if kind == "survey" else suggest_events
        return columns, rows, count, suggest(columns, rows, journey_map)

    columns, rows, count, suggested = await _in_thread(read)
    with studio.store.session() as db:
        row = t.EvidenceFile(map_id=mid, kind=kind, filename=filename, content=content, author_id=user.id)
        db.add(row)
        db.flush()
        evidence_id = row.id
    return {
        "id": evidence_id,
        "kind": kind,
        "filename": filename,
        "columns": columns,
        "preview": rows[:PREVIEW_ROWS],
        "rows": count,
        "suggested_mapping": suggested,
    }


@router.get("/maps/{mid}/evidence")
def list_evidence(
    mid: int, studio: StudioDep, _: Annotated[Principal, authorize("evidence:read")]
) -> list[dict[str, Any]]:
    """The evidence files uploaded for the map, newest first (without their content)."""
    studio.map_row(mid)
    with studio.store.session() as db:
        rows = db.scalars(select(t.EvidenceFile).where(t.EvidenceFile.map_id == mid).order_by(t.EvidenceFile.id.desc()))
        return [_evidence(r) for r in rows]


# --- apply ----------------------------------------------------------------------------------------------------


class Apply(BaseModel):
    mapping: dict[str, Any] = Field(
        default_factory=dict, description="a survey's mapping (docs/evidence.md) or an event log's columns"
    )


class EventColumns(BaseModel):
    """Which columns of an event log hold the case id, the activity, the time and the channel (found by name
    when not given)."""

    model_config = ConfigDict(extra="forbid")
    case: str | None = Field(None, min_length=1)
    activity: str | None = Field(None, min_length=1)
    time: str | None = Field(None, min_length=1)
    channel: str | None = Field(None, min_length=1)


def _mapping_where(loc: Sequence[str | int]) -> str:
    return "mapping" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)


def _event_columns(mapping: dict[str, Any]) -> EventColumns:
    try:
        return EventColumns.model_validate(mapping)
    except ValidationError as error:
        problems = [
            Problem("invalid", _mapping_where(tuple(e["loc"])), str(e["msg"]), "give case, activity, time, channel")
            for e in error.errors(include_url=False)
        ]
        raise ApiError(422, f"{problems[0].where}: {problems[0].message}", problems=problems) from None


def survey_spec_of(mapping: dict[str, Any], folder: Path) -> Any:
    """The library's survey spec of a mapping given as JSON (checked as a mapping file is; problems name the
    mapping's keys)."""
    from ...report import survey_spec

    path = folder / "mapping.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    try:
        return survey_spec(str(path))
    except ProblemsError as error:
        fixed = [replace(p, where=_mapping_where(p.loc) if p.loc else "mapping") for p in error.problems]
        raise ProblemsError(fixed) from None


def measured_values(journey_map: Map, dataset: str) -> dict[str, dict[str, Any]]:
    """Step id → mean, 95 % interval and n of the steps measured from ``dataset``."""
    out: dict[str, dict[str, Any]] = {}
    for step in journey_map.steps:
        emotion = step.emotion
        if isinstance(emotion, MeasuredEmotion) and emotion.dataset == dataset:
            low, high = emotion.ci95 if emotion.ci95 else (emotion.mean, emotion.mean)
            out[step.id] = {"mean": emotion.mean, "low": low, "high": high, "n": emotion.n}
    return out


def discovery_summary(result: Any) -> dict[str, Any]:
    data = result.to_json()
    top = [
        {**v.to_json(), "share": round(v.cases / result.cases, 4) if result.cases else None}
        for v in result.top_variants
    ]
    return {
        "log": data["log"],
        "cases": data["cases"],
        "events": data["events"],
        "activities": data["activities"],
        "variants": data["variants"],
        "top_variants": top,
        "start_activities": data["start_activities"],
        "end_activities": data["end_activities"],
        "main_path": data["main_path"],
        "period": data["period"],
    }


def _evidence_row(studio: Any, eid: int) -> tuple[int, str, str, bytes, dict[str, Any] | None]:
    with studio.store.session() as db:
        row = db.get(t.EvidenceFile, eid)
        if row is None:
            raise not_found(f"evidence file {eid}")
        return row.map_id, row.kind, row.filename, bytes(row.content), row.mapping


def _save_mapping(studio: Any, eid: int, mapping: dict[str, Any]) -> None:
    with studio.store.session() as db:
        row = db.get(t.EvidenceFile, eid)
        if row is not None:
            row.mapping = mapping


@router.post("/evidence/{eid}/apply")
async def apply_evidence(
    eid: int, body: Apply, studio: StudioDep, user: Annotated[Principal, authorize("map:edit")]
) -> dict[str, Any]:
    """A survey: measure the map with it (written into the live document, with a version before and after).
    An event log: the journey discovered in it."""
    mid, kind, filename, content, _ = _evidence_row(studio, eid)
    if kind == "events":
        columns = _event_columns(body.mapping)

        def find() -> Any:
            from ...evidence.discovery import discover
            from ...evidence.events import read_events

            with _scratch(filename, content) as path, _engine() as engine:
                log = read_events(path, engine, **columns.model_dump())
                return log, discover(log.table, engine, source=filename)

        log, result = await _in_thread(find)
        _save_mapping(studio, eid, columns.model_dump(exclude_none=True))
        used = {"case": log.case, "activity": log.activity, "time": log.time, "channel": log.channel}
        return {"kind": "events", "columns": used, **discovery_summary(result)}

    from ...evidence.measure import measure_map

    checked, map_problems = await studio.check(mid)
    if checked is None:  # said before the (long) summary
        raise MapFileError(map_problems)

    def summarize() -> Any:
        from ...evidence.survey import summarize_survey

        with _scratch(filename, content) as path:
            spec = survey_spec_of(body.mapping, path.parent)
            with _engine() as engine:
                summary = summarize_survey(engine, path, spec, distribution=False)
        summary.dataset = filename
        return summary

    summary = await _in_thread(summarize)
    # measured onto the map as it is now: edits made by others while the survey was summarized are kept
    journey_map, map_problems = await studio.check(mid)
    if journey_map is None:
        raise MapFileError(map_problems)
    measured, problems = measure_map(journey_map, summary)
    if any(p.is_error for p in problems):
        raise MapFileError(problems)
    _save_mapping(studio, eid, body.mapping)
    with studio.store.session() as db:
        changed = repo.has_changes_since_version(db, mid)
    if changed:
        await studio.take_version(mid, kind="auto")
    await studio.set_map_data(mid, model_data(measured), user.id)
    await studio.take_version(mid, kind="named", name=f"measured with {filename}", user_id=user.id)
    return {
        "kind": "survey",
        "measured": measured_values(measured, filename),
        "problems": [problem_dict(p) for p in problems],
        "map": await map_view(studio, mid),
    }


# --- analyses -------------------------------------------------------------------------------------------------


def _inside(root: Path, relative: str, where: str) -> Path:
    """A workspace file named in the workspace's ``evidence:`` list, never outside the workspace."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ProblemsError([Problem("JE004", where, f"{relative!r} is outside the workspace", "give a path inside")])
    return path


def _latest_events(studio: Any, mid: int) -> tuple[str, bytes, dict[str, Any]] | None:
    with studio.store.session() as db:
        row = db.scalars(
            select(t.EvidenceFile)
            .where(t.EvidenceFile.map_id == mid, t.EvidenceFile.kind == "events")
            .order_by(t.EvidenceFile.id.desc())
            .limit(1)
        ).first()
        return None if row is None else (row.filename, bytes(row.content), dict(row.mapping or {}))


def _uploaded_surveys(studio: Any, mid: int) -> list[tuple[str, bytes, dict[str, Any]]]:
    """The map's uploaded surveys that were applied (they have a mapping), oldest first."""
    with studio.store.session() as db:
        rows = db.scalars(
            select(t.EvidenceFile)
            .where(t.EvidenceFile.map_id == mid, t.EvidenceFile.kind == "survey", t.EvidenceFile.mapping.is_not(None))
            .order_by(t.EvidenceFile.id)
        )
        return [(r.filename, bytes(r.content), dict(r.mapping or {})) for r in rows]


def _entry(workspace: Any, map_id: str) -> Any:
    return next((e for e in workspace.evidence if e.map == map_id), None)


def _discover_file(path: Path, shown: str, columns: dict[str, Any]) -> Any:
    from ...evidence.discovery import discover
    from ...evidence.events import read_events

    with _engine() as engine:
        log = read_events(path, engine, **_event_columns(columns).model_dump())
        return discover(log.table, engine, source=shown)


async def _discovery_svg(studio: Any, mid: int, journey_map: Map) -> str:
    from ...render.svg_discovery import render_flow_svg

    upload = _latest_events(studio, mid)
    if upload is not None:
        filename, content, columns = upload

        def run() -> str:
            with _scratch(filename, content) as path:
                return render_flow_svg(_discover_file(path, filename, columns))

        return await _in_thread(run)
    row = studio.map_row(mid)
    entry = _entry(studio.workspace_model(row.workspace_id), journey_map.id)
    if entry is None or not entry.events:
        raise ApiError(
            404,
            "this map has no event log",
            hint="upload one: POST /api/maps/{mid}/evidence with kind=events".replace("{mid}", str(mid)),
        )
    async with studio.workspace_folder(row.workspace_id) as root:

        def run_workspace() -> str:
            with _shown_as({f"{root}/": "", str(root): "."}):
                path = _inside(root, entry.events, "evidence.events")
                return render_flow_svg(_discover_file(path, entry.events, {}))

        return await _in_thread(run_workspace)


async def _report_html(studio: Any, mid: int, journey_map: Map) -> str:
    from ...render.report_html import render_report
    from ...report import build_report, survey_spec

    row = studio.map_row(mid)
    context = await studio.render_context(mid)
    entry = _entry(studio.workspace_model(row.workspace_id), journey_map.id)
    uploads = _uploaded_surveys(studio, mid)
    events_upload = _latest_events(studio, mid)
    async with studio.workspace_folder(row.workspace_id) as root:

        def run() -> str:
            places = {f"{root}/": "", str(root): "."}
            with _shown_as(places):
                surveys: list[tuple[Path, Any]] = []
                shown: list[str] = []
                if entry is not None:
                    for n, survey in enumerate(entry.surveys):
                        file = _inside(root, survey.file, f"evidence.surveys[{n}].file")
                        where = f"evidence.surveys[{n}].mapping"
                        layout = _inside(root, survey.mapping, where) if survey.mapping else None
                        surveys.append((file, survey_spec(str(layout) if layout else None)))
                        shown.append(survey.file)
                uploads_root = Path(tempfile.mkdtemp(prefix="uploads-", dir=root.parent))
                for n, (filename, content, mapping) in enumerate(uploads):
                    folder = uploads_root / str(n)
                    folder.mkdir()
                    path = folder / disk_name(filename)
                    path.write_bytes(content)
                    places[str(path)] = filename
                    surveys.append((path, survey_spec_of(mapping, folder)))
                    shown.append(f"{filename} (uploaded)")
                with _engine() as engine:
                    data = build_report(journey_map, context, root / row.path, engine, surveys=surveys)
                    if events_upload is not None:
                        filename, content, columns = events_upload
                        path = uploads_root / disk_name(filename)
                        path.write_bytes(content)
                        places[str(path)] = filename
                        data.discovery = _discover_file(path, filename, columns)
                        data.events_file = f"{filename} (uploaded)"
                    elif entry is not None and entry.events:
                        data.discovery = _discover_file(
                            _inside(root, entry.events, "evidence.events"), entry.events, {}
                        )
                        data.events_file = entry.events
                data.source = row.path
                data.survey_files = shown
                return render_report(data)

        return await _in_thread(run)


@router.get("/maps/{mid}/analysis/{name}")
async def analysis(
    mid: int, name: str, studio: StudioDep, _: Annotated[Principal, authorize("evidence:read")]
) -> Response:
    """``ipa`` (importance–performance chart), ``emotion`` (the emotion curve with 95 % intervals), ``discovery``
    (the flows of the map's latest event log) as SVG; ``report`` (the evidence report) as one HTML page."""
    if name not in ANALYSES:
        raise ApiError(404, f"no analysis {name!r}", hint=f"one of: {', '.join(ANALYSES)}")
    journey_map, problems = await studio.check(mid)
    if journey_map is None:
        raise MapFileError(problems)
    if name == "ipa":
        from ...analysis.ipa import importance_performance
        from ...render.svg_ipa import render_ipa_svg

        result = importance_performance(journey_map)
        if not result.points:
            raise ApiError(
                404,
                "no touchpoint has both an importance and a satisfaction score",
                hint="add them (1–10) to the touchpoints, or apply a survey that measures them",
            )
        return Response(render_ipa_svg(result), media_type=SVG, headers=DOCUMENT)
    if name == "emotion":
        from ...render.svg_emotion import render_emotion_svg

        context = await studio.render_context(mid)
        return Response(render_emotion_svg(journey_map, context), media_type=SVG, headers=DOCUMENT)
    if name == "discovery":
        return Response(await _discovery_svg(studio, mid, journey_map), media_type=SVG, headers=DOCUMENT)
    return Response(await _report_html(studio, mid, journey_map), media_type=HTML, headers=DOCUMENT)
