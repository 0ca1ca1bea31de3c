"""Changes the studio makes to its maps and workspaces: new maps, the CRDT state of imported maps, titles, settings
and persona files, the trash, and comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from . import tables as t
from .repo import add_version, map_paths, set_workspace_file
from .team import utcnow


def create_map(db: OrmSession, workspace_id: int, stem: str, *, map_type: str, title: str, state: bytes) -> t.MapRow:
    """A new map at ``maps/STEM.yaml`` (``maps/STEM-2.yaml``, … when that path is taken), flushed so it has an id."""
    taken = map_paths(db, workspace_id)
    path, n = f"maps/{stem}.yaml", 2
    while path in taken:
        path, n = f"maps/{stem}-{n}.yaml", n + 1
    row = t.MapRow(workspace_id=workspace_id, path=path, map_type=map_type, title=title, state=state)
    db.add(row)
    db.flush()
    return row


def start_imported_maps(db: OrmSession, workspace_id: int, state_of: Callable[[dict[str, Any]], bytes]) -> None:
    """Give every map of a workspace just imported its first CRDT state (``state_of`` its imported data) and its
    first version."""
    for row in db.scalars(select(t.MapRow).where(t.MapRow.workspace_id == workspace_id)):
        row.state = state_of(row.original_data or {})
        add_version(db, row.id, row.original_data or {}, kind="import", summary="imported from files")


def forget_source(db: OrmSession, workspace_id: int) -> None:
    """Forget the folder the workspace was imported from (a copy made from a temporary folder)."""
    row = db.get(t.Workspace, workspace_id)
    if row is not None:
        row.source_path = None


def note_title(db: OrmSession, map_id: int, title: str | None, map_type: str | None) -> None:
    """Keep the map's row (listed without loading documents) in step with its data; an empty value keeps the old."""
    row = db.get(t.MapRow, map_id)
    if row is not None:
        row.title = title or row.title
        row.map_type = map_type or row.map_type


def persona_files(db: OrmSession, workspace_id: int) -> list[t.WorkspaceFile]:
    """The workspace's files under ``personas/`` (any extension)."""
    query = select(t.WorkspaceFile).where(
        t.WorkspaceFile.workspace_id == workspace_id, t.WorkspaceFile.path.like("personas/%")
    )
    return list(db.scalars(query).all())


def set_workspace_settings(db: OrmSession, row: t.Workspace, settings: dict[str, Any], name: str, text: bytes) -> None:
    """Replace the workspace's settings (``text`` is its settings file as written) and its name."""
    row.settings = settings
    row.name = name
    set_workspace_file(db, row.id, row.settings_path, text)


def trash_workspace(row: t.Workspace) -> None:
    """Move the workspace to the trash (restorable for ``team.TRASH_DAYS`` days)."""
    row.deleted_at = utcnow()


def restore_workspace(row: t.Workspace) -> None:
    row.deleted_at = None


def trash_map(row: t.MapRow) -> None:
    """Move the map to the trash (restorable for ``team.TRASH_DAYS`` days)."""
    row.deleted_at = utcnow()


def restore_map(row: t.MapRow) -> None:
    row.deleted_at = None


def edit_comment(db: OrmSession, row: t.Comment, *, body: str | None, resolved: bool | None) -> None:
    """Change a comment's text and/or whether its thread is resolved (None keeps it); it is marked updated."""
    if body is not None:
        row.body = body
    if resolved is not None:
        row.resolved = resolved
    row.updated_at = t.now()
    db.flush()
