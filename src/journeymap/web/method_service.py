"""The method page's service: where each initiative of a workspace stands (computed by the core,
:func:`journeymap.analysis.method.method_report`, on the workspace as the command line reads it) and the edit of
one initiative, written back to the workspace file.

An edit names the version of the workspace file it was made on (:func:`file_version`, a digest of the file's
data): when the file changed since — someone else saved the settings or an initiative — the edit is refused with
409 rather than silently undoing their change. The new file is validated with the model before it is written,
and written in one transaction (:meth:`journeymap.web.services.Studio.save_settings`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio

from ..errors import JourneymapError, NotFoundError
from ..files.dump import model_data
from ..store import repo

if TYPE_CHECKING:
    from ..analysis.method import MethodReport
    from ..model import Workspace
    from ..model.initiative import Initiative
    from .services import Studio

__all__ = [
    "STALE_HINT",
    "InitiativeIdChanged",
    "InitiativeView",
    "MethodView",
    "OpportunityView",
    "StaleWorkspaceFile",
    "file_version",
    "method_view",
    "save_initiative",
]

_WRITING = threading.Lock()
"""One edit of a workspace file at a time: the version check and the write are one step."""


def file_version(settings: dict[str, Any]) -> str:
    """The version of a workspace file: a digest of its data (any change gives another)."""
    text = json.dumps(settings, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _settings(studio: Studio, workspace_id: int) -> dict[str, Any]:
    with studio.store.session() as db:
        row = repo.workspace(db, workspace_id)
        if row is None:
            raise NotFoundError(f"workspace {workspace_id}")
        return dict(row.settings)


@dataclass(frozen=True)
class OpportunityView:
    """An opportunity the initiative takes up, as its map states it."""

    map: str
    opportunity: str
    found: bool
    name: str
    how_might_we: str


@dataclass(frozen=True)
class InitiativeView:
    """An initiative: where it stands (the core's report), its data (to edit) and its opportunities."""

    report: MethodReport
    data: dict[str, Any]
    opportunities: list[OpportunityView]


@dataclass(frozen=True)
class MethodView:
    workspace: str
    version: str
    initiatives: list[InitiativeView]


def _opportunities(workspace: Workspace, initiative: Initiative) -> list[OpportunityView]:
    found: list[OpportunityView] = []
    for ref in initiative.opportunities:
        m = workspace.map(ref.map)
        item = next((o for o in m.opportunities if o.id == ref.opportunity), None) if m else None
        name = item.text if item else ""
        hmw = item.how_might_we if item else ""
        found.append(OpportunityView(ref.map, ref.opportunity, item is not None, name, hmw))
    return found


async def method_view(studio: Studio, workspace_id: int) -> MethodView:
    """Every initiative of the workspace with the core's report, computed on the workspace's files."""
    from ..analysis.method import method_report
    from ..files.loader import read_workspace

    version = file_version(_settings(studio, workspace_id))
    async with studio.workspace_folder(workspace_id) as root:
        workspace = (await anyio.to_thread.run_sync(read_workspace, root)).workspace

    def work() -> list[InitiativeView]:
        return [
            InitiativeView(method_report(workspace, i), model_data(i), _opportunities(workspace, i))
            for i in workspace.initiatives
        ]

    return MethodView(workspace.name, version, await anyio.to_thread.run_sync(work))


STALE = "the workspace file changed since you opened it: someone else saved the settings or an initiative"
STALE_HINT = "reload the method page to see their changes, then make yours again"


class StaleWorkspaceFile(JourneymapError):
    """The workspace file changed since the client read it (the API answers 409)."""


class InitiativeIdChanged(JourneymapError):
    """An initiative's id differs from the one it is saved under (the API answers 422)."""


def save_initiative(
    studio: Studio, workspace_id: int, initiative_id: str, data: dict[str, Any], version: str
) -> tuple[str, dict[str, Any]]:
    """Replace (or add) the initiative ``initiative_id`` in the workspace file made at ``version``; the file's new
    version and the initiative as stored. 409 when the file is at another version; 422 (located problems) when
    the file would not be valid."""
    if data.setdefault("id", initiative_id) != initiative_id:
        raise InitiativeIdChanged(f"the initiative's id {data['id']!r} differs from the URL's {initiative_id!r}")
    with _WRITING:
        settings = _settings(studio, workspace_id)
        current = file_version(settings)
        if current != version:
            raise StaleWorkspaceFile(STALE)
        initiatives = [dict(i) for i in settings.get("initiatives") or [] if isinstance(i, dict)]
        at = next((n for n, i in enumerate(initiatives) if i.get("id") == initiative_id), None)
        if at is None:
            initiatives.append(data)
        else:
            initiatives[at] = data
        stored = studio.save_settings(workspace_id, {**settings, "initiatives": initiatives})
    saved = next(i for i in stored.get("initiatives", []) if i.get("id") == initiative_id)
    return file_version(stored), saved
