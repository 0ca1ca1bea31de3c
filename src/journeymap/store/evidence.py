"""Queries of the evidence files uploaded for a map in the studio: added with their content, listed without it,
read back whole, and the mapping each was last applied with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from . import tables as t

__all__ = [
    "EvidenceInfo",
    "StoredEvidence",
    "add_evidence",
    "applied_surveys",
    "evidence_file",
    "evidence_of_map",
    "latest_events",
    "set_mapping",
]


@dataclass(frozen=True, slots=True)
class EvidenceInfo:
    """An uploaded file without its content: ``size`` in bytes, ``mapping`` as last applied (None: never)."""

    id: int
    map_id: int
    kind: str
    filename: str
    size: int
    mapping: dict[str, object] | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredEvidence:
    """An uploaded file with its content."""

    id: int
    map_id: int
    kind: str
    filename: str
    content: bytes
    mapping: dict[str, object] | None


def _stored(row: t.EvidenceFile) -> StoredEvidence:
    mapping = dict(row.mapping) if row.mapping is not None else None
    return StoredEvidence(row.id, row.map_id, row.kind, row.filename, bytes(row.content), mapping)


def add_evidence(db: OrmSession, map_id: int, kind: str, filename: str, content: bytes, author_id: int | None) -> int:
    """Store an uploaded file for the map; its id."""
    row = t.EvidenceFile(map_id=map_id, kind=kind, filename=filename, content=content, author_id=author_id)
    db.add(row)
    db.flush()
    return row.id


def evidence_of_map(db: OrmSession, map_id: int) -> list[EvidenceInfo]:
    """The map's uploaded files, newest first (their sizes counted by the database, the content not read)."""
    e = t.EvidenceFile
    rows = db.execute(
        select(e.id, e.map_id, e.kind, e.filename, func.length(e.content), e.mapping, e.created_at)
        .where(e.map_id == map_id)
        .order_by(e.id.desc())
    )
    return [
        EvidenceInfo(eid, mid, kind, name, int(size or 0), dict(mapping) if mapping is not None else None, created)
        for eid, mid, kind, name, size, mapping, created in rows
    ]


def evidence_file(db: OrmSession, evidence_id: int) -> StoredEvidence | None:
    """An uploaded file with its content (None: no such file)."""
    row = db.get(t.EvidenceFile, evidence_id)
    return None if row is None else _stored(row)


def set_mapping(db: OrmSession, evidence_id: int, mapping: dict[str, object]) -> None:
    """Remember the mapping the file was applied with (a file deleted meanwhile is left alone)."""
    row = db.get(t.EvidenceFile, evidence_id)
    if row is not None:
        row.mapping = mapping


def latest_events(db: OrmSession, map_id: int) -> StoredEvidence | None:
    """The event log uploaded last for the map (None: none)."""
    e = t.EvidenceFile
    row = db.scalars(select(e).where(e.map_id == map_id, e.kind == "events").order_by(e.id.desc()).limit(1)).first()
    return None if row is None else _stored(row)


def applied_surveys(db: OrmSession, map_id: int) -> list[StoredEvidence]:
    """The map's uploaded surveys that were applied (they have a mapping), oldest first."""
    e = t.EvidenceFile
    rows = db.scalars(select(e).where(e.map_id == map_id, e.kind == "survey", e.mapping.is_not(None)).order_by(e.id))
    return [_stored(row) for row in rows]
