"""Queries of the studio's feedback: the feedback file uploaded last for a map, and one file of the workspace
folder (the analysts' confirmations, ``evidence/feedback/confirmed.csv``) read and written byte for byte."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from . import tables as t
from .evidence import StoredEvidence
from .repo import set_workspace_file

__all__ = ["FEEDBACK_KIND", "latest_feedback", "set_workspace_file", "workspace_file"]

FEEDBACK_KIND = "feedback"
"""The kind of an uploaded feedback file (``evidence_files.kind``)."""


def latest_feedback(db: OrmSession, map_id: int) -> StoredEvidence | None:
    """The feedback file uploaded last for the map (None: none)."""
    e = t.EvidenceFile
    row = db.scalars(
        select(e).where(e.map_id == map_id, e.kind == FEEDBACK_KIND).order_by(e.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    mapping = dict(row.mapping) if row.mapping is not None else None
    return StoredEvidence(row.id, row.map_id, row.kind, row.filename, bytes(row.content), mapping)


def workspace_file(db: OrmSession, workspace_id: int, path: str) -> bytes | None:
    """The content of the workspace's file at ``path`` (None: no such file)."""
    f = t.WorkspaceFile
    content = db.scalar(select(f.content).where(f.workspace_id == workspace_id, f.path == path))
    return None if content is None else bytes(content)
