"""The method page's service: where each initiative of a workspace stands (computed by the core,
:func:`journeymap.analysis.method.method_report`, on the workspace as the command line reads it) and the edit of
one initiative, written back to the workspace file.

An edit names the version of the workspace file it was made on (:func:`file_version`, a digest of the file's
data): when the file changed since — someone else saved the settings or an initiative — the edit is refused with
409 rather than silently undoing their change. The new file is validated with the model before it is written,
and written in the same transaction as the version is read, under the workspace file's store-wide lock
(:meth:`journeymap.store.Store.exclusive`): two saves at one version, in one studio process or two, give one
save and one 409. The settings are saved the same way (:func:`save_settings`, the version optional there), and
any change of the file made from its current data (a rename) by :func:`change_settings`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio

from ..errors import JourneymapError, NotFoundError
from ..files.dump import dump_yaml, model_data
from ..store import maps, repo

if TYPE_CHECKING:
    from ..analysis.method import MethodReport
    from ..model import Workspace
    from ..model.initiative import Initiative
    from .services import Studio

__all__ = [
    "STALE_HINT",
    "STALE_SETTINGS_HINT",
    "InitiativeIdChanged",
    "InitiativeView",
    "MethodView",
    "OpportunityView",
    "StaleWorkspaceFile",
    "change_settings",
    "file_version",
    "method_view",
    "save_initiative",
    "save_settings",
]


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
STALE_SETTINGS_HINT = "reload the workspace to see their changes, then make yours again"


class StaleWorkspaceFile(JourneymapError):
    """The workspace file changed since the client read it (the API answers 409)."""


class InitiativeIdChanged(JourneymapError):
    """An initiative's id differs from the one it is saved under (the API answers 422)."""


def _lock(workspace_id: int) -> str:
    """The store-wide lock of a workspace's file: held while its version is checked and the file written."""
    return f"workspace-file:{workspace_id}"


def change_settings(
    studio: Studio,
    workspace_id: int,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    version: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Replace the workspace file by ``change`` of its data as it is, read and written under the file's store-wide
    lock (no save of any studio process comes between); the file's new version and its data as stored.
    :class:`StaleWorkspaceFile` when ``version`` is given and the file is at another; 422 (located problems) when
    the new file would not be valid."""
    from ..model import Workspace
    from .services import validated

    with studio.store.exclusive(_lock(workspace_id)) as db:
        row = repo.workspace(db, workspace_id)
        if row is None:
            raise NotFoundError(f"workspace {workspace_id}")
        current: dict[str, Any] = dict(row.settings)
        if version is not None and file_version(current) != version:
            raise StaleWorkspaceFile(STALE)
        model = validated(Workspace, change(current), "journeymap.yaml")
        data = model_data(model)
        maps.set_workspace_settings(db, row, data, model.name or row.name, dump_yaml(data).encode())
    return file_version(data), data


def save_settings(
    studio: Studio, workspace_id: int, settings: dict[str, Any], version: str | None
) -> tuple[str, dict[str, Any]]:
    """Replace the workspace file by ``settings`` when it is at ``version`` (None: as it is, the last save wins);
    the file's new version and its data as stored. :class:`StaleWorkspaceFile` when it is at another version."""
    return change_settings(studio, workspace_id, lambda _: settings, version)


def save_initiative(
    studio: Studio, workspace_id: int, initiative_id: str, data: dict[str, Any], version: str
) -> tuple[str, dict[str, Any]]:
    """Replace (or add) the initiative ``initiative_id`` in the workspace file made at ``version``; the file's new
    version and the initiative as stored. 409 when the file is at another version; 422 (located problems) when
    the file would not be valid."""
    if data.setdefault("id", initiative_id) != initiative_id:
        raise InitiativeIdChanged(f"the initiative's id {data['id']!r} differs from the URL's {initiative_id!r}")

    def change(settings: dict[str, Any]) -> dict[str, Any]:
        initiatives = [dict(i) for i in settings.get("initiatives") or [] if isinstance(i, dict)]
        at = next((n for n, i in enumerate(initiatives) if i.get("id") == initiative_id), None)
        if at is None:
            initiatives.append(data)
        else:
            initiatives[at] = data
        return {**settings, "initiatives": initiatives}

    new_version, stored = change_settings(studio, workspace_id, change, version)
    saved = next(i for i in stored.get("initiatives", []) if i.get("id") == initiative_id)
    return new_version, saved
