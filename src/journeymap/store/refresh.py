"""What the studio's refresh schedule reads from the store: the workspaces (not in the trash) whose settings ask
for a refresh every so many hours, and when the schedule last refreshed each (an entry ``refresh.scheduled`` of
the audit log, written by whichever studio process claimed the round: every process reads it)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from . import tables as t

__all__ = ["SCHEDULED", "last_scheduled_refresh", "note_scheduled_refresh", "scheduled_workspaces"]

SCHEDULED = "refresh.scheduled"
"""The audit log's action of a scheduled refresh of a workspace."""


def scheduled_workspaces(db: OrmSession) -> dict[int, float]:
    """Workspace id → ``settings.refresh.every_hours`` of every workspace outside the trash that sets it."""
    found: dict[int, float] = {}
    rows = db.execute(select(t.Workspace.id, t.Workspace.settings).where(t.Workspace.deleted_at.is_(None)))
    for workspace_id, settings in rows:
        workspace = settings.get("settings") if isinstance(settings, dict) else None
        refresh = workspace.get("refresh") if isinstance(workspace, dict) else None
        hours = refresh.get("every_hours") if isinstance(refresh, dict) else None
        if isinstance(hours, int | float) and not isinstance(hours, bool) and hours > 0:
            found[int(workspace_id)] = float(hours)
    return found


def last_scheduled_refresh(db: OrmSession, workspace_id: int) -> datetime | None:
    """When the schedule last refreshed the workspace (in any studio process), or None when it never did."""
    at = db.scalar(
        select(t.AuditEntry.at)
        .where(t.AuditEntry.workspace_id == workspace_id, t.AuditEntry.action == SCHEDULED)
        .order_by(t.AuditEntry.id.desc())
        .limit(1)
    )
    return None if at is None else at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def note_scheduled_refresh(db: OrmSession, workspace_id: int, at: datetime) -> None:
    """Note that the schedule refreshes the workspace at ``at``."""
    db.add(t.AuditEntry(at=at, action=SCHEDULED, actor_label="refresh schedule", workspace_id=workspace_id))
