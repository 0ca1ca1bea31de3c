"""What the studio's refresh schedule reads from the store: the workspaces (not in the trash) whose settings ask
for a refresh every so many hours."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from . import tables as t

__all__ = ["scheduled_workspaces"]


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
